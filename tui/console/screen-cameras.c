/* screen-cameras.c — camera status: online, offline, covered, moved, and the last recording, from the database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/status.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-list.h"

#define RELOAD_US (5 * VG_USEC_PER_SEC)

/* At 80 columns ID, name, state, last recording and privacy fit; location,
 * unit and "since" join as the terminal widens. */
static const struct ui_col cam_cols[] = {
	{ N_("ID"), 10, 0, 0, 0 },
	{ NC_("camera", "NAME"), 14, 2, 0, 0 },
	{ N_("STATE"), 8, 0, 0, 0 },
	{ N_("LAST RECORDING"), 19, 0, 0, 0 },
	{ N_("PRIVACY"), 9, 0, 2, 0 },
	{ N_("LOCATION"), 14, 2, 3, 0 },
	{ N_("UNIT"), 10, 1, 4, 0 },
	{ N_("STATE SINCE"), 19, 0, 5, 0 },
};

static const struct ui_key cam_keys[] = {
	{ "Enter", N_("details") },
	{ "h", N_("history") },
	{ "/", N_("filter") },
	{ "r", N_("reload") },
	{ NULL, NULL }
};

struct cams {
	struct ui_list	 list;
	char		*head;
	int		 head_role;
	char		*error;
	int64_t		 loaded_us;
};

/* The privacy classes of cameras.cfg, in the console's language. */
static const char *
privacy_label(const char *p)
{
	static const char *const classes[] = { N_("public"), N_("sensitive"), N_("interior") };

	for (size_t i = 0; i < VG_ARRLEN(classes); i++)
		if (strcmp(p, classes[i]) == 0)
			return _(classes[i]);
	return p;
}

static int
word_role(const char *w)
{
	if (strcmp(w, "offline") == 0 || strcmp(w, "stopped") == 0)
		return UI_ERROR;
	if (strcmp(w, "covered") == 0 || strcmp(w, "moved") == 0)
		return UI_WARN;
	if (strcmp(w, "online") == 0)
		return UI_GOOD;
	return UI_DIM;
}

static void
load(struct ui *ui, struct cams *c)
{
	struct cam_status *v;
	struct vg_err err;
	size_t n, off = 0;
	int64_t beat;
	char t[32];

	c->loaded_us = clock_now();
	free(c->error);
	c->error = NULL;
	if (status_cameras(ui->site, ui->actor, &v, &n, &err) != 0) {
		c->error = xstrdup(err.msg);
		list_begin(&c->list);
		list_end(&c->list);
		return;
	}
	list_begin(&c->list);
	for (size_t i = 0; i < n; i++) {
		const char *w = status_camera_word(&v[i]);
		char last[32], since[32];
		const char *cells[8];

		off += strcmp(w, "offline") == 0;
		cells[0] = v[i].id;
		cells[1] = v[i].name;
		cells[2] = _(w);
		cells[3] = v[i].last_segment_end_us ? time_fmt(v[i].last_segment_end_us, last) :
		    _("never");
		cells[4] = privacy_label(v[i].privacy);
		cells[5] = v[i].location;
		cells[6] = v[i].unit;
		cells[7] = v[i].since_us ? time_fmt(v[i].since_us, since) : "-";
		list_add(&c->list, v[i].id, word_role(w), cells);
	}
	list_end(&c->list);
	status_cameras_free(v, n);
	free(c->head);
	beat = status_recorder_beat(ui->site);
	/* States are only as fresh as the recorder's last heartbeat. */
	if (beat == 0)
		c->head = xasprintf(ngettext("%zu camera · the recorder has never reported: states "
		    "are unknown", "%zu cameras · the recorder has never reported: states are "
		    "unknown", (unsigned long)n), n);
	else
		c->head = xasprintf(ngettext("%zu camera, %zu offline · recorder last seen %s",
		    "%zu cameras, %zu offline · recorder last seen %s", (unsigned long)n), n, off,
		    time_fmt(beat, t));
	c->head_role = beat == 0 || clock_now() - beat > 60 * VG_USEC_PER_SEC ? UI_WARN :
	    off ? UI_ERROR : UI_NORMAL;
}

static void
cams_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct cams *c = s->data;

	if (c->error != NULL) {
		ui_put(stdscr, y + 1, x + 1, w - 2, c->error, ui_attr(ui, UI_ERROR), 0);
		return;
	}
	ui_put(stdscr, y, x + 1, w - 2, c->head ? c->head : "", ui_attr(ui, c->head_role), 0);
	list_draw(ui, &c->list, y + 1, x, h - 1, w);
}

/* "label: value" on its own line, the colon as the language writes it. */
static void
line(struct vg_buf *b, const char *label, const char *value)
{
	buf_printf(b, _("%s: %s\n"), label, value);
}

static void
show_details(struct ui *ui, void *ud, const char *id)
{
	struct cam_status *v;
	struct vg_err err;
	struct vg_buf b;
	size_t n;
	char t1[32], t2[32], t3[32], *state;

	if (status_cameras(ui->site, ui->actor, &v, &n, &err) != 0) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return;
	}
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].id, id) != 0)
			continue;
		line(&b, _("Name"), v[i].name);
		line(&b, _("Location"), v[i].location[0] ? v[i].location : "-");
		line(&b, _("Unit"), v[i].unit[0] ? policy_unit_name(ui->site->pol, v[i].unit) : "-");
		line(&b, _("Privacy"), privacy_label(v[i].privacy));
		line(&b, _("Zone"), v[i].zone[0] ? govui_zone_label(v[i].zone) : "-");
		state = xasprintf(_("%s (since %s)"), _(status_camera_word(&v[i])), v[i].since_us ?
		    time_fmt(v[i].since_us, t1) : "-");
		line(&b, _("State"), state);
		free(state);
		line(&b, _("Recording"), v[i].recording ? _("yes") : _("no"));
		line(&b, _("Lens covered"), v[i].covered ? _("yes") : _("no"));
		line(&b, _("Turned away"), v[i].moved ? _("yes") : _("no"));
		line(&b, _("Last recording ends"), v[i].last_segment_end_us ?
		    time_fmt(v[i].last_segment_end_us, t2) : _("never"));
		line(&b, _("Last reported"), v[i].updated_us ? time_fmt(v[i].updated_us, t3) :
		    _("never"));
	}
	status_cameras_free(v, n);
	if (b.len > 0 && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	if (b.len > 0)
		ui_dialog_message(ui, id, b.s);
	buf_free(&b);
	(void)ud;
}

static int
cams_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct cams *c = s->data;

	if (!c->list.filtering && !ev->is_key && ev->ch == 'r') {
		load(ui, c);
		ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	if (!c->list.filtering && !ev->is_key && ev->ch == 'h') {
		const struct ui_row *r = list_selected(&c->list);

		if (r != NULL)
			ui_push(ui, screen_camera_events_new(ui, r->key));
		return UI_HANDLED;
	}
	return list_screen_key(ui, &c->list, ev, show_details, c);
}

static void
cams_tick(struct ui *ui, struct ui_screen *s)
{
	struct cams *c = s->data;

	if (clock_now() - c->loaded_us >= RELOAD_US)
		load(ui, c);
}

static const struct ui_key *
cams_keys_fn(struct ui *ui, struct ui_screen *s)
{
	struct cams *c = s->data;

	(void)ui;
	return list_screen_keys(&c->list, cam_keys);
}

static const struct ui_key *
cams_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct cams *c = s->data;

	(void)ui;
	return list_help_keys(&c->list);
}

static void
cams_free(struct ui_screen *s)
{
	struct cams *c = s->data;

	list_free(&c->list);
	free(c->head);
	free(c->error);
	free(c);
}

static const struct ui_screen_ops cams_ops = {
	.title = N_("Camera status"),
	.draw = cams_draw,
	.key = cams_key,
	.tick = cams_tick,
	.keys = cams_keys_fn,
	.help_keys = cams_help_keys,
	.free = cams_free,
	.help = N_("Every camera with the state the recorder last reported: online, offline, "
	    "covered (the lens is blocked) or moved (it no longer shows its usual view), and "
	    "when its last recording ends. The list reloads every few seconds. / filters, s "
	    "sorts by the next column, S reverses, Enter shows one camera, h its history of "
	    "events."),
};

struct ui_screen *
screen_cameras_new(struct ui *ui)
{
	struct cams *c = xcalloc(1, sizeof *c);

	list_init(&c->list, cam_cols, VG_ARRLEN(cam_cols), 0);
	c->list.empty = N_("(no cameras: add them with vigil admin camera add)");
	load(ui, c);
	return ui_screen_new(&cams_ops, c);
}
