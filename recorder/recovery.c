/* recovery.c — after a crash: cut partial segments back to whole fragments and index them. */
#include "recorder/recovery.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavformat/avformat.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/ingest.h"
#include "recorder/storage.h"

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * A segment is ftyp, moov, then moof+mdat pairs, then mfra when it was
 * closed.  A crash can cut it anywhere; what is whole is everything up to the
 * end of the last mdat that follows a moof (or the end of the moov).
 */
int
recovery_scan_mp4(int fd, int64_t size, struct mp4_scan *sc)
{
	int64_t pos = 0;
	int have_ftyp = 0, moof = 0;

	memset(sc, 0, sizeof *sc);
	while (pos + 8 <= size) {
		uint8_t h[16];
		int64_t len;
		char type[5];

		if (pread(fd, h, 16, pos) < 8)
			return -1;
		len = be32(h);
		memcpy(type, h + 4, 4);
		type[4] = '\0';
		if (len == 1) {
			if (pos + 16 > size)
				break;
			len = (int64_t)((uint64_t)be32(h + 8) << 32 | be32(h + 12));
		}
		if (len < 8 || pos + len > size)
			break;	/* runs to the end of the file (0), malformed, or cut short */
		if (strcmp(type, "ftyp") == 0)
			have_ftyp = 1;
		else if (strcmp(type, "moov") == 0 && have_ftyp) {
			sc->header = 1;
			sc->complete = pos + len;
		} else if (strcmp(type, "moof") == 0)
			moof = 1;
		else if (strcmp(type, "mdat") == 0 && moof && sc->header) {
			sc->fragments++;
			sc->complete = pos + len;
			moof = 0;
		} else if (strcmp(type, "mfra") == 0 && sc->header) {
			sc->closed = 1;
			sc->complete = pos + len;
		}
		pos += len;
	}
	return 0;
}

/* Start time (from the header vigil wrote) and media duration of a segment file. */
static int
probe_times(const char *path, int64_t *start_us, int64_t *dur_us)
{
	AVFormatContext *fc = NULL;
	AVDictionaryEntry *e;
	AVPacket *p;
	int v = -1;
	int64_t first = AV_NOPTS_VALUE, end = AV_NOPTS_VALUE, last = AV_NOPTS_VALUE, step = 0;
	const char *s;

	*start_us = 0;
	*dur_us = 0;
	if (avformat_open_input(&fc, path, NULL, NULL) < 0)
		return -1;
	if ((e = av_dict_get(fc->metadata, "comment", NULL, 0)) != NULL &&
	    (s = strstr(e->value, "start_us=")) != NULL)
		*start_us = strtoll(s + 9, NULL, 10);
	for (unsigned i = 0; i < fc->nb_streams; i++)
		if (fc->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && v < 0)
			v = (int)i;
	p = av_packet_alloc();
	while (v >= 0 && av_read_frame(fc, p) >= 0) {
		if (p->stream_index == v && p->dts != AV_NOPTS_VALUE) {
			if (first == AV_NOPTS_VALUE)
				first = p->dts;
			if (last != AV_NOPTS_VALUE && p->dts > last)
				step = p->dts - last;
			last = p->dts;
			/* a sample without a duration lasts as long as the one before it */
			end = p->dts + (p->duration > 0 ? p->duration : step);
		}
		av_packet_unref(p);
	}
	if (first != AV_NOPTS_VALUE)
		*dur_us = av_rescale_q(end - first, fc->streams[v]->time_base, AV_TIME_BASE_Q);
	av_packet_free(&p);
	avformat_close_input(&fc);
	return *start_us > 0 ? 0 : -1;
}

int
recovery_file(struct vg_site *s, const char *actor, const char *rel,
    struct recovery_report *rep, struct vg_err *err)
{
	char camera[64], *full = vg_path_join(s->cfg.storage_dir, rel), *dir = NULL;
	struct chain_seg seg;
	struct mp4_scan sc;
	struct stat sb;
	int64_t seq, day, next, start = 0, dur = 0, orig;
	char chain[65];
	int fd = -1, r = -1;

	memset(&seg, 0, sizeof seg);
	if (storage_parse(rel, camera, sizeof camera, &seq, &day) != 0) {
		vg_seterr(err, VG_FAILED, _("%s is not a segment file name"), rel);
		goto out;
	}
	if (db_scalar(s->db, "SELECT COUNT(*) FROM segments WHERE path = ?", rel, 0) > 0) {
		r = 0;
		goto out;
	}
	if (db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", camera, 0) == 0) {
		vg_seterr(err, VG_FAILED, _("%s: camera \"%s\" was never in the camera list; left as "
		    "it is"), rel, camera);
		goto out;
	}
	next = chain_next_seq(s->db, camera);
	if (seq < next) {
		vg_seterr(err, VG_FAILED, _("%s: sequence number %lld is already taken (camera %s "
		    "is at %lld); left as it is for an operator"), rel, (long long)seq, camera,
		    (long long)(next - 1));
		goto out;
	}
	if ((fd = open(full, O_RDWR | O_CLOEXEC)) < 0 || fstat(fd, &sb) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot open %s: %s"), full, strerror(errno));
		goto out;
	}
	orig = sb.st_size;
	if (recovery_scan_mp4(fd, orig, &sc) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), full, strerror(errno));
		goto out;
	}
	/* Cut back to the last whole fragment; never below the header, so a file
	 * that never got one keeps every byte it has. */
	if (sc.header && sc.complete < orig) {
		if (ftruncate(fd, sc.complete) != 0 || fsync(fd) != 0) {
			vg_seterr(err, VG_FAILED, _("cannot truncate %s: %s"), full, strerror(errno));
			goto out;
		}
		rep->truncated++;
	}
	close(fd);
	fd = -1;
	if (probe_times(full, &start, &dur) != 0) {
		/* No usable header: place it right after the camera's last footage. */
		start = db_scalar(s->db, "SELECT MAX(end_us) FROM segments WHERE camera = ?", camera,
		    0);
		if (start == 0)
			start = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
		dur = 0;
	}
	seg.camera = camera;
	seg.seq = seq;
	seg.start_us = start;
	seg.end_us = start + dur;
	seg.path = rel;
	seg.recovered = 1;
	if (chain_hash_file(full, seg.sha256, &seg.bytes, err) != 0)
		goto out;
	dir = vg_dirname(full);
	vg_fsync_dir(dir);
	if (site_begin(s, err) != 0)
		goto out;
	if (chain_index(s->db, &seg, chain, err) != 0 ||
	    audit_appendf(s, actor, "segment.recover", camera, "recorder", err,
	    "seq=%lld; path=%s; bytes=%lld; cut_from=%lld; fragments=%d; chain=%s",
	    (long long)seq, rel, (long long)seg.bytes, (long long)orig, sc.fragments, chain) != 0) {
		site_rollback(s);
		goto out;
	}
	if (site_commit(s, err) != 0)
		goto out;
	rep->files++;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(dir);
	free(full);
	return r;
}

struct found {
	char		**rel;
	size_t		  n;
	struct vg_site	 *s;
};

static int
found_cb(const char *rel, const char *camera, int64_t seq, int64_t day, void *arg)
{
	struct found *f = arg;

	(void)camera;
	(void)seq;
	(void)day;
	if (db_scalar(f->s->db, "SELECT COUNT(*) FROM segments WHERE path = ?", rel, 0) > 0)
		return 0;
	f->rel = xrealloc(f->rel, (f->n + 1) * sizeof *f->rel);
	f->rel[f->n++] = xstrdup(rel);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
recovery_run(struct vg_site *s, const char *actor, struct recovery_report *rep,
    struct vg_err *err)
{
	struct found f = { NULL, 0, s };

	(void)err;
	memset(rep, 0, sizeof *rep);
	storage_walk(s->cfg.storage_dir, NULL, found_cb, &f);
	/* Chains grow in sequence order.  Names sort that way within a camera:
	 * dates never go back (segment times are never reordered) and sequence
	 * numbers are zero-padded. */
	if (f.n > 1)
		qsort(f.rel, f.n, sizeof *f.rel, cmp_str);
	for (size_t i = 0; i < f.n; i++) {
		struct vg_err e;

		if (recovery_file(s, actor, f.rel[i], rep, &e) != 0) {
			rec_log(_("recovery: %s"), e.msg);
			rep->skipped++;
		}
		free(f.rel[i]);
	}
	free(f.rel);
	return 0;
}
