/* screen-maintenance.c — ICT's maintenance: storage, retention (preview and run), footage verify, a camera's events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-events.h"
#include "core/clock.h"
#include "core/maintenance.h"
#include "core/status.h"
#include "core/storage-report.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"
#include "tui/console/widget-text.h"

#define MIB (1024.0 * 1024.0)

struct maint {
	struct ui_text	 text;
	char		 what;	/* the page shown: s storage, d/R retention, v verify, e events */
};

static const struct ui_key keys[] = {
	{ "s", N_("storage") }, { "d", N_("retention preview") }, { "R", N_("retention run") },
	{ "v", N_("verify footage") }, { "e", N_("camera events") }, { NULL, NULL }
};
static const struct ui_key narrow_keys[] = {
	{ "d", N_("preview") }, { "v", N_("verify") }, { "e", N_("events") }, { NULL, NULL }
};

/* Lines a run printed, as paragraphs of the page. */
static void
put_lines(struct ui_text *t, const char *out, int role)
{
	char *copy = xstrdup(out ? out : ""), *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		text_para(t, 2, role, l);
	free(copy);
}

static void
progress_line(void *ud, const char *line)
{
	struct ui *ui = ud;

	ui_message(ui, UI_NORMAL, "%s", line);
	ui_draw(ui);
}

/*---- Storage ----*/

static void
storage_camera(struct ui_text *t, const struct storage_cam *c)
{
	char o[32], nw[32], *s;

	s = xasprintf(_("%lld segments, %.1f MiB, %s to %s; %.1f MiB a day; retention %d days "
	    "needs %.0f MiB; %.1f MiB under holds"), (long long)c->segments,
	    (double)c->bytes / MIB, c->oldest_us ? govui_time(c->oldest_us, o) : "-",
	    c->newest_us ? govui_time(c->newest_us, nw) : "-", c->rate_per_day / MIB,
	    c->retention_days, (double)c->needed_bytes / MIB, (double)c->held_bytes / MIB);
	text_field(t, c->camera, s, c->segments ? UI_NORMAL : UI_DIM);
	free(s);
}

static void
show_storage(struct ui *ui, struct maint *m)
{
	struct storage_report r;
	struct vg_err err;
	char *s;

	text_clear(&m->text);
	text_heading(&m->text, _("Storage"));
	if (storage_report(ui->site, ui->actor, clock_now(), &r, &err) != 0) {
		text_para(&m->text, 0, UI_ERROR, err.msg);
		return;
	}
	for (size_t i = 0; i < r.n; i++)
		storage_camera(&m->text, &r.v[i]);
	s = r.free_bytes < 0 ? xstrdup(_("unknown (the storage cannot be read)")) :
	    r.days_left < 0 ? xasprintf(_("%.1f MiB; nothing is being recorded"),
	    (double)r.free_bytes / MIB) : xasprintf(_("%.1f MiB, enough for %.1f days at %.1f MiB "
	    "a day"), (double)r.free_bytes / MIB, r.days_left, r.rate_per_day / MIB);
	text_heading(&m->text, _("Free space"));
	text_para(&m->text, 0, r.free_bytes >= 0 && r.needed_bytes > r.bytes + r.free_bytes ?
	    UI_ERROR : UI_NORMAL, s);
	free(s);
	storage_report_free(&r);
}

/*---- Runs ----*/

/* Runs one of the recorder's checks with its output on the page. */
static void
run_maint(struct ui *ui, struct maint *m, char what)
{
	const struct maint_ops *ops = maint_ops();
	struct maint_progress p = { progress_line, ui };
	struct maint_footage res;
	struct vg_err err;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	text_clear(&m->text);
	text_heading(&m->text, what == 'v' ? _("Footage verify") : what == 'd' ?
	    _("Retention preview") : _("Retention pass"));
	if (ops == NULL) {
		text_para(&m->text, 0, UI_ERROR, _("the recorder's checks are not in this program"));
		return;
	}
	f = open_memstream(&out, &len);
	if (what == 'v')
		r = ops->footage_verify(ui->site, ui->actor, NULL, 0, 0, f, &p, &res, &err);
	else
		r = ops->retention(ui->site, ui->actor, clock_now(), what == 'd', f, &p, &err);
	fclose(f);
	put_lines(&m->text, out, r > 0 ? UI_ERROR : UI_NORMAL);
	free(out);
	if (r < 0)
		text_para(&m->text, 0, UI_ERROR, err.msg);
	else if (what == 'v') {
		char *s = xasprintf(r > 0 ? _("FAILED: %lld problems; %lld segments checked") :
		    _("ok: %lld problems; %lld segments on their chains"), (long long)res.problems,
		    (long long)res.segments);

		text_para(&m->text, 0, r > 0 ? UI_ERROR : UI_GOOD, s);
		free(s);
	}
	ui_message(ui, r < 0 || r > 0 ? UI_ERROR : UI_GOOD, "%s", r < 0 ? err.msg :
	    r > 0 ? _("Problems found: see the page.") : _("Done."));
}

/*---- A camera's events ----*/

static const struct ui_field_spec events_fields[] = {
	{ "camera", N_("Camera"), UF_CHOICE, 0, 0, 1, NULL },
	{ "from", N_("From"), UF_DATETIME, 17, 16, 0, N_("YYYY-MM-DD HH:MM") },
	{ "to", N_("To"), UF_DATETIME, 17, 16, 0, N_("YYYY-MM-DD HH:MM") },
};

static int
submit_events(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct maint *m = *(struct maint **)ud;
	struct camera_event *v;
	size_t n;
	int more;
	char *head;

	if (camera_events_range(ui->site, ui->actor, form_get(f, "camera"), form_get_time(f, "from"),
	    form_get_time(f, "to"), 500, &v, &n, &more, err) != 0)
		return -1;
	text_clear(&m->text);
	head = xasprintf(_("Events of camera %s (%zu)"), form_get(f, "camera"), n);
	text_heading(&m->text, head);
	free(head);
	if (more)
		text_para(&m->text, 0, UI_DIM, _("(earlier events left out: give a start time)"));
	for (size_t i = 0; i < n; i++) {
		char t[32], *s = xasprintf("%s%s%s", camera_event_text(v[i].kind),
		    v[i].detail[0] ? ": " : "", v[i].detail);

		text_field(&m->text, govui_time(v[i].ts_us, t), s,
		    strcmp(v[i].kind, "offline") == 0 || strncmp(v[i].kind, "disk.stop", 9) == 0 ?
		    UI_ERROR : UI_NORMAL);
		free(s);
	}
	if (n == 0)
		text_para(&m->text, 0, UI_DIM, _("no events in that time"));
	m->what = 'e';
	camera_events_range_free(v, n);
	return 0;
}

static void
open_events(struct ui *ui, struct maint *m)
{
	struct ui_form *f = form_new(_("A camera's events"), events_fields,
	    VG_ARRLEN(events_fields));
	struct cam_status *cams;
	struct vg_err err;
	const char **vals;
	struct maint **ud;
	size_t n;

	if (status_cameras(ui->site, ui->actor, &cams, &n, &err) != 0) {
		form_free(f);
		ui_dialog_message(ui, _("Cannot list the cameras"), err.msg);
		return;
	}
	vals = xcalloc(n + 1, sizeof *vals);
	for (size_t i = 0; i < n; i++)
		vals[i] = cams[i].id;
	form_set_options(f, "camera", n, vals, NULL);
	if (n > 0)
		form_set(f, "camera", vals[0]);
	free(vals);
	status_cameras_free(cams, n);
	ud = xmalloc(sizeof *ud);
	*ud = m;
	ui_push(ui, screen_form_new(ui, f, submit_events, ud, _("A camera's events")));
}

/*---- The screen ----*/

static void
maint_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct maint *m = s->data;

	text_draw(ui, &m->text, y, x, h, w);
}

static int
maint_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct maint *m = s->data;

	if (text_key(&m->text, ev) == UI_HANDLED)
		return UI_HANDLED;
	if (ev->is_key)
		return UI_UNHANDLED;
	switch (ev->ch) {
	case 's':
	case 'r':
		m->what = 's';
		show_storage(ui, m);
		return UI_HANDLED;
	case 'd':
	case 'v':
		m->what = (char)ev->ch;
		run_maint(ui, m, (char)ev->ch);
		return UI_HANDLED;
	case 'R':
		if (ui_dialog_confirm(ui, _("Retention pass"), _("Delete now every segment past its "
		    "camera's retention that no hold keeps and no open request asks for? Nothing "
		    "inside retention is ever deleted."))) {
			m->what = 'R';
			run_maint(ui, m, 'R');
		}
		return UI_HANDLED;
	case 'e':
		open_events(ui, m);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static const struct ui_key *
maint_keys(struct ui *ui, struct ui_screen *s)
{
	(void)s;
	return ui_keys_pick(ui, keys, narrow_keys);
}

static void
maint_free(struct ui_screen *s)
{
	struct maint *m = s->data;

	text_free(&m->text);
	free(m);
}

static const struct ui_screen_ops ops = {
	.title = N_("Maintenance"), .draw = maint_draw, .key = maint_key, .keys = maint_keys,
	.free = maint_free,
	.help = N_("ICT's maintenance (HHKCS 3.3, 5.4.1): s shows the footage each camera holds, "
	    "its rate, what its retention needs, what holds keep, and how long the free space "
	    "lasts; d previews a retention pass and R runs one (nothing inside retention is ever "
	    "deleted); v checks every segment's hash and chain, showing how far it got; e lists a "
	    "camera's outages, tamper alarms and storage stops with their reasons."),
};

struct ui_screen *
screen_maintenance_new(struct ui *ui)
{
	struct maint *m = xcalloc(1, sizeof *m);

	text_init(&m->text);
	m->what = 's';
	show_storage(ui, m);
	return ui_screen_new(&ops, m);
}
