/* screen-camera-events.c — a camera's event history, and the camera alert line under every screen's title. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-health.h"
#include "core/clock.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "tui/console/screens.h"
#include "tui/console/widget-list.h"

#define EVENTS_MAX 500
#define RELOAD_US (5 * VG_USEC_PER_SEC)

/* What the recorder's event kinds (camera-health.h) mean, in the console's language. */
const char *
camera_event_label(const char *kind)
{
	static const struct { const char *kind, *label; } k[] = {
		{ "offline", N_("went offline") },
		{ "online", N_("back online") },
		{ "covered", N_("covered") },
		{ "covered.clear", N_("no longer covered") },
		{ "moved", N_("moved") },
		{ "moved.clear", N_("usual view again") },
		{ "reference", N_("reference view taken") },
		{ "reference.ack", N_("new view accepted") },
		{ "clock", N_("clock jump") },
		{ "record.error", N_("recording failed") },
		{ "disk.warn", N_("storage nearly full") },
		{ "disk.ok", N_("storage fine again") },
		{ "disk.stop", N_("stopped: storage full") },
		{ "disk.resume", N_("recording again") },
		{ "motion.start", N_("motion") },
		{ "motion.end", N_("motion over") },
	};

	for (size_t i = 0; i < VG_ARRLEN(k); i++)
		if (strcmp(k[i].kind, kind) == 0)
			return _(k[i].label);
	return kind;
}

static int
event_role(const char *kind)
{
	if (strcmp(kind, "offline") == 0 || strcmp(kind, "disk.stop") == 0 ||
	    strcmp(kind, "record.error") == 0)
		return UI_ERROR;
	if (strcmp(kind, "covered") == 0 || strcmp(kind, "moved") == 0 ||
	    strcmp(kind, "clock") == 0 || strcmp(kind, "disk.warn") == 0)
		return UI_WARN;
	if (strstr(kind, ".clear") != NULL || strcmp(kind, "online") == 0 ||
	    strcmp(kind, "disk.resume") == 0 || strcmp(kind, "reference.ack") == 0)
		return UI_GOOD;
	return UI_NORMAL;
}

/*---- The alert line (ui->alert_fn) ----*/

/*
 * DESIGN §9: a camera gone, covered, turned away or stopped for a full disk is
 * an alert on every screen, for those who see camera status: which camera,
 * what, how long ago and the reason the recorder logged, the newest first.
 */
void
cameras_alert(struct ui *ui)
{
	struct cam_alarm *v;
	struct vg_err err;
	struct vg_buf b;
	size_t n, newest = 0;

	ui->alert[0] = '\0';
	if (camera_alarms(ui->site, ui->actor, &v, &n, &err) != 0 || n == 0) {
		camera_alarms_free(NULL, 0);
		return;
	}
	for (size_t i = 1; i < n; i++)
		if (v[i].since_us > v[newest].since_us)
			newest = i;
	buf_init(&b);
	if (n > 1)
		buf_printf(&b, ngettext("⚠ %zu camera alarm: ", "⚠ %zu camera alarms: ",
		    (unsigned long)n), n);
	else
		buf_puts(&b, "⚠ ");
	for (size_t k = 0; k < n; k++) {
		/* The newest first, then the others in camera order. */
		size_t i = k == 0 ? newest : k <= newest ? k - 1 : k;
		char *ago = ui_ago(v[i].since_us);

		buf_printf(&b, "%s%s %s %s%s%s%s", k ? " · " : "", v[i].camera,
		    camera_event_label(v[i].kind), ago, v[i].detail[0] ? " (" : "", v[i].detail,
		    v[i].detail[0] ? ")" : "");
		free(ago);
	}
	snprintf(ui->alert, sizeof ui->alert, "%s", b.s);
	ui->alert_role = UI_ERROR;
	buf_free(&b);
	camera_alarms_free(v, n);
}

/*---- One camera's history ----*/

static const struct ui_col cols[] = {
	{ N_("WHEN"), 19, 0, 0, 0 },
	{ NC_("camera", "EVENT"), 20, 0, 0, 0 },
	{ N_("DETAIL"), 30, 3, 0, 0 },
	{ N_("ACKNOWLEDGED"), 12, 1, 2, 0 },
};

static const struct ui_key keys[] = {
	{ "Enter", N_("details") },
	{ "/", N_("filter") },
	{ "r", N_("reload") },
	{ NULL, NULL }
};

struct events {
	char		*camera;
	struct ui_list	 list;
	char		*head;
	int		 head_role;
	int64_t		 loaded_us;
};

static void
load(struct ui *ui, struct events *e)
{
	struct cam_event *v;
	struct vg_err err;
	size_t n;

	e->loaded_us = clock_now();
	free(e->head);
	list_begin(&e->list);
	if (camera_events_list(ui->site, ui->actor, e->camera, EVENTS_MAX, &v, &n, &err) != 0) {
		list_end(&e->list);
		e->head = xstrdup(err.msg);
		e->head_role = UI_ERROR;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char when[32], acked[32], key[32];
		const char *cells[4] = { time_fmt(v[i].ts_us, when), camera_event_label(v[i].kind),
		    v[i].detail, v[i].acked_us ? acked : "" };

		if (v[i].acked_us)
			snprintf(acked, sizeof acked, "%s", v[i].acked_by[0] ? v[i].acked_by : "admin");
		snprintf(key, sizeof key, "%zu", i);
		list_add(&e->list, key, event_role(v[i].kind), cells);
	}
	list_end(&e->list);
	e->head = xasprintf(ngettext("%zu event of %s, the newest first",
	    "%zu events of %s, the newest first", (unsigned long)n), n, e->camera);
	e->head_role = UI_NORMAL;
	camera_events_free(v, n);
}

static void
ev_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct events *e = s->data;

	ui_put(stdscr, y, x + 1, w - 2, e->head ? e->head : "", ui_attr(ui, e->head_role), 0);
	list_draw(ui, &e->list, y + 1, x, h - 1, w);
}

/* Enter: the whole event, its reason unwrapped from the column. */
static void
open_event(struct ui *ui, void *ud, const char *key)
{
	struct events *e = ud;

	for (size_t i = 0; i < e->list.nrows; i++) {
		const struct ui_row *r = &e->list.rows[i];
		char *text, *acked;

		if (strcmp(r->key, key) != 0)
			continue;
		acked = r->cells[3][0] ? xasprintf(_("acknowledged by %s"), r->cells[3]) : xstrdup("");
		text = xasprintf("%s\n%s\n\n%s%s%s", r->cells[0], r->cells[1], r->cells[2],
		    acked[0] ? "\n\n" : "", acked);
		free(acked);
		ui_dialog_message(ui, e->camera, text);
		free(text);
		return;
	}
}

static int
ev_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct events *e = s->data;

	if (!e->list.filtering && !ev->is_key && ev->ch == 'r') {
		load(ui, e);
		ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	return list_screen_key(ui, &e->list, ev, open_event, e);
}

static void
ev_tick(struct ui *ui, struct ui_screen *s)
{
	struct events *e = s->data;

	if (clock_now() - e->loaded_us >= RELOAD_US)
		load(ui, e);
}

static const struct ui_key *
ev_keys(struct ui *ui, struct ui_screen *s)
{
	struct events *e = s->data;

	(void)ui;
	return list_screen_keys(&e->list, keys);
}

static const struct ui_key *
ev_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct events *e = s->data;

	(void)ui;
	return list_help_keys(&e->list);
}

static void
ev_free(struct ui_screen *s)
{
	struct events *e = s->data;

	list_free(&e->list);
	free(e->camera);
	free(e->head);
	free(e);
}

static const struct ui_screen_ops ops = {
	.title = N_("Camera history"),
	.draw = ev_draw,
	.key = ev_key,
	.tick = ev_tick,
	.keys = ev_keys,
	.help_keys = ev_help_keys,
	.free = ev_free,
	.help = N_("What the recorder recorded about one camera, the newest first: when it went "
	    "offline and came back, when its lens was covered or its view moved and when that "
	    "was acknowledged, clock jumps, and recording stopped for a full disk, each with "
	    "the reason the recorder gave."),
};

struct ui_screen *
screen_camera_events_new(struct ui *ui, const char *camera)
{
	struct events *e = xcalloc(1, sizeof *e);
	struct ui_screen *s;

	e->camera = xstrdup(camera);
	list_init(&e->list, cols, VG_ARRLEN(cols), 0);
	e->list.empty = N_("(no events recorded for this camera)");
	load(ui, e);
	s = ui_screen_new(&ops, e);
	snprintf(s->title, sizeof s->title, _("History of %s"), camera);
	return s;
}
