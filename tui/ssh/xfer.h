/* xfer.h — downloads over the session channel: the SFTP subsystem and legacy scp, from the read-only tree. */
#ifndef VG_XFER_H
#define VG_XFER_H

#include <stddef.h>
#include <stdint.h>

struct conn;

/*
 * What the worker (worker.c) and session-exec.c know of downloads: start one,
 * feed it the client's bytes, let it send while its socket to the connection
 * process takes them, end it.  The tree and every permission come from
 * core/gov/downloads.h; sftp.c and scp.c speak the protocols, xfer.c holds
 * what they share.  Nothing here blocks waiting for the client.
 *
 * What a download record says was sent is what reached the SSH channel: the
 * connection process acknowledges the bytes of the worker's output it wrote
 * to the channel (xfer_acked), and a file's record is written once every part
 * of it is acknowledged, or, at the end, with only the parts that were.
 */

/* The subsystem "sftp" (also what modern scp uses). */
void	xfer_start_sftp(struct conn *);
/* An exec of "scp ..." (scp -O), the command as sent (scp-glob.h splits it
 * as a shell would): -f sends files; anything else is refused. */
void	xfer_start_scp(struct conn *, const char *command);
/* Client bytes for the transfer; returns what it took. */
int	xfer_input(struct conn *, const void *, size_t);
/* Answers what can be answered and sends while the socket takes it; 1 when
 * there is more to do at once (poll without waiting), else 0. */
int	xfer_pump(struct conn *);
/* An answer is waiting for the socket to take it. */
int	xfer_pending(struct conn *);
/* The connection process wrote this many bytes of the output to the channel. */
void	xfer_acked(struct conn *, uint64_t);
/* Everything written was acknowledged. */
int	xfer_all_acked(struct conn *);
/* The connection ends, or the channel runs something else: downloads still
 * open are recorded as they stand, input held is dropped. */
void	xfer_end(struct conn *);

#endif
