/* segmenter.c — fragmented-MP4 segment files: custom AVIO that hashes while writing, fsync on close. */
#include "recorder/segmenter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>

#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/storage.h"

#define SEG_MAX_STREAMS 4

struct seg_track {
	AVRational	 in_tb;
	int64_t		 base;		/* first timestamp kept, in in_tb */
	int64_t		 last_dts;	/* after rebasing, in in_tb */
	AVPacket	*pending;	/* held until the next packet gives its duration */
};

struct seg {
	AVFormatContext		*oc;
	int			 fd;
	int			 werr;		/* errno of a failed write */
	char			*full;
	struct chain_hash	 hash;
	int64_t			 bytes;
	struct seg_done		 done;
	int			 video;
	int			 ntracks;
	struct seg_track	 tr[SEG_MAX_STREAMS];
	int64_t			 nvideo;	/* video packets written */
	int64_t			 vlast;		/* last video dts (rebased) */
};

/* The muxer's only way to the file: every byte is hashed as it is written. */
static int
seg_write_cb(void *opaque, uint8_t *buf, int n)
{
	struct seg *s = opaque;
	int left = n;

	while (left > 0) {
		ssize_t w = write(s->fd, buf, (size_t)left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			s->werr = errno;
			return AVERROR(errno);
		}
		chain_hash_update(&s->hash, buf, (size_t)w);
		s->bytes += w;
		buf += w;
		left -= (int)w;
	}
	return n;
}

static void
seg_free(struct seg *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < s->ntracks; i++)
		av_packet_free(&s->tr[i].pending);
	if (s->oc != NULL) {
		if (s->oc->pb != NULL) {
			av_freep(&s->oc->pb->buffer);
			avio_context_free(&s->oc->pb);
		}
		avformat_free_context(s->oc);
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->hash.ctx != NULL)
		chain_hash_free(&s->hash);
	free(s->full);
	free(s);
}

static int
av_fail(struct vg_err *err, const char *what, const char *path, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, _("%s %s: %s"), what, path, msg);
}

struct seg *
seg_open(const struct seg_open_args *a, struct vg_err *err)
{
	struct seg *s = xcalloc(1, sizeof *s);
	AVDictionary *opts = NULL;
	uint8_t *buf;
	char *rel, meta[160], iso[32];
	int r;

	VG_ASSERT(a->nstreams > 0 && a->nstreams <= SEG_MAX_STREAMS);
	s->fd = -1;
	rel = storage_relpath(a->camera, a->seq, a->start_us);
	snprintf(s->done.path, sizeof s->done.path, "%s", rel);
	free(rel);
	s->done.seq = a->seq;
	s->done.start_us = a->start_us;
	s->full = vg_path_join(a->root, s->done.path);
	s->video = a->video;
	if (storage_mkdirs(a->root, s->done.path, err) != 0)
		goto fail;
	/* O_EXCL: footage already on disk is never written over. */
	s->fd = open(s->full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (s->fd < 0 || fchmod(s->fd, 0640) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot create segment %s: %s"), s->full, strerror(errno));
		goto fail;
	}
	chain_hash_init(&s->hash);
	if ((r = avformat_alloc_output_context2(&s->oc, NULL, "mp4", NULL)) < 0) {
		av_fail(err, _("cannot start segment"), s->full, r);
		goto fail;
	}
	s->ntracks = a->nstreams;
	for (int i = 0; i < a->nstreams; i++) {
		AVStream *st = avformat_new_stream(s->oc, NULL);

		VG_ASSERT(st != NULL);
		if ((r = avcodec_parameters_copy(st->codecpar, a->streams[i].par)) < 0) {
			av_fail(err, _("cannot start segment"), s->full, r);
			goto fail;
		}
		st->codecpar->codec_tag = 0;
		st->time_base = a->streams[i].tb;
		s->tr[i].in_tb = a->streams[i].tb;
		s->tr[i].base = av_rescale_q(a->base_ts, a->streams[a->video].tb, a->streams[i].tb);
		s->tr[i].last_dts = INT64_MIN;
		s->tr[i].pending = av_packet_alloc();
	}
	/* Recovery reads the start time back from here after a crash. */
	snprintf(meta, sizeof meta, "vigil camera=%s seq=%lld start_us=%lld", a->camera,
	    (long long)a->seq, (long long)a->start_us);
	av_dict_set(&s->oc->metadata, "comment", meta, 0);
	av_dict_set(&s->oc->metadata, "creation_time", time_fmt_iso(a->start_us, iso), 0);
	buf = av_malloc(SEG_AVIO_BUFFER);
	VG_ASSERT(buf != NULL);
	s->oc->pb = avio_alloc_context(buf, SEG_AVIO_BUFFER, 1, s, NULL, seg_write_cb, NULL);
	VG_ASSERT(s->oc->pb != NULL);
	s->oc->pb->seekable = 0;
	s->oc->flags |= AVFMT_FLAG_CUSTOM_IO;
	av_dict_set(&opts, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
	av_dict_set_int(&opts, "frag_size", SEG_FRAGMENT_MAX, 0);
	r = avformat_write_header(s->oc, &opts);
	av_dict_free(&opts);
	if (r < 0) {
		av_fail(err, _("cannot write the header of segment"), s->full, s->werr ?
		    AVERROR(s->werr) : r);
		goto fail;
	}
	avio_flush(s->oc->pb);	/* the header names the segment: on disk at once */
	if (s->werr != 0) {
		vg_seterr(err, VG_FAILED, _("cannot write segment %s: %s"), s->full,
		    strerror(s->werr));
		goto fail;
	}
	return s;
fail:
	if (s->fd >= 0 && s->bytes == 0)
		unlink(s->full);	/* nothing recorded in it yet: not footage */
	seg_free(s);
	return NULL;
}

/* Writes the held packet of track i with the given duration. */
static int
flush_pending(struct seg *s, int i, int64_t duration, struct vg_err *err)
{
	struct seg_track *t = &s->tr[i];
	AVPacket *p = t->pending;
	int r;

	if (p->data == NULL)
		return 0;
	if (duration > 0)
		p->duration = duration;
	if (i == s->video) {
		s->nvideo++;
		s->vlast = p->dts + (p->duration > 0 ? p->duration : 0);
	}
	p->stream_index = i;
	av_packet_rescale_ts(p, t->in_tb, s->oc->streams[i]->time_base);
	r = av_write_frame(s->oc, p);
	av_packet_unref(p);
	if (r < 0)
		return av_fail(err, _("cannot write segment"), s->full,
		    s->werr ? AVERROR(s->werr) : r);
	return 0;
}

int
seg_write(struct seg *s, int i, const AVPacket *in, struct vg_err *err)
{
	struct seg_track *t = &s->tr[i];
	int64_t dts = in->dts != AV_NOPTS_VALUE ? in->dts : in->pts, pts;

	VG_ASSERT(i >= 0 && i < s->ntracks);
	if (dts == AV_NOPTS_VALUE || dts < t->base)
		return 0;	/* before the segment's first keyframe (audio) or untimed */
	dts -= t->base;
	pts = in->pts != AV_NOPTS_VALUE ? in->pts - t->base : dts;
	/* The muxer needs strictly increasing dts; a camera that stutters gets
	 * its timestamps nudged forward, never reordered. */
	if (t->last_dts != INT64_MIN && dts <= t->last_dts)
		dts = t->last_dts + 1;
	if (pts < dts)
		pts = dts;
	if (t->pending->data != NULL && flush_pending(s, i, dts - t->pending->dts, err) != 0)
		return -1;
	if (av_packet_ref(t->pending, in) < 0)
		vg_fatal("out of memory");
	t->pending->dts = dts;
	t->pending->pts = pts;
	t->last_dts = dts;
	return 0;
}

int64_t
seg_span_us(const struct seg *s, int64_t video_ts)
{
	const struct seg_track *t = &s->tr[s->video];

	return av_rescale_q(video_ts - t->base, t->in_tb, AV_TIME_BASE_Q);
}

int64_t
seg_wall_us(const struct seg *s, int64_t video_ts)
{
	const struct seg_track *t = &s->tr[s->video];

	return s->done.start_us + av_rescale_q(video_ts - t->base, t->in_tb, AV_TIME_BASE_Q);
}

/* One frame's duration, from the average so far (40 ms if unknown). */
static int64_t
frame_duration(const struct seg *s)
{
	const struct seg_track *t = &s->tr[s->video];

	if (s->nvideo >= 1 && t->last_dts > 0)
		return t->last_dts / s->nvideo > 0 ? t->last_dts / s->nvideo : 1;
	return av_rescale_q(40000, AV_TIME_BASE_Q, t->in_tb);
}

int
seg_close(struct seg *s, int64_t end_ts, struct seg_done *out, struct vg_err *err)
{
	char *dir;
	int r = -1;

	for (int i = 0; i < s->ntracks; i++) {
		int64_t d = 0;

		if (i == s->video && s->tr[i].pending->data != NULL) {
			if (end_ts != AV_NOPTS_VALUE && end_ts - s->tr[i].base > s->tr[i].pending->dts)
				d = end_ts - s->tr[i].base - s->tr[i].pending->dts;
			else
				d = frame_duration(s);
		}
		if (flush_pending(s, i, d, err) != 0)
			goto fail;
	}
	if ((r = av_write_trailer(s->oc)) < 0) {
		av_fail(err, _("cannot finish segment"), s->full, s->werr ? AVERROR(s->werr) : r);
		goto fail;
	}
	avio_flush(s->oc->pb);
	if (s->werr != 0) {
		vg_seterr(err, VG_FAILED, _("cannot write segment %s: %s"), s->full,
		    strerror(s->werr));
		goto fail;
	}
	if (fsync(s->fd) != 0 || close(s->fd) != 0) {
		s->fd = -1;
		vg_seterr(err, VG_FAILED, _("cannot sync segment %s: %s"), s->full, strerror(errno));
		goto fail;
	}
	s->fd = -1;
	dir = vg_dirname(s->full);
	vg_fsync_dir(dir);
	free(dir);
	s->done.end_us = s->done.start_us +
	    av_rescale_q(s->vlast, s->tr[s->video].in_tb, AV_TIME_BASE_Q);
	s->done.bytes = s->bytes;
	chain_hash_final(&s->hash, s->done.sha256);
	*out = s->done;
	seg_free(s);
	return 0;
fail:
	*out = s->done;	/* the name, for recovery */
	seg_free(s);
	return -1;
}

void
seg_abort(struct seg *s)
{
	seg_free(s);
}
