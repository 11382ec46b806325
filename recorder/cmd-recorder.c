/* cmd-recorder.c — admin and SSH commands: retention run, footage verify, segments list, camera ack. */
#include "recorder/recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-health.h"
#include "core/cli.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/json.h"
#include "core/segments.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "recorder/chain.h"
#include "recorder/retention.h"

static int cmd_retention_run(struct cli_ctx *, struct args *);
static int cmd_footage_verify(struct cli_ctx *, struct args *);
static int cmd_segments_list(struct cli_ctx *, struct args *);
static int cmd_camera_ack(struct cli_ctx *, struct args *);

static const struct arg_spec no_opts[] = { { NULL, 0, 0 } };
static const struct arg_spec retention_opts[] = {
	{ "dry-run", 0, 0 }, { "as-of", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec verify_opts[] = {
	{ "camera", 1, 0 }, { "from", 1, 0 }, { "to", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = {
	{ "camera", 1, 0 }, { "from", 1, 0 }, { "to", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd recorder_cmds[] = {
	{ .name = "retention run", .run = cmd_retention_run,
	  .spec = retention_opts, .needs_site = 1,
	  .usage = "retention run [--dry-run] [--as-of TIME]",
	  .summary = N_("delete expired footage not under a hold (or preview it)"),
	  .caps = "retention.run" },
	{ .name = "footage verify", .run = cmd_footage_verify, .spec = verify_opts, .needs_site = 1,
	  .usage = "footage verify [--camera ID] [--from TIME] [--to TIME]",
	  .summary = N_("check segment hashes, chains and unindexed files"),
	  .caps = "footage.verify" },
	{ .name = "segments list", .run = cmd_segments_list, .spec = list_opts, .needs_site = 1,
	  .usage = "segments list --camera ID [--from TIME] [--to TIME] [--json]",
	  .summary = N_("list a camera's recorded segments and gaps"),
	  .caps = "camera.status" },
	{ .name = "camera ack", .run = cmd_camera_ack, .spec = no_opts, .needs_site = 1,
	  .usage = "camera ack ID",
	  .summary = N_("accept a camera's present view as its reference frame"),
	  .caps = "camera.manage" },
	{ .name = NULL },
};

/* --from/--to as microseconds; 0 when absent. */
static int
time_range(struct cli_ctx *ctx, struct args *a, int64_t *from, int64_t *to)
{
	const char *f = args_get(a, "from"), *t = args_get(a, "to");

	*from = *to = 0;
	if ((f != NULL && time_parse(f, from, &ctx->err) != 0) ||
	    (t != NULL && time_parse(t, to, &ctx->err) != 0))
		return -1;
	if (*from != 0 && *to != 0 && *to <= *from)
		return vg_seterr(&ctx->err, VG_USAGE, _("--to %s is not after --from %s"), t, f);
	return 0;
}

static int
cmd_retention_run(struct cli_ctx *ctx, struct args *a)
{
	const char *as_of = args_get(a, "as-of");
	int dry = args_has(a, "dry-run");
	struct retention_report rep;
	int64_t now = clock_now();
	char t[32];

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (as_of != NULL && !dry)
		return vg_seterr(&ctx->err, VG_USAGE, "%s",
		    _("--as-of only previews: use it with --dry-run"));
	if (as_of != NULL && time_parse(as_of, &now, &ctx->err) != 0)
		return -1;
	if (retention_run(ctx->site, ctx->actor, now, dry, &rep, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < rep.n; i++) {
		const struct retention_cam *c = &rep.v[i];

		if (c->segments > 0)
			fprintf(ctx->out, dry ? _("%s: would delete %lld segments (%lld MiB, seq "
			    "%lld-%lld) that ended before %s (retention %d days)\n") : _("%s: deleted "
			    "%lld segments (%lld MiB, seq %lld-%lld) that ended before %s (retention %d "
			    "days)\n"), c->camera, (long long)c->segments, (long long)(c->bytes >> 20),
			    (long long)c->seq_from, (long long)c->seq_to, time_fmt(c->cutoff_us, t),
			    c->days);
		if (c->held > 0)
			fprintf(ctx->out, _("%s: %lld expired segments kept by holds\n"), c->camera,
			    (long long)c->held);
		if (c->requested > 0)
			fprintf(ctx->out, _("%s: %lld expired segments kept for open requests\n"),
			    c->camera, (long long)c->requested);
	}
	fprintf(ctx->out, dry ? _("retention preview as of %s: %lld segments (%lld MiB) would "
	    "be deleted, %lld kept by holds, %lld for open requests; nothing was changed\n") :
	    _("retention pass as of %s: %lld segments (%lld MiB) deleted, %lld kept by holds, "
	    "%lld for open requests\n"), time_fmt(now, t), (long long)rep.segments,
	    (long long)(rep.bytes >> 20), (long long)rep.held, (long long)rep.requested);
	retention_report_free(&rep);
	return 0;
}

static int
cmd_footage_verify(struct cli_ctx *ctx, struct args *a)
{
	struct chain_verify_opts o;
	struct chain_verify_report rep;
	int r;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	memset(&o, 0, sizeof o);
	o.camera = args_get(a, "camera");
	if (time_range(ctx, a, &o.from_us, &o.to_us) != 0)
		return -1;
	if (actor_require(ctx->site, ctx->actor, "footage.verify", &ctx->err) != 0)
		return -1;
	if ((r = chain_verify(ctx->site, &o, ctx->out, &rep, &ctx->err)) < 0)
		return -1;
	if (r > 0)
		return vg_seterr(&ctx->err, VG_FAILED, _("footage verification FAILED: %lld problems "
		    "(listed above); %lld segments checked"), (long long)rep.problems,
		    (long long)rep.segments);
	fprintf(ctx->out, _("footage ok: %lld segments (%lld MiB) on %lld cameras match their "
	    "hashes and chains; no unindexed files\n"), (long long)rep.segments,
	    (long long)(rep.bytes >> 20), (long long)rep.cameras);
	if (rep.recording > 0)
		fprintf(ctx->out, _("%lld segments are still being recorded; they are checked once "
		    "the recorder has closed and indexed them\n"), (long long)rep.recording);
	return 0;
}

struct list_ctx {
	struct cli_ctx	*ctx;
	int		 json;
	struct json	 j;
	int64_t		 prev_end;
};

static int
list_row(void *arg, const struct seg_row *s)
{
	struct list_ctx *l = arg;
	char t1[32], t2[32];

	if (l->json) {
		json_obj(&l->j);
		json_kint(&l->j, "seq", s->seq);
		json_kint(&l->j, "start_us", s->start_us);
		json_kint(&l->j, "end_us", s->end_us);
		json_ktime(&l->j, "start", s->start_us);
		json_ktime(&l->j, "end", s->end_us);
		json_kint(&l->j, "bytes", s->bytes);
		json_kstr(&l->j, "sha256", s->sha256);
		json_kbool(&l->j, "recovered", s->recovered);
		json_kstr(&l->j, "path", s->path);
		json_end_obj(&l->j);
		return 0;
	}
	/* A pause in recording shows as its own line. */
	if (l->prev_end != 0 && s->start_us - l->prev_end >= VG_USEC_PER_SEC)
		fprintf(l->ctx->out, _("          -- no footage for %.1f s --\n"),
		    (double)(s->start_us - l->prev_end) / 1e6);
	fprintf(l->ctx->out, "%-8lld  %-19s  %-19s  %9.2f  %10lld  %.16s%s\n", (long long)s->seq,
	    time_fmt(s->start_us, t1), time_fmt(s->end_us, t2),
	    (double)(s->end_us - s->start_us) / 1e6, (long long)s->bytes, s->sha256,
	    s->recovered ? _("  (recovered)") : "");
	l->prev_end = s->end_us;
	return 0;
}

static int
cmd_segments_list(struct cli_ctx *ctx, struct args *a)
{
	const char *camera = cli_need(ctx, a, "camera");
	struct list_ctx l;
	int64_t from, to;

	if (camera == NULL || args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    time_range(ctx, a, &from, &to) != 0)
		return -1;
	if (actor_require(ctx->site, ctx->actor, "camera.status", &ctx->err) != 0)
		return -1;
	if (db_scalar(ctx->site->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", camera, 0) == 0)
		return vg_seterr(&ctx->err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	memset(&l, 0, sizeof l);
	l.ctx = ctx;
	l.json = args_has(a, "json");
	if (l.json) {
		json_init(&l.j);
		json_arr(&l.j);
	} else
		fprintf(ctx->out, "%-8s  %-19s  %-19s  %9s  %10s  %-16s\n", _("SEQ"), _("START"),
		    _("END"), _("SECONDS"), _("BYTES"), _("SHA-256"));
	segments_range(ctx->site->db, camera, from, to, list_row, &l);
	if (l.json) {
		json_end_arr(&l.j);
		cli_print(ctx, json_done(&l.j));
	}
	return 0;
}

static int
cmd_camera_ack(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    camera_ack_reference(ctx->site, ctx->actor, a->pos[0], &ctx->err) < 0)
		return -1;
	fprintf(ctx->out, _("camera %s: its present view becomes the reference frame once the "
	    "recorder sees it\n"), a->pos[0]);
	return 0;
}
