/* privsep-msg.h — the messages between a connection process and its monitor. */
#ifndef VG_PRIVSEP_MSG_H
#define VG_PRIVSEP_MSG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Before login, a connection process holds no database handle and no key
 * but the host key; it asks its monitor (tui/ssh/monitor.c), which holds
 * the site, to decide each login attempt.  One message on the socketpair:
 *
 *   u32 length (big-endian) of what follows, at most PSMSG_MAX
 *   u8  type (a letter, below)
 *   u8  number of fields, exactly the type's
 *   per field: u16 length (big-endian), then that many bytes, none NUL
 *
 * psmsg_parse() is the only reader, and what the fuzz harness drives
 * (tests/fuzz/fuzz_privsep.c).  Requests, from the connection process:
 *   'P' password     login, password
 *   'K' public key   login, state ("probe", "valid", "wrong"), key type, base64 blob
 *   'T' one-time code  login, code
 *   'A' audit        action ("ssh.refuse" or "auth.grace"; after login
 *                    "ssh.refuse" only), detail
 * Once logged in, the monitor stays for the connection and runs its work in
 * a worker process (tui/ssh/worker.c); requests then:
 *   'J' job          kind ("shell", "exec", "subsystem"), command or subsystem
 *                    name, terminal type ("" without a pty), size ("COLS ROWS
 *                    XPIXEL YPIXEL"), environment ("NAME=value" lines),
 *                    flags ("a": agent forwarding was refused)
 *   'H' halt         (no fields): the job is to end (SIGTERM)
 *   'Q' query        (no fields): may the user still be logged in?  Answered 'R'
 *   'E' end          reason: the connection ends; the monitor closes the
 *                    session, ends the job and exits
 * Answers and news, from the monitor:
 *   'R' reply        result ("denied", "partial", "success"), counted ("0"/"1"),
 *                    outcome (a srclimit event letter or ""), banner text (or ""),
 *                    session id (decimal, "0" unless success)
 *   'S' started      "pty", "pipes" (a download) or "command" (an SSH command,
 *                    which runs to its end) ("" when it could not start), then the
 *                    descriptors with psmsg_send_fds(): the pty master, or the
 *                    worker's stdin+stdout and stderr sockets
 *   'X' exited       exit status, signal (decimal; "0" when it exited)
 */
#define PSMSG_MAX	8192	/* bytes after the length */
#define PSMSG_FIELDS	6	/* at most, in any type */
#define PSMSG_MAX_FDS	2	/* descriptors one psmsg_send_fds() passes */

struct psmsg {
	char		 type;
	int		 nfields;
	const char	*f[PSMSG_FIELDS];	/* NUL-terminated, into buf */
	char		 buf[PSMSG_MAX];
};

/* The body (after the length) into m: 0, or -1 when it is not a well-formed
 * message of a known type. */
int	psmsg_parse(const uint8_t *body, size_t len, struct psmsg *m);
/* A whole message, length included, into out (of PSMSG_MAX + 4 bytes):
 * its size, or 0 when the fields do not fit or nfields is not the type's. */
size_t	psmsg_encode(char type, int nfields, const char *const *fields, uint8_t *out);

/* On a socket: 0, or -1 (closed, short, malformed).  Blocking. */
int	psmsg_send(int fd, char type, int nfields, const char *const *fields);
int	psmsg_recv(int fd, struct psmsg *m);
/* Descriptors (at most PSMSG_MAX_FDS) with SCM_RIGHTS, on one byte: 0, or -1.
 * The receiver gets exactly n, close-on-exec, or -1 and none. */
int	psmsg_send_fds(int fd, const int *fds, int n);
int	psmsg_recv_fds(int fd, int *fds, int n);

#endif
