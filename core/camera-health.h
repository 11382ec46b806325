/* camera-health.h — camera health events and the operator's re-acknowledgement of a view. */
#ifndef VG_CAMERA_HEALTH_H
#define VG_CAMERA_HEALTH_H

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

#endif
