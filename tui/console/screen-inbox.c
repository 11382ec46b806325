/* screen-inbox.c — the approvals inbox: requests waiting for my signature, oldest first; approve or reject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/clock.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* What an approver decides on shows at 80 columns too: view or copy, the
 * purpose and the cameras, with the reference, the requester and the range
 * (the requester and the purpose cut short first); the step and the filing
 * time join as the terminal widens. */
enum { C_REF, C_KIND, C_REQUESTER, C_PURPOSE, C_CAMERAS, C_RANGE, C_STEP, C_FILED };
static const struct ui_col cols[] = {
	[C_REF] = { N_("REF"), 13, 0, 0, 0 },
	[C_KIND] = { N_("KIND"), 4, 0, 0, 0 },
	[C_REQUESTER] = { N_("REQUESTER"), 12, 1, 1, 0 },
	[C_PURPOSE] = { N_("PURPOSE"), 16, 2, 0, 0 },
	[C_CAMERAS] = { N_("CAMERAS"), 12, 1, 0, 0 },
	[C_RANGE] = { N_("RANGE"), 24, 0, 0, 0 },
	[C_STEP] = { N_("YOUR STEP"), 24, 2, 3, 0 },
	[C_FILED] = { N_("FILED"), 16, 0, 4, 0 },
};

static const struct ui_key keys[] = {
	{ "Enter", N_("details") },
	{ "a", N_("approve") },
	{ "x", N_("reject") },
	{ "/", N_("filter") },
	{ NULL, NULL }
};

static void
row(struct ui *ui, struct govlist *g, const struct vg_request *q, void *ud)
{
	char filed[32], *range = govui_range(q->from_us, q->to_us);
	char *cams = vg_strv_join(q->cameras, q->ncameras, ", "), *next = govui_next(q);
	const char *cells[VG_ARRLEN(cols)] = { q->ref, govui_kind_label(q->kind),
	    q->requester_name, q->purpose_title, cams, range, next,
	    govui_time(q->submitted_us, filed) };

	(void)ui, (void)ud;
	list_add(&g->list, q->ref, UI_NORMAL, cells);
	free(range);
	free(cams);
	free(next);
}

static void
load(struct ui *ui, struct govlist *g)
{
	long n = govlist_requests(ui, g, REQ_LIST_PENDING, row, NULL);

	if (n >= 0)
		govlist_head(g, UI_NORMAL, ngettext("%ld request waits for your decision, oldest "
		    "first", "%ld requests wait for your decision, oldest first", (unsigned long)n), n);
}

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	(void)g;
	if (ch != 'a' && ch != 'x')
		return UI_UNHANDLED;
	if (sel != NULL && ch == 'a')
		govui_approve(ui, sel);
	else if (sel != NULL)
		govui_reject(ui, sel);
	return UI_HANDLED;
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(nothing waits for your decision)"), keys,
	5 * VG_USEC_PER_SEC, load, key, NULL, NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Approvals inbox"),
    N_("Requests whose next approval step is yours, by your roles and unit, oldest first. "
    "Enter shows a request in full; a approves it (with an optional comment, required "
    "where the step is a written instruction); x rejects it, with the reason in writing. "
    "Both ask you to confirm. r reloads the list."));

struct ui_screen *
screen_inbox_new(struct ui *ui)
{
	struct ui_screen *s = govlist_new(ui, &ops, &def);

	list_cut(govlist_list(s), C_REQUESTER, 8);
	list_cut(govlist_list(s), C_PURPOSE, 10);
	list_cut(govlist_list(s), C_CAMERAS, 8);
	return s;
}

/*---- Deciding ----*/

static const struct ui_field_spec approve_fields[] = {
	{ "comment", N_("Comment"), UF_TEXT, 0, 2000, 0, N_("optional") },
};
static const struct ui_field_spec instruct_fields[] = {
	{ "comment", N_("Written instruction"), UF_TEXT, 0, 2000, 1, NULL },
};
static const struct ui_field_spec reject_fields[] = {
	{ "reason", N_("Reason"), UF_TEXT, 0, 2000, 1, N_("in writing") },
};

/* What is being decided, for the form's note and the confirmation. */
static char *
summary(const struct vg_request *q, const struct req_step *x)
{
	char *range = govui_range(q->from_us, q->to_us), *cams = vg_strv_join(q->cameras, q->ncameras, ", ");
	char *s = xasprintf(_("Step %d of %zu: %s [%s]%s\n%s (%s) asks to %s %s, %s, for: %s.\n"
	    "Reason: %s"), x->step, q->nsteps, x->title, x->article, x->comment_required ?
	    _(" (a written instruction)") : "", q->requester_name, q->requester,
	    govui_kind_label(q->kind), cams, range, q->purpose_title, q->reason);

	free(range);
	free(cams);
	return s;
}

/* F2 on the decision form: the reference view of each camera asked for (issue 11). */
static void
show_views(struct ui *ui, struct ui_form *f, void *ud)
{
	struct vg_err err;
	struct vg_request *q = requests_get(ui->site, ui->actor, ud, &err);

	(void)f;
	if (q == NULL) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return;
	}
	ui_push(ui, screen_views_new(ui, q->cameras, q->ncameras));
	requests_free(q);
}

/* The request, if the actor may decide its current step now; else a dialog says why. */
static struct vg_request *
decidable(struct ui *ui, const char *ref, int *step)
{
	struct vg_err err;
	struct vg_request *q = requests_get(ui->site, ui->actor, ref, &err);

	if (q != NULL && approvals_can_sign(ui->site, ui->actor, q, step, &err) != 0) {
		requests_free(q);
		q = NULL;
	}
	if (q == NULL)
		ui_dialog_message(ui, _("Cannot decide"), err.msg);
	return q;
}

static int
submit_approve(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *ref = ud;
	struct vg_request *q;
	int granted, yes;
	char *ask = xasprintf(_("Approve %s?"), ref), t[32];

	yes = ui_dialog_confirm(ui, _("Approve"), ask);
	free(ask);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	if (approvals_approve(ui->site, ui->actor, ref, form_get(f, "comment"), &granted, err) != 0)
		return -1;
	q = requests_get(ui->site, ui->actor, ref, err);
	if (granted && q != NULL)
		ui_message(ui, UI_GOOD, _("Approved %s: it is granted until %s."), ref,
		    govui_time(q->grant_until_us, t));
	else if (q != NULL && q->current >= 0)
		ui_message(ui, UI_GOOD, _("Approved %s: it now waits for step %d, %s."), ref,
		    q->steps[q->current].step, q->steps[q->current].title);
	else
		ui_message(ui, UI_GOOD, _("Approved %s."), ref);
	requests_free(q);
	vg_err_clear(err);
	return 0;
}

static int
submit_reject(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *ref = ud;
	char *ask = xasprintf(_("Reject %s? The requester sees your reason."), ref);
	int yes = ui_dialog_confirm(ui, _("Reject"), ask);

	free(ask);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	if (approvals_reject(ui->site, ui->actor, ref, form_get(f, "reason"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Rejected %s."), ref);
	return 0;
}

static void
decide(struct ui *ui, const char *ref, int approve)
{
	struct vg_request *q;
	struct ui_form *f;
	struct ui_screen *s;
	char *title, *note, *what, *footage;
	int step, role;

	if ((q = decidable(ui, ref, &step)) == NULL)
		return;
	title = xasprintf(approve ? _("Approve %s") : _("Reject %s"), ref);
	if (!approve)
		f = form_new(title, reject_fields, VG_ARRLEN(reject_fields));
	else if (q->steps[step].comment_required)
		f = form_new(title, instruct_fields, VG_ARRLEN(instruct_fields));
	else
		f = form_new(title, approve_fields, VG_ARRLEN(approve_fields));
	what = summary(q, &q->steps[step]);
	footage = govui_footage(ui, q, &role);
	note = xasprintf("%s\n%s", what, footage);
	free(what);
	free(footage);
	form_set_note(f, note);
	s = screen_form_new(ui, f, approve ? submit_approve : submit_reject, xstrdup(ref),
	    approve ? _("Approve") : _("Reject"));
	screen_form_set_key(s, KEY_F(2), "F2", N_("camera views"), show_views);
	ui_push(ui, s);
	free(note);
	free(title);
	requests_free(q);
}

void
govui_approve(struct ui *ui, const char *ref)
{
	decide(ui, ref, 1);
}

void
govui_reject(struct ui *ui, const char *ref)
{
	decide(ui, ref, 0);
}
