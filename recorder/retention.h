/* retention.h — deleting footage only when it is past its camera's retention and not held. */
#ifndef VG_RETENTION_H
#define VG_RETENTION_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

struct retention_cam {
	char	 camera[40];
	int	 days;		/* effective retention */
	int64_t	 cutoff_us;	/* segments that ended before this are expired */
	int64_t	 segments, bytes;	/* to purge */
	int64_t	 seq_from, seq_to;
	char	 cut_chain[65];	/* link of the newest purged segment: where the cut ends */
	int64_t	 held;		/* expired, but kept by an active hold */
	int64_t	 requested;	/* expired, but asked for by an open request */
};

struct retention_report {
	struct retention_cam	*v;
	size_t			 n;
	int64_t			 segments, bytes, held, requested;
};

/*
 * One retention pass as of now (capability retention.run).  A segment goes
 * only when it ended more than its camera's retention ago, no active hold
 * on that camera overlaps it, and no submitted request or unexpired grant
 * asks for it; nothing inside retention is touched (GCU art. 6,
 * DLUT art. 13, HHKCS 3.3).  dry_run reports what would go and changes
 * nothing.  Otherwise the durability order of DESIGN §5: rows marked garbage
 * and the purge audited (one entry per camera: count, bytes, the seq range and
 * the chain position it cuts), files unlinked, directories synced, rows
 * dropped and the cut recorded in segment_cuts.
 */
int	retention_run(struct vg_site *, const struct vg_actor *, int64_t now, int dry_run,
	    struct retention_report *, struct vg_err *);
/* Finishes purges whose rows are marked garbage (after a crash, or now). */
int	retention_finish(struct vg_site *, struct vg_err *);
void	retention_report_free(struct retention_report *);

#endif
