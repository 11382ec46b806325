/* live-feed.c — following a camera's latest frame: mtime polling, reading, the demand signal to the recorder. */
#include "tui/console/live-feed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "core/live.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "tui/console/graphics.h"
#include "tui/console/ui.h"

#define TILE_MIN_W 24
#define TILE_MIN_H 6		/* two rows of words, four of picture */

void
feed_init(struct live_feed *f, const char *camera)
{
	memset(f, 0, sizeof *f);
	f->camera = xstrdup(camera);
}

/*
 * The recorder replaces the file by rename, so a changed mtime (or inode
 * size) means a whole new frame; reading only then keeps a wall of sixteen
 * cameras polled four times a second at a few stat calls.
 */
int
feed_poll(struct ui *ui, struct live_feed *f)
{
	char *path = frames_path(ui->site->cfg.run_dir, f->camera);
	struct vg_frame nf;
	struct vg_err err;
	struct stat st;
	int r = 0;

	if (stat(path, &st) != 0 || (st.st_mtim.tv_sec == f->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == f->mtime.tv_nsec))
		goto out;
	if (frames_read_file(path, &nf, &err) != 0)
		goto out;	/* a frame that does not read is skipped; the next one will */
	frames_free(&f->frame);
	f->frame = nf;
	f->mtime = st.st_mtim;
	f->serial++;
	r = 1;
out:
	free(path);
	return r;
}

void
feed_demand(struct ui *ui, struct live_feed *f, int width)
{
	int64_t now = clock_mono_us();
	struct vg_err err;

	if (width <= 0) {
		if (f->demand_w > 0)
			frames_demand_stop(ui->site->cfg.run_dir, f->camera);
		f->demand_w = 0;
		return;
	}
	if (width == f->demand_w && now - f->demanded_us < VG_USEC_PER_SEC)
		return;
	/* A run directory we cannot write only costs the faster pictures. */
	if (frames_demand(ui->site->cfg.run_dir, f->camera, width, &err) == 0) {
		f->demand_w = width;
		f->demanded_us = now;
	}
}

void
feed_free(struct ui *ui, struct live_feed *f)
{
	feed_demand(ui, f, 0);
	frames_free(&f->frame);
	free(f->camera);
	memset(f, 0, sizeof *f);
}

/*---- The grid of tiles ----*/

/* Room for a 16:9 picture in a tile of tw x th cells (cells twice as tall as wide). */
static long
picture_room(int tw, int th)
{
	long pw = tw, ph = (long)(th - 2) * 2;

	return pw * 9 <= ph * 16 ? pw * pw * 9 / 16 : ph * ph * 16 / 9;
}

/*
 * The grid for n tiles in w x h cells: the number of columns whose tiles
 * give a 16:9 picture the most room, one blank column between tiles.  Fewer
 * columns win a tie.  *per_page < n when not every tile fits at its smallest.
 */
void
feed_grid(int n, int w, int h, int *cols, int *rows, int *tw, int *th, int *per_page)
{
	long best = -1;
	int fit_c = (w + 1) / (TILE_MIN_W + 1), fit_r = h / TILE_MIN_H;

	*per_page = n;
	if (fit_c < 1)
		fit_c = 1;
	if (fit_r < 1)
		fit_r = 1;
	if (n > fit_c * fit_r)
		*per_page = n = fit_c * fit_r;
	*cols = 1;
	for (int c = 1; c <= n; c++) {
		int r = (n + c - 1) / c, cw = (w - (c - 1)) / c, ch = h / r;
		long room;

		if (cw < TILE_MIN_W || ch < TILE_MIN_H)
			continue;
		if ((room = picture_room(cw, ch)) > best) {
			best = room;
			*cols = c;
		}
	}
	*rows = n > 0 ? (n + *cols - 1) / *cols : 1;
	*tw = (w - (*cols - 1)) / *cols;
	*th = h / (*rows > 0 ? *rows : 1);
}

/*---- A tile ----*/

static int
state_role(const char *state)
{
	if (strcmp(state, "online") == 0)
		return UI_GOOD;
	if (strcmp(state, "offline") == 0 || strcmp(state, "stopped") == 0)
		return UI_ERROR;
	if (strcmp(state, "covered") == 0 || strcmp(state, "moved") == 0)
		return UI_WARN;
	return UI_DIM;
}

/* The state in words, as the second row of a tile says it. */
static char *
state_line(const struct live_camera *c, const struct live_feed *f)
{
	char ago[48], t[32];

	if (strcmp(c->state, "offline") == 0)
		return xasprintf(_("offline for %s%s%s"), c->since_us ?
		    time_fmt_span(clock_now() - c->since_us, ago) : "?", c->detail[0] ? ": " : "",
		    c->detail);
	if (strcmp(c->state, "stopped") == 0)
		return xstrdup(_("recording stopped: storage full"));
	if (strcmp(c->state, "covered") == 0)
		return xstrdup(_("covered: the lens is blocked or dark"));
	if (strcmp(c->state, "moved") == 0)
		return xstrdup(_("moved: it no longer shows its usual view"));
	if (f->frame.pixels != NULL && f->frame.ts_us)
		return xasprintf(_("%s · picture %s"), c->recording ? _("recording") :
		    _("not recording"), time_fmt(f->frame.ts_us, t) + 11);
	return xstrdup(c->recording ? _("recording") : _("not recording"));
}

/* Text in the picture's place, wrapped and centred vertically. */
static void
picture_note(struct ui *ui, const char *text, int role, int y, int x, int h, int w)
{
	size_t n;
	char **lines = ui_wrap(text, w > 2 ? w - 2 : 1, &n);
	int top = y + (h - (int)n) / 2;

	for (size_t i = 0; i < n && (int)i < h; i++)
		ui_put(stdscr, (top < y ? y : top) + (int)i, x + 1, w - 2, lines[i],
		    ui_attr(ui, role), 0);
	ui_free_lines(lines, n);
}

int
feed_draw_tile(struct ui *ui, const struct live_camera *c, struct live_feed *f, int y, int x,
    int h, int w, int selected)
{
	char *head = xasprintf(" %s · %s ", c->name, _(c->state)), *line = state_line(c, f);
	int ph = h - 2;

	ui_put(stdscr, y, x, w, head, ui_attr(ui, selected ? UI_SELECTED : UI_HEADER), 1);
	ui_put(stdscr, y + 1, x, w, line, ui_attr(ui, state_role(c->state)), 1);
	free(head);
	free(line);
	if (ph < 1)
		return 0;
	if (!c->shown) {
		picture_note(ui, c->refusal, UI_DIM, y + 2, x, ph, w);
		return 0;
	}
	if (gfx_mode(ui) == GFX_NONE) {
		picture_note(ui, _("no pictures on this terminal (My account: Pictures)"), UI_DIM,
		    y + 2, x, ph, w);
		return 0;
	}
	if (f->frame.pixels == NULL)
		picture_note(ui, _("waiting for a picture…"), UI_DIM, y + 2, x, ph, w);
	else
		gfx_picture(ui, c->id, f->serial, &f->frame, y + 2, x, ph, w);
	return gfx_pixel_width(ui, w);
}
