/* footage.h — what a camera recorded over a range: recorded stretches, and gaps with the reason the recorder logged. */
#ifndef VG_FOOTAGE_H
#define VG_FOOTAGE_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;

/* One stretch of a range: recorded (segments cover it) or a gap. */
struct footage_span {
	int64_t	 from_us, to_us;
	int	 recorded;
	char	 why[256];	/* a gap: why, in the current language ("camera offline: ...") */
};

/*
 * The range [from_us, to_us) of a camera as alternating recorded stretches
 * and gaps, in order.  Segments closer than a second are one stretch.  A
 * gap's reason comes from what the recorder logged (camera_events: offline,
 * disk.stop, record.error, motion.end), from retention (segment_cuts), from
 * the camera's motion mode, or says that nothing was logged.  Metadata only:
 * no footage is read.
 */
int	 footage_coverage(struct vg_site *, const char *camera, int64_t from_us, int64_t to_us,
	     struct footage_span **, size_t *n, struct vg_err *);
/* Microseconds of the spans that are recorded. */
int64_t	 footage_recorded_us(const struct footage_span *, size_t n);
/*
 * One line for people deciding on a range (request preview, show, the
 * approval screen): "gate-1: 75% recorded; no footage recorded 14:00:00–
 * 14:30:00: camera offline (...)", or "gate-1: recorded throughout".
 * Caller frees.
 */
char	*footage_describe(struct vg_site *, const char *camera, int64_t from_us, int64_t to_us);

#endif
