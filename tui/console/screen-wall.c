/* screen-wall.c — the live wall: the latest picture of every camera the person may watch live, in a grid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/live.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/graphics.h"
#include "tui/console/live-feed.h"
#include "tui/console/screens.h"

#define TICK_MS 250		/* frame files are polled four times a second */
#define RELOAD_US (5 * VG_USEC_PER_SEC)

static const struct ui_key wall_keys[] = {
	{ "Enter", N_("open large") },
	{ "←↑↓→", N_("choose") },
	{ "PgDn", N_("more") },
	{ "r", N_("reload") },
	{ NULL, NULL }
};

struct wall {
	struct ui		*ui;		/* for freeing: the ops' free has no ui */
	struct live_camera	*cams;
	struct live_feed	*feeds;		/* one per camera, same order */
	int			*want;		/* picture width each tile asks for */
	size_t			 n;
	int			 sel;
	int			 page, per_page;
	int			 grid_cols;
	struct live_visit	 visit;
	int64_t			 loaded_us;
	char			*error;
};

/*---- Loading ----*/

static struct live_feed *
take_feed(struct wall *wl, const char *camera)
{
	for (size_t i = 0; i < wl->n; i++)
		if (wl->feeds[i].camera != NULL && strcmp(wl->feeds[i].camera, camera) == 0)
			return &wl->feeds[i];
	return NULL;
}

/* The cameras again from core; pictures of cameras still there are kept. */
static int
load(struct ui *ui, struct wall *wl, struct vg_err *err)
{
	struct live_camera *cams;
	struct live_feed *feeds;
	size_t n;

	wl->loaded_us = clock_now();
	if (live_cameras(ui->site, ui->actor, &cams, &n, err) != 0)
		return -1;
	feeds = xcalloc(n + 1, sizeof *feeds);
	for (size_t i = 0; i < n; i++) {
		struct live_feed *old = take_feed(wl, cams[i].id);

		if (old != NULL && cams[i].shown) {
			feeds[i] = *old;
			memset(old, 0, sizeof *old);
		} else
			feed_init(&feeds[i], cams[i].id);
		if (cams[i].shown)
			live_visit_add(&wl->visit, cams[i].id);
	}
	for (size_t i = 0; i < wl->n; i++)
		if (wl->feeds[i].camera != NULL)
			feed_free(ui, &wl->feeds[i]);
	free(wl->feeds);
	free(wl->want);
	live_cameras_free(wl->cams, wl->n);
	wl->cams = cams;
	wl->feeds = feeds;
	wl->want = xcalloc(n + 1, sizeof *wl->want);
	wl->n = n;
	if (wl->sel >= (int)n)
		wl->sel = n > 0 ? (int)n - 1 : 0;
	return 0;
}

/* The cameras whose pictures this visit may show, for the audit. */
static char *
shown_list(const struct wall *wl)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < wl->n; i++)
		if (wl->cams[i].shown)
			buf_printf(&b, "%s%s", b.len ? "," : "", wl->cams[i].id);
	return buf_steal(&b);
}

/*---- Screen ----*/

static void
wall_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct wall *wl = s->data;
	int cols, rows, tw, th, first, shown = 0, pages;
	char *head;

	if (wl->error != NULL) {
		ui_put(stdscr, y + 1, x + 1, w - 2, wl->error, ui_attr(ui, UI_ERROR), 0);
		return;
	}
	feed_grid((int)wl->n, w, h - 1, &cols, &rows, &tw, &th, &wl->per_page);
	wl->grid_cols = cols;
	pages = wl->per_page > 0 ? ((int)wl->n + wl->per_page - 1) / wl->per_page : 1;
	wl->page = wl->per_page > 0 ? wl->sel / wl->per_page : 0;
	first = wl->page * wl->per_page;
	for (size_t i = 0; i < wl->n; i++)
		shown += wl->cams[i].shown;
	head = pages > 1 ? xasprintf(_("%zu cameras, %d shown live · pictures: %s · page %d of %d"),
	    wl->n, shown, gfx_mode_name(gfx_mode(ui)), wl->page + 1, pages) :
	    xasprintf(_("%zu cameras, %d shown live · pictures: %s"), wl->n, shown,
	    gfx_mode_name(gfx_mode(ui)));
	ui_put(stdscr, y, x + 1, w - 2, head, ui_attr(ui, UI_NORMAL), 0);
	free(head);
	if (wl->n == 0)
		ui_put(stdscr, y + 2, x + 1, w - 2, _("(no camera you may watch live)"),
		    ui_attr(ui, UI_DIM), 0);
	for (size_t i = 0; i < wl->n; i++)
		wl->want[i] = 0;
	for (int k = 0; k < wl->per_page && first + k < (int)wl->n; k++) {
		int i = first + k, ty = y + 1 + (k / cols) * th, tx = x + (k % cols) * (tw + 1);

		wl->want[i] = feed_draw_tile(ui, &wl->cams[i], &wl->feeds[i], ty, tx, th, tw,
		    i == wl->sel);
	}
}

/* Frames of the tiles on the page, and the recorder asked for those only. */
static void
wall_tick(struct ui *ui, struct ui_screen *s)
{
	struct wall *wl = s->data;
	struct vg_err err;

	if (clock_now() - wl->loaded_us >= RELOAD_US && load(ui, wl, &err) != 0) {
		free(wl->error);
		wl->error = xstrdup(err.msg);
		return;
	}
	for (size_t i = 0; i < wl->n; i++) {
		if (wl->want[i] > 0)
			feed_poll(ui, &wl->feeds[i]);
		feed_demand(ui, &wl->feeds[i], wl->want[i]);
	}
}

static void
open_large(struct ui *ui, struct wall *wl)
{
	struct ui_screen *l;
	struct vg_err err;

	if (wl->n == 0)
		return;
	if ((l = screen_live_open(ui, wl->cams[wl->sel].id, &err)) == NULL) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < wl->n; i++)
		feed_demand(ui, &wl->feeds[i], 0);	/* the wall is hidden now */
	ui_push(ui, l);
}

static int
move_sel(struct wall *wl, const struct ui_event *ev)
{
	int d = 0, c = wl->grid_cols > 0 ? wl->grid_cols : 1, page = wl->per_page > 0 ?
	    wl->per_page : 1;

	if (ev->is_key)
		d = ev->key == KEY_LEFT ? -1 : ev->key == KEY_RIGHT ? 1 : ev->key == KEY_UP ? -c :
		    ev->key == KEY_DOWN ? c : ev->key == KEY_NPAGE ? page :
		    ev->key == KEY_PPAGE ? -page : 0;
	else
		d = ev->ch == 'h' ? -1 : ev->ch == 'l' ? 1 : ev->ch == 'k' ? -c :
		    ev->ch == 'j' ? c : 0;
	if (d == 0)
		return UI_UNHANDLED;
	wl->sel += d;
	if (wl->sel < 0)
		wl->sel = 0;
	if (wl->sel >= (int)wl->n)
		wl->sel = wl->n > 0 ? (int)wl->n - 1 : 0;
	return UI_HANDLED;
}

static int
wall_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct wall *wl = s->data;
	struct vg_err err;

	if (ui_is_enter(ev)) {
		open_large(ui, wl);
		return UI_HANDLED;
	}
	if (!ev->is_key && ev->ch == 'r') {
		if (load(ui, wl, &err) != 0)
			ui_message(ui, UI_ERROR, "%s", err.msg);
		return UI_HANDLED;
	}
	return move_sel(wl, ev);
}

static const struct ui_key *
wall_keys_fn(struct ui *ui, struct ui_screen *s)
{
	(void)ui;
	(void)s;
	return wall_keys;
}

static void
wall_free_data(struct ui *ui, struct wall *wl)
{
	struct vg_err err;

	for (size_t i = 0; i < wl->n; i++)
		if (wl->feeds[i].camera != NULL)
			feed_free(ui, &wl->feeds[i]);
	if (live_visit_close(ui->site, ui->actor, &wl->visit, &err) != 0)
		fprintf(stderr, "vigil console: %s\n", err.msg);
	free(wl->feeds);
	free(wl->want);
	live_cameras_free(wl->cams, wl->n);
	free(wl->error);
	free(wl);
}

static void
wall_free(struct ui_screen *s)
{
	struct wall *wl = s->data;

	wall_free_data(wl->ui, wl);
}

static const struct ui_screen_ops wall_ops = {
	.title = N_("Live wall"),
	.draw = wall_draw,
	.key = wall_key,
	.tick = wall_tick,
	.keys = wall_keys_fn,
	.free = wall_free,
	.help = N_("The latest picture of every camera you may watch live, with its state in "
	    "words: online, offline (for how long, and why), covered, moved, or recording "
	    "stopped. Cameras covering the inside of a classroom or office never appear here, "
	    "by the rule the tile cites. Arrows choose a camera, Enter shows it large, PgDn "
	    "and PgUp turn the page when not every camera fits. Opening and leaving the wall "
	    "are written to the audit log with the cameras shown."),
};

struct ui_screen *
screen_wall_open(struct ui *ui, struct vg_err *err)
{
	struct wall *wl = xcalloc(1, sizeof *wl);
	struct ui_screen *s;
	char *cams;

	if (load(ui, wl, err) != 0) {
		free(wl);
		return NULL;
	}
	cams = shown_list(wl);
	/* HHKCS 2.5.2, DLUT art. 18(1): the visit is logged, who and which cameras. */
	if (live_visit_open(ui->site, ui->actor, &wl->visit, "live.wall", "wall", cams,
	    err) != 0) {
		free(cams);
		wall_free_data(ui, wl);
		return NULL;
	}
	free(cams);
	wl->ui = ui;
	s = ui_screen_new(&wall_ops, wl);
	s->tick_ms = TICK_MS;
	return s;
}

struct ui_screen *
screen_wall_new(struct ui *ui)
{
	struct vg_err err;
	struct ui_screen *s = screen_wall_open(ui, &err);

	if (s == NULL)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	return s;
}
