/* tar.c — the uncompressed tar an export is: written in one canonical form, and read back checking every byte. */
#include "recorder/tar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/util.h"

#define TAR_COPY_BUF	(1 << 20)
#define TAR_MAP_WINDOW	(64 << 20)	/* hashing maps the archive this much at a time */
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

int64_t
tar_span(int64_t size)
{
	return TAR_BLOCK + size + padding(size);
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
	sha256_update(&t->h, h, sizeof h);
	return write_at(t, h, sizeof h, at, err);
}

static int
write_padding(struct tar_w *t, int64_t end, struct vg_err *err)
{
	static const uint8_t zero[TAR_BLOCK];
	int64_t pad = padding(end);

	sha256_update(&t->h, zero, (size_t)pad);
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
	sha256_init(&t->h);
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
	sha256_init(&h);
	sha256_update2(&h, &t->h, data, len);
	if (write_at(t, data, len, t->off + TAR_BLOCK, err) != 0 ||
	    write_padding(t, t->off + TAR_BLOCK + (int64_t)len, err) != 0)
		return -1;
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	advance(t, t->off + TAR_BLOCK + (int64_t)len + padding((int64_t)len));
	return 0;
}

/* Reads up to n bytes at off (-1: from fd's position), whole unless the file
 * ends first. */
static ssize_t
read_full(int fd, uint8_t *p, size_t n, int64_t off)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = off < 0 ? read(fd, p + done, n - done) :
		    pread(fd, p + done, n - done, off + (int64_t)done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		done += (size_t)k;
	}
	return (ssize_t)done;
}

/*
 * Where the kernel cannot copy (src a pipe, on another file system): each
 * buffer read from src goes into the member's hash and the archive's in one
 * pass (sha256_update2), then to the archive at `at`; never past size bytes.
 */
static int
copy_in(struct tar_w *t, const char *name, int src, int64_t at, int64_t size, char sha[65],
    struct vg_err *err)
{
	struct sha256 h;
	uint8_t md[32];
	int64_t done = 0;
	ssize_t n = 0;

	if (t->buf == NULL)
		t->buf = xmalloc(TAR_COPY_BUF);
	sha256_init(&h);
	while (done < size) {
		size_t want = size - done < TAR_COPY_BUF ? (size_t)(size - done) : TAR_COPY_BUF;

		if ((n = read_full(src, t->buf, want, -1)) <= 0)
			break;
		sha256_update2(&h, &t->h, t->buf, (size_t)n);
		if (write_at(t, t->buf, (size_t)n, at + done, err) != 0)
			return -1;
		done += n;
		if ((size_t)n < want)
			break;
	}
	if (n < 0)
		return vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), name, strerror(errno));
	if (done != size)
		return vg_seterr(err, VG_REFUSED, _("%s is not %lld bytes long as its record says"),
		    name, (long long)size);
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	return 0;
}

/* Bytes of fd, read through a buffer, into h (and h2). */
static int
hash_read(int fd, struct sha256 *h, struct sha256 *h2, int64_t at, int64_t n, uint8_t **buf)
{
	if (*buf == NULL)
		*buf = xmalloc(TAR_COPY_BUF);
	while (n > 0) {
		size_t want = n < TAR_COPY_BUF ? (size_t)n : TAR_COPY_BUF;
		ssize_t k = read_full(fd, *buf, want, at);

		if (k != (ssize_t)want) {
			if (k >= 0)
				errno = 0;	/* shorter than asked */
			return -1;
		}
		if (h2 != NULL)
			sha256_update2(h, h2, *buf, want);
		else
			sha256_update(h, *buf, want);
		at += k;
		n -= k;
	}
	return 0;
}

int
tar_hash_range(int fd, int64_t at, int64_t size, struct sha256 *h, struct sha256 *h2)
{
	int64_t done = 0, page = sysconf(_SC_PAGESIZE);
	uint8_t *buf = NULL;
	int r = 0;

	while (r == 0 && done < size) {
		int64_t from = (at + done) / page * page, skip = at + done - from;
		int64_t n = size - done < TAR_MAP_WINDOW ? size - done : TAR_MAP_WINDOW;
		uint8_t *p = mmap(NULL, (size_t)(skip + n), PROT_READ, MAP_SHARED, fd, from);

		if (p == MAP_FAILED) {
			r = hash_read(fd, h, h2, at + done, n, &buf);
		} else {
			madvise(p, (size_t)(skip + n), MADV_SEQUENTIAL);
			if (h2 != NULL)
				sha256_update2(h, h2, p + skip, (size_t)n);
			else
				sha256_update(h, p + skip, (size_t)n);
			munmap(p, (size_t)(skip + n));
		}
		done += n;
	}
	free(buf);
	return r;
}

/* The member's bytes [at, at + size), already in the archive, into its hash
 * and the archive's. */
static int
hash_member(struct tar_w *t, int64_t at, int64_t size, char sha[65], struct vg_err *err)
{
	struct sha256 h;
	uint8_t md[32];

	sha256_init(&h);
	if (tar_hash_range(t->fd, at, size, &h, &t->h) != 0)
		return vg_seterr(err, VG_FAILED, _("cannot read back %s: %s"), t->path,
		    errno ? strerror(errno) : "short read");
	sha256_final(&h, md);
	vg_hex(md, sizeof md, sha);
	return 0;
}

/* src's size bytes into the archive at `at` by the kernel (no copy through
 * here); 1 where it cannot (another file system, an old kernel), -1 with err. */
static int
copy_kernel(struct tar_w *t, const char *name, int src, int64_t at, int64_t size,
    struct vg_err *err)
{
	int64_t done = 0;
	loff_t out = at;

	while (done < size) {
		ssize_t n = copy_file_range(src, NULL, t->fd, &out, (size_t)(size - done), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && done == 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
		    errno == EOPNOTSUPP))
			return 1;
		if (n < 0)
			return vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), t->path,
			    strerror(errno));
		if (n == 0)
			return vg_seterr(err, VG_REFUSED, _("%s is not %lld bytes long as its record "
			    "says"), name, (long long)size);
		done += n;
	}
	return 0;
}

/* The member's bytes, copied and then hashed from where they landed; by
 * reading them through a buffer where that cannot be done. */
static int
copy_member(struct tar_w *t, const char *name, int src, int64_t at, int64_t size,
    char sha[65], struct vg_err *err)
{
	int r = copy_kernel(t, name, src, at, size, err);

	if (r < 0)
		return -1;
	if (r == 0)
		return hash_member(t, at, size, sha, err);
	return copy_in(t, name, src, at, size, sha, err);
}

int
tar_w_copy(struct tar_w *t, const char *name, int src, int64_t size, char sha[65],
    struct vg_err *err)
{
	int64_t at = t->off + TAR_BLOCK;
	uint8_t probe;
	ssize_t n;

	VG_ASSERT(t->reserved < 0);
	posix_fadvise(src, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (write_header(t, t->off, name, size, err) != 0 ||
	    copy_member(t, name, src, at, size, sha, err) != 0)
		return -1;
	/* Nothing may follow the stated size. */
	do
		n = read(src, &probe, 1);
	while (n < 0 && errno == EINTR);
	if (n != 0)
		return vg_seterr(err, VG_REFUSED, _("%s is not %lld bytes long as its record says"),
		    name, (long long)size);
	if (write_padding(t, at + size, err) != 0)
		return -1;
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
	int64_t at = t->reserved;

	VG_ASSERT(at > 0);
	/* Its data was written at its place; read it back for both hashes. */
	if (write_header(t, at - TAR_BLOCK, name, size, err) != 0 ||
	    hash_member(t, at, size, sha, err) != 0 ||
	    write_padding(t, at + size, err) != 0)
		return -1;
	t->reserved = -1;
	advance(t, at + size + padding(size));
	return 0;
}

int
tar_w_close(struct tar_w *t, char sha[65], int64_t *bytes, struct vg_err *err)
{
	static const uint8_t zero[2 * TAR_BLOCK];
	uint8_t md[32];

	sha256_update(&t->h, zero, sizeof zero);
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
	sha256_final(&t->h, md);
	vg_hex(md, sizeof md, sha);
	*bytes = t->off;
	tar_w_abort(t);
	return 0;
}

void
tar_w_abort(struct tar_w *t)
{
	free(t->buf);
	t->buf = NULL;
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
