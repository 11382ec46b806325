/* relay.c — the connection process's side of a job: asks the monitor for it, relays the channel to its descriptors. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"
#include "tui/ssh/privsep-msg.h"
#include "tui/ssh/session.h"

/* Bytes read from a job's output at once: at most what the window allows. */
#define RELAY_CHUNK	(256 * 1024)
/* Client bytes held for a job that has not taken them: past this the SSH
 * window pushes back. */
#define RELAY_MAX_INPUT	(1u << 20)
/* After the job ended, how long its last output may take to arrive. */
#define RELAY_LINGER_US	(3 * VG_USEC_PER_SEC)

static uint8_t chunk[RELAY_CHUNK];

/*---- The monitor's news ----*/

static void
job_exited(struct conn *c, const struct psmsg *m)
{
	long long st = 1, sig = 0;

	vg_parse_int(m->f[0], 0, 255, &st);
	vg_parse_int(m->f[1], 0, 128, &sig);
	c->job_exited = 1;
	c->job_status = (int)st;
	c->job_signal = (int)sig;
	c->job_exited_us = clock_mono_us();
}

int
mon_wait(struct conn *c, char type, struct psmsg *m)
{
	while (c->monitor_fd >= 0 && psmsg_recv(c->monitor_fd, m) == 0) {
		if (m->type == type)
			return 0;
		if (m->type != 'X')
			break;
		job_exited(c, m);
	}
	fprintf(stderr, "vigil serve: %s: no answer from the monitor\n", c->source);
	conn_end(c, "monitor gone");
	return -1;
}

/* The monitor speaks unasked only to say the job ended; its end ends the connection. */
static int
on_monitor(socket_t fd, int revents, void *ud)
{
	struct conn *c = ud;
	static struct psmsg m;

	(void)revents;
	if (psmsg_recv(fd, &m) == 0 && m.type == 'X') {
		job_exited(c, &m);
		return 0;
	}
	ssh_event_remove_fd(c->ev, fd);
	c->mon_watched = 0;
	fprintf(stderr, "vigil serve: %s: the monitor ended\n", c->source);
	conn_end(c, "monitor gone");
	return 0;
}

/*---- Output: the job's to the client ----*/

/* The count of its output that reached the channel, for the worker's download records. */
static void
ack(struct conn *c)
{
	uint8_t b[8];

	if (c->jerr < 0)
		return;
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(c->delivered >> (56 - 8 * i));
	/* A worker that does not read them (a command) lets them fill its socket. */
	(void)send(c->jerr, b, sizeof b, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static uint32_t
window(struct conn *c)
{
	return c->chan != NULL && ssh_channel_is_open(c->chan) ?
	    ssh_channel_window_size(c->chan) : 0;
}

/*
 * The job's stdout (or the pty master): read only as much as the channel's
 * window takes, so nothing piles up here; with the window shut the socket is
 * left unread (paused) and the worker waits on it.
 */
static int
on_output(socket_t fd, int revents, void *ud)
{
	struct conn *c = ud;
	uint32_t win = window(c);
	size_t want = sizeof chunk;
	ssize_t n;

	/* With the channel gone, what the job still says is read and dropped. */
	if (c->job == JOB_PIPES && c->chan != NULL && ssh_channel_is_open(c->chan)) {
		if (win == 0) {
			ssh_event_remove_fd(c->ev, fd);
			c->jio_paused = 1;
			return 0;
		}
		want = win < want ? win : want;
	}
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		n = read(fd, chunk, want);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		if (n > 0) {
			if (c->chan != NULL && ssh_channel_is_open(c->chan) &&
			    ssh_channel_write(c->chan, chunk, (uint32_t)n) == n)
				c->delivered += (uint64_t)n;
			/* a download sending is activity; a console redrawing itself is not */
			if (c->job == JOB_PIPES)
				c->last_activity_us = clock_now();
			ack(c);
			return 0;
		}
	}
	/* The job closed its output (a pty says EIO): it has ended or is ending. */
	ssh_event_remove_fd(c->ev, fd);
	c->jio_eof = 1;
	ack(c);
	return 0;
}

/* Its stderr: small, passed on as it comes. */
static int
on_errput(socket_t fd, int revents, void *ud)
{
	struct conn *c = ud;
	char buf[8192];
	ssize_t n;

	(void)revents;
	n = read(fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n > 0) {
		if (c->chan != NULL && ssh_channel_is_open(c->chan))
			ssh_channel_write_stderr(c->chan, buf, (uint32_t)n);
		return 0;
	}
	ssh_event_remove_fd(c->ev, fd);
	c->jerr_eof = 1;
	return 0;
}

/*---- Starting ----*/

static char *
env_lines(const struct conn *c)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < c->nenv; i++)
		buf_printf(&b, "%s\n", c->env[i]);
	return buf_steal(&b);
}

static void
nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/*
 * The monitor starts the job in a worker and hands over its descriptors:
 * the pty master (a console), or the worker's stdin+stdout and stderr
 * sockets.  Client bytes that came first wait in c->pin.
 */
int
job_start(struct conn *c, const char *kind, const char *what)
{
	static struct psmsg r;
	char size[64], *env = env_lines(c);
	const char *f[6] = { kind, what, c->pty ? c->term : "", size, env,
	    c->agent_refused ? "a" : "" };
	int fds[2] = { -1, -1 }, pty;

	snprintf(size, sizeof size, "%d %d %d %d", c->ws.ws_col, c->ws.ws_row, c->ws.ws_xpixel,
	    c->ws.ws_ypixel);
	if (psmsg_send(c->monitor_fd, 'J', 6, f) != 0 || mon_wait(c, 'S', &r) != 0 ||
	    r.f[0][0] == '\0') {
		free(env);
		return -1;
	}
	free(env);
	pty = strcmp(r.f[0], "pty") == 0;
	if (psmsg_recv_fds(c->monitor_fd, fds, pty ? 1 : 2) != 0)
		return -1;
	c->job = pty ? JOB_PTY : JOB_PIPES;
	c->job_busy = strcmp(r.f[0], "command") == 0;
	if (c->job_busy) {
		c->jin_shut = 1;	/* commands read no input: the client's is dropped */
		c->npin = 0;
	}
	nonblock(fds[0]);
	if (pty) {
		c->master = fds[0];
		c->jerr_eof = 1;
	} else {
		c->jio = fds[0];
		c->jerr = fds[1];
		nonblock(fds[1]);
		ssh_event_add_fd(c->ev, c->jerr, POLLIN, on_errput, c);
	}
	ssh_event_add_fd(c->ev, fds[0], POLLIN, on_output, c);
	relay_flush(c);
	return 0;
}

/*---- Input: the client's to the job ----*/

static int
in_fd(const struct conn *c)
{
	return c->job == JOB_PTY ? c->master : c->job == JOB_PIPES ? c->jio : -1;
}

size_t
relay_flush(struct conn *c)
{
	int fd = in_fd(c);
	ssize_t n;

	if (fd < 0 || c->npin == 0)
		return c->jin_shut ? 0 : c->npin;
	n = c->job == JOB_PTY ? write(fd, c->pin, c->npin) :
	    send(fd, c->pin, c->npin, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n > 0) {
		memmove(c->pin, c->pin + n, c->npin - (size_t)n);
		c->npin -= (size_t)n;
	} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
		c->npin = 0;	/* the job no longer reads: what it did not take is dropped */
		c->jin_shut = 1;
	}
	return c->npin;
}

/*
 * The job may not take everything at once (a paste, a download's pipelined
 * requests); the rest waits in c->pin and the loop retries soon, rather than
 * blocking while the job waits for its output to be read.
 */
int
relay_input(struct conn *c, const void *data, size_t len)
{
	if (c->jin_shut)
		return (int)len;
	if (c->npin + len > RELAY_MAX_INPUT)
		return 0;	/* far behind: let the SSH window push back */
	c->pin = xrealloc(c->pin, c->npin + len + 1);
	memcpy(c->pin + c->npin, data, len);
	c->npin += len;
	relay_flush(c);
	return (int)len;
}

/*---- Ending ----*/

static void
close_fds(struct conn *c)
{
	int *fds[3] = { &c->master, &c->jio, &c->jerr };

	for (int i = 0; i < 3; i++)
		if (*fds[i] >= 0) {
			ssh_event_remove_fd(c->ev, *fds[i]);
			close(*fds[i]);
			*fds[i] = -1;
		}
}

/* The job ended and said all it had to: its status goes to the client. */
static void
finish(struct conn *c)
{
	char reason[64];
	int status = c->job_signal ? 1 : c->job_status;

	if (c->job_signal)
		snprintf(reason, sizeof reason, "%s ended by signal %d", c->job == JOB_PTY ?
		    "console" : "command", c->job_signal);
	else
		snprintf(reason, sizeof reason, "%s", c->job == JOB_PTY ? "logout" : "command done");
	if (c->job_signal && c->chan != NULL && ssh_channel_is_open(c->chan)) {
		char *text = xasprintf(_("vigil: the session's process ended unexpectedly "
		    "(signal %d); try again, or tell the administrator"), c->job_signal);
		char *msg = xasprintf("\r\n%s\r\n", text);

		ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
		free(text);
		free(msg);
	}
	close_fds(c);
	c->job = JOB_NONE;
	conn_close_channel(c, status, reason);
}

void
relay_poll(struct conn *c)
{
	if (c->mon_watched == 0 && c->monitor_fd >= 0 && c->authed) {
		ssh_event_add_fd(c->ev, c->monitor_fd, POLLIN, on_monitor, c);
		c->mon_watched = 1;
	}
	if (c->job == JOB_NONE)
		return;
	if (c->jio_paused && (window(c) > 0 || c->chan == NULL || !ssh_channel_is_open(c->chan))) {
		c->jio_paused = 0;
		ssh_event_add_fd(c->ev, c->jio, POLLIN, on_output, c);
	}
	if (c->job == JOB_PIPES && c->client_eof && relay_flush(c) == 0 && !c->jin_shut) {
		shutdown(c->jio, SHUT_WR);	/* the worker sees its input end */
		c->jin_shut = 1;
	}
	/* A download's worker waits for the last count before it records. */
	if (c->job == JOB_PIPES && c->jio_eof && !c->job_exited)
		ack(c);
	if (c->job_exited && ((c->jio_eof && c->jerr_eof) ||
	    clock_mono_us() > c->job_exited_us + RELAY_LINGER_US))
		finish(c);
}

/* Its descriptors closed, client bytes it did not take dropped. */
static void
drop_job(struct conn *c)
{
	close_fds(c);
	c->job = JOB_NONE;
	free(c->pin);
	c->pin = NULL;
	c->npin = 0;
}

/*
 * Ends the job: the monitor asks it to stop (SIGTERM: the console's ncurses
 * restores the terminal, and those bytes are passed on so the person's
 * terminal is left usable; a download records what was sent), and what it
 * says meanwhile is relayed for a moment.  The monitor makes sure it ended
 * when the connection does.
 */
void
job_stop(struct conn *c)
{
	int64_t deadline = clock_mono_us() + 2 * VG_USEC_PER_SEC;
	int fd = c->job == JOB_PTY ? c->master : c->jio;

	if (c->job == JOB_NONE)
		return;
	if (c->monitor_fd >= 0 && psmsg_send(c->monitor_fd, 'H', 0, NULL) != 0)
		fprintf(stderr, "vigil serve: %s: monitor gone\n", c->source);
	while (c->job == JOB_PTY && fd >= 0 && !c->jio_eof && c->chan != NULL &&
	    ssh_channel_is_open(c->chan) && clock_mono_us() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		if ((n = read(fd, chunk, sizeof chunk)) <= 0)
			break;
		if (ssh_channel_write(c->chan, chunk, (uint32_t)n) == n)
			c->delivered += (uint64_t)n;
		ack(c);
	}
	drop_job(c);
}

void
job_leave(struct conn *c)
{
	if (c->job != JOB_NONE && !c->job_busy)
		job_stop(c);
	else
		drop_job(c);
}

/* Window changes become TIOCSWINSZ; the kernel sends the console SIGWINCH. */
void
pty_resize(struct conn *c, int cols, int rows, int xpixel, int ypixel)
{
	pty_clamp(&c->ws, cols, rows, xpixel, ypixel);
	if (c->master >= 0)
		ioctl(c->master, TIOCSWINSZ, &c->ws);
}
