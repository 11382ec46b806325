/* pictures.h — what a camera's pictures are decoded for: tamper checks, latest frames, live view, motion. */
#ifndef VG_PICTURES_H
#define VG_PICTURES_H

#include <stdint.h>

#include <libavcodec/avcodec.h>

struct rec_cam;
struct pics;

/*
 * Per camera, across its connections: the reference frame and tamper state,
 * the decoding schedule (picsched.h), and while someone watches it live a
 * decoder of its own (live.h).  Everything else about a picture is the
 * segmenter's: this never holds one back.
 */
struct pics	*pics_new(struct rec_cam *);
/*
 * One video picture of the camera's stream (its parameters in par, NAL
 * units behind start codes when annexb), to be shown at wall_us.  Returns
 * 1 when a motion camera's keyframe shows motion.
 */
int		 pics_video(struct pics *, const AVCodecParameters *par, int annexb,
		    const AVPacket *, int64_t wall_us);
/* The connection ended: the live decoder and the motion baseline go. */
void		 pics_disconnected(struct pics *);
void		 pics_free(struct pics *);

#endif
