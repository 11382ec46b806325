/* export-video.h — a camera's segments joined into one playable MP4 by stream copy, and a packet-by-packet comparison to prove it. */
#ifndef VG_EXPORT_VIDEO_H
#define VG_EXPORT_VIDEO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct export_seg;

/*
 * Segments are fragmented MP4 files, one a minute; people who "just want to
 * play it" get them joined into one MP4 per camera by stream copy
 * (libavformat, no transcoding), its index (moov) before the data so that it
 * plays while it downloads, its wall-clock start in its metadata.  Where the
 * stream's parameters change between segments (another resolution, audio
 * added) a new file starts: xv_groups says where.
 */

/* Segments [first, first + count) go into one joined file. */
struct xv_group {
	size_t	first, count;
};

/* The groups of segs (files under root): consecutive segments whose streams
 * match.  -1 with err naming a segment libavformat cannot read. */
int	xv_groups(const char *root, const struct export_seg *segs, size_t n,
	    struct xv_group **groups, size_t *ngroups, struct vg_err *);

/* Writes the joined MP4 of segs[0..n) at offset base of fd (a tar member's
 * data; nothing else is touched), metadata naming title; *size gets its
 * length.  It gives up when *stop (if not NULL) becomes 1. */
int	xv_join(int fd, int64_t base, const char *root, const struct export_seg *segs, size_t n,
	    const char *title, atomic_int *stop, int64_t *size, struct vg_err *);

/*---- What a file holds, packet by packet ----*/

#define XV_MAX_STREAMS 8

/* An MP4 held in a byte range of a file (a tar member), and its name for messages. */
struct xv_part {
	int64_t		 off, size;
	const char	*name;
};

/* 0 if the joined MP4 holds exactly the packets of the segments, in order,
 * stream by stream: each packet's size, key flag and bytes (timestamps left
 * out: joining rebases them).  Else -1 with err saying where they part, or
 * naming the file libavformat cannot read.  Gives up (-1) when *stop (if not
 * NULL) becomes 1. */
int	xv_same_packets(int fd, const struct xv_part *segs, size_t n, const struct xv_part *joined,
	    const atomic_int *stop, struct vg_err *);

#endif
