/* xfer.c — downloads over the session channel: input, sending within the window, and the records they share. */
#include "tui/ssh/xfer-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"
#include "tui/ssh/session.h"

/* Answers sent per pump before the loop looks at the socket again (window
 * adjustments, the client's close). */
#define XFER_ROUNDS 32

static void record(struct xfer *, struct xfer_dl *);

/* The transfer of the connection, holding input until its protocol starts. */
static struct xfer *
holder(struct conn *c)
{
	if (c->xfer == NULL) {
		c->xfer = xcalloc(1, sizeof *c->xfer);
		c->xfer->c = c;
	}
	return c->xfer;
}

struct xfer *
xfer_new(struct conn *c, const struct xfer_ops *ops, void *st)
{
	struct xfer *x = holder(c);

	x->ops = ops;
	x->st = st;
	return x;
}

/* Whether everything of the answer went out. */
static int
sent(const struct xfer *x)
{
	return x->pos == x->nout && x->extpos == x->next;
}

uint8_t *
xfer_out(struct xfer *x, size_t n)
{
	VG_ASSERT(sent(x));
	if (n > x->capout) {
		x->capout = n;
		x->out = xrealloc(x->out, n);
	}
	x->nout = x->pos = 0;
	x->ext = NULL;
	x->next = x->extpos = 0;
	return x->out;
}

int
xfer_out_file(struct xfer *x, struct xfer_dl *d, int64_t off, size_t n)
{
	ssize_t k;

	if (d->map != NULL) {
		x->ext = d->map + off;
		x->next = n;
		return 0;
	}
	if (x->nout + n > x->capout) {
		x->capout = x->nout + n;
		x->out = xrealloc(x->out, x->capout);
	}
	do
		k = pread(d->f.fd, x->out + x->nout, n, off);
	while (k < 0 && errno == EINTR);
	if (k != (ssize_t)n)
		return -1;
	x->nout += n;
	return 0;
}

void
xfer_consume(struct xfer *x, size_t n)
{
	VG_ASSERT(n <= x->nin);
	memmove(x->in, x->in + n, x->nin - n);
	x->nin -= n;
}

void
xfer_say(struct xfer *x, const char *fmt, ...)
{
	va_list ap;
	char *msg, *line;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* Clients ask about one name several times; say it once. */
	if (x->said != NULL && strcmp(x->said, msg) == 0) {
		free(msg);
		return;
	}
	line = xasprintf("vigil: %s\n", msg);
	conn_write(x->c, 1, line, strlen(line));
	free(line);
	free(x->said);
	x->said = msg;
}

void
xfer_tell(struct xfer *x, const char *path, const char *why)
{
	if (strstr(why, path) != NULL)
		xfer_say(x, "%s", why);
	else
		xfer_say(x, "%s: %s", path, why);
}

void
xfer_refuse(struct xfer *x, const char *what, const char *path, const char *why)
{
	conn_audit(x->c, x->c->login, "ssh.refuse", x->c->login, "%s %s %.200s: %.300s",
	    x->ops->name, what, path, why);
	xfer_tell(x, path, why);
}

void
xfer_exit(struct xfer *x, int status, const char *reason)
{
	x->over = 1;
	conn_close_channel(x->c, status, reason);
}

/*---- Starting, feeding, pumping, ending ----*/

int
xfer_input(struct conn *c, const void *p, size_t n)
{
	struct xfer *x = holder(c);

	if (x->over)
		return (int)n;
	if (x->nin + n > XFER_MAX_INPUT) {
		/* No client keeps this much unanswered: a flood, not a transfer. */
		conn_audit(c, c->login, "ssh.refuse", c->login, "%s: more than %d bytes of requests "
		    "unanswered", x->ops ? x->ops->name : "input", XFER_MAX_INPUT);
		xfer_exit(x, 1, "transfer flood");
		return (int)n;
	}
	if (x->nin + n > x->capin) {
		x->capin = (x->nin + n) * 2;
		x->in = xrealloc(x->in, x->capin);
	}
	memcpy(x->in + x->nin, p, n);
	x->nin += n;
	return (int)n;
}

/* Sends what the socket takes of the answer; 0 when it cannot send now. */
static int
send_some(struct xfer *x)
{
	int head = x->pos < x->nout;
	const uint8_t *p = head ? x->out + x->pos : x->ext + x->extpos;
	size_t n = head ? x->nout - x->pos : x->next - x->extpos;
	ssize_t w = send(x->c->wfd_out, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (w < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (w <= 0) {
		x->over = 1;
		conn_end(x->c, "disconnected");
		return 0;
	}
	x->written += (uint64_t)w;
	if (head)
		x->pos += (size_t)w;
	else
		x->extpos += (size_t)w;
	return 1;
}

int
xfer_pump(struct conn *c)
{
	struct xfer *x = c->xfer;

	int i, waiting = 0;

	if (x == NULL || x->ops == NULL || x->over || c->done)
		return 0;
	for (i = 0; i < XFER_ROUNDS && !x->over && !waiting; i++) {
		if (!sent(x))
			waiting = !send_some(x);	/* the window is shut */
		else
			waiting = x->ops->step(x) <= 0;	/* it needs input */
	}
	/* The client sent EOF and everything it asked for is answered: the
	 * transfer is over, as when OpenSSH's sftp-server sees its input end. */
	if (!x->over && x->nin == 0 && sent(x) && c->in_eof)
		xfer_exit(x, 0, "transfer done");
	return !x->over && !waiting;
}

int
xfer_pending(struct conn *c)
{
	return c->xfer != NULL && !sent(c->xfer);
}

void
xfer_end(struct conn *c)
{
	struct xfer *x = c->xfer;

	if (x == NULL)
		return;
	if (x->ops != NULL)
		x->ops->end(x);
	x->acked = x->acked > x->written ? x->written : x->acked;
	for (size_t i = 0; i < x->nwaiting; i++) {
		record(x, x->waiting[i]);
		free(x->waiting[i]);
	}
	free(x->waiting);
	free(x->in);
	free(x->out);
	free(x->said);
	free(x);
	c->xfer = NULL;
}

/*---- Downloads and what was sent ----*/

int
xfer_dl_open(struct xfer *x, struct xfer_dl *d, const char *path, int64_t from,
    struct vg_err *err)
{
	void *m;

	memset(d, 0, sizeof *d);
	if (dl_open(x->c->site, x->c->actor, path, x->ops->name, &d->f, err) != 0)
		return -1;
	d->open = 1;
	d->lo = from;
	/* Mapped, the file's bytes go to libssh without being read into a
	 * buffer first; exports are never changed in place. */
	if (d->f.size > 0 && (uint64_t)d->f.size <= SIZE_MAX &&
	    (m = mmap(NULL, (size_t)d->f.size, PROT_READ, MAP_SHARED, d->f.fd, 0)) != MAP_FAILED) {
		madvise(m, (size_t)d->f.size, MADV_SEQUENTIAL);
		d->map = m;
	}
	return 0;
}

void
xfer_dl_run_add(struct xfer_dl *d, int64_t off, int64_t n)
{
	size_t i, j;

	if (n <= 0)
		return;
	d->bytes += n;
	if (d->nruns == 0 || off < d->lo)
		d->lo = off;
	/* Insert [off, off + n) and merge what it touches. */
	for (i = 0; i < d->nruns && d->runs[i].b < off; i++)
		;
	for (j = i; j < d->nruns && d->runs[j].a <= off + n; j++) {
		if (d->runs[j].a < off) {
			n += off - d->runs[j].a;
			off = d->runs[j].a;
		}
		if (d->runs[j].b > off + n)
			n = d->runs[j].b - off;
	}
	if (j == i) {
		d->runs = xrealloc(d->runs, (d->nruns + 1) * sizeof *d->runs);
		memmove(&d->runs[i + 1], &d->runs[i], (d->nruns - i) * sizeof *d->runs);
		d->nruns++;
	} else if (j > i + 1) {
		memmove(&d->runs[i + 1], &d->runs[j], (d->nruns - j) * sizeof *d->runs);
		d->nruns -= j - i - 1;
	}
	d->runs[i].a = off;
	d->runs[i].b = off + n;
}

void
xfer_dl_sent(struct xfer *x, struct xfer_dl *d, int64_t off, int64_t n)
{
	if (n <= 0)
		return;
	d->parts = xrealloc(d->parts, (d->nparts + 1) * sizeof *d->parts);
	d->parts[d->nparts++] = (struct xfer_part){ off, n, x->written + x->nout + x->next };
}

void
xfer_dl_take_acked(struct xfer *x, struct xfer_dl *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->nparts; i++)
		if (d->parts[i].end <= x->acked)
			xfer_dl_run_add(d, d->parts[i].off, d->parts[i].n);
		else
			d->parts[k++] = d->parts[i];
	d->nparts = k;
}

/* Writes the record with what was acknowledged of it. */
static void
record(struct xfer *x, struct xfer_dl *d)
{
	struct vg_err err;
	int complete;

	xfer_dl_take_acked(x, d);
	complete = !d->failed && d->nparts == 0 && d->nruns == 1 && d->runs[0].b == d->f.size;
	if (d->map != NULL)
		munmap((void *)d->map, (size_t)d->f.size);
	if (d->nruns == 0 && d->f.size == 0)
		complete = !d->failed;
	if (dl_close(x->c->site, x->c->actor, &d->f, d->nruns ? d->runs[0].a : d->lo, d->bytes,
	    complete, &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", x->c->source, err.msg);
	free(d->runs);
	free(d->parts);
	memset(d, 0, sizeof *d);
}

void
xfer_acked(struct conn *c, uint64_t n)
{
	struct xfer *x = c->xfer;
	size_t k = 0;

	if (x == NULL || n <= x->acked)
		return;
	x->acked = n > x->written ? x->written : n;
	for (size_t i = 0; i < x->nwaiting; i++) {
		struct xfer_dl *d = x->waiting[i];

		xfer_dl_take_acked(x, d);
		if (d->nparts == 0) {
			record(x, d);
			free(d);
		} else
			x->waiting[k++] = d;
	}
	x->nwaiting = k;
}

int
xfer_all_acked(struct conn *c)
{
	return c->xfer == NULL || c->xfer->acked >= c->xfer->written;
}

void
xfer_dl_close(struct xfer *x, struct xfer_dl *d)
{
	if (!d->open)
		return;
	xfer_dl_take_acked(x, d);
	if (d->nparts == 0) {
		record(x, d);
		return;
	}
	/* Parts are still on their way: recorded when they are acknowledged. */
	x->waiting = xrealloc(x->waiting, (x->nwaiting + 1) * sizeof *x->waiting);
	x->waiting[x->nwaiting] = xmalloc(sizeof *d);
	*x->waiting[x->nwaiting++] = *d;
	memset(d, 0, sizeof *d);
}
