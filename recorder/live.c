/* live.c — decoding a watched camera's stream (see live.h). */
#include "recorder/live.h"

#include "core/util.h"
#include "recorder/keyframe.h"

struct live {
	AVCodecContext	*cc;
	AVFrame		*pic, *tmp;
	AVPacket	*pkt;
	int		 keyed;		/* fed from a keyframe on */
	int		 have;		/* pic holds a picture */
};

struct live *
live_open(const AVCodecParameters *par, int small, struct vg_err *err)
{
	const AVCodec *codec = avcodec_find_decoder(par->codec_id);
	struct live *l;
	int rc;

	if (codec == NULL) {
		vg_seterr(err, VG_FAILED, _("no decoder for %s"), avcodec_get_name(par->codec_id));
		return NULL;
	}
	l = xcalloc(1, sizeof *l);
	l->cc = avcodec_alloc_context3(codec);
	l->pic = av_frame_alloc();
	l->tmp = av_frame_alloc();
	l->pkt = av_packet_alloc();
	VG_ASSERT(l->cc != NULL && l->pic != NULL && l->tmp != NULL && l->pkt != NULL);
	l->cc->thread_count = 1;
	l->cc->skip_frame = AVDISCARD_NONREF;
	l->cc->skip_loop_filter = small ? AVDISCARD_ALL : AVDISCARD_DEFAULT;
	l->cc->flags2 |= AV_CODEC_FLAG2_FAST;
	if ((rc = avcodec_open2(l->cc, codec, NULL)) < 0) {
		char msg[AV_ERROR_MAX_STRING_SIZE];

		av_strerror(rc, msg, sizeof msg);
		vg_seterr(err, VG_FAILED, _("cannot open the decoder: %s"), msg);
		live_close(l);
		return NULL;
	}
	return l;
}

int
live_feed(struct live *l, const AVCodecParameters *par, const AVPacket *p, int annexb)
{
	int key = (p->flags & AV_PKT_FLAG_KEY) != 0, got = 0, rc;

	if (!l->keyed && !key)
		return 0;
	/* Annex B throughout, the parameter sets in front of each keyframe: the
	 * decoder needs no extradata in whichever layout the client gave it. */
	if (keyframe_annexb(par, p, annexb, key, l->pkt) != 0)
		goto broken;
	rc = avcodec_send_packet(l->cc, l->pkt);
	av_packet_unref(l->pkt);
	if (rc < 0 && rc != AVERROR(EAGAIN))
		goto broken;
	l->keyed = 1;
	while (avcodec_receive_frame(l->cc, l->tmp) == 0) {
		av_frame_unref(l->pic);
		av_frame_move_ref(l->pic, l->tmp);
		l->have = got = 1;
	}
	return got;
broken:
	avcodec_flush_buffers(l->cc);
	l->keyed = 0;
	return -1;
}

const AVFrame *
live_picture(const struct live *l)
{
	return l->have ? l->pic : NULL;
}

void
live_close(struct live *l)
{
	if (l == NULL)
		return;
	av_frame_free(&l->pic);
	av_frame_free(&l->tmp);
	av_packet_free(&l->pkt);
	avcodec_free_context(&l->cc);
	free(l);
}
