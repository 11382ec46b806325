/* sshd.h — `vigil serve`: the SSH server that gives people the console and the commands. */
#ifndef VG_SSHD_H
#define VG_SSHD_H

/* vigil serve [--config PATH] [--listen ADDRESS:PORT]; runs until SIGTERM/SIGINT. */
int	sshd_main(int argc, char **argv);

#endif
