/* cmd-viewings.c — viewing start/play/end and viewings: supervised viewings of grants. */
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/gov/viewings.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_viewing_start(struct cli_ctx *, struct args *);
static int cmd_viewing_play(struct cli_ctx *, struct args *);
static int cmd_viewing_end(struct cli_ctx *, struct args *);
static int cmd_viewings(struct cli_ctx *, struct args *);

static const struct arg_spec start_opts[] = {
	{ "viewer", 1, 1 }, { "declare-not-involved", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec play_opts[] = {
	{ "camera", 1, 0 }, { "from", 1, 0 }, { "to", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec end_opts[] = {
	{ "notes", 1, 0 }, { "destination", 1, 0 }, { "recipient", 1, 0 }, { "copied", 0, 0 },
	{ NULL, 0, 0 } };
static const struct arg_spec list_opts[] = {
	{ "request", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_viewings_set[] = {
	{ .name = "viewing start", .run = cmd_viewing_start, .spec = start_opts, .needs_site = 1,
	  .usage = "viewing start REF --viewer 'NAME:ID'|'@LOGIN:ID' [--viewer ...] "
	    "[--declare-not-involved]",
	  .summary = N_("start a supervised viewing of a granted request; prints the viewing id"),
	  .caps = "viewing.run" },
	{ .name = "viewing play", .run = cmd_viewing_play, .spec = play_opts, .needs_site = 1,
	  .usage = "viewing play ID --camera ID --from T --to T",
	  .summary = N_("record a range played during a viewing"),
	  .caps = "viewing.run" },
	{ .name = "viewing end", .run = cmd_viewing_end, .spec = end_opts, .needs_site = 1,
	  .usage = "viewing end ID [--notes TEXT] [--destination none | --copied --destination KIND "
	    "--recipient 'NAME:ID']",
	  .summary = N_("end a viewing, saying where the footage went"),
	  .caps = "viewing.run" },
	{ .name = "viewings", .run = cmd_viewings, .spec = list_opts, .needs_site = 1,
	  .usage = "viewings [--request REF] [--json]",
	  .summary = N_("list viewings"),
	  .caps = "viewing.run,request.read_all,request.file" },
	{ .name = NULL },
};

/* --viewer 'NAME:ID' (or '@LOGIN:ID', a registered user): the ID follows the last colon. */
static struct viewing_person *
read_viewers(struct cli_ctx *ctx, struct args *a, char ***bufs, size_t *n)
{
	size_t nv;
	const char **vals = args_all(a, "viewer", &nv);
	struct viewing_person *p = xcalloc(nv + 1, sizeof *p);

	*bufs = xcalloc(nv + 1, sizeof **bufs);
	*n = 0;
	for (size_t i = 0; i < nv; i++)
		if (cmd_opt_person(ctx, "viewer", "viewer", vals[i], &(*bufs)[i], &p[i].name,
		    &p[i].id_number) != 0) {
			free(vals);
			free(p);
			*n = i + 1;
			return NULL;
		}
	free(vals);
	*n = nv;
	return p;
}

static int
cmd_viewing_start(struct cli_ctx *ctx, struct args *a)
{
	struct viewing_person *p;
	char **bufs = NULL;
	size_t n = 0;
	int64_t id;
	int r = -1;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if ((p = read_viewers(ctx, a, &bufs, &n)) != NULL &&
	    viewings_start(ctx->site, ctx->actor, a->pos[0], p, n,
	    args_has(a, "declare-not-involved"), &id, &ctx->err) == 0) {
		fprintf(ctx->out, "%lld\n", (long long)id);
		fprintf(ctx->out, ngettext("viewing %lld of %s started with %zu viewer\n",
		    "viewing %lld of %s started with %zu viewers\n", (unsigned long)n),
		    (long long)id, a->pos[0], n);
		r = 0;
	}
	for (size_t i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(p);
	return r;
}

static int
cmd_viewing_play(struct cli_ctx *ctx, struct args *a)
{
	const char *cam;
	int64_t id, from, to;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("viewing"), &id) != 0 ||
	    (cam = cli_need(ctx, a, "camera")) == NULL ||
	    cmd_opt_time(ctx, a, "from", 1, &from) != 0 || cmd_opt_time(ctx, a, "to", 1, &to) != 0 ||
	    viewings_play(ctx->site, ctx->actor, id, cam, from, to, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("recorded: viewing %lld played %s\n"), (long long)id, cam);
	return 0;
}

static int
cmd_viewing_end(struct cli_ctx *ctx, struct args *a)
{
	struct viewing_end e;
	const char *to = args_get(a, "recipient");
	char *copy = NULL;
	int64_t id;
	int r = -1;

	memset(&e, 0, sizeof e);
	e.notes = args_get(a, "notes");
	e.destination = args_get(a, "destination");
	e.copied = args_has(a, "copied");
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("viewing"), &id) != 0)
		return -1;
	/* --recipient 'NAME:ID': the ID follows the last colon, as for viewers. */
	if (to != NULL && cmd_opt_person(ctx, "recipient", "recipient", to, &copy, &e.recipient,
	    &e.recipient_id) != 0)
		goto out;
	if (viewings_end(ctx->site, ctx->actor, id, &e, &ctx->err) != 0)
		goto out;
	fprintf(ctx->out, _("ended viewing %lld\n"), (long long)id);
	r = 0;
out:
	free(copy);
	return r;
}

static char *
people_text(const struct vg_viewing *v)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < v->npeople; i++)
		buf_printf(&b, "%s%s:%s%s%s", i ? ", " : "", v->people[i].name,
		    v->people[i].id_number, v->people[i].login[0] ? " @" : "", v->people[i].login);
	return buf_steal(&b);
}

static void
json_viewing(struct json *j, const struct vg_viewing *v, int masked)
{
	json_obj(j);
	json_kint(j, "id", v->id);
	json_kstr(j, "request", v->ref);
	json_kstr(j, "operator", v->operator_login);
	json_ktime(j, "started", v->started_us);
	json_ktime(j, "ended", v->ended_us);
	json_kbool(j, "declared_not_involved", v->not_involved);
	json_kstr(j, "notes", v->notes);
	json_kstr(j, "destination", v->destination);
	json_kbool(j, "copied", v->copied);
	json_kbool(j, "ids_masked", masked);
	json_key(j, "recipient");
	if (v->copied) {
		json_obj(j);
		json_kstr(j, "name", v->recipient_name);
		json_kstr(j, "id", v->recipient_id);
		json_end_obj(j);
	} else
		json_null(j);
	json_kstr(j, "exports", v->exports);
	json_key(j, "viewers");
	json_arr(j);
	for (size_t i = 0; i < v->npeople; i++) {
		json_obj(j);
		json_kstr(j, "name", v->people[i].name);
		json_kstr(j, "id", v->people[i].id_number);
		if (v->people[i].login[0])
			json_kstr(j, "login", v->people[i].login);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_key(j, "played");
	json_arr(j);
	for (size_t i = 0; i < v->nranges; i++) {
		json_obj(j);
		json_kstr(j, "camera", v->ranges[i].camera);
		json_ktime(j, "from", v->ranges[i].from_us);
		json_ktime(j, "to", v->ranges[i].to_us);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_end_obj(j);
}

static int
cmd_viewings(struct cli_ctx *ctx, struct args *a)
{
	struct vg_viewing *v;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	v = viewings_list(ctx->site, ctx->actor, args_get(a, "request"), &n);
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++)
			json_viewing(&j, &v[i], viewings_ids_masked(ctx->site, ctx->actor));
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 7, _("ID"), _("REQUEST"), _("OPERATOR"), _("STARTED"), _("ENDED"),
		    _("VIEWERS"), _("DESTINATION"));
		for (size_t i = 0; i < n; i++) {
			char id[24], t1[32], t2[32], *who = people_text(&v[i]), *dest;

			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			/* The hand-over line links the exports made of it. */
			dest = !v[i].copied ? xstrdup(v[i].destination) : v[i].exports[0] ?
			    xasprintf(_("%s: %s:%s (export %s)"), v[i].destination, v[i].recipient_name,
			    v[i].recipient_id, v[i].exports) : xasprintf("%s: %s:%s", v[i].destination,
			    v[i].recipient_name, v[i].recipient_id);
			table_row(&t, id, v[i].ref, v[i].operator_login, time_fmt(v[i].started_us, t1),
			    v[i].ended_us ? time_fmt(v[i].ended_us, t2) : C_("viewing", "open"), who, dest);
			free(who);
			free(dest);
		}
		table_print(&t, ctx->out);
		table_free(&t);
		if (n > 0 && viewings_ids_masked(ctx->site, ctx->actor))
			fprintf(ctx->out, "%s\n", _("ID numbers show only their last four characters: "
			    "your roles do not read the record in full."));
	}
	viewings_free_list(v, n);
	return 0;
}
