/* session.h — one SSH connection process: state shared by session*.c and auth-*.c. */
/*
 * tui/ssh/ is `vigil serve`: the listener (sshd.c) forks one process per
 * connection (session.c); auth-*.c are the login methods, session-pty.c runs
 * the console on a pty and session-exec.c runs one SSH command.  Nothing here
 * decides a permission: logins and commands go through core/.  Before login
 * a connection process holds no database handle and no key but the host key;
 * its monitor (monitor.c) decides the login (privilege separation).
 */
#ifndef VG_SESSION_H
#define VG_SESSION_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/types.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

struct vg_site;
struct vg_user;
struct vg_actor;
struct vg_config;

/* What the listener hands a connection process. */
struct conn_spec {
	const char	*config;	/* vigil.cfg */
	int		 fd;		/* the accepted socket */
	int		 notify_fd;	/* write 'A' once authenticated; -1 none */
	const char	*addr;		/* peer address */
	int		 port;		/* peer port */
};

/* Methods that passed (first factor, then the one-time code). */
enum { FACTOR_NONE, FACTOR_KEY, FACTOR_PASSWORD };

struct conn {
	ssh_session		 ssh;
	ssh_event		 ev;
	struct ssh_server_callbacks_struct scb;
	struct ssh_channel_callbacks_struct ccb;
	struct vg_site		*site;		/* NULL until logged in (monitor.h) */
	struct vg_config	*cfg;		/* vigil.cfg, read before the fork of the monitor */
	int			 monitor_fd;	/* to the monitor until logged in; -1 */
	pid_t			 monitor_pid;	/* 0 once it ended */
	const struct conn_spec	*spec;
	char			 source[96];	/* "ssh ADDR:PORT": actions and sessions */
	char			 auth_source[80];	/* "ssh ADDR": login attempts, so that
						 * lockout counts by address */
	/* authentication */
	char			*login;		/* the login being tried */
	struct vg_user		*user;		/* once logged in */
	int			 factor;	/* FACTOR_*: first factor passed */
	int			 attempts;	/* counted auth requests this connection */
	int			 authed;
	int			 told_locked;	/* the lockout banner was sent */
	int			 notify_fd;	/* to the listener; -1 once told */
	char			 outcome;	/* how it ends unauthenticated (core/srclimit.h) */
	int64_t			 grace_deadline;	/* clock_mono_us */
	int64_t			 kex_deadline;		/* clock_mono_us */
	struct vg_actor		*actor;
	int64_t			 session_id;
	/* the session channel */
	ssh_channel		 chan;
	int			 pty;		/* a pty was requested */
	char			 term[64];
	struct winsize		 ws;
	char			**env;		/* accepted "NAME=value" */
	size_t			 nenv;
	char			*exec_cmd;	/* exec request waiting to run */
	char			**console_args;	/* `wall`, `play ID`: where the console opens */
	int			 nconsole_args;
	int			 want_shell;
	int			 agent_refused;	/* say so on a command's stderr */
	int			 shell_running;
	int			 master;	/* pty master; -1 */
	char			*pin;		/* client bytes the pty did not take yet */
	size_t			 npin;
	struct xfer		*xfer;		/* a download (sftp, scp) running; NULL */
	pid_t			 child;		/* console process; 0 */
	int			 child_status;
	int			 child_done;
	/* ending */
	int64_t			 last_activity_us;	/* clock_now(): idle timeout */
	int			 done;
	int64_t			 closing_until;	/* channel closed by us: wait for the client's close */
	char			 end_reason[64];
};

/* session.c */
int	 session_main(const struct conn_spec *);
void	 conn_audit(struct conn *, const char *actor, const char *action,
	     const char *object, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	 conn_end(struct conn *, const char *reason);
/* Closes the session channel and lets the client close its side before the
 * connection ends, so that it exits with the status rather than "closed by
 * remote host". */
void	 conn_close_channel(struct conn *, int status, const char *reason);

/* auth-login.c: the steps every method shares; the monitor decides (monitor.h). */
void	 sshauth_setup(struct conn *);
void	 sshauth_select_user(struct conn *, const char *login);
int	 sshauth_ask(struct conn *, char type, int nfields, const char *const *fields);
void	 sshauth_banner(struct conn *, const char *text);
/* auth-pubkey.c, auth-password.c, auth-totp.c */
int	 sshauth_pubkey_cb(ssh_session, const char *user, struct ssh_key_struct *, char state,
	     void *);
int	 sshauth_password_cb(ssh_session, const char *user, const char *pw, void *);
int	 sshauth_totp_message(struct conn *, ssh_message);

/* session-pty.c: the console on a pty, bytes pumped both ways. */
#define PTY_MAX_CELLS	1000	/* columns and rows a terminal may have */
#define PTY_MAX_PIXELS	8192	/* its width and height in pixels (an 8K screen) */
int	 pty_start(struct conn *);
/* A terminal size from the client, each dimension within 1..PTY_MAX_CELLS
 * (0 or less: 80x24) and 0..PTY_MAX_PIXELS. */
void	 pty_clamp(struct winsize *, int cols, int rows, int xpixel, int ypixel);
void	 pty_resize(struct conn *, int cols, int rows, int xpixel, int ypixel);
int	 pty_from_client(struct conn *, const void *, size_t);
/* Writes what the pty did not take before; returns the bytes still waiting. */
size_t	 pty_flush(struct conn *);
void	 pty_stop(struct conn *);

/* session-exec.c: `ssh host COMMAND`, scp and the sftp subsystem (xfer.h). */
void	 exec_run(struct conn *, const char *command);
void	 exec_subsystem(struct conn *, const char *name);
/* `ssh -t host wall`, `ssh -t host play ID ...`: the console opened on that
 * screen (it refuses as the console would).  1 if command was one of these. */
int	 exec_console_cmd(struct conn *, const char *command);

#endif
