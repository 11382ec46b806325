/* clock.h — the one source of wall-clock time; tests inject it. */
#ifndef VG_CLOCK_H
#define VG_CLOCK_H

#include <stdint.h>

#define VG_USEC_PER_SEC INT64_C(1000000)

/*
 * Microseconds since the Unix epoch, UTC.  Normally the system clock; a test
 * may freeze it (clock_set_fixed) or, for whole processes, point
 * VIGIL_CLOCK_FILE at a file holding "+N"/"-N" (seconds added to the real
 * clock) or "@N" (frozen at epoch second N), re-read on every call so a running
 * server can be moved forward.
 */
int64_t	clock_now(void);
void	clock_set_fixed(int64_t us);	/* 0 returns to the real clock */
void	clock_advance(int64_t us);	/* only while fixed */
int64_t	clock_mono_us(void);		/* monotonic, for timeouts only */
/* Opens VIGIL_CLOCK_FILE now and reads it through that descriptor from then
 * on (a process about to lose sight of the file system). */
void	clock_keep_file(void);

#endif
