/* screen-requests.c — my requests: the list with status and what comes next; withdraw, usage report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns: reference, status, purpose and range; cameras, the next
 * step and the kind join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("REF"), 13, 0, 0, 0 },
	{ N_("STATUS"), 20, 0, 0, 0 },
	{ N_("PURPOSE"), 18, 2, 0, 0 },
	{ N_("FROM"), 16, 0, 0, 0 },
	{ N_("NEXT"), 28, 3, 2, 0 },
	{ N_("CAMERAS"), 10, 1, 3, 0 },
	{ N_("KIND"), 6, 0, 4, 0 },
};

static const struct ui_key keys[] = {
	{ "Enter", N_("details") },
	{ "n", N_("new") },
	{ "/", N_("filter") },
	{ "r", N_("reload") },
	{ NULL, NULL }
};

static void
row(struct ui *ui, struct govlist *g, const struct vg_request *q, void *ud)
{
	char from[32], *next = govui_next(q), *cams = vg_strv_join(q->cameras, q->ncameras, ", ");
	const char *cells[7] = { q->ref, requests_status_name(q->status), q->purpose_title,
	    govui_time(q->from_us, from), next, cams, govui_kind_label(q->kind) };

	(void)ui, (void)ud;
	list_add(&g->list, q->ref, govui_status_role(q->status), cells);
	free(next);
	free(cams);
}

static void
load(struct ui *ui, struct govlist *g)
{
	long n = govlist_requests(ui, g, REQ_LIST_MINE, row, NULL);

	if (n >= 0)
		govlist_head(g, UI_NORMAL, _("Your requests, newest first: %ld"), n);
}

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	struct ui_screen *f;

	(void)g, (void)sel;
	if (ch != 'n')
		return UI_UNHANDLED;
	if ((f = screen_request_new(ui)) != NULL)
		ui_push(ui, f);
	return UI_HANDLED;
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(you have filed no requests: n files one)"), keys,
	5 * VG_USEC_PER_SEC, load, key, NULL, NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("My requests"),
    N_("The requests you filed, newest first, with their status and what comes next: the "
    "approval step they wait for, until when a grant lets you view, or when the usage "
    "report is due. Enter shows a request with its whole timeline and what you can do "
    "with it; n files a new one; r reloads."));

struct ui_screen *
screen_requests_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}

/*---- Withdraw, submit, usage report ----*/

void
govui_withdraw(struct ui *ui, const char *ref)
{
	struct vg_err err;
	char *ask = xasprintf(_("Withdraw %s? It cannot be taken back; you would file a new "
	    "request. Its exports can then no longer be downloaded."), ref);
	int yes = ui_dialog_confirm(ui, _("Withdraw"), ask);

	free(ask);
	if (!yes)
		return;
	if (requests_withdraw(ui->site, ui->actor, ref, &err) != 0)
		ui_dialog_message(ui, _("Not withdrawn"), err.msg);
	else
		ui_message(ui, UI_GOOD, _("%s is withdrawn."), ref);
}

void
govui_submit(struct ui *ui, const char *ref)
{
	struct vg_err err;
	char *ask = xasprintf(_("Submit the draft %s for approval?"), ref);
	int yes = ui_dialog_confirm(ui, _("Submit"), ask);

	free(ask);
	if (!yes)
		return;
	if (requests_submit(ui->site, ui->actor, ref, &err) != 0)
		ui_dialog_message(ui, _("Not submitted"), err.msg);
	else
		ui_message(ui, UI_GOOD, _("%s is submitted for approval."), ref);
}

static const struct ui_field_spec report_fields[] = {
	{ "text", N_("How it was used"), UF_TEXT, 0, 4000, 1, N_("and who received it") },
};

static int
submit_report(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *ref = ud;
	char *ask = xasprintf(_("File this usage report for %s? It closes the request; its exports can then "
	    "no longer be downloaded."), ref);
	int yes = ui_dialog_confirm(ui, _("Usage report"), ask);

	free(ask);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	if (reports_file(ui->site, ui->actor, ref, form_get(f, "text"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("The usage report of %s is filed; the request is closed."), ref);
	return 0;
}

void
govui_report(struct ui *ui, const char *ref)
{
	char *title = xasprintf(_("Usage report for %s"), ref);
	struct ui_form *f = form_new(title, report_fields, VG_ARRLEN(report_fields));

	free(title);
	ui_push(ui, screen_form_new(ui, f, submit_report, xstrdup(ref), _("Usage report")));
}
