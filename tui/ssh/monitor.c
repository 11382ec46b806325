/* monitor.c — the privileged half of a connection: holds the site, decides each login attempt, starts the session's work. */
#include "tui/ssh/monitor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/site.h"
#include "core/srclimit.h"
#include "core/timefmt.h"
#include "core/totp.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/cli/cmd.h"
#include "tui/ssh/privsep-msg.h"
#include "tui/ssh/session.h"

/* Methods that passed (first factor, then the one-time code). */
enum { MF_NONE, MF_KEY, MF_PASSWORD };

/* The monitor's view of the connection, and its answer being built. */
struct mon {
	struct vg_site	*site;
	pid_t		 conn_pid;	/* the connection process: its session row names it */
	char		 source[96];	/* "ssh ADDR:PORT" */
	char		 auth_source[80];	/* "ssh ADDR" */
	char		*login;
	struct vg_user	*user;		/* NULL: no such user */
	int		 factor;	/* MF_* */
	int		 told_locked;
	/* the answer */
	const char	*result;	/* "denied", "partial", "success" */
	int		 counted;
	char		 outcome;
	char		*banner;
	int64_t		 sid;
	/* after login */
	const char	*config;
	int64_t		 session;	/* the session row; 0 before login */
	pid_t		 job;		/* the worker; 0 */
	int		 job_runs_out;	/* a command: it runs to its end when the connection goes */
	int		 halted;	/* the connection process ended the job ('H') */
	int		 job_fd;	/* a pidfd on it; -1 */
	int		 jobs;		/* started this connection */
	char		 reason[64];	/* how the connection ended */
	int		 told_end;	/* the connection process said so ('E') */
};

static void
mon_audit(struct mon *m, const char *action, const char *detail)
{
	const char *who = m->login ? m->login : "-";
	struct vg_err err;

	if (site_begin(m->site, &err) != 0 ||
	    audit_append(m->site, who, action, who, detail, m->source, &err) != 0 ||
	    site_commit(m->site, &err) != 0) {
		site_rollback(m->site);
		fprintf(stderr, "vigil serve: %s: cannot audit %s: %s\n", m->source, action,
		    err.msg);
	}
}

static void
say(struct mon *m, char *text)
{
	char *all = xasprintf("%s%s", m->banner ? m->banner : "", text);

	free(m->banner);
	free(text);
	m->banner = all;
}

/*
 * SSH lets a client change the user name between requests; a factor passed
 * for one login never counts for another.  Names that cannot be logins are
 * kept as one placeholder, so nothing a client types lands in the audit raw.
 */
static void
select_user(struct mon *m, const char *login)
{
	const char *name = valid_login(login) ? login : "(invalid)";

	if (m->login != NULL && strcmp(m->login, name) == 0)
		return;
	free(m->login);
	users_free(m->user);
	m->login = xstrdup(name);
	m->user = strcmp(name, "(invalid)") == 0 ? NULL : users_get(m->site, name);
	m->factor = MF_NONE;
	m->told_locked = 0;
}

/* Records a failure (audited with the source) and waits the growing delay. */
static void
failed(struct mon *m, const char *method, const char *why)
{
	struct vg_err err;

	m->counted = 1;
	m->outcome = srclimit_event_code(SRCLIMIT_AUTHFAIL);
	if (auth_record_attempt(m->site, m->login, m->auth_source, method, 0, why, &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", m->source, err.msg);
	usleep((useconds_t)auth_failure_delay_ms(m->site, m->login, m->auth_source, method) * 1000);
}

static void
tell_locked(struct mon *m, const char *method, int fails, int64_t until)
{
	char t[32];

	if (m->told_locked)
		return;
	if (auth_method_factor(method) == AUTH_F_TOTP)
		say(m, xasprintf(_("vigil: too many wrong one-time codes for %s or from this address "
		    "(%d); codes are refused until %s.\n"), m->login, fails, time_fmt(until, t)));
	else
		say(m, xasprintf(_("vigil: too many failed passwords for %s or from this address "
		    "(%d); passwords are refused until %s. A registered key still works.\n"),
		    m->login, fails, time_fmt(until, t)));
	m->told_locked = 1;
}

/*
 * Refuses an attempt while its method (passwords, or one-time codes) is
 * locked for the login or the address (ssh.lockout_failures failures within
 * ssh.lockout_window_s), even with the right answer, and tells the person why
 * and until when.  Public keys are never locked (core/auth.h).  The refused
 * attempt is audited but not counted as a failure, so it does not extend the
 * lock.
 */
static int
gate(struct mon *m, const char *method)
{
	struct vg_err err;
	int64_t until;
	int fails;

	if (!auth_locked(m->site, m->login, m->auth_source, method, &until, &fails))
		return 0;
	tell_locked(m, method, fails, until);
	m->counted = 1;
	if (auth_record_refusal(m->site, m->login, m->auth_source, method, "locked out", &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", m->source, err.msg);
	usleep((useconds_t)auth_failure_delay_ms(m->site, m->login, m->auth_source, method) * 1000);
	return -1;
}

/* Both factors passed: audit the login and take a session place for the connection process. */
static void
complete(struct mon *m, const char *method)
{
	struct vg_err err;
	int64_t sid;

	if (auth_record_attempt(m->site, m->login, m->auth_source, method, 1, NULL, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: %s\n", m->source, err.msg);
		return;
	}
	sid = auth_session_open_limited(m->site, m->user->id, m->login, m->source, "ssh",
	    (int)m->conn_pid, m->site->cfg.ssh_max_sessions_per_user, &err);
	if (sid < 0) {
		say(m, xasprintf("vigil: %s\n", err.msg));
		mon_audit(m, "session.refuse", err.msg);
		m->counted = 1;
		m->outcome = srclimit_event_code(SRCLIMIT_NONE);	/* it did authenticate */
		return;
	}
	m->sid = sid;
	m->result = "success";
}

static void
first_factor_ok(struct mon *m, int factor, const char *method)
{
	struct vg_err err;

	if (auth_login_allowed(m->site, m->user, &err) != 0) {
		say(m, xasprintf("vigil: %s\n", err.msg));
		failed(m, method, err.msg);
		return;
	}
	m->factor = factor;
	if (auth_totp_required(m->site, m->user)) {
		m->result = "partial";
		return;
	}
	complete(m, method);
}

static void
on_password(struct mon *m, const char *pw)
{
	if (m->factor != MF_NONE || gate(m, "password") != 0)
		return;		/* after a first factor, the one-time code is what is missing */
	if (!auth_check_password(m->site, m->user, pw)) {
		failed(m, "password", m->user ? "wrong password" : "unknown user");
		return;
	}
	first_factor_ok(m, MF_PASSWORD, "password");
}

/*
 * Asked twice per key: first as a probe ("would this key do?"), answered
 * from the register before the client signs anything; then with the
 * signature, which the connection process's libssh verified ("valid" or
 * "wrong").  Probes with keys that are not registered are not failed logins:
 * clients offer every key they hold.  Keys are never locked out.
 */
static void
on_pubkey(struct mon *m, const char *state, const char *type, const char *b64)
{
	int match;

	if (m->factor != MF_NONE)
		return;
	match = m->user != NULL && users_key_matches(m->site, m->user->id, type, b64);
	if (strcmp(state, "probe") == 0) {
		m->counted = !match;
		m->result = match ? "success" : "denied";
	} else if (strcmp(state, "valid") != 0)
		failed(m, "publickey", "bad signature");
	else if (!match)
		failed(m, "publickey", "key not registered");
	else
		first_factor_ok(m, MF_KEY, "publickey");
}

static void
on_totp(struct mon *m, const char *code)
{
	const char *method = m->factor == MF_KEY ? "publickey+totp" : "password+totp";
	struct vg_err err;
	int r;

	if (m->factor == MF_NONE || m->user == NULL || gate(m, method) != 0)
		return;
	if (code[0] == '\0') {
		failed(m, method, "no one-time code given");
		return;
	}
	r = totp_check(m->site, m->user->id, m->login, code, m->auth_source, &err);
	if (r < 0)
		fprintf(stderr, "vigil serve: %s: %s\n", m->source, err.msg);
	if (r != 1)
		failed(m, method, "wrong or reused one-time code");
	else
		complete(m, method);
}

/* What a connection process may put in the audit: refusals and, before login, its time-out. */
static void
on_audit(struct mon *m, const char *action, const char *detail)
{
	if (strcmp(action, "ssh.refuse") == 0 ||
	    (m->session == 0 && strcmp(action, "auth.grace") == 0))
		mon_audit(m, action, detail);
	else
		fprintf(stderr, "vigil serve: %s: monitor: refused to audit %.40s\n", m->source,
		    action);
}

static int
answer(int fd, struct mon *m)
{
	char sid[24], outcome[2] = { m->outcome, '\0' };
	const char *f[5] = { m->result, m->counted ? "1" : "0", outcome,
	    m->banner ? m->banner : "", sid };

	snprintf(sid, sizeof sid, "%lld", (long long)m->sid);
	return psmsg_send(fd, 'R', 5, f);
}

/* One request; 1 when the monitor is done. */
static int
serve_one(int fd, struct mon *m, const struct psmsg *q)
{
	free(m->banner);
	m->banner = NULL;
	m->result = "denied";
	m->counted = 0;
	m->outcome = '\0';
	m->sid = 0;
	if (q->type == 'A') {
		on_audit(m, q->f[0], q->f[1]);
		return 0;	/* no answer */
	}
	select_user(m, q->f[0]);
	if (q->type == 'P')
		on_password(m, q->f[1]);
	else if (q->type == 'K')
		on_pubkey(m, q->f[1], q->f[2], q->f[3]);
	else if (q->type == 'T')
		on_totp(m, q->f[1]);
	else
		return 1;	/* not a request: the connection process is not to be trusted */
	if (answer(fd, m) != 0)
		return 1;
	m->session = m->sid;	/* logged in: the session's requests from now on */
	return 0;
}

/*---- After login: the session's work ----*/

/* The console: a terminal was asked for, and a shell, `wall` or `play` (in
 * the grammar the worker will read the command with, session-exec.c). */
static int
wants_console(const struct psmsg *q)
{
	struct vg_err err;
	char **argv = NULL;
	int argc = 0, yes;

	if (q->f[2][0] == '\0')
		return 0;
	if (strcmp(q->f[0], "shell") == 0)
		return 1;
	if (strcmp(q->f[0], "exec") != 0 || cmd_split(q->f[1], &argc, &argv, &err) != 0)
		return 0;
	yes = argc > 0 && (strcmp(argv[0], "wall") == 0 || strcmp(argv[0], "play") == 0);
	cmd_free_argv(argc, argv);
	return yes;
}

/* An SSH command other than scp: like one run in-process, it is not cut off
 * half-way because the client went (a download is). */
static int
runs_out(const struct psmsg *q, int console)
{
	struct vg_err err;
	char **argv = NULL;
	int argc = 0, yes;

	if (console || strcmp(q->f[0], "exec") != 0)
		return 0;
	if (cmd_split(q->f[1], &argc, &argv, &err) != 0)
		return 1;
	yes = argc == 0 || strcmp(argv[0], "scp") != 0;
	cmd_free_argv(argc, argv);
	return yes;
}

static int
pidfd_of(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* The worker's descriptors: the pty, or stdin+stdout and stderr sockets.
 * ours go to the connection process, theirs to the worker. */
static int
job_fds(const struct psmsg *q, int console, int ours[2], int theirs[2])
{
	int io[2], er[2];

	if (console) {
		struct winsize ws;
		int w = 0, h = 0, xp = 0, yp = 0;

		if (sscanf(q->f[3], "%d %d %d %d", &w, &h, &xp, &yp) != 4)
			w = h = xp = yp = 0;
		pty_clamp(&ws, w, h, xp, yp);
		if (openpty(&ours[0], &theirs[0], NULL, NULL, &ws) != 0)
			return -1;
		fcntl(ours[0], F_SETFD, FD_CLOEXEC);
		fcntl(theirs[0], F_SETFD, FD_CLOEXEC);
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, io) != 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, er) != 0) {
		close(io[0]);
		close(io[1]);
		return -1;
	}
	ours[0] = io[0], ours[1] = er[0];
	theirs[0] = io[1], theirs[1] = er[1];
	return 2;
}

static void
close_all(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/*
 * One job (privsep-msg.h 'J'): a worker forked with its descriptors, which
 * go to the connection process.  The site is closed across the fork and
 * opened again here: the worker opens its own.
 */
static int
start_job(int fd, struct mon *m, const struct psmsg *q)
{
	const char *none[1] = { "" }, *kind[1];
	int ours[2] = { -1, -1 }, theirs[2] = { -1, -1 }, n;
	int console = wants_console(q);
	struct vg_err err;
	pid_t pid;

	if (m->job > 0 || m->jobs > 0 || (n = job_fds(q, console, ours, theirs)) < 0)
		return psmsg_send(fd, 'S', 1, none) == 0 ? 0 : 1;
	site_close(m->site);
	m->site = NULL;
	if ((pid = fork()) == 0) {
		struct worker_job j = { m->config, m->login, m->source, m->session, q->f[0],
		    q->f[1], q->f[2], q->f[3], q->f[4], q->f[5], theirs[0], theirs[0],
		    n == 2 ? theirs[1] : theirs[0] };

		close(fd);
		close_all(ours, n);
		_exit(worker_main(&j));
	}
	close_all(theirs, n);
	if (site_open(m->config, 0, &m->site, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: monitor: %s\n", m->source, err.msg);
		close_all(ours, n);
		return 1;
	}
	if (pid < 0) {
		fprintf(stderr, "vigil serve: %s: monitor: fork: %s\n", m->source, strerror(errno));
		close_all(ours, n);
		return psmsg_send(fd, 'S', 1, none) == 0 ? 0 : 1;
	}
	m->job = pid;
	m->jobs++;
	m->job_runs_out = runs_out(q, console);
	m->job_fd = pidfd_of(pid);
	kind[0] = console ? "pty" : m->job_runs_out ? "command" : "pipes";
	n = psmsg_send(fd, 'S', 1, kind) == 0 && psmsg_send_fds(fd, ours, n) == 0 ? 0 : 1;
	close_all(ours, console ? 1 : 2);
	return n;
}

/* The worker ended: the connection process is told how ('X'). */
static void
reap_job(int fd, struct mon *m, int wait)
{
	char st[8], sig[8];
	const char *f[2] = { st, sig };
	int status;

	if (m->job <= 0 || waitpid(m->job, &status, wait ? 0 : WNOHANG) != m->job)
		return;
	m->job = 0;
	if (m->job_fd >= 0)
		close(m->job_fd);
	m->job_fd = -1;
	snprintf(st, sizeof st, "%d", WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	snprintf(sig, sizeof sig, "%d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	/* A connection process that is ending may no longer read: what it sent
	 * before (its end, 'E') is still read. */
	if (fd >= 0)
		(void)psmsg_send(fd, 'X', 2, f);
}

/* The connection ends: its worker is asked to end, then killed if it has not. */
static void
end_job(struct mon *m)
{
	int64_t deadline = clock_mono_us() + 5 * VG_USEC_PER_SEC;

	if (m->job <= 0)
		return;
	if (m->job_runs_out && !m->halted) {
		reap_job(-1, m, 1);
		return;
	}
	kill(m->job, SIGTERM);
	kill(m->job, SIGHUP);
	while (m->job > 0 && clock_mono_us() < deadline) {
		reap_job(-1, m, 0);
		if (m->job > 0)
			usleep(20000);
	}
	if (m->job > 0) {
		kill(m->job, SIGKILL);
		reap_job(-1, m, 1);
	}
}

/* 'Q': the listener found the user may no longer log in; is that still so? */
static int
still_allowed(int fd, struct mon *m)
{
	struct vg_user *u = users_get(m->site, m->login);
	struct vg_err err;
	int ok = u == NULL || auth_login_allowed(m->site, u, &err) == 0;
	const char *f[5] = { ok ? "success" : "denied", "0", "", ok ? "" : err.msg, "0" };

	users_free(u);
	return psmsg_send(fd, 'R', 5, f) == 0 ? 0 : 1;
}

/* One request of a logged-in connection; 1 when the monitor is done. */
static int
session_one(int fd, struct mon *m, const struct psmsg *q)
{
	switch (q->type) {
	case 'A':
		on_audit(m, q->f[0], q->f[1]);
		return 0;
	case 'J':
		return start_job(fd, m, q);
	case 'H':
		m->halted = 1;
		if (m->job > 0)
			kill(m->job, SIGTERM);
		return 0;
	case 'Q':
		return still_allowed(fd, m);
	case 'E':
		snprintf(m->reason, sizeof m->reason, "%s", q->f[0]);
		m->told_end = 1;
		return 1;
	default:
		return 1;	/* not a request: the connection process is not to be trusted */
	}
}

static void
session_loop(int fd, struct mon *m)
{
	static struct psmsg q;

	snprintf(m->reason, sizeof m->reason, "%s", "connection process ended");
	for (;;) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
		    { .fd = m->job_fd, .events = POLLIN } };

		if (poll(p, m->job_fd >= 0 ? 2 : 1, m->job > 0 && m->job_fd < 0 ? 200 : -1) < 0 &&
		    errno != EINTR)
			break;
		reap_job(fd, m, 0);
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    (psmsg_recv(fd, &q) != 0 || session_one(fd, m, &q) != 0))
			break;
	}
	end_job(m);
}

/* The session row: closed by the monitor that opened it. */
static void
close_session(struct mon *m)
{
	struct vg_err err;

	if (m->session > 0 && m->site != NULL && auth_session_close(m->site, m->session,
	    m->login, m->source, m->reason, &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", m->source, err.msg);
}

int
monitor_main(int fd, const char *config, const char *addr, int port)
{
	static struct psmsg q;
	struct mon m;
	struct vg_err err;
	pid_t parent = getppid();

	memset(&m, 0, sizeof m);
	m.conn_pid = parent;
	m.config = config;
	m.job_fd = -1;
	signal(SIGTERM, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	alarm(0);
	snprintf(m.source, sizeof m.source, "ssh %s:%d", addr, port);
	snprintf(m.auth_source, sizeof m.auth_source, "ssh %s", addr);
	/* Started as root, the site's owner: what it writes stays the owner's. */
	if (site_become_owner(config, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: monitor: %s\n", m.source, err.msg);
		return 1;
	}
	/* Not to be traced or dumped by the connection process; ends with it
	 * (set after the change of user, which clears it). */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != parent)
		return 1;
	if (site_open(config, 0, &m.site, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: monitor: %s\n", m.source, err.msg);
		return 1;
	}
	while (m.session == 0 && psmsg_recv(fd, &q) == 0 && serve_one(fd, &m, &q) == 0)
		;
	if (m.session > 0) {
		session_loop(fd, &m);
		/* A connection process that went without saying how (killed,
		 * crashed) is reaped by the listener, which knows how it ended
		 * and closes the row with that (sshd.c, reap). */
		if (m.told_end)
			close_session(&m);
	}
	free(m.banner);
	free(m.login);
	users_free(m.user);
	site_close(m.site);
	return 0;
}
