/* sdnotify.h — systemd's readiness and watchdog protocol (sd_notify), without libsystemd. */
#ifndef VG_SDNOTIFY_H
#define VG_SDNOTIFY_H

#include <stdint.h>

/*
 * A service started by systemd with Type=notify finds the manager's socket in
 * $NOTIFY_SOCKET (a path, or "@name" for an abstract socket) and the watchdog
 * in $WATCHDOG_USEC (and $WATCHDOG_PID, the process it is meant for).
 * sdn_init takes them and removes them from the environment, so that nothing
 * the service forks (connection processes, the console, a witness command)
 * speaks for it.  Outside systemd every call below does nothing.
 */
void	 sdn_init(void);
/* Sends one state datagram ("READY=1", "STATUS=...", "STOPPING=1").
 * 1 sent, 0 no socket configured, -1 the send failed. */
int	 sdn_send(const char *state);
int	 sdn_sendf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog interval in microseconds, 0 when there is none. */
int64_t	 sdn_watchdog_usec(void);
/* WATCHDOG=1 when half the interval has passed since the last ping: 1 sent,
 * 0 not due or no watchdog, -1 the send failed. */
int	 sdn_watchdog_ping(void);

#endif
