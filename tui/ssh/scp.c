/* scp.c — the legacy scp protocol (`scp -O`): the server side of `scp -f`, sending files from the download tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"
#include "tui/ssh/scp-glob.h"
#include "tui/ssh/session.h"
#include "tui/ssh/xfer-int.h"

/*
 * What OpenSSH's scp client expects of a remote `scp -f PATH...` (scp.c,
 * source() and sink()): it starts with a zero byte; for each file we send
 * "C0444 SIZE NAME\n" (after "T..." times with -p), it answers zero, we send
 * the bytes and a zero, it answers zero.  Problems go to the client as
 * "\1scp: ...\n", which it prints; the exit status says whether all went.
 * With -r a folder goes as "D0755 0 NAME\n", its files, "E\n", each answered
 * with a zero.  The client sends the path as typed, for a shell to expand
 * and checks each name it gets against its pattern: scp-glob.c does the
 * shell's part over the download tree.  Uploads (`scp -t`) are refused.
 */

#define SCP_CHUNK (1024 * 1024)

enum scp_state {
	WAIT_START,		/* the client's first zero */
	NEXT_FILE,
	WAIT_TIMES_ACK,
	WAIT_HEADER_ACK,
	WAIT_DIR_ACK,		/* after a D record */
	WAIT_END_ACK,		/* after an E record */
	SEND_DATA,
	SEND_END,		/* the zero after the file's bytes */
	WAIT_DATA_ACK,
	DONE
};

struct scp {
	enum scp_state	  state;
	char		**paths;	/* the words as sent (escaped, scp-glob.h) */
	int		  npaths;
	struct scp_item	 *items;	/* what they expand to, sent in order */
	size_t		  nitems, next;
	char		 *header;	/* the C or D line that follows a T line */
	int		  times;	/* -p */
	int		  errors;
	struct xfer_dl	  dl;
	int64_t		  sent;		/* of the current file */
};

/* One line of the protocol to the client. */
static int
line(struct xfer *x, const char *text)
{
	uint8_t *o = xfer_out(x, strlen(text));

	memcpy(o, text, strlen(text));
	x->nout = strlen(text);
	return 1;
}

/* "\1scp: PATH: why\n", told and audited; the transfer goes on. */
static int
problem(struct xfer *x, const char *path, const char *why)
{
	struct scp *s = x->st;
	char *text = strstr(why, path) != NULL ? xasprintf("\001scp: vigil: %s\n", why) :
	    xasprintf("\001scp: vigil: %s: %s\n", path, why);

	conn_audit(x->c, x->c->login, "ssh.refuse", x->c->login, "scp %.200s: %.300s", path, why);
	line(x, text);
	free(text);
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

/* The zero that ends a file's bytes. */
static int
zero(struct xfer *x)
{
	uint8_t *o = xfer_out(x, 1);

	o[0] = 0;
	x->nout = 1;
	return 1;
}

/* The header line (C or D), after a T line with -p. */
static int
header(struct xfer *x, char *hdr, int64_t mtime_us, enum scp_state then)
{
	struct scp *s = x->st;
	int r;

	if (s->times) {
		long long t = (long long)(mtime_us / 1000000);
		char *times = xasprintf("T%lld 0 %lld 0\n", t, t);

		s->header = hdr;
		s->state = WAIT_TIMES_ACK;
		r = line(x, times);
		free(times);
		return r;
	}
	s->state = then;
	r = line(x, hdr);
	free(hdr);
	return r;
}

static int
start_file(struct xfer *x, const char *path)
{
	struct scp *s = x->st;
	struct vg_err err;

	if (xfer_dl_open(x, &s->dl, path, 0, &err) != 0)
		return problem(x, path, err.msg);
	s->sent = 0;
	return header(x, xasprintf("C0444 %lld %s\n", (long long)s->dl.f.size, s->dl.f.name),
	    s->dl.f.mtime_us, WAIT_HEADER_ACK);
}

/* The client could not take a folder: nothing of it is sent. */
static void
skip_dir(struct scp *s)
{
	for (int depth = 1; s->next < s->nitems && depth > 0; s->next++)
		depth += s->items[s->next].kind == SCP_DIR ? 1 :
		    s->items[s->next].kind == SCP_END ? -1 : 0;
}

static int
next_item(struct xfer *x)
{
	struct scp *s = x->st;
	const struct scp_item *it;

	if (s->next == s->nitems) {
		s->state = DONE;
		return 1;
	}
	it = &s->items[s->next++];
	switch (it->kind) {
	case SCP_FILE:
		return start_file(x, it->path);
	case SCP_DIR:
		return header(x, xasprintf("D0755 0 %s\n", it->name), it->mtime_us ?
		    it->mtime_us : clock_now(), WAIT_DIR_ACK);
	case SCP_END:
		s->state = WAIT_END_ACK;
		return line(x, "E\n");
	case SCP_ERROR:
		break;
	}
	return problem(x, it->path, it->why);
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

/* The client's answer to a T, C or D line. */
static int
header_acked(struct xfer *x, int a)
{
	struct scp *s = x->st;
	int r;

	if (a < 0) {
		s->errors++;
		s->state = NEXT_FILE;
		free(s->header);
		s->header = NULL;
		if (s->dl.open) {
			s->dl.failed = 1;
			xfer_dl_close(x, &s->dl);
		} else
			skip_dir(s);
		return 1;
	}
	if (s->state == WAIT_TIMES_ACK) {
		s->state = s->dl.open ? WAIT_HEADER_ACK : WAIT_DIR_ACK;
		r = line(x, s->header);
		free(s->header);
		s->header = NULL;
		return r;
	}
	s->state = s->state == WAIT_DIR_ACK ? NEXT_FILE : SEND_DATA;
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
		return next_item(x);
	case WAIT_TIMES_ACK:
	case WAIT_HEADER_ACK:
	case WAIT_DIR_ACK:
		if ((a = client_ack(x)) == 0)
			return 0;
		return header_acked(x, a);
	case WAIT_END_ACK:
		if ((a = client_ack(x)) == 0)
			return 0;
		s->errors += a < 0;
		s->state = NEXT_FILE;
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
	vg_strv_free(s->paths, (size_t)s->npaths);
	scp_free_items(s->items, s->nitems);
	free(s->header);
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

/* The fatal answer the client prints before it gives up. */
static void
refuse(struct xfer *x, const char *why)
{
	struct scp *s = x->st;
	char *msg = xasprintf("\002scp: vigil: %s\n", why);

	line(x, msg);
	free(msg);
	s->state = DONE;
	s->errors = 1;
}

void
xfer_start_scp(struct conn *c, const char *command)
{
	struct scp *s = xcalloc(1, sizeof *s);
	struct xfer *x = xfer_new(c, &scp_ops, s);
	int from = 0, to = 0, recursive = 0, argc = 0;
	char **argv = NULL, *shown;
	const char *why = NULL;
	struct vg_err err;

	if (scp_words(command, &argv, &argc, &err) != 0)
		why = err.msg;
	else if (parse(s, argc, argv, &from, &to, &recursive) != 0 || (from == to))
		why = _("only downloads with scp -f are served here");
	else if (to)
		why = _("uploads are refused: the download tree is read-only");
	else if (s->npaths == 0)
		why = _("name a file to download, e.g. /exports/NAME.tar");
	shown = vg_strv_join(s->paths, (size_t)s->npaths, " ");
	conn_audit(c, c->login, why ? "ssh.refuse" : "ssh.scp", c->login, "scp %s%.300s%s%s",
	    recursive ? "-r " : "", shown, why ? ": " : "", why ? why : "");
	free(shown);
	vg_strv_free(argv, (size_t)argc);
	if (why != NULL) {
		refuse(x, why);
		return;
	}
	/* The whole list up front, as a shell expands before scp runs; each
	 * file is still opened (and may be refused) when its turn comes. */
	for (int i = 0; i < s->npaths; i++)
		scp_expand(c->site, c->actor, s->paths[i], recursive, &s->items, &s->nitems);
}
