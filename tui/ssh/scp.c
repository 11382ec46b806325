/* scp.c — the legacy scp protocol (`scp -O`): the server side of `scp -f`, sending files from the download tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "tui/ssh/session.h"
#include "tui/ssh/xfer-int.h"

/*
 * What OpenSSH's scp client expects of a remote `scp -f PATH...` (scp.c,
 * source() and sink()): it starts with a zero byte; for each file we send
 * "C0444 SIZE NAME\n" (after "T..." times with -p), it answers zero, we send
 * the bytes and a zero, it answers zero.  Problems go to the client as
 * "\1scp: ...\n", which it prints; the exit status says whether all went.
 * Uploads (`scp -t`) and directories (-r) are refused.
 */

#define SCP_CHUNK (1024 * 1024)

enum scp_state {
	WAIT_START,		/* the client's first zero */
	NEXT_FILE,
	WAIT_TIMES_ACK,
	WAIT_HEADER_ACK,
	SEND_DATA,
	SEND_END,		/* the zero after the file's bytes */
	WAIT_DATA_ACK,
	DONE
};

struct scp {
	enum scp_state	  state;
	char		**paths;
	int		  npaths, next;
	int		  times;	/* -p */
	int		  errors;
	struct xfer_dl	  dl;
	int64_t		  sent;		/* of the current file */
};

/* "\1scp: PATH: why\n", told and audited; the transfer goes on. */
static int
problem(struct xfer *x, const char *path, const char *why)
{
	struct scp *s = x->st;
	char *line = strstr(why, path) != NULL ? xasprintf("\001scp: vigil: %s\n", why) :
	    xasprintf("\001scp: vigil: %s: %s\n", path, why);
	uint8_t *o = xfer_out(x, strlen(line));

	conn_audit(x->c, x->c->login, "ssh.refuse", x->c->login, "scp %.200s: %.300s", path, why);
	memcpy(o, line, strlen(line));
	x->nout = strlen(line);
	free(line);
	s->errors++;
	s->state = NEXT_FILE;
	return 1;
}

/* The client's answer: 1 for a zero, -1 for an error line (told to us), 0 when
 * it has not all arrived. */
static int
client_ack(struct xfer *x)
{
	uint8_t *nl;

	if (x->nin == 0)
		return 0;
	if (x->in[0] == 0) {
		xfer_consume(x, 1);
		return 1;
	}
	if ((nl = memchr(x->in, '\n', x->nin)) == NULL)
		return x->nin > 1024 ? -1 : 0;
	xfer_consume(x, (size_t)(nl - x->in) + 1);
	return -1;
}

static int
line(struct xfer *x, const char *text)
{
	uint8_t *o = xfer_out(x, strlen(text));

	memcpy(o, text, strlen(text));
	x->nout = strlen(text);
	return 1;
}

/* The zero that ends a file's bytes. */
static int
zero(struct xfer *x)
{
	uint8_t *o = xfer_out(x, 1);

	o[0] = 0;
	x->nout = 1;
	return 1;
}

static int
start_file(struct xfer *x)
{
	struct scp *s = x->st;
	const char *path = s->paths[s->next++];
	struct vg_err err;
	char *hdr;
	int r;

	if (xfer_dl_open(x, &s->dl, path, 0, &err) != 0)
		return problem(x, path, err.msg);
	s->sent = 0;
	if (s->times) {
		long long t = (long long)(s->dl.f.mtime_us / 1000000);

		hdr = xasprintf("T%lld 0 %lld 0\n", t, t);
		s->state = WAIT_TIMES_ACK;
	} else {
		hdr = xasprintf("C0444 %lld %s\n", (long long)s->dl.f.size, s->dl.f.name);
		s->state = WAIT_HEADER_ACK;
	}
	r = line(x, hdr);
	free(hdr);
	return r;
}

static int
send_chunk(struct xfer *x)
{
	struct scp *s = x->st;
	int64_t left = s->dl.f.size - s->sent;
	size_t want = left < SCP_CHUNK ? (size_t)left : SCP_CHUNK;

	if (left == 0) {
		s->state = SEND_END;
		return 1;
	}
	xfer_out(x, 0);
	if (xfer_out_file(x, &s->dl, s->sent, want) != 0) {
		/* The client counts bytes: it cannot be told mid-file; end it. */
		xfer_dl_close(x, &s->dl);
		xfer_exit(x, 1, "scp read error");
		return -1;
	}
	xfer_dl_sent(x, &s->dl, s->sent, (int64_t)want);
	s->sent += (int64_t)want;
	return 1;
}

static int
scp_step(struct xfer *x)
{
	struct scp *s = x->st;
	int a;

	switch (s->state) {
	case WAIT_START:
		if ((a = client_ack(x)) == 0)
			return 0;
		s->state = NEXT_FILE;
		return 1;
	case NEXT_FILE:
		if (s->next < s->npaths)
			return start_file(x);
		s->state = DONE;
		return 1;
	case WAIT_TIMES_ACK:
	case WAIT_HEADER_ACK:
		if ((a = client_ack(x)) == 0)
			return 0;
		if (a < 0) {
			s->dl.failed = 1;
			xfer_dl_close(x, &s->dl);
			s->errors++;
			s->state = NEXT_FILE;
			return 1;
		}
		if (s->state == WAIT_TIMES_ACK) {
			char *hdr = xasprintf("C0444 %lld %s\n", (long long)s->dl.f.size,
			    s->dl.f.name);

			s->state = WAIT_HEADER_ACK;
			line(x, hdr);
			free(hdr);
			return 1;
		}
		s->state = SEND_DATA;
		return 1;
	case SEND_DATA:
		return send_chunk(x);
	case SEND_END:
		s->state = WAIT_DATA_ACK;
		return zero(x);
	case WAIT_DATA_ACK:
		if ((a = client_ack(x)) == 0)
			return 0;
		s->dl.failed = a < 0;
		s->errors += a < 0;
		xfer_dl_close(x, &s->dl);
		s->state = NEXT_FILE;
		return 1;
	case DONE:
		xfer_exit(x, s->errors ? 1 : 0, s->errors ? "scp failed" : "scp done");
		break;
	}
	return -1;
}

static void
scp_end(struct xfer *x)
{
	struct scp *s = x->st;

	xfer_dl_close(x, &s->dl);
	for (int i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s);
}

static const struct xfer_ops scp_ops = {
	.name = "scp",
	.step = scp_step,
	.end = scp_end,
};

/* The words OpenSSH's scp sends: scp [-v] [-r] [-p] [-d] -f|-t [--] PATH... */
static int
parse(struct scp *s, int argc, char **argv, int *from, int *to, int *recursive)
{
	int i;

	*from = *to = *recursive = 0;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++)
			switch (*o) {
			case 'f': *from = 1; break;
			case 't': *to = 1; break;
			case 'p': s->times = 1; break;
			case 'r': *recursive = 1; break;
			case 'v': case 'd': break;
			default: return -1;
			}
	}
	for (; i < argc; i++) {
		s->paths = xrealloc(s->paths, (size_t)(s->npaths + 1) * sizeof *s->paths);
		s->paths[s->npaths++] = xstrdup(argv[i]);
	}
	return 0;
}

void
xfer_start_scp(struct conn *c, int argc, char **argv)
{
	struct scp *s = xcalloc(1, sizeof *s);
	struct xfer *x = xfer_new(c, &scp_ops, s);
	int from, to, recursive;
	const char *why = NULL;

	if (parse(s, argc, argv, &from, &to, &recursive) != 0 || (from == to))
		why = _("only downloads with scp -f are served here");
	else if (to)
		why = _("uploads are refused: the download tree is read-only");
	else if (recursive)
		why = _("folders cannot be copied (-r); name the files");
	else if (s->npaths == 0)
		why = _("name a file to download, e.g. /exports/NAME.tar");
	conn_audit(c, c->login, why ? "ssh.refuse" : "ssh.scp", c->login, "scp %s%s%s",
	    s->npaths ? s->paths[0] : "", why ? ": " : "", why ? why : "");
	if (why != NULL) {
		char *msg = xasprintf("\002scp: vigil: %s\n", why);
		uint8_t *o = xfer_out(x, strlen(msg));

		/* The fatal answer the client prints before it gives up. */
		memcpy(o, msg, strlen(msg));
		x->nout = strlen(msg);
		free(msg);
		s->state = DONE;
		s->errors = 1;
	}
}
