/* screen-room.c — the control-room entry log: who is inside, registering an entry, an exit, a correction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/room.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/records-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns the entry, name, organisation, time in and state; the ID,
 * the time out, the reason and the escort join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("ENTRY"), 5, 0, 0, 1 },
	{ N_("PERSON"), 10, 2, 0, 0 },
	{ N_("ORGANISATION"), 10, 2, 0, 0 },
	{ N_("IN"), 16, 0, 0, 0 },
	{ N_("STATE"), 22, 0, 0, 0 },
	{ N_("ID"), 18, 0, 2, 0 },
	{ N_("OUT"), 16, 0, 3, 0 },
	{ N_("REASON"), 20, 2, 4, 0 },
	{ N_("ESCORT"), 10, 1, 5, 0 },
};

static const struct ui_key keys[] = {
	{ "n", N_("entry") },
	{ "x", N_("exit") },
	{ "c", N_("correct") },
	{ "a", N_("all") },
	{ NULL, NULL }
};

char *
screen_room_waiting(struct ui *ui)
{
	struct room_entry *v;
	struct vg_err err;
	size_t n, flagged = 0;
	char *s;

	if ((v = room_list(ui->site, ui->actor, 0, &n, &err)) == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		flagged += v[i].flagged;
	room_free_list(v, n);
	if (n == 0)
		return xstrdup(_("nobody is in the control room"));
	s = flagged ? xasprintf(_("%zu in the control room, %zu past their shift's end"), n,
	    flagged) : xasprintf(_("%zu in the control room now"), n);
	return s;
}

static int
row_role(const struct room_entry *e)
{
	if (e->corrected_by)
		return UI_DIM;
	if (e->flagged)
		return UI_ERROR;
	return e->out_us ? UI_NORMAL : UI_GOOD;
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct room_entry *v;
	struct vg_err err;
	size_t n, inside = 0, flagged = 0;

	if ((v = room_list(ui->site, ui->actor, g->all, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], t1[32], t2[32], who[ROOM_MASKED_ID];
		const char *cells[9] = { id, v[i].name, v[i].organisation, govui_time(v[i].in_us, t1),
		    room_state(&v[i]), room_masked_id(v[i].id_number, who),
		    govui_time(v[i].out_us, t2), v[i].reason,
		    v[i].escort[0] ? v[i].escort : "-" };

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		list_add(&g->list, id, row_role(&v[i]), cells);
		inside += v[i].out_us == 0 && v[i].corrected_by == 0;
		flagged += v[i].flagged && v[i].out_us == 0;
	}
	if (g->all)
		govlist_head(g, UI_NORMAL, ngettext("%zu entry, newest first (a: only who is inside)",
		    "%zu entries, newest first (a: only who is inside)", n), n);
	else if (flagged)
		govlist_head(g, UI_ERROR, _("%zu in the control room; %zu stayed past their shift's "
		    "end (a: all entries)"), inside, flagged);
	else
		govlist_head(g, UI_NORMAL, _("%zu in the control room (a: all entries)"), inside);
	room_free_list(v, n);
}

/*---- An entry, or its correction ----*/

static const struct ui_field_spec entry_fields[] = {
	{ "name", N_("Person"), UF_TEXT, 0, 100, 1, NULL },
	{ "id_number", N_("ID number"), UF_TEXT, 20, 64, 1, N_("ID card or document") },
	{ "organisation", N_("Organisation"), UF_TEXT, 0, 200, 1, NULL },
	{ "reason", N_("Reason"), UF_TEXT, 0, 2000, 1, NULL },
	{ "escort", N_("Escort"), UF_TEXT, 0, 100, 0, N_("who accompanies them") },
};

static int
submit_entry(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct room_spec sp;
	int64_t id;

	memset(&sp, 0, sizeof sp);
	sp.name = form_get(f, "name");
	sp.id_number = form_get(f, "id_number");
	sp.organisation = form_get(f, "organisation");
	sp.reason = form_get(f, "reason");
	sp.escort = form_get(f, "escort");
	sp.corrects = ud != NULL ? *(int64_t *)ud : 0;
	if (room_enter(ui->site, ui->actor, &sp, &id, err) != 0)
		return -1;
	if (sp.corrects)
		ui_message(ui, UI_GOOD, _("Entry %lld registered; it corrects entry %lld."),
		    (long long)id, (long long)sp.corrects);
	else
		ui_message(ui, UI_GOOD, _("Entry %lld registered: %s is in the control room."),
		    (long long)id, sp.name);
	return 0;
}

static void
open_entry(struct ui *ui)
{
	struct ui_form *f = form_new(_("Someone enters the control room"), entry_fields,
	    VG_ARRLEN(entry_fields));

	ui_push(ui, screen_form_new(ui, f, submit_entry, NULL, _("Register an entry")));
}

static struct room_entry *
selected(struct ui *ui, const char *key)
{
	struct vg_err err;
	struct room_entry *e;
	long long id;

	if (key == NULL || vg_parse_int(key, 1, INT64_MAX, &id) != 0)
		return NULL;
	if ((e = room_get(ui->site, ui->actor, id, &err)) == NULL)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	return e;
}

/* The same form, filled with the entry; saving registers a new entry that
 * replaces it (the log is never rewritten). */
static void
open_correct(struct ui *ui, const char *key)
{
	struct room_entry *e = selected(ui, key);
	struct ui_form *f;
	int64_t *ud;
	char *title, *note, t[32];

	if (e == NULL)
		return;
	title = xasprintf(_("Correct entry %lld"), (long long)e->id);
	f = form_new(title, entry_fields, VG_ARRLEN(entry_fields));
	form_set(f, "name", e->name);
	form_set(f, "id_number", e->id_number);
	form_set(f, "organisation", e->organisation);
	form_set(f, "reason", e->reason);
	form_set(f, "escort", e->escort);
	note = xasprintf(_("Entry %lld, in at %s, stays in the log; the new entry takes its place "
	    "with the same times."), (long long)e->id, govui_time(e->in_us, t));
	form_set_note(f, note);
	ud = xmalloc(sizeof *ud);
	*ud = e->id;
	ui_push(ui, screen_form_new(ui, f, submit_entry, ud, title));
	free(note);
	free(title);
	room_free_list(e, 1);
}

static void
record_exit(struct ui *ui, const char *key)
{
	struct room_entry *e = selected(ui, key);
	struct vg_err err;
	char *ask;

	if (e == NULL)
		return;
	ask = xasprintf(_("%s (%s) leaves the control room now?"), e->name, e->organisation);
	if (ui_dialog_confirm(ui, _("Exit"), ask)) {
		if (room_leave(ui->site, ui->actor, e->id, 0, &err) == 0)
			ui_message(ui, UI_GOOD, _("%s has left the control room."), e->name);
		else
			ui_message(ui, UI_ERROR, "%s", err.msg);
	}
	free(ask);
	room_free_list(e, 1);
}

/*---- One entry ----*/

static int
entry_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct room_entry *e = room_get(ui->site, ui->actor, rd->id, err);
	struct ui_text *t = &rd->text;
	char a[32], *s;

	if (e == NULL)
		return -1;
	s = xasprintf(_("Entry %lld · %s"), (long long)e->id, room_state(e));
	text_heading(t, s);
	free(s);
	text_field(t, _("Person"), e->name, UI_NORMAL);
	text_field(t, _("ID number"), e->id_number, UI_NORMAL);
	text_field(t, _("Organisation"), e->organisation, UI_NORMAL);
	text_field(t, _("Reason"), e->reason, UI_NORMAL);
	text_field(t, _("Escort"), e->escort[0] ? e->escort : "-", UI_NORMAL);
	text_field(t, _("In"), govui_time(e->in_us, a), UI_NORMAL);
	text_field(t, _("Out"), govui_time(e->out_us, a), e->flagged ? UI_ERROR : UI_NORMAL);
	text_field(t, _("Logged by"), e->logged_by, UI_NORMAL);
	if (e->shift_id) {
		s = xasprintf("%lld%s", (long long)e->shift_id, e->shift_ended_us ?
		    _(", ended") : "");
		text_field(t, _("Shift"), s, UI_NORMAL);
		free(s);
	}
	if (e->corrects) {
		s = xasprintf("%lld", (long long)e->corrects);
		text_field(t, _("Corrects entry"), s, UI_NORMAL);
		free(s);
	}
	if (e->corrected_by) {
		s = xasprintf("%lld", (long long)e->corrected_by);
		text_field(t, _("Corrected by"), s, UI_WARN);
		free(s);
	}
	/* A replaced entry takes no action; one that has ended only a correction. */
	rd->avail = e->corrected_by ? 0 : e->out_us ? 0x2 : 0x3;
	room_free_list(e, 1);
	return 0;
}

static const struct recdetail_action entry_actions[] = {
	{ "x", N_("exit"), record_exit }, { "c", N_("correct"), open_correct },
};

static const struct recdetail_def entry_def = {
	RECDETAIL_OPS(N_("Control-room entry"), N_("One entry of the control-room log: who came in, "
	    "their ID, organisation, reason and escort, when they came and left, and who logged "
	    "it. x records the exit now; c registers a corrected entry in its place. r reloads.")),
	entry_load, entry_actions, VG_ARRLEN(entry_actions)
};

static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	char *title = xasprintf(_("Entry %s"), key);

	(void)g;
	recdetail_open(ui, &entry_def, key, title);
	free(title);
}

/*---- The screen ----*/

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	switch (ch) {
	case 'a':
		g->all = !g->all;
		return UI_HANDLED;
	case 'n':
		open_entry(ui);
		return UI_HANDLED;
	case 'x':
		record_exit(ui, sel);
		return UI_HANDLED;
	case 'c':
		open_correct(ui, sel);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(nobody is in the control room)"), keys, 5 * VG_USEC_PER_SEC,
	load, key, open_row, NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Control-room log"),
    N_("Everyone who enters the control room is registered with their name, an ID number "
    "(a resident ID card number with the right check digit, or a document number), their "
    "organisation, the reason and who escorts them. n registers an entry; x records the "
    "selected person's exit; c registers a corrected entry in place of a wrong one. Someone "
    "still inside when the shift that let them in ends is flagged. a switches between who is "
    "inside and every entry."));

struct ui_screen *
screen_room_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
