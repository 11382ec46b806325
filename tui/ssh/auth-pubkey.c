/* auth-pubkey.c — SSH public-key authentication: libssh checks the signature, the monitor the register. */
#include "tui/ssh/session.h"

/*
 * Called twice per key: first as a probe (state NONE: "would this key do?"),
 * answered from the register before the client signs anything; then with
 * the signature, which libssh has verified (state VALID or WRONG).  The
 * monitor decides both (monitor.c): probes with keys that are not
 * registered are not failed logins, and keys are never locked out.
 */
int
sshauth_pubkey_cb(ssh_session s, const char *user, struct ssh_key_struct *key, char state,
    void *ud)
{
	struct conn *c = ud;
	const char *type = ssh_key_type_to_char(ssh_key_type(key)), *f[4];
	char *b64 = NULL;
	int r;

	(void)s;
	sshauth_select_user(c, user);
	if (c->factor != FACTOR_NONE)
		return SSH_AUTH_DENIED;
	if (type == NULL || ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return SSH_AUTH_DENIED;
	f[0] = c->login;
	f[1] = state == SSH_PUBLICKEY_STATE_NONE ? "probe" :
	    state == SSH_PUBLICKEY_STATE_VALID ? "valid" : "wrong";
	f[2] = type;
	f[3] = b64;
	r = sshauth_ask(c, 'K', 4, f);
	ssh_string_free_char(b64);
	return r;
}
