/* cmd-equipment.c — equipment list/add/inspect/show: the inventory and its inspections. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/equipment.h"
#include "core/gov/faults.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd-records.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_equipment_list(struct cli_ctx *, struct args *);
static int cmd_equipment_add(struct cli_ctx *, struct args *);
static int cmd_equipment_inspect(struct cli_ctx *, struct args *);
static int cmd_equipment_show(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec add_opts[] = {
	{ "kind", 1, 0 }, { "name", 1, 0 }, { "location", 1, 0 }, { "installed", 1, 0 },
	{ "maintainer", 1, 0 }, { "correct", 0, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec inspect_opts[] = {
	{ "result", 1, 0 }, { "notes", 1, 0 }, { "corrects", 1, 0 }, { "json", 0, 0 },
	{ NULL, 0, 0 } };

const struct cli_cmd cmd_equipment_set[] = {
	{ .name = "equipment list", .run = cmd_equipment_list, .spec = json_opts, .needs_site = 1,
	  .usage = "equipment list [--json]",
	  .summary = N_("the equipment inventory with inspections and open faults") },
	{ .name = "equipment add", .run = cmd_equipment_add, .spec = add_opts, .needs_site = 1,
	  .usage = "equipment add TAG --kind camera|recorder|storage|network|monitor|other "
	    "[--name TEXT] [--location TEXT] [--installed DATE] [--maintainer TEXT] [--correct] "
	    "[--json]",
	  .summary = N_("add equipment to the inventory (--correct: replace its description)") },
	{ .name = "equipment inspect", .run = cmd_equipment_inspect, .spec = inspect_opts,
	  .needs_site = 1,
	  .usage = "equipment inspect TAG --result ok|fault [--notes TEXT] [--corrects ID] [--json]",
	  .summary = N_("record an inspection; a fault found is reported") },
	{ .name = "equipment show", .run = cmd_equipment_show, .spec = json_opts, .needs_site = 1,
	  .usage = "equipment show TAG [--json]",
	  .summary = N_("one item with its inspections and faults") },
	{ .name = NULL },
};

static void
json_item(struct json *j, const void *item)
{
	const struct vg_equipment *e = item;

	json_obj(j);
	json_kstr(j, "tag", e->tag);
	json_kstr(j, "kind", e->kind);
	json_kstr(j, "name", e->name);
	json_kstr(j, "location", e->location);
	json_ktime(j, "installed", e->installed_us);
	json_kstr(j, "maintainer", e->maintainer);
	json_ktime(j, "inspected", e->inspected_us);
	json_kstr(j, "inspection", e->inspection[0] ? e->inspection : NULL);
	json_kint(j, "open_faults", e->open_faults);
	json_kint(j, "overdue_faults", e->overdue_faults);
	json_end_obj(j);
}

static int
cmd_equipment_list(struct cli_ctx *ctx, struct args *a)
{
	struct vg_equipment *v;
	struct table t;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = equipment_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		cmd_json_list(ctx, v, n, sizeof *v, json_item);
		equipment_free_list(v, n);
		return 0;
	}
	table_init(&t, 8, _("TAG"), _("KIND"), _("NAME"), _("LOCATION"), _("INSTALLED"),
	    _("MAINTAINER"), _("INSPECTED"), _("FAULTS"));
	for (size_t i = 0; i < n; i++) {
		char d1[32], d2[32], *faults, *insp;

		faults = v[i].overdue_faults ? xasprintf(_("%lld open, %lld overdue"),
		    (long long)v[i].open_faults, (long long)v[i].overdue_faults) :
		    xasprintf("%lld", (long long)v[i].open_faults);
		insp = v[i].inspected_us ? xasprintf("%s %s", time_fmt_date(v[i].inspected_us, d2),
		    equipment_result_label(v[i].inspection)) : xstrdup("-");
		table_row(&t, v[i].tag, equipment_kind_label(v[i].kind), v[i].name,
		    v[i].location[0] ? v[i].location : "-", v[i].installed_us ?
		    time_fmt_date(v[i].installed_us, d1) : "-", v[i].maintainer[0] ?
		    v[i].maintainer : "-", insp, faults);
		free(faults);
		free(insp);
	}
	table_print(&t, ctx->out);
	table_free(&t);
	equipment_free_list(v, n);
	return 0;
}

static int
cmd_equipment_add(struct cli_ctx *ctx, struct args *a)
{
	struct equipment_spec sp;
	const char *v;
	int64_t id;

	memset(&sp, 0, sizeof sp);
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (sp.kind = cli_need(ctx, a, "kind")) == NULL)
		return -1;
	sp.tag = a->pos[0];
	sp.name = args_get(a, "name");
	sp.location = args_get(a, "location");
	sp.maintainer = args_get(a, "maintainer");
	sp.correct = args_has(a, "correct");
	if ((v = args_get(a, "installed")) != NULL && time_parse_date(v, &sp.installed_us,
	    &ctx->err) != 0)
		return vg_seterr_field(&ctx->err, VG_USAGE, "installed", "--installed: %s",
		    ctx->err.msg);
	if (equipment_add(ctx->site, ctx->actor, &sp, &id, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kstr(&j, "tag", sp.tag);
		json_kint(&j, "row", id);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else
		fprintf(ctx->out, sp.correct ? _("%s: description corrected\n") :
		    _("%s added to the inventory\n"), sp.tag);
	return 0;
}

static int
cmd_equipment_inspect(struct cli_ctx *ctx, struct args *a)
{
	const char *result, *v;
	int64_t id, fault, corrects = 0;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (result = cli_need(ctx, a, "result")) == NULL)
		return -1;
	if ((v = args_get(a, "corrects")) != NULL &&
	    cmd_opt_id(ctx, v, _("inspection"), &corrects) != 0)
		return -1;
	if (equipment_inspect(ctx->site, ctx->actor, a->pos[0], result, args_get(a, "notes"),
	    corrects, &id, &fault, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kint(&j, "inspection", id);
		if (fault)
			json_kint(&j, "fault", fault);
		else
			json_kstr(&j, "fault", NULL);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
		return 0;
	}
	fprintf(ctx->out, "%lld\n", (long long)id);
	if (fault)
		fprintf(ctx->out, _("inspection %lld recorded; fault %lld reported\n"), (long long)id,
		    (long long)fault);
	else
		fprintf(ctx->out, _("inspection %lld recorded\n"), (long long)id);
	return 0;
}

static void
print_show(struct cli_ctx *ctx, const struct vg_equipment *e, const struct vg_inspection *in,
    size_t nin, const struct vg_fault *f, size_t nf)
{
	char d[32];

	fprintf(ctx->out, "%s · %s · %s\n", e->tag, equipment_kind_label(e->kind), e->name);
	fprintf(ctx->out, _("location: %s; installed: %s; maintainer: %s\n"),
	    e->location[0] ? e->location : "-", e->installed_us ?
	    time_fmt_date(e->installed_us, d) : "-", e->maintainer[0] ? e->maintainer : "-");
	for (size_t i = 0; i < nin; i++)
		fprintf(ctx->out, _("inspection %lld, %s by %s: %s%s%s\n"), (long long)in[i].id,
		    time_fmt(in[i].at_us, d), in[i].by, equipment_result_label(in[i].result),
		    in[i].notes[0] ? " · " : "", in[i].notes);
	for (size_t i = 0; i < nf; i++)
		fprintf(ctx->out, _("fault %lld, %s (%s): %s\n"), (long long)f[i].id,
		    time_fmt(f[i].reported_us, d), faults_state(&f[i]), f[i].text);
}

static int
cmd_equipment_show(struct cli_ctx *ctx, struct args *a)
{
	struct vg_equipment *e;
	struct vg_inspection *in;
	struct vg_fault *f;
	size_t nin, nf;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (e = equipment_get(ctx->site, ctx->actor, a->pos[0], &ctx->err)) == NULL)
		return -1;
	in = equipment_inspections(ctx->site, ctx->actor, e->tag, &nin);
	if ((f = faults_list(ctx->site, ctx->actor, FAULTS_ALL, e->tag, &nf, &ctx->err)) == NULL)
		nf = 0;
	if (args_has(a, "json"))
		cmd_json_item(ctx, e, json_item);
	else
		print_show(ctx, e, in, nin, f, nf);
	equipment_free_inspections(in, nin);
	faults_free_list(f, nf);
	equipment_free_list(e, 1);
	return 0;
}
