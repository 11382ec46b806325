/* session-pty.c — the PTY bridge: the console runs on a pty slave, bytes are pumped both ways. */
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
	setsid();
	if (ioctl(slave, TIOCSCTTY, 0) != 0)
		_exit(127);
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	closefrom(3);
	execve("/proc/self/exe", argv, env);
	_exit(127);
}

static int
on_pty_output(socket_t fd, int revents, void *ud)
{
	struct conn *c = ud;
	char buf[8192];
	ssize_t n;

	if (revents & POLLIN) {
		n = read(fd, buf, sizeof buf);
		if (n > 0) {
			if (c->chan != NULL)
				ssh_channel_write(c->chan, buf, (uint32_t)n);
			return 0;
		}
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
		/* The console closed its terminal: it has ended or is ending. */
		ssh_event_remove_fd(c->ev, fd);
		if (c->child > 0 && waitpid(c->child, &c->child_status, 0) == c->child) {
			c->child = 0;
			c->child_done = 1;
		}
	}
	return 0;
}

int
pty_start(struct conn *c)
{
	int master, slave;
	char **env;
	pid_t pid;

	if (!c->pty) {
		const char *msg = _("vigil: the console needs a terminal; connect with ssh -t, or give "
		    "a command (ssh HOST help)\n");

		ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
		conn_close_channel(c, 2, "shell without a terminal");
		return 0;
	}
	if (openpty(&master, &slave, NULL, NULL, &c->ws) != 0) {
		fprintf(stderr, "vigil serve: %s: openpty: %s\n", c->source, strerror(errno));
		return -1;
	}
	env = console_env(c);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "vigil serve: %s: fork: %s\n", c->source, strerror(errno));
		close(master);
		close(slave);
		for (char **e = env; *e; e++)
			free(*e);
		free(env);
		return -1;
	}
	if (pid == 0)
		exec_console(c, slave, env);
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
	close(slave);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	fcntl(master, F_SETFD, FD_CLOEXEC);
	c->master = master;
	c->child = pid;
	c->shell_running = 1;
	ssh_event_add_fd(c->ev, master, POLLIN, on_pty_output, c);
	return 0;
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

/* Window changes become TIOCSWINSZ; the kernel sends the console SIGWINCH. */
void
pty_resize(struct conn *c, int cols, int rows, int xpixel, int ypixel)
{
	pty_clamp(&c->ws, cols, rows, xpixel, ypixel);
	if (c->master >= 0)
		ioctl(c->master, TIOCSWINSZ, &c->ws);
}

size_t
pty_flush(struct conn *c)
{
	ssize_t n;

	if (c->master < 0 || c->npin == 0)
		return 0;
	n = write(c->master, c->pin, c->npin);
	if (n > 0) {
		memmove(c->pin, c->pin + n, c->npin - (size_t)n);
		c->npin -= (size_t)n;
	}
	return c->npin;
}

/*
 * Keystrokes for the console.  The pty may not take everything at once (a
 * large paste); the rest waits in c->pin and the loop retries soon, rather
 * than blocking while the console itself waits for us to read its output.
 */
int
pty_from_client(struct conn *c, const void *data, size_t len)
{
	if (c->master < 0)
		return (int)len;
	if (c->npin + len > (1u << 20))
		return 0;	/* far behind: let the SSH window push back */
	c->pin = xrealloc(c->pin, c->npin + len + 1);
	memcpy(c->pin + c->npin, data, len);
	c->npin += len;
	pty_flush(c);
	return (int)len;
}

/*
 * Ends the console.  It is asked first (SIGTERM: ncurses restores the
 * terminal, and those bytes are passed on so the person's terminal is left
 * usable), then hung up, then killed if it still has not gone.
 */
void
pty_stop(struct conn *c)
{
	int64_t deadline = clock_mono_us() + 2 * VG_USEC_PER_SEC;

	if (c->child > 0)
		kill(c->child, SIGTERM);
	while (c->master >= 0 && c->chan != NULL && ssh_channel_is_open(c->chan) &&
	    clock_mono_us() < deadline) {
		struct pollfd p = { .fd = c->master, .events = POLLIN };
		char buf[8192];
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((n = read(c->master, buf, sizeof buf)) <= 0)
			break;
		ssh_channel_write(c->chan, buf, (uint32_t)n);
	}
	if (c->master >= 0) {
		ssh_event_remove_fd(c->ev, c->master);
		close(c->master);
		c->master = -1;
	}
	if (c->child > 0) {
		deadline = clock_mono_us() + 5 * VG_USEC_PER_SEC;
		kill(c->child, SIGHUP);
		while (waitpid(c->child, &c->child_status, WNOHANG) == 0) {
			if (clock_mono_us() > deadline) {
				kill(c->child, SIGKILL);
				waitpid(c->child, &c->child_status, 0);
				break;
			}
			usleep(20000);
		}
		c->child = 0;
	}
	free(c->pin);
	c->pin = NULL;
	c->npin = 0;
}
