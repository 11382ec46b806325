/* auth-login.c — the login steps every method shares: the user, lockout, who may log in, success. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/site.h"
#include "core/srclimit.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/session.h"

#define FIRST_FACTORS (SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD)

void
sshauth_setup(struct conn *c)
{
	ssh_set_auth_methods(c->ssh, FIRST_FACTORS);
}

/*
 * SSH lets a client change the user name between requests; a factor passed
 * for one login never counts for another.  Names that cannot be logins are
 * kept as one placeholder, so nothing a client types lands in the audit raw.
 */
void
sshauth_select_user(struct conn *c, const char *login)
{
	const char *name = login != NULL && valid_login(login) ? login : "(invalid)";

	if (c->login != NULL && strcmp(c->login, name) == 0)
		return;
	free(c->login);
	users_free(c->user);
	c->login = xstrdup(name);
	c->user = strcmp(name, "(invalid)") == 0 ? NULL : users_get(c->site, name);
	c->factor = FACTOR_NONE;
	c->told_locked = 0;
	ssh_set_auth_methods(c->ssh, FIRST_FACTORS);
}

void
sshauth_banner(struct conn *c, const char *text)
{
	ssh_string s = ssh_string_from_char(text);

	if (s != NULL) {
		ssh_send_issue_banner(c->ssh, s);
		ssh_string_free(s);
	}
}

/* Records a failure (audited with the source) and waits the growing delay. */
void
sshauth_failed(struct conn *c, const char *method, const char *why)
{
	struct vg_err err;
	int ms;

	c->attempts++;
	c->outcome = srclimit_event_code(SRCLIMIT_AUTHFAIL);
	if (auth_record_attempt(c->site, c->login, c->auth_source, method, 0, why, &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, err.msg);
	ms = auth_failure_delay_ms(c->site, c->login, c->auth_source, method);
	usleep((useconds_t)ms * 1000);
}

static void
tell_locked(struct conn *c, const char *method, int fails, int64_t until)
{
	char t[32], *msg;

	if (c->told_locked)
		return;
	if (auth_method_factor(method) == AUTH_F_TOTP)
		msg = xasprintf(_("vigil: too many wrong one-time codes for %s or from this address "
		    "(%d); codes are refused until %s.\n"), c->login, fails, time_fmt(until, t));
	else
		msg = xasprintf(_("vigil: too many failed passwords for %s or from this address "
		    "(%d); passwords are refused until %s. A registered key still works.\n"),
		    c->login, fails, time_fmt(until, t));
	sshauth_banner(c, msg);
	free(msg);
	c->told_locked = 1;
}

/*
 * Refuses an attempt while its method (passwords, or one-time codes) is
 * locked for the login or the address (ssh.lockout_failures failures within
 * ssh.lockout_window_s), even with the right answer, and tells the person why
 * and until when.  Public keys are never locked (core/auth.h).  record: audit
 * the refused attempt; it is not counted as a failure, so it does not extend
 * the lock.
 */
int
sshauth_gate(struct conn *c, int record, const char *method)
{
	struct vg_err err;
	int64_t until;
	int fails;

	if (!auth_locked(c->site, c->login, c->auth_source, method, &until, &fails))
		return 0;
	tell_locked(c, method, fails, until);
	c->attempts++;
	if (!record)
		return -1;
	if (auth_record_refusal(c->site, c->login, c->auth_source, method, "locked out", &err) != 0)
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, err.msg);
	usleep((useconds_t)auth_failure_delay_ms(c->site, c->login, c->auth_source, method) * 1000);
	return -1;
}

int
sshauth_first_factor_ok(struct conn *c, int factor, const char *method)
{
	struct vg_err err;

	if (auth_login_allowed(c->site, c->user, &err) != 0) {
		char *msg = xasprintf("vigil: %s\n", err.msg);

		sshauth_banner(c, msg);
		free(msg);
		sshauth_failed(c, method, err.msg);
		return SSH_AUTH_DENIED;
	}
	c->factor = factor;
	if (auth_totp_required(c->site, c->user)) {
		ssh_set_auth_methods(c->ssh, SSH_AUTH_METHOD_INTERACTIVE);
		return SSH_AUTH_PARTIAL;
	}
	return sshauth_complete(c, method);
}

/* Both factors passed: audit the login, take a session place, tell the listener. */
int
sshauth_complete(struct conn *c, const char *method)
{
	struct vg_err err;
	int64_t sid;

	if (auth_record_attempt(c->site, c->login, c->auth_source, method, 1, NULL, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, err.msg);
		return SSH_AUTH_DENIED;
	}
	sid = auth_session_open_limited(c->site, c->user->id, c->login, c->source, "ssh",
	    (int)getpid(), c->site->cfg.ssh_max_sessions_per_user, &err);
	if (sid < 0) {
		char *msg = xasprintf("vigil: %s\n", err.msg);

		sshauth_banner(c, msg);
		free(msg);
		conn_audit(c, c->login, "session.refuse", c->login, "%s", err.msg);
		c->attempts++;
		c->outcome = srclimit_event_code(SRCLIMIT_NONE);	/* it did authenticate */
		return SSH_AUTH_DENIED;
	}
	c->session_id = sid;
	if ((c->actor = actor_load(c->site, c->login, c->source, &err)) == NULL) {
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, err.msg);
		return SSH_AUTH_DENIED;
	}
	c->authed = 1;
	alarm(0);
	if (c->notify_fd >= 0) {
		if (write(c->notify_fd, "A", 1) != 1)
			fprintf(stderr, "vigil serve: %s: cannot tell the listener\n", c->source);
		close(c->notify_fd);
		c->notify_fd = -1;
	}
	return SSH_AUTH_SUCCESS;
}
