/* console.c — `vigil console`: the ncurses console for one user on this terminal (what `serve` runs on a pty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
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
	fputs(_("usage: vigil console --user LOGIN [--config PATH]\n"), stderr);
	return 2;
}

int
console_main(int argc, char **argv)
{
	const char *config = config_default_path(), *login = NULL, *ssh_source = NULL;
	struct ui ui;
	struct vg_user *u = NULL;
	struct vg_err err;
	char source[128];
	int64_t sid = 0;
	int r = 1;

	memset(&ui, 0, sizeof ui);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			login = argv[++i];
		else if (strcmp(argv[i], "--ssh-source") == 0 && i + 1 < argc)
			ssh_source = argv[++i];	/* set by `vigil serve`, which audits the session */
		else
			return usage();
	}
	if (login == NULL)
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
	r = ui_run(&ui);
	if (sid > 0 && auth_session_close(ui.site, sid, login, source, "quit", &err) != 0)
		fprintf(stderr, "vigil console: %s\n", err.msg);
out:
	users_free(u);
	actor_free(ui.actor);
	site_close(ui.site);
	return r;
}
