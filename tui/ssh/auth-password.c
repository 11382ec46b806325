/* auth-password.c — SSH password authentication, decided by the monitor against the argon2id hash. */
#include <stdlib.h>

#include "core/auth.h"
#include "core/util.h"
#include "tui/ssh/session.h"

int
sshauth_password_cb(ssh_session s, const char *user, const char *pw, void *ud)
{
	struct conn *c = ud;
	const char *f[2];
	char *cut;
	int r;

	(void)s;
	sshauth_select_user(c, user);
	if (c->factor != FACTOR_NONE)
		return SSH_AUTH_DENIED;	/* the one-time code is what is missing */
	f[0] = c->login;
	/* Longer than any password can be: still a failure the monitor records. */
	f[1] = cut = xstrndup(pw, AUTH_PW_MAX + 1);
	r = sshauth_ask(c, 'P', 2, f);
	free(cut);
	return r;
}
