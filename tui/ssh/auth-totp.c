/* auth-totp.c — the one-time code as a second step, by keyboard-interactive. */
#include <stdio.h>
#include <string.h>

#include "core/totp.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/session.h"

/*
 * After a key or password passed, users whose role the profile marks totp
 * (or who enrolled a code anyway) answer one keyboard-interactive prompt.
 * Returns 0 when this function replied, 1 for libssh's default refusal.
 */
int
sshauth_totp_message(struct conn *c, ssh_message m)
{
	const char *user = ssh_message_auth_user(m), *answer;
	const char *method = c->factor == FACTOR_KEY ? "publickey+totp" : "password+totp";
	struct vg_err err;
	int r;

	if (c->login == NULL || c->factor == FACTOR_NONE || c->user == NULL)
		return 1;
	if (!ssh_message_auth_kbdint_is_response(m)) {
		/* A new request names its user; the answers that follow do not. */
		if (user == NULL || strcmp(user, c->login) != 0)
			return 1;
		const char *prompts[1];
		char echo[1] = { 0 };

		prompts[0] = _("One-time code: ");
		ssh_message_auth_interactive_request(m, "",
		    _("Enter the 6-digit code your authenticator app shows for vigil."), 1,
		    prompts, echo);
		return 0;
	}
	if (sshauth_gate(c, 1, method) != 0)
		return 1;
	if (ssh_userauth_kbdint_getnanswers(c->ssh) != 1 ||
	    (answer = ssh_userauth_kbdint_getanswer(c->ssh, 0)) == NULL) {
		sshauth_failed(c, method, "no one-time code given");
		return 1;
	}
	r = totp_check(c->site, c->user->id, c->login, answer, c->auth_source, &err);
	if (r < 0)
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, err.msg);
	if (r != 1) {
		sshauth_failed(c, method, "wrong or reused one-time code");
		return 1;
	}
	if (sshauth_complete(c, method) != SSH_AUTH_SUCCESS)
		return 1;
	ssh_message_auth_reply_success(m, 0);
	return 0;
}
