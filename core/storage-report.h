/* storage-report.h — footage held per camera, its rate, holds, and how long the free space lasts: `storage` for ICT. */
#ifndef VG_STORAGE_REPORT_H
#define VG_STORAGE_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

struct storage_cam {
	char	*camera;
	int	 retention_days;	/* effective */
	int64_t	 segments;
	int64_t	 bytes;
	int64_t	 oldest_us, newest_us;	/* 0: nothing recorded */
	int64_t	 held_bytes;		/* footage an active hold keeps */
	double	 rate_per_day;		/* bytes a day over the last 7 days recorded */
	int64_t	 needed_bytes;		/* rate × retention: what full retention takes */
};

struct storage_report {
	struct storage_cam	*v;
	size_t			 n;
	int64_t			 bytes, held_bytes, needed_bytes;
	double			 rate_per_day;
	int64_t			 free_bytes, total_bytes;	/* -1 unknown */
	double			 days_left;	/* free space at the current rate; -1 none recorded */
};

/*
 * Per camera (not removed): the footage held, its oldest and newest, the rate
 * it was recorded at over its last 7 days, its retention and what keeping all
 * of it takes at that rate, the bytes under active holds; for the storage, its
 * free space and how many days that lasts at the cameras' current rate.
 * Metadata only.  Needs retention.run or footage.verify (ICT's maintenance).
 */
int	storage_report(struct vg_site *, const struct vg_actor *, int64_t now,
	    struct storage_report *, struct vg_err *);
void	storage_report_free(struct storage_report *);

#endif
