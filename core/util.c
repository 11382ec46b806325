/* util.c — allocation, errors, buffers, atomic files and small text helpers. */
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

void
vg_err_clear(struct vg_err *err)
{
	if (err == NULL)
		return;
	err->code = VG_OK;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

static int seterr_va(struct vg_err *, enum vg_code, const char *, const char *, va_list)
    __attribute__((format(printf, 4, 0)));

static int
seterr_va(struct vg_err *err, enum vg_code code, const char *field,
    const char *fmt, va_list ap)
{
	if (err != NULL) {
		err->code = code;
		snprintf(err->field, sizeof err->field, "%s", field ? field : "");
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	}
	return -1;
}

int
vg_seterr(struct vg_err *err, enum vg_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seterr_va(err, code, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int
vg_seterr_field(struct vg_err *err, enum vg_code code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seterr_va(err, code, field, fmt, ap);
	va_end(ap);
	return -1;
}

/* Exit statuses: 0 done, 1 refused or failed, 2 usage or configuration. */
int
vg_err_exit(const struct vg_err *err)
{
	switch (err->code) {
	case VG_OK:
		return 0;
	case VG_USAGE:
	case VG_CONFIG:
		return 2;
	default:
		return 1;
	}
}

void
vg_fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		vg_fatal("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		vg_fatal("out of memory (%zu x %zu bytes)", n, sz);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		vg_fatal("out of memory (%zu bytes)", n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Like strndup: at most n bytes, stopping at the string's end. */
char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	VG_ASSERT(n >= 0);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/*---- Buffers ----*/

void
buf_init(struct vg_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_add(struct vg_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_puts(struct vg_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct vg_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, p);
	free(p);
}

void
buf_free(struct vg_buf *b)
{
	free(b->s);
	buf_init(b);
}

char *
buf_steal(struct vg_buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	buf_init(b);
	return s;
}

/*---- Files ----*/

int
vg_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

char *
vg_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *
vg_exe_dir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	return vg_dirname(exe);
}

void
vg_remove_tree(const char *path)
{
	if (vg_empty_tree(path) != 0) {
		unlink(path);
		return;
	}
	rmdir(path);
}

int
vg_empty_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = vg_path_join(path, e->d_name);
		vg_remove_tree(p);
		free(p);
	}
	closedir(d);
	return 0;
}

int
vg_dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

void
vg_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
vg_strv_join(char *const *v, size_t n, const char *sep)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? sep : "", v[i]);
	return buf_steal(&b);
}

int
vg_strv_contains(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

char *
vg_path_join(const char *dir, const char *rel)
{
	if (rel[0] == '/' || dir == NULL || dir[0] == '\0')
		return xstrdup(rel);
	return xasprintf("%s%s%s", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
}

/*
 * Write a whole file so that readers see either the old or the new content:
 * temporary file beside it, fsync, rename, fsync the directory.
 */
int
vg_write_file_atomic(const char *path, const void *data, size_t len, int mode,
    struct vg_err *err)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	char *dir = vg_dirname(path);
	const char *p = data;
	int fd, r = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, (mode_t)mode) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot set mode on %s: %s"), tmp, strerror(errno));
		goto out_close;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), path, strerror(errno));
			goto out_close;
		}
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot sync %s: %s"), path, strerror(errno));
		goto out_close;
	}
	if (close(fd) != 0) {
		fd = -1;
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot replace %s: %s"), path, strerror(errno));
		goto out;
	}
	vg_fsync_dir(dir);
	r = 0;
out_close:
	if (fd >= 0)
		close(fd);
out:
	if (r != 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	return r;
}

char *
vg_read_file(const char *path, size_t *lenp, size_t max, struct vg_err *err)
{
	FILE *f = fopen(path, "rb");
	struct vg_buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	buf_add(&b, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max) {
			fclose(f);
			buf_free(&b);
			vg_seterr(err, VG_FAILED, _("%s is too large (over %zu bytes)"), path, max);
			return NULL;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	fclose(f);
	if (lenp)
		*lenp = b.len;
	return buf_steal(&b);
}

int
vg_mkdirs(const char *path, int mode, struct vg_err *err)
{
	char *p = xstrdup(path), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;

			*s = '\0';
			if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
				r = vg_seterr(err, VG_FAILED, _("cannot create directory %s: %s"),
				    p, strerror(errno));
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return r;
}

/*---- Text ----*/

void
vg_hex(const uint8_t *in, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
vg_unhex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		int hi = hexval((unsigned char)s[2 * i]);
		int lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* Strict UTF-8: no overlongs, no surrogates, nothing past U+10FFFF. */
int
vg_valid_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned c = *s;
		int n;
		unsigned cp;

		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += n + 1;
	}
	return 1;
}

long
vg_utf8_decode(const char *str, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0], cp;
	size_t n;

	*len = 1;
	if (c < 0x80)
		return c;
	if ((c & 0xe0) == 0xc0)
		n = 1, cp = c & 0x1f;
	else if ((c & 0xf0) == 0xe0)
		n = 2, cp = c & 0x0f;
	else if ((c & 0xf8) == 0xf0)
		n = 3, cp = c & 0x07;
	else
		return -1;
	for (size_t i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = n + 1;
	return (long)cp;
}

/*
 * Characters that steer a terminal or reorder what it shows: C0 controls and
 * DEL, the C1 controls (U+0080-U+009F: some terminals take U+009B as CSI), and
 * the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069), which make one string look like another.
 */
int
vg_cp_is_control(long cp)
{
	return (cp >= 0 && cp < 0x20) || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int
vg_has_control(const char *s)
{
	while (*s) {
		size_t n;

		if (vg_cp_is_control(vg_utf8_decode(s, &n)))
			return 1;
		s += n;
	}
	return 0;
}

void
vg_escape_text(struct vg_buf *b, const char *s, size_t n)
{
	const char *end = s + n, *run = s;

	while (s < end) {
		size_t len = 1;
		long cp = (unsigned char)*s < 0x80 ? (unsigned char)*s : -1;

		/* a sequence cut by the end of the buffer is escaped byte by byte */
		if (cp < 0 && end - s >= 4)
			cp = vg_utf8_decode(s, &len);
		else if (cp < 0) {
			char tmp[5] = { 0 };

			memcpy(tmp, s, (size_t)(end - s));
			cp = vg_utf8_decode(tmp, &len);
		}
		if (cp == '\n' || cp == '\t' || (cp >= 0 && !vg_cp_is_control(cp))) {
			s += len;
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		if (cp < 0 || cp < 0x80)
			buf_printf(b, "\\x%02x", (unsigned char)*s);
		else
			buf_printf(b, "\\u%04lx", cp);
		s += len;
		run = s;
	}
	buf_add(b, run, (size_t)(s - run));
}

char *
vg_text_printable(const char *s)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	while (*s) {
		size_t n;
		long cp = vg_utf8_decode(s, &n);

		if (cp < 0 || vg_cp_is_control(cp))
			buf_add(&b, "?", 1);
		else
			buf_add(&b, s, n);
		s += n;
	}
	return buf_steal(&b);
}

/*---- A stream that escapes what passes through it ----*/

struct esc_stream {
	FILE	*dst;
	char	 pend[4];	/* the start of a character the next write completes */
	size_t	 npend;
};

/* How many bytes at the end of p[0..n) start a character that is not complete yet. */
static size_t
incomplete_tail(const char *p, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = (unsigned char)p[n - k];
		size_t need;

		if ((c & 0xc0) == 0x80)
			continue;
		need = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

static ssize_t
esc_write(void *cookie, const char *buf, size_t n)
{
	struct esc_stream *e = cookie;
	struct vg_buf in, out;
	size_t keep;

	buf_init(&in);
	buf_init(&out);
	buf_add(&in, e->pend, e->npend);
	buf_add(&in, buf, n);
	keep = incomplete_tail(in.s, in.len);
	vg_escape_text(&out, in.s, in.len - keep);
	memcpy(e->pend, in.s + in.len - keep, keep);
	e->npend = keep;
	if (out.len > 0)
		fwrite(out.s, 1, out.len, e->dst);
	fflush(e->dst);
	buf_free(&in);
	buf_free(&out);
	return (ssize_t)n;
}

static int
esc_close(void *cookie)
{
	struct esc_stream *e = cookie;
	struct vg_buf out;

	buf_init(&out);
	vg_escape_text(&out, e->pend, e->npend);
	if (out.len > 0)
		fwrite(out.s, 1, out.len, e->dst);
	fflush(e->dst);
	buf_free(&out);
	free(e);
	return 0;
}

FILE *
vg_escape_stream(FILE *dst)
{
	static const cookie_io_functions_t io = { .write = esc_write, .close = esc_close };
	struct esc_stream *e = xcalloc(1, sizeof *e);
	FILE *f;

	e->dst = dst;
	if ((f = fopencookie(e, "w", io)) == NULL)
		vg_fatal("fopencookie: %s", strerror(errno));
	setvbuf(f, NULL, _IOLBF, 0);
	return f;
}

char *
vg_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
vg_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
vg_text_width(const char *s)
{
	mbstate_t st;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (*s) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, strlen(s), &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not decodable in this locale: count bytes, UTF-8 lead bytes once. */
			if (((unsigned char)*s & 0xc0) != 0x80)
				w++;
			s++;
			memset(&st, 0, sizeof st);
			continue;
		}
		cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		s += n;
	}
	return w;
}

int
vg_check_text(const char *s, size_t max, int required, const char *field, const char *what,
    struct vg_err *err)
{
	const char *p;
	int blank = 1;

	if (s == NULL)
		s = "";
	for (p = s; *p; p++)
		if (*p != ' ' && *p != '\t')
			blank = 0;
	if (required && blank)
		return vg_seterr_field(err, VG_USAGE, field, _("%s is required"), what);
	if (!vg_valid_utf8(s) || vg_has_control(s))
		return vg_seterr_field(err, VG_USAGE, field, _("%s must be plain text"), what);
	if (strlen(s) > max)
		return vg_seterr_field(err, VG_USAGE, field, _("%s is longer than %zu bytes"), what,
		    max);
	return 0;
}

char **
vg_split_list(const char *s, size_t *n)
{
	char *copy = xstrdup(s ? s : ""), *save = NULL, *w;
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		w = vg_trim(w);
		if (*w == '\0')
			continue;
		v = xrealloc(v, (*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(w);
		v[*n] = NULL;
	}
	free(copy);
	return v;
}

const char *
vg_tr(const char *s)
{
	const char *t = gettext(s), *bar = strchr(s, '\004');

	return t == s && bar != NULL ? bar + 1 : t;
}
