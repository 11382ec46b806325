/* live.h — a watched camera's stream decoded as it arrives, its latest picture at hand. */
#ifndef VG_LIVE_H
#define VG_LIVE_H

#include <libavcodec/avcodec.h>

struct vg_err;
struct live;

/*
 * Only while someone watches the camera (demand.h): a decoder of its own
 * (a P-frame needs the pictures before it), one thread, non-reference
 * pictures skipped (nothing else needs them and a live view does not miss
 * one B-frame in three), and no deblocking for a picture shown at a
 * fraction of its size (small).  Freed as soon as nobody watches.
 */
struct live	*live_open(const AVCodecParameters *, int small, struct vg_err *);
/* Feeds the stream's next picture (starting at a keyframe); 1 when it gave
 * a new picture, 0 when not, -1 when the stream did not decode (it starts
 * again at the next keyframe). */
int		 live_feed(struct live *, const AVCodecParameters *, const AVPacket *, int annexb);
/* The latest picture, or NULL before the first. */
const AVFrame	*live_picture(const struct live *);
void		 live_close(struct live *);

#endif
