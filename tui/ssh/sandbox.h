/* sandbox.h — the seccomp filter a connection process installs before the key exchange. */
#ifndef VG_SANDBOX_H
#define VG_SANDBOX_H

/* Needs PR_SET_NO_NEW_PRIVS first.  0, or -1 with errno (the kernel refused). */
int	sandbox_connection(void);

#endif
