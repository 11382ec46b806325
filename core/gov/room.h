/* room.h — the control-room entry log: who came in, with what ID, why, escorted by whom, and when they left. */
#ifndef VG_ROOM_H
#define VG_ROOM_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * GCU art. 15, DLUT art. 18(4), GUAT art. 11, HHKCS 2.2.4: everyone who enters
 * the monitoring room is registered (capability room.log) with name, an ID
 * checked like a viewer's, organisation, reason and escort, and the time
 * they leave.  An entry made during the logging guard's shift belongs to it;
 * one without an exit by the end of that shift is flagged (without a shift:
 * once open longer than duty.max_shift_h).  A wrong entry is corrected by a
 * new one that names it, which takes its place.  Errors that belong to a
 * form field name it: name, id_number, organisation, reason, escort, at,
 * corrects.
 */
struct room_spec {
	const char	*name;
	const char	*id_number;
	const char	*organisation;
	const char	*reason;
	const char	*escort;	/* may be NULL or "" */
	int64_t		 in_us;		/* 0: now (a correction: the entry's own) */
	int64_t		 corrects;	/* 0: none */
};

struct room_entry {
	int64_t	 id;
	char	*name;
	char	*id_number;
	char	*organisation;
	char	*reason;
	char	*escort;
	int64_t	 in_us;
	int64_t	 out_us;		/* 0: still inside */
	char	*logged_by;		/* login */
	int64_t	 logged_us;
	int64_t	 shift_id;		/* 0: logged outside a shift */
	int64_t	 shift_ended_us;	/* 0: open, or no shift */
	char	*out_by;
	int64_t	 corrects;
	int64_t	 corrected_by;		/* the entry that replaced it, or 0 */
	int	 flagged;		/* no exit by the end of its shift */
};

int	room_enter(struct vg_site *, const struct vg_actor *, const struct room_spec *,
	    int64_t *id, struct vg_err *);
/* Records the exit of entry id at out_us (0: now). */
int	room_leave(struct vg_site *, const struct vg_actor *, int64_t id, int64_t out_us,
	    struct vg_err *);
/* all = 0: the people inside now and entries flagged; 1: every entry, newest
 * first (at most 1000).  room.log or review.signoff. */
struct room_entry	*room_list(struct vg_site *, const struct vg_actor *, int all, size_t *n,
			    struct vg_err *);
struct room_entry	*room_get(struct vg_site *, const struct vg_actor *, int64_t id,
			    struct vg_err *);
/* People inside now (entries without exit, not replaced by a correction). */
int64_t			 room_inside_count(struct vg_site *);
void			 room_free_list(struct room_entry *, size_t n);
/* The ID as a list shows it: "**************002X", only the last four
 * characters (half of a shorter one) readable; the entry itself shows it whole.
 * out holds any ID room_enter accepts. */
#define ROOM_MASKED_ID	(64 + 1)
const char		*room_masked_id(const char *id, char out[ROOM_MASKED_ID]);
/* "inside", "inside after shift end", "left", "left after shift end",
 * "corrected" (translated). */
const char		*room_state(const struct room_entry *);

#endif
