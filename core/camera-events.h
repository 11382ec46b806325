/* camera-events.h — what the recorder logged about a camera (offline, covered, moved, storage), for ICT and the review. */
#ifndef VG_CAMERA_EVENTS_H
#define VG_CAMERA_EVENTS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

struct camera_event {
	int64_t	 id;
	int64_t	 ts_us;
	char	*camera;	/* "" for the storage's own events (disk.*) */
	char	*kind;		/* offline, online, covered, moved, disk.stop, ... */
	char	*detail;	/* the recorder's reason */
	int64_t	 acked_us;	/* a moved alarm accepted (camera ack), else 0 */
	char	*acked_by;
};

/*
 * A camera's events over [from, to) (0: unbounded), oldest first, with the
 * storage's events of that time (they stop and resume cameras), without the
 * motion events of motion mode.  Needs camera.status.  At most limit rows
 * (the newest of them when there are more); *more says there were.
 */
int	camera_events_range(struct vg_site *, const struct vg_actor *, const char *camera,
	    int64_t from_us, int64_t to_us, size_t limit, struct camera_event **, size_t *n,
	    int *more, struct vg_err *);
void	camera_events_range_free(struct camera_event *, size_t n);
/* What an event kind means, in the current language ("went offline"). */
const char *camera_event_text(const char *kind);
/* The same in a word or two, for a list column ("back online"). */
const char *camera_event_label(const char *kind);

#endif
