/* cmd-maint.c — ICT's maintenance commands besides the recorder's: storage, camera events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-events.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/site.h"
#include "core/storage-report.h"
#include "core/timefmt.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_storage(struct cli_ctx *, struct args *);
static int cmd_camera_events(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec events_opts[] = {
	{ "from", 1, 0 }, { "to", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_maint_set[] = {
	{ .name = "storage", .run = cmd_storage, .spec = json_opts, .needs_site = 1,
	  .usage = "storage [--json]",
	  .summary = N_("footage per camera, its rate, holds, and how long the free space lasts"),
	  .caps = "retention.run" },
	{ .name = "camera events", .run = cmd_camera_events, .spec = events_opts, .needs_site = 1,
	  .usage = "camera events ID [--from TIME] [--to TIME] [--json]",
	  .summary = N_("a camera's outages, tamper alarms and storage stops, with reasons"),
	  .caps = "camera.status" },
	{ .name = NULL },
};

#define MIB (1024.0 * 1024.0)

static void
storage_json(struct cli_ctx *ctx, const struct storage_report *r)
{
	struct json j;

	json_init(&j);
	json_obj(&j);
	json_key(&j, "cameras");
	json_arr(&j);
	for (size_t i = 0; i < r->n; i++) {
		const struct storage_cam *c = &r->v[i];

		json_obj(&j);
		json_kstr(&j, "camera", c->camera);
		json_kint(&j, "segments", c->segments);
		json_kint(&j, "bytes", c->bytes);
		json_ktime(&j, "oldest", c->oldest_us);
		json_ktime(&j, "newest", c->newest_us);
		json_kint(&j, "bytes_per_day", (int64_t)c->rate_per_day);
		json_kint(&j, "retention_days", c->retention_days);
		json_kint(&j, "retention_needs_bytes", c->needed_bytes);
		json_kint(&j, "held_bytes", c->held_bytes);
		json_end_obj(&j);
	}
	json_end_arr(&j);
	json_kint(&j, "bytes", r->bytes);
	json_kint(&j, "held_bytes", r->held_bytes);
	json_kint(&j, "bytes_per_day", (int64_t)r->rate_per_day);
	json_kint(&j, "retention_needs_bytes", r->needed_bytes);
	json_kint(&j, "free_bytes", r->free_bytes);
	json_kint(&j, "total_bytes", r->total_bytes);
	json_kint(&j, "days_left", r->days_left < 0 ? -1 : (int64_t)r->days_left);
	json_end_obj(&j);
	cli_print(ctx, json_done(&j));
}

static void
storage_text(struct cli_ctx *ctx, const struct storage_report *r)
{
	struct table t;

	table_init(&t, 8, _("CAMERA"), _("SEGMENTS"), _("MIB"), _("OLDEST"), _("NEWEST"),
	    _("MIB/DAY"), _("RETENTION"), _("HELD MIB"));
	for (size_t i = 0; i < r->n; i++) {
		const struct storage_cam *c = &r->v[i];
		char seg[24], mib[32], o[32], nw[32], rate[32], ret[64], held[32];

		snprintf(seg, sizeof seg, "%lld", (long long)c->segments);
		snprintf(mib, sizeof mib, "%.1f", (double)c->bytes / MIB);
		snprintf(rate, sizeof rate, "%.1f", c->rate_per_day / MIB);
		snprintf(ret, sizeof ret, _("%d d (needs %.0f MiB)"), c->retention_days,
		    (double)c->needed_bytes / MIB);
		snprintf(held, sizeof held, "%.1f", (double)c->held_bytes / MIB);
		table_row(&t, c->camera, seg, mib, c->oldest_us ? time_fmt(c->oldest_us, o) : "-",
		    c->newest_us ? time_fmt(c->newest_us, nw) : "-", rate, ret, held);
	}
	table_print(&t, ctx->out);
	table_free(&t);
	fprintf(ctx->out, _("footage: %.1f MiB, %.1f MiB of it under holds; recorded at %.1f MiB a "
	    "day; full retention needs %.1f MiB\n"), (double)r->bytes / MIB,
	    (double)r->held_bytes / MIB, r->rate_per_day / MIB, (double)r->needed_bytes / MIB);
	if (r->free_bytes < 0)
		fprintf(ctx->out, "%s\n", _("free space: unknown (the storage cannot be read)"));
	else if (r->days_left < 0)
		fprintf(ctx->out, _("free space: %.1f MiB; nothing is being recorded\n"),
		    (double)r->free_bytes / MIB);
	else
		fprintf(ctx->out, _("free space: %.1f MiB, enough for %.1f days at the current rate\n"),
		    (double)r->free_bytes / MIB, r->days_left);
	if (r->free_bytes >= 0 && r->needed_bytes > r->bytes + r->free_bytes)
		fprintf(ctx->out, _("WARNING: the storage cannot hold every camera's full retention "
		    "at the current rate (%.1f MiB short)\n"),
		    (double)(r->needed_bytes - r->bytes - r->free_bytes) / MIB);
}

static int
cmd_storage(struct cli_ctx *ctx, struct args *a)
{
	struct storage_report r;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    storage_report(ctx->site, ctx->actor, clock_now(), &r, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		storage_json(ctx, &r);
	else
		storage_text(ctx, &r);
	storage_report_free(&r);
	return 0;
}

static void
events_json(struct cli_ctx *ctx, const struct camera_event *v, size_t n)
{
	struct json j;

	json_init(&j);
	json_arr(&j);
	for (size_t i = 0; i < n; i++) {
		json_obj(&j);
		json_kint(&j, "id", v[i].id);
		json_ktime(&j, "time", v[i].ts_us);
		json_kstr(&j, "camera", v[i].camera[0] ? v[i].camera : NULL);
		json_kstr(&j, "kind", v[i].kind);
		json_kstr(&j, "detail", v[i].detail);
		json_ktime(&j, "acked", v[i].acked_us);
		json_kstr(&j, "acked_by", v[i].acked_by);
		json_end_obj(&j);
	}
	json_end_arr(&j);
	cli_print(ctx, json_done(&j));
}

static int
cmd_camera_events(struct cli_ctx *ctx, struct args *a)
{
	struct camera_event *v;
	int64_t from, to;
	size_t n;
	int more;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_time(ctx, a, "from", 0, &from) != 0 || cmd_opt_time(ctx, a, "to", 0, &to) != 0)
		return -1;
	if (camera_events_range(ctx->site, ctx->actor, a->pos[0], from, to, 1000, &v, &n, &more,
	    &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		events_json(ctx, v, n);
	else {
		if (more)
			fprintf(ctx->out, "%s\n", _("(earlier events left out: narrow it with --from)"));
		for (size_t i = 0; i < n; i++) {
			char t[32];

			fprintf(ctx->out, "%s  %-12s %-36s %s%s\n", time_fmt(v[i].ts_us, t),
			    v[i].camera[0] ? v[i].camera : _("storage"), camera_event_text(v[i].kind),
			    v[i].detail, v[i].acked_us ? _(" (accepted)") : "");
		}
		if (n == 0)
			fprintf(ctx->out, _("no events of camera %s in that time\n"), a->pos[0]);
	}
	camera_events_range_free(v, n);
	return 0;
}
