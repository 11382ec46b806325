/* playback.c — decoding recorded segments for a viewing's player: seek, play, step, scale. */
#include "recorder/frames.h"

#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/h264refs.h"

/* Ahead of the picture by more than this, seeking beats decoding forward. */
#define SEEK_AHEAD_US (3 * VG_USEC_PER_SEC)
/* I and P pictures measured before B pictures are skipped for their rate. */
#define IP_GAPS 12
/* A time this close to a file's ends still belongs to it (cut rounding). */
#define EDGE_US (VG_USEC_PER_SEC / 2)

struct playback {
	struct playback_file	*files;
	size_t			 nfiles;
	int			 fast;		/* pictures a second shown; 0: stepping */
	/* the file being read, and the first file this decoder has been fed
	 * since it was opened or flushed (it decodes on from one file into the
	 * next that follows it: decoding_on) */
	ssize_t			 cur;		/* -1: none */
	ssize_t			 run_first;
	AVFormatContext		*fmt;
	int			 vs;		/* its video stream */
	int64_t			 origin;	/* the stream's first timestamp */
	AVCodecContext		*cc;
	AVPacket		*pkt;
	int			 draining, ended;
	/* next: decoded, not yet due; shown: the picture due now */
	AVFrame			*next, *shown;
	int64_t			 next_t, shown_t, returned_t;
	int			 have_next, have_shown;
	struct SwsContext	*sws;
	int			 sw, sh, sfmt, dw, dh;
	/* Skipping B pictures while playing (H.264 whose P pictures refer to
	 * none): the file's references as followed, whether the camera's
	 * stream ever broke the rule, and whether frames must be decoded again
	 * with the B pictures skipped so far; the longest time between two I or
	 * P pictures (in the file played, since the last seek), of ip_n; whether
	 * this file's B pictures are being skipped. */
	struct h264refs		*refs;
	int			 b_unsafe, resync;
	int64_t			 ip_t, ip_gap;
	int			 ip_n, b_file;
};

static int
av_fail(struct vg_err *err, const char *path, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, _("cannot play %s: %s"), path, msg);
}

struct playback *
playback_new(const struct playback_file *files, size_t n)
{
	struct playback *p = xcalloc(1, sizeof *p);

	/* The console's terminal is the screen: FFmpeg's own messages would land on it. */
	av_log_set_level(AV_LOG_QUIET);
	p->files = xcalloc(n + 1, sizeof *p->files);
	for (size_t i = 0; i < n; i++) {
		p->files[i].path = xstrdup(files[i].path);
		p->files[i].start_us = files[i].start_us;
		p->files[i].end_us = files[i].end_us;
	}
	p->nfiles = n;
	p->cur = -1;
	p->next = av_frame_alloc();
	p->shown = av_frame_alloc();
	p->pkt = av_packet_alloc();
	VG_ASSERT(p->next != NULL && p->shown != NULL && p->pkt != NULL);
	p->returned_t = INT64_MIN;
	p->ip_t = INT64_MIN;
	return p;
}

static void
close_file(struct playback *p)
{
	avcodec_free_context(&p->cc);
	avformat_close_input(&p->fmt);
	h264refs_free(p->refs);
	p->refs = NULL;
	p->resync = 0;	/* the next file starts at a keyframe */
	p->b_file = 0;
	p->ip_t = INT64_MIN;
	av_frame_unref(p->next);
	av_frame_unref(p->shown);
	p->have_next = p->have_shown = 0;
	p->draining = p->ended = 0;
	p->cur = -1;
}

void
playback_free(struct playback *p)
{
	if (p == NULL)
		return;
	close_file(p);
	for (size_t i = 0; i < p->nfiles; i++)
		free((char *)p->files[i].path);
	free(p->files);
	av_frame_free(&p->next);
	av_frame_free(&p->shown);
	av_packet_free(&p->pkt);
	sws_freeContext(p->sws);
	free(p);
}

/*
 * While playing, frames nothing refers to are skipped; and every B picture
 * when the stream is known not to need them for its I and P pictures
 * (h264refs.h) and those come often enough for the pictures shown: x264's B
 * pyramid makes some B pictures references for other B pictures only, and
 * decoding those is a third of the player's work.  Once skipping in a file
 * it goes on (stopping in the middle of a GOP, a B picture decoded next
 * might refer to a skipped one); a P picture that may refer to a B picture
 * stops it (follow_refs).
 */
static void
apply_skip(struct playback *p)
{
	if (p->cc == NULL)
		return;
	if (p->fast > 0 && !p->b_unsafe && h264refs_safe(p->refs) && (p->b_file ||
	    (p->ip_n >= IP_GAPS && p->ip_gap <= VG_USEC_PER_SEC / p->fast)))
		p->b_file = 1;
	p->cc->skip_frame = p->fast == 0 ? AVDISCARD_DEFAULT :
	    p->b_file ? AVDISCARD_BIDIR : AVDISCARD_NONREF;
}

void
playback_set_fast(struct playback *p, int pictures_per_s)
{
	int on = pictures_per_s > 0;

	/* Paused after skipping B pictures: the B pictures still to come may
	 * refer to skipped ones, so the next picture is decoded again from the
	 * keyframe before it. */
	if (!on && p->fast && p->cc != NULL && p->cc->skip_frame == AVDISCARD_BIDIR)
		p->resync = 1;
	else if (on)
		p->resync = 0;
	p->fast = on ? pictures_per_s : 0;
	if (!on)
		p->b_file = 0;
	apply_skip(p);
}

/* A decoder for the file's video stream: one thread (the player's share of a
 * core is what it costs), no deblocking (the picture is scaled down to a
 * terminal's size anyway). */
static int
open_decoder(struct playback *p, const char *path, struct vg_err *err)
{
	const AVCodecParameters *par = p->fmt->streams[p->vs]->codecpar;
	const AVCodec *codec = avcodec_find_decoder(par->codec_id);
	int rc;

	if (codec == NULL)
		return vg_seterr(err, VG_FAILED, _("cannot play %s: no decoder for %s"), path,
		    avcodec_get_name(par->codec_id));
	p->cc = avcodec_alloc_context3(codec);
	VG_ASSERT(p->cc != NULL);
	if ((rc = avcodec_parameters_to_context(p->cc, par)) < 0)
		return av_fail(err, path, rc);
	p->cc->thread_count = 1;
	p->cc->skip_loop_filter = AVDISCARD_ALL;
	p->cc->flags2 |= AV_CODEC_FLAG2_FAST;
	/* Packets go in with wall-clock microseconds (wall_us), so that frames
	 * of two files in the decoder at once each keep their own time. */
	p->cc->pkt_timebase = (AVRational){ 1, 1000000 };
	apply_skip(p);
	if ((rc = avcodec_open2(p->cc, codec, NULL)) < 0)
		return av_fail(err, path, rc);
	return 0;
}

/* File i's demuxer, its video stream and that stream's first timestamp. */
static int
open_input(const struct playback *p, size_t i, AVFormatContext **fmt, int *vs,
    int64_t *origin, struct vg_err *err)
{
	const char *path = p->files[i].path;
	AVStream *st;
	int rc;

	/* The segments are MP4: the sample entry says all the decoder needs, so
	 * no probing (avformat_find_stream_info decodes frames to guess). */
	if ((rc = avformat_open_input(fmt, path, NULL, NULL)) < 0)
		return av_fail(err, path, rc);
	if ((rc = av_find_best_stream(*fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0)) < 0) {
		avformat_close_input(fmt);
		return vg_seterr(err, VG_FAILED, _("cannot play %s: it holds no video"), path);
	}
	*vs = rc;
	for (unsigned k = 0; k < (*fmt)->nb_streams; k++)
		(*fmt)->streams[k]->discard = (int)k == *vs ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
	st = (*fmt)->streams[*vs];
	*origin = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
	return 0;
}

static int
open_file(struct playback *p, size_t i, struct vg_err *err)
{
	close_file(p);
	if (open_input(p, i, &p->fmt, &p->vs, &p->origin, err) != 0)
		return -1;
	if (open_decoder(p, p->files[i].path, err) != 0) {
		close_file(p);
		return -1;
	}
	if (!p->b_unsafe)
		p->refs = h264refs_new(p->fmt->streams[p->vs]->codecpar);
	p->cur = p->run_first = (ssize_t)i;
	return 0;
}

/* Whether file i + 1 begins where file i ends (no gap in the footage). */
static int
follows(const struct playback *p, ssize_t i)
{
	return i >= 0 && (size_t)i + 1 < p->nfiles &&
	    llabs(p->files[i + 1].start_us - p->files[i].end_us) <= EDGE_US;
}

static int
same_stream(const AVCodecParameters *a, const AVCodecParameters *b)
{
	return a->codec_id == b->codec_id && a->width == b->width && a->height == b->height &&
	    a->format == b->format && a->extradata_size == b->extradata_size &&
	    (a->extradata_size == 0 || memcmp(a->extradata, b->extradata,
	    (size_t)a->extradata_size) == 0);
}

/*
 * At the end of the file being read, the next file when it follows and
 * carries the same stream (parameter sets and all): its packets go on into
 * the same decoder, which has not been drained.  Open-GOP H.265 needs this:
 * the leading pictures after a segment's first (CRA) keyframe refer to the
 * segment before, and a decoder opened at that keyframe drops them (H.265
 * 8.1.3), a few pictures missing at every cut.  0 when decoding goes on;
 * -1 when it cannot (the file is then drained, and the next opened anew).
 */
static int
decoding_on(struct playback *p)
{
	AVFormatContext *fmt = NULL;
	struct vg_err ignored;
	int64_t origin;
	int vs;

	if (!follows(p, p->cur) ||
	    open_input(p, (size_t)p->cur + 1, &fmt, &vs, &origin, &ignored) != 0)
		return -1;
	if (!same_stream(fmt->streams[vs]->codecpar, p->fmt->streams[p->vs]->codecpar)) {
		avformat_close_input(&fmt);
		return -1;
	}
	avformat_close_input(&p->fmt);
	p->fmt = fmt;
	p->vs = vs;
	p->origin = origin;
	p->cur++;
	return 0;
}

/* A timestamp of the file being read, in wall-clock microseconds. */
static int64_t
wall_us(const struct playback *p, int64_t ts)
{
	return p->files[p->cur].start_us + av_rescale_q(ts - p->origin,
	    p->fmt->streams[p->vs]->time_base, (AVRational){ 1, 1000000 });
}

static void
packet_to_wall(const struct playback *p, AVPacket *pkt)
{
	AVRational tb = p->fmt->streams[p->vs]->time_base;

	if (pkt->pts != AV_NOPTS_VALUE)
		pkt->pts = wall_us(p, pkt->pts);
	if (pkt->dts != AV_NOPTS_VALUE)
		pkt->dts = wall_us(p, pkt->dts);
	pkt->duration = av_rescale_q(pkt->duration, tb, (AVRational){ 1, 1000000 });
}

/* A decoded frame's wall-clock time (its packet's, as wall_us made it). */
static int64_t
frame_time(struct playback *p, const AVFrame *f)
{
	return f->best_effort_timestamp != AV_NOPTS_VALUE ? f->best_effort_timestamp :
	    f->pts != AV_NOPTS_VALUE ? f->pts : p->files[p->cur].start_us;
}

/*
 * Follows the packet's references before the decoder gets it (while B
 * pictures may be skipped); 1 when it refers to a B picture the decoder has
 * skipped: decoding must start again at the keyframe before it, with them.
 */
static int
follow_refs(struct playback *p)
{
	int skipped = p->cc->skip_frame == AVDISCARD_BIDIR;

	if (p->refs == NULL)
		return 0;
	if (h264refs_packet(p->refs, p->pkt->data, (size_t)p->pkt->size) != 0) {
		p->b_unsafe = 1;	/* for this camera's footage from now on */
		p->b_file = 0;
		h264refs_free(p->refs);
		p->refs = NULL;
		apply_skip(p);
		return skipped;
	}
	if (!h264refs_last_was_b(p->refs) && p->pkt->pts != AV_NOPTS_VALUE) {
		int64_t t = wall_us(p, p->pkt->pts);

		if (p->ip_t != INT64_MIN) {
			int64_t gap = t > p->ip_t ? t - p->ip_t : p->ip_t - t;

			p->ip_gap = gap > p->ip_gap ? gap : p->ip_gap;
			p->ip_n++;
		}
		p->ip_t = t;
	}
	apply_skip(p);
	return 0;
}

/* Decodes the next frame of the open file into p->next: 1, 0 at its end, -1. */
static int
decode_next(struct playback *p, struct vg_err *err)
{
	for (;;) {
		int rc = avcodec_receive_frame(p->cc, p->next);

		if (rc == 0) {
			p->next_t = frame_time(p, p->next);
			p->have_next = 1;
			return 1;
		}
		if (rc == AVERROR_EOF || (rc == AVERROR(EAGAIN) && p->draining)) {
			p->ended = 1;
			return 0;
		}
		if (rc != AVERROR(EAGAIN))
			return av_fail(err, p->files[p->cur].path, rc);
		rc = av_read_frame(p->fmt, p->pkt);
		if (rc < 0 && decoding_on(p) == 0)
			continue;
		if (rc < 0) {
			p->draining = 1;
			avcodec_send_packet(p->cc, NULL);
			continue;
		}
		if (p->pkt->stream_index == p->vs && follow_refs(p)) {
			int64_t ts = p->pkt->dts != AV_NOPTS_VALUE ? p->pkt->dts : p->pkt->pts;

			av_packet_unref(p->pkt);
			if ((rc = av_seek_frame(p->fmt, p->vs, ts, AVSEEK_FLAG_BACKWARD)) < 0)
				return av_fail(err, p->files[p->cur].path, rc);
			avcodec_flush_buffers(p->cc);
			p->run_first = p->cur;
			continue;
		}
		if (p->pkt->stream_index == p->vs) {
			packet_to_wall(p, p->pkt);
			rc = avcodec_send_packet(p->cc, p->pkt);
		}
		av_packet_unref(p->pkt);
		if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
			return av_fail(err, p->files[p->cur].path, rc);
	}
}

/* The file whose footage holds t, or -1 (a gap, or outside every file). */
static ssize_t
file_at(const struct playback *p, int64_t t)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (t >= p->files[i].start_us - EDGE_US && t < p->files[i].end_us)
			return (ssize_t)i;
	return -1;
}

/* Moves to the keyframe at or before t in file i; the next frames decode from there. */
static int
seek_to(struct playback *p, size_t i, int64_t t, struct vg_err *err)
{
	AVStream *st;
	int64_t ts;

	p->resync = 0;
	if ((ssize_t)i != p->cur && open_file(p, i, err) != 0)
		return -1;
	if (t - p->files[i].start_us < EDGE_US && !p->have_next && !p->have_shown && !p->ended)
		return 0;	/* just opened, and t is at its start: nothing to skip */
	st = p->fmt->streams[p->vs];
	ts = p->origin + av_rescale_q(t - p->files[i].start_us, (AVRational){ 1, 1000000 },
	    st->time_base);
	if (av_seek_frame(p->fmt, p->vs, ts, AVSEEK_FLAG_BACKWARD) < 0 &&
	    open_file(p, i, err) != 0)
		return -1;	/* cannot seek: decode from the file's start */
	avcodec_flush_buffers(p->cc);
	p->run_first = p->cur;
	if (p->refs != NULL)
		h264refs_reset(p->refs);
	p->ip_t = INT64_MIN;
	av_frame_unref(p->next);
	av_frame_unref(p->shown);
	p->have_next = p->have_shown = 0;
	p->draining = p->ended = 0;
	return 0;
}

static void
promote(struct playback *p)
{
	AVFrame *t = p->shown;

	p->shown = p->next;
	p->next = t;
	av_frame_unref(p->next);
	p->shown_t = p->next_t;
	p->have_shown = 1;
	p->have_next = 0;
}

static int
scale_shown(struct playback *p, int max_w, int max_h, struct vg_frame *out,
    struct vg_err *err)
{
	AVFrame *f = p->shown;
	uint8_t *dst[4] = { NULL, NULL, NULL, NULL };
	int ls[4] = { 0, 0, 0, 0 }, w, h;

	w = max_w < f->width ? max_w : f->width;
	h = (int)((int64_t)f->height * w / f->width);
	if (h > max_h) {
		h = max_h;
		w = (int)((int64_t)f->width * h / f->height);
	}
	w = w < 2 ? 2 : w & ~1;
	h = h < 2 ? 2 : h & ~1;
	if (p->sws == NULL || p->sw != f->width || p->sh != f->height || p->sfmt != f->format ||
	    p->dw != w || p->dh != h) {
		sws_freeContext(p->sws);
		/* Not SWS_FAST_BILINEAR: on x86 it writes machine code at run time, which
		 * the service's MemoryDenyWriteExecute refuses.  RGBA, not RGB24: swscale
		 * has SIMD output for four bytes a pixel and none for RGB24 (a 1080p
		 * picture to 640x360 takes half the time). */
		p->sws = sws_getContext(f->width, f->height, f->format, w, h, AV_PIX_FMT_RGBA,
		    SWS_BILINEAR, NULL, NULL, NULL);
		if (p->sws == NULL)
			return vg_seterr(err, VG_FAILED, _("cannot scale the footage's %dx%d pictures "
			    "(pixel format %d)"), f->width, f->height, f->format);
		p->sw = f->width;
		p->sh = f->height;
		p->sfmt = f->format;
		p->dw = w;
		p->dh = h;
	}
	if (out->pixels == NULL || out->width != w || out->height != h || out->channels != 4) {
		free(out->pixels);
		out->pixels = xmalloc((size_t)w * (size_t)h * 4);
	}
	out->width = w;
	out->height = h;
	out->channels = 4;
	out->ts_us = p->shown_t;
	dst[0] = out->pixels;
	ls[0] = w * 4;
	sws_scale(p->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, ls);
	p->returned_t = p->shown_t;
	return 1;
}

/* Whether the picture at t needs a seek rather than decoding on. */
static int
needs_seek(const struct playback *p, ssize_t fi, int64_t t)
{
	/* Still in the files this decoder was fed (its last pictures may be
	 * the file before the one being read), or in the next that follows. */
	if (p->cur < 0 || fi < p->run_first || fi > p->cur + 1 ||
	    (fi == p->cur + 1 && !follows(p, p->cur)))
		return 1;
	if (p->have_shown && t < p->shown_t)
		return 1;
	if (p->have_next && t - p->next_t > SEEK_AHEAD_US)
		return 1;
	return !p->have_next && !p->have_shown && p->ended;
}

int
playback_frame_at(struct playback *p, int64_t t, int max_w, int max_h, struct vg_frame *out,
    struct vg_err *err)
{
	ssize_t fi = file_at(p, t);
	int rc = 1;

	if (fi < 0)
		return 2;
	if ((p->resync || needs_seek(p, fi, t)) && seek_to(p, (size_t)fi, t, err) != 0)
		return -1;
	for (int again = 1; again >= 0; again--) {
		while (rc == 1 && (!p->have_next || p->next_t <= t)) {
			if (p->have_next)
				promote(p);
			if (p->ended || (rc = decode_next(p, err)) < 0)
				break;
		}
		if (rc < 0)
			return -1;
		/* The file ended without decoding on into the next (decoding_on):
		 * open the one t is in. */
		if (!again || !p->ended || p->have_next || fi <= p->cur)
			break;
		if (seek_to(p, (size_t)fi, t, err) != 0)
			return -1;
		rc = 1;
	}
	if (!p->have_shown && p->have_next)
		promote(p);	/* the first picture after a seek lies just past t */
	if (!p->have_shown)
		return 2;
	if (p->shown_t == p->returned_t)
		return 0;
	return scale_shown(p, max_w, max_h, out, err);
}

/* Back to the picture returned last, decoding every frame from the keyframe
 * before it (B pictures skipped while playing may be needed next). */
static int
redecode(struct playback *p, struct vg_err *err)
{
	int64_t t = p->returned_t;
	ssize_t fi = file_at(p, t);
	int rc;

	if (t == INT64_MIN || !p->have_shown) {
		p->resync = 0;
		return 0;
	}
	/* The picture may be of the file before the one being read. */
	if (seek_to(p, (size_t)(fi >= 0 ? fi : p->cur), t, err) != 0)
		return -1;
	while ((rc = decode_next(p, err)) == 1 && p->next_t <= t)
		promote(p);
	return rc < 0 ? -1 : 0;
}

int
playback_step(struct playback *p, int max_w, int max_h, struct vg_frame *out,
    struct vg_err *err)
{
	int rc;

	if (p->cur < 0)
		return 2;
	if (p->resync && redecode(p, err) != 0)
		return -1;
	if (!p->have_next) {
		if ((rc = p->ended ? 0 : decode_next(p, err)) < 0)
			return -1;
		if (rc == 0) {
			/* The next file, if it follows this one. */
			size_t i = (size_t)p->cur + 1;

			if (i >= p->nfiles || open_file(p, i, err) != 0 || decode_next(p, err) != 1)
				return 2;
		}
	}
	promote(p);
	return scale_shown(p, max_w, max_h, out, err);
}
