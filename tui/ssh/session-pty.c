/* session-pty.c — the console, exec'd by the worker on the pty slave whose master the connection process relays. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/ssh/session.h"

extern char **environ;

/* The console's environment: the terminal and language the client gave, and
 * the server's own VIGIL_* settings (clock, catalogues, profiles). */
static char **
console_env(struct conn *c)
{
	char **env = xcalloc(c->nenv + 64, sizeof *env);
	size_t n = 0;

	for (char **e = environ; *e && n < 48; e++)
		if (strncmp(*e, "VIGIL_", 6) == 0 || strncmp(*e, "PATH=", 5) == 0 ||
		    strncmp(*e, "TMPDIR=", 7) == 0 || strncmp(*e, "ASAN_OPTIONS=", 13) == 0 ||
		    strncmp(*e, "UBSAN_OPTIONS=", 14) == 0)
			env[n++] = xstrdup(*e);
	/* Few malloc arenas: each reserves 64 MiB of address space, which counts
	 * against the console's limit (ssh.console_memory_mb). */
	env[n++] = xstrdup("MALLOC_ARENA_MAX=2");
	env[n++] = xasprintf("TERM=%s", c->term);
	for (size_t i = 0; i < c->nenv; i++)
		if (strncmp(c->env[i], "TERM=", 5) != 0)
			env[n++] = xstrdup(c->env[i]);
	env[n] = NULL;
	return env;
}

/*
 * No input may exhaust the host's memory: the console's address space is
 * capped (ssh.console_memory_mb), so whatever a client asks for, the console
 * fails alone.  Sanitizer builds reserve terabytes of shadow memory and run
 * without the cap.
 */
static void
limit_memory(struct conn *c)
{
#if !defined(__SANITIZE_ADDRESS__)
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = (rlim_t)c->cfg->ssh_console_memory_mb << 20;
	setrlimit(RLIMIT_AS, &rl);
#else
	(void)c;
#endif
}

/* In the child: become the session leader on the slave and run the console. */
static void
exec_console(struct conn *c, int slave, char **env)
{
	char *fixed[] = { "vigil", "console", "--config", (char *)c->spec->config,
	    "--user", c->login, "--ssh-source", c->source };
	char **argv = xcalloc(VG_ARRLEN(fixed) + (size_t)c->nconsole_args + 1, sizeof *argv);
	struct sigaction sa;
	size_t n = 0;

	for (size_t i = 0; i < VG_ARRLEN(fixed); i++)
		argv[n++] = fixed[i];
	for (int i = 0; i < c->nconsole_args; i++)
		argv[n++] = c->console_args[i];	/* `wall`, `play ID`: where it opens */

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	alarm(0);
	limit_memory(c);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) != 0) {
		fprintf(stderr, "vigil serve: %s: the console's terminal: %s\n", c->source,
		    strerror(errno));
		_exit(127);
	}
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	closefrom(3);
	execve("/proc/self/exe", argv, env);
	fprintf(stderr, "vigil serve: %s: cannot run the console: %s\n", c->source,
	    strerror(errno));
	_exit(127);
}

void
pty_start(struct conn *c)
{
	char **env;

	if (!c->pty) {
		const char *msg = _("vigil: the console needs a terminal; connect with ssh -t, or give "
		    "a command (ssh HOST help)\n");

		conn_write(c, 1, msg, strlen(msg));
		conn_close_channel(c, 2, "shell without a terminal");
		return;
	}
	if (!isatty(c->wfd_in)) {
		/* the monitor gave no pty: it read the command otherwise than we did */
		const char *msg = _("vigil: the console could not be started; try again, or "
		    "tell the administrator\n");

		conn_write(c, 1, msg, strlen(msg));
		conn_close_channel(c, 1, "console without a pty");
		return;
	}
	env = console_env(c);
	exec_console(c, c->wfd_in, env);
}

static unsigned short
clamp(int v, int max, int dflt)
{
	return (unsigned short)(v <= 0 ? dflt : v > max ? max : v);
}

/*
 * What a client says about its terminal, brought within what a terminal can
 * be: ncurses keeps every cell of the screen several times over, so a
 * window-change to 9999x9999 cells would make the console allocate gigabytes.
 */
void
pty_clamp(struct winsize *ws, int cols, int rows, int xpixel, int ypixel)
{
	ws->ws_col = clamp(cols, PTY_MAX_CELLS, 80);
	ws->ws_row = clamp(rows, PTY_MAX_CELLS, 24);
	ws->ws_xpixel = clamp(xpixel, PTY_MAX_PIXELS, 0);
	ws->ws_ypixel = clamp(ypixel, PTY_MAX_PIXELS, 0);
}

