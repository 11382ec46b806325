/* screen-overdue.c — what is late or about to run out: overdue usage reports, grants about to expire. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"

static const struct ui_col cols[] = {
	{ N_("REF"), 13, 0, 0, 0 },
	{ N_("WHAT"), 22, 1, 0, 0 },
	{ N_("WHEN"), 16, 0, 0, 0 },
	{ N_("REQUESTER"), 12, 1, 0, 0 },
	{ N_("PURPOSE"), 14, 2, 2, 0 },
	{ N_("CAMERAS"), 10, 1, 3, 0 },
};

static const struct ui_key keys[] = {
	{ "Enter", N_("details") },
	{ "/", N_("filter") },
	{ "r", N_("reload") },
	{ NULL, NULL }
};

static size_t
add_rows(struct ui *ui, struct govlist *g, enum req_list which, struct vg_err *err)
{
	size_t n = 0;
	struct vg_request **v = requests_list(ui->site, ui->actor, which, &n, err);

	if (v == NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char when[32], *cams = vg_strv_join(v[i]->cameras, v[i]->ncameras, ", ");
		char *key = xasprintf("%s%s", which == REQ_LIST_OVERDUE ? "" : "~", v[i]->ref);
		const char *cells[6] = { v[i]->ref, which == REQ_LIST_OVERDUE ?
		    _("usage report overdue") : _("grant about to expire"),
		    govui_time(which == REQ_LIST_OVERDUE ? v[i]->report_due_us :
		    v[i]->grant_until_us, when), v[i]->requester_name, v[i]->purpose_title, cams };

		list_add(&g->list, key, which == REQ_LIST_OVERDUE ? UI_ERROR : UI_WARN, cells);
		free(key);
		free(cams);
	}
	requests_free_list(v, n);
	return n;
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct vg_err err;
	size_t late, soon;

	vg_err_clear(&err);
	late = add_rows(ui, g, REQ_LIST_OVERDUE, &err);
	soon = add_rows(ui, g, REQ_LIST_EXPIRING, &err);
	if (err.msg[0])
		govlist_head(g, UI_ERROR, "%s", err.msg);
	else {
		char *a = xasprintf(ngettext("%zu usage report overdue", "%zu usage reports overdue",
		    (unsigned long)late), late);
		char *b = xasprintf(ngettext("%zu grant ends within %d days",
		    "%zu grants end within %d days", (unsigned long)soon), soon, REQ_EXPIRING_DAYS);

		govlist_head(g, late ? UI_ERROR : soon ? UI_WARN : UI_GOOD, "%s; %s", a, b);
		free(a);
		free(b);
	}
}

/* A row's key is the reference, "~" before it for a grant about to expire. */
static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	(void)g;
	govui_open_request(ui, key[0] == '~' ? key + 1 : key);
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(nothing is overdue or about to expire)"), keys,
	30 * VG_USEC_PER_SEC, load, NULL, open_row, NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Overdue"),
    N_("Requests whose usage report is overdue, and grants that end within the next days: "
    "your own, or everyone's if you may read all requests. Enter shows a request; its "
    "requester files the usage report from there."));

struct ui_screen *
screen_overdue_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
