/* screen-live.c — one camera large, live: its picture refreshed as frames arrive, its state in words. */
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

#define TICK_MS 250
#define RELOAD_US (5 * VG_USEC_PER_SEC)

static const struct ui_key live_keys[] = {
	{ "Esc", N_("back to the wall") },
	{ NULL, NULL }
};

struct live {
	struct ui		*ui;
	struct live_camera	*cams;		/* the wall's list; cam points into it */
	size_t			 ncams;
	struct live_camera	*cam;
	struct live_feed	 feed;
	int			 want;
	struct live_visit	 visit;
	int64_t			 loaded_us;
	char			*error;
};

/* The camera's state again; it may have been made interior or disabled meanwhile. */
static int
load(struct ui *ui, struct live *lv, const char *camera, struct vg_err *err)
{
	lv->loaded_us = clock_now();
	if (live_may_watch(ui->site, ui->actor, camera, err) != 0)
		return -1;
	live_cameras_free(lv->cams, lv->ncams);
	lv->cam = NULL;
	if (live_cameras(ui->site, ui->actor, &lv->cams, &lv->ncams, err) != 0)
		return -1;
	for (size_t i = 0; i < lv->ncams; i++)
		if (strcmp(lv->cams[i].id, camera) == 0)
			lv->cam = &lv->cams[i];
	if (lv->cam == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	return 0;
}

static void
live_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct live *lv = s->data;

	lv->want = 0;
	if (lv->error != NULL) {
		ui_put(stdscr, y + 1, x + 1, w - 2, lv->error, ui_attr(ui, UI_ERROR), 0);
		return;
	}
	lv->want = feed_draw_tile(ui, lv->cam, &lv->feed, y, x, h, w, 0);
}

static void
live_tick(struct ui *ui, struct ui_screen *s)
{
	struct live *lv = s->data;
	struct vg_err err;

	if (lv->error == NULL && clock_now() - lv->loaded_us >= RELOAD_US &&
	    load(ui, lv, lv->feed.camera, &err) != 0) {
		/* No longer allowed (or gone): the picture goes at once. */
		lv->error = xstrdup(err.msg);
		frames_free(&lv->feed.frame);
	}
	if (lv->error != NULL) {
		feed_demand(ui, &lv->feed, 0);
		return;
	}
	feed_poll(ui, &lv->feed);
	feed_demand(ui, &lv->feed, lv->want);
}

static int
live_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	(void)ui;
	(void)s;
	(void)ev;
	return UI_UNHANDLED;
}

static const struct ui_key *
live_keys_fn(struct ui *ui, struct ui_screen *s)
{
	(void)ui;
	(void)s;
	return live_keys;
}

static void
live_free_data(struct live *lv)
{
	struct vg_err err;

	feed_free(lv->ui, &lv->feed);
	if (live_visit_close(lv->ui->site, lv->ui->actor, &lv->visit, &err) != 0)
		fprintf(stderr, "vigil console: %s\n", err.msg);
	live_cameras_free(lv->cams, lv->ncams);
	free(lv->error);
	free(lv);
}

static void
live_free(struct ui_screen *s)
{
	live_free_data(s->data);
}

static const struct ui_screen_ops live_ops = {
	.title = N_("Live camera"),
	.draw = live_draw,
	.key = live_key,
	.tick = live_tick,
	.keys = live_keys_fn,
	.free = live_free,
	.help = N_("One camera large, its picture refreshed as the recorder delivers frames "
	    "(at least once a second while you watch). Esc goes back to the wall. Opening and "
	    "leaving it are written to the audit log."),
};

struct ui_screen *
screen_live_open(struct ui *ui, const char *camera, struct vg_err *err)
{
	struct live *lv = xcalloc(1, sizeof *lv);
	struct ui_screen *s;
	char object[64];

	lv->ui = ui;
	feed_init(&lv->feed, camera);
	if (load(ui, lv, camera, err) != 0) {
		live_free_data(lv);
		return NULL;
	}
	snprintf(object, sizeof object, "camera %s", camera);
	if (live_visit_open(ui->site, ui->actor, &lv->visit, "live.camera", object, camera,
	    err) != 0) {
		live_free_data(lv);
		return NULL;
	}
	s = ui_screen_new(&live_ops, lv);
	snprintf(s->title, sizeof s->title, "%s · %s", _("Live camera"), lv->cam->name);
	s->tick_ms = TICK_MS;
	return s;
}
