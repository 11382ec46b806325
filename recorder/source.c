/* source.c — opening a camera's stream; libavformat's client behind the same interface. */
#include "recorder/source.h"

#include <stdlib.h>
#include <string.h>

#include <libavformat/avformat.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/sps.h"

/* A picture's time stepping further than this from the stream's is a clock
 * that restarted, not reordering (which spans a few frames). */
#define DTS_JUMP_US (2 * 1000000)

static int
lavf_interrupt(void *arg)
{
	struct src *s = arg;

	if (s->o.cancelled != NULL && s->o.cancelled(s->o.arg))
		return 1;
	return s->deadline != 0 && clock_mono_us() > s->deadline;
}

static int
lavf_fail(struct src *s, struct vg_err *err, const char *what, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	if (code == AVERROR_EXIT && s->o.cancelled != NULL && s->o.cancelled(s->o.arg))
		return vg_seterr(err, VG_FAILED, "%s", _("stopped"));
	if (code == AVERROR_EXIT)
		return vg_seterr(err, VG_FAILED, _("no data from the camera for %lld s"),
		    (long long)(s->o.io_timeout_us / 1000000));
	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, "%s: %s", what, msg);
}

static int
lavf_open(struct src *s, struct vg_err *err)
{
	AVDictionary *opts = NULL;
	int r;

	s->client = "libavformat";
	s->fc = avformat_alloc_context();
	VG_ASSERT(s->fc != NULL);
	s->fc->interrupt_callback.callback = lavf_interrupt;
	s->fc->interrupt_callback.opaque = s;
	av_dict_set(&opts, "rtsp_transport", s->o.udp ? "udp" : "tcp", 0);
	av_dict_set_int(&opts, "timeout", s->o.io_timeout_us, 0);
	/* RTP over UDP: libavformat asks the kernel for 64 KiB by default, less
	 * than one 4K keyframe, so a short stall of this process loses packets
	 * of it.  The kernel caps what is granted at net.core.rmem_max. */
	if (s->o.udp)
		av_dict_set_int(&opts, "buffer_size", 4 << 20, 0);
	s->deadline = clock_mono_us() + s->o.io_timeout_us;
	r = avformat_open_input(&s->fc, s->o.url, NULL, &opts);
	av_dict_free(&opts);
	if (r < 0) {
		lavf_fail(s, err, _("cannot open the stream"), r);
		return -1;
	}
	/* No avformat_find_stream_info: it decodes frames to learn what the SDP
	 * and the first keyframe tell us for free. */
	for (unsigned i = 0; i < s->fc->nb_streams; i++) {
		AVStream *st = s->fc->streams[i];

		s->fc_map[i < SRC_MAX_STREAMS ? i : 0] = -1;
		if (i >= SRC_MAX_STREAMS || s->n >= SRC_MAX_STREAMS)
			continue;
		st->discard = AVDISCARD_DEFAULT;
		s->fc_map[i] = s->n;
		s->st[s->n].par = avcodec_parameters_alloc();
		VG_ASSERT(s->st[s->n].par != NULL);
		avcodec_parameters_copy(s->st[s->n].par, st->codecpar);
		s->st[s->n].tb = st->time_base;
		s->st[s->n].annexb = st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
		s->n++;
	}
	for (unsigned i = SRC_MAX_STREAMS; i < s->fc->nb_streams; i++)
		s->fc->streams[i]->discard = AVDISCARD_ALL;
	return 0;
}

static int
lavf_read(struct src *s, AVPacket *pkt, struct vg_err *err)
{
	for (;;) {
		int r;

		s->deadline = clock_mono_us() + s->o.io_timeout_us;
		if ((r = av_read_frame(s->fc, pkt)) < 0)
			return lavf_fail(s, err, _("lost the stream"), r);
		if (pkt->stream_index < 0 || pkt->stream_index >= SRC_MAX_STREAMS ||
		    s->fc_map[pkt->stream_index] < 0) {
			av_packet_unref(pkt);
			continue;
		}
		pkt->stream_index = s->fc_map[pkt->stream_index];
		SRC_SET_ARRIVAL(pkt, clock_mono_us());
		if (pkt->dts == AV_NOPTS_VALUE)
			pkt->dts = pkt->pts;
		if (pkt->pts == AV_NOPTS_VALUE)
			pkt->pts = pkt->dts;
		if (pkt->dts == AV_NOPTS_VALUE) {
			av_packet_unref(pkt);
			continue;
		}
		/* In-band parameter sets the SDP did not carry. */
		if (s->st[pkt->stream_index].par->extradata_size == 0) {
			AVCodecParameters *in = s->fc->streams[pkt->stream_index]->codecpar;

			if (in->extradata_size > 0)
				avcodec_parameters_copy(s->st[pkt->stream_index].par, in);
		}
		return 0;
	}
}

struct src *
src_open(const struct src_opts *o, struct vg_err *err)
{
	struct src *s = xcalloc(1, sizeof *s);
	int r;

	s->o = *o;
	if (o->udp || o->lavf || strncmp(o->url, "rtsps://", 8) == 0)
		r = lavf_open(s, err);
	else
		r = rtsp_open(s, err);
	if (r != 0) {
		src_close(s);
		return NULL;
	}
	return s;
}

/*---- Decoding times ----*/

static int
needs_dts(const struct src *s, int i)
{
	enum AVCodecID id = s->st[i].par->codec_id;

	return id == AV_CODEC_ID_H264 || id == AV_CODEC_ID_HEVC;
}

/* Starts stream i's generator once its parameter sets tell its reorder depth. */
static int
dts_start(struct src *s, int i)
{
	struct sps_info sps;

	if (s->dts_on[i])
		return 1;
	if (sps_from_extradata(s->st[i].par, &sps) != 0)
		return 0;
	dts_init(&s->dts[i], sps.reorder, av_rescale_q(DTS_JUMP_US, AV_TIME_BASE_Q, s->st[i].tb));
	s->dts_on[i] = 1;
	s->last_pts[i] = AV_NOPTS_VALUE;
	return 1;
}

int
src_synced(const struct src *s)
{
	return s->rtsp != NULL ? rtsp_synced(s) : 1;
}

int64_t
src_lost_packets(const struct src *s)
{
	return s->rtsp != NULL ? rtsp_lost(s) : 0;
}

int
src_reorder_depth(const struct src *s, int i)
{
	return i >= 0 && i < s->n && s->dts_on[i] ? s->dts[i].depth : -1;
}

static void
fifo_push(struct src *s, AVPacket *p, int same)
{
	int at;

	if (s->fn == SRC_FIFO) {
		/* Only a stream whose video stalls while priming gets here: what
		 * came first goes, as it would have before any keyframe. */
		av_packet_free(&s->fifo[s->fh]);
		s->fh = (s->fh + 1) % SRC_FIFO;
		s->fn--;
	}
	at = (s->fh + s->fn) % SRC_FIFO;
	s->fifo[at] = p;
	s->fifo_same[at] = (uint8_t)same;
	s->fn++;
}

/* The held pictures of stream i get the n decoding times now known, oldest
 * first; another slice of a picture takes its picture's. */
static void
fifo_assign(struct src *s, int i, const int64_t *dts, int n)
{
	int64_t prev = AV_NOPTS_VALUE;

	for (int k = 0; k < s->fn; k++) {
		int at = (s->fh + k) % SRC_FIFO;
		AVPacket *p = s->fifo[at];

		if (p->stream_index != i)
			continue;
		if (p->dts == AV_NOPTS_VALUE) {
			if (s->fifo_same[at])
				p->dts = prev != AV_NOPTS_VALUE ? prev : p->pts;
			else if (n > 0) {
				p->dts = *dts++;
				n--;
			} else
				break;
		}
		prev = p->dts;
	}
}

/* The smallest step between a stream's units lately: its frame interval. */
static void
learn_step(struct src_clock *k, int64_t pts)
{
	int64_t d = k->seen ? llabs(pts - k->prev) : 0;

	if (d > 0 && (k->win_step == 0 || d < k->win_step))
		k->win_step = d;
	if (k->step == 0)
		k->step = k->win_step;
	if (++k->win_n >= 64) {
		k->step = k->win_step;	/* follows a camera that changes its frame rate */
		k->win_step = 0;
		k->win_n = 0;
	}
}

/*
 * A stream's clock that steps back, or ahead by more than the time that
 * passed, is a camera that restarted it: from there on its timestamps are
 * shifted to continue one unit (the smallest step seen lately) after the
 * newest before the jump.  A stream that reorders pictures cannot be placed
 * that simply (which picture comes next is in its slice headers): its
 * pictures wait for the next keyframe.  Pictures come one a frame in
 * decoding order and a closed GOP's keyframe is shown depth frames after it
 * is decoded, so the keyframe goes where the pictures dropped before it leave
 * it: the last decoding time plus (dropped + 1 + depth) frames.  Returns -1
 * for a picture to drop.
 */
static int
unjump(struct src *s, AVPacket *p)
{
	int i = p->stream_index;
	struct src_clock *k = &s->clk[i];
	AVRational tb = s->st[i].tb;
	int64_t jump = av_rescale_q(DTS_JUMP_US, AV_TIME_BASE_Q, tb), pts = p->pts + k->shift;
	int64_t arrived = SRC_ARRIVAL(p), step = k->step > 0 ? k->step : 1, to;
	int depth = src_reorder_depth(s, i);

	if (k->seen && !k->await_key && (pts < k->newest - jump || av_rescale_q(pts - k->newest,
	    tb, AV_TIME_BASE_Q) - (arrived - k->newest_at) > DTS_JUMP_US)) {
		s->jumps++;
		if (depth > 0 && s->last_dts[i] != AV_NOPTS_VALUE) {
			k->await_key = 1;
			k->dropped = 0;
		} else {
			k->shift += k->newest + step - pts;
			pts = k->newest + step;
		}
	}
	if (k->await_key) {
		if (!(p->flags & AV_PKT_FLAG_KEY)) {
			k->dropped += p->pts != k->prev_raw;
			k->prev_raw = p->pts;
			return -1;
		}
		to = s->last_dts[i] + (k->dropped + 1 + depth) * step;
		to = to > k->newest ? to : k->newest + step;
		k->shift += to - pts;
		pts = to;
		k->await_key = 0;
	}
	learn_step(k, pts);
	if (!k->seen || pts > k->newest) {
		k->newest = pts;
		k->newest_at = arrived;
	}
	k->seen = 1;
	k->prev = pts;
	if (p->dts != AV_NOPTS_VALUE)
		p->dts += pts - p->pts;
	p->pts = pts;
	return 0;
}

/*
 * Gives a picture its decoding time, or AV_NOPTS_VALUE while the stream's
 * first pictures are held (dts.h); *same tells another slice of the last
 * picture (libavformat's client may split one).  -1: drop it (unjump).
 */
static int
stamp(struct src *s, AVPacket *p, int *same)
{
	int i = p->stream_index, n;
	int64_t out[DTS_MAX_OUT];

	*same = 0;
	if (p->pts != AV_NOPTS_VALUE && unjump(s, p) != 0)
		return -1;
	if (p->pts == AV_NOPTS_VALUE || !needs_dts(s, i) || !dts_start(s, i)) {
		if (p->dts == AV_NOPTS_VALUE)
			p->dts = p->pts;
		return 0;
	}
	if (p->pts == s->last_pts[i]) {
		*same = 1;
		p->dts = s->last_dts[i];
		return 0;
	}
	s->last_pts[i] = p->pts;
	p->dts = AV_NOPTS_VALUE;
	n = dts_push(&s->dts[i], p->pts, out);
	if (n > 0) {
		fifo_assign(s, i, out, n - 1);
		p->dts = out[n - 1];
	}
	s->last_dts[i] = p->dts;
	return 0;
}

static int
client_read(struct src *s, AVPacket *pkt, struct vg_err *err)
{
	if (s->fc != NULL)
		return lavf_read(s, pkt, err);
	return rtsp_read(s, pkt, err);
}

int
src_read(struct src *s, AVPacket *pkt, struct vg_err *err)
{
	for (;;) {
		AVPacket *p;
		int same;

		if (s->fn > 0 && s->fifo[s->fh]->dts != AV_NOPTS_VALUE) {
			av_packet_move_ref(pkt, s->fifo[s->fh]);
			av_packet_free(&s->fifo[s->fh]);
			s->fh = (s->fh + 1) % SRC_FIFO;
			s->fn--;
			break;
		}
		if (client_read(s, pkt, err) != 0)
			return -1;
		if (stamp(s, pkt, &same) != 0) {
			av_packet_unref(pkt);
			continue;
		}
		if (s->fn == 0 && pkt->dts != AV_NOPTS_VALUE)
			break;
		/* Behind held pictures, or held itself: in order through the fifo. */
		p = av_packet_alloc();
		VG_ASSERT(p != NULL);
		av_packet_move_ref(p, pkt);
		fifo_push(s, p, same);
	}
	s->arrived = SRC_ARRIVAL(pkt);
	pkt->opaque = NULL;
	return 0;
}

void
src_close(struct src *s)
{
	if (s == NULL)
		return;
	rtsp_close(s);
	if (s->fc != NULL) {
		s->deadline = 1;	/* no waiting for a TEARDOWN answer */
		avformat_close_input(&s->fc);
	}
	for (int i = 0; i < s->n; i++)
		avcodec_parameters_free(&s->st[i].par);
	while (s->fn > 0) {
		av_packet_free(&s->fifo[s->fh]);
		s->fh = (s->fh + 1) % SRC_FIFO;
		s->fn--;
	}
	free(s);
}
