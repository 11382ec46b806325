/* source.c — opening a camera's stream; libavformat's client behind the same interface. */
#include "recorder/source.h"

#include <string.h>

#include <libavformat/avformat.h>

#include "core/clock.h"
#include "core/util.h"

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

int
src_read(struct src *s, AVPacket *pkt, struct vg_err *err)
{
	if (s->fc != NULL)
		return lavf_read(s, pkt, err);
	return rtsp_read(s, pkt, err);
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
	free(s);
}
