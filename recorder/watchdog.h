/* watchdog.h — the recorder's proof of life for systemd: threads tick, the service pings. */
#ifndef VG_REC_WATCHDOG_H
#define VG_REC_WATCHDOG_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct rec_cam;

/* The monotonic time a thread last went round its loop (0: not yet). */
struct rec_live {
	_Atomic int64_t	mono;
};

/* Called by a thread each time round its loop and while it waits on a camera. */
void	rec_live_tick(struct rec_live *);

/*
 * Pings systemd's watchdog (when due) only while every running camera thread
 * and the index writer have ticked within the watchdog interval: a thread
 * that hangs stops the pings, and systemd restarts the recorder.  A camera
 * that is offline is not a hang: its thread ticks while it waits and retries.
 * Returns 1 pinged, 0 not due or no watchdog, -1 withheld (stalled names the
 * thread, if given).
 */
int	rec_watchdog(struct rec_cam *const *cams, size_t n, const struct rec_live *writer,
	    char *stalled, size_t len);

#endif
