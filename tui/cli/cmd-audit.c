/* cmd-audit.c — audit log and audit verify, over SSH and in vigil admin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit-log.h"
#include "core/audit.h"
#include "core/gov/crosscheck.h"
#include "core/gov/review.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"

static int cmd_audit_log(struct cli_ctx *, struct args *);
static int cmd_audit_verify(struct cli_ctx *, struct args *);

static const struct arg_spec log_opts[] = {
	{ "from", 1, 0 }, { "to", 1, 0 }, { "actor", 1, 0 }, { "action", 1, 0 },
	{ "object", 1, 0 }, { "after", 1, 0 }, { "limit", 1, 0 }, { "seals", 0, 0 },
	{ "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec deep_opts[] = { { "deep", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_audit_set[] = {
	{ .name = "audit log", .run = cmd_audit_log, .spec = log_opts, .needs_site = 1,
	  .usage = "audit log [--from TIME] [--to TIME] [--actor LOGIN] [--action PREFIX] "
	    "[--object TEXT] [--after ID] [--limit N] [--seals] [--json]",
	  .summary = N_("read the audit log, oldest first, with filters"),
	  .caps = "audit.read" },
	{ .name = "audit verify", .run = cmd_audit_verify, .spec = deep_opts, .needs_site = 1,
	  .usage = "audit verify [--deep]",
	  .summary = N_("check the audit chain (--deep: and the records against it)"),
	  .caps = "audit.verify" },
	{ .name = NULL },
};

/*---- audit log ----*/

static void
row_json(struct cli_ctx *ctx, const struct audit_row *r, int first)
{
	struct json j;
	char *s;

	json_init(&j);
	json_obj(&j);
	json_kint(&j, "id", r->id);
	json_ktime(&j, "time", r->ts_us);
	json_kint(&j, "time_us", r->ts_us);
	json_kstr(&j, "kind", r->kind);
	json_kstr(&j, "actor", r->actor);
	json_kstr(&j, "action", r->action);
	json_kstr(&j, "object", r->object);
	json_kstr(&j, "detail", r->detail);
	json_kstr(&j, "source", r->source);
	json_end_obj(&j);
	s = json_done(&j);
	s[strcspn(s, "\n")] = '\0';
	fprintf(ctx->out, "%s%s\n", first ? "" : ",", s);
	free(s);
}

static void
row_text(struct cli_ctx *ctx, const struct audit_row *r)
{
	char t[32];

	fprintf(ctx->out, "%-7lld %s  %-14s %-26s %s  %s  [%s]\n", (long long)r->id,
	    time_fmt(r->ts_us, t), r->actor, r->action, r->object, r->detail, r->source);
}

static int
log_filter(struct cli_ctx *ctx, struct args *a, struct audit_filter *f, int64_t *after,
    long long *limit)
{
	memset(f, 0, sizeof *f);
	*after = 0;
	*limit = -1;
	if (cmd_opt_time(ctx, a, "from", 0, &f->from_us) != 0 ||
	    cmd_opt_time(ctx, a, "to", 0, &f->to_us) != 0)
		return -1;
	f->actor = args_get(a, "actor");
	f->action = args_get(a, "action");
	f->object = args_get(a, "object");
	f->seals = args_has(a, "seals");
	if (args_get(a, "after") != NULL && cmd_opt_id(ctx, args_get(a, "after"), "--after",
	    after) != 0)
		return -1;
	if (args_get(a, "limit") != NULL &&
	    vg_parse_int(args_get(a, "limit"), 1, 1000000000, limit) != 0)
		return vg_seterr(&ctx->err, VG_USAGE, _("--limit: \"%s\" is not a number of entries"),
		    args_get(a, "limit"));
	return 0;
}

/* Streams every matching entry a page at a time: years of log never sit in memory. */
static int
cmd_audit_log(struct cli_ctx *ctx, struct args *a)
{
	struct audit_filter f;
	struct audit_page p;
	int json = args_has(a, "json"), first = 1, more;
	int64_t cursor;
	long long limit, shown = 0;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    log_filter(ctx, a, &f, &cursor, &limit) != 0)
		return -1;
	if (json)
		fputs("[\n", ctx->out);
	do {
		if (audit_log_page(ctx->site, ctx->actor, &f, cursor, 0, 500, &p, &ctx->err) != 0)
			return -1;
		size_t i;

		for (i = 0; i < p.n && (limit < 0 || shown < limit); i++, shown++) {
			if (json)
				row_json(ctx, &p.v[i], first);
			else
				row_text(ctx, &p.v[i]);
			first = 0;
			cursor = p.v[i].id;
		}
		more = p.more || i < p.n;
		audit_page_free(&p);
	} while (more && (limit < 0 || shown < limit));
	if (json)
		fputs("]\n", ctx->out);
	else if (shown == limit && more)
		fprintf(ctx->out, _("(more: --after %lld)\n"), (long long)cursor);
	return 0;
}

/*---- audit verify ----*/

/* --deep: every record of the procedure must have the entries that made it. */
static int
audit_deep(struct cli_ctx *ctx)
{
	char **problems;
	size_t n;
	long long checked;

	if (crosscheck_run(ctx->site, &problems, &n, &checked, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		fprintf(ctx->out, "%s\n", problems[i]);
	vg_strv_free(problems, n);
	if (n > 0)
		return vg_seterr(&ctx->err, VG_REFUSED, _("audit verification FAILED: %zu records "
		    "lack the audit entries that made them"), n);
	fprintf(ctx->out, _("records ok: %lld requests, approvals, viewings and holds match their "
	    "audit entries\n"), checked);
	return 0;
}

/*
 * The monthly sign-offs are witnesses too (DESIGN §8): each signed month's
 * head must still be what the log gives.  Prints a line per signed month;
 * the number that no longer match.
 */
static int
signed_heads(struct cli_ctx *ctx)
{
	struct vg_actor *sys = actor_system(ctx->actor->source);
	struct review *v;
	struct vg_err err;
	size_t n;
	int bad = 0;

	if ((v = review_list(ctx->site, sys, &n, &err)) == NULL) {
		actor_free(sys);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		struct review rv;

		if (v[i].state != REVIEW_SIGNED || review_get(ctx->site, sys, v[i].month, &rv,
		    &err) != 0)
			continue;
		if (rv.head_ok)
			fprintf(ctx->out, _("sign-off %s: the log still matches the head it signed "
			    "(entry %lld)\n"), rv.month, (long long)rv.head.id);
		else
			fprintf(ctx->out, "%s\n", rv.head_problem);
		bad += !rv.head_ok;
		review_free(&rv);
	}
	review_free_list(v, n);
	actor_free(sys);
	return bad;
}

static int
cmd_audit_verify(struct cli_ctx *ctx, struct args *a)
{
	struct audit_report rep;
	int bad, r;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (!actor_can(ctx->site, ctx->actor, "audit.verify"))
		return audit_log_verify(ctx->site, ctx->actor, &rep, &ctx->err);
	r = audit_log_verify(ctx->site, ctx->actor, &rep, &ctx->err);
	bad = signed_heads(ctx);
	if (r != 0) {
		char msg[sizeof ctx->err.msg];

		snprintf(msg, sizeof msg, "%s", ctx->err.msg);
		return vg_seterr(&ctx->err, ctx->err.code, _("audit verification FAILED: %s"), msg);
	}
	if (bad > 0)
		return vg_seterr(&ctx->err, VG_REFUSED, _("audit verification FAILED: %d monthly "
		    "sign-offs no longer match the log"), bad);
	fprintf(ctx->out, _("audit ok: %lld entries (%lld seals), head %s\n"), (long long)rep.entries,
	    (long long)rep.seals, rep.head);
	if (ctx->site->cfg.audit_witness_file[0] != '\0')
		fprintf(ctx->out, _("witness %s: %lld signed heads match\n"),
		    ctx->site->cfg.audit_witness_file, (long long)rep.witnessed);
	return args_has(a, "deep") ? audit_deep(ctx) : 0;
}
