/* export-join.h — an export's joined videos, made on a second core while its segments are copied. */
#ifndef VG_EXPORT_JOIN_H
#define VG_EXPORT_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "recorder/export-video.h"

struct vg_err;
struct export_cam;

/*
 * The tar's layout is known before anything is written: the segments' sizes
 * are in the index, so the first joined video's data starts at a known
 * offset, and each next one right after the one before (its header block
 * between).  A thread joins the videos there, one after another, while the
 * caller copies the segments; the caller then takes each finished video in
 * order (xj_next) and ends it as a tar member, which hashes it.
 */
struct xj_video {
	size_t		 cam;		/* index in the cameras given */
	struct xv_group	 g;
	char		*rel;		/* "video/gate.mp4", "video/gate-2.mp4" */
	int64_t		 off, size;	/* its data in the tar */
};

struct xj;

/* Starts joining every camera's segments into fd from data offset off. */
struct xj	*xj_start(int fd, int64_t off, const char *root, const char *export_name,
		    const struct export_cam *cams, size_t ncams);
/* Waits for the next video: 0 and *v (its rel owned by xj), 1 when there are
 * no more, -1 with err when joining failed. */
int		 xj_next(struct xj *, struct xj_video *v, struct vg_err *);
/* Stops the thread if it still runs (an export that failed) and frees all. */
void		 xj_end(struct xj *);

#endif
