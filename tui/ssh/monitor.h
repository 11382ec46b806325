/* monitor.h — the per-connection monitor that decides logins for a process holding nothing. */
#ifndef VG_MONITOR_H
#define VG_MONITOR_H

/*
 * Privilege separation, as OpenSSH has it: a connection process forks its
 * monitor first thing.  The monitor opens the site and answers login
 * requests on fd (privsep-msg.h) until told the login is done or the
 * connection process goes; the connection process keeps no database handle
 * and no key but the host key until its login succeeded.  Returns the exit
 * status.
 */
int	monitor_main(int fd, const char *config, const char *addr, int port);

#endif
