/* segments.h — reading the footage index: a camera's segments in a time range, and totals. */
#ifndef VG_SEGMENTS_H
#define VG_SEGMENTS_H

#include <stdint.h>

struct vg_db;

/* One kept segment as the index holds it (strings valid during the call). */
struct seg_row {
	int64_t		 id, seq, start_us, end_us, bytes;
	const char	*path;		/* relative to paths.storage */
	const char	*sha256;
	int		 recovered;
};

/*
 * Calls fn for each kept segment of camera that overlaps [from_us, to_us)
 * (0 leaves that end open), oldest first, until fn returns nonzero (which
 * is returned).  A camera's segments never overlap in time (the recorder
 * starts each one where the last ended), so the one holding from_us is the
 * last to start at or before it: the query reads from there to to_us in the
 * (camera, start_us) index, whatever the length of the camera's history.
 */
int	segments_range(struct vg_db *, const char *camera, int64_t from_us, int64_t to_us,
	    int (*fn)(void *arg, const struct seg_row *), void *arg);
/* How many kept segments and bytes the index holds, from the running totals
 * (migration 11) rather than by counting. */
void	segments_totals(struct vg_db *, int64_t *count, int64_t *bytes);

#endif
