/* auth-totp.c — the one-time code as a second step, by keyboard-interactive. */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "tui/ssh/session.h"

/*
 * After a key or password passed, users whose role the profile marks totp
 * (or who enrolled a code anyway) answer one keyboard-interactive prompt.
 * The monitor decides the code.  Returns 0 when this function replied, 1
 * for libssh's default refusal.
 */
int
sshauth_totp_message(struct conn *c, ssh_message m)
{
	const char *user = ssh_message_auth_user(m), *answer = NULL, *f[2];
	char code[65];

	if (c->login == NULL || c->factor == FACTOR_NONE)
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
	if (ssh_userauth_kbdint_getnanswers(c->ssh) == 1)
		answer = ssh_userauth_kbdint_getanswer(c->ssh, 0);
	f[0] = c->login;
	/* "": none given, a failure the monitor counts; no code is longer than this */
	snprintf(code, sizeof code, "%s", answer != NULL ? answer : "");
	f[1] = code;
	if (sshauth_ask(c, 'T', 2, f) != SSH_AUTH_SUCCESS)
		return 1;
	ssh_message_auth_reply_success(m, 0);
	return 0;
}
