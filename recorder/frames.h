/* frames.h — each camera's latest frame as the recorder leaves it in the run directory. */
#ifndef VG_FRAMES_H
#define VG_FRAMES_H

#include <stddef.h>
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
	int	 channels;	/* 3: RGB (P6), 1: grey (P5), 4: RGBA, opaque (playback) */
	int64_t	 ts_us;		/* when the frame was taken; 0 if unknown */
	uint8_t	*pixels;	/* width * height * channels bytes */
};

/* The file of a camera's latest frame (caller frees). */
char	*frames_path(const char *run_dir, const char *camera);
/* The file of a camera's reference frame, <paths.data>/references/<camera>.pgm:
 * the view that defines what it covers (caller frees). */
char	*frames_reference_path(const char *data_dir, const char *camera);
/* Loads it; err names the file when it is missing or malformed. */
int	 frames_load(const char *run_dir, const char *camera, struct vg_frame *,
	     struct vg_err *);
void	 frames_free(struct vg_frame *);

/* Reads or writes one P6/P5 file; writing replaces it atomically (fsync only
 * when durable is set: latest frames are a cache, references are not). */
int	 frames_read_file(const char *path, struct vg_frame *, struct vg_err *);
int	 frames_write_file(const char *path, const char *camera, const struct vg_frame *,
	     int durable, struct vg_err *);

/*---- Live-view demand (the console asks, the recorder decodes) ----*/

/*
 * While a console shows a camera live it keeps the file
 *
 *     <paths.run>/demand/<camera>.<pid>
 *
 * holding the picture width it wants in pixels as decimal text ("320" for a
 * wall tile, "1280" for a large view), refreshes its mtime at least once a
 * second, and removes it when it stops showing the camera.  The recorder
 * ignores files older than FRAMES_DEMAND_STALE_S (a console that crashed),
 * and for a camera with a fresh one writes its latest frame at least twice
 * a second at the widest width asked.  No file, no extra decoding.
 */
#define FRAMES_DEMAND_STALE_S 3

/* Writes or refreshes this process's demand for the camera at width pixels. */
int	 frames_demand(const char *run_dir, const char *camera, int width, struct vg_err *);
/* Withdraws it (the camera is no longer shown). */
void	 frames_demand_stop(const char *run_dir, const char *camera);

/*---- Playback of recorded segments (playback.c) ----*/

/*
 * Decodes recorded footage in the calling process (a viewing's player runs
 * in the connection's own console), from the segment files core/ handed
 * over for a grant: libavformat reads them, libavcodec decodes, libswscale
 * scales to the size the terminal can show.  Times are wall-clock
 * microseconds: a file's start plus the stream's own time.
 */
struct playback;

struct playback_file {
	const char	*path;
	int64_t		 start_us, end_us;
};

/* Opens nothing yet: the files are opened as playing reaches them. */
struct playback	*playback_new(const struct playback_file *, size_t n);
void		 playback_free(struct playback *);
/* Fast mode, for playing at a few pictures a second (0: off, for stepping):
 * skips frames no other frame refers to (B-frames that are not references),
 * and every B picture where no I or P picture refers to one and the I and P
 * pictures alone come at least pictures_per_s times a second. */
void		 playback_set_fast(struct playback *, int pictures_per_s);

/*
 * The picture shown at time t: the last frame at or before t, scaled to fit
 * max_w x max_h (aspect kept) into *out (RGBA, 4 channels), its time in
 * out->ts_us.
 * Decodes forward from where it is, or seeks when t is behind or far ahead.
 * Returns 1 with a new picture, 0 when the picture at t is the one returned
 * last, 2 when t falls where no file has footage (a gap or past the end),
 * -1 with err when a file cannot be read or decoded.
 */
int		 playback_frame_at(struct playback *, int64_t t_us, int max_w, int max_h,
		    struct vg_frame *out, struct vg_err *);
/* The frame after the one returned last (stepping while paused): 1, 2 at the
 * end of the footage, -1 on error. */
int		 playback_step(struct playback *, int max_w, int max_h, struct vg_frame *out,
		    struct vg_err *);

#endif
