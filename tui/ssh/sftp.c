/* sftp.c — the SFTP subsystem (version 3) over the read-only download tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "tui/ssh/session.h"
#include "tui/ssh/xfer-int.h"

/*
 * draft-ietf-secsh-filexfer-02, the version OpenSSH's sftp and scp speak,
 * with OpenSSH's limits@openssh.com extension so that clients read in large
 * blocks.  libssh's own server-side SFTP reads the channel by blocking and
 * copies every answer through its buffers twice, and cannot be fed from this
 * connection's event loop; this is the protocol spoken directly, one request
 * answered at a time into one buffer, a read's data read from the file
 * straight into it.  Everything that would change anything is refused.
 */

enum {
	FXP_INIT = 1, FXP_VERSION = 2, FXP_OPEN = 3, FXP_CLOSE = 4, FXP_READ = 5, FXP_WRITE = 6,
	FXP_LSTAT = 7, FXP_FSTAT = 8, FXP_SETSTAT = 9, FXP_FSETSTAT = 10, FXP_OPENDIR = 11,
	FXP_READDIR = 12, FXP_REMOVE = 13, FXP_MKDIR = 14, FXP_RMDIR = 15, FXP_REALPATH = 16,
	FXP_STAT = 17, FXP_RENAME = 18, FXP_READLINK = 19, FXP_SYMLINK = 20,
	FXP_STATUS = 101, FXP_HANDLE = 102, FXP_DATA = 103, FXP_NAME = 104, FXP_ATTRS = 105,
	FXP_EXTENDED = 200, FXP_EXTENDED_REPLY = 201
};

enum {
	FX_OK = 0, FX_EOF = 1, FX_NO_SUCH_FILE = 2, FX_PERMISSION_DENIED = 3, FX_FAILURE = 4,
	FX_BAD_MESSAGE = 5, FX_OP_UNSUPPORTED = 8
};

#define FXF_READ	0x01
#define ATTR_SIZE	0x01
#define ATTR_PERM	0x04
#define ATTR_TIME	0x08
#define SFTP_HANDLES	16
#define SFTP_MAX_PACKET	(256 * 1024)

struct handle {
	int		 used;
	int		 dir;
	int		 listed;	/* a directory's entries were sent */
	char		*path;
	struct xfer_dl	 dl;
};

struct sftp {
	int		 inited;
	struct handle	 h[SFTP_HANDLES];
};

/*---- Reading requests ----*/

struct msg {
	const uint8_t	*p, *end;
	int		 bad;
};

static uint32_t
get_u32(struct msg *m)
{
	uint32_t v;

	if (m->end - m->p < 4) {
		m->bad = 1;
		return 0;
	}
	v = (uint32_t)m->p[0] << 24 | (uint32_t)m->p[1] << 16 | (uint32_t)m->p[2] << 8 | m->p[3];
	m->p += 4;
	return v;
}

static uint64_t
get_u64(struct msg *m)
{
	uint64_t hi = get_u32(m);

	return hi << 32 | get_u32(m);
}

/* A string as a new C string (NULL inside it is refused as malformed). */
static char *
get_str(struct msg *m, size_t *len)
{
	uint32_t n = get_u32(m);
	char *s;

	if (m->bad || (size_t)(m->end - m->p) < n || memchr(m->p, '\0', n) != NULL) {
		m->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)m->p, n);
	m->p += n;
	if (len != NULL)
		*len = n;
	return s;
}

/*---- Writing answers ----*/

struct ans {
	struct xfer	*x;
	size_t		 n;
};

static void
put(struct ans *a, const void *p, size_t n)
{
	if (a->n + n > a->x->capout) {
		a->x->capout = (a->n + n) * 2;
		a->x->out = xrealloc(a->x->out, a->x->capout);
	}
	memcpy(a->x->out + a->n, p, n);
	a->n += n;
}

static void
put_u32(struct ans *a, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	put(a, b, 4);
}

static void
put_u64(struct ans *a, uint64_t v)
{
	put_u32(a, (uint32_t)(v >> 32));
	put_u32(a, (uint32_t)v);
}

static void
put_str(struct ans *a, const char *s)
{
	put_u32(a, (uint32_t)strlen(s));
	put(a, s, strlen(s));
}

/* An answer: its length is filled in by end_ans. */
static struct ans
begin_ans(struct xfer *x, int type, uint32_t id, int with_id)
{
	struct ans a = { x, 0 };
	uint8_t t = (uint8_t)type;

	xfer_out(x, 64);
	put_u32(&a, 0);
	put(&a, &t, 1);
	if (with_id)
		put_u32(&a, id);
	return a;
}

static void
set_length(struct xfer *x, uint32_t len)
{
	x->out[0] = (uint8_t)(len >> 24);
	x->out[1] = (uint8_t)(len >> 16);
	x->out[2] = (uint8_t)(len >> 8);
	x->out[3] = (uint8_t)len;
}

static int
end_ans(struct ans *a)
{
	set_length(a->x, (uint32_t)(a->n - 4));
	a->x->nout = a->n;
	return 1;
}

static int
status(struct xfer *x, uint32_t id, uint32_t code, const char *text)
{
	struct ans a = begin_ans(x, FXP_STATUS, id, 1);

	put_u32(&a, code);
	put_str(&a, text);
	put_str(&a, "en");
	return end_ans(&a);
}

/* Refused and told why, on stderr and in the status. */
static int
refuse(struct xfer *x, uint32_t id, uint32_t code, const char *what, const char *path,
    const char *why)
{
	xfer_refuse(x, what, path, why);
	return status(x, id, code, why);
}

/* A refusal from core: its code as SFTP's, its message to the client. */
static int
refuse_err(struct xfer *x, uint32_t id, const char *what, const char *path,
    const struct vg_err *err)
{
	return refuse(x, id, err->code == VG_NOTFOUND ? FX_NO_SUCH_FILE : err->code == VG_FAILED ?
	    FX_FAILURE : FX_PERMISSION_DENIED, what, path, err->msg);
}

static void
put_attrs(struct ans *a, const struct dl_entry *e)
{
	uint32_t t = (uint32_t)(e->mtime_us / 1000000);

	put_u32(a, ATTR_SIZE | ATTR_PERM | ATTR_TIME);
	put_u64(a, (uint64_t)e->size);
	put_u32(a, e->kind == DL_DIR ? 040555 : 0100444);
	put_u32(a, t);
	put_u32(a, t);
}

/* `ls -l` as the client shows it. */
static char *
longname(const struct dl_entry *e)
{
	time_t t = (time_t)(e->mtime_us / 1000000);
	struct tm tm;
	char when[32];

	localtime_r(&t, &tm);	/* the site's zone (time_set_zone) */
	strftime(when, sizeof when, "%b %e %H:%M", &tm);
	return xasprintf("%s    1 vigil    vigil    %12lld %s %s", e->kind == DL_DIR ?
	    "dr-xr-xr-x" : "-r--r--r--", (long long)e->size, when, e->name);
}

/*---- Handles ----*/

static struct handle *
handle_new(struct sftp *s, uint32_t *idx)
{
	for (uint32_t i = 0; i < SFTP_HANDLES; i++)
		if (!s->h[i].used) {
			memset(&s->h[i], 0, sizeof s->h[i]);
			s->h[i].used = 1;
			*idx = i;
			return &s->h[i];
		}
	return NULL;
}

static struct handle *
handle_get(struct sftp *s, struct msg *m)
{
	size_t n;
	char *h = get_str(m, &n);
	struct handle *r = NULL;

	if (h != NULL && n == 4 && strncmp(h, "vh", 2) == 0 && h[2] >= 'a' &&
	    h[2] < 'a' + SFTP_HANDLES && h[3] == 'x' && s->h[h[2] - 'a'].used)
		r = &s->h[h[2] - 'a'];
	free(h);
	return r;
}

static int
reply_handle(struct xfer *x, uint32_t id, uint32_t idx)
{
	struct ans a = begin_ans(x, FXP_HANDLE, id, 1);
	char h[5] = { 'v', 'h', (char)('a' + idx), 'x', '\0' };

	put_str(&a, h);
	return end_ans(&a);
}

static void
handle_close(struct xfer *x, struct handle *h)
{
	xfer_dl_close(x, &h->dl);
	free(h->path);
	memset(h, 0, sizeof *h);
}

/*---- Requests ----*/

static int
do_init(struct xfer *x, struct msg *m)
{
	struct sftp *s = x->st;
	struct ans a = begin_ans(x, FXP_VERSION, 0, 0);

	(void)get_u32(m);	/* the client's version; ours is 3 */
	s->inited = 1;
	put_u32(&a, 3);
	put_str(&a, "limits@openssh.com");
	put_str(&a, "1");
	return end_ans(&a);
}

static int
do_realpath(struct xfer *x, uint32_t id, struct msg *m)
{
	char *path = get_str(m, NULL), *norm = NULL;
	struct vg_err err;
	struct ans a;

	if (path == NULL)
		return status(x, id, FX_BAD_MESSAGE, "bad message");
	if (dl_path(path[0] ? path : ".", &norm, &err) != 0) {
		refuse_err(x, id, "realpath", path, &err);
		free(path);
		return 1;
	}
	a = begin_ans(x, FXP_NAME, id, 1);
	put_u32(&a, 1);
	put_str(&a, norm);
	put_str(&a, norm);
	put_u32(&a, 0);
	free(path);
	free(norm);
	return end_ans(&a);
}

static int
do_stat(struct xfer *x, uint32_t id, struct msg *m)
{
	char *path = get_str(m, NULL);
	struct dl_entry e;
	struct vg_err err;
	struct ans a;

	if (path == NULL)
		return status(x, id, FX_BAD_MESSAGE, "bad message");
	if (dl_stat(x->c->site, x->c->actor, path, &e, &err) != 0) {
		/* Not audited: clients stat freely; a refusal to open is. */
		xfer_tell(x, path, err.msg);
		free(path);
		return status(x, id, err.code == VG_NOTFOUND ? FX_NO_SUCH_FILE :
		    FX_PERMISSION_DENIED, err.msg);
	}
	a = begin_ans(x, FXP_ATTRS, id, 1);
	put_attrs(&a, &e);
	dl_free_entry(&e);
	free(path);
	return end_ans(&a);
}

static int
do_fstat(struct xfer *x, uint32_t id, struct msg *m)
{
	struct handle *h = handle_get(x->st, m);
	struct dl_entry e;
	struct ans a;

	if (h == NULL)
		return status(x, id, FX_FAILURE, "no such handle");
	memset(&e, 0, sizeof e);
	e.kind = h->dir ? DL_DIR : DL_FILE;
	e.size = h->dir ? 0 : h->dl.f.size;
	e.mtime_us = h->dir ? 0 : h->dl.f.mtime_us;
	a = begin_ans(x, FXP_ATTRS, id, 1);
	put_attrs(&a, &e);
	return end_ans(&a);
}

static int
do_open(struct xfer *x, uint32_t id, struct msg *m)
{
	char *path = get_str(m, NULL);
	uint32_t flags = get_u32(m), idx;
	struct handle *h;
	struct vg_err err;
	int r;

	if (path == NULL || m->bad)
		r = status(x, id, FX_BAD_MESSAGE, "bad message");
	else if (flags != FXF_READ)
		r = refuse(x, id, FX_PERMISSION_DENIED, "upload", path,
		    _("uploads are refused: the download tree is read-only"));
	else if ((h = handle_new(x->st, &idx)) == NULL)
		r = status(x, id, FX_FAILURE, "too many open files");
	else if (xfer_dl_open(x, &h->dl, path, 0, &err) != 0) {
		h->used = 0;
		r = refuse_err(x, id, "open", path, &err);
	} else {
		h->path = path;
		path = NULL;
		r = reply_handle(x, id, idx);
	}
	free(path);
	return r;
}

static int
do_read(struct xfer *x, uint32_t id, struct msg *m)
{
	struct handle *h = handle_get(x->st, m);
	uint64_t off = get_u64(m);
	uint32_t len = get_u32(m);
	struct ans a;

	if (h == NULL || h->dir || m->bad)
		return status(x, id, FX_FAILURE, "no such file handle");
	if (off >= (uint64_t)h->dl.f.size)
		return status(x, id, FX_EOF, "end of file");
	if (len > XFER_MAX_DATA)
		len = XFER_MAX_DATA;
	if ((uint64_t)len > (uint64_t)h->dl.f.size - off)
		len = (uint32_t)((uint64_t)h->dl.f.size - off);
	/* The header, then the data straight from the file's map. */
	a = begin_ans(x, FXP_DATA, id, 1);
	put_u32(&a, len);
	end_ans(&a);
	set_length(x, 9 + len);
	if (xfer_out_file(x, &h->dl, (int64_t)off, len) != 0) {
		x->nout = 0;
		return status(x, id, FX_FAILURE, "read error");
	}
	xfer_dl_sent(x, &h->dl, (int64_t)off, len);
	return 1;
}

static int
do_close(struct xfer *x, uint32_t id, struct msg *m)
{
	struct handle *h = handle_get(x->st, m);

	if (h == NULL)
		return status(x, id, FX_FAILURE, "no such handle");
	handle_close(x, h);
	return status(x, id, FX_OK, "");
}

static int
do_opendir(struct xfer *x, uint32_t id, struct msg *m)
{
	char *path = get_str(m, NULL);
	struct dl_entry e;
	struct vg_err err;
	struct handle *h;
	uint32_t idx;
	int r;

	if (path == NULL)
		return status(x, id, FX_BAD_MESSAGE, "bad message");
	if (dl_stat(x->c->site, x->c->actor, path, &e, &err) != 0)
		r = refuse_err(x, id, "opendir", path, &err);
	else if (e.kind != DL_DIR)
		r = status(x, id, FX_FAILURE, "not a directory");
	else if ((h = handle_new(x->st, &idx)) == NULL)
		r = status(x, id, FX_FAILURE, "too many open files");
	else {
		h->dir = 1;
		h->path = path;
		path = NULL;
		r = reply_handle(x, id, idx);
	}
	dl_free_entry(&e);
	free(path);
	return r;
}

static int
do_readdir(struct xfer *x, uint32_t id, struct msg *m)
{
	struct handle *h = handle_get(x->st, m);
	struct dl_entry *v;
	struct vg_err err;
	struct ans a;
	size_t n;

	if (h == NULL || !h->dir)
		return status(x, id, FX_FAILURE, "no such directory handle");
	if (h->listed)
		return status(x, id, FX_EOF, "end of directory");
	if (dl_list(x->c->site, x->c->actor, h->path, &v, &n, &err) != 0)
		return refuse_err(x, id, "list", h->path, &err);
	h->listed = 1;
	if (n == 0) {
		dl_free_entries(v, n);
		return status(x, id, FX_EOF, "end of directory");
	}
	a = begin_ans(x, FXP_NAME, id, 1);
	put_u32(&a, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		char *ln = longname(&v[i]);

		put_str(&a, v[i].name);
		put_str(&a, ln);
		put_attrs(&a, &v[i]);
		free(ln);
	}
	dl_free_entries(v, n);
	return end_ans(&a);
}

static int
do_extended(struct xfer *x, uint32_t id, struct msg *m)
{
	char *name = get_str(m, NULL);
	struct ans a;

	if (name == NULL || strcmp(name, "limits@openssh.com") != 0) {
		free(name);
		return status(x, id, FX_OP_UNSUPPORTED, "not supported");
	}
	free(name);
	a = begin_ans(x, FXP_EXTENDED_REPLY, id, 1);
	put_u64(&a, SFTP_MAX_PACKET);
	put_u64(&a, XFER_MAX_DATA);
	put_u64(&a, 0);		/* writes: none accepted */
	put_u64(&a, SFTP_HANDLES);
	return end_ans(&a);
}

/* Every request that would change the tree. */
static int
do_change(struct xfer *x, uint32_t id, int type, struct msg *m)
{
	char *path = type == FXP_WRITE || type == FXP_FSETSTAT ? xstrdup("(open file)") :
	    get_str(m, NULL);
	int r = refuse(x, id, FX_PERMISSION_DENIED, "change", path ? path : "?",
	    _("the download tree is read-only: nothing can be written, renamed, removed or linked"));

	free(path);
	return r;
}

static int
dispatch(struct xfer *x, int type, struct msg *m)
{
	uint32_t id;

	if (type == FXP_INIT)
		return do_init(x, m);
	id = get_u32(m);
	if (m->bad)
		return -1;
	switch (type) {
	case FXP_OPEN:		return do_open(x, id, m);
	case FXP_CLOSE:		return do_close(x, id, m);
	case FXP_READ:		return do_read(x, id, m);
	case FXP_LSTAT:
	case FXP_STAT:		return do_stat(x, id, m);
	case FXP_FSTAT:		return do_fstat(x, id, m);
	case FXP_OPENDIR:	return do_opendir(x, id, m);
	case FXP_READDIR:	return do_readdir(x, id, m);
	case FXP_REALPATH:	return do_realpath(x, id, m);
	case FXP_EXTENDED:	return do_extended(x, id, m);
	case FXP_READLINK:	return status(x, id, FX_NO_SUCH_FILE, "no symbolic links here");
	case FXP_WRITE: case FXP_SETSTAT: case FXP_FSETSTAT: case FXP_REMOVE: case FXP_MKDIR:
	case FXP_RMDIR: case FXP_RENAME: case FXP_SYMLINK:
		return do_change(x, id, type, m);
	default:
		return status(x, id, FX_OP_UNSUPPORTED, "not supported");
	}
}

static int
sftp_step(struct xfer *x)
{
	struct sftp *s = x->st;
	uint32_t len;
	struct msg m;
	int r;

	if (x->nin < 5)
		return 0;
	len = (uint32_t)x->in[0] << 24 | (uint32_t)x->in[1] << 16 | (uint32_t)x->in[2] << 8 |
	    x->in[3];
	if (len == 0 || len > SFTP_MAX_PACKET || (!s->inited && x->in[4] != FXP_INIT)) {
		conn_audit(x->c, x->c->login, "ssh.refuse", x->c->login, "sftp: malformed packet "
		    "(length %u, type %u)", len, x->in[4]);
		xfer_exit(x, 1, "sftp protocol error");
		return -1;
	}
	if (x->nin < 4 + (size_t)len)
		return 0;
	m.p = x->in + 5;
	m.end = x->in + 4 + len;
	m.bad = 0;
	r = dispatch(x, x->in[4], &m);
	xfer_consume(x, 4 + (size_t)len);
	if (r < 0) {
		xfer_exit(x, 1, "sftp protocol error");
		return -1;
	}
	return 1;
}

static void
sftp_end(struct xfer *x)
{
	struct sftp *s = x->st;

	for (int i = 0; i < SFTP_HANDLES; i++)
		if (s->h[i].used)
			handle_close(x, &s->h[i]);
	free(s);
}

static const struct xfer_ops sftp_ops = {
	.name = "sftp",
	.step = sftp_step,
	.end = sftp_end,
};

void
xfer_start_sftp(struct conn *c)
{
	conn_audit(c, c->login, "ssh.sftp", c->login, "%s", "sftp session started");
	xfer_new(c, &sftp_ops, xcalloc(1, sizeof(struct sftp)));
}
