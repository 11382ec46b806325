/* keyframe.h — one keyframe decoded into a small RGB picture (thumbnails, tamper, motion). */
#ifndef VG_KEYFRAME_H
#define VG_KEYFRAME_H

#include <libavcodec/avcodec.h>

struct vg_err;
struct vg_frame;

/*
 * Decodes a single keyframe (intra only, so nothing before it is needed; its
 * NAL units behind start codes when annexb is set, else 4-byte lengths) and
 * scales it to width pixels wide, RGB.  One decoder per codec serves every
 * camera, one call at a time: a 1080p decoder holds megabytes, and sixteen of
 * them would be most of the recorder's memory.
 */
int	keyframe_decode(const AVCodecParameters *, const AVPacket *, int annexb, int width,
	    struct vg_frame *, struct vg_err *);
/* Frees the shared decoders (at exit, so leak checkers see a clean end). */
void	keyframe_release(void);
/* The picture size: from the parameter sets by the parser, else by decoding. */
int	keyframe_size(const AVCodecParameters *, const AVPacket *, int annexb, int *w, int *h);

#endif
