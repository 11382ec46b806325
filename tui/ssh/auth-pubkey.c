/* auth-pubkey.c — SSH public-key authentication against the keys registered to the user. */
#include "core/users.h"
#include "tui/ssh/session.h"

/* The offered key is one of the user's (core stores type and base64 blob). */
static int
key_registered(struct conn *c, ssh_key key)
{
	const char *type = ssh_key_type_to_char(ssh_key_type(key));
	char *b64 = NULL;
	int ok;

	if (c->user == NULL || type == NULL || ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return 0;
	ok = users_key_matches(c->site, c->user->id, type, b64);
	ssh_string_free_char(b64);
	return ok;
}

/*
 * Called twice per key: first as a probe (state NONE: "would this key do?"),
 * answered from the register before the client signs anything; then with
 * the signature, which libssh has verified (state VALID or WRONG).  Probes
 * with keys that are not registered are not failed logins: clients offer
 * every key they hold.  Keys are never locked out: a flood of wrong passwords
 * for a login locks its passwords only (core/auth.h).
 */
int
sshauth_pubkey_cb(ssh_session s, const char *user, struct ssh_key_struct *key, char state,
    void *ud)
{
	struct conn *c = ud;
	int match;

	(void)s;
	sshauth_select_user(c, user);
	if (c->factor != FACTOR_NONE)
		return SSH_AUTH_DENIED;
	match = key_registered(c, key);
	if (state == SSH_PUBLICKEY_STATE_NONE) {
		if (!match)
			c->attempts++;
		return match ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
	}
	if (state != SSH_PUBLICKEY_STATE_VALID) {
		sshauth_failed(c, "publickey", "bad signature");
		return SSH_AUTH_DENIED;
	}
	if (!match) {
		sshauth_failed(c, "publickey", "key not registered");
		return SSH_AUTH_DENIED;
	}
	return sshauth_first_factor_ok(c, FACTOR_KEY, "publickey");
}
