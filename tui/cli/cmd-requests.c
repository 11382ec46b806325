/* cmd-requests.c — request new/preview/submit/show, requests, approve, reject, withdraw, report. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/gov/policy.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/footage.h"
#include "core/gov/coverage.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_request_new(struct cli_ctx *, struct args *);
static int cmd_request_preview(struct cli_ctx *, struct args *);
static int cmd_request_submit(struct cli_ctx *, struct args *);
static int cmd_request_show(struct cli_ctx *, struct args *);
static int cmd_requests(struct cli_ctx *, struct args *);
static int cmd_approve(struct cli_ctx *, struct args *);
static int cmd_reject(struct cli_ctx *, struct args *);
static int cmd_withdraw(struct cli_ctx *, struct args *);
static int cmd_report_file(struct cli_ctx *, struct args *);

static const struct arg_spec new_opts[] = {
	{ "kind", 1, 0 }, { "camera", 1, 1 }, { "from", 1, 0 }, { "to", 1, 0 },
	{ "purpose", 1, 0 }, { "reason", 1, 0 }, { "requester-kind", 1, 0 }, { "viewers", 1, 0 },
	{ "agency", 1, 0 }, { "letter", 1, 0 }, { "officer", 1, 0 }, { "officer-id", 1, 0 },
	{ "certificate", 1, 0 }, { "use-until", 1, 0 }, { "emergency", 0, 0 }, { "draft", 0, 0 },
	{ "co-applicant", 1, 1 }, { "manner", 1, 0 }, { "hold-term", 1, 0 },
	{ "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec no_opts[] = { { NULL, 0, 0 } };
static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = {
	{ "mine", 0, 0 }, { "pending", 0, 0 }, { "all", 0, 0 }, { "ready", 0, 0 },
	{ "overdue", 0, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec approve_opts[] = { { "comment", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec reject_opts[] = { { "reason", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec report_opts[] = { { "text", 1, 0 }, { NULL, 0, 0 } };

#define NEW_USAGE "--kind view|copy --camera ID[,ID...] --from T --to T --purpose CODE " \
	"--reason TEXT [--requester-kind KIND] [--viewers N] [--agency CODE --letter REF " \
	"--officer NAME --officer-id ID] [--certificate REF] [--use-until T] [--emergency] " \
	"[--co-applicant 'NAME:ID' ...] [--letter REF --manner TEXT] [--hold-term TERM]"

const struct cli_cmd cmd_requests_set[] = {
	{ .name = "request new", .run = cmd_request_new, .spec = new_opts, .needs_site = 1,
	  .usage = "request new " NEW_USAGE " [--draft]",
	  .summary = N_("file a request to view or copy footage; prints its reference"),
	  .caps = "request.file" },
	{ .name = "request preview", .run = cmd_request_preview, .spec = new_opts, .needs_site = 1,
	  .usage = "request preview " NEW_USAGE " [--json]",
	  .summary = N_("who must approve such a request, in order, without filing it"),
	  .caps = "request.file" },
	{ .name = "request submit", .run = cmd_request_submit, .spec = no_opts, .needs_site = 1,
	  .usage = "request submit REF",
	  .summary = N_("submit a draft request"),
	  .caps = "request.file" },
	{ .name = "request show", .run = cmd_request_show, .spec = json_opts, .needs_site = 1,
	  .usage = "request show REF [--json]",
	  .summary = N_("a request, its approval steps and its timeline"),
	  .caps = "request.file,request.read_all,request.approve,viewing.run" },
	{ .name = "requests", .run = cmd_requests, .spec = list_opts, .needs_site = 1,
	  .usage = "requests [--mine|--pending|--all|--ready|--overdue] [--json]",
	  .summary = N_("list requests: yours, waiting for you, all, ready to view, overdue"),
	  .caps = "request.file,request.read_all,request.approve,viewing.run" },
	{ .name = "approve", .run = cmd_approve, .spec = approve_opts, .needs_site = 1,
	  .usage = "approve REF [--comment TEXT]",
	  .summary = N_("sign the next approval step of a request"),
	  .caps = "request.approve" },
	{ .name = "reject", .run = cmd_reject, .spec = reject_opts, .needs_site = 1,
	  .usage = "reject REF --reason TEXT",
	  .summary = N_("reject a request, with the reason in writing"),
	  .caps = "request.approve" },
	{ .name = "withdraw", .run = cmd_withdraw, .spec = no_opts, .needs_site = 1,
	  .usage = "withdraw REF",
	  .summary = N_("withdraw your request"),
	  .caps = "request.file" },
	{ .name = "report file", .run = cmd_report_file, .spec = report_opts, .needs_site = 1,
	  .usage = "report file REF --text TEXT",
	  .summary = N_("file the usage report of your request; closes it"),
	  .caps = "request.file" },
	{ .name = NULL },
};

/*---- Filing ----*/

/* --co-applicant 'NAME:ID' options: the ID follows the last colon; *bufs holds
 * the copies the people point into (free both). */
static int
read_applicants(struct cli_ctx *ctx, struct args *a, struct req_draft *d, char **bufs)
{
	size_t n;
	const char **vals = args_all(a, "co-applicant", &n);
	struct req_person *p = xcalloc(n + 1, sizeof *p);

	d->applicants = p;
	d->napplicants = 0;
	for (size_t i = 0; i < n; i++) {
		if (cmd_opt_person(ctx, "co-applicant", "applicant_name_1", vals[i], &bufs[i],
		    &p[i].name, &p[i].id_number) != 0) {
			free(vals);
			return -1;
		}
		d->napplicants = i + 1;
	}
	free(vals);
	return 0;
}

/* Reads the request options into a draft; 0, or -1 with a usage error. */
static int
read_draft(struct cli_ctx *ctx, struct args *a, struct req_draft *d, char ***cams,
    size_t *ncams)
{
	const char *v;
	long long n;

	memset(d, 0, sizeof *d);
	*cams = NULL;
	*ncams = 0;
	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if ((d->kind = cli_need(ctx, a, "kind")) == NULL ||
	    (d->purpose = cli_need(ctx, a, "purpose")) == NULL ||
	    (d->reason = cli_need(ctx, a, "reason")) == NULL ||
	    cli_need(ctx, a, "camera") == NULL)
		return -1;
	if ((*cams = cmd_opt_cameras(ctx, a, "camera", ncams)) == NULL)
		return -1;
	d->cameras = (const char **)*cams;
	d->ncameras = *ncams;
	if (cmd_opt_time(ctx, a, "from", 1, &d->from_us) != 0 ||
	    cmd_opt_time(ctx, a, "to", 1, &d->to_us) != 0 ||
	    cmd_opt_time(ctx, a, "use-until", 0, &d->use_until_us) != 0)
		return -1;
	if ((v = args_get(a, "viewers")) != NULL) {
		if (vg_parse_int(v, 1, 1000, &n) != 0)
			return vg_seterr_field(&ctx->err, VG_USAGE, "viewers",
			    _("--viewers \"%s\" must be a whole number of at least 1"), v);
		d->viewers = (int)n;
	}
	d->requester_kind = args_get(a, "requester-kind");
	d->agency = args_get(a, "agency");
	d->letter = args_get(a, "letter");
	d->officer = args_get(a, "officer");
	d->officer_id = args_get(a, "officer-id");
	d->certificate = args_get(a, "certificate");
	d->emergency = args_has(a, "emergency");
	d->manner = args_get(a, "manner");
	d->hold_term = args_get(a, "hold-term");
	return 0;
}

/* A draft's own allocations: cameras, and co-applicants pointing into bufs. */
struct draft_mem {
	char	**cams;
	size_t	  ncams;
	char	 *bufs[64];
};

static int
read_request(struct cli_ctx *ctx, struct args *a, struct req_draft *d, struct draft_mem *m)
{
	size_t n;
	const char **vals = args_all(a, "co-applicant", &n);

	free(vals);
	memset(m, 0, sizeof *m);
	if (read_draft(ctx, a, d, &m->cams, &m->ncams) != 0)
		return -1;
	if (n > VG_ARRLEN(m->bufs))
		return vg_seterr_field(&ctx->err, VG_USAGE, "applicant_name_1",
		    _("at most %zu co-applicants may be named"), VG_ARRLEN(m->bufs));
	return read_applicants(ctx, a, d, m->bufs);
}

static void
draft_mem_free(struct req_draft *d, struct draft_mem *m)
{
	cmd_opt_free_cameras(m->cams, m->ncams);
	for (size_t i = 0; i < VG_ARRLEN(m->bufs); i++)
		free(m->bufs[i]);
	free((void *)d->applicants);
	d->applicants = NULL;
}

static void
print_steps(struct cli_ctx *ctx, const struct req_step *st, size_t n, int grant_on_submit)
{
	if (grant_on_submit || n == 0) {
		fprintf(ctx->out, "%s\n", _("no approval step: granted on submission"));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char t[32];

		fprintf(ctx->out, "  %d. %s  [%s]", st[i].step, st[i].title, st[i].article);
		if (st[i].comment_required)
			fprintf(ctx->out, " %s", _("(written instruction)"));
		if (st[i].decision[0])
			fprintf(ctx->out, "  %s %s (%s) %s%s%s",
			    strcmp(st[i].decision, "approved") == 0 ? _("approved by") :
			    _("rejected by"), st[i].signer, cmd_role_title(ctx, st[i].signer_role),
			    time_fmt(st[i].decided_us, t), st[i].comment[0] ? ": " : "", st[i].comment);
		fputc('\n', ctx->out);
	}
}

static void
json_steps(struct json *j, const struct req_step *st, size_t n)
{
	json_key(j, "steps");
	json_arr(j);
	for (size_t i = 0; i < n; i++) {
		json_obj(j);
		json_kint(j, "step", st[i].step);
		json_key(j, "roles");
		json_arr(j);
		for (size_t r = 0; r < st[i].nroles; r++)
			json_str(j, st[i].roles[r]);
		json_end_arr(j);
		json_kstr(j, "relation", policy_relation_name(st[i].relation));
		json_kstr(j, "unit", st[i].unit);
		json_kstr(j, "title", st[i].title);
		json_kstr(j, "article", st[i].article);
		json_kbool(j, "written_instruction", st[i].comment_required);
		json_kstr(j, "decision", st[i].decision[0] ? st[i].decision : NULL);
		json_kstr(j, "signer", st[i].signer[0] ? st[i].signer : NULL);
		json_kstr(j, "signer_role", st[i].signer_role[0] ? st[i].signer_role : NULL);
		json_ktime(j, "decided", st[i].decided_us);
		json_kstr(j, "comment", st[i].comment[0] ? st[i].comment : NULL);
		json_end_obj(j);
	}
	json_end_arr(j);
}

static int
cmd_request_new(struct cli_ctx *ctx, struct args *a)
{
	struct req_draft d;
	struct draft_mem m;
	struct vg_request *q = NULL;
	char *ref = NULL, t[32];
	int r = -1;

	memset(&d, 0, sizeof d);
	if (read_request(ctx, a, &d, &m) != 0)
		goto out;
	if (requests_create(ctx->site, ctx->actor, &d, !args_has(a, "draft"), &ref, &ctx->err) != 0)
		goto out;
	/* The reference first, alone on its line, for scripts. */
	fprintf(ctx->out, "%s\n", ref);
	if ((q = requests_get(ctx->site, ctx->actor, ref, &ctx->err)) != NULL) {
		fprintf(ctx->out, _("status: %s\n"), requests_status_name(q->status));
		if (q->status == REQ_GRANTED)
			fprintf(ctx->out, _("granted until %s\n"), time_fmt(q->grant_until_us, t));
		else if (q->nsteps > 0) {
			fprintf(ctx->out, "%s\n", _("approval steps, in order:"));
			print_steps(ctx, q->steps, q->nsteps, 0);
		}
	}
	r = 0;
out:
	requests_free(q);
	free(ref);
	draft_mem_free(&d, &m);
	return r;
}

/*---- What footage exists (issue 11: nobody approves an empty range unknowingly) ----*/

static void
print_footage(struct cli_ctx *ctx, char *const *cams, size_t n, int64_t from, int64_t to)
{
	struct coverage *v;
	struct vg_err err;
	size_t nv;

	if (coverage_of(ctx->site, ctx->actor, cams, n, from, to, &v, &nv, &err) != 0)
		return;
	fprintf(ctx->out, "%s\n", _("footage:"));
	for (size_t i = 0; i < nv; i++)
		fprintf(ctx->out, "  %s\n", v[i].line);
	coverage_free(v, nv);
}

static void
json_footage(struct cli_ctx *ctx, struct json *j, char *const *cams, size_t n, int64_t from,
    int64_t to)
{
	struct coverage *v;
	struct vg_err err;
	size_t nv;

	if (coverage_of(ctx->site, ctx->actor, cams, n, from, to, &v, &nv, &err) != 0)
		return;
	json_key(j, "footage");
	json_arr(j);
	for (size_t i = 0; i < nv; i++) {
		json_obj(j);
		json_kstr(j, "camera", v[i].camera);
		json_kint(j, "recorded_s", v[i].recorded_us / 1000000);
		json_kint(j, "range_s", v[i].range_us / 1000000);
		json_key(j, "missing");
		json_arr(j);
		for (size_t k = 0; k < v[i].nspans; k++) {
			if (v[i].spans[k].recorded)
				continue;
			json_obj(j);
			json_ktime(j, "from", v[i].spans[k].from_us);
			json_ktime(j, "to", v[i].spans[k].to_us);
			json_kstr(j, "reason", v[i].spans[k].why);
			json_end_obj(j);
		}
		json_end_arr(j);
		json_end_obj(j);
	}
	json_end_arr(j);
	coverage_free(v, nv);
}

static int
cmd_request_preview(struct cli_ctx *ctx, struct args *a)
{
	struct req_draft d;
	struct draft_mem m;
	struct req_preview pv;
	char t[32];
	int r = -1;

	memset(&d, 0, sizeof d);
	if (read_request(ctx, a, &d, &m) != 0 ||
	    requests_preview(ctx->site, ctx->actor, &d, &pv, &ctx->err) != 0)
		goto out;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kstr(&j, "routes", pv.routes);
		json_kbool(&j, "granted_on_submission", pv.grant_on_submit);
		json_steps(&j, pv.steps, pv.nsteps);
		json_key(&j, "conditions");
		json_arr(&j);
		for (size_t i = 0; i < pv.nconditions; i++)
			json_str(&j, pv.conditions[i]);
		json_end_arr(&j);
		json_ktime(&j, "kept_until", pv.kept_until_us);
		json_footage(ctx, &j, (char *const *)d.cameras, d.ncameras, d.from_us, d.to_us);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else {
		fprintf(ctx->out, _("procedure: %s\n"), pv.routes);
		if (!pv.grant_on_submit)
			fprintf(ctx->out, "%s\n", _("approval steps, in order:"));
		print_steps(ctx, pv.steps, pv.nsteps, pv.grant_on_submit);
		for (size_t i = 0; i < pv.nconditions; i++)
			fprintf(ctx->out, _("condition: %s\n"), pv.conditions[i]);
		if (pv.kept_until_us)
			fprintf(ctx->out, _("the earliest of this footage is kept until %s unless held\n"),
			    time_fmt(pv.kept_until_us, t));
		print_footage(ctx, (char *const *)d.cameras, d.ncameras, d.from_us, d.to_us);
	}
	requests_preview_free(&pv);
	r = 0;
out:
	draft_mem_free(&d, &m);
	return r;
}

static int
cmd_request_submit(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    requests_submit(ctx->site, ctx->actor, a->pos[0], &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("submitted %s\n"), a->pos[0]);
	return 0;
}

/*---- Reading ----*/

/* DLUT art. 15(1)4, 15(2)2, 15(2)3: who else applies, the manner, the hold term. */
static void
json_applicants(struct json *j, const struct vg_request *q)
{
	json_kstr(j, "manner", q->manner);
	json_kstr(j, "hold_term", q->hold_term[0] ? q->hold_term : NULL);
	json_key(j, "co_applicants");
	json_arr(j);
	for (size_t i = 0; i < q->napplicants; i++) {
		json_obj(j);
		json_kstr(j, "name", q->applicants[i].name);
		json_kstr(j, "id", q->applicants[i].id_number);
		json_end_obj(j);
	}
	json_end_arr(j);
}

static void
json_request(struct cli_ctx *ctx, struct json *j, const struct vg_request *q, int full)
{
	json_obj(j);
	json_kstr(j, "ref", q->ref);
	json_kstr(j, "status", requests_status_code(q->status));
	json_kstr(j, "kind", q->kind);
	json_kstr(j, "requester", q->requester);
	json_kstr(j, "requester_name", q->requester_name);
	json_kstr(j, "requester_unit", q->requester_unit);
	json_kstr(j, "requester_kind", q->requester_kind);
	json_kstr(j, "purpose", q->purpose);
	json_kstr(j, "reason", q->reason);
	json_key(j, "cameras");
	json_arr(j);
	for (size_t i = 0; i < q->ncameras; i++)
		json_str(j, q->cameras[i]);
	json_end_arr(j);
	json_ktime(j, "from", q->from_us);
	json_ktime(j, "to", q->to_us);
	json_kint(j, "viewers", q->viewers);
	json_kbool(j, "emergency", q->emergency);
	json_ktime(j, "created", q->created_us);
	json_ktime(j, "grant_until", q->grant_until_us);
	json_ktime(j, "report_due", q->report_due_us);
	json_ktime(j, "report_filed", q->report_filed_us);
	json_kint(j, "next_step", q->current >= 0 ? q->steps[q->current].step : 0);
	if (full) {
		size_t n;
		struct req_event *ev = requests_timeline(ctx->site, q, &n);

		json_kstr(j, "purpose_title", q->purpose_title);
		json_kstr(j, "agency", q->agency);
		json_kstr(j, "letter", q->letter);
		json_kstr(j, "officer", q->officer);
		json_kstr(j, "officer_id", q->officer_id);
		json_kstr(j, "certificate", q->certificate);
		json_ktime(j, "use_until", q->use_until_us);
		json_applicants(j, q);
		json_kstr(j, "routes", q->routes);
		json_kstr(j, "policy", q->policy);
		json_kstr(j, "report", q->report_filed_us ? q->report_text : NULL);
		json_steps(j, q->steps, q->nsteps);
		json_footage(ctx, j, q->cameras, q->ncameras, q->from_us, q->to_us);
		json_key(j, "timeline");
		json_arr(j);
		for (size_t i = 0; i < n; i++) {
			json_obj(j);
			json_ktime(j, "at", ev[i].ts_us);
			json_kstr(j, "what", ev[i].what);
			json_kstr(j, "who", ev[i].who);
			json_kstr(j, "detail", ev[i].detail);
			json_end_obj(j);
		}
		json_end_arr(j);
		requests_free_timeline(ev, n);
	}
	json_end_obj(j);
}

/* The profile's wording of a requester kind, in the reader's language. */
static const char *
kind_title(struct cli_ctx *ctx, const char *kind)
{
	const struct pol_kind *k = policy_kind(ctx->site->pol, kind);

	return k != NULL ? pol_tr(&k->title) : kind;
}

static void
print_request(struct cli_ctx *ctx, const struct vg_request *q)
{
	char t1[32], t2[32], *cams = vg_strv_join(q->cameras, q->ncameras, ",");
	struct req_event *ev;
	struct table tl;
	size_t n;

	fprintf(ctx->out, "%s  %s\n", q->ref, requests_status_name(q->status));
	fprintf(ctx->out, _("kind:        %s%s\n"), requests_kind_name(q->kind),
	    q->emergency ? _(" (emergency)") : "");
	fprintf(ctx->out, _("requester:   %s (%s), %s%s%s\n"), q->requester, q->requester_name,
	    kind_title(ctx, q->requester_kind), q->requester_unit[0] ? ", " : "",
	    q->requester_unit[0] ? policy_unit_name(ctx->site->pol, q->requester_unit) : "");
	fprintf(ctx->out, _("purpose:     %s\n"), q->purpose_title);
	fprintf(ctx->out, _("reason:      %s\n"), q->reason);
	fprintf(ctx->out, _("cameras:     %s\n"), cams);
	fprintf(ctx->out, _("range:       %s to %s\n"), time_fmt(q->from_us, t1),
	    time_fmt(q->to_us, t2));
	print_footage(ctx, q->cameras, q->ncameras, q->from_us, q->to_us);
	fprintf(ctx->out, _("viewers:     %d\n"), q->viewers);
	if (q->agency[0])
		fprintf(ctx->out, _("agency:      %s, letter %s, officer %s (ID %s)%s%s\n"), q->agency,
		    q->letter, q->officer, q->officer_id, q->certificate[0] ? _(", certificate ") : "",
		    q->certificate);
	else if (q->letter[0])
		fprintf(ctx->out, _("letter:      %s\n"), q->letter);
	for (size_t i = 0; i < q->napplicants; i++)
		fprintf(ctx->out, _("co-applicant: %s (ID %s)\n"), q->applicants[i].name,
		    q->applicants[i].id_number);
	if (q->manner[0])
		fprintf(ctx->out, _("manner:      %s\n"), q->manner);
	if (q->hold_term[0])
		fprintf(ctx->out, _("hold term:   %s\n"), q->hold_term);
	if (q->use_until_us)
		fprintf(ctx->out, _("use until:   %s\n"), time_fmt(q->use_until_us, t1));
	if (q->grant_until_us)
		fprintf(ctx->out, _("grant until: %s\n"), time_fmt(q->grant_until_us, t1));
	if (q->report_due_us)
		fprintf(ctx->out, _("report due:  %s\n"), time_fmt(q->report_due_us, t1));
	fprintf(ctx->out, _("procedure:   %s (%s profile)\n"), q->routes, q->policy);
	if (q->nsteps) {
		fprintf(ctx->out, "%s\n", _("approval steps:"));
		print_steps(ctx, q->steps, q->nsteps, 0);
	}
	ev = requests_timeline(ctx->site, q, &n);
	fprintf(ctx->out, "%s\n", _("timeline:"));
	/* Columns in display cells: event names are words, Chinese ones too. */
	table_init(&tl, 4, "", "", "", "");
	for (size_t i = 0; i < n; i++)
		table_row(&tl, time_fmt(ev[i].ts_us, t1), requests_event_name(ev[i].what),
		    ev[i].who, ev[i].detail);
	table_print_indented(&tl, ctx->out, 2, 1);
	table_free(&tl);
	requests_free_timeline(ev, n);
	if (q->report_filed_us)
		fprintf(ctx->out, _("usage report: %s\n"), q->report_text);
	free(cams);
}

static int
cmd_request_show(struct cli_ctx *ctx, struct args *a)
{
	struct vg_request *q;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (q = requests_get(ctx->site, ctx->actor, a->pos[0], &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_request(ctx, &j, q, 1);
		cli_print(ctx, json_done(&j));
	} else
		print_request(ctx, q);
	requests_free(q);
	return 0;
}

static int
cmd_requests(struct cli_ctx *ctx, struct args *a)
{
	static const struct { const char *opt; enum req_list which; } flags[] = {
		{ "mine", REQ_LIST_MINE }, { "pending", REQ_LIST_PENDING }, { "all", REQ_LIST_ALL },
		{ "ready", REQ_LIST_READY }, { "overdue", REQ_LIST_OVERDUE },
	};
	enum req_list which = REQ_LIST_MINE;
	struct vg_request **v;
	int given = 0;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < VG_ARRLEN(flags); i++)
		if (args_has(a, flags[i].opt)) {
			which = flags[i].which;
			given++;
		}
	if (given > 1)
		return vg_seterr(&ctx->err, VG_USAGE, _("give one of --mine, --pending, --all, "
		    "--ready, --overdue; usage: %s"), ctx->cmd->usage);
	if ((v = requests_list(ctx->site, ctx->actor, which, &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++)
			json_request(ctx, &j, v[i], 0);
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 8, _("REF"), _("STATUS"), _("KIND"), _("PURPOSE"), _("CAMERAS"),
		    _("FROM"), _("REQUESTER"), _("NEXT"));
		for (size_t i = 0; i < n; i++) {
			char *cams = vg_strv_join(v[i]->cameras, v[i]->ncameras, ","), t1[32], due[64];
			const char *next = v[i]->current >= 0 ? v[i]->steps[v[i]->current].title : "";

			if (which == REQ_LIST_OVERDUE) {
				snprintf(due, sizeof due, _("report due %s"),
				    time_fmt(v[i]->report_due_us, t1));
				next = due;
			}
			table_row(&t, v[i]->ref, requests_status_name(v[i]->status),
			    requests_kind_name(v[i]->kind), v[i]->purpose_title, cams,
			    time_fmt(v[i]->from_us, t1), v[i]->requester, next);
			free(cams);
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	requests_free_list(v, n);
	return 0;
}

/*---- Deciding ----*/

static int
cmd_approve(struct cli_ctx *ctx, struct args *a)
{
	struct vg_request *q;
	int granted;
	char t[32];

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    approvals_approve(ctx->site, ctx->actor, a->pos[0], args_get(a, "comment"), &granted,
	    &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("approved %s\n"), a->pos[0]);
	if ((q = requests_get(ctx->site, ctx->actor, a->pos[0], &ctx->err)) != NULL) {
		if (granted)
			fprintf(ctx->out, _("%s is granted until %s\n"), q->ref,
			    time_fmt(q->grant_until_us, t));
		else if (q->current >= 0)
			fprintf(ctx->out, _("next: step %d, %s\n"), q->steps[q->current].step,
			    q->steps[q->current].title);
	}
	requests_free(q);
	vg_err_clear(&ctx->err);
	return 0;
}

static int
cmd_reject(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    approvals_reject(ctx->site, ctx->actor, a->pos[0], args_get(a, "reason"),
	    &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("rejected %s\n"), a->pos[0]);
	return 0;
}

static int
cmd_withdraw(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    requests_withdraw(ctx->site, ctx->actor, a->pos[0], &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("withdrew %s\n"), a->pos[0]);
	return 0;
}

static int
cmd_report_file(struct cli_ctx *ctx, struct args *a)
{
	const char *text;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (text = cli_need(ctx, a, "text")) == NULL ||
	    reports_file(ctx->site, ctx->actor, a->pos[0], text, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("filed the usage report of %s; the request is closed\n"), a->pos[0]);
	return 0;
}
