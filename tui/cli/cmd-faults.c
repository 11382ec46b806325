/* cmd-faults.c — fault report/assign/fix/list: equipment faults from report to fix. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/faults.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd-records.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_fault_report(struct cli_ctx *, struct args *);
static int cmd_fault_assign(struct cli_ctx *, struct args *);
static int cmd_fault_fix(struct cli_ctx *, struct args *);
static int cmd_fault_list(struct cli_ctx *, struct args *);

static const struct arg_spec report_opts[] = {
	{ "equipment", 1, 0 }, { "text", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec assign_opts[] = {
	{ "to", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec fix_opts[] = {
	{ "notes", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = {
	{ "overdue", 0, 0 }, { "all", 0, 0 }, { "equipment", 1, 0 }, { "json", 0, 0 },
	{ NULL, 0, 0 } };

const struct cli_cmd cmd_faults_set[] = {
	{ .name = "fault report", .run = cmd_fault_report, .spec = report_opts, .needs_site = 1,
	  .usage = "fault report --equipment TAG --text TEXT [--json]",
	  .summary = N_("report an equipment fault; prints the fault id") },
	{ .name = "fault assign", .run = cmd_fault_assign, .spec = assign_opts, .needs_site = 1,
	  .usage = "fault assign ID --to LOGIN [--json]",
	  .summary = N_("assign a fault to who fixes it") },
	{ .name = "fault fix", .run = cmd_fault_fix, .spec = fix_opts, .needs_site = 1,
	  .usage = "fault fix ID --notes TEXT [--json]",
	  .summary = N_("record that a fault is fixed, and how") },
	{ .name = "fault list", .run = cmd_fault_list, .spec = list_opts, .needs_site = 1,
	  .usage = "fault list [--overdue|--all] [--equipment TAG] [--json]",
	  .summary = N_("open faults, oldest first (--overdue: past due; --all: every fault)") },
	{ .name = NULL },
};

static void
json_fault(struct json *j, const void *item)
{
	const struct vg_fault *f = item;

	json_obj(j);
	json_kint(j, "fault", f->id);
	json_kstr(j, "equipment", f->equipment);
	json_kstr(j, "cause", f->cause);
	json_kstr(j, "text", f->text);
	json_kstr(j, "reported_by", f->reported_by[0] ? f->reported_by : NULL);
	json_ktime(j, "reported", f->reported_us);
	json_ktime(j, "began", f->began_us);
	json_kstr(j, "assignee", f->assignee[0] ? f->assignee : NULL);
	json_ktime(j, "due", f->due_us);
	json_kbool(j, "overdue", f->overdue);
	json_ktime(j, "fixed", f->fixed_us);
	json_kstr(j, "fixed_by", f->fixed_by[0] ? f->fixed_by : NULL);
	json_kstr(j, "fix_notes", f->fixed_us ? f->fix_notes : NULL);
	if (f->fixed_us)
		json_kint(j, "time_to_fix_s", (f->fixed_us - f->reported_us) / 1000000);
	else
		json_kstr(j, "time_to_fix_s", NULL);
	json_end_obj(j);
}

static void
print_fault_json(struct cli_ctx *ctx, struct vg_fault *f)
{
	cmd_json_item(ctx, f, json_fault);
	faults_free_list(f, f ? 1 : 0);
}

static int
cmd_fault_report(struct cli_ctx *ctx, struct args *a)
{
	const char *equipment, *text;
	struct vg_err ignore;
	int64_t id;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (equipment = cli_need(ctx, a, "equipment")) == NULL ||
	    (text = cli_need(ctx, a, "text")) == NULL ||
	    faults_report(ctx->site, ctx->actor, equipment, text, &id, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		print_fault_json(ctx, faults_get(ctx->site, ctx->actor, id, &ignore));
		return 0;
	}
	fprintf(ctx->out, "%lld\n", (long long)id);
	fprintf(ctx->out, _("fault %lld reported on %s\n"), (long long)id, equipment);
	return 0;
}

static int
cmd_fault_assign(struct cli_ctx *ctx, struct args *a)
{
	const char *to;
	struct vg_err ignore;
	int64_t id;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("fault"), &id) != 0 ||
	    (to = cli_need(ctx, a, "to")) == NULL ||
	    faults_assign(ctx->site, ctx->actor, id, to, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		print_fault_json(ctx, faults_get(ctx->site, ctx->actor, id, &ignore));
	else
		fprintf(ctx->out, _("fault %lld assigned to %s\n"), (long long)id, to);
	return 0;
}

static int
cmd_fault_fix(struct cli_ctx *ctx, struct args *a)
{
	const char *notes;
	struct vg_err ignore;
	int64_t id, took;
	char span[48];

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("fault"), &id) != 0 ||
	    (notes = cli_need(ctx, a, "notes")) == NULL ||
	    faults_fix(ctx->site, ctx->actor, id, notes, &took, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		print_fault_json(ctx, faults_get(ctx->site, ctx->actor, id, &ignore));
	else
		fprintf(ctx->out, _("fault %lld fixed, %s after it was reported\n"), (long long)id,
		    time_fmt_span(took, span));
	return 0;
}

static int
cmd_fault_list(struct cli_ctx *ctx, struct args *a)
{
	enum faults_filter which = FAULTS_OPEN;
	struct vg_fault *v;
	struct table t;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (args_has(a, "overdue") && args_has(a, "all"))
		return vg_seterr(&ctx->err, VG_USAGE, _("give one of --overdue, --all; usage: %s"),
		    ctx->cmd->usage);
	which = args_has(a, "all") ? FAULTS_ALL : args_has(a, "overdue") ? FAULTS_OVERDUE :
	    FAULTS_OPEN;
	if ((v = faults_list(ctx->site, ctx->actor, which, args_get(a, "equipment"), &n,
	    &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		cmd_json_list(ctx, v, n, sizeof *v, json_fault);
		faults_free_list(v, n);
		return 0;
	}
	table_init(&t, 8, _("FAULT"), _("EQUIPMENT"), _("CAUSE"), _("REPORTED"), _("BY"),
	    _("ASSIGNEE"), _("STATE"), _("TEXT"));
	for (size_t i = 0; i < n; i++) {
		char id[24], t1[32], span[48], *state;

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		state = v[i].fixed_us ? xasprintf(_("fixed in %s"), time_fmt_span(v[i].fixed_us -
		    v[i].reported_us, span)) : xstrdup(faults_state(&v[i]));
		table_row(&t, id, v[i].equipment, faults_cause_label(v[i].cause),
		    time_fmt(v[i].reported_us, t1), v[i].reported_by[0] ? v[i].reported_by :
		    "vigil", v[i].assignee[0] ? v[i].assignee : "-", state, v[i].text);
		free(state);
	}
	table_print(&t, ctx->out);
	table_free(&t);
	faults_free_list(v, n);
	return 0;
}
