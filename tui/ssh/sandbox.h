/* sandbox.h — the seccomp filter a connection process installs before the key exchange. */
#ifndef VG_SANDBOX_H
#define VG_SANDBOX_H

/* Needs PR_SET_NO_NEW_PRIVS first.  0, or -1 with errno (the kernel refused). */
int	sandbox_connection(void);

/*
 * Landlock: the calling process gives up the file system (no file or
 * directory opens, nothing is made, renamed or removed), new TCP binds and
 * connections, abstract Unix sockets and signals to processes outside it,
 * as far as the kernel's Landlock ABI goes.  What is open stays usable.
 * For a connection process of a server not started as root, which cannot
 * become another user or change its root, this is what keeps it from the
 * site's files; started as root, it comes on top of the empty root.
 * Needs PR_SET_NO_NEW_PRIVS first.  0 when it took (checked: not even "/"
 * opens), 1 when the kernel has no Landlock (nothing done), -1 with errno.
 */
int	sandbox_files(void);
/* The kernel's Landlock ABI version, 0 for none (not built, or not enabled). */
int	sandbox_landlock_abi(void);

#endif
