/* sshsig.h — SSH signatures (OpenSSH's PROTOCOL.sshsig) made and checked with an Ed25519 key. */
#ifndef VG_SSHSIG_H
#define VG_SSHSIG_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;

/*
 * The signature `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify`
 * checks, so that anyone holding stock OpenSSH can check what the site signed
 * (an export's manifest) without vigil.  Only Ed25519 keys: the site's
 * signing key (keys/signing.key, libsodium's layout).  The message is hashed
 * with SHA-512, as ssh-keygen does by default; both SHA-256 and SHA-512
 * signatures verify.
 */

/* The public key as OpenSSH writes it: "ssh-ed25519 AAAA..." (no comment). */
char	*sshsig_pubkey_line(const uint8_t pk[32]);
/* Its fingerprint as ssh-keygen -l prints it: "SHA256:...". */
void	 sshsig_fingerprint(const uint8_t pk[32], char out[64]);
/* Reads an Ed25519 public key from "ssh-ed25519 BASE64 [comment]". */
int	 sshsig_parse_pubkey(const char *line, uint8_t pk[32], struct vg_err *);

/* The armored signature of msg in namespace ns (not empty), ending in a newline. */
char	*sshsig_sign(const uint8_t sk[64], const uint8_t pk[32], const char *ns,
	     const void *msg, size_t len);
/* 0 if armor is a good signature of msg in namespace ns; pk gets the key that
 * made it.  -1 with err (VG_REFUSED) saying what is wrong. */
int	 sshsig_verify(const char *armor, size_t armor_len, const char *ns, const void *msg,
	     size_t len, uint8_t pk[32], struct vg_err *);

/* One allowed_signers line (ssh-keygen(1), ALLOWED SIGNERS) naming identity as the
 * signer of namespace ns, ending in a newline.  An identity with characters the
 * file format gives a meaning (quotes, commas, wildcards, controls) has them
 * replaced by '_', and is quoted when it holds a space; sshsig_identity gives it. */
char	*sshsig_allowed_signers(const char *identity, const char *ns, const uint8_t pk[32]);
char	*sshsig_identity(const char *name);
/* The key of the first line of an allowed_signers file that names ns (or has
 * no namespaces option); *identity gets its principals (caller frees). */
int	 sshsig_allowed_key(const char *text, const char *ns, uint8_t pk[32], char **identity,
	     struct vg_err *);

#endif
