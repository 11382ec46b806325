/* duty.h — the duty log: shifts, their events, camera alarms logged, handovers and their acknowledgement. */
#ifndef VG_DUTY_H
#define VG_DUTY_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct req_camera;

/*
 * GCU art. 14(2)(3), DLUT art. 18(1)(4), HHKCS 3.5: the guard on duty
 * (capability duty.log) starts a shift at a desk, records what happens
 * during it, and ends it with a handover note that the next guard at the
 * desk acknowledges.  Nothing is rewritten: an event is corrected by a later
 * event that names it, and a shift that has ended is never changed.  Errors
 * that belong to a form field name it in err->field: desk, kind, text,
 * cameras, at, corrects, handover.
 */

struct duty_event {
	int64_t	 id;
	int64_t	 shift_id;
	int64_t	 at_us;		/* when it happened */
	int64_t	 logged_us;
	char	*kind;
	char	*text;
	char	*cameras;	/* "a,b" or "" */
	int64_t	 alarm_id;	/* the camera alarm it logs (camera_events), or 0 */
	int64_t	 corrects;	/* the event it corrects, or 0 */
	int64_t	 corrected_by;	/* the newest event correcting it, or 0 */
};

struct duty_shift {
	int64_t			 id;
	char			*guard;		/* login */
	char			*guard_name;
	char			*desk;
	int64_t			 started_us;
	int64_t			 ended_us;	/* 0 while open */
	char			*handover;	/* "" while open */
	char			*acked_by;	/* login, "" until acknowledged */
	char			*acked_by_name;
	int64_t			 acked_shift;
	int64_t			 acked_us;
	int			 overdue;	/* open longer than duty.max_shift_h */
	int64_t			 nevents;
	struct duty_event	*events;	/* duty_get only, in time order */
	size_t			 nev;
};

/* A camera alarm during a shift that is not in the log yet. */
struct duty_alarm {
	int64_t	 id;		/* camera_events id */
	char	*camera;	/* "" for site-wide (disk) */
	char	*kind;		/* offline, covered, moved, disk.warn, disk.stop, record.error */
	char	*detail;
	int64_t	 ts_us;
};

struct duty_event_spec {
	int64_t		  shift_id;	/* 0: the actor's open shift */
	const char	 *kind;		/* a kind of the profile */
	const char	 *text;
	const char	**cameras;
	size_t		  ncameras;
	int64_t		  at_us;	/* 0: now */
	int64_t		  corrects;	/* 0: none */
};

int	duty_start(struct vg_site *, const struct vg_actor *, const char *desk, int64_t *id,
	    struct vg_err *);
int	duty_event_add(struct vg_site *, const struct vg_actor *, const struct duty_event_spec *,
	    int64_t *id, struct vg_err *);
/* Logs a camera alarm of the actor's open shift as an event of the
 * profile's alarm kind, with the alarm's camera, time and detail. */
int	duty_log_alarm(struct vg_site *, const struct vg_actor *, int64_t alarm_id, int64_t *id,
	    struct vg_err *);
/* Ends the actor's open shift with the handover note; *id gets the shift. */
int	duty_end(struct vg_site *, const struct vg_actor *, const char *handover, int64_t *id,
	    struct vg_err *);
/* The actor, on an open shift at the same desk, acknowledges the handover
 * of an ended shift that another guard wrote. */
int	duty_ack(struct vg_site *, const struct vg_actor *, int64_t shift_id, struct vg_err *);

/* The actor's open shift, or NULL. */
struct duty_shift	*duty_current(struct vg_site *, const struct vg_actor *);
/* One shift with its events; duty.log or review.signoff. */
struct duty_shift	*duty_get(struct vg_site *, const struct vg_actor *, int64_t id,
			    struct vg_err *);
/* The newest shifts first (at most 500); duty.log or review.signoff. */
struct duty_shift	*duty_list(struct vg_site *, const struct vg_actor *, size_t *n,
			    struct vg_err *);
/* Handovers at a desk not yet acknowledged, written by others, oldest first. */
struct duty_shift	*duty_handovers(struct vg_site *, const struct vg_actor *, const char *desk,
			    size_t *n);
/* Camera alarms during a shift (to its end, or now) not yet in the log. */
struct duty_alarm	*duty_alarms(struct vg_site *, const struct vg_actor *, int64_t shift_id,
			    size_t *n);
void			 duty_free_list(struct duty_shift *, size_t n);
void			 duty_free_alarms(struct duty_alarm *, size_t n);
/* The desk to offer for a new shift: the actor's last, else the newest used. */
char			*duty_last_desk(struct vg_site *, const struct vg_actor *);
/* Every camera not removed, for the event form; needs duty.log.  Free
 * with requests_free_cameras. */
struct req_camera	*duty_cameras(struct vg_site *, const struct vg_actor *, size_t *n,
			    struct vg_err *);
/* "on duty", "overdue", "handover waiting", "handed over" (translated). */
const char		*duty_state(const struct duty_shift *);
/* A duty event kind's title in the current language (the profile's wording). */
const char		*duty_kind_title(struct vg_site *, const char *kind);
/* "camera gate-1 offline", "storage disk.warn"... (translated) for an alarm. */
char			*duty_alarm_text(const struct duty_alarm *);

#endif
