/* export-video.h — a camera's segments joined into one playable MP4 by stream copy, and packet digests to prove it. */
#ifndef VG_EXPORT_VIDEO_H
#define VG_EXPORT_VIDEO_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder/sha256.h"

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

/* Per stream: codec, packets, and a SHA-256 over each packet's size, key flag
 * and bytes in order, timestamps left out (joining rebases them). */
struct xv_digest {
	int	nstreams;
	struct {
		int		type;		/* AVMediaType */
		int		codec;		/* AVCodecID */
		int64_t		packets;
		struct sha256	h;
	} s[XV_MAX_STREAMS];
};

void	xv_digest_init(struct xv_digest *);
/* Adds every packet of the MP4 in [off, off + size) of fd; -1 with err if
 * libavformat cannot read it or its streams differ from those seen before. */
int	xv_digest_add(struct xv_digest *, int fd, int64_t off, int64_t size, const char *name,
	    struct vg_err *);
/* 0 if both hold the same packets; else -1 with err saying where they part. */
int	xv_digest_compare(struct xv_digest *segments, struct xv_digest *joined, const char *name,
	    struct vg_err *);

#endif
