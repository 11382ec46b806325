/* review-int.h — what the review's modules (review, review-findings, review-sections, review-report) share. */
#ifndef VG_REVIEW_INT_H
#define VG_REVIEW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/gov/review.h"

struct vg_site;
struct vg_err;

/* A camera's stretch of trouble overlapping a month: offline, covered or
 * moved, from one event until the one that ended it (0: not ended yet). */
struct review_outage {
	char	 camera[40];
	char	 kind[16];	/* offline | covered | moved */
	int64_t	 from_us, to_us;
	char	*reason;	/* the recorder's detail of the event that began it */
};

/* Every stretch of trouble of every camera that overlaps [from, to), in the
 * order they began (review-sections.c). */
struct review_outage	*review_outages(struct vg_site *, int64_t from_us, int64_t to_us,
			    size_t *n);
void			 review_outages_free(struct review_outage *, size_t n);

/* What the checks said when the review was built. */
struct review_checks {
	int		 audit_ok;
	const char	*audit_result;
	int		 footage_ok;	/* -1 not run */
	const char	*footage_result;
	int64_t		 footage_problems;
};

/* The findings the records give for [from, to) now (review-findings.c). */
struct review_finding	*review_compute(struct vg_site *, int64_t from_us, int64_t to_us,
			    const struct review_checks *, size_t *n);
void			 review_findings_free(struct review_finding *, size_t n);

/* "OBJECT (#12, #15)" for each audit object, the ids of its first entries,
 * joined with "; " (caller frees). */
char	*review_links(struct vg_site *, const char *const *objects, size_t n);

/* The months of the site: from its first audit entry's month to now's. */
int64_t	 review_site_first_month(struct vg_site *);
/* "YYYY-MM" of a month start. */
void	 review_month_name(int64_t from_us, char out[8]);
/* The next month's start. */
int64_t	 review_month_next(int64_t from_us);

/* /reports/ in the download tree (review-report.c; downloads.h). */
struct dl_entry;
struct dl_file;
struct vg_actor;
int	reports_dl_list(struct vg_site *, const struct vg_actor *, struct dl_entry **, size_t *n,
	    struct vg_err *);
int	reports_dl_lookup(struct vg_site *, const struct vg_actor *, const char *name,
	    struct dl_entry *, struct vg_err *);
int	reports_dl_open(struct vg_site *, const struct vg_actor *, const char *name,
	    const char *protocol, struct dl_file *, struct vg_err *);
int	reports_dl_close(struct vg_site *, const struct vg_actor *, struct dl_file *,
	    int64_t from, int64_t bytes, int complete, struct vg_err *);

/* Whether the actor may read reviews: review.signoff or audit.read. */
int	 review_may_read(struct vg_site *, const struct vg_actor *, struct vg_err *);

#endif
