/* tar.c — the uncompressed tar an export is: written in one canonical form, and read back checking every byte. */
#include "recorder/tar.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

#define TAR_COPY_BUF	(1 << 20)
#define TAR_WRITEBACK	(32 << 20)	/* start writing back every this many bytes */
#define TAR_OCTAL_MAX	INT64_C(077777777777)

/*---- Headers ----*/

static void
octal(uint8_t *f, size_t width, int64_t v)
{
	char tmp[24];

	snprintf(tmp, sizeof tmp, "%0*llo", (int)width - 1, (unsigned long long)v);
	memcpy(f, tmp, width - 1);
	f[width - 1] = '\0';
}

/* The size field: octal, or base-256 (first byte 0x80) from 8 GiB on. */
static void
size_field(uint8_t f[12], int64_t size)
{
	uint64_t u = (uint64_t)size;

	if (size <= TAR_OCTAL_MAX) {
		octal(f, 12, size);
		return;
	}
	memset(f, 0, 12);
	f[0] = 0x80;
	for (int i = 11; i >= 4; i--) {
		f[i] = (uint8_t)(u & 0xff);
		u >>= 8;
	}
}

static int
split_name(const char *name, size_t *cut)
{
	size_t n = strlen(name);

	*cut = 0;
	if (n == 0 || n > 255)
		return -1;
	if (n <= 100)
		return 0;
	for (size_t i = n - 1; i > 0; i--)
		if (name[i] == '/' && i <= 155 && n - i - 1 <= 100 && n - i - 1 > 0) {
			*cut = i;
			return 0;
		}
	return -1;
}

int
tar_header(uint8_t h[TAR_BLOCK], const char *name, int64_t size, int64_t mtime)
{
	size_t cut;
	unsigned sum = 0;
	char ck[8];

	memset(h, 0, TAR_BLOCK);
	if (size < 0 || split_name(name, &cut) != 0)
		return -1;
	if (cut) {
		memcpy(h + 345, name, cut);
		memcpy(h, name + cut + 1, strlen(name) - cut - 1);
	} else
		memcpy(h, name, strlen(name));
	octal(h + 100, 8, 0444);
	octal(h + 108, 8, 0);
	octal(h + 116, 8, 0);
	size_field(h + 124, size);
	octal(h + 136, 12, mtime);
	memset(h + 148, ' ', 8);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "vigil", 5);
	memcpy(h + 297, "vigil", 5);
	octal(h + 329, 8, 0);
	octal(h + 337, 8, 0);
	for (int i = 0; i < TAR_BLOCK; i++)
		sum += h[i];
	snprintf(ck, sizeof ck, "%06o", sum & 0777777);
	memcpy(h + 148, ck, 6);
	h[154] = '\0';
	h[155] = ' ';
	return 0;
}

static int64_t
padding(int64_t size)
{
	return (TAR_BLOCK - size % TAR_BLOCK) % TAR_BLOCK;
}

/*---- The archive's digest, computed beside the writer ----*/

/*
 * The archive's SHA-256 is what `export create` prints and the record keeps.
 * The writer hands every buffer it writes, in order, to a thread that hashes
 * it and hands it back: the second hash of every byte runs beside the first
 * (each member's own), and no byte is read twice for it.
 */
#define DIGEST_BUFS 4

struct dbuf {
	uint8_t	*p;
	size_t	 n;
};

struct digest {
	pthread_t	 th;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work, done;
	struct dbuf	 q[DIGEST_BUFS];	/* filled, in order */
	int		 head, count;
	uint8_t		*spare[DIGEST_BUFS];	/* free to fill */
	int		 nspare;
	struct dbuf	 cur;			/* small pieces gathered */
	int		 closing;
	struct sha256	 h;
};

static void *
digest_main(void *arg)
{
	struct digest *d = arg;

	pthread_mutex_lock(&d->mu);
	for (;;) {
		struct dbuf b;

		if (d->count == 0) {
			if (d->closing)
				break;
			pthread_cond_wait(&d->work, &d->mu);
			continue;
		}
		b = d->q[d->head];
		pthread_mutex_unlock(&d->mu);
		sha256_update(&d->h, b.p, b.n);
		pthread_mutex_lock(&d->mu);
		d->head = (d->head + 1) % DIGEST_BUFS;
		d->count--;
		d->spare[d->nspare++] = b.p;
		pthread_cond_signal(&d->done);
	}
	pthread_mutex_unlock(&d->mu);
	return NULL;
}

/* A free buffer of TAR_COPY_BUF bytes, waiting for the thread if need be. */
static uint8_t *
digest_buf(struct digest *d)
{
	uint8_t *p;

	pthread_mutex_lock(&d->mu);
	while (d->nspare == 0)
		pthread_cond_wait(&d->done, &d->mu);
	p = d->spare[--d->nspare];
	pthread_mutex_unlock(&d->mu);
	return p;
}

/* Hands over a filled buffer: the next bytes of the archive. */
static void
digest_put(struct digest *d, uint8_t *p, size_t n)
{
	pthread_mutex_lock(&d->mu);
	VG_ASSERT(d->count < DIGEST_BUFS);
	d->q[(d->head + d->count) % DIGEST_BUFS] = (struct dbuf){ p, n };
	d->count++;
	pthread_cond_signal(&d->work);
	pthread_mutex_unlock(&d->mu);
}

static void
digest_flush(struct digest *d)
{
	if (d->cur.p != NULL && d->cur.n > 0) {
		digest_put(d, d->cur.p, d->cur.n);
		d->cur.p = NULL;
	}
}

/* Small pieces (headers, padding, small members) are gathered and copied. */
static void
digest_feed(struct digest *d, const void *p, size_t n)
{
	while (n > 0) {
		size_t k;

		if (d->cur.p == NULL) {
			d->cur.p = digest_buf(d);
			d->cur.n = 0;
		}
		k = TAR_COPY_BUF - d->cur.n < n ? TAR_COPY_BUF - d->cur.n : n;
		memcpy(d->cur.p + d->cur.n, p, k);
		d->cur.n += k;
		p = (const uint8_t *)p + k;
		n -= k;
		if (d->cur.n == TAR_COPY_BUF)
			digest_flush(d);
	}
}

/* A big buffer of the archive: whatever was gathered goes first. */
static void
digest_take(struct digest *d, uint8_t *p, size_t n)
{
	digest_flush(d);
	digest_put(d, p, n);
}

static struct digest *
digest_start(void)
{
	struct digest *d = xcalloc(1, sizeof *d);

	sha256_init(&d->h);
	pthread_mutex_init(&d->mu, NULL);
	pthread_cond_init(&d->work, NULL);
	pthread_cond_init(&d->done, NULL);
	for (int i = 0; i < DIGEST_BUFS; i++)
		d->spare[d->nspare++] = xmalloc(TAR_COPY_BUF);
	if (pthread_create(&d->th, NULL, digest_main, d) != 0)
		vg_fatal("cannot start a thread");
	return d;
}

/* Waits for the thread; md gets the hash. */
static void
digest_end(struct digest *d, uint8_t md[32])
{
	digest_flush(d);
	pthread_mutex_lock(&d->mu);
	d->closing = 1;
	pthread_cond_signal(&d->work);
	pthread_mutex_unlock(&d->mu);
	pthread_join(d->th, NULL);
	sha256_final(&d->h, md);
	free(d->cur.p);
	for (int i = 0; i < d->nspare; i++)
		free(d->spare[i]);
	pthread_mutex_destroy(&d->mu);
	pthread_cond_destroy(&d->work);
	pthread_cond_destroy(&d->done);
	free(d);
}

/*---- Writing ----*/

static int
write_at(struct tar_w *t, const void *p, size_t n, int64_t off, struct vg_err *err)
{
	while (n > 0) {
		ssize_t w = pwrite(t->fd, p, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), t->path,
			    w < 0 ? strerror(errno) : "short write");
		p = (const uint8_t *)p + w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* A header at the member's place, and into the digest. */
static int
write_header(struct tar_w *t, int64_t at, const char *name, int64_t size, struct vg_err *err)
{
	uint8_t h[TAR_BLOCK];

	if (tar_header(h, name, size, t->mtime) != 0)
		return vg_seterr(err, VG_FAILED, _("%s: the name \"%s\" is too long for a tar"),
		    t->path, name);
	digest_feed(t->digest, h, sizeof h);
	return write_at(t, h, sizeof h, at, err);
}

static int
write_padding(struct tar_w *t, int64_t end, struct vg_err *err)
{
	static const uint8_t zero[TAR_BLOCK];
	int64_t pad = padding(end);

	digest_feed(t->digest, zero, (size_t)pad);
	return pad ? write_at(t, zero, (size_t)pad, end, err) : 0;
}

/* The member is complete up to t->off: start writing it back, so that the
 * fsync at the end finds little left to do (the file is durable before its
 * record, as segments are before theirs). */
static void
advance(struct tar_w *t, int64_t off)
{
	t->off = off;
	if (t->off - t->synced >= TAR_WRITEBACK) {
		sync_file_range(t->fd, t->synced, t->off - t->synced, SYNC_FILE_RANGE_WRITE);
		t->synced = t->off;
	}
}

int
tar_w_open(struct tar_w *t, int fd, const char *path, int64_t mtime, struct vg_err *err)
{
	(void)err;
	memset(t, 0, sizeof *t);
	t->fd = fd;
	t->path = path;
	t->mtime = mtime;
	t->reserved = -1;
	t->digest = digest_start();
	return 0;
}

int
tar_w_put(struct tar_w *t, const char *name, const void *data, size_t len, char sha[65],
    struct vg_err *err)
{
	struct sha256 h;
	uint8_t md[32];

	VG_ASSERT(t->reserved < 0);
	if (write_header(t, t->off, name, (int64_t)len, err) != 0)
		return -1;
	digest_feed(t->digest, data, len);
	if (write_at(t, data, len, t->off + TAR_BLOCK, err) != 0 ||
	    write_padding(t, t->off + TAR_BLOCK + (int64_t)len, err) != 0)
		return -1;
	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	advance(t, t->off + TAR_BLOCK + (int64_t)len + padding((int64_t)len));
	return 0;
}

int
tar_w_copy(struct tar_w *t, const char *name, int src, int64_t size, char sha[65],
    struct vg_err *err)
{
	struct sha256 h;
	uint8_t md[32], *buf;
	int64_t done = 0, at = t->off + TAR_BLOCK;
	ssize_t n;

	VG_ASSERT(t->reserved < 0);
	if (write_header(t, t->off, name, size, err) != 0)
		return -1;
	sha256_init(&h);
	for (;;) {
		buf = digest_buf(t->digest);
		do
			n = read(src, buf, TAR_COPY_BUF);
		while (n < 0 && errno == EINTR);
		if (n <= 0 || done + n > size) {
			digest_take(t->digest, buf, 0);
			break;
		}
		sha256_update(&h, buf, (size_t)n);
		if (write_at(t, buf, (size_t)n, at + done, err) != 0) {
			digest_take(t->digest, buf, 0);
			return -1;
		}
		digest_take(t->digest, buf, (size_t)n);
		done += n;
	}
	if (n < 0)
		return vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), name, strerror(errno));
	if (done != size || n != 0)
		return vg_seterr(err, VG_REFUSED, _("%s is not %lld bytes long as its record says"),
		    name, (long long)size);
	if (write_padding(t, at + size, err) != 0)
		return -1;
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	advance(t, at + size + padding(size));
	return 0;
}

int64_t
tar_w_reserve(struct tar_w *t)
{
	VG_ASSERT(t->reserved < 0);
	t->reserved = t->off + TAR_BLOCK;
	return t->reserved;
}

int
tar_w_commit(struct tar_w *t, const char *name, int64_t size, char sha[65], struct vg_err *err)
{
	struct sha256 h;
	uint8_t md[32], *buf;
	int64_t at = t->reserved, done = 0;

	VG_ASSERT(at > 0);
	if (write_header(t, at - TAR_BLOCK, name, size, err) != 0)
		return -1;
	/* Its data was written at its place; read it back for both hashes. */
	sha256_init(&h);
	while (done < size) {
		size_t want = size - done < TAR_COPY_BUF ? (size_t)(size - done) : TAR_COPY_BUF;
		ssize_t n;

		buf = digest_buf(t->digest);
		n = pread(t->fd, buf, want, at + done);
		if (n <= 0) {
			digest_take(t->digest, buf, 0);
			if (n < 0 && errno == EINTR)
				continue;
			return vg_seterr(err, VG_FAILED, _("cannot read back %s: %s"), t->path,
			    n < 0 ? strerror(errno) : "short read");
		}
		sha256_update(&h, buf, (size_t)n);
		digest_take(t->digest, buf, (size_t)n);
		done += n;
	}
	if (write_padding(t, at + size, err) != 0)
		return -1;
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	t->reserved = -1;
	advance(t, at + size + padding(size));
	return 0;
}

int
tar_w_close(struct tar_w *t, char sha[65], int64_t *bytes, struct vg_err *err)
{
	static const uint8_t zero[2 * TAR_BLOCK];
	uint8_t md[32];

	digest_feed(t->digest, zero, sizeof zero);
	if (write_at(t, zero, sizeof zero, t->off, err) != 0) {
		tar_w_abort(t);
		return -1;
	}
	t->off += sizeof zero;
	if (ftruncate(t->fd, t->off) != 0 || fsync(t->fd) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), t->path, strerror(errno));
		tar_w_abort(t);
		return -1;
	}
	digest_end(t->digest, md);
	t->digest = NULL;
	vg_hex(md, sizeof md, sha);
	*bytes = t->off;
	return 0;
}

void
tar_w_abort(struct tar_w *t)
{
	uint8_t md[32];

	if (t->digest != NULL)
		digest_end(t->digest, md);
	t->digest = NULL;
}

/*---- Reading ----*/

static int
read_at(int fd, void *p, size_t n, int64_t off)
{
	while (n > 0) {
		ssize_t r = pread(fd, p, n, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p = (uint8_t *)p + r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

static int
all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* A header's name, size and mtime, as a reader would take them. */
static void
parse_header(const uint8_t h[TAR_BLOCK], char name[260], int64_t *size, int64_t *mtime)
{
	char f[16];
	size_t pl = strnlen((const char *)h + 345, 155), nl = strnlen((const char *)h, 100);

	name[0] = '\0';
	if (pl)
		snprintf(name, 260, "%.*s/", (int)pl, (const char *)h + 345);
	snprintf(name + strlen(name), 260 - strlen(name), "%.*s", (int)nl, (const char *)h);
	for (char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	*size = 0;
	if (h[124] == 0x80)
		for (int i = 4; i < 12; i++)
			*size = (*size << 8) | h[124 + i];
	else {
		memcpy(f, h + 124, 12);
		f[12] = '\0';
		*size = (int64_t)strtoull(f, NULL, 8);
	}
	memcpy(f, h + 136, 12);
	f[12] = '\0';
	*mtime = (int64_t)strtoull(f, NULL, 8);
}

/* The member whose header is at off; -1 naming the problem. */
static int
read_member(int fd, const char *path, int64_t off, int64_t end, int64_t *mtime,
    struct tar_member *m, struct vg_err *err)
{
	uint8_t h[TAR_BLOCK], want[TAR_BLOCK], pad[TAR_BLOCK];
	char name[260];
	int64_t size, mt;

	if (read_at(fd, h, sizeof h, off) != 0)
		return vg_seterr(err, VG_REFUSED, _("%s: cannot read the tar header at offset %lld"),
		    path, (long long)off);
	parse_header(h, name, &size, &mt);
	if (*mtime < 0)
		*mtime = mt;
	if (tar_header(want, name, size, *mtime) != 0 || memcmp(h, want, sizeof h) != 0) {
		size_t at = 0;

		while (at < sizeof h && h[at] == want[at])
			at++;
		return vg_seterr(err, VG_REFUSED, _("%s: the tar header of \"%s\" at offset %lld is "
		    "altered (byte %lld differs from what vigil writes)"), path, name,
		    (long long)off, (long long)(off + (int64_t)at));
	}
	if (size > end - off - TAR_BLOCK)
		return vg_seterr(err, VG_REFUSED, _("%s: \"%s\" is cut short: the archive ends before "
		    "its %lld bytes"), path, name, (long long)size);
	if (padding(size) && (read_at(fd, pad, (size_t)padding(size), off + TAR_BLOCK + size) != 0 ||
	    !all_zero(pad, (size_t)padding(size))))
		return vg_seterr(err, VG_REFUSED, _("%s: the padding after \"%s\" (offset %lld) is not "
		    "zero"), path, name, (long long)(off + TAR_BLOCK + size));
	m->name = xstrdup(name);
	m->header = off;
	m->off = off + TAR_BLOCK;
	m->size = size;
	return 0;
}

/* The end: exactly two zero blocks and nothing after them. */
static int
check_end(int fd, const char *path, int64_t off, int64_t end, struct vg_err *err)
{
	uint8_t z[2 * TAR_BLOCK];

	if (end - off != (int64_t)sizeof z)
		return vg_seterr(err, VG_REFUSED, _("%s: %lld bytes follow the last member where the "
		    "archive's two end blocks should be"), path, (long long)(end - off));
	if (read_at(fd, z, sizeof z, off) != 0 || !all_zero(z, sizeof z)) {
		size_t at = 0;

		while (at < sizeof z && z[at] == 0)
			at++;
		return vg_seterr(err, VG_REFUSED, _("%s: the end of the archive at offset %lld is not "
		    "zero"), path, (long long)(off + (int64_t)at));
	}
	return 0;
}

/* Every member, walking the headers; -1 at the first problem. */
static int
walk(int fd, const char *path, int64_t end, struct tar_member **v, size_t *n, int64_t *mtime,
    struct vg_err *err)
{
	int64_t off = 0;
	uint8_t h[TAR_BLOCK];

	for (;;) {
		struct tar_member m;

		if (end - off < TAR_BLOCK || read_at(fd, h, sizeof h, off) != 0)
			return vg_seterr(err, VG_REFUSED, _("%s: the archive ends without its end "
			    "blocks"), path);
		if (all_zero(h, sizeof h) || end - off == 2 * TAR_BLOCK)
			return check_end(fd, path, off, end, err);
		if (read_member(fd, path, off, end, mtime, &m, err) != 0)
			return -1;
		for (size_t i = 0; i < *n; i++)
			if (strcmp((*v)[i].name, m.name) == 0) {
				vg_seterr(err, VG_REFUSED, _("%s: \"%s\" is in the archive twice"), path,
				    m.name);
				free(m.name);
				return -1;
			}
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		(*v)[(*n)++] = m;
		off = m.off + m.size + padding(m.size);
	}
}

int
tar_read(int fd, const char *path, struct tar_member **v, size_t *n, int64_t *mtime,
    struct vg_err *err)
{
	int64_t end = lseek(fd, 0, SEEK_END);

	*v = NULL;
	*n = 0;
	*mtime = -1;
	if (end < 0 || end % TAR_BLOCK != 0 || end < 2 * TAR_BLOCK)
		return vg_seterr(err, VG_REFUSED, _("%s is not a tar made by vigil (its size is not a "
		    "whole number of blocks)"), path);
	if (walk(fd, path, end, v, n, mtime, err) == 0)
		return 0;
	tar_free_members(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}

void
tar_free_members(struct tar_member *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
