/* cmd-exports.c — exports, export show and export revoke: the signed copies and their downloads. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/exports.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_exports(struct cli_ctx *, struct args *);
static int cmd_export_show(struct cli_ctx *, struct args *);
static int cmd_export_revoke(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec revoke_opts[] = { { "reason", 1, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_exports_set[] = {
	{ .name = "exports", .run = cmd_exports, .spec = json_opts, .needs_site = 1,
	  .usage = "exports [--json]",
	  .summary = N_("exports with their state and downloads (yours, or all for exporters)") },
	{ .name = "export show", .run = cmd_export_show, .spec = json_opts, .needs_site = 1,
	  .usage = "export show NAME [--json]",
	  .summary = N_("one export: what it holds, for whom, and every download") },
	{ .name = "export revoke", .run = cmd_export_revoke, .spec = revoke_opts, .needs_site = 1,
	  .usage = "export revoke NAME --reason TEXT",
	  .summary = N_("withdraw an export before it expires; its file is removed") },
	{ .name = NULL },
};

/* "ready, downloaded 2 times", "expired", "revoked". */
static char *
state_text(const struct vg_export *e)
{
	if (e->state == EXPORT_READY && e->downloads > 0)
		return e->downloads == 1 ? xstrdup(_("ready, downloaded once")) :
		    xasprintf(_("ready, downloaded %d times"), e->downloads);
	return xstrdup(exports_state_name(e->state));
}

static void
json_export(struct json *j, const struct vg_export *e)
{
	json_kstr(j, "name", e->file);
	json_kstr(j, "request", e->ref);
	json_kstr(j, "recipient", e->recipient);
	json_kstr(j, "created_by", e->created_by);
	json_ktime(j, "created", e->created_us);
	json_ktime(j, "expires", e->expires_us);
	json_kstr(j, "state", exports_state_code(e->state));
	json_kint(j, "downloads", e->downloads);
	json_kint(j, "bytes", e->bytes);
	json_kstr(j, "sha256", e->sha256);
	json_key(j, "cameras");
	json_arr(j);
	for (size_t k = 0; k < e->ncameras; k++)
		json_str(j, e->cameras[k]);
	json_end_arr(j);
	json_ktime(j, "from", e->from_us);
	json_ktime(j, "to", e->to_us);
	json_kint(j, "viewing", e->viewing_id);
	json_ktime(j, "revoked", e->revoked_us);
	json_kstr(j, "revoke_reason", e->revoked_us ? e->revoke_reason : NULL);
	json_ktime(j, "file_removed", e->removed_us);
}

static int
cmd_exports(struct cli_ctx *ctx, struct args *a)
{
	struct vg_export *v;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = exports_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++) {
			json_obj(&j);
			json_export(&j, &v[i]);
			json_end_obj(&j);
		}
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 6, _("NAME"), _("REQUEST"), _("RECIPIENT"), _("CREATED"), _("EXPIRES"),
		    _("STATE"));
		for (size_t i = 0; i < n; i++) {
			char t1[32], t2[32], *st = state_text(&v[i]);

			table_row(&t, v[i].file, v[i].ref, v[i].recipient, time_fmt(v[i].created_us, t1),
			    time_fmt(v[i].expires_us, t2), st);
			free(st);
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	exports_free_list(v, n);
	return 0;
}

static void
show_text(struct cli_ctx *ctx, const struct vg_export *e, const struct export_download *d,
    size_t nd)
{
	char t1[32], t2[32], *cams = vg_strv_join(e->cameras, e->ncameras, ", "), *st = state_text(e);

	fprintf(ctx->out, _("export:      %s (%s)\n"), e->file, st);
	fprintf(ctx->out, _("request:     %s (viewing %lld handed the copy over)\n"), e->ref,
	    (long long)e->viewing_id);
	fprintf(ctx->out, _("recipient:   %s (%s)\n"), e->recipient, e->recipient_name);
	fprintf(ctx->out, _("cameras:     %s, %s to %s\n"), cams, time_fmt(e->from_us, t1),
	    time_fmt(e->to_us, t2));
	fprintf(ctx->out, _("made:        %s by %s; expires %s\n"), time_fmt(e->created_us, t1),
	    e->created_by, time_fmt(e->expires_us, t2));
	fprintf(ctx->out, _("size:        %lld bytes, SHA-256 %s\n"), (long long)e->bytes,
	    e->sha256);
	if (e->revoked_us)
		fprintf(ctx->out, _("revoked:     %s by %s: %s\n"), time_fmt(e->revoked_us, t1),
		    e->revoked_by, e->revoke_reason);
	if (e->removed_us)
		fprintf(ctx->out, _("file removed: %s\n"), time_fmt(e->removed_us, t1));
	for (size_t i = 0; i < nd; i++)
		fprintf(ctx->out, _("download:    %s by %s over %s from %s: %lld bytes from offset %lld, "
		    "%s\n"), time_fmt(d[i].started_us, t1), d[i].login, d[i].protocol, d[i].source,
		    (long long)d[i].bytes, (long long)d[i].from_offset, d[i].complete ?
		    _("complete") : d[i].ended_us ? _("incomplete") : _("not finished"));
	free(cams);
	free(st);
}

static int
cmd_export_show(struct cli_ctx *ctx, struct args *a)
{
	struct vg_export *e;
	struct export_download *d;
	size_t nd;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (e = exports_get(ctx->site, ctx->actor, a->pos[0], &ctx->err)) == NULL)
		return -1;
	d = exports_downloads(ctx->site, e, &nd);
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_export(&j, e);
		json_key(&j, "download_log");
		json_arr(&j);
		for (size_t i = 0; i < nd; i++) {
			json_obj(&j);
			json_kstr(&j, "user", d[i].login);
			json_kstr(&j, "protocol", d[i].protocol);
			json_kstr(&j, "source", d[i].source);
			json_ktime(&j, "started", d[i].started_us);
			json_ktime(&j, "ended", d[i].ended_us);
			json_kint(&j, "from_offset", d[i].from_offset);
			json_kint(&j, "bytes", d[i].bytes);
			json_kbool(&j, "complete", d[i].complete);
			json_end_obj(&j);
		}
		json_end_arr(&j);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else
		show_text(ctx, e, d, nd);
	exports_free_downloads(d, nd);
	exports_free_list(e, 1);
	return 0;
}

static int
cmd_export_revoke(struct cli_ctx *ctx, struct args *a)
{
	const char *reason;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (reason = cli_need(ctx, a, "reason")) == NULL ||
	    exports_revoke(ctx->site, ctx->actor, a->pos[0], reason, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("export %s revoked; its file is removed\n"), a->pos[0]);
	return 0;
}
