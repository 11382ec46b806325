/* dts.h — decoding times for pictures that arrive with their presentation times only. */
#ifndef VG_DTS_H
#define VG_DTS_H

#include <stdint.h>

#include "recorder/sps.h"

#define DTS_MAX_DEPTH	SPS_MAX_REORDER
#define DTS_MAX_OUT	(2 * DTS_MAX_DEPTH + 1)

/*
 * RTP carries each picture's presentation time (PTS) and nothing else; a
 * stream with B-frames sends pictures out of presentation order, and an MP4
 * file needs their decoding times (DTS) too, rising strictly, each no later
 * than its picture's PTS.  With a reorder depth D (the SPS says it, or bounds
 * it), picture n in decoding order is decoded when picture n-D in
 * presentation order is due, so its DTS is the (D+1)-th largest PTS seen up
 * to and including it.  The first D pictures have no such earlier picture:
 * their DTS are extrapolated back from the smallest PTS by the frame
 * interval, which the generator learns by holding the first 2D+1 pictures
 * before it answers.  PTS are never changed.
 *
 * A stream that reorders deeper than D raises D as it shows it; a jump of
 * the PTS by more than `jump` ticks either way (a camera that restarted its
 * clock) starts the generator over.
 */
struct dts_gen {
	int	 depth;
	int64_t	 jump;
	int64_t	 top[DTS_MAX_DEPTH + 2];	/* the depth+1 largest PTS, ascending */
	int	 ntop;
	int64_t	 held[2 * DTS_MAX_DEPTH + 1];	/* PTS held while priming */
	int	 nheld;
	int64_t	 last;				/* last DTS given; INT64_MIN at first */
	int64_t	 deepened, restarts, clamped;	/* for the log and the tests */
};

void	dts_init(struct dts_gen *, int depth, int64_t jump);
/*
 * Takes the next picture's PTS (in decoding order); writes the DTS now known,
 * oldest first, to out (room for DTS_MAX_OUT) and returns how many:
 * 0 while priming, then all the held pictures' at once, then one per picture.
 */
int	dts_push(struct dts_gen *, int64_t pts, int64_t *out);

#endif
