/* screen-review.c — the monthly review: the months and their state, a month's findings to answer, its sections, sign-off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/review.h"
#include "core/maintenance.h"
#include "core/report.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/records-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"
#include "tui/console/widget-list.h"

static void open_month(struct ui *, const char *month);

/*---- Progress while a review is built ----*/

static void
progress_line(void *ud, const char *line)
{
	struct ui *ui = ud;

	ui_message(ui, UI_NORMAL, "%s", line);
	ui_draw(ui);
}

/* Opens or builds again a month's review, showing how far it got. */
static int
build(struct ui *ui, const char *month)
{
	struct maint_progress p = { progress_line, ui };
	struct vg_err err;

	if (review_open(ui->site, ui->actor, month, &p, &err) != 0) {
		ui_dialog_message(ui, _("Cannot open the review"), err.msg);
		return -1;
	}
	ui_message(ui, UI_GOOD, _("The review of %s is built: checks run, findings computed."),
	    month);
	return 0;
}

/*---- The months ----*/

static const struct ui_col month_cols[] = {
	{ N_("MONTH"), 8, 0, 0, 0 },
	{ N_("STATE"), 18, 1, 0, 0 },
	{ N_("DUE"), 10, 0, 0, 0 },
	{ N_("FINDINGS"), 14, 1, 0, 0 },
	{ N_("SIGNED OFF"), 20, 1, 2, 0 },
};

static const struct ui_key months_keys[] = {
	{ "Enter", N_("open") }, { "o", N_("build") }, { NULL, NULL }
};

char *
screen_review_waiting(struct ui *ui)
{
	size_t n;
	char **v = review_overdue(ui->site, ui->actor, &n), *line;

	/* Short enough for the home screen at 80 columns; status says when it was due. */
	if (n == 0)
		line = xstrdup(_("every month due is signed off"));
	else if (n == 1)
		line = xasprintf(_("%s is overdue: not signed off"), v[0]);
	else
		line = xasprintf(_("%zu months overdue, the oldest %s"), n, v[0]);
	if (v != NULL)
		vg_strv_free(v, n);
	return line;
}

static int
month_role(const struct review *rv)
{
	if (rv->state == REVIEW_SIGNED)
		return UI_DIM;
	return rv->overdue ? UI_ERROR : rv->state == REVIEW_OPEN ? UI_WARN : UI_NORMAL;
}

static void
months_load(struct ui *ui, struct govlist *g)
{
	struct review *v;
	struct vg_err err;
	size_t n, late = 0;

	if ((v = review_list(ui->site, ui->actor, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char due[32], f[48], sig[64], t[32];
		const char *cells[5] = { v[i].month, review_state_name(&v[i]),
			time_fmt_date(v[i].due_us, due), f, sig };

		if (v[i].id)
			snprintf(f, sizeof f, _("%zu, %zu open"), v[i].nfindings, v[i].open_findings);
		else
			snprintf(f, sizeof f, "-");
		if (v[i].signed_us)
			snprintf(sig, sizeof sig, "%s %s", govui_time(v[i].signed_us, t), v[i].signed_by);
		else
			snprintf(sig, sizeof sig, "-");
		list_add(&g->list, v[i].month, month_role(&v[i]), cells);
		late += v[i].overdue;
	}
	govlist_head(g, late ? UI_ERROR : UI_NORMAL, late ? _("%zu months, %zu overdue: Enter "
	    "opens one, o builds it") : _("%zu months: Enter opens one, o builds it"), n, late);
	review_free_list(v, n);
}

static int
months_key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	(void)g;
	if (ch != 'o' || sel == NULL)
		return UI_UNHANDLED;
	if (build(ui, sel) == 0)
		open_month(ui, sel);
	return UI_HANDLED;
}

static void
months_open(struct ui *ui, struct govlist *g, const char *key)
{
	(void)g;
	open_month(ui, key);
}

static const struct govlist_def months_def = {
	month_cols, VG_ARRLEN(month_cols), N_("(no months yet)"), months_keys,
	30 * VG_USEC_PER_SEC, months_load, months_key, months_open, NULL
};

static const struct ui_screen_ops months_ops = GOVLIST_OPS(N_("Monthly review"),
    N_("The months since the site began, newest first, with the state of each month's review "
    "of the logs (HHKCS 2.5.2, 3.5): not opened, open, signed off; overdue ones, not signed "
    "off by review.due_day of the next month, in red. o opens or builds a month's review "
    "again: it runs audit verify and footage verify and computes the findings from the "
    "records. Enter shows a month's review."));

struct ui_screen *
screen_review_new(struct ui *ui)
{
	struct vg_err err;

	if (actor_require(ui->site, ui->actor, "review.signoff", &err) != 0) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return NULL;
	}
	return govlist_new(ui, &months_ops, &months_def);
}

/*---- A month's review ----*/

static const struct ui_col finding_cols[] = {
	{ N_("NO."), 4, 0, 0, 1 },
	{ N_("KIND"), 20, 1, 0, 0 },
	{ N_("FINDING"), 24, 4, 0, 0 },
	{ N_("ANSWER"), 12, 0, 0, 0 },
	{ N_("NOTE"), 16, 2, 2, 0 },
};

struct month {
	char		 month[8];
	struct review	 rv;
	struct ui_list	 list;
	char		*lines[4];
	int		 roles[4];
};

static const char *
answer_label(const struct review_finding *f)
{
	if (f->gone_us)
		return _("no longer found");
	if (f->answer[0] == '\0')
		return _("not answered");
	return strcmp(f->answer, "accepted") == 0 ? _("accepted") : _("follow-up");
}

static void
head_lines(struct month *m)
{
	const struct review *rv = &m->rv;
	char t[32];

	for (int i = 0; i < 4; i++)
		free(m->lines[i]);
	m->lines[0] = xasprintf(_("%s · %zu findings, %zu not answered · due %s"),
	    review_state_name(rv), rv->nfindings, rv->open_findings,
	    time_fmt_date(rv->due_us, t));
	m->roles[0] = rv->overdue ? UI_ERROR : rv->state == REVIEW_SIGNED ? UI_GOOD : UI_NORMAL;
	/* One line each, so that both fit 80 columns. */
	m->lines[1] = xasprintf(_("Audit verify: %s"), rv->audit_result);
	m->roles[1] = !rv->audit_ok ? UI_ERROR : UI_NORMAL;
	m->lines[2] = xasprintf(_("Footage verify: %s"), rv->footage_ok < 0 ? _("not run") :
	    rv->footage_result);
	m->roles[2] = rv->footage_ok == 0 ? UI_ERROR : UI_NORMAL;
	if (rv->state == REVIEW_SIGNED)
		m->lines[3] = rv->head_ok ? xasprintf(_("Signed off %s by %s; the log still "
		    "matches it (entry %lld)."), govui_time(rv->signed_us, t), rv->signed_by,
		    (long long)rv->head.id) : xstrdup(rv->head_problem);
	else
		m->lines[3] = xasprintf(_("Conclusion: %s"), rv->conclusion[0] ? rv->conclusion :
		    _("(none yet: c writes it)"));
	m->roles[3] = rv->state == REVIEW_SIGNED && !rv->head_ok ? UI_ERROR : UI_NORMAL;
}

static int
month_load(struct ui *ui, struct month *m)
{
	struct vg_err err;

	review_free(&m->rv);
	if (review_get(ui->site, ui->actor, m->month, &m->rv, &err) != 0) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return -1;
	}
	list_begin(&m->list);
	for (size_t i = 0; i < m->rv.nfindings; i++) {
		const struct review_finding *f = &m->rv.findings[i];
		char no[24], *text = review_finding_text(ui->site, f);
		const char *cells[5] = { no, review_kind_title(f->kind), text, answer_label(f),
			f->note };

		snprintf(no, sizeof no, "%lld", (long long)f->id);
		list_add(&m->list, no, f->gone_us ? UI_DIM : f->answer[0] ? UI_NORMAL : UI_WARN,
		    cells);
		free(text);
	}
	list_end(&m->list);
	head_lines(m);
	return 0;
}

/*---- Answers and the conclusion ----*/

struct answer_ud {
	char	month[8];
	int64_t	id;
	char	answer[16];
};

static const struct ui_field_spec note_fields[] = {
	{ "note", N_("Note"), UF_TEXT, 0, 2000, 1, NULL },
};

static int
submit_answer(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct answer_ud *a = ud;

	if (review_answer(ui->site, ui->actor, a->month, a->id, a->answer, form_get(f, "note"),
	    err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Finding %lld: %s."), (long long)a->id,
	    strcmp(a->answer, "accepted") == 0 ? _("accepted") : _("follow-up"));
	return 0;
}

static const struct review_finding *
selected_finding(struct month *m)
{
	const struct ui_row *r = list_selected(&m->list);

	for (size_t i = 0; r != NULL && i < m->rv.nfindings; i++) {
		char no[24];

		snprintf(no, sizeof no, "%lld", (long long)m->rv.findings[i].id);
		if (strcmp(no, r->key) == 0)
			return &m->rv.findings[i];
	}
	return NULL;
}

static void
open_answer(struct ui *ui, struct month *m, const char *answer)
{
	const struct review_finding *f = selected_finding(m);
	struct answer_ud *a;
	struct ui_form *form;
	char *title, *text;

	if (f == NULL)
		return;
	a = xcalloc(1, sizeof *a);
	snprintf(a->month, sizeof a->month, "%s", m->month);
	snprintf(a->answer, sizeof a->answer, "%s", answer);
	a->id = f->id;
	title = xasprintf(strcmp(answer, "accepted") == 0 ? _("Accept finding %lld") :
	    _("Follow up finding %lld"), (long long)f->id);
	form = form_new(title, note_fields, VG_ARRLEN(note_fields));
	form_set(form, "note", f->note);
	text = review_finding_text(ui->site, f);
	form_set_note(form, text);
	ui_push(ui, screen_form_new(ui, form, submit_answer, a, title));
	free(text);
	free(title);
}

static const struct ui_field_spec conclusion_fields[] = {
	{ "conclusion", N_("Conclusion"), UF_TEXT, 0, 4000, 1, NULL },
};

static int
submit_conclusion(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *month = ud;

	if (review_conclude(ui->site, ui->actor, month, form_get(f, "conclusion"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("The conclusion of %s is recorded."), month);
	return 0;
}

static void
open_conclusion(struct ui *ui, struct month *m)
{
	struct ui_form *f = form_new(_("Conclusion of the review"), conclusion_fields,
	    VG_ARRLEN(conclusion_fields));

	form_set(f, "conclusion", m->rv.conclusion);
	ui_push(ui, screen_form_new(ui, f, submit_conclusion, xstrdup(m->month),
	    _("Conclusion of the review")));
}

static void
signoff(struct ui *ui, struct month *m)
{
	struct vg_err err;
	char *ask = xasprintf(_("Sign off the review of %s? %zu findings, all answered; the "
	    "conclusion: %s. The audit log's head and the footage chain heads are recorded with "
	    "your sign-off, and the review no longer changes."), m->month, m->rv.nfindings,
	    m->rv.conclusion[0] ? m->rv.conclusion : "-");

	/* Not ready: the refusal says why (HHKCS 3.5), without asking first. */
	if (m->rv.open_findings > 0 || m->rv.conclusion[0] == '\0') {
		if (review_signoff(ui->site, ui->actor, m->month, &err) != 0)
			ui_dialog_message(ui, _("Cannot sign off"), err.msg);
		else	/* answered meanwhile, in another session */
			ui_message(ui, UI_GOOD, _("The review of %s is signed off."), m->month);
	} else if (ui_dialog_confirm(ui, _("Sign off"), ask)) {
		if (review_signoff(ui->site, ui->actor, m->month, &err) != 0)
			ui_dialog_message(ui, _("Cannot sign off"), err.msg);
		else
			ui_message(ui, UI_GOOD, _("The review of %s is signed off."), m->month);
	}
	free(ask);
}

static void
report(struct ui *ui, struct month *m)
{
	char names[2][64];
	struct vg_err err;

	if (review_report(ui->site, ui->actor, m->month, names, &err) != 0)
		ui_dialog_message(ui, _("Cannot write the report"), err.msg);
	else
		ui_message(ui, UI_GOOD, _("Written for download (sftp): /reports/%s and /reports/%s"),
		    names[0], names[1]);
}

/*---- Pages: a finding whole, the sections ----*/

static int
finding_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	char month[8];
	long long id;
	struct review rv;
	int r = -1;

	if (sscanf(rd->key, "%7[0-9-]/%lld", month, &id) != 2)
		return vg_seterr(err, VG_NOTFOUND, "%s", rd->key);
	if (review_get(ui->site, ui->actor, month, &rv, err) != 0)
		return -1;
	for (size_t i = 0; i < rv.nfindings; i++) {
		const struct review_finding *f = &rv.findings[i];
		char t[32], *s;

		if (f->id != id)
			continue;
		s = xasprintf(_("Finding %lld · %s"), id, review_kind_title(f->kind));
		text_heading(&rd->text, s);
		free(s);
		s = review_finding_text(ui->site, f);
		text_para(&rd->text, 0, UI_NORMAL, s);
		free(s);
		text_field(&rd->text, _("Links"), f->links[0] ? f->links : "-", UI_NORMAL);
		text_field(&rd->text, _("Found"), govui_time(f->found_us, t), UI_NORMAL);
		text_field(&rd->text, _("Answer"), answer_label(f), f->answer[0] ? UI_GOOD : UI_WARN);
		if (f->answered_us) {
			s = xasprintf("%s (%s, %s)", f->note, f->answered_by,
			    govui_time(f->answered_us, t));
			text_field(&rd->text, _("Note"), s, UI_NORMAL);
			free(s);
		}
		r = 0;
	}
	review_free(&rv);
	if (r != 0)
		vg_seterr(err, VG_NOTFOUND, _("no finding %lld"), id);
	return r;
}

static const struct recdetail_def finding_def = {
	RECDETAIL_OPS(N_("Finding"), N_("One finding of the review: why it was found, the audit "
	    "entries it links to (look them up on the Audit log screen, f, by their object), and "
	    "the answer.")),
	finding_load, NULL, 0
};

static void
section_text(struct ui_text *t, const struct rpt_table *tb)
{
	char *s = xasprintf("%s (%zu)", tb->title, tb->nrows);

	text_heading(t, s);
	free(s);
	for (size_t r = 0; r < tb->nrows; r++) {
		struct vg_buf b;

		buf_init(&b);
		buf_puts(&b, "");
		for (size_t c = 0; c < tb->ncols; c++)
			buf_printf(&b, "%s%s", c ? " · " : "", tb->cells[r * tb->ncols + c]);
		text_para(t, 2, UI_NORMAL, b.s);
		buf_free(&b);
	}
}

static int
sections_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct review rv;
	struct rpt_doc d;

	if (review_get(ui->site, ui->actor, rd->key, &rv, err) != 0)
		return -1;
	if (review_doc(ui->site, ui->actor, &rv, &d, err) != 0) {
		review_free(&rv);
		return -1;
	}
	text_heading(&rd->text, d.title);
	for (size_t i = 0; i < d.nfacts; i++)
		text_field(&rd->text, d.facts[i].label, d.facts[i].value,
		    d.facts[i].alert ? UI_ERROR : UI_NORMAL);
	for (size_t i = 0; i < d.ntables; i++)
		if (strcmp(d.tables[i].id, "findings") != 0)
			section_text(&rd->text, &d.tables[i]);
	rpt_free(&d);
	review_free(&rv);
	return 0;
}

static const struct recdetail_def sections_def = {
	RECDETAIL_OPS(N_("Review sections"), N_("Everything the month's logs hold, section by "
	    "section: requests by status and purpose, approvals, viewings with their viewers, "
	    "purpose, what was played and where copies went, exports and downloads, holds, "
	    "retention purges, logins of note, camera outages and tamper alarms, changes to the "
	    "configuration, users and the register, the monitoring room's records, and who needs "
	    "authorising again before the school year.")),
	sections_load, NULL, 0
};

/*---- The month screen ----*/

static void
month_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct month *m = s->data;

	for (int i = 0; i < 4; i++)
		ui_put(stdscr, y + i, x + 1, w - 2, m->lines[i] ? m->lines[i] : "",
		    ui_attr(ui, m->roles[i]), 0);
	list_draw(ui, &m->list, y + 4, x, h - 4, w);
}

static void
open_finding(struct ui *ui, void *ud, const char *key)
{
	struct month *m = ud;
	char *k = xasprintf("%s/%s", m->month, key), *title = xasprintf(_("Finding %s"), key);

	recdetail_open(ui, &finding_def, k, title);
	free(k);
	free(title);
}

static int
act(struct ui *ui, struct month *m, wint_t ch)
{
	int open = m->rv.state == REVIEW_OPEN;

	switch (ch) {
	case 'a': if (open) open_answer(ui, m, "accepted"); break;
	case 'u': if (open) open_answer(ui, m, "follow-up"); break;
	case 'c': if (open) open_conclusion(ui, m); break;
	case 'o': if (m->rv.state != REVIEW_SIGNED) build(ui, m->month); break;
	case 'S': if (open) signoff(ui, m); break;
	case 'R': report(ui, m); break;
	case 'd':
		recdetail_open(ui, &sections_def, m->month, _("Review sections"));
		break;
	default:
		return UI_UNHANDLED;
	}
	return UI_HANDLED;
}

static int
month_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct month *m = s->data;

	if (m->list.filtering || ev->is_key)
		return list_screen_key(ui, &m->list, ev, open_finding, m);
	if (ev->ch == 'r') {
		month_load(ui, m);
		return UI_HANDLED;
	}
	if (act(ui, m, ev->ch) == UI_HANDLED) {
		if (ui_top(ui) == s)
			month_load(ui, m);
		return UI_HANDLED;
	}
	return list_screen_key(ui, &m->list, ev, open_finding, m);
}

static void
month_resume(struct ui *ui, struct ui_screen *s)
{
	month_load(ui, s->data);
}

/* What works depends on the state: answers only while open, nothing once signed. */
static const struct ui_key *
month_keys(struct ui *ui, struct ui_screen *s)
{
	static const struct ui_key open[] = { { "a", N_("accept") }, { "u", N_("follow up") },
		{ "c", N_("conclude") }, { "S", N_("sign off") }, { "d", N_("sections") },
		{ "R", N_("report") }, { "o", N_("rebuild") }, { NULL, NULL } };
	static const struct ui_key signed_keys[] = { { "d", N_("sections") },
		{ "R", N_("report") }, { "Enter", N_("finding") }, { NULL, NULL } };
	static const struct ui_key unopened[] = { { "o", N_("open") }, { NULL, NULL } };
	/* At 80 columns: answering while findings are open, then closing. */
	static const struct ui_key answering[] = { { "a", N_("accept") },
		{ "u", N_("follow up") }, { "c", N_("conclude") }, { NULL, NULL } };
	static const struct ui_key closing[] = { { "c", N_("conclude") }, { "S", N_("sign off") },
		{ "R", N_("report") }, { NULL, NULL } };
	struct month *m = s->data;

	return list_screen_keys(&m->list, m->rv.state == REVIEW_OPEN ? ui_keys_pick(ui, open,
	    m->rv.open_findings ? answering : closing) : m->rv.state == REVIEW_SIGNED ?
	    signed_keys : unopened);
}

static void
month_free(struct ui_screen *s)
{
	struct month *m = s->data;

	for (int i = 0; i < 4; i++)
		free(m->lines[i]);
	review_free(&m->rv);
	list_free(&m->list);
	free(m);
}

static const struct ui_screen_ops month_ops = {
	.title = N_("Review of the month"), .draw = month_draw, .key = month_key,
	.keys = month_keys, .resume = month_resume, .free = month_free,
	.help = N_("A month's review: its state, what audit verify and footage verify said when it "
	    "was built, the conclusion, and the findings computed from the records, those not yet "
	    "answered in yellow. a accepts the chosen finding and u marks it for follow-up, each "
	    "with a note; c writes the conclusion; S signs the month off once it is over and every "
	    "finding is answered, recording the audit log's head and the footage chain heads. d "
	    "shows every section of the month, R writes the report (HTML and CSV) to /reports/, o "
	    "builds the review again. Enter shows a finding whole with the audit entries it links "
	    "to."),
};

static void
open_month(struct ui *ui, const char *month)
{
	struct month *m = xcalloc(1, sizeof *m);
	struct ui_screen *s;

	snprintf(m->month, sizeof m->month, "%s", month);
	list_init(&m->list, finding_cols, VG_ARRLEN(finding_cols), 0);
	m->list.empty = N_("(no findings; o builds the review)");
	if (month_load(ui, m) != 0) {
		month_free(&(struct ui_screen){ .data = m });
		return;
	}
	s = ui_screen_new(&month_ops, m);
	snprintf(s->title, sizeof s->title, _("Review of %s"), month);
	ui_push(ui, s);
}
