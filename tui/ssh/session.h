/* session.h — one SSH connection: state shared by session*.c, relay.c, worker.c and auth-*.c. */
/*
 * tui/ssh/ is `vigil serve`: the listener (sshd.c) forks one process per
 * connection (session.c); auth-*.c are the login methods.  Nothing here
 * decides a permission: logins and commands go through core/.
 *
 * Privilege separation: the connection process keeps the SSH transport for
 * the whole connection and never holds a database handle or any key but the
 * host key (started as root, it runs as ssh.prelogin_user in an empty root).
 * Its monitor (monitor.c) holds the site, decides the login and, after it,
 * starts each piece of the session's work in a worker (worker.c): the
 * console on a pty (session-pty.c), one SSH command (session-exec.c) or a
 * download (xfer.h).  The connection process relays the channel to the
 * worker's descriptors (relay.c).  The same struct conn serves both: in the
 * worker, chan is NULL and worker is set.
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
struct psmsg;

/* What the listener hands a connection process. */
struct conn_spec {
	const char	*config;	/* vigil.cfg */
	int		 fd;		/* the accepted socket */
	int		 notify_fd;	/* write 'A' once authenticated; -1 none */
	const char	*addr;		/* peer address */
	int		 port;		/* peer port */
	/* started as root: who the connection process becomes, and its empty root */
	int		 drop;		/* 0: stay who the listener is */
	uid_t		 uid;
	gid_t		 gid;
	int		 root_fd;	/* an empty directory, open; -1 */
};

/* A job's descriptors in the connection process. */
enum { JOB_NONE, JOB_PTY, JOB_PIPES };

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
	/* the job, seen from the connection process (relay.c) */
	int			 job;		/* JOB_*: started */
	int			 job_busy;	/* an SSH command: not idle while it runs */
	int			 master;	/* pty master; -1 */
	int			 jio;		/* the worker's stdin+stdout socket; -1 */
	int			 jerr;		/* its stderr socket (acks go back on it); -1 */
	int			 jio_paused;	/* the channel's window is shut */
	int			 jio_eof, jerr_eof, jin_shut;
	int			 client_eof;	/* the client sent EOF */
	uint64_t		 delivered;	/* worker output bytes written to the channel */
	int			 job_exited;	/* the monitor said it ended ('X') */
	int			 job_status, job_signal;
	int64_t			 job_exited_us;	/* clock_mono_us */
	int			 mon_watched;	/* monitor_fd is in the event */
	char			*pin;		/* client bytes the job did not take yet */
	size_t			 npin;
	/* in the worker (worker.c) */
	int			 worker;
	int			 wfd_in, wfd_out, wfd_err;
	int			 in_eof;	/* its input ended */
	int			 exit_status;
	struct xfer		*xfer;		/* a download (sftp, scp) running; NULL */
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
/* Output on the channel (or, in the worker, its stdout or stderr): all of it,
 * waiting for the window. */
void	 conn_write(struct conn *, int is_stderr, const void *, size_t);

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

/* session-pty.c: the console, run by the worker on the pty slave it was given. */
#define PTY_MAX_CELLS	1000	/* columns and rows a terminal may have */
#define PTY_MAX_PIXELS	8192	/* its width and height in pixels (an 8K screen) */
/* Execs the console (does not return), or refuses without a terminal. */
void	 pty_start(struct conn *);
/* A terminal size from the client, each dimension within 1..PTY_MAX_CELLS
 * (0 or less: 80x24) and 0..PTY_MAX_PIXELS. */
void	 pty_clamp(struct winsize *, int cols, int rows, int xpixel, int ypixel);

/* relay.c: in the connection process, the job the monitor starts and its bytes. */
/* Asks the monitor for the job ("shell", "exec" or "subsystem"): 0, or -1
 * when it could not start (the caller tells the client). */
int	 job_start(struct conn *, const char *kind, const char *what);
/* Keystrokes and other client bytes for the job; returns what it took. */
int	 relay_input(struct conn *, const void *, size_t);
/* Writes what the job did not take before; returns the bytes still waiting. */
size_t	 relay_flush(struct conn *);
/* After each turn of the loop: resumes output the window held back, passes
 * the client's EOF on, and ends the channel once the job ended. */
void	 relay_poll(struct conn *);
/* Ends the job now (idle time-out, revoked login, shutdown). */
void	 job_stop(struct conn *);
/* The connection ends: the job is ended, but an SSH command is left to run
 * to its end (the monitor waits for it). */
void	 job_leave(struct conn *);
void	 pty_resize(struct conn *, int cols, int rows, int xpixel, int ypixel);
/* Waits for the monitor's message of this type; an 'X' meanwhile is kept. */
int	 mon_wait(struct conn *, char type, struct psmsg *);

/* worker.c: the worker the monitor forks for one job (monitor.c). */
struct worker_job {
	const char	*config;
	const char	*login;
	const char	*source;
	int64_t		 session_id;
	const char	*kind, *what, *term, *size, *env, *flags;	/* the 'J' fields */
	int		 in, out, err;	/* its descriptors (one pty slave for all three) */
};
int	 worker_main(const struct worker_job *);

/* session-exec.c (in the worker): `ssh host COMMAND`, scp and the sftp subsystem (xfer.h). */
void	 exec_run(struct conn *, const char *command);
void	 exec_subsystem(struct conn *, const char *name);
/* `ssh -t host wall`, `ssh -t host play ID ...`: the console opened on that
 * screen (it refuses as the console would).  1 if command was one of these. */
int	 exec_console_cmd(struct conn *, const char *command);

#endif
