/* keyframe.c — decoding and scaling single keyframes with libavcodec and libswscale. */
#include "recorder/keyframe.h"

#include <malloc.h>
#include <pthread.h>
#include <string.h>

#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/cra.h"
#include "recorder/frames.h"

/*
 * One keyframe at a time for the whole recorder, on one decoder per codec
 * shared by every camera (a keyframe from any camera decodes on a decoder
 * opened without extradata because the camera's parameter sets, Annex B, go
 * in front of it).  A 1080p decoder holds megabytes of picture buffers and a
 * camera needs a keyframe decoded only every few seconds, so decoders are
 * never kept per camera; the shared one is kept while keyframes keep coming
 * (opening one and faulting in fresh picture buffers for each keyframe cost
 * as much as the decoding) and freed after WARM_US without any
 * (keyframe_idle), so an idle recorder holds none.  A 4K H.265 decoder
 * holds about 24 MB (one picture and its tables; an open GOP's CRA keyframe
 * is decoded as an IDR so that no made-up reference pictures join it, see
 * cra.h) and decodes a keyframe in half the CPU when warm; past 4K
 * a decoder is freed after every keyframe.
 */
#define WARM_US		(10 * 1000000)
#define WARM_MAX_PIXELS	(4096 * 2176)

struct dec {
	enum AVCodecID		 id;
	AVCodecContext		*cc;
	AVFrame			*f;
	struct SwsContext	*sws;
	AVPacket		*pkt;
	int64_t			 used;	/* monotonic µs */
};

static pthread_mutex_t decode_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dec warm[2];

static int
av_fail(struct vg_err *err, const char *what, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, "%s: %s", what, msg);
}

static int
annexb_start(const uint8_t *p, int n)
{
	return n >= 4 && p[0] == 0 && p[1] == 0 && (p[2] == 1 || (p[2] == 0 && p[3] == 1));
}

static AVCodecContext *
open_decoder(const AVCodecParameters *par, int with_extradata, struct vg_err *err)
{
	const AVCodec *codec = avcodec_find_decoder(par->codec_id);
	AVCodecContext *cc;
	int rc;

	if (codec == NULL) {
		vg_seterr(err, VG_FAILED, _("no decoder for %s"), avcodec_get_name(par->codec_id));
		return NULL;
	}
	cc = avcodec_alloc_context3(codec);
	VG_ASSERT(cc != NULL);
	cc->codec_type = par->codec_type;
	cc->codec_id = par->codec_id;
	if (with_extradata && (rc = avcodec_parameters_to_context(cc, par)) < 0) {
		av_fail(err, _("cannot set up the decoder"), rc);
		avcodec_free_context(&cc);
		return NULL;
	}
	/* A thumbnail: one thread, no deblocking, speed over exactness, and
	 * nothing but the keyframe. */
	cc->thread_count = 1;
	cc->skip_loop_filter = AVDISCARD_ALL;
	cc->skip_frame = AVDISCARD_NONKEY;
	cc->flags2 |= AV_CODEC_FLAG2_FAST;
	if ((rc = avcodec_open2(cc, codec, NULL)) < 0) {
		av_fail(err, _("cannot open the decoder"), rc);
		avcodec_free_context(&cc);
		return NULL;
	}
	return cc;
}

static int
run_decoder(AVCodecContext *cc, const AVPacket *pkt, AVFrame *f, struct vg_err *err)
{
	int rc;

	if ((rc = avcodec_send_packet(cc, pkt)) < 0)
		return av_fail(err, _("cannot decode the keyframe"), rc);
	rc = avcodec_receive_frame(cc, f);
	if (rc == AVERROR(EAGAIN)) {
		avcodec_send_packet(cc, NULL);
		rc = avcodec_receive_frame(cc, f);
	}
	avcodec_flush_buffers(cc);
	if (rc < 0)
		return av_fail(err, _("cannot decode the keyframe"), rc);
	return 0;
}

int
keyframe_scale(struct SwsContext **sws, const AVFrame *f, int width, struct vg_frame *out,
    struct vg_err *err)
{
	uint8_t *dst[4] = { NULL, NULL, NULL, NULL };
	int ls[4] = { 0, 0, 0, 0 }, h;

	if (f->width < 16 || f->height < 16)
		return vg_seterr(err, VG_FAILED, _("the keyframe is only %dx%d"), f->width, f->height);
	if (width > f->width)
		width = f->width;
	width &= ~1;
	h = (int)((int64_t)f->height * width / f->width) & ~1;
	if (h < 2)
		h = 2;
	/* Not SWS_FAST_BILINEAR: on x86 it writes machine code at run time, which the
	 * unit's MemoryDenyWriteExecute refuses, and then no frame is scaled. */
	*sws = sws_getCachedContext(*sws, f->width, f->height, f->format, width, h,
	    AV_PIX_FMT_RGB24, SWS_BILINEAR, NULL, NULL, NULL);
	if (*sws == NULL)
		return vg_seterr(err, VG_FAILED, _("cannot scale a %dx%d %s picture"), f->width,
		    f->height, av_get_pix_fmt_name(f->format) ? av_get_pix_fmt_name(f->format) : "?");
	memset(out, 0, sizeof *out);
	out->width = width;
	out->height = h;
	out->channels = 3;
	out->pixels = xmalloc((size_t)width * (size_t)h * 3);
	dst[0] = out->pixels;
	ls[0] = width * 3;
	sws_scale(*sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst, ls);
	return 0;
}

/* Where converted bytes go: a buffer of known size and how much is used. */
struct out {
	uint8_t	*p;
	size_t	 len, cap;
};

static int
put(struct out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap)
		return -1;
	memcpy(o->p + o->len, p, n);
	o->len += n;
	return 0;
}

/* Appends n bytes of length-prefixed NAL units (size bytes of length each)
 * as Annex B; -1 if they do not add up. */
static int
put_annexb(struct out *o, const uint8_t *p, size_t n, int size)
{
	while (n >= (size_t)size) {
		size_t len = 0;

		for (int i = 0; i < size; i++)
			len = len << 8 | p[i];
		p += size;
		n -= (size_t)size;
		if (len > n || put(o, "\0\0\0\1", 4) != 0 || put(o, p, len) != 0)
			return -1;
		p += len;
		n -= len;
	}
	return n == 0 ? 0 : -1;
}

/* An avcC record's SPS and PPS as Annex B; -1 if it is malformed. */
static int
avcc_annexb(struct out *o, const uint8_t *p, size_t n)
{
	size_t pos = 5;

	if (n < 7 || p[0] != 1)
		return -1;
	for (int set = 0; set < 2; set++) {
		int count = set == 0 ? p[pos] & 0x1f : p[pos];

		pos++;
		for (int i = 0; i < count; i++) {
			if (pos + 2 > n || put_annexb(o, p + pos, (size_t)(p[pos] << 8 | p[pos + 1]) + 2,
			    2) != 0)
				return -1;
			pos += 2 + (size_t)(p[pos] << 8 | p[pos + 1]);
		}
		if (set == 0 && pos >= n)
			return -1;
	}
	return 0;
}

int
keyframe_annexb(const AVCodecParameters *par, const AVPacket *in, int annexb, int with_ps,
    AVPacket *pkt)
{
	/* Start codes are never longer than the lengths they replace, except an
	 * avcC's 2-byte lengths: twice the extradata is always enough. */
	struct out o;

	VG_ASSERT(av_new_packet(pkt, 2 * par->extradata_size + in->size) == 0);
	o.p = pkt->data;
	o.len = 0;
	o.cap = (size_t)pkt->size;
	if (with_ps && par->extradata_size > 0 && par->extradata[0] == 1) {
		if (avcc_annexb(&o, par->extradata, (size_t)par->extradata_size) != 0)
			goto bad;
	} else if (with_ps && put(&o, par->extradata, (size_t)par->extradata_size) != 0)
		goto bad;
	if (annexb ? put(&o, in->data, (size_t)in->size) != 0 :
	    put_annexb(&o, in->data, (size_t)in->size, 4) != 0)
		goto bad;
	pkt->size = (int)o.len;
	pkt->pts = pkt->dts = in->pts;
	pkt->flags = in->flags;
	return 0;
bad:
	av_packet_unref(pkt);
	return -1;
}

static void
dec_free(struct dec *d)
{
	sws_freeContext(d->sws);
	av_frame_free(&d->f);
	av_packet_free(&d->pkt);
	avcodec_free_context(&d->cc);
	memset(d, 0, sizeof *d);
}

static int
dec_open(struct dec *d, const AVCodecParameters *par, int with_extradata, struct vg_err *err)
{
	memset(d, 0, sizeof *d);
	if ((d->cc = open_decoder(par, with_extradata, err)) == NULL)
		return -1;
	d->id = par->codec_id;
	d->f = av_frame_alloc();
	d->pkt = av_packet_alloc();
	VG_ASSERT(d->f != NULL && d->pkt != NULL);
	return 0;
}

/* The shared decoder for the codec, opened if need be. */
static struct dec *
warm_decoder(const AVCodecParameters *par, struct vg_err *err)
{
	struct dec *free_slot = NULL;

	for (size_t i = 0; i < VG_ARRLEN(warm); i++) {
		if (warm[i].cc != NULL && warm[i].id == par->codec_id)
			return &warm[i];
		if (warm[i].cc == NULL && free_slot == NULL)
			free_slot = &warm[i];
	}
	if (free_slot == NULL) {
		free_slot = &warm[0];	/* a third codec: cannot happen (H.264, H.265) */
		dec_free(free_slot);
	}
	return dec_open(free_slot, par, 0, err) == 0 ? free_slot : NULL;
}

/* Decodes pkt (prepared by the caller in d->pkt) and scales the picture. */
static int
decode_on(struct dec *d, int width, struct vg_frame *out, int *srcw, int *srch,
    struct vg_err *err)
{
	int r = run_decoder(d->cc, d->pkt, d->f, err);

	av_packet_unref(d->pkt);
	if (r == 0) {
		if (srcw != NULL) {
			*srcw = d->f->width;
			*srch = d->f->height;
		}
		r = keyframe_scale(&d->sws, d->f, width, out, err);
	}
	av_frame_unref(d->f);
	d->used = clock_mono_us();
	return r;
}

/* An open GOP's CRA keyframe decodes as the IDR it is on its own, or the
 * decoder makes up a grey picture for each it would refer to (cra.h). */
static void
as_idr(AVPacket *pkt)
{
	AVPacket *idr = av_packet_alloc();

	VG_ASSERT(idr != NULL);
	if (cra_as_idr(pkt, idr) == 1) {
		av_packet_unref(pkt);
		av_packet_move_ref(pkt, idr);
	}
	av_packet_free(&idr);
}

/*
 * Parameter sets and keyframe go to the shared decoder as one Annex B
 * packet; a stream whose extradata is neither Annex B nor avcC (libavformat's,
 * for some cameras) gets a decoder of its own opened with the extradata.
 */
static int
decode_locked(const AVCodecParameters *par, const AVPacket *pkt, int annexb, int width,
    struct vg_frame *out, int *srcw, int *srch, struct vg_err *err)
{
	int with_extradata = par->extradata_size > 0 && !annexb_start(par->extradata,
	    par->extradata_size) && !(par->codec_id == AV_CODEC_ID_H264 && par->extradata[0] == 1);
	struct dec own, *d = &own;
	int r;

	if (with_extradata) {
		if (dec_open(&own, par, 1, err) != 0)
			return -1;
		r = av_packet_ref(own.pkt, pkt) == 0 ? 0 : -1;
	} else {
		if ((d = warm_decoder(par, err)) == NULL)
			return -1;
		r = keyframe_annexb(par, pkt, annexb, 1, d->pkt);
		if (r == 0 && par->codec_id == AV_CODEC_ID_HEVC)
			as_idr(d->pkt);
	}
	if (r != 0)
		vg_seterr(err, VG_FAILED, "%s", _("the keyframe does not match its parameter sets"));
	else
		r = decode_on(d, width, out, srcw, srch, err);
	if (d == &own || d->cc->width * d->cc->height > WARM_MAX_PIXELS) {
		dec_free(d);
		malloc_trim(0);
	}
	return r;
}

int
keyframe_decode(const AVCodecParameters *par, const AVPacket *pkt, int annexb, int width,
    struct vg_frame *out, struct vg_err *err)
{
	int r;

	pthread_mutex_lock(&decode_lock);
	r = decode_locked(par, pkt, annexb, width, out, NULL, NULL, err);
	pthread_mutex_unlock(&decode_lock);
	return r;
}

void
keyframe_idle(int all)
{
	pthread_mutex_lock(&decode_lock);
	for (size_t i = 0; i < VG_ARRLEN(warm); i++)
		if (warm[i].cc != NULL && (all || clock_mono_us() - warm[i].used > WARM_US))
			dec_free(&warm[i]);
	/* What the decoders and the camera threads freed in the middle of the
	 * heap stays resident until the heap's top is free: hand those pages
	 * back every time (called twice a second; a heap of a few MB takes
	 * microseconds).  About 1 MB of peak RSS for 16 1080p cameras. */
	malloc_trim(0);
	pthread_mutex_unlock(&decode_lock);
}

int
keyframe_size(const AVCodecParameters *par, const AVPacket *pkt, int annexb, int *w, int *h)
{
	AVCodecParserContext *pc = av_parser_init(par->codec_id);
	AVCodecContext *cc;
	AVPacket *b = av_packet_alloc();
	uint8_t *o;
	int osize, r = -1;

	*w = *h = 0;
	cc = avcodec_alloc_context3(NULL);
	VG_ASSERT(cc != NULL);
	/* The parser reads the parameter sets in front of the keyframe. */
	VG_ASSERT(b != NULL);
	if (pc != NULL && keyframe_annexb(par, pkt, annexb, 1, b) == 0) {
		cc->codec_type = AVMEDIA_TYPE_VIDEO;
		cc->codec_id = par->codec_id;
		pc->flags |= PARSER_FLAG_COMPLETE_FRAMES;
		av_parser_parse2(pc, cc, &o, &osize, b->data, b->size, pkt->pts, pkt->dts, 0);
		if (pc->width > 0 && pc->height > 0) {
			*w = pc->width;
			*h = pc->height;
			r = 0;
		}
	}
	av_packet_free(&b);
	if (pc != NULL)
		av_parser_close(pc);
	avcodec_free_context(&cc);
	if (r != 0) {
		/* Some parameter sets defeat the parser; the decoder always knows. */
		struct vg_frame f;
		struct vg_err err;

		pthread_mutex_lock(&decode_lock);
		r = decode_locked(par, pkt, annexb, 64, &f, w, h, &err);
		pthread_mutex_unlock(&decode_lock);
		if (r == 0)
			frames_free(&f);
	}
	return r;
}
