/* camera-faults.h — the one writer of new fault rows, and faults raised by themselves when a camera stays unhealthy. */
#ifndef VG_CAMERA_FAULTS_H
#define VG_CAMERA_FAULTS_H

#include <stdint.h>

struct vg_err;
struct vg_site;

/*
 * A new fault (the faults table of migration 8).  Reporting, assigning and
 * fixing faults by people is the procedure's (core/gov/faults.c); the row is
 * written here so that the recorder, which may not reach core/gov, raises
 * faults the same way.
 */
struct fault_new {
	const char	*equipment;	/* a tag: a camera id or an equipment tag */
	const char	*cause;		/* reported, inspection, offline, covered, moved */
	const char	*text;
	int64_t		 reported_by;	/* a user id; 0: raised by vigil itself */
	int64_t		 began_us;	/* when the camera's trouble began; 0: not known */
	int64_t		 inspection_id;	/* the inspection that found it; 0: none */
};

/* Inserts the fault and audits it (fault.report, or fault.raise when vigil
 * raised it) inside the caller's site transaction. */
int	fault_insert(struct vg_site *, const char *actor, const char *source,
	    const struct fault_new *, int64_t *id, struct vg_err *);

/*
 * HHKCS 5.4.1, GCU art. 10, GUAT art. 7, DLUT art. 20(5): a camera offline,
 * covered or moved for equipment.fault_after_min minutes or more by now gets
 * a fault, once per episode of trouble (an episode that already has a fault,
 * open or fixed, gets no second one).  Reads only what the recorder writes
 * (camera_state, camera_events), so any process may run it; the recorder's
 * housekeeping does, every few seconds.  *raised counts the new faults.
 */
int	camera_faults_sweep(struct vg_site *, const char *actor, int64_t now, int *raised,
	    struct vg_err *);

#endif
