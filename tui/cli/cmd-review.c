/* cmd-review.c — the monthly review over SSH: reviews, review open/show/answer/conclude/signoff/report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/review.h"
#include "core/json.h"
#include "core/maintenance.h"
#include "core/report.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_reviews(struct cli_ctx *, struct args *);
static int cmd_review_open(struct cli_ctx *, struct args *);
static int cmd_review_show(struct cli_ctx *, struct args *);
static int cmd_review_answer(struct cli_ctx *, struct args *);
static int cmd_review_conclude(struct cli_ctx *, struct args *);
static int cmd_review_signoff(struct cli_ctx *, struct args *);
static int cmd_review_report(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec month_opts[] = { { "month", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec show_opts[] = {
	{ "month", 1, 0 }, { "json", 0, 0 }, { "details", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec answer_opts[] = {
	{ "month", 1, 0 }, { "accepted", 0, 0 }, { "follow-up", 0, 0 }, { "note", 1, 0 },
	{ NULL, 0, 0 } };
static const struct arg_spec conclude_opts[] = {
	{ "month", 1, 0 }, { "text", 1, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_review_set[] = {
	{ .name = "reviews", .run = cmd_reviews, .spec = json_opts, .needs_site = 1,
	  .usage = "reviews [--json]",
	  .summary = N_("the monthly reviews of the logs and their state"),
	  .caps = "review.signoff,audit.read" },
	{ .name = "review open", .run = cmd_review_open, .spec = month_opts, .needs_site = 1,
	  .usage = "review open --month YYYY-MM",
	  .summary = N_("open (or build again) a month's review: checks and findings"),
	  .caps = "review.signoff" },
	{ .name = "review show", .run = cmd_review_show, .spec = show_opts, .needs_site = 1,
	  .usage = "review show --month YYYY-MM [--details] [--json]",
	  .summary = N_("a month's review: sections, findings, answers, sign-off"),
	  .caps = "review.signoff,audit.read" },
	{ .name = "review answer", .run = cmd_review_answer, .spec = answer_opts, .needs_site = 1,
	  .usage = "review answer FINDING --month YYYY-MM --accepted|--follow-up --note TEXT",
	  .summary = N_("answer one finding of a month's review"),
	  .caps = "review.signoff" },
	{ .name = "review conclude", .run = cmd_review_conclude, .spec = conclude_opts,
	  .needs_site = 1, .usage = "review conclude --month YYYY-MM --text TEXT",
	  .summary = N_("write the conclusion of a month's review"),
	  .caps = "review.signoff" },
	{ .name = "review signoff", .run = cmd_review_signoff, .spec = month_opts, .needs_site = 1,
	  .usage = "review signoff --month YYYY-MM",
	  .summary = N_("sign a month's review off"),
	  .caps = "review.signoff" },
	{ .name = "review report", .run = cmd_review_report, .spec = month_opts, .needs_site = 1,
	  .usage = "review report --month YYYY-MM",
	  .summary = N_("write the review's report (HTML and CSV) for /reports/"),
	  .caps = "review.signoff" },
	{ .name = NULL },
};

static const char *
need_month(struct cli_ctx *ctx, struct args *a)
{
	const char *m = cli_need(ctx, a, "month");

	if (m != NULL && args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return NULL;
	return m;
}

/*---- reviews ----*/

static int
cmd_reviews(struct cli_ctx *ctx, struct args *a)
{
	struct review *v;
	struct table t;
	struct json j;
	int json = args_has(a, "json");
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = review_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (json) {
		json_init(&j);
		json_arr(&j);
	} else
		table_init(&t, 5, _("MONTH"), _("STATE"), _("DUE"), _("FINDINGS"), _("SIGNED OFF"));
	for (size_t i = 0; i < n; i++) {
		char due[32], sig[96], f[48];

		if (json) {
			json_obj(&j);
			json_kstr(&j, "month", v[i].month);
			json_kstr(&j, "state", review_state_code(&v[i]));
			json_ktime(&j, "due", v[i].due_us);
			json_kint(&j, "findings", (int64_t)v[i].nfindings);
			json_kint(&j, "unanswered", (int64_t)v[i].open_findings);
			json_ktime(&j, "signed", v[i].signed_us);
			json_kstr(&j, "signed_by", v[i].signed_by ? v[i].signed_by : "");
			json_end_obj(&j);
			continue;
		}
		snprintf(f, sizeof f, v[i].id ? _("%zu (%zu not answered)") : "-", v[i].nfindings,
		    v[i].open_findings);
		if (v[i].signed_us) {
			char t1[32];

			snprintf(sig, sizeof sig, "%s %s", time_fmt(v[i].signed_us, t1),
			    v[i].signed_by);
		} else
			snprintf(sig, sizeof sig, "-");
		table_row(&t, v[i].month, review_state_name(&v[i]), time_fmt_date(v[i].due_us, due),
		    f, sig);
	}
	if (json) {
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		table_print(&t, ctx->out);
		table_free(&t);
	}
	review_free_list(v, n);
	return 0;
}

/*---- review open ----*/

static int
cmd_review_open(struct cli_ctx *ctx, struct args *a)
{
	const char *month = need_month(ctx, a);
	/* Over a terminal (vigil admin, ssh -t), how far it got, on stderr. */
	struct maint_progress p = { ctx->progress, ctx->progress_ud };
	struct review rv;
	int r;

	if (month == NULL)
		return -1;
	r = review_open(ctx->site, ctx->actor, month, &p, &ctx->err);
	if (p.fn != NULL)
		p.fn(p.ud, "");
	if (r != 0 || review_get(ctx->site, ctx->actor, month, &rv, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("review of %s opened: %zu findings, %zu not answered\n"), rv.month,
	    rv.nfindings, rv.open_findings);
	fprintf(ctx->out, _("audit verify:   %s\n"), rv.audit_result);
	fprintf(ctx->out, _("footage verify: %s\n"), rv.footage_ok < 0 ?
	    _("not run (no recorder in this program)") : rv.footage_result);
	review_free(&rv);
	return 0;
}

/*---- review show ----*/

static const char *
answer_word(const struct review_finding *f)
{
	if (f->gone_us)
		return _("no longer found");
	if (f->answer[0] == '\0')
		return _("not answered");
	return strcmp(f->answer, "accepted") == 0 ? _("accepted") : _("follow-up");
}

static void
show_finding(struct cli_ctx *ctx, const struct review_finding *f)
{
	char *text = review_finding_text(ctx->site, f), t[32];

	fprintf(ctx->out, "%4lld  [%s] %s\n", (long long)f->id, review_kind_title(f->kind), text);
	if (f->links[0])
		fprintf(ctx->out, _("      links: %s\n"), f->links);
	if (f->answered_us)
		fprintf(ctx->out, _("      %s: %s (%s, %s)\n"), answer_word(f), f->note,
		    f->answered_by, time_fmt(f->answered_us, t));
	else
		fprintf(ctx->out, "      %s\n", answer_word(f));
	free(text);
}

static void
show_table(struct cli_ctx *ctx, const struct rpt_table *rt)
{
	for (size_t r = 0; r < rt->nrows; r++) {
		fputs("  ", ctx->out);
		for (size_t c = 0; c < rt->ncols; c++)
			fprintf(ctx->out, "%s%s", c ? " | " : "", rt->cells[r * rt->ncols + c]);
		fputc('\n', ctx->out);
	}
}

static void
show_text(struct cli_ctx *ctx, const struct review *rv, const struct rpt_doc *d, int details)
{
	fprintf(ctx->out, "%s\n", d->title);
	for (size_t i = 0; i < d->nfacts; i++)
		fprintf(ctx->out, "%-20s %s\n", d->facts[i].label, d->facts[i].value);
	fprintf(ctx->out, _("sections:\n"));
	for (size_t i = 0; i < d->ntables; i++) {
		if (strcmp(d->tables[i].id, "findings") == 0)
			continue;
		fprintf(ctx->out, "  %-44s %zu\n", d->tables[i].title, d->tables[i].nrows);
		if (details)
			show_table(ctx, &d->tables[i]);
	}
	fprintf(ctx->out, _("findings: %zu (%zu not answered)\n"), rv->nfindings,
	    rv->open_findings);
	for (size_t i = 0; i < rv->nfindings; i++)
		show_finding(ctx, &rv->findings[i]);
}

static void
json_finding(struct json *j, struct vg_site *s, const struct review_finding *f)
{
	char *text = review_finding_text(s, f);

	json_obj(j);
	json_kint(j, "id", f->id);
	json_kstr(j, "kind", f->kind);
	json_kstr(j, "title", review_kind_title(f->kind));
	json_kstr(j, "subject", f->subject);
	json_kstr(j, "reason", text);
	json_kstr(j, "links", f->links);
	json_kbool(j, "gone", f->gone_us != 0);
	json_kstr(j, "answer", f->answer);
	json_kstr(j, "note", f->note);
	json_kstr(j, "answered_by", f->answered_by);
	json_ktime(j, "answered", f->answered_us);
	json_end_obj(j);
	free(text);
}

static void
show_json(struct cli_ctx *ctx, const struct review *rv, const struct rpt_doc *d)
{
	struct json j;

	json_init(&j);
	json_obj(&j);
	json_kstr(&j, "month", rv->month);
	json_kstr(&j, "state", review_state_code(rv));
	json_ktime(&j, "due", rv->due_us);
	json_kstr(&j, "opened_by", rv->opened_by ? rv->opened_by : "");
	json_ktime(&j, "built", rv->built_us);
	json_kbool(&j, "audit_ok", rv->audit_ok);
	json_kstr(&j, "audit_result", rv->audit_result ? rv->audit_result : "");
	json_kstr(&j, "footage", rv->footage_ok < 0 ? "not run" : rv->footage_ok ? "ok" : "failed");
	json_kstr(&j, "footage_result", rv->footage_result ? rv->footage_result : "");
	json_kstr(&j, "conclusion", rv->conclusion);
	json_ktime(&j, "signed", rv->signed_us);
	json_kstr(&j, "signed_by", rv->signed_by ? rv->signed_by : "");
	if (rv->state == REVIEW_SIGNED) {
		json_key(&j, "head");
		json_obj(&j);
		json_kint(&j, "id", rv->head.id);
		json_kstr(&j, "hash", rv->head.hash);
		json_kstr(&j, "sig", rv->head.sig);
		json_end_obj(&j);
		json_kstr(&j, "footage_heads", rv->footage_heads);
		json_kbool(&j, "head_matches", rv->head_ok);
		json_kstr(&j, "head_problem", rv->head_problem);
	}
	json_key(&j, "sections");
	json_obj(&j);
	for (size_t i = 0; i < d->ntables; i++)
		json_kint(&j, d->tables[i].id, (int64_t)d->tables[i].nrows);
	json_end_obj(&j);
	json_key(&j, "findings");
	json_arr(&j);
	for (size_t i = 0; i < rv->nfindings; i++)
		json_finding(&j, ctx->site, &rv->findings[i]);
	json_end_arr(&j);
	json_end_obj(&j);
	cli_print(ctx, json_done(&j));
}

static int
cmd_review_show(struct cli_ctx *ctx, struct args *a)
{
	const char *month = need_month(ctx, a);
	struct review rv;
	struct rpt_doc d;
	int r = 0;

	if (month == NULL || review_get(ctx->site, ctx->actor, month, &rv, &ctx->err) != 0)
		return -1;
	if (rv.state == REVIEW_NOT_OPENED) {
		vg_seterr(&ctx->err, VG_NOTFOUND, _("the review of %s has not been opened: review open "
		    "--month %s"), rv.month, rv.month);
		review_free(&rv);
		return -1;
	}
	if (review_doc(ctx->site, ctx->actor, &rv, &d, &ctx->err) != 0) {
		review_free(&rv);
		return -1;
	}
	if (args_has(a, "json"))
		show_json(ctx, &rv, &d);
	else
		show_text(ctx, &rv, &d, args_has(a, "details"));
	/* A signed month whose witness no longer matches is a failure to report. */
	if (rv.state == REVIEW_SIGNED && !rv.head_ok)
		r = vg_seterr(&ctx->err, VG_REFUSED, "%s", rv.head_problem);
	rpt_free(&d);
	review_free(&rv);
	return r;
}

/*---- answering, concluding, signing off, the report ----*/

static int
cmd_review_answer(struct cli_ctx *ctx, struct args *a)
{
	const char *month = cli_need(ctx, a, "month"), *note = cli_need(ctx, a, "note");
	int acc = args_has(a, "accepted"), fol = args_has(a, "follow-up");
	int64_t id;

	if (month == NULL || note == NULL || args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("finding"), &id) != 0)
		return -1;
	if (acc == fol)
		return vg_seterr_field(&ctx->err, VG_USAGE, "answer", "%s",
		    _("give one of --accepted and --follow-up"));
	if (review_answer(ctx->site, ctx->actor, month, id, acc ? "accepted" : "follow-up", note,
	    &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("finding %lld of %s: %s\n"), (long long)id, month,
	    acc ? _("accepted") : _("follow-up"));
	return 0;
}

static int
cmd_review_conclude(struct cli_ctx *ctx, struct args *a)
{
	const char *month = cli_need(ctx, a, "month"), *text = cli_need(ctx, a, "text");

	if (month == NULL || text == NULL || args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    review_conclude(ctx->site, ctx->actor, month, text, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("conclusion of %s recorded\n"), month);
	return 0;
}

static int
cmd_review_signoff(struct cli_ctx *ctx, struct args *a)
{
	const char *month = need_month(ctx, a);
	struct review rv;

	if (month == NULL || review_signoff(ctx->site, ctx->actor, month, &ctx->err) != 0 ||
	    review_get(ctx->site, ctx->actor, month, &rv, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("review of %s signed off; audit head %lld %s\n"), rv.month,
	    (long long)rv.head.id, rv.head.hash);
	fprintf(ctx->out, _("footage chain heads: %s\n"), rv.footage_heads[0] ? rv.footage_heads :
	    "-");
	review_free(&rv);
	return 0;
}

static int
cmd_review_report(struct cli_ctx *ctx, struct args *a)
{
	const char *month = need_month(ctx, a);
	char names[2][64];

	if (month == NULL || review_report(ctx->site, ctx->actor, month, names, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, "/reports/%s\n/reports/%s\n", names[0], names[1]);
	return 0;
}
