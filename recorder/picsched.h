/* picsched.h — when a camera's keyframes are decoded: tamper checks and latest frames. */
#ifndef VG_PICSCHED_H
#define VG_PICSCHED_H

#include <stdint.h>

/* What a keyframe is decoded for. */
enum {
	PIC_TAMPER	= 0x1,	/* a covered/moved sample (and the first reference) */
	PIC_THUMB	= 0x2	/* the latest frame in the run directory */
};

/*
 * A covered or turned camera must be found within recorder.tamper_interval_s
 * (I), and a change needs TAMPER_MOVED_AFTER samples in a row (tamper.h) so
 * that one odd picture raises nothing.  Samples are taken every I/2; once a
 * sample points at a change, the confirming ones follow every I/8.  A change
 * is then confirmed at most I/2 + 2*I/8 after it happened, plus a keyframe
 * interval per sample (a sample waits for the next keyframe): within I for
 * keyframes at most I/12 apart (2.5 s at the default 30 s).  An unchanged
 * camera costs one keyframe decode every I/2.  Latest frames come every
 * recorder.thumb_interval_s; a decode made for either serves both.
 */
struct picsched {
	int64_t	 every, confirm, thumb;		/* periods, µs */
	int64_t	 next_tamper, next_thumb;	/* monotonic µs; 0: the next keyframe */
};

/* The first decode comes at first_us (monotonic; 0: the first keyframe):
 * the service staggers cameras over the first period so that a recorder
 * starting with hundreds of cameras does not decode all their keyframes at
 * once. */
void	picsched_init(struct picsched *, int tamper_interval_s, int thumb_interval_s,
	    int64_t first_us);
/* What a keyframe arriving at now is to be decoded for: PIC_* bits, 0 for nothing. */
int	picsched_due(const struct picsched *, int64_t now);
/* After a decode made for `what` at now; pending: the tamper state waits for
 * confirming samples (tamper_pending). */
void	picsched_done(struct picsched *, int what, int64_t now, int pending);

#endif
