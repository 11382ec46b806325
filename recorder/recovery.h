/* recovery.h — start-up recovery of segment files the index does not know. */
#ifndef VG_RECOVERY_H
#define VG_RECOVERY_H

#include <stdint.h>

struct vg_err;
struct vg_site;

/* What the top-level boxes of a fragmented MP4 say about how much of it is whole. */
struct mp4_scan {
	int64_t	complete;	/* bytes up to the end of the last whole fragment (or header) */
	int	header;		/* ftyp and moov are whole */
	int	fragments;	/* whole moof+mdat pairs */
	int	closed;		/* the trailer (mfra) is there: the file was finished */
};

int	recovery_scan_mp4(int fd, int64_t size, struct mp4_scan *);

struct recovery_report {
	int	files;		/* segments indexed */
	int	truncated;	/* of those, cut back to their last whole fragment */
	int	skipped;	/* files that could not be indexed (named on stderr) */
};

/*
 * Indexes one segment file the index does not know: cut back to its last
 * whole fragment (never below its header; nothing is deleted), hashed, given
 * its place in the camera's chain and audited as segment.recover.
 */
int	recovery_file(struct vg_site *, const char *actor, const char *relpath,
	    struct recovery_report *, struct vg_err *);
/* Every unindexed segment file under paths.storage, per camera in sequence order. */
int	recovery_run(struct vg_site *, const char *actor, struct recovery_report *,
	    struct vg_err *);

#endif
