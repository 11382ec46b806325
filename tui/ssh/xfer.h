/* xfer.h — downloads over the session channel: the SFTP subsystem and legacy scp, from the read-only tree. */
#ifndef VG_XFER_H
#define VG_XFER_H

#include <stddef.h>

struct conn;

/*
 * What session.c and session-exec.c know of downloads: start one, feed it the
 * client's bytes, let it send while the channel's window allows, end it.  The
 * tree and every permission come from core/gov/downloads.h; sftp.c and scp.c
 * speak the protocols, xfer.c holds what they share.  The connection process
 * stays one event loop: nothing here blocks waiting for the client.
 */

/* The subsystem "sftp" (also what modern scp uses). */
void	xfer_start_sftp(struct conn *);
/* An exec of "scp ..." (scp -O): -f sends files; anything else is refused. */
void	xfer_start_scp(struct conn *, int argc, char **argv);
/* Client bytes while a transfer runs or is about to (channel data callback,
 * before the request that starts it is answered); returns what it took. */
int	xfer_input(struct conn *, const void *, size_t);
/* Answers what can be answered and sends while the window is open; 1 when
 * there is more to send at once (poll without waiting), else 0. */
int	xfer_pump(struct conn *);
/* The connection ends, or the channel runs something else: downloads still
 * open are recorded as they stand, input held is dropped. */
void	xfer_end(struct conn *);

#endif
