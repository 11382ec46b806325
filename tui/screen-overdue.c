/* screen-overdue.c — what is late or about to run out: overdue usage reports, grants about to expire. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/gov-ui.h"
#include "tui/screens.h"
#include "tui/widget-list.h"

#define RELOAD_US (30 * VG_USEC_PER_SEC)

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

struct overdue {
	struct ui_list	 list;
	char		*head;
	int		 head_role;
	int64_t		 loaded_us;
};

static size_t
add_rows(struct ui *ui, struct overdue *o, enum req_list which, struct vg_err *err)
{
	size_t n = 0;
	struct vg_request **v = requests_list(ui->site, ui->actor, which, &n, err);

	if (v == NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char when[32], *cams = govui_join(v[i]->cameras, v[i]->ncameras);
		char *key = xasprintf("%s%s", which == REQ_LIST_OVERDUE ? "" : "~", v[i]->ref);
		const char *cells[6] = { v[i]->ref, which == REQ_LIST_OVERDUE ?
		    _("usage report overdue") : _("grant about to expire"),
		    govui_time(which == REQ_LIST_OVERDUE ? v[i]->report_due_us :
		    v[i]->grant_until_us, when), v[i]->requester_name, v[i]->purpose_title, cams };

		list_add(&o->list, key, which == REQ_LIST_OVERDUE ? UI_ERROR : UI_WARN, cells);
		free(key);
		free(cams);
	}
	requests_free_list(v, n);
	return n;
}

static void
load(struct ui *ui, struct overdue *o)
{
	struct vg_err err;
	size_t late, soon;

	o->loaded_us = clock_now();
	free(o->head);
	vg_err_clear(&err);
	list_begin(&o->list);
	late = add_rows(ui, o, REQ_LIST_OVERDUE, &err);
	soon = add_rows(ui, o, REQ_LIST_EXPIRING, &err);
	list_end(&o->list);
	if (err.msg[0]) {
		o->head = xstrdup(err.msg);
		o->head_role = UI_ERROR;
		return;
	}
	o->head = xasprintf(_("%zu usage reports overdue; %zu grants end within %d days"), late,
	    soon, REQ_EXPIRING_DAYS);
	o->head_role = late ? UI_ERROR : soon ? UI_WARN : UI_GOOD;
}

static void
open_detail(struct ui *ui, void *ud, const char *key)
{
	struct ui_screen *s = screen_request_detail(ui, key[0] == '~' ? key + 1 : key);

	(void)ud;
	if (s != NULL)
		ui_push(ui, s);
}

static void
overdue_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct overdue *o = s->data;

	ui_put(stdscr, y, x + 1, w - 2, o->head, ui_attr(ui, o->head_role), 0);
	list_draw(ui, &o->list, y + 1, x, h - 1, w);
}

static int
overdue_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct overdue *o = s->data;

	if (!o->list.filtering && !ev->is_key && ev->ch == 'r') {
		load(ui, o);
		ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	return list_screen_key(ui, &o->list, ev, open_detail, o);
}

static void
overdue_tick(struct ui *ui, struct ui_screen *s)
{
	struct overdue *o = s->data;

	if (clock_now() - o->loaded_us >= RELOAD_US)
		load(ui, o);
}

static void
overdue_resume(struct ui *ui, struct ui_screen *s)
{
	load(ui, s->data);
}

static const struct ui_key *
overdue_keys(struct ui *ui, struct ui_screen *s)
{
	struct overdue *o = s->data;

	(void)ui;
	return list_screen_keys(&o->list, keys);
}

static void
overdue_free(struct ui_screen *s)
{
	struct overdue *o = s->data;

	list_free(&o->list);
	free(o->head);
	free(o);
}

static const struct ui_screen_ops overdue_ops = {
	.title = N_("Overdue"),
	.draw = overdue_draw,
	.key = overdue_key,
	.tick = overdue_tick,
	.keys = overdue_keys,
	.resume = overdue_resume,
	.free = overdue_free,
	.help = N_("Requests whose usage report is overdue, and grants that end within the next "
	    "days: your own, or everyone's if you may read all requests. Enter shows a "
	    "request; its requester files the usage report from there."),
};

struct ui_screen *
screen_overdue_new(struct ui *ui)
{
	struct overdue *o = xcalloc(1, sizeof *o);

	list_init(&o->list, cols, VG_ARRLEN(cols), 0);
	o->list.empty = N_("(nothing is overdue or about to expire)");
	load(ui, o);
	return ui_screen_new(&overdue_ops, o);
}
