/* gov-list.c — the screen the governance lists share: a head line, the list, reloading, Enter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"

void
govlist_head(struct govlist *g, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(g->head);
	g->head = xvasprintf(fmt, ap);
	va_end(ap);
	g->head_role = role;
}

long
govlist_requests(struct ui *ui, struct govlist *g, enum req_list which, govlist_row_fn row,
    void *ud)
{
	struct vg_request **v;
	struct vg_err err;
	size_t n;

	if ((v = requests_list(ui->site, ui->actor, which, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		row(ui, g, v[i], ud);
	requests_free_list(v, n);
	return (long)n;
}

void
govlist_reload(struct ui *ui, struct govlist *g)
{
	g->loaded_us = clock_now();
	list_begin(&g->list);
	g->def->load(ui, g);
	list_end(&g->list);
}

void
govui_open_request(struct ui *ui, const char *ref)
{
	struct ui_screen *s = screen_request_detail(ui, ref);

	if (s != NULL)
		ui_push(ui, s);
}

static void
open_row(struct ui *ui, void *ud, const char *key)
{
	struct govlist *g = ud;

	if (g->def->open != NULL)
		g->def->open(ui, g, key);
	else
		govui_open_request(ui, key);
}

void
govlist_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct govlist *g = s->data;

	ui_put(stdscr, y, x + 1, w - 2, g->head ? g->head : "", ui_attr(ui, g->head_role), 0);
	list_draw(ui, &g->list, y + 1, x, h - 1, w);
}

int
govlist_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct govlist *g = s->data;
	const struct ui_row *r = list_selected(&g->list);
	char *sel;
	int done;

	if (g->list.filtering || ev->is_key)
		return list_screen_key(ui, &g->list, ev, open_row, g);
	if (ev->ch == 'r') {
		govlist_reload(ui, g);
		ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	if (g->def->key == NULL)
		return list_screen_key(ui, &g->list, ev, open_row, g);
	sel = r ? xstrdup(r->key) : NULL;	/* the key may reload the list */
	done = g->def->key(ui, g, ev->ch, sel);
	free(sel);
	if (done == UI_HANDLED) {
		if (ui_top(ui) == s)
			govlist_reload(ui, g);
		return UI_HANDLED;
	}
	return list_screen_key(ui, &g->list, ev, open_row, g);
}

void
govlist_tick(struct ui *ui, struct ui_screen *s)
{
	struct govlist *g = s->data;

	if (clock_now() - g->loaded_us >= g->def->reload_us)
		govlist_reload(ui, g);
}

void
govlist_resume(struct ui *ui, struct ui_screen *s)
{
	govlist_reload(ui, s->data);
}

const struct ui_key *
govlist_keys(struct ui *ui, struct ui_screen *s)
{
	struct govlist *g = s->data;

	(void)ui;
	return list_screen_keys(&g->list, g->def->keys);
}

const struct ui_key *
govlist_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct govlist *g = s->data;
	const struct ui_key *more = g->def->more_keys, *list = list_help_keys(&g->list);
	size_t n = 0, k;

	(void)ui;
	if (more == NULL)
		return list;
	if (g->help == NULL) {
		for (k = 0; more[k].key; k++)
			n++;
		for (k = 0; list[k].key; k++)
			n++;
		g->help = xcalloc(n + 1, sizeof *g->help);
		n = 0;
		for (k = 0; more[k].key; k++)
			g->help[n++] = more[k];
		for (k = 0; list[k].key; k++)
			g->help[n++] = list[k];
	}
	return g->help;
}

struct ui_list *
govlist_list(struct ui_screen *s)
{
	struct govlist *g = s->data;

	return &g->list;
}

void
govlist_free(struct ui_screen *s)
{
	struct govlist *g = s->data;

	list_free(&g->list);
	free(g->head);
	free(g->help);
	free(g);
}

struct ui_screen *
govlist_new(struct ui *ui, const struct ui_screen_ops *ops, const struct govlist_def *def)
{
	struct govlist *g = xcalloc(1, sizeof *g);

	g->def = def;
	list_init(&g->list, def->cols, def->ncols, 0);
	g->list.empty = def->empty;
	govlist_reload(ui, g);
	return ui_screen_new(ops, g);
}
