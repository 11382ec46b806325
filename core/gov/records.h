/* records.h — what the monthly review counts in the duty log, the control-room log and the faults. */
#ifndef VG_RECORDS_H
#define VG_RECORDS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/* Something the review lists as a finding. */
struct records_finding {
	char	 what[24];	/* shift_overdue, room_open, fault_overdue */
	int64_t	 id;		/* the shift, entry or fault */
	int64_t	 at_us;		/* when it began */
	char	*text;		/* a sentence, in the current language */
};

/*
 * HHKCS 2.5.2 and 3.5: the operations head reviews the logs every month.  For
 * one calendar month in the site's time zone: shifts started, handovers
 * written and acknowledged, duty events, room entries (corrected ones counted
 * once), faults opened and fixed, inspections; and the overdue items as of
 * the month's end, each also a finding: shifts open longer than
 * duty.max_shift_h, room entries without an exit by the end of their shift,
 * faults not fixed within the profile's fault_fix_days.
 */
struct records_month {
	int64_t			 from_us, to_us;
	int64_t			 shifts;
	int64_t			 handovers;
	int64_t			 handovers_acked;
	int64_t			 duty_events;
	int64_t			 shifts_overdue;
	int64_t			 room_entries;
	int64_t			 room_flagged;
	int64_t			 faults_opened;
	int64_t			 faults_fixed;
	int64_t			 faults_overdue;
	int64_t			 inspections;
	struct records_finding	*findings;
	size_t			 nfindings;
};

/* Needs review.signoff (the review that will call it: issue 13). */
int	records_month(struct vg_site *, const struct vg_actor *, int year, int month,
	    struct records_month *, struct vg_err *);
void	records_month_free(struct records_month *);

#endif
