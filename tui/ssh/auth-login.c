/* auth-login.c — the login steps every method shares: ask the monitor, apply its answer, enter the session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/privsep-msg.h"
#include "tui/ssh/session.h"

#define FIRST_FACTORS (SSH_AUTH_METHOD_PUBLICKEY | SSH_AUTH_METHOD_PASSWORD)

void
sshauth_setup(struct conn *c)
{
	ssh_set_auth_methods(c->ssh, FIRST_FACTORS);
}

/*
 * SSH lets a client change the user name between requests; a factor passed
 * for one login never counts for another (the monitor keeps the same rule
 * for what it decides).  Names that cannot be logins are kept as one
 * placeholder, so nothing a client types lands in the audit raw.
 */
void
sshauth_select_user(struct conn *c, const char *login)
{
	const char *name = login != NULL && valid_login(login) ? login : "(invalid)";

	if (c->login != NULL && strcmp(c->login, name) == 0)
		return;
	free(c->login);
	c->login = xstrdup(name);
	c->factor = FACTOR_NONE;
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

/*
 * Logged in: the monitor took the session place in this process's name and
 * stays, to run the session's work (relay.c); this process still holds no
 * site.  The listener is told.
 */
static int
enter(struct conn *c, int64_t sid)
{
	c->session_id = sid;
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

/*
 * Asks the monitor to decide a login request (privsep-msg.h) and does what
 * it answered: its banner, the count of attempts, how a failure is to cost
 * the source, and a second step or the session.  Returns SSH_AUTH_*.
 */
int
sshauth_ask(struct conn *c, char type, int nfields, const char *const *fields)
{
	static struct psmsg r;
	long long sid;

	if (c->monitor_fd < 0 || psmsg_send(c->monitor_fd, type, nfields, fields) != 0 ||
	    psmsg_recv(c->monitor_fd, &r) != 0 || r.type != 'R' ||
	    vg_parse_int(r.f[4], 0, INT64_MAX, &sid) != 0) {
		fprintf(stderr, "vigil serve: %s: no answer from the monitor\n", c->source);
		conn_end(c, "monitor gone");
		return SSH_AUTH_DENIED;
	}
	if (r.f[3][0] != '\0')
		sshauth_banner(c, r.f[3]);
	c->attempts += r.f[1][0] == '1';
	if (r.f[2][0] != '\0')
		c->outcome = r.f[2][0];
	if (strcmp(r.f[0], "partial") == 0) {
		c->factor = type == 'K' ? FACTOR_KEY : FACTOR_PASSWORD;
		ssh_set_auth_methods(c->ssh, SSH_AUTH_METHOD_INTERACTIVE);
		return SSH_AUTH_PARTIAL;
	}
	if (strcmp(r.f[0], "success") != 0)
		return SSH_AUTH_DENIED;
	return sid > 0 ? enter(c, sid) : SSH_AUTH_SUCCESS;	/* sid 0: a key probe */
}
