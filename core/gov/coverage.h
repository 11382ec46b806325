/* coverage.h — how much of a requested range has recorded footage, per camera, for those who decide on it. */
#ifndef VG_COVERAGE_H
#define VG_COVERAGE_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct footage_span;

/* One camera of a request's range. */
struct coverage {
	char			*camera;
	int64_t			 range_us, recorded_us;
	struct footage_span	*spans;		/* recorded stretches and gaps, in order */
	size_t			 nspans;
	char			*line;		/* "gate-1: 75% recorded; no footage recorded ..." */
};

/*
 * The footage of each camera over [from_us, to_us), so that no one files or
 * approves an empty range unknowingly (HHKCS 3.3, DLUT art. 15: a request is
 * for footage that exists).  For someone in the procedure: request.file,
 * request.approve, request.read_all or viewing.run.  Metadata only.
 */
int	 coverage_of(struct vg_site *, const struct vg_actor *, char *const *cameras, size_t n,
	     int64_t from_us, int64_t to_us, struct coverage **, size_t *nout, struct vg_err *);
void	 coverage_free(struct coverage *, size_t n);

#endif
