/* monitor.h — the per-connection monitor: decides logins and runs the session's work for a process holding nothing. */
#ifndef VG_MONITOR_H
#define VG_MONITOR_H

/*
 * Privilege separation, as OpenSSH has it: a connection process forks its
 * monitor first thing.  The monitor becomes the site's owner, opens the site
 * and answers login requests on fd (privsep-msg.h).  After a login it stays
 * for the connection: it starts each job the connection asks for in a worker
 * (worker.c) whose descriptors it passes to the connection process, says
 * when the worker ended, and closes the session when the connection ends or
 * goes.  The connection process never holds a database handle or any key but
 * the host key.  Returns the exit status.
 */
int	monitor_main(int fd, const char *config, const char *addr, int port);

#endif
