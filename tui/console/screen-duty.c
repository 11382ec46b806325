/* screen-duty.c — the duty log: shifts, starting and ending yours, events, camera alarms, handovers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/duty.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/gov/room.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/records-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns the shift, guard, desk, start and state; the end and the
 * number of events join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("SHIFT"), 5, 0, 0, 1 },
	{ N_("GUARD"), 10, 1, 0, 0 },
	{ N_("DESK"), 12, 2, 0, 0 },
	{ N_("STARTED"), 16, 0, 0, 0 },
	{ N_("STATE"), 14, 1, 0, 0 },
	{ N_("ENDED"), 16, 0, 2, 0 },
	{ N_("EVENTS"), 6, 0, 3, 1 },
};

static void open_shift(struct ui *, struct govlist *, const char *);

/*---- What the actor's shift has waiting ----*/

struct mine {
	struct duty_shift	*shift;		/* NULL: not on a shift */
	size_t			 nalarms;
	size_t			 nhandovers;
};

static void
mine_load(struct ui *ui, struct mine *m)
{
	struct duty_alarm *al;
	struct duty_shift *h;

	memset(m, 0, sizeof *m);
	if ((m->shift = duty_current(ui->site, ui->actor)) == NULL)
		return;
	al = duty_alarms(ui->site, ui->actor, m->shift->id, &m->nalarms);
	duty_free_alarms(al, m->nalarms);
	h = duty_handovers(ui->site, ui->actor, m->shift->desk, &m->nhandovers);
	duty_free_list(h, m->nhandovers);
}

static void
mine_free(struct mine *m)
{
	duty_free_list(m->shift, m->shift ? 1 : 0);
}

/* What the home screen shows beside the job. */
char *
screen_duty_waiting(struct ui *ui)
{
	struct mine m;
	char t[32], *s;

	mine_load(ui, &m);
	if (m.shift == NULL)
		s = xstrdup(_("not on a shift: start one here"));
	else if (m.nhandovers)
		s = xstrdup(_("a handover waits for your acknowledgement"));
	else if (m.nalarms)
		s = xasprintf(ngettext("%zu camera alarm of your shift to log",
		    "%zu camera alarms of your shift to log", m.nalarms), m.nalarms);
	else if (m.shift->overdue)
		s = xasprintf(_("your shift since %s is overdue"), govui_time(m.shift->started_us, t));
	else
		s = xasprintf(_("on shift at %s since %s"), m.shift->desk,
		    govui_time(m.shift->started_us, t) + 11);
	mine_free(&m);
	return s;
}

/*---- The list ----*/

static int
state_role(const struct duty_shift *d)
{
	if (d->ended_us == 0)
		return d->overdue ? UI_ERROR : UI_GOOD;
	return d->acked_us ? UI_NORMAL : UI_WARN;
}

static void
head(struct ui *ui, struct govlist *g, size_t n)
{
	struct mine m;
	char t[32];

	mine_load(ui, &m);
	if (m.shift == NULL)
		govlist_head(g, UI_NORMAL, ngettext("%zu shift. You are not on a shift (n starts one).",
		    "%zu shifts. You are not on a shift (n starts one).", n), n);
	else if (m.nhandovers)
		govlist_head(g, UI_WARN, _("Shift %lld at %s: a handover waits for you (a)."),
		    (long long)m.shift->id, m.shift->desk);
	else if (m.nalarms)
		govlist_head(g, UI_WARN, ngettext("Shift %lld at %s: %zu camera alarm to log (l).",
		    "Shift %lld at %s: %zu camera alarms to log (l).", m.nalarms),
		    (long long)m.shift->id, m.shift->desk, m.nalarms);
	else
		govlist_head(g, m.shift->overdue ? UI_ERROR : UI_GOOD, _("Shift %lld at %s since "
		    "%s%s."), (long long)m.shift->id, m.shift->desk,
		    govui_time(m.shift->started_us, t), m.shift->overdue ? _(", overdue") : "");
	mine_free(&m);
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct duty_shift *v;
	struct vg_err err;
	size_t n;

	if ((v = duty_list(ui->site, ui->actor, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], ev[24], t1[32], t2[32], *guard = xasprintf("%s", v[i].guard_name);
		const char *cells[7] = { id, guard, v[i].desk, govui_time(v[i].started_us, t1),
		    duty_state(&v[i]), govui_time(v[i].ended_us, t2), ev };

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		snprintf(ev, sizeof ev, "%lld", (long long)v[i].nevents);
		list_add(&g->list, id, state_role(&v[i]), cells);
		free(guard);
	}
	head(ui, g, n);
	duty_free_list(v, n);
}

/*---- Starting a shift, acknowledging the handover ----*/

/* Shows each handover waiting at the actor's desk and asks to acknowledge it;
 * quiet: say nothing when none waits. */
static void
ack_handovers(struct ui *ui, int quiet)
{
	struct duty_shift *cur = duty_current(ui->site, ui->actor), *h;
	struct vg_err err;
	size_t n;
	char t[32];

	if (cur == NULL) {
		ui_message(ui, UI_WARN, "%s", _("You are not on a shift."));
		return;
	}
	h = duty_handovers(ui->site, ui->actor, cur->desk, &n);
	if (n == 0 && !quiet)
		ui_message(ui, UI_NORMAL, "%s", _("No handover waits at your desk."));
	for (size_t i = 0; i < n; i++) {
		char *text = xasprintf(_("From %s, shift %lld, ended %s:\n\n%s\n\nAcknowledge that "
		    "you have read it?"), h[i].guard_name, (long long)h[i].id,
		    govui_time(h[i].ended_us, t), h[i].handover);

		if (ui_dialog_confirm(ui, _("Handover"), text)) {
			if (duty_ack(ui->site, ui->actor, h[i].id, &err) == 0)
				ui_message(ui, UI_GOOD, _("Handover of shift %lld acknowledged."),
				    (long long)h[i].id);
			else
				ui_message(ui, UI_ERROR, "%s", err.msg);
		}
		free(text);
	}
	duty_free_list(h, n);
	duty_free_list(cur, 1);
}

static const struct ui_field_spec start_fields[] = {
	{ "desk", N_("Desk"), UF_TEXT, 0, 64, 1, N_("where you watch") },
};

static int
submit_start(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id;

	(void)ud;
	if (duty_start(ui->site, ui->actor, form_get(f, "desk"), &id, err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Shift %lld started."), (long long)id);
	ack_handovers(ui, 1);
	return 0;
}

static void
open_start(struct ui *ui)
{
	struct ui_form *f = form_new(_("Start your shift"), start_fields, VG_ARRLEN(start_fields));
	char *desk = duty_last_desk(ui->site, ui->actor);

	form_set(f, "desk", desk);
	free(desk);
	ui_push(ui, screen_form_new(ui, f, submit_start, NULL, _("Start your shift")));
}

/*---- Events and alarms ----*/

static const struct ui_field_spec event_fields[] = {
	{ "kind", N_("Kind"), UF_CHOICE, 0, 0, 1, NULL },
	{ "text", N_("What happened"), UF_TEXT, 0, 2000, 1, NULL },
	{ "cameras", N_("Cameras"), UF_MULTI, 0, 0, 0, N_("Enter: choose") },
	{ "at", N_("When"), UF_DATETIME, 17, 16, 0, N_("empty: now") },
	{ "corrects", N_("Corrects event"), UF_TEXT, 8, 12, 0, N_("its number, or empty") },
};

static int
submit_event(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct duty_event_spec sp;
	size_t n;
	char **cams = vg_split_list(form_get(f, "cameras"), &n);
	int64_t id;
	int r = -1;

	(void)ud;
	memset(&sp, 0, sizeof sp);
	sp.kind = form_get(f, "kind");
	sp.text = form_get(f, "text");
	sp.cameras = (const char **)cams;
	sp.ncameras = n;
	sp.at_us = form_get_time(f, "at");
	if (recui_form_id(f, "corrects", &sp.corrects, err) == 0 &&
	    duty_event_add(ui->site, ui->actor, &sp, &id, err) == 0) {
		ui_message(ui, UI_GOOD, _("Event %lld is in the log."), (long long)id);
		r = 0;
	}
	vg_strv_free(cams, n);
	return r;
}

static void
open_event(struct ui *ui)
{
	const struct pol_records *rc = &ui->site->pol->records;
	struct duty_shift *cur = duty_current(ui->site, ui->actor);
	struct req_camera *cams;
	struct vg_err err;
	struct ui_form *f;
	const char **vals, **labels;
	size_t ncams, most;

	if (cur == NULL) {
		ui_message(ui, UI_WARN, "%s", _("You are not on a shift: n starts one."));
		return;
	}
	duty_free_list(cur, 1);
	if ((cams = duty_cameras(ui->site, ui->actor, &ncams, &err)) == NULL) {
		ui_dialog_message(ui, _("Cannot log an event"), err.msg);
		return;
	}
	f = form_new(_("Log an event of your shift"), event_fields, VG_ARRLEN(event_fields));
	most = ncams > rc->nduty_kinds ? ncams : rc->nduty_kinds;
	vals = xcalloc(most + 1, sizeof *vals);
	labels = xcalloc(most + 1, sizeof *labels);
	for (size_t i = 0; i < rc->nduty_kinds; i++) {
		vals[i] = rc->duty_kinds[i].id;
		labels[i] = pol_tr(&rc->duty_kinds[i].title);
	}
	form_set_options(f, "kind", rc->nduty_kinds, vals, labels);
	form_set(f, "kind", rc->duty_kinds[0].id);
	for (size_t i = 0; i < ncams; i++) {
		vals[i] = cams[i].id;
		labels[i] = xasprintf("%s · %s", cams[i].id, cams[i].name);
	}
	form_set_options(f, "cameras", ncams, vals, labels);
	for (size_t i = 0; i < ncams; i++)
		free((char *)labels[i]);
	free(vals);
	free(labels);
	requests_free_cameras(cams, ncams);
	ui_push(ui, screen_form_new(ui, f, submit_event, NULL, _("Log an event")));
}

/* One key: the oldest camera alarm of the shift not in the log goes in. */
static void
log_alarm(struct ui *ui)
{
	struct duty_shift *cur = duty_current(ui->site, ui->actor);
	struct duty_alarm *v;
	struct vg_err err;
	int64_t id;
	size_t n;

	if (cur == NULL) {
		ui_message(ui, UI_WARN, "%s", _("You are not on a shift: n starts one."));
		return;
	}
	v = duty_alarms(ui->site, ui->actor, cur->id, &n);
	if (n == 0)
		ui_message(ui, UI_NORMAL, "%s", _("No camera alarm of your shift waits for the log."));
	else if (duty_log_alarm(ui->site, ui->actor, v[0].id, &id, &err) != 0)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	else {
		char *text = duty_alarm_text(&v[0]);

		ui_message(ui, UI_GOOD, _("Event %lld logged: %s (%zu more to log)"), (long long)id,
		    text, n - 1);
		free(text);
	}
	duty_free_alarms(v, n);
	duty_free_list(cur, 1);
}

/*---- Ending the shift ----*/

static const struct ui_field_spec end_fields[] = {
	{ "handover", N_("Handover"), UF_TEXT, 0, 4000, 1, N_("for the next guard") },
};

static int
submit_end(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id;

	(void)ud;
	if (duty_end(ui->site, ui->actor, form_get(f, "handover"), &id, err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Shift %lld ended; the handover waits for the next guard."),
	    (long long)id);
	return 0;
}

/* What the next guard should hear about: who is still in the control room. */
static char *
end_note(struct ui *ui, const struct duty_shift *cur)
{
	struct room_entry *v;
	struct vg_err err;
	struct vg_buf b;
	size_t n;

	buf_init(&b);
	buf_printf(&b, ngettext("%lld event logged in this shift.", "%lld events logged in this shift.",
	    (unsigned long)cur->nevents), (long long)cur->nevents);
	if ((v = room_list(ui->site, ui->actor, 0, &n, &err)) != NULL && n > 0) {
		struct vg_buf who;

		buf_init(&who);
		for (size_t i = 0; i < n; i++) {
			buf_puts(&who, i ? _(", ") : "");
			buf_printf(&who, _("%s (%s)"), v[i].name, v[i].organisation);
		}
		buf_printf(&b, _(" Still in the control room, flagged once the shift ends: %s."),
		    who.s);
		buf_free(&who);
	}
	if (v != NULL)
		room_free_list(v, n);
	return buf_steal(&b);
}

static void
open_end(struct ui *ui)
{
	struct duty_shift *cur = duty_current(ui->site, ui->actor);
	struct ui_form *f;
	char *note;

	if (cur == NULL) {
		ui_message(ui, UI_WARN, "%s", _("You are not on a shift."));
		return;
	}
	f = form_new(_("End your shift"), end_fields, VG_ARRLEN(end_fields));
	note = end_note(ui, cur);
	form_set_note(f, note);
	free(note);
	duty_free_list(cur, 1);
	ui_push(ui, screen_form_new(ui, f, submit_end, NULL, _("End your shift")));
}

/*---- One shift ----*/

static void
add_events(struct ui *ui, struct ui_text *t, const struct duty_shift *d)
{
	char when[32];

	text_heading(t, _("Events"));
	if (d->nev == 0)
		text_para(t, 2, UI_DIM, _("none yet"));
	for (size_t i = 0; i < d->nev; i++) {
		const struct duty_event *e = &d->events[i];
		char *line = xasprintf("%lld · %s%s%s · %s", (long long)e->id,
		    duty_kind_title(ui->site, e->kind), e->cameras[0] ? " · " : "", e->cameras, e->text);

		if (e->corrects || e->corrected_by) {
			char *more = e->corrects ? xasprintf(_("%s (corrects event %lld)"), line,
			    (long long)e->corrects) : xasprintf(_("%s (corrected by event %lld)"), line,
			    (long long)e->corrected_by);

			free(line);
			line = more;
		}
		text_field(t, govui_time(e->at_us, when), line, e->corrected_by ? UI_DIM : UI_NORMAL);
		free(line);
	}
}

static void
add_alarms(struct ui *ui, struct ui_text *t, const struct duty_shift *d)
{
	size_t n;
	struct duty_alarm *v = duty_alarms(ui->site, ui->actor, d->id, &n);
	char when[32];

	if (n > 0)
		text_heading(t, _("Camera alarms not in the log (l logs the first)"));
	for (size_t i = 0; i < n; i++) {
		char *text = duty_alarm_text(&v[i]);

		text_field(t, govui_time(v[i].ts_us, when), text, UI_WARN);
		free(text);
	}
	duty_free_alarms(v, n);
}

static int
shift_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct duty_shift *d = duty_get(ui->site, ui->actor, rd->id, err);
	struct ui_text *t = &rd->text;
	char a[32], *s;
	int mine;

	if (d == NULL)
		return -1;
	mine = d->ended_us == 0 && strcmp(d->guard, ui->actor->login) == 0;
	s = xasprintf(_("Shift %lld · %s"), (long long)d->id, duty_state(d));
	text_heading(t, s);
	free(s);
	s = xasprintf("%s (%s)", d->guard_name, d->guard);
	text_field(t, _("Guard"), s, UI_NORMAL);
	free(s);
	text_field(t, _("Desk"), d->desk, UI_NORMAL);
	text_field(t, _("Started"), govui_time(d->started_us, a), UI_NORMAL);
	text_field(t, _("Ended"), govui_time(d->ended_us, a), d->overdue ? UI_ERROR : UI_NORMAL);
	if (d->ended_us)
		text_field(t, _("Handover"), d->handover, UI_NORMAL);
	if (d->acked_us) {
		s = xasprintf(_("by %s, %s"), d->acked_by_name, govui_time(d->acked_us, a));
		text_field(t, _("Acknowledged"), s, UI_GOOD);
		free(s);
	} else if (d->ended_us)
		text_field(t, _("Acknowledged"), _("not yet"), UI_WARN);
	add_events(ui, t, d);
	if (mine)
		add_alarms(ui, t, d);
	rd->avail = mine ? 0x7 : 0;	/* the actor's open shift: all three */
	duty_free_list(d, 1);
	return 0;
}

static void
act_event(struct ui *ui, const char *key)
{
	(void)key;
	open_event(ui);
}

static void
act_alarm(struct ui *ui, const char *key)
{
	(void)key;
	log_alarm(ui);
}

static void
act_end(struct ui *ui, const char *key)
{
	(void)key;
	open_end(ui);
}

static const struct recdetail_action shift_actions[] = {
	{ "e", N_("log"), act_event }, { "l", N_("alarm"), act_alarm }, { "h", N_("end"), act_end },
};

static const struct recdetail_def shift_def = {
	RECDETAIL_OPS(N_("Shift"), N_("One duty shift: who kept it at which desk, its events in "
	    "time order (a correction names the event it corrects), the handover note and who "
	    "acknowledged it. On your own open shift, e logs an event, l logs the oldest camera "
	    "alarm not yet in the log, h ends the shift with the handover. r reloads.")),
	shift_load, shift_actions, VG_ARRLEN(shift_actions)
};

static void
open_shift(struct ui *ui, struct govlist *g, const char *key)
{
	char *title = xasprintf(_("Shift %s"), key);

	(void)g;
	recdetail_open(ui, &shift_def, key, title);
	free(title);
}

/*---- The screen ----*/

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	(void)g;
	(void)sel;
	switch (ch) {
	case 'n':
		open_start(ui);
		return UI_HANDLED;
	case 'e':
		open_event(ui);
		return UI_HANDLED;
	case 'l':
		log_alarm(ui);
		return UI_HANDLED;
	case 'a':
		ack_handovers(ui, 0);
		return UI_HANDLED;
	case 'h':
		open_end(ui);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

/* The keys that work now: start when off shift; log, alarms, end on one;
 * acknowledge while a handover waits. */
static const struct ui_key *
duty_keys(struct ui *ui, struct ui_screen *s)
{
	static struct ui_key v[6];
	struct govlist *g = s->data;
	struct mine m;
	size_t k = 0;

	mine_load(ui, &m);
	if (m.shift == NULL)
		v[k++] = (struct ui_key){ "n", N_("start") };
	else {
		if (m.nhandovers)
			v[k++] = (struct ui_key){ "a", N_("acknowledge") };
		v[k++] = (struct ui_key){ "e", N_("log") };
		if (m.nalarms)
			v[k++] = (struct ui_key){ "l", N_("alarm") };
		v[k++] = (struct ui_key){ "h", N_("end") };
	}
	v[k] = (struct ui_key){ NULL, NULL };
	mine_free(&m);
	return list_screen_keys(&g->list, v);
}

static const struct ui_key no_keys[] = { { NULL, NULL } };

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(no shifts yet)"), no_keys, 5 * VG_USEC_PER_SEC, load, key,
	open_shift, NULL
};

static const struct ui_screen_ops ops = {
	.title = N_("Duty log"), .draw = govlist_draw, .key = govlist_key, .tick = govlist_tick,
	.keys = duty_keys, .resume = govlist_resume, .free = govlist_free,
	.help = N_("The duty log: every guard's shifts, newest first. n starts your shift at a "
	    "desk and shows the handover the guard before you left there, which you acknowledge; "
	    "e logs an event (its kind, what happened, the cameras, when); l logs the oldest "
	    "camera alarm of your shift with one key; h ends your shift with the handover note "
	    "for the next guard. A shift that has ended is never changed: log a correction in "
	    "your present shift instead. Enter shows a shift with its events."),
};

struct ui_screen *
screen_duty_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
