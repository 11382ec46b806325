/* screen-faults.c — equipment faults: reporting one, assigning and fixing them, the time each took. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/equipment.h"
#include "core/gov/faults.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/records-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns the fault, equipment, cause, when reported and state; who
 * it is assigned to, the text and the reporter join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("FAULT"), 5, 0, 0, 1 },
	{ N_("EQUIPMENT"), 10, 0, 0, 0 },
	{ N_("CAUSE"), 12, 1, 0, 0 },
	{ N_("REPORTED"), 16, 0, 0, 0 },
	{ N_("STATE"), 20, 1, 0, 0 },
	{ N_("ASSIGNEE"), 9, 0, 2, 0 },
	{ N_("TEXT"), 16, 3, 3, 0 },
	{ N_("BY"), 9, 0, 4, 0 },
};

char *
screen_faults_waiting(struct ui *ui)
{
	size_t n;
	struct vg_err err;
	struct vg_fault *v = faults_list(ui->site, ui->actor, FAULTS_OPEN, NULL, &n, &err);
	int64_t late = faults_overdue_count(ui->site, ui->actor);
	char *s;

	if (v == NULL)
		return NULL;
	faults_free_list(v, n);
	if (n == 0)
		return xstrdup(_("no open fault; p reports one"));
	s = late ? xasprintf(_("%zu open, %lld overdue"), n, (long long)late) :
	    xasprintf(_("%zu open"), n);
	return s;
}

static int
row_role(const struct vg_fault *f)
{
	if (f->fixed_us)
		return UI_DIM;
	return f->overdue ? UI_ERROR : UI_WARN;
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct vg_fault *v;
	struct vg_err err;
	size_t n;
	int64_t late = 0;

	if ((v = faults_list(ui->site, ui->actor, g->all ? FAULTS_ALL : FAULTS_OPEN, NULL, &n,
	    &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], t1[32], span[48], *state = v[i].fixed_us ? xasprintf(_("fixed in %s"),
		    time_fmt_span(v[i].fixed_us - v[i].reported_us, span)) :
		    xstrdup(faults_state(&v[i]));
		const char *cells[8] = { id, v[i].equipment, faults_cause_label(v[i].cause),
		    govui_time(v[i].reported_us, t1), state, v[i].assignee[0] ? v[i].assignee : "-",
		    v[i].text, v[i].reported_by[0] ? v[i].reported_by : "vigil" };

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		list_add(&g->list, id, row_role(&v[i]), cells);
		late += v[i].overdue;
		free(state);
	}
	if (g->all)
		govlist_head(g, UI_NORMAL, _("%zu faults, newest first (a: only open ones)"), n);
	else
		govlist_head(g, late ? UI_ERROR : UI_NORMAL, _("%zu open faults, %lld overdue after "
		    "%d days (a: all faults)"), n, (long long)late,
		    ui->site->pol->records.fault_fix_days);
	faults_free_list(v, n);
}

/*---- Reporting ----*/

static const struct ui_field_spec report_fields[] = {
	{ "equipment", N_("Equipment"), UF_CHOICE, 0, 0, 1, NULL },
	{ "text", N_("What is wrong"), UF_TEXT, 0, 2000, 1, NULL },
};

static int
submit_report(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id;

	(void)ud;
	if (faults_report(ui->site, ui->actor, form_get(f, "equipment"), form_get(f, "text"), &id,
	    err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Fault %lld reported."), (long long)id);
	return 0;
}

static void
open_report(struct ui *ui)
{
	struct vg_equipment *v;
	struct vg_err err;
	struct ui_form *f;
	const char **vals, **labels;
	size_t n;

	if ((v = equipment_list(ui->site, ui->actor, &n, &err)) == NULL) {
		ui_dialog_message(ui, _("Cannot report a fault"), err.msg);
		return;
	}
	f = form_new(_("Report a fault"), report_fields, VG_ARRLEN(report_fields));
	vals = xcalloc(n + 1, sizeof *vals);
	labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		vals[i] = v[i].tag;
		labels[i] = xasprintf("%s · %s", v[i].tag, v[i].name);
	}
	form_set_options(f, "equipment", n, vals, labels);
	if (n > 0)
		form_set(f, "equipment", v[0].tag);
	for (size_t i = 0; i < n; i++)
		free((char *)labels[i]);
	free(vals);
	free(labels);
	equipment_free_list(v, n);
	ui_push(ui, screen_form_new(ui, f, submit_report, NULL, _("Report a fault")));
}

/*---- Assigning and fixing ----*/

static const struct ui_field_spec assign_fields[] = {
	{ "assignee", N_("Assign to"), UF_CHOICE, 0, 0, 1, NULL },
};

static int
submit_assign(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id = *(int64_t *)ud;

	if (faults_assign(ui->site, ui->actor, id, form_get(f, "assignee"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Fault %lld assigned to %s."), (long long)id,
	    form_get(f, "assignee"));
	return 0;
}

static struct vg_fault *
selected(struct ui *ui, const char *key)
{
	struct vg_fault *f;
	struct vg_err err;
	long long id;

	if (key == NULL || vg_parse_int(key, 1, INT64_MAX, &id) != 0)
		return NULL;
	if ((f = faults_get(ui->site, ui->actor, id, &err)) == NULL)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	return f;
}

static char *
fault_note(const struct vg_fault *f)
{
	char t1[32], t2[32];

	return xasprintf(_("%s, %s: %s\nReported %s; due %s."), f->equipment,
	    faults_cause_label(f->cause), f->text, govui_time(f->reported_us, t1),
	    govui_time(f->due_us, t2));
}

static void
open_assign(struct ui *ui, const char *key)
{
	struct vg_fault *fl = selected(ui, key);
	struct ui_form *f;
	int64_t *ud;
	size_t n;
	char **who, *title, *note;

	if (fl == NULL)
		return;
	who = faults_assignees(ui->site, ui->actor, &n);
	title = xasprintf(_("Assign fault %lld"), (long long)fl->id);
	f = form_new(title, assign_fields, VG_ARRLEN(assign_fields));
	form_set_options(f, "assignee", n, (const char *const *)who, NULL);
	form_set(f, "assignee", fl->assignee[0] ? fl->assignee : n ? who[0] : "");
	note = fault_note(fl);
	form_set_note(f, note);
	ud = xmalloc(sizeof *ud);
	*ud = fl->id;
	ui_push(ui, screen_form_new(ui, f, submit_assign, ud, title));
	free(note);
	free(title);
	vg_strv_free(who, n);
	faults_free_list(fl, 1);
}

static const struct ui_field_spec fix_fields[] = {
	{ "notes", N_("What was done"), UF_TEXT, 0, 2000, 1, NULL },
};

static int
submit_fix(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id = *(int64_t *)ud, took;
	char span[48];

	if (faults_fix(ui->site, ui->actor, id, form_get(f, "notes"), &took, err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Fault %lld fixed, %s after it was reported."), (long long)id,
	    time_fmt_span(took, span));
	return 0;
}

static void
open_fix(struct ui *ui, const char *key)
{
	struct vg_fault *fl = selected(ui, key);
	struct ui_form *f;
	int64_t *ud;
	char *title, *note;

	if (fl == NULL)
		return;
	title = xasprintf(_("Fix fault %lld"), (long long)fl->id);
	f = form_new(title, fix_fields, VG_ARRLEN(fix_fields));
	note = fault_note(fl);
	form_set_note(f, note);
	ud = xmalloc(sizeof *ud);
	*ud = fl->id;
	ui_push(ui, screen_form_new(ui, f, submit_fix, ud, title));
	free(note);
	free(title);
	faults_free_list(fl, 1);
}

/*---- One fault ----*/

static int
fault_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct vg_fault *f = faults_get(ui->site, ui->actor, rd->id, err);
	struct ui_text *t = &rd->text;
	char a[32], span[48], *s;

	if (f == NULL)
		return -1;
	s = xasprintf(_("Fault %lld · %s"), (long long)f->id, faults_state(f));
	text_heading(t, s);
	free(s);
	text_field(t, _("Equipment"), f->equipment, UI_NORMAL);
	text_field(t, _("Cause"), faults_cause_label(f->cause), UI_NORMAL);
	text_field(t, _("What is wrong"), f->text, UI_NORMAL);
	s = xasprintf(_("%s by %s"), govui_time(f->reported_us, a), f->reported_by[0] ?
	    f->reported_by : "vigil");
	text_field(t, _("Reported"), s, UI_NORMAL);
	free(s);
	if (f->began_us)
		text_field(t, _("Trouble began"), govui_time(f->began_us, a), UI_NORMAL);
	text_field(t, _("Assigned to"), f->assignee[0] ? f->assignee_name : "-", UI_NORMAL);
	text_field(t, _("Due"), govui_time(f->due_us, a), f->overdue ? UI_ERROR : UI_NORMAL);
	if (f->fixed_us) {
		s = xasprintf(_("%s by %s, %s after the report: %s"), govui_time(f->fixed_us, a),
		    f->fixed_by, time_fmt_span(f->fixed_us - f->reported_us, span), f->fix_notes);
		text_field(t, _("Fixed"), s, UI_GOOD);
		free(s);
	}
	rd->avail = f->fixed_us == 0 && actor_can(ui->site, ui->actor, "equipment.manage") ?
	    0x3 : 0;
	faults_free_list(f, 1);
	return 0;
}

static const struct recdetail_action fault_actions[] = {
	{ "g", N_("assign"), open_assign }, { "x", N_("fix"), open_fix },
};

static const struct recdetail_def fault_def = {
	RECDETAIL_OPS(N_("Fault"), N_("One fault: the equipment, what is wrong, who reported it "
	    "(or that vigil raised it when a camera stayed in trouble), who it is assigned to, "
	    "when it is due, and when and how it was fixed with the time it took. g assigns it; "
	    "x records the fix. r reloads.")),
	fault_load, fault_actions, VG_ARRLEN(fault_actions)
};

static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	char *title = xasprintf(_("Fault %s"), key);

	(void)g;
	recdetail_open(ui, &fault_def, key, title);
	free(title);
}

/*---- The screen ----*/

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	int manage = actor_can(ui->site, ui->actor, "equipment.manage");

	switch (ch) {
	case 'a':
		g->all = !g->all;
		return UI_HANDLED;
	case 'p':
		open_report(ui);
		return UI_HANDLED;
	case 'g':
		if (manage)
			open_assign(ui, sel);
		return manage ? UI_HANDLED : UI_UNHANDLED;
	case 'x':
		if (manage)
			open_fix(ui, sel);
		return manage ? UI_HANDLED : UI_UNHANDLED;
	default:
		return UI_UNHANDLED;
	}
}

/* Assigning and fixing only for those who maintain the equipment. */
static const struct ui_key *
faults_keys(struct ui *ui, struct ui_screen *s)
{
	static const struct ui_key manage[] = { { "p", N_("report") }, { "g", N_("assign") },
		{ "x", N_("fix") }, { "a", N_("all") }, { NULL, NULL } };
	static const struct ui_key report[] = { { "p", N_("report") }, { "a", N_("all") },
		{ NULL, NULL } };
	struct govlist *g = s->data;

	return list_screen_keys(&g->list, actor_can(ui->site, ui->actor, "equipment.manage") ?
	    manage : report);
}

static const struct ui_key no_keys[] = { { NULL, NULL } };

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(no open faults)"), no_keys, 5 * VG_USEC_PER_SEC, load, key,
	open_row, NULL
};

static const struct ui_screen_ops ops = {
	.title = N_("Faults"), .draw = govlist_draw, .key = govlist_key, .tick = govlist_tick,
	.keys = faults_keys, .resume = govlist_resume, .free = govlist_free,
	.help = N_("Equipment faults, oldest open one first; overdue ones, not fixed within the "
	    "profile's days, in red. p reports a fault; vigil raises one by itself when a camera "
	    "stays offline, covered or moved. Those who maintain the equipment assign a fault with "
	    "g and record its fix with x; the time it took is kept. a switches between open faults "
	    "and all of them. Enter shows one fault."),
};

struct ui_screen *
screen_faults_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
