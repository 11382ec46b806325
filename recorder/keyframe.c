/* keyframe.c — decoding and scaling single keyframes with libavcodec and libswscale. */
#include "recorder/keyframe.h"

#include <pthread.h>
#include <string.h>

#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#include "core/util.h"
#include "recorder/frames.h"

static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;

static int
av_fail(struct vg_err *err, const char *what, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, "%s: %s", what, msg);
}

static int
decode_locked(const AVCodecParameters *par, const AVPacket *pkt, int width,
    struct vg_frame *out, int *srcw, int *srch, struct vg_err *err)
{
	const AVCodec *codec = avcodec_find_decoder(par->codec_id);
	AVCodecContext *cc = NULL;
	AVFrame *f = NULL;
	struct SwsContext *sws = NULL;
	uint8_t *dst[4];
	int ls[4], h, r = -1, rc;

	if (codec == NULL)
		return vg_seterr(err, VG_FAILED, _("no decoder for %s"), avcodec_get_name(par->codec_id));
	cc = avcodec_alloc_context3(codec);
	VG_ASSERT(cc != NULL);
	if ((rc = avcodec_parameters_to_context(cc, par)) < 0) {
		av_fail(err, _("cannot set up the decoder"), rc);
		goto out;
	}
	/* A thumbnail: one thread, no deblocking, speed over exactness. */
	cc->thread_count = 1;
	cc->skip_loop_filter = AVDISCARD_ALL;
	cc->flags2 |= AV_CODEC_FLAG2_FAST;
	if ((rc = avcodec_open2(cc, codec, NULL)) < 0) {
		av_fail(err, _("cannot open the decoder"), rc);
		goto out;
	}
	f = av_frame_alloc();
	VG_ASSERT(f != NULL);
	if ((rc = avcodec_send_packet(cc, pkt)) < 0 || (rc = avcodec_send_packet(cc, NULL)) < 0 ||
	    (rc = avcodec_receive_frame(cc, f)) < 0) {
		av_fail(err, _("cannot decode the keyframe"), rc);
		goto out;
	}
	if (f->width < 16 || f->height < 16) {
		vg_seterr(err, VG_FAILED, _("the keyframe is only %dx%d"), f->width, f->height);
		goto out;
	}
	if (srcw != NULL) {
		*srcw = f->width;
		*srch = f->height;
	}
	if (width > f->width)
		width = f->width;
	width &= ~1;
	h = (int)((int64_t)f->height * width / f->width) & ~1;
	if (h < 2)
		h = 2;
	sws = sws_getContext(f->width, f->height, f->format, width, h, AV_PIX_FMT_RGB24, SWS_AREA,
	    NULL, NULL, NULL);
	if (sws == NULL) {
		vg_seterr(err, VG_FAILED, _("cannot scale a %dx%d %s picture"), f->width, f->height,
		    av_get_pix_fmt_name(f->format) ? av_get_pix_fmt_name(f->format) : "?");
		goto out;
	}
	memset(out, 0, sizeof *out);
	out->width = width;
	out->height = h;
	out->channels = 3;
	out->pixels = xmalloc((size_t)width * (size_t)h * 3);
	dst[0] = out->pixels;
	dst[1] = dst[2] = dst[3] = NULL;
	ls[0] = width * 3;
	ls[1] = ls[2] = ls[3] = 0;
	sws_scale(sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, ls);
	r = 0;
out:
	sws_freeContext(sws);
	av_frame_free(&f);
	avcodec_free_context(&cc);
	return r;
}

int
keyframe_decode(const AVCodecParameters *par, const AVPacket *pkt, int width,
    struct vg_frame *out, struct vg_err *err)
{
	int r;

	pthread_mutex_lock(&decode_lock);
	r = decode_locked(par, pkt, width, out, NULL, NULL, err);
	pthread_mutex_unlock(&decode_lock);
	return r;
}

int
keyframe_size(const AVCodecParameters *par, const AVPacket *pkt, int *w, int *h)
{
	AVCodecParserContext *pc = av_parser_init(par->codec_id);
	AVCodecContext *cc;
	uint8_t *o;
	int osize, r = -1;

	*w = *h = 0;
	cc = avcodec_alloc_context3(NULL);
	VG_ASSERT(cc != NULL);
	if (pc != NULL && avcodec_parameters_to_context(cc, par) >= 0) {
		pc->flags |= PARSER_FLAG_COMPLETE_FRAMES;
		av_parser_parse2(pc, cc, &o, &osize, pkt->data, pkt->size, pkt->pts, pkt->dts, 0);
		if (pc->width > 0 && pc->height > 0) {
			*w = pc->width;
			*h = pc->height;
			r = 0;
		}
	}
	if (pc != NULL)
		av_parser_close(pc);
	avcodec_free_context(&cc);
	if (r != 0) {
		/* Some parameter sets defeat the parser; the decoder always knows. */
		struct vg_frame f;
		struct vg_err err;

		pthread_mutex_lock(&decode_lock);
		r = decode_locked(par, pkt, 64, &f, w, h, &err);
		pthread_mutex_unlock(&decode_lock);
		if (r == 0)
			frames_free(&f);
	}
	return r;
}
