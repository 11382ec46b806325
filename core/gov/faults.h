/* faults.h — equipment faults: reported, assigned, fixed with the time it took, overdue past the profile's days. */
#ifndef VG_FAULTS_H
#define VG_FAULTS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * GCU art. 10 and 14(4), GUAT art. 7, HHKCS 5.4.1, DLUT art. 20(5): a fault
 * is reported at once (by anyone who watches camera status, or raised by
 * vigil itself: core/camera-faults.h), assigned to someone who maintains
 * the equipment, and fixed within the profile's fault_fix_days; past that it
 * is overdue.  The fix records what was done and the time it took.  Errors
 * that belong to a form field name it: equipment, text, assignee, notes.
 */
struct vg_fault {
	int64_t	 id;
	char	*equipment;
	char	*cause;		/* reported, inspection, offline, covered, moved */
	char	*text;
	char	*reported_by;	/* login; "" when vigil raised it */
	int64_t	 reported_us;
	int64_t	 began_us;	/* raised: when the trouble began; else 0 */
	int64_t	 inspection_id;
	char	*assignee;	/* login of the newest assignment, or "" */
	char	*assignee_name;
	int64_t	 assigned_us;
	char	*fixed_by;
	int64_t	 fixed_us;	/* 0 while open */
	char	*fix_notes;
	int64_t	 due_us;	/* reported + fault_fix_days */
	int	 overdue;	/* open past due_us */
};

enum faults_filter { FAULTS_OPEN, FAULTS_OVERDUE, FAULTS_ALL };

int	faults_report(struct vg_site *, const struct vg_actor *, const char *equipment,
	    const char *text, int64_t *id, struct vg_err *);
/* Assigns (or reassigns) an open fault to a user who holds equipment.manage. */
int	faults_assign(struct vg_site *, const struct vg_actor *, int64_t id, const char *login,
	    struct vg_err *);
/* Marks an open fault fixed with notes; *took_us gets the time since it was reported. */
int	faults_fix(struct vg_site *, const struct vg_actor *, int64_t id, const char *notes,
	    int64_t *took_us, struct vg_err *);

/* Faults newest first (open ones: oldest first); equipment NULL = all.
 * camera.status, equipment.manage or review.signoff. */
struct vg_fault	*faults_list(struct vg_site *, const struct vg_actor *, enum faults_filter,
		    const char *equipment, size_t *n, struct vg_err *);
struct vg_fault	*faults_get(struct vg_site *, const struct vg_actor *, int64_t id,
		    struct vg_err *);
void		 faults_free_list(struct vg_fault *, size_t n);
/* Open faults past their due time now, for the home screen; 0 without a
 * capability to see faults. */
int64_t		 faults_overdue_count(struct vg_site *, const struct vg_actor *);
/* Logins that may be assigned faults (equipment.manage), by login. */
char		**faults_assignees(struct vg_site *, const struct vg_actor *, size_t *n);
/* "unassigned", "assigned", "overdue", "fixed" (translated). */
const char	*faults_state(const struct vg_fault *);
/* "reported", "found at an inspection", "offline"... (translated). */
const char	*faults_cause_label(const char *cause);

#endif
