/* frames.c — reading and writing latest-frame and reference images (PPM/PGM). */
#include "recorder/frames.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

#define FRAME_MAX_BYTES (64 << 20)

char *
frames_path(const char *run_dir, const char *camera)
{
	return xasprintf("%s/frames/%s.ppm", run_dir, camera);
}

char *
frames_reference_path(const char *data_dir, const char *camera)
{
	return xasprintf("%s/references/%s.pgm", data_dir, camera);
}

void
frames_free(struct vg_frame *f)
{
	free(f->pixels);
	memset(f, 0, sizeof *f);
}

/* Reads the next header token, skipping white space and comments; a comment
 * of ours ("# vigil ... ts_us=N") gives the time. */
static const char *
token(const char *p, const char *end, long long *v, struct vg_frame *f)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
			p++;
		if (p < end && *p == '#') {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *ts;
			char line[256];
			size_t len;

			if (nl == NULL)
				return NULL;
			len = (size_t)(nl - p) < sizeof line - 1 ? (size_t)(nl - p) : sizeof line - 1;
			memcpy(line, p, len);
			line[len] = '\0';
			if ((ts = strstr(line, "ts_us=")) != NULL)
				f->ts_us = strtoll(ts + 6, NULL, 10);
			p = nl + 1;
			continue;
		}
		break;
	}
	if (p >= end || *p < '0' || *p > '9')
		return NULL;
	*v = 0;
	while (p < end && *p >= '0' && *p <= '9' && *v < 100000)
		*v = *v * 10 + (*p++ - '0');
	return p;
}

int
frames_read_file(const char *path, struct vg_frame *f, struct vg_err *err)
{
	size_t len, need;
	char *data = vg_read_file(path, &len, FRAME_MAX_BYTES, err);
	const char *p, *end;
	long long w, h, maxval;

	memset(f, 0, sizeof *f);
	if (data == NULL)
		return -1;
	end = data + len;
	if (len < 3 || data[0] != 'P' || (data[1] != '6' && data[1] != '5'))
		goto bad;
	f->channels = data[1] == '6' ? 3 : 1;
	if ((p = token(data + 2, end, &w, f)) == NULL || (p = token(p, end, &h, f)) == NULL ||
	    (p = token(p, end, &maxval, f)) == NULL || maxval != 255 || w < 1 || h < 1 ||
	    w > 8192 || h > 8192 || p >= end)
		goto bad;
	p++;	/* the single white-space byte before the pixels */
	need = (size_t)w * (size_t)h * (size_t)f->channels;
	if ((size_t)(end - p) < need)
		goto bad;
	f->width = (int)w;
	f->height = (int)h;
	f->pixels = xmalloc(need);
	memcpy(f->pixels, p, need);
	free(data);
	return 0;
bad:
	free(data);
	memset(f, 0, sizeof *f);
	return vg_seterr(err, VG_FAILED, _("%s is not a frame image (PPM P6 or PGM P5)"), path);
}

int
frames_load(const char *run_dir, const char *camera, struct vg_frame *f, struct vg_err *err)
{
	char *path = frames_path(run_dir, camera);
	int r = frames_read_file(path, f, err);

	free(path);
	return r;
}

/*
 * Replaces path with a then b through a temporary file and rename, so that a
 * reader sees the old file or the new one whole; no fsync (caches, signals).
 */
static int
replace_unsynced(const char *path, const void *a, size_t na, const void *b, size_t nb,
    struct vg_err *err)
{
	char *tmp = xasprintf("%s.tmp", path);
	int fd, r = -1;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	if (write(fd, a, na) != (ssize_t)na || (nb > 0 && write(fd, b, nb) != (ssize_t)nb)) {
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot replace %s: %s"), path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	r = 0;
out:
	free(tmp);
	return r;
}

int
frames_write_file(const char *path, const char *camera, const struct vg_frame *f, int durable,
    struct vg_err *err)
{
	size_t n = (size_t)f->width * (size_t)f->height * (size_t)f->channels;
	char *hdr = xasprintf("P%c\n# vigil camera=%s ts_us=%lld\n%d %d\n255\n",
	    f->channels == 3 ? '6' : '5', camera, (long long)f->ts_us, f->width, f->height);
	struct vg_buf b;
	int r = -1;

	if (durable) {
		buf_init(&b);
		buf_puts(&b, hdr);
		buf_add(&b, (const char *)f->pixels, n);
		r = vg_write_file_atomic(path, b.s, b.len, 0640, err);
		buf_free(&b);
		goto out;
	}
	/* A cache refreshed every few seconds: rename for atomicity, no fsync. */
	if (replace_unsynced(path, hdr, strlen(hdr), f->pixels, n, err) != 0)
		goto out;
	r = 0;
out:
	free(hdr);
	return r;
}

/*---- Live-view demand ----*/

static char *
demand_path(const char *run_dir, const char *camera)
{
	return xasprintf("%s/demand/%s.%ld", run_dir, camera, (long)getpid());
}

/* Rewritten whole each time (rename: the recorder never reads half a
 * number), which also moves the mtime it judges freshness by. */
int
frames_demand(const char *run_dir, const char *camera, int width, struct vg_err *err)
{
	char *dir = xasprintf("%s/demand", run_dir), *path = demand_path(run_dir, camera);
	char text[24];
	int n, r = -1;

	n = snprintf(text, sizeof text, "%d\n", width);
	if (vg_mkdirs(dir, 0750, err) == 0)
		r = replace_unsynced(path, text, (size_t)n, NULL, 0, err);
	free(dir);
	free(path);
	return r;
}

void
frames_demand_stop(const char *run_dir, const char *camera)
{
	char *path = demand_path(run_dir, camera);

	unlink(path);
	free(path);
}
