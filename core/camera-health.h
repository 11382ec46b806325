/* camera-health.h — camera health events and the operator's re-acknowledgement of a view. */
#ifndef VG_CAMERA_HEALTH_H
#define VG_CAMERA_HEALTH_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * Event kinds the recorder records in camera_events (the console shows them):
 * offline, online, covered, covered.clear, moved, moved.clear, reference,
 * reference.ack, motion.start, motion.end, clock, record.error, disk.warn,
 * disk.ok, disk.stop, disk.resume.
 */

/* Records one event (camera NULL for site-wide ones such as disk) inside the
 * caller's site transaction; when audited, also appends "camera.<kind>" (or
 * "storage.<kind>") to the audit log. */
int	camera_event_add(struct vg_site *, const char *actor, const char *source,
	    const char *camera, const char *kind, const char *detail, int audited,
	    struct vg_err *);

/*
 * The operator accepts the camera's present view as its new reference frame
 * (after re-aiming it on purpose, or after checking a "moved" alarm):
 * capability camera.manage.  Records a reference.ack event, marks the open
 * "moved" events acknowledged and audits it; the recorder sees the event and
 * takes a new reference from the next frame.  Returns the event id, or -1.
 */
int64_t	camera_ack_reference(struct vg_site *, const struct vg_actor *, const char *camera,
	    struct vg_err *);

/*
 * A camera that needs attention now (DESIGN §9: an alert on the console): it
 * is offline, covered, moved (not yet acknowledged) or stopped because the
 * disk is full, with the event that raised it.  Needs camera.status.
 */
struct cam_alarm {
	char	*camera;
	char	*name;
	char	*kind;		/* offline, covered, moved, disk.stop */
	int64_t	 since_us;	/* when the recorder recorded it */
	char	*detail;	/* the reason the recorder logged */
};
int	camera_alarms(struct vg_site *, const struct vg_actor *, struct cam_alarm **, size_t *n,
	    struct vg_err *);
void	camera_alarms_free(struct cam_alarm *, size_t n);

/* One camera's events, newest first, at most limit of them: camera.status. */
struct cam_event {
	int64_t	 ts_us;
	char	*kind;
	char	*detail;
	int64_t	 acked_us;	/* 0: not acknowledged */
	char	*acked_by;	/* login, "" */
};
int	camera_events_list(struct vg_site *, const struct vg_actor *, const char *camera,
	    size_t limit, struct cam_event **, size_t *n, struct vg_err *);
void	camera_events_free(struct cam_event *, size_t n);

#endif
