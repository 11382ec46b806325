/* console.c — `vigil console`: the ncurses console for one user on this terminal (what `serve` runs on a pty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/prefs.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/graphics.h"
#include "tui/console/screens.h"
#include "tui/console/ui.h"

/*
 * DESIGN §7: the language is a per-user setting; without one, the LANG the
 * client sent decides; without that (or with the neutral C locale), the site's.
 */
void
console_language(struct ui *ui, const char *user_locale)
{
	const char *env = getenv("LANG");

	if (user_locale != NULL && user_locale[0])
		i18n_set_language(user_locale);
	else if (env != NULL && env[0] && env[0] != 'C' && strcmp(env, "POSIX") != 0)
		i18n_set_language(NULL);
	else
		i18n_set_language(ui->site->cfg.locale);
}

static int
usage(void)
{
	fputs(_("usage: vigil console --user LOGIN [--config PATH] [--wall | --play VIEWING_ID "
	    "[--camera ID] [--at TIME]]\n"), stderr);
	return 2;
}

/* What the terminal answered at start (before curses took it over). */
static struct gfx_caps term_caps;

/* Once curses runs: the person's picture setting on this terminal. */
static void
start_graphics(struct ui *ui)
{
	char *setting = prefs_graphics(ui->site, ui->actor);

	ui->gfx = gfx_new(STDOUT_FILENO, gfx_choose(&term_caps, setting, has_colors() ?
	    COLORS : 0), &term_caps, ui->site->cfg.console_max_kbps);
	free(setting);
}

/* Where the console opens: `ssh -t HOST wall`, `ssh -t HOST play ID`. */
struct start {
	int		 wall;
	int64_t		 viewing;
	const char	*camera;
	const char	*at;
};

/*
 * The screen asked for on the command line, opened before curses so that a
 * refusal is said plainly and the console exits 1, as a command would.
 */
static int
open_start(struct ui *ui, const struct start *st, struct vg_err *err)
{
	struct ui_screen *s = NULL;
	int64_t at = 0;

	if (!st->wall && st->viewing == 0)
		return 0;
	if (st->at != NULL && time_parse(st->at, &at, err) != 0)
		return -1;
	s = st->wall ? screen_wall_open(ui, err) :
	    screen_player_open(ui, st->viewing, st->camera, at, err);
	if (s == NULL)
		return -1;
	ui_push(ui, s);
	return 0;
}

int
console_main(int argc, char **argv)
{
	const char *config = config_default_path(), *login = NULL, *ssh_source = NULL;
	struct ui ui;
	struct start st;
	struct vg_user *u = NULL;
	struct vg_err err;
	char source[128];
	int64_t sid = 0;
	int r = 1;

	memset(&ui, 0, sizeof ui);
	memset(&st, 0, sizeof st);
	for (int i = 0; i < argc; i++) {
		long long v;

		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			login = argv[++i];
		else if (strcmp(argv[i], "--ssh-source") == 0 && i + 1 < argc)
			ssh_source = argv[++i];	/* set by `vigil serve`, which audits the session */
		else if (strcmp(argv[i], "--wall") == 0)
			st.wall = 1;
		else if (strcmp(argv[i], "--play") == 0 && i + 1 < argc &&
		    vg_parse_int(argv[i + 1], 1, INT64_MAX, &v) == 0) {
			st.viewing = v;
			i++;
		} else if (strcmp(argv[i], "--camera") == 0 && i + 1 < argc)
			st.camera = argv[++i];
		else if (strcmp(argv[i], "--at") == 0 && i + 1 < argc)
			st.at = argv[++i];
		else
			return usage();
	}
	if (login == NULL || (st.wall && st.viewing) || ((st.camera || st.at) && !st.viewing))
		return usage();
	if (!isatty(0) || !isatty(1)) {
		fprintf(stderr, "%s", _("vigil console: this needs a terminal\n"));
		return 2;
	}
	if (site_open(config, 0, &ui.site, &err) != 0) {
		fprintf(stderr, "vigil console: %s\n", err.msg);
		return vg_err_exit(&err);
	}
	if ((u = users_get(ui.site, login)) == NULL) {
		fprintf(stderr, _("vigil console: no user \"%s\"\n"), login);
		goto out;
	}
	if (auth_login_allowed(ui.site, u, &err) != 0) {
		fprintf(stderr, "vigil console: %s\n", err.msg);
		goto out;
	}
	if (ssh_source != NULL)
		snprintf(source, sizeof source, "%s", ssh_source);
	else
		snprintf(source, sizeof source, "console %s", ttyname(0) ? ttyname(0) : "tty");
	if ((ui.actor = actor_load(ui.site, login, source, &err)) == NULL) {
		fprintf(stderr, "vigil console: %s\n", err.msg);
		goto out;
	}
	/* Run locally, the console is its own session; over SSH the connection is. */
	if (ssh_source == NULL && (sid = auth_session_open(ui.site, u->id, login, source,
	    "console", (int)getpid(), &err)) < 0) {
		fprintf(stderr, "vigil console: %s\n", err.msg);
		goto out;
	}
	console_language(&ui, u->locale);
	ui.banner_fn = govui_viewing_banner;
	ui.alert_fn = cameras_alert;
	ui.quit_fn = govui_quit;
	ui_banner_refresh(&ui);
	ui_push(&ui, screen_home_new(&ui));
	if (open_start(&ui, &st, &err) != 0) {
		fprintf(stderr, "vigil console: %s\n", err.msg);
		r = vg_err_exit(&err);
		goto close;
	}
	/* DESIGN §7: what the terminal can draw, asked before curses takes it. */
	gfx_query(STDIN_FILENO, STDOUT_FILENO, 600, &term_caps);
	ui.on_start = start_graphics;
	r = ui_run(&ui);
	gfx_free(ui.gfx);
close:
	while (ui.depth > 0)
		ui_pop(&ui);
	if (sid > 0 && auth_session_close(ui.site, sid, login, source, "quit", &err) != 0)
		fprintf(stderr, "vigil console: %s\n", err.msg);
out:
	users_free(u);
	actor_free(ui.actor);
	site_close(ui.site);
	return r;
}
