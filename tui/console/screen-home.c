/* screen-home.c — the home screen: who you are, your roles and standing, and the jobs you can reach. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/status.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/screens.h"
#include "tui/console/widget-list.h"

/*
 * The jobs of the console.  A job is offered when the user holds its
 * capability (decided in core by actor_can); the screen it opens checks
 * again through core when it loads anything.  Later screens add a line here.
 */
struct home_job {
	const char	*id;
	const char	*title;		/* N_() */
	const char	*what;		/* N_() */
	const char	*cap;		/* NULL: everyone */
	struct ui_screen *(*open)(struct ui *);
	/* What is waiting there now, shown instead of `what` when not NULL. */
	char		*(*waiting)(struct ui *);
};

static char *inbox_waiting(struct ui *);

static const struct home_job jobs[] = {
	{ "cameras", N_("Camera status"),
	  N_("which cameras record; offline, covered or moved ones"), "camera.status",
	  screen_cameras_new, NULL },
	{ "wall", N_("Live wall"), N_("the cameras you may watch, live"), "live.view",
	  screen_wall_new, NULL },
	{ "account", N_("My account"), N_("your password, your keys, your language"), NULL,
	  screen_account_new, NULL },
	{ "request", N_("New request"), N_("ask to view or copy footage"), "request.file",
	  screen_request_new, NULL },
	{ "requests", N_("My requests"), N_("their status, timeline and usage reports"),
	  "request.file", screen_requests_new, NULL },
	{ "inbox", N_("Approvals inbox"), N_("requests waiting for your decision"),
	  "request.approve", screen_inbox_new, inbox_waiting },
	{ "viewings", N_("Viewing desk"), N_("run supervised viewings of granted requests"),
	  "viewing.run", screen_viewings_new, NULL },
	{ "holds", N_("Holds"), N_("keep footage past retention; release it"), "hold.manage",
	  screen_holds_new, NULL },
	{ "overdue", N_("Overdue"), N_("usage reports overdue, grants about to expire"),
	  "request.file", screen_overdue_new, NULL },
	/* Issue 14: the monitoring room's records. */
	{ "duty", N_("Duty log"), N_("your shift, its events, the handover"), "duty.log",
	  screen_duty_new, screen_duty_waiting },
	{ "room", N_("Control-room log"), N_("who enters and leaves the control room"),
	  "room.log", screen_room_new, screen_room_waiting },
	{ "equipment", N_("Equipment"), N_("inventory, inspections, faults"), "equipment.manage",
	  screen_equipment_new, screen_equipment_waiting },
	{ "faults", N_("Faults"), N_("report an equipment fault; follow it to the fix"),
	  "camera.status", screen_faults_new, screen_faults_waiting },
};

/* The approvals inbox count (HHKCS 2.1.4: approvers work through it). */
static char *
inbox_waiting(struct ui *ui)
{
	int n = requests_inbox_count(ui->site, ui->actor);

	if (n == 0)
		return xstrdup(_("nothing waits for your decision"));
	return xasprintf(ngettext("%d request waits for your decision",
	    "%d requests wait for your decision", (unsigned long)n), n);
}

/*
 * What some roles do outside the console, and how: the police liaison's
 * whole job is downloading exports (DESIGN §1), which no screen here does.
 * Offered, like the jobs, when core says the user holds the capability.
 */
static const struct { const char *cap, *what, *command; } outside[] = {
	{ "export.download", N_("download the signed exports made for your requests, with "
	  "sftp or scp to this server"), NULL },
};

static const struct ui_col job_cols[] = {
	{ N_("No."), 4, 0, 0, 1 },
	{ N_("JOB"), 18, 0, 0, 0 },
	{ N_("WHAT IT IS FOR"), 30, 3, 2, 0 },
};

static const struct ui_key home_keys[] = {
	{ "Enter", N_("open") },
	{ "1-9", N_("open by number") },
	{ NULL, NULL }
};

struct home {
	struct ui_list	 jobs;
	char		*summary;
	int		 summary_role;
	char		*outside;	/* what the user does outside the console, or NULL */
	int64_t		 loaded_us;
};

/* The SSH port people connect to (ssh.listen's), for the commands shown. */
static const char *
ssh_port(struct ui *ui)
{
	const char *colon = strrchr(ui->site->cfg.ssh_listen ? ui->site->cfg.ssh_listen : "", ':');

	return colon != NULL ? colon + 1 : "22";
}

static void
load_outside(struct ui *ui, struct home *h)
{
	struct vg_buf b;

	free(h->outside);
	h->outside = NULL;
	buf_init(&b);
	for (size_t i = 0; i < VG_ARRLEN(outside); i++) {
		if (!actor_can(ui->site, ui->actor, outside[i].cap))
			continue;
		if (b.len == 0)
			buf_puts(&b, _("Outside this console your roles let you:"));
		if (outside[i].command == NULL)
			buf_printf(&b, _("\n  • %s: sftp -P %s %s@HOST"), _(outside[i].what),
			    ssh_port(ui), ui->actor->login);
		else
			buf_printf(&b, _("\n  • %s: ssh -p %s %s@HOST %s"), _(outside[i].what),
			    ssh_port(ui), ui->actor->login, outside[i].command);
	}
	if (b.len > 0) {
		buf_puts(&b, "\n  ");
		buf_printf(&b, _("ssh -p %s %s@HOST help lists the commands your roles can use."),
		    ssh_port(ui), ui->actor->login);
		h->outside = buf_steal(&b);
	} else
		buf_free(&b);
}

/* Role titles in the console's language (the profile carries both). */
static char *
role_titles(struct ui *ui)
{
	struct vg_buf b;
	int zh = strcmp(i18n_language(), "zh_CN") == 0;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < ui->actor->nroles; i++) {
		const struct pol_role *ro = policy_role(ui->site->pol, ui->actor->roles[i]);
		const char *t = ro == NULL ? ui->actor->roles[i] :
		    zh && ro->title_zh[0] ? ro->title_zh : ro->title[0] ? ro->title : ro->name;

		buf_printf(&b, "%s%s", i ? ", " : "", t);
	}
	return buf_steal(&b);
}

static char *
register_line(struct ui *ui, int *role)
{
	struct vg_authz *v;
	size_t n;
	int64_t until = 0, now = clock_now();
	char d[32];

	if (!actor_authorized(ui->site, ui->actor)) {
		int needs = 0;

		for (size_t i = 0; i < ui->actor->nroles; i++) {
			const struct pol_role *ro = policy_role(ui->site->pol, ui->actor->roles[i]);

			needs |= ro != NULL && ro->needs_authorization;
		}
		*role = needs ? UI_WARN : UI_NORMAL;
		return xstrdup(needs ? _("not on the authorised-personnel register: your roles' "
		    "other work stays closed until you are") : _("not needed for your roles"));
	}
	v = authz_list(ui->site, &n);
	for (size_t i = 0; i < n; i++)
		if (v[i].user_id == ui->actor->user_id && !v[i].revoked_us && v[i].until_us > now &&
		    v[i].until_us > until)
			until = v[i].until_us;
	authz_free_list(v, n);
	*role = UI_GOOD;
	return xasprintf(_("authorised until %s"), time_fmt_date(until, d));
}

/* One line about the cameras, when the user may see their status. */
static void
load_summary(struct ui *ui, struct home *h)
{
	struct cam_status *cams;
	struct vg_err err;
	size_t n, off = 0, bad = 0, ok = 0;

	free(h->summary);
	h->summary = NULL;
	h->loaded_us = clock_now();
	if (!actor_can(ui->site, ui->actor, "camera.status") ||
	    status_cameras(ui->site, ui->actor, &cams, &n, &err) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *w = status_camera_word(&cams[i]);

		off += strcmp(w, "offline") == 0;
		bad += strcmp(w, "covered") == 0 || strcmp(w, "moved") == 0;
		ok += strcmp(w, "online") == 0;
	}
	status_cameras_free(cams, n);
	h->summary = xasprintf(_("Cameras: %zu in all, %zu online, %zu offline, %zu covered or "
	    "moved"), n, ok, off, bad);
	h->summary_role = off ? UI_ERROR : bad ? UI_WARN : UI_GOOD;
}

static void
load_jobs(struct ui *ui, struct home *h)
{
	int k = 0;

	list_begin(&h->jobs);
	for (size_t i = 0; i < VG_ARRLEN(jobs); i++) {
		char no[16];
		const char *cells[3];

		if (jobs[i].cap != NULL && !actor_can(ui->site, ui->actor, jobs[i].cap))
			continue;
		char *waiting = jobs[i].waiting ? jobs[i].waiting(ui) : NULL;

		snprintf(no, sizeof no, "%d", ++k);
		cells[0] = no;
		cells[1] = _(jobs[i].title);
		cells[2] = waiting ? waiting : _(jobs[i].what);
		list_add(&h->jobs, jobs[i].id, UI_NORMAL, cells);
		free(waiting);
	}
	list_end(&h->jobs);
}

static void
open_job(struct ui *ui, void *ud, const char *id)
{
	(void)ud;
	for (size_t i = 0; i < VG_ARRLEN(jobs); i++)
		if (strcmp(jobs[i].id, id) == 0) {
			struct ui_screen *s = jobs[i].open(ui);

			if (s != NULL)		/* NULL: refused, and it said why */
				ui_push(ui, s);
			return;
		}
}

static void
home_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct home *hm = s->data;
	const char *labels[4] = { _("Name:"), _("Roles:"), _("Unit:"), _("Register:") };
	const struct pol_unit *u = policy_unit(ui->site->pol, ui->actor->unit);
	char *vals[4];
	int lw = 0, row, roles[4] = { UI_NORMAL, UI_NORMAL, UI_NORMAL, UI_NORMAL };

	vals[0] = xasprintf("%s (%s)", ui->actor->name, ui->actor->login);
	vals[1] = role_titles(ui);
	vals[2] = xstrdup(u ? policy_unit_name(ui->site->pol, u->id) : ui->actor->unit[0] ?
	    ui->actor->unit : "-");
	vals[3] = register_line(ui, &roles[3]);
	for (int i = 0; i < 4; i++)
		if (ui_width(labels[i]) > lw)
			lw = ui_width(labels[i]);
	for (int i = 0; i < 4; i++) {
		ui_put(stdscr, y + 1 + i, x + 2, lw, labels[i], ui_attr(ui, UI_HEADER), 0);
		ui_put(stdscr, y + 1 + i, x + 3 + lw, w - 4 - lw, vals[i], ui_attr(ui, roles[i]), 0);
		free(vals[i]);
	}
	row = y + 6;
	if (hm->summary != NULL)
		ui_put(stdscr, row++, x + 2, w - 3, hm->summary, ui_attr(ui, hm->summary_role), 0);
	if (hm->outside != NULL) {
		size_t n;
		char **lines = ui_wrap(hm->outside, w - 4, &n);

		row += hm->summary != NULL;
		for (size_t i = 0; i < n && row < y + h - 4; i++)
			ui_put(stdscr, row++, x + 2, w - 3, lines[i], A_NORMAL, 0);
		ui_free_lines(lines, n);
	}
	list_draw(ui, &hm->jobs, row + 1, x, y + h - row - 1, w);
}

static int
home_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct home *h = s->data;

	if (!h->jobs.filtering && !ev->is_key && ev->ch >= '1' && ev->ch <= '9') {
		size_t i = (size_t)(ev->ch - '1');

		if (i < h->jobs.nrows)
			open_job(ui, h, h->jobs.rows[i].key);
		return UI_HANDLED;
	}
	return list_screen_key(ui, &h->jobs, ev, open_job, h);
}

static void
home_tick(struct ui *ui, struct ui_screen *s)
{
	struct home *h = s->data;

	if (clock_now() - h->loaded_us >= 5 * VG_USEC_PER_SEC) {
		load_summary(ui, h);
		load_jobs(ui, h);	/* the inbox count */
	}
}

static void
home_resume(struct ui *ui, struct ui_screen *s)
{
	struct home *h = s->data;

	load_jobs(ui, h);	/* titles follow a language change */
	load_summary(ui, h);
	load_outside(ui, h);
}

static const struct ui_key *
home_keys_fn(struct ui *ui, struct ui_screen *s)
{
	struct home *h = s->data;

	(void)ui;
	return list_screen_keys(&h->jobs, home_keys);
}

static const struct ui_key *
home_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct home *h = s->data;

	(void)ui;
	return list_help_keys(&h->jobs);
}

static void
home_free(struct ui_screen *s)
{
	struct home *h = s->data;

	list_free(&h->jobs);
	free(h->summary);
	free(h->outside);
	free(h);
}

static const struct ui_screen_ops home_ops = {
	.title = N_("Home"),
	.draw = home_draw,
	.key = home_key,
	.tick = home_tick,
	.keys = home_keys_fn,
	.help_keys = home_help_keys,
	.resume = home_resume,
	.free = home_free,
	.help = N_("The home screen shows who you are logged in as, your roles and whether you "
	    "are on the authorised-personnel register, and the jobs your roles let you do. "
	    "Choose one with the arrow keys and Enter, or by its number."),
};

struct ui_screen *
screen_home_new(struct ui *ui)
{
	struct home *h = xcalloc(1, sizeof *h);

	list_init(&h->jobs, job_cols, VG_ARRLEN(job_cols), 0);
	h->jobs.empty = N_("(no jobs: your roles grant nothing here)");
	load_jobs(ui, h);
	load_summary(ui, h);
	load_outside(ui, h);
	return ui_screen_new(&home_ops, h);
}
