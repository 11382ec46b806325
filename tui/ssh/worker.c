/* worker.c — one job of a logged-in session, run by a process the monitor forks: a command, a download or the console. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/session.h"
#include "tui/ssh/xfer.h"

/*
 * The worker runs as the site's owner with its own handle on the site
 * (never the monitor's: SQLite connections must not cross a fork).  Its
 * descriptors go to the connection process, which relays them to the
 * channel: stdin+stdout on one socket, stderr on another, on which the
 * connection process says how many bytes of stdout reached the channel
 * (xfer.h records downloads by that), or the pty slave for the console.
 */

static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
}

/* "NAME=value" lines into c->env, as the connection process accepted them. */
static void
set_env(struct conn *c, const char *lines)
{
	char *all = xstrdup(lines), *save = NULL;

	for (char *l = strtok_r(all, "\n", &save); l != NULL && c->nenv < 16;
	    l = strtok_r(NULL, "\n", &save)) {
		c->env = xrealloc(c->env, (c->nenv + 1) * sizeof *c->env);
		c->env[c->nenv++] = xstrdup(l);
	}
	free(all);
}

/* The job's descriptors as 3, 4, 5 and nothing else open but 0-2. */
static void
only_ours(const struct worker_job *j, struct conn *c)
{
	int high[3] = { fcntl(j->in, F_DUPFD_CLOEXEC, 64), fcntl(j->out, F_DUPFD_CLOEXEC, 64),
	    fcntl(j->err, F_DUPFD_CLOEXEC, 64) };

	for (int i = 0; i < 3; i++) {
		dup2(high[i], 3 + i);
		fcntl(3 + i, F_SETFD, FD_CLOEXEC);
	}
	closefrom(6);
	c->wfd_in = 3;
	c->wfd_out = 4;
	c->wfd_err = 5;
}

static int
setup(struct conn *c, const struct worker_job *j, struct conn_spec *spec)
{
	struct vg_err err;
	int w, h, xp, yp;

	memset(spec, 0, sizeof *spec);
	spec->config = j->config;
	spec->fd = spec->notify_fd = spec->root_fd = -1;
	c->spec = spec;
	c->worker = 1;
	c->master = c->jio = c->jerr = c->monitor_fd = c->notify_fd = -1;
	snprintf(c->source, sizeof c->source, "%s", j->source);
	c->login = xstrdup(j->login);
	c->session_id = j->session_id;
	c->authed = 1;
	c->pty = j->term[0] != '\0';
	snprintf(c->term, sizeof c->term, "%s", c->pty ? j->term : "dumb");
	if (sscanf(j->size, "%d %d %d %d", &w, &h, &xp, &yp) != 4)
		w = h = xp = yp = 0;
	pty_clamp(&c->ws, w, h, xp, yp);
	set_env(c, j->env);
	c->agent_refused = strchr(j->flags, 'a') != NULL;
	if (site_open(j->config, 0, &c->site, &err) != 0 ||
	    (c->user = users_get(c->site, c->login)) == NULL ||
	    (c->actor = actor_load(c->site, c->login, c->source, &err)) == NULL) {
		fprintf(stderr, "vigil serve: %s: worker: %s\n", c->source, c->site && !c->user ?
		    "the user went while logging in" : err.msg);
		return -1;
	}
	c->cfg = &c->site->cfg;
	i18n_set_language(c->cfg->locale);
	return 0;
}

/* The connection process's count of stdout bytes that reached the channel. */
static void
read_acks(struct conn *c, int *gone)
{
	uint8_t b[8 * 64];
	ssize_t n;

	while ((n = read(c->wfd_err, b, sizeof b)) > 0)
		if (n >= 8) {
			const uint8_t *p = b + (n / 8 - 1) * 8;
			uint64_t v = 0;

			for (int i = 0; i < 8; i++)
				v = v << 8 | p[i];
			xfer_acked(c, v);
		}
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		*gone = 1;
}

/*
 * A download: the protocol answers while its input comes, writing as the
 * socket takes it.  When it is over, the worker waits until the connection
 * process has said how much reached the channel (or is gone, or the worker is
 * told to stop), so that what the audit records was sent.
 */
static void
xfer_loop(struct conn *c)
{
	struct sigaction sa;
	int gone = 0, more;

	/* Asked to stop, a download still records what reached the client. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	fcntl(c->wfd_in, F_SETFL, fcntl(c->wfd_in, F_GETFL) | O_NONBLOCK);
	fcntl(c->wfd_err, F_SETFL, fcntl(c->wfd_err, F_GETFL) | O_NONBLOCK);
	while (!c->done && !got_stop && !gone) {
		struct pollfd p[2] = { { .fd = c->wfd_in, .events = 0 },
		    { .fd = c->wfd_err, .events = POLLIN } };
		uint8_t buf[65536];
		ssize_t n = -1;

		more = xfer_pump(c);
		if (c->done)
			break;
		if (!c->in_eof)
			p[0].events |= POLLIN;
		if (xfer_pending(c))
			p[0].events |= POLLOUT;
		if (poll(p, 2, more ? 0 : 1000) < 0 && errno != EINTR)
			break;
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			while (!c->in_eof && (n = read(c->wfd_in, buf, sizeof buf)) != 0) {
				if (n < 0) {
					if (errno != EAGAIN && errno != EINTR)
						c->in_eof = 1;
					break;
				}
				xfer_input(c, buf, (size_t)n);
			}
			if (n == 0)
				c->in_eof = 1;
		}
		if (p[1].revents)
			read_acks(c, &gone);
	}
	shutdown(c->wfd_out, SHUT_WR);
	fcntl(c->wfd_err, F_SETFL, fcntl(c->wfd_err, F_GETFL) & ~O_NONBLOCK);
	while (!got_stop && !gone && !xfer_all_acked(c)) {
		struct pollfd p = { .fd = c->wfd_err, .events = POLLIN };

		if (poll(&p, 1, 1000) > 0) {
			fcntl(c->wfd_err, F_SETFL, fcntl(c->wfd_err, F_GETFL) | O_NONBLOCK);
			read_acks(c, &gone);
		}
	}
	xfer_end(c);
}

static int
run(struct conn *c, const struct worker_job *j)
{
	if (strcmp(j->kind, "subsystem") == 0)
		exec_subsystem(c, j->what);
	else if (strcmp(j->kind, "exec") == 0) {
		if (!exec_console_cmd(c, j->what))
			exec_run(c, j->what);
	} else
		c->want_shell = 1;
	if (c->want_shell)
		pty_start(c);	/* execs the console, or refuses */
	if (c->xfer != NULL)
		xfer_loop(c);
	return c->exit_status;
}

int
worker_main(const struct worker_job *j)
{
	struct conn c;
	struct conn_spec spec;
	struct sigaction sa;
	pid_t parent = getppid();
	int status;

	memset(&c, 0, sizeof c);
	/* Ends with its monitor (a command, killed; a download, recording what was sent). */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != parent)
		return 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	only_ours(j, &c);
	if (setup(&c, j, &spec) != 0) {
		const char *msg = _("vigil: the session could not be started; try again, or tell "
		    "the administrator\n");

		conn_write(&c, 1, msg, strlen(msg));
		status = 1;
	} else
		status = run(&c, j);
	for (size_t i = 0; i < c.nenv; i++)
		free(c.env[i]);
	free(c.env);
	for (int i = 0; i < c.nconsole_args; i++)
		free(c.console_args[i]);
	free(c.console_args);
	free(c.login);
	users_free(c.user);
	actor_free(c.actor);
	site_close(c.site);
	return status;
}
