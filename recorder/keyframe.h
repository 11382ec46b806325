/* keyframe.h — one keyframe decoded into a small RGB picture (thumbnails, tamper, motion). */
#ifndef VG_KEYFRAME_H
#define VG_KEYFRAME_H

#include <libavcodec/avcodec.h>

struct vg_err;
struct vg_frame;
struct SwsContext;

/*
 * Decodes a single keyframe (intra only, so nothing before it is needed; its
 * NAL units behind start codes when annexb is set, else 4-byte lengths) and
 * scales it to width pixels wide, RGB.  One call at a time in the whole
 * recorder, on one decoder per codec shared by every camera: a 1080p decoder
 * holds megabytes, and one per camera would be most of the recorder's memory.
 */
int	keyframe_decode(const AVCodecParameters *, const AVPacket *, int annexb, int width,
	    struct vg_frame *, struct vg_err *);
/* Frees the shared decoders unused for a while (all: every one, at exit),
 * and the heap's free pages. */
void	keyframe_idle(int all);
/* A decoded picture scaled to width pixels wide (at most its own), RGB, into
 * out (pixels allocated); *sws is a cached scaler the caller frees. */
int	keyframe_scale(struct SwsContext **, const AVFrame *, int width, struct vg_frame *out,
	    struct vg_err *);
/* A picture as Annex B in out (allocated), whatever layout the camera's
 * client gave it in, with the stream's parameter sets in front when with_ps;
 * -1 if it does not parse. */
int	keyframe_annexb(const AVCodecParameters *, const AVPacket *in, int annexb, int with_ps,
	    AVPacket *out);
/* The picture size: from the parameter sets by the parser, else by decoding. */
int	keyframe_size(const AVCodecParameters *, const AVPacket *, int annexb, int *w, int *h);

#endif
