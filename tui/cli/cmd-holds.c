/* cmd-holds.c — hold place, hold release and holds: keeping footage past retention. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/holds.h"
#include "core/gov/policy.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_hold_place(struct cli_ctx *, struct args *);
static int cmd_hold_release(struct cli_ctx *, struct args *);
static int cmd_holds(struct cli_ctx *, struct args *);

static const struct arg_spec place_opts[] = {
	{ "camera", 1, 1 }, { "from", 1, 0 }, { "to", 1, 0 }, { "category", 1, 0 },
	{ "reason", 1, 0 }, { "until", 1, 0 }, { "term", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec release_opts[] = { { "reason", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = { { "all", 0, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_holds_set[] = {
	{ .name = "hold place", .run = cmd_hold_place, .spec = place_opts, .needs_site = 1,
	  .usage = "hold place --camera ID[,ID...] --from T --to T --category CAT "
	    "--reason TEXT [--until T] [--term TERM]",
	  .summary = N_("keep footage past retention; prints the hold id"),
	  .caps = "hold.manage" },
	{ .name = "hold release", .run = cmd_hold_release, .spec = release_opts, .needs_site = 1,
	  .usage = "hold release ID [--reason TEXT]",
	  .summary = N_("release a hold"),
	  .caps = "hold.manage" },
	{ .name = "holds", .run = cmd_holds, .spec = list_opts, .needs_site = 1,
	  .usage = "holds [--all] [--json]",
	  .summary = N_("holds in force (--all: every hold)"),
	  .caps = "hold.manage,request.read_all" },
	{ .name = NULL },
};

static int
cmd_hold_place(struct cli_ctx *ctx, struct args *a)
{
	struct hold_spec sp;
	char **cams = NULL;
	size_t ncams = 0;
	int64_t id;
	int r = -1;

	memset(&sp, 0, sizeof sp);
	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    cli_need(ctx, a, "camera") == NULL ||
	    (sp.category = cli_need(ctx, a, "category")) == NULL ||
	    (sp.reason = cli_need(ctx, a, "reason")) == NULL ||
	    (cams = cmd_opt_cameras(ctx, a, "camera", &ncams)) == NULL ||
	    cmd_opt_time(ctx, a, "from", 1, &sp.from_us) != 0 ||
	    cmd_opt_time(ctx, a, "to", 1, &sp.to_us) != 0 ||
	    cmd_opt_time(ctx, a, "until", 0, &sp.until_us) != 0)
		goto out;
	sp.term = args_get(a, "term");
	sp.cameras = (const char **)cams;
	sp.ncameras = ncams;
	if (holds_place(ctx->site, ctx->actor, &sp, &id, &ctx->err) != 0)
		goto out;
	fprintf(ctx->out, "%lld\n", (long long)id);
	fprintf(ctx->out, _("hold %lld placed (%s)\n"), (long long)id,
	    cmd_hold_title(ctx, sp.category));
	r = 0;
out:
	cmd_opt_free_cameras(cams, ncams);
	return r;
}

static int
cmd_hold_release(struct cli_ctx *ctx, struct args *a)
{
	struct vg_hold *h;
	int64_t id;
	char t[32];

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("hold"), &id) != 0 ||
	    holds_release(ctx->site, ctx->actor, id, args_get(a, "reason"), &ctx->err) != 0)
		return -1;
	h = holds_get(ctx->site, id);
	if (h != NULL && h->closed_us)
		fprintf(ctx->out, _("hold %lld closed; the footage is kept until %s\n"),
		    (long long)id, time_fmt(h->until_us, t));
	else
		fprintf(ctx->out, _("hold %lld released\n"), (long long)id);
	holds_free_list(h, h ? 1 : 0);
	return 0;
}

/* "released, not before 2031-03-02 09:00:00 (5y)" into b (64 bytes). */
static const char *
min_term(const struct vg_hold *h, char *b)
{
	char t[32];

	snprintf(b, 64, _("released, not before %s (%s)"), time_fmt(h->min_until_us, t), h->term);
	return b;
}

static int
cmd_holds(struct cli_ctx *ctx, struct args *a)
{
	struct vg_hold *v;
	size_t n;
	int64_t now = clock_now();

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = holds_list(ctx->site, ctx->actor, !args_has(a, "all"), &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++) {
			json_obj(&j);
			json_kint(&j, "id", v[i].id);
			json_kstr(&j, "category", v[i].category);
			json_key(&j, "cameras");
			json_arr(&j);
			for (size_t k = 0; k < v[i].ncameras; k++)
				json_str(&j, v[i].cameras[k]);
			json_end_arr(&j);
			json_ktime(&j, "from", v[i].from_us);
			json_ktime(&j, "to", v[i].to_us);
			json_ktime(&j, "until", v[i].until_us);
			json_kstr(&j, "reason", v[i].reason);
			json_kstr(&j, "placed_by", v[i].placed_by);
			json_ktime(&j, "placed", v[i].placed_us);
			json_kbool(&j, "active", v[i].active);
			json_ktime(&j, "released", v[i].released_us);
			json_ktime(&j, "closed", v[i].closed_us);
			json_kstr(&j, "request", v[i].request[0] ? v[i].request : NULL);
			json_kstr(&j, "term", v[i].term[0] ? v[i].term : NULL);
			json_ktime(&j, "not_released_before", v[i].min_until_us);
			json_end_obj(&j);
		}
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 8, _("ID"), _("CATEGORY"), _("CAMERAS"), _("FROM"), _("TO"),
		    _("UNTIL"), _("STATE"), _("REASON"));
		for (size_t i = 0; i < n; i++) {
			char id[24], t1[32], t2[32], t3[64], *cams = vg_strv_join(v[i].cameras,
			    v[i].ncameras, ",");

			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			table_row(&t, id, cmd_hold_title(ctx, v[i].category), cams,
			    time_fmt(v[i].from_us, t1), time_fmt(v[i].to_us, t2),
			    v[i].until_us ? time_fmt(v[i].until_us, t3) :
			    v[i].min_until_us ? min_term(&v[i], t3) : _("released"),
			    holds_state(&v[i], now), v[i].reason);
			free(cams);
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	holds_free_list(v, n);
	return 0;
}
