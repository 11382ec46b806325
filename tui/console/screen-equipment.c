/* screen-equipment.c — the equipment inventory: adding and correcting items, inspections, one item's record. */
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

/* At 80 columns the tag, kind, name, last inspection and open faults; the
 * location, installation date and maintainer join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("TAG"), 10, 0, 0, 0 },
	{ N_("KIND"), 8, 0, 0, 0 },
	{ N_("NAME"), 14, 2, 0, 0 },
	{ N_("INSPECTED"), 16, 0, 0, 0 },
	{ N_("FAULTS"), 10, 0, 0, 0 },
	{ N_("LOCATION"), 12, 2, 2, 0 },
	{ N_("INSTALLED"), 10, 0, 3, 0 },
	{ N_("MAINTAINER"), 12, 1, 4, 0 },
};

static const struct ui_key keys[] = {
	{ "n", N_("add") },
	{ "c", N_("correct") },
	{ "i", N_("inspect") },
	{ "f", N_("faults") },
	{ NULL, NULL }
};

/* Overdue faults first: what an equipment.manage holder must see at once. */
char *
screen_equipment_waiting(struct ui *ui)
{
	size_t n;
	struct vg_err err;
	struct vg_fault *v = faults_list(ui->site, ui->actor, FAULTS_OVERDUE, NULL, &n, &err);
	struct vg_buf b;

	if (v == NULL || n == 0) {
		faults_free_list(v, v ? n : 0);
		return xstrdup(_("no fault is overdue"));
	}
	buf_init(&b);
	buf_printf(&b, ngettext("%zu fault overdue: ", "%zu faults overdue: ", n), n);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", v[i].equipment);
	faults_free_list(v, n);
	return buf_steal(&b);
}

static char *
faults_cell(const struct vg_equipment *e)
{
	if (e->overdue_faults)
		return xasprintf(_("%lld, %lld late"), (long long)e->open_faults,
		    (long long)e->overdue_faults);
	return xasprintf("%lld", (long long)e->open_faults);
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct vg_equipment *v;
	struct vg_err err;
	size_t n;
	long long open = 0, late = 0;

	if ((v = equipment_list(ui->site, ui->actor, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char t1[32], d[32], *faults = faults_cell(&v[i]);
		char *insp = v[i].inspected_us ? xasprintf("%s %s", time_fmt_date(v[i].inspected_us,
		    t1), equipment_result_label(v[i].inspection)) : xstrdup(_("never"));
		const char *cells[8] = { v[i].tag, equipment_kind_label(v[i].kind), v[i].name, insp,
		    faults, v[i].location[0] ? v[i].location : "-", v[i].installed_us ?
		    time_fmt_date(v[i].installed_us, d) : "-", v[i].maintainer[0] ? v[i].maintainer :
		    "-" };

		list_add(&g->list, v[i].tag, v[i].overdue_faults ? UI_ERROR : v[i].open_faults ?
		    UI_WARN : UI_NORMAL, cells);
		open += v[i].open_faults;
		late += v[i].overdue_faults;
		free(faults);
		free(insp);
	}
	govlist_head(g, late ? UI_ERROR : UI_NORMAL, _("%zu items; %lld open faults, %lld overdue "
	    "(f: faults)"), n, open, late);
	equipment_free_list(v, n);
}

/*---- Adding and correcting ----*/

static const struct ui_field_spec item_fields[] = {
	{ "tag", N_("Tag"), UF_TEXT, 16, 32, 1, N_("a-z 0-9 - _; a camera's id") },
	{ "kind", N_("Kind"), UF_CHOICE, 0, 0, 1, NULL },
	{ "name", N_("Name"), UF_TEXT, 0, 100, 0, N_("cameras: from cameras.cfg") },
	{ "location", N_("Location"), UF_TEXT, 0, 200, 0, NULL },
	{ "installed", N_("Installed"), UF_TEXT, 11, 10, 0, N_("YYYY-MM-DD") },
	{ "maintainer", N_("Maintainer"), UF_TEXT, 0, 200, 0, NULL },
};

static int
submit_item(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct equipment_spec sp;
	const char *installed = form_get(f, "installed");
	int64_t id;

	memset(&sp, 0, sizeof sp);
	sp.tag = form_get(f, "tag");
	sp.kind = form_get(f, "kind");
	sp.name = form_get(f, "name");
	sp.location = form_get(f, "location");
	sp.maintainer = form_get(f, "maintainer");
	sp.correct = ud != NULL;
	if (installed[0] && time_parse_date(installed, &sp.installed_us, err) != 0) {
		snprintf(err->field, sizeof err->field, "installed");
		return -1;
	}
	if (equipment_add(ui->site, ui->actor, &sp, &id, err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, sp.correct ? _("%s: its description is corrected.") :
	    _("%s is in the inventory."), sp.tag);
	return 0;
}

static struct ui_form *
item_form(const char *title)
{
	struct ui_form *f = form_new(title, item_fields, VG_ARRLEN(item_fields));
	const char *labels[8];

	for (size_t i = 0; i < equipment_nkinds; i++)
		labels[i] = equipment_kind_label(equipment_kinds[i]);
	form_set_options(f, "kind", equipment_nkinds, equipment_kinds, labels);
	form_set(f, "kind", "recorder");
	return f;
}

static void
open_add(struct ui *ui)
{
	struct ui_form *f = item_form(_("Add equipment to the inventory"));

	ui_push(ui, screen_form_new(ui, f, submit_item, NULL, _("Add equipment")));
}

static void
open_correct(struct ui *ui, const char *tag)
{
	struct vg_equipment *e;
	struct vg_err err;
	struct ui_form *f;
	char *title, d[32];

	if (tag == NULL || (e = equipment_get(ui->site, ui->actor, tag, &err)) == NULL)
		return;
	title = xasprintf(_("Correct %s"), tag);
	f = item_form(title);
	form_set(f, "tag", e->tag);
	form_set(f, "kind", e->kind);
	form_set(f, "name", e->name);
	form_set(f, "location", e->location);
	form_set(f, "installed", e->installed_us ? time_fmt_date(e->installed_us, d) : "");
	form_set(f, "maintainer", e->maintainer);
	form_set_note(f, e->row_id ? _("The description stays in the record; the corrected one "
	    "replaces it.") : _("A camera's name and location come from cameras.cfg; add when it "
	    "was installed and who maintains it."));
	ui_push(ui, screen_form_new(ui, f, submit_item, e->row_id ? xstrdup("correct") : NULL,
	    title));
	free(title);
	equipment_free_list(e, 1);
}

/*---- Inspecting ----*/

static const struct ui_field_spec inspect_fields[] = {
	{ "result", N_("Result"), UF_CHOICE, 0, 0, 1, NULL },
	{ "notes", N_("Notes"), UF_TEXT, 0, 2000, 0, N_("required for a fault") },
};

static int
submit_inspect(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id, fault;

	if (equipment_inspect(ui->site, ui->actor, ud, form_get(f, "result"), form_get(f, "notes"),
	    0, &id, &fault, err) != 0)
		return -1;
	if (fault)
		ui_message(ui, UI_WARN, _("Inspection %lld recorded; fault %lld reported."),
		    (long long)id, (long long)fault);
	else
		ui_message(ui, UI_GOOD, _("Inspection %lld recorded."), (long long)id);
	return 0;
}

static void
open_inspect(struct ui *ui, const char *tag)
{
	static const char *const results[] = { "ok", "fault" };
	const char *labels[2] = { equipment_result_label("ok"), equipment_result_label("fault") };
	struct ui_form *f;
	char *title;

	if (tag == NULL)
		return;
	title = xasprintf(_("Inspect %s"), tag);
	f = form_new(title, inspect_fields, VG_ARRLEN(inspect_fields));
	form_set_options(f, "result", 2, results, labels);
	form_set(f, "result", "ok");
	form_set_note(f, _("A fault found is reported at once, with the notes as its description."));
	ui_push(ui, screen_form_new(ui, f, submit_inspect, xstrdup(tag), title));
	free(title);
}

/*---- One item ----*/

static void
add_inspections(struct ui *ui, struct ui_text *t, const char *tag)
{
	size_t n;
	struct vg_inspection *v = equipment_inspections(ui->site, ui->actor, tag, &n);
	char when[32];

	text_heading(t, _("Inspections"));
	if (n == 0)
		text_para(t, 2, UI_DIM, _("none yet"));
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%lld · %s · %s%s%s", (long long)v[i].id, v[i].by,
		    equipment_result_label(v[i].result), v[i].notes[0] ? " · " : "", v[i].notes);

		text_field(t, govui_time(v[i].at_us, when), line, v[i].corrected_by ? UI_DIM :
		    strcmp(v[i].result, "fault") == 0 ? UI_WARN : UI_NORMAL);
		free(line);
	}
	equipment_free_inspections(v, n);
}

static void
add_faults(struct ui *ui, struct ui_text *t, const char *tag)
{
	size_t n;
	struct vg_err err;
	struct vg_fault *v = faults_list(ui->site, ui->actor, FAULTS_ALL, tag, &n, &err);
	char when[32];

	if (v == NULL)
		return;
	text_heading(t, _("Faults"));
	if (n == 0)
		text_para(t, 2, UI_DIM, _("none"));
	for (size_t i = 0; i < n; i++) {
		char *line = xasprintf("%lld · %s · %s", (long long)v[i].id, faults_state(&v[i]),
		    v[i].text);

		text_field(t, govui_time(v[i].reported_us, when), line, v[i].overdue ? UI_ERROR :
		    v[i].fixed_us ? UI_NORMAL : UI_WARN);
		free(line);
	}
	faults_free_list(v, n);
}

static int
item_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct vg_equipment *e = equipment_get(ui->site, ui->actor, rd->key, err);
	struct ui_text *t = &rd->text;
	char d[32], *s;

	if (e == NULL)
		return -1;
	s = xasprintf("%s · %s", e->tag, equipment_kind_label(e->kind));
	text_heading(t, s);
	free(s);
	text_field(t, _("Name"), e->name, UI_NORMAL);
	text_field(t, _("Location"), e->location[0] ? e->location : "-", UI_NORMAL);
	text_field(t, _("Installed"), e->installed_us ? time_fmt_date(e->installed_us, d) : "-",
	    UI_NORMAL);
	text_field(t, _("Maintainer"), e->maintainer[0] ? e->maintainer : "-", UI_NORMAL);
	add_inspections(ui, t, e->tag);
	add_faults(ui, t, e->tag);
	rd->avail = actor_can(ui->site, ui->actor, "equipment.manage") ? 0x3 : 0;
	equipment_free_list(e, 1);
	return 0;
}

static const struct recdetail_action item_actions[] = {
	{ "i", N_("inspect"), open_inspect }, { "c", N_("correct"), open_correct },
};

static const struct recdetail_def item_def = {
	RECDETAIL_OPS(N_("Equipment"), N_("One item of the inventory with its description, every "
	    "inspection (newest first) and every fault. i records an inspection; c corrects the "
	    "description. r reloads.")),
	item_load, item_actions, VG_ARRLEN(item_actions)
};

static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	(void)g;
	recdetail_open(ui, &item_def, key, key);
}

/*---- The screen ----*/

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	struct ui_screen *s;

	(void)g;
	switch (ch) {
	case 'n':
		open_add(ui);
		return UI_HANDLED;
	case 'c':
		open_correct(ui, sel);
		return UI_HANDLED;
	case 'i':
		open_inspect(ui, sel);
		return UI_HANDLED;
	case 'f':
		if ((s = screen_faults_new(ui)) != NULL)
			ui_push(ui, s);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(no equipment)"), keys, 5 * VG_USEC_PER_SEC, load, key, open_row,
	NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Equipment"),
    N_("The equipment inventory: every camera in cameras.cfg and the recorders, storage, "
    "network gear and monitors added here, with the last inspection and the open faults "
    "(overdue ones in red). n adds an item; c corrects the selected item's description (the "
    "old one stays in the record); i records an inspection, and a fault it finds is reported "
    "at once; f opens the faults. Enter shows an item's inspections and faults."));

struct ui_screen *
screen_equipment_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
