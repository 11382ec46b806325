/* frames.h — each camera's latest frame as the recorder leaves it in the run directory. */
#ifndef VG_FRAMES_H
#define VG_FRAMES_H

#include <stdint.h>

struct vg_err;

/*
 * Every recorder.thumb_interval_s the recorder decodes a camera's latest
 * keyframe, scales it to recorder.thumb_width and writes it to
 *
 *     <paths.run>/frames/<camera>.ppm
 *
 * as a binary PPM: the text header
 *
 *     P6\n# vigil camera=<id> ts_us=<wall-clock microseconds>\n<width> <height>\n255\n
 *
 * followed by width*height RGB triplets, top row first.  The file is written
 * under a temporary name and renamed, so a reader sees a whole frame or the
 * previous one, never half of one.  Interior cameras get no file (HHKCS
 * 2.2.5: they never feed the live view).  Reference frames for tamper
 * detection use the same layout in grey (P5, one byte a pixel).
 */

struct vg_frame {
	int	 width, height;
	int	 channels;	/* 3: RGB (P6), 1: grey (P5) */
	int64_t	 ts_us;		/* when the frame was taken; 0 if unknown */
	uint8_t	*pixels;	/* width * height * channels bytes */
};

/* The file of a camera's latest frame (caller frees). */
char	*frames_path(const char *run_dir, const char *camera);
/* Loads it; err names the file when it is missing or malformed. */
int	 frames_load(const char *run_dir, const char *camera, struct vg_frame *,
	     struct vg_err *);
void	 frames_free(struct vg_frame *);

/* Reads or writes one P6/P5 file; writing replaces it atomically (fsync only
 * when durable is set: latest frames are a cache, references are not). */
int	 frames_read_file(const char *path, struct vg_frame *, struct vg_err *);
int	 frames_write_file(const char *path, const char *camera, const struct vg_frame *,
	     int durable, struct vg_err *);

#endif
