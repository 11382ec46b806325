/* keyframe.h — one keyframe decoded into a small RGB picture (thumbnails, tamper, motion). */
#ifndef VG_KEYFRAME_H
#define VG_KEYFRAME_H

#include <libavcodec/avcodec.h>

struct vg_err;
struct vg_frame;

/*
 * Decodes a single keyframe (intra only, so nothing before it is needed) and
 * scales it to width pixels wide, RGB.  Decoders are opened per call and at
 * most one runs at a time in the process: a 1080p decoder holds megabytes,
 * and sixteen of them at once would be most of the recorder's memory.
 */
int	keyframe_decode(const AVCodecParameters *, const AVPacket *, int width,
	    struct vg_frame *, struct vg_err *);
/* The picture size: from the parameter sets by the parser, else by decoding. */
int	keyframe_size(const AVCodecParameters *, const AVPacket *, int *w, int *h);

#endif
