/* screen-views.c — the cameras of a request or a choice, each with its reference view: which view, not what happened. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/live.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/graphics.h"
#include "tui/console/live-feed.h"
#include "tui/console/screens.h"

static const struct ui_key views_keys[] = {
	{ "PgDn", N_("more") },
	{ "Esc", N_("back") },
	{ NULL, NULL }
};

struct views {
	struct live_camera	*cams;
	struct vg_frame		*refs;		/* reference views; pixels NULL: none */
	size_t			 n;
	int			 first, per_page;
	char			*error;
};

static void
load(struct ui *ui, struct views *v, char *const *cameras, size_t n)
{
	struct vg_err err;

	if (live_views(ui->site, ui->actor, cameras, n, &v->cams, &v->n, &err) != 0) {
		v->error = xstrdup(err.msg);
		return;
	}
	v->refs = xcalloc(v->n + 1, sizeof *v->refs);
	for (size_t i = 0; i < v->n; i++) {
		char *path;

		if (!v->cams[i].shown)
			continue;	/* core said no picture: the file is not even read */
		path = frames_reference_path(ui->site->cfg.data_dir, v->cams[i].id);
		if (frames_read_file(path, &v->refs[i], &err) != 0)
			memset(&v->refs[i], 0, sizeof v->refs[i]);
		free(path);
	}
}

static void
draw_tile(struct ui *ui, struct views *v, size_t i, int y, int x, int h, int w)
{
	const struct live_camera *c = &v->cams[i];
	char *head = xasprintf(" %s (%s) · %s ", c->name, c->id, _(c->privacy));
	char *where = xasprintf(_("Location: %s"), c->location[0] ? c->location : "-");
	const char *note = NULL;
	size_t n;
	char **lines;

	ui_put(stdscr, y, x, w, head, ui_attr(ui, UI_HEADER), 1);
	ui_put(stdscr, y + 1, x, w, where, ui_attr(ui, UI_NORMAL), 1);
	free(head);
	free(where);
	if (!c->shown)
		note = c->refusal;
	else if (gfx_mode(ui) == GFX_NONE)
		note = _("no pictures on this terminal (My account: Pictures)");
	else if (v->refs[i].pixels == NULL)
		note = _("no reference view recorded yet");
	if (note == NULL) {
		/* The reference never changes while shown: serial 1. */
		char *key = xasprintf("ref:%s", c->id);

		gfx_picture(ui, key, 1, &v->refs[i], y + 2, x, h - 2, w);
		free(key);
		return;
	}
	lines = ui_wrap(note, w > 2 ? w - 2 : 1, &n);
	for (size_t k = 0; k < n && (int)k < h - 3; k++)
		ui_put(stdscr, y + 3 + (int)k, x + 1, w - 2, lines[k], ui_attr(ui, UI_DIM), 0);
	ui_free_lines(lines, n);
}

static void
views_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct views *v = s->data;
	int cols, rows, tw, th;

	if (v->error != NULL) {
		ui_put(stdscr, y + 1, x + 1, w - 2, v->error, ui_attr(ui, UI_ERROR), 0);
		return;
	}
	ui_put(stdscr, y, x + 1, w - 2, _("Each camera's reference view: what it is meant to "
	    "show, not a recording."), ui_attr(ui, UI_DIM), 0);
	feed_grid((int)v->n, w, h - 1, &cols, &rows, &tw, &th, &v->per_page);
	if (v->first >= (int)v->n)
		v->first = 0;
	for (int k = 0; k < v->per_page && v->first + k < (int)v->n; k++)
		draw_tile(ui, v, (size_t)(v->first + k), y + 1 + (k / cols) * th,
		    x + (k % cols) * (tw + 1), th, tw);
}

static int
views_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct views *v = s->data;

	(void)ui;
	if (ev->is_key && ev->key == KEY_NPAGE && v->first + v->per_page < (int)v->n) {
		v->first += v->per_page;
		return UI_HANDLED;
	}
	if (ev->is_key && ev->key == KEY_PPAGE) {
		v->first = v->first > v->per_page ? v->first - v->per_page : 0;
		return UI_HANDLED;
	}
	return UI_UNHANDLED;
}

static const struct ui_key *
views_keys_fn(struct ui *ui, struct ui_screen *s)
{
	(void)ui;
	(void)s;
	return views_keys;
}

static void
views_free(struct ui_screen *s)
{
	struct views *v = s->data;

	for (size_t i = 0; i < v->n; i++)
		frames_free(&v->refs[i]);
	free(v->refs);
	live_cameras_free(v->cams, v->n);
	free(v->error);
	free(v);
}

static const struct ui_screen_ops views_ops = {
	.title = N_("Camera views"),
	.draw = views_draw,
	.key = views_key,
	.keys = views_keys_fn,
	.free = views_free,
	.help = N_("Each camera with the view it is meant to show (its reference frame, taken "
	    "when it was set up or last re-aimed), so that you know which place a request is "
	    "about without seeing what happened there. Pictures only of cameras you may watch "
	    "live; the others show their location in words."),
};

struct ui_screen *
screen_views_new(struct ui *ui, char *const *cameras, size_t n)
{
	struct views *v = xcalloc(1, sizeof *v);

	load(ui, v, cameras, n);
	return ui_screen_new(&views_ops, v);
}
