/* auth-password.c — SSH password authentication against the argon2id hash. */
#include "core/auth.h"
#include "tui/ssh/session.h"

int
sshauth_password_cb(ssh_session s, const char *user, const char *pw, void *ud)
{
	struct conn *c = ud;

	(void)s;
	sshauth_select_user(c, user);
	if (c->factor != FACTOR_NONE)
		return SSH_AUTH_DENIED;	/* the one-time code is what is missing */
	if (sshauth_gate(c, 1, "password") != 0)
		return SSH_AUTH_DENIED;
	if (!auth_check_password(c->site, c->user, pw)) {
		sshauth_failed(c, "password", c->user ? "wrong password" : "unknown user");
		return SSH_AUTH_DENIED;
	}
	return sshauth_first_factor_ok(c, FACTOR_PASSWORD, "password");
}
