/* screen-viewings.c — the viewing desk: granted requests ready to view; start a viewing, end it; the banner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "core/gov/viewings.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns: reference, state, purpose, range and which cameras (the
 * purpose cut short first); viewers and the requester join as the terminal
 * widens. */
enum { C_REF, C_UNTIL, C_PURPOSE, C_RANGE, C_CAMERAS, C_VIEWERS, C_REQUESTER };
static const struct ui_col cols[] = {
	[C_REF] = { N_("REF"), 13, 0, 0, 0 },
	[C_UNTIL] = { N_("GRANT UNTIL"), 17, 0, 0, 0 },
	[C_PURPOSE] = { N_("PURPOSE"), 14, 2, 0, 0 },
	[C_RANGE] = { N_("RANGE"), 24, 0, 0, 0 },
	[C_CAMERAS] = { N_("CAMERAS"), 12, 1, 0, 0 },
	[C_VIEWERS] = { N_("VIEWERS"), 7, 0, 3, 1 },
	[C_REQUESTER] = { N_("REQUESTER"), 12, 1, 4, 0 },
};

static const struct ui_key keys[] = {
	{ "Enter", N_("details") },
	{ "v", N_("start") },
	/* p plays (more_keys: the help lists it): at 80 columns the line has no room for it. */
	{ "e", N_("end") },
	{ "/", N_("filter") },
	{ NULL, NULL }
};

static const struct ui_key more_keys[] = {
	{ "p", N_("play the footage of your running viewing") },
	{ NULL, NULL }
};

/* My running viewing of ref, or 0. */
static int64_t
running_of(const struct vg_viewing *v, size_t n, const char *ref)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].ref, ref) == 0)
			return v[i].id;
	return 0;
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct vg_request **v;
	struct vg_viewing *run;
	struct vg_err err;
	size_t n, nrun;

	if ((v = requests_list(ui->site, ui->actor, REQ_LIST_READY, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	run = viewings_running(ui->site, ui->actor, &nrun);
	for (size_t i = 0; i < n; i++) {
		char t[32], viewers[16], *state, *range = govui_range(v[i]->from_us, v[i]->to_us);
		char *cams = vg_strv_join(v[i]->cameras, v[i]->ncameras, ", ");
		int64_t vid = running_of(run, nrun, v[i]->ref);
		const char *cells[7];

		state = vid ? xasprintf(_("viewing %lld running"), (long long)vid) :
		    xstrdup(govui_time(v[i]->grant_until_us, t));
		snprintf(viewers, sizeof viewers, "%d", v[i]->viewers);
		cells[0] = v[i]->ref;
		cells[1] = state;
		cells[2] = v[i]->purpose_title;
		cells[3] = range;
		cells[4] = cams;
		cells[5] = viewers;
		cells[6] = v[i]->requester_name;
		list_add(&g->list, v[i]->ref, vid ? UI_WARN : UI_NORMAL, cells);
		free(state);
		free(range);
		free(cams);
	}
	if (nrun)
		govlist_head(g, UI_WARN, _("Granted requests ready to view: %zu; your viewings "
		    "running: %zu"), n, nrun);
	else
		govlist_head(g, UI_NORMAL, _("Granted requests ready to view: %zu"), n);
	viewings_free_list(run, nrun);
	requests_free_list(v, n);
}

/* The player of my running viewing of ref (screen-player.c). */
static void
play_viewing(struct ui *ui, const char *ref)
{
	struct vg_viewing *run;
	struct ui_screen *s;
	struct vg_err err;
	size_t n;
	int64_t id;

	run = viewings_running(ui->site, ui->actor, &n);
	id = running_of(run, n, ref);
	viewings_free_list(run, n);
	if (id == 0) {
		ui_message(ui, UI_WARN, _("You are running no viewing of %s: start one with v."), ref);
		return;
	}
	if ((s = screen_player_open(ui, id, NULL, 0, &err)) == NULL)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	else
		ui_push(ui, s);
}

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	(void)g;
	if (ch != 'v' && ch != 'e' && ch != 'p')
		return UI_UNHANDLED;
	if (sel != NULL && ch == 'p')
		play_viewing(ui, sel);
	else if (sel != NULL && ch == 'v')
		govui_viewing_start(ui, sel);
	else if (sel != NULL)
		govui_viewing_end(ui, sel);
	return UI_HANDLED;
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(no granted request is ready to view)"), keys,
	5 * VG_USEC_PER_SEC, load, key, NULL, more_keys
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Viewing desk"),
    N_("Granted requests whose footage may be viewed now, the grant ending soonest first. "
    "v starts a supervised viewing of the selected request: name every viewer with their "
    "ID, and confirm that no involved party takes part. While it runs, a banner stays at "
    "the top of every screen; p plays its footage (the granted cameras and range only); "
    "e ends it, with notes and where the footage went. r reloads the list."));

struct ui_screen *
screen_viewings_new(struct ui *ui)
{
	struct ui_screen *s = govlist_new(ui, &ops, &def);

	list_cut(govlist_list(s), C_PURPOSE, 8);
	list_cut(govlist_list(s), C_CAMERAS, 8);
	return s;
}

/*---- Starting a viewing ----*/

/* The form's fields are made for the number of viewers allowed: a name and
 * an ID per viewer, the next pair shown once the one before is filled. */
struct start {
	char			*ref;
	struct ui_field_spec	*specs;
	size_t			 nspecs;
	int			 rows;
	char			**strings;	/* names, labels: freed with the form */
	size_t			 nstrings;
};

static const char *
keep(struct start *st, char *s)
{
	st->strings = xrealloc(st->strings, (st->nstrings + 1) * sizeof *st->strings);
	st->strings[st->nstrings++] = s;
	return s;
}

static void
start_free(void *ud)
{
	struct start *st = ud;

	for (size_t i = 0; i < st->nstrings; i++)
		free(st->strings[i]);
	free(st->strings);
	free(st->specs);
	free(st->ref);
	free(st);
}

static const char *
row_name(int i, int id)
{
	static char b[32];

	snprintf(b, sizeof b, "viewer_%s_%d", id ? "id" : "name", i);
	return b;
}

/* A row is shown when it or the one before it holds something. */
static void
start_change(struct ui_form *f, const char *name, void *ud)
{
	struct start *st = ud;

	(void)name;
	for (int i = 2; i <= st->rows; i++) {
		int prev = form_get(f, row_name(i - 1, 0))[0] || form_get(f, row_name(i - 1, 1))[0];
		int self = form_get(f, row_name(i, 0))[0] || form_get(f, row_name(i, 1))[0];
		int show = (prev && form_shown(f, row_name(i - 1, 0))) || self;

		form_show(f, row_name(i, 0), show);
		form_show(f, row_name(i, 1), show);
	}
}

static int
submit_start(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct start *st = ud;
	struct viewing_person *p = xcalloc((size_t)st->rows + 1, sizeof *p);
	struct vg_buf who;
	size_t n = 0;
	int64_t id;
	int yes, r = -1;
	char *ask;

	buf_init(&who);
	buf_puts(&who, "");
	for (int i = 1; i <= st->rows; i++) {
		const char *name = form_get(f, row_name(i, 0)), *idn = form_get(f, row_name(i, 1));

		if (!form_shown(f, row_name(i, 0)) || (name[0] == '\0' && idn[0] == '\0'))
			break;
		p[n].name = name;
		p[n].id_number = idn;
		buf_printf(&who, "\n  %s (%s)", name, idn);
		n++;
	}
	/* Every field is checked before the question, so the dialog never lists a
	 * viewer core would refuse. */
	if (viewings_check_start(ui->site, ui->actor, st->ref, p, n,
	    strcmp(form_get(f, "declaration"), "yes") == 0, err) != 0)
		goto out;
	ask = xasprintf(_("Start a viewing of %s now, run by you, with these viewers?%s"), st->ref,
	    who.s);
	yes = ui_dialog_confirm(ui, _("Start viewing"), ask);
	free(ask);
	if (!yes) {
		vg_err_clear(err);
		goto out;
	}
	if (viewings_start(ui->site, ui->actor, st->ref, p, n,
	    strcmp(form_get(f, "declaration"), "yes") == 0, &id, err) != 0)
		goto out;
	ui_message(ui, UI_GOOD, _("Viewing %lld of %s has begun. End it here with e when the "
	    "viewers leave."), (long long)id, st->ref);
	ui_banner_refresh(ui);
	r = 0;
out:
	buf_free(&who);
	free(p);
	return r;
}

/* Who may watch, the escort and the route's conditions, for the form's note. */
static char *
terms_note(const struct viewing_terms *t)
{
	struct vg_buf b;

	buf_init(&b);
	buf_printf(&b, ngettext("Approved for %d viewer; at most %d at once, %d viewing now.",
	    "Approved for %d viewers; at most %d at once, %d viewing now.",
	    (unsigned long)t->approved), t->approved, t->limit, t->viewing_now);
	if (t->escort_name != NULL)
		buf_printf(&b, _("\nEscort: the registering officer %s (ID %s) must be among the "
		    "viewers [%s]."), t->escort_name, t->escort_id, t->escort_article);
	if (t->applicants != NULL)
		buf_printf(&b, _("\nOnly the applicants view: %s."), t->applicants);
	for (size_t i = 0; i < t->nrequired; i++)
		buf_printf(&b, _("\nAmong the viewers, as a registered user (name @LOGIN): %s"),
		    t->required[i]);
	for (size_t i = 0; i < t->nconditions; i++)
		buf_printf(&b, "\n%s", t->conditions[i]);
	return buf_steal(&b);
}

void
govui_viewing_start(struct ui *ui, const char *ref)
{
	static const char *const decl[] = { "yes" };
	const char *decl_labels[1] = { _("yes: no involved party takes part") };
	struct viewing_terms t;
	struct vg_err err;
	struct start *st;
	struct ui_form *f;
	struct ui_screen *s;
	char *title, *note;
	int rows;

	if (viewings_terms(ui->site, ui->actor, ref, &t, &err) != 0) {
		ui_dialog_message(ui, _("Cannot start a viewing"), err.msg);
		return;
	}
	rows = t.max_viewers > 0 ? t.max_viewers : 1;
	st = xcalloc(1, sizeof *st);
	st->ref = xstrdup(ref);
	st->rows = rows;
	st->nspecs = (size_t)rows * 2 + 1;
	st->specs = xcalloc(st->nspecs, sizeof *st->specs);
	for (int i = 1; i <= rows; i++) {
		struct ui_field_spec *nm = &st->specs[(i - 1) * 2], *id = nm + 1;

		nm->name = keep(st, xstrdup(row_name(i, 0)));
		nm->label = keep(st, xasprintf(_("Viewer %d: name"), i));
		nm->kind = UF_TEXT;
		nm->max = 100;
		nm->required = i == 1;
		id->name = keep(st, xstrdup(row_name(i, 1)));
		id->label = keep(st, xasprintf(_("Viewer %d: ID"), i));
		id->kind = UF_TEXT;
		id->width = 20;
		id->max = 64;
		id->required = i == 1;
		id->hint = i == 1 ? _("ID card, work card or badge number") : NULL;
	}
	st->specs[rows * 2] = (struct ui_field_spec){ "declaration", N_("Involved party"),
	    UF_CHOICE, 0, 0, 1, N_("must be confirmed") };
	title = xasprintf(_("Start a viewing of %s"), ref);
	f = form_new(title, st->specs, st->nspecs);
	form_set_options(f, "declaration", 1, decl, decl_labels);
	/* DLUT art. 15(1)1: the registering officer escorts outside viewers. */
	if (t.escort_name != NULL) {
		form_set(f, "viewer_name_1", t.escort_name);
		form_set(f, "viewer_id_1", t.escort_id);
	}
	note = terms_note(&t);
	form_set_note(f, note);
	form_on_change(f, start_change, st);
	start_change(f, "", st);
	s = screen_form_new(ui, f, submit_start, st, _("Start viewing"));
	screen_form_set_free(s, start_free);
	ui_push(ui, s);
	free(note);
	free(title);
	viewings_terms_free(&t);
}

/*---- Ending it ----*/

/* Where the footage went: "none", or a destination kind of the profile that
 * this grant's copies may go to, with the person who took it and their ID. */
static const struct ui_field_spec end_fields[] = {
	{ "notes", N_("Notes"), UF_TEXT, 0, 2000, 0, N_("what was seen") },
	{ "destination", N_("Footage went to"), UF_CHOICE, 0, 0, 1, NULL },
	{ "recipient", N_("Copy taken by"), UF_TEXT, 0, 100, 0, N_("name") },
	{ "recipient_id", N_("Their ID"), UF_TEXT, 20, 64, 0,
	  N_("ID card, work card or badge number") },
};

struct ending {
	int64_t	 id;
	char	*ref;
};

static void
ending_free(void *ud)
{
	struct ending *e = ud;

	free(e->ref);
	free(e);
}

static int
submit_end(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct ending *e = ud;
	char *ask = xasprintf(_("End viewing %lld of %s now?"), (long long)e->id, e->ref);
	int yes = ui_dialog_confirm(ui, _("End viewing"), ask);
	struct viewing_end end;

	free(ask);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	memset(&end, 0, sizeof end);
	end.notes = form_get(f, "notes");
	end.destination = form_get(f, "destination");
	end.copied = strcmp(end.destination, "none") != 0;
	end.recipient = end.copied ? form_get(f, "recipient") : NULL;
	end.recipient_id = end.copied ? form_get(f, "recipient_id") : NULL;
	if (viewings_end(ui->site, ui->actor, e->id, &end, err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Viewing %lld of %s has ended."), (long long)e->id, e->ref);
	ui_banner_refresh(ui);
	return 0;
}

/* The recipient is asked for only when a copy went somewhere. */
static void
end_change(struct ui_form *f, const char *name, void *ud)
{
	int copied = strcmp(form_get(f, "destination"), "none") != 0;

	(void)name;
	(void)ud;
	form_show(f, "recipient", copied);
	form_show(f, "recipient_id", copied);
}

/* Why the profile has no destination for some kinds (REG ch. 4 §2.2, §3.1). */
static void
end_note(struct ui *ui, struct ui_form *f)
{
	const struct vg_policy *p = ui->site->pol;
	struct vg_buf b;

	buf_init(&b);
	for (size_t i = 0; i < p->ndestinations; i++)
		if (p->destinations[i].refuse.en[0])
			buf_printf(&b, _("%sNever to %s: %s [%s]"), b.len ? "\n" : "",
			    pol_tr(&p->destinations[i].title), pol_tr(&p->destinations[i].refuse),
			    p->destinations[i].article);
	if (b.len)
		form_set_note(f, b.s);
	buf_free(&b);
}

/* "none" and the kinds a copy of ref may go to, with their titles. */
static void
end_destinations(struct ui *ui, struct ui_form *f, const char *ref)
{
	size_t n;
	const struct pol_destination **d = viewings_destinations(ui->site, ref, &n);
	const char **values = xcalloc(n + 1, sizeof *values);
	const char **labels = xcalloc(n + 1, sizeof *labels);

	values[0] = "none";
	labels[0] = _("nowhere: nothing left the viewing");
	for (size_t i = 0; i < n; i++) {
		values[i + 1] = d[i]->id;
		labels[i + 1] = pol_tr(&d[i]->title);
	}
	form_set_options(f, "destination", n + 1, values, labels);
	form_set(f, "destination", "none");
	free(values);
	free(labels);
	free(d);
	end_note(ui, f);
}

void
govui_viewing_end(struct ui *ui, const char *ref)
{
	struct vg_viewing *run;
	struct ending *e;
	struct ui_form *f;
	struct ui_screen *s;
	size_t n;
	int64_t id;
	char *title;

	run = viewings_running(ui->site, ui->actor, &n);
	id = running_of(run, n, ref);
	viewings_free_list(run, n);
	if (id == 0) {
		ui_message(ui, UI_WARN, _("You are running no viewing of %s."), ref);
		return;
	}
	e = xcalloc(1, sizeof *e);
	e->id = id;
	e->ref = xstrdup(ref);
	title = xasprintf(_("End viewing %lld of %s"), (long long)id, ref);
	f = form_new(title, end_fields, VG_ARRLEN(end_fields));
	free(title);
	/* A copy goes only where the profile lets this grant's copies go. */
	end_destinations(ui, f, ref);
	form_on_change(f, end_change, NULL);
	end_change(f, "", NULL);
	s = screen_form_new(ui, f, submit_end, e, _("End viewing"));
	screen_form_set_free(s, ending_free);
	ui_push(ui, s);
}

/*---- The banner ----*/

void
govui_viewing_banner(struct ui *ui)
{
	size_t n;
	struct vg_viewing *v = viewings_running(ui->site, ui->actor, &n);
	char t[32];

	ui->banner[0] = '\0';
	ui->banner_role = UI_WARN;
	if (n == 1)
		snprintf(ui->banner, sizeof ui->banner, ngettext("● Viewing %lld of %s since %s, %zu "
		    "viewer: end it at the viewing desk", "● Viewing %lld of %s since %s, %zu "
		    "viewers: end it at the viewing desk", (unsigned long)v[0].npeople),
		    (long long)v[0].id, v[0].ref, govui_time(v[0].started_us, t) + 11, v[0].npeople);
	else if (n > 1)
		snprintf(ui->banner, sizeof ui->banner, _("● %zu viewings of yours since %s: end "
		    "them at the viewing desk"), n,
		    govui_time(v[0].started_us, t) + 11);
	viewings_free_list(v, n);
}

/*---- Quitting with a viewing running ----*/

/*
 * q with a viewing of yours still running (GCU art. 16, DLUT art. 15: every
 * viewing is ended with what was seen and where the footage went): end it
 * now with notes, or leave it running (its banner comes back at the next
 * login), or stay.
 */
int
govui_quit(struct ui *ui)
{
	static const struct ui_key answers[] = {
		{ "e", N_("end it now, with notes") },
		{ "l", N_("leave it running and quit") },
		{ NULL, NULL }
	};
	size_t n;
	struct vg_viewing *v = viewings_running(ui->site, ui->actor, &n);
	char *text, *ref, t[32];
	int a;

	if (n == 0) {
		viewings_free_list(v, n);
		return 1;
	}
	text = n == 1 ? xasprintf(ngettext("Viewing %lld of %s, started at %s with %zu viewer, "
	    "is still running. End it now with your notes, or leave it running: it stays open "
	    "until you end it at the viewing desk.", "Viewing %lld of %s, started at %s with "
	    "%zu viewers, is still running. End it now with your notes, or leave it running: "
	    "it stays open until you end it at the viewing desk.", (unsigned long)v[0].npeople),
	    (long long)v[0].id, v[0].ref, govui_time(v[0].started_us, t), v[0].npeople) :
	    xasprintf(ngettext("%zu viewing of yours is still running. End the first (%s) now "
	    "with your notes, or leave them running until you end them at the viewing desk.",
	    "%zu viewings of yours are still running. End the first (%s) now with your notes, "
	    "or leave them running until you end them at the viewing desk.", (unsigned long)n),
	    n, v[0].ref);
	ref = xstrdup(v[0].ref);
	viewings_free_list(v, n);
	a = ui_dialog_choose(ui, _("A viewing is still running"), text, answers);
	free(text);
	if (a == 'e')
		govui_viewing_end(ui, ref);
	free(ref);
	return a == 'l';
}
