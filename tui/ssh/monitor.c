/* monitor.c — the privileged half of a pre-login connection: holds the site, decides each login attempt. */
#include "tui/ssh/monitor.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/site.h"
#include "core/srclimit.h"
#include "core/timefmt.h"
#include "core/totp.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/privsep-msg.h"

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

/* What a pre-login process may put in the audit: refusals and its time-out, nothing else. */
static void
on_audit(struct mon *m, const char *action, const char *detail)
{
	if (strcmp(action, "ssh.refuse") == 0 || strcmp(action, "auth.grace") == 0)
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
	if (q->type == 'D')
		return 1;
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
	return answer(fd, m) == 0 ? 0 : 1;
}

int
monitor_main(int fd, const char *config, const char *addr, int port)
{
	static struct psmsg q;
	struct mon m;
	struct vg_err err;

	memset(&m, 0, sizeof m);
	m.conn_pid = getppid();
	/* Not to be traced or dumped by the pre-login process, which runs as the same user. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	signal(SIGTERM, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	alarm(0);
	snprintf(m.source, sizeof m.source, "ssh %s:%d", addr, port);
	snprintf(m.auth_source, sizeof m.auth_source, "ssh %s", addr);
	if (site_open(config, 0, &m.site, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: monitor: %s\n", m.source, err.msg);
		return 1;
	}
	while (psmsg_recv(fd, &q) == 0 && serve_one(fd, &m, &q) == 0)
		;
	free(m.banner);
	free(m.login);
	users_free(m.user);
	site_close(m.site);
	return 0;
}
