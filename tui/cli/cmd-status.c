/* cmd-status.c — status and cameras: the site summary and camera health over SSH. */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/site.h"
#include "core/status.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_cameras(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_status_cmds[] = {
	{ .name = "status", .run = cmd_status_run, .spec = json_opts,
	  .usage = "status [--json]",
	  .summary = N_("the site at a glance: cameras, recorder, storage, sessions"),
	  .caps = "status.view" },
	{ .name = "cameras", .run = cmd_cameras, .spec = json_opts,
	  .usage = "cameras [--json]",
	  .summary = N_("each camera's state and its last recording"),
	  .caps = "camera.status" },
	{ .name = NULL },
};

int
cmd_status_run(struct cli_ctx *ctx, struct args *a)
{
	struct site_status st;
	char t[32], now[32];

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    status_site(ctx->site, ctx->actor, &st, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kstr(&j, "site", st.site);
		json_kstr(&j, "policy", st.policy);
		json_kstr(&j, "timezone", st.timezone);
		json_ktime(&j, "now", st.now_us);
		json_kint(&j, "users", st.users);
		json_key(&j, "cameras");
		json_obj(&j);
		json_kint(&j, "total", st.cameras);
		json_kint(&j, "online", st.online);
		json_kint(&j, "offline", st.offline);
		json_kint(&j, "covered", st.covered);
		json_kint(&j, "moved", st.moved);
		json_kint(&j, "unknown", st.unknown);
		json_kint(&j, "disabled", st.disabled);
		json_end_obj(&j);
		json_kint(&j, "segments", st.segments);
		json_kint(&j, "footage_bytes", st.footage_bytes);
		json_kint(&j, "storage_used_pct", st.storage_used_pct);
		json_ktime(&j, "recorder_heartbeat", st.recorder_beat_us);
		json_kint(&j, "sessions_open", st.sessions_open);
		json_kint(&j, "audit_entries", st.audit_entries);
		json_kint(&j, "schema_version", st.schema_version);
		json_kstr(&j, "signing_key", st.signing_key);
		json_kstr(&j, "signing_key_fingerprint", st.signing_fp);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else {
		fprintf(ctx->out, _("site:          %s (%s)\n"), st.site, time_fmt(st.now_us, now));
		fprintf(ctx->out, _("policy:        %s (%s)\n"), st.policy, st.policy_title);
		fprintf(ctx->out, _("time zone:     %s\n"), st.timezone);
		fprintf(ctx->out, _("cameras:       %lld: %lld online, %lld offline, %lld covered, "
		    "%lld moved, %lld unknown, %lld disabled\n"), (long long)st.cameras,
		    (long long)st.online, (long long)st.offline, (long long)st.covered,
		    (long long)st.moved, (long long)st.unknown, (long long)st.disabled);
		fprintf(ctx->out, _("recorder:      %s\n"), st.recorder_beat_us ?
		    time_fmt(st.recorder_beat_us, t) : _("never seen"));
		fprintf(ctx->out, _("footage:       %lld segments, %lld MiB\n"),
		    (long long)st.segments, (long long)(st.footage_bytes >> 20));
		fprintf(ctx->out, _("storage used:  %d%%\n"), st.storage_used_pct);
		fprintf(ctx->out, _("sessions open: %lld\n"), (long long)st.sessions_open);
		fprintf(ctx->out, _("users:         %lld active\n"), (long long)st.users);
		fprintf(ctx->out, _("audit entries: %lld\n"), (long long)st.audit_entries);
		fprintf(ctx->out, _("schema version: %d\n"), st.schema_version);
		fprintf(ctx->out, _("signing key:   %s\n"), st.signing_key[0] ? st.signing_key :
		    _("unreadable"));
		fprintf(ctx->out, _("fingerprint:   %s (the key that signs exports)\n"),
		    st.signing_fp[0] ? st.signing_fp : "-");
	}
	status_site_free(&st);
	return 0;
}

static int
cmd_cameras(struct cli_ctx *ctx, struct args *a)
{
	struct cam_status *v;
	size_t n;
	int json = args_has(a, "json");
	struct json j;
	struct table t;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    status_cameras(ctx->site, ctx->actor, &v, &n, &ctx->err) != 0)
		return -1;
	if (json) {
		json_init(&j);
		json_arr(&j);
	} else
		table_init(&t, 6, _("ID"), C_("camera", "NAME"), _("STATE"), _("LAST RECORDING"),
		    _("PRIVACY"), _("LOCATION"));
	for (size_t i = 0; i < n; i++) {
		const char *w = status_camera_word(&v[i]);
		char last[32];

		if (json) {
			json_obj(&j);
			json_kstr(&j, "id", v[i].id);
			json_kstr(&j, "name", v[i].name);
			json_kstr(&j, "location", v[i].location);
			json_kstr(&j, "unit", v[i].unit);
			json_kstr(&j, "privacy", v[i].privacy);
			json_kstr(&j, "state", w);
			json_kstr(&j, "status", v[i].status);
			json_kbool(&j, "enabled", v[i].enabled);
			json_kbool(&j, "recording", v[i].recording);
			json_kbool(&j, "covered", v[i].covered);
			json_kbool(&j, "moved", v[i].moved);
			json_ktime(&j, "since", v[i].since_us);
			json_ktime(&j, "last_segment_end", v[i].last_segment_end_us);
			json_ktime(&j, "updated", v[i].updated_us);
			json_end_obj(&j);
		} else
			table_row(&t, v[i].id, v[i].name, _(w), v[i].last_segment_end_us ?
			    time_fmt(v[i].last_segment_end_us, last) : _("never"), _(v[i].privacy),
			    v[i].location);
	}
	if (json) {
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		table_print(&t, ctx->out);
		table_free(&t);
	}
	status_cameras_free(v, n);
	return 0;
}
