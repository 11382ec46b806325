/* keys.h — SSH public keys: parse, check strength, fingerprint. */
#ifndef VG_KEYS_H
#define VG_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;

struct vg_pubkey {
	char	 type[48];	/* "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" */
	char	*b64;		/* the key blob, base64 as in authorized_keys */
	uint8_t	*blob;
	size_t	 bloblen;
	int	 bits;
	char	 fingerprint[64];	/* "SHA256:..." as OpenSSH prints it */
	char	*comment;
};

/* One "type base64 [comment]" line.  Accepts ed25519, ecdsa (256/384/521)
 * and rsa of at least 3072 bits; anything else is refused with the reason. */
int	key_parse_line(const char *line, struct vg_pubkey *, struct vg_err *);
/* A .pub file holding exactly one key. */
int	key_parse_file(const char *path, struct vg_pubkey *, struct vg_err *);
void	key_free(struct vg_pubkey *);
/* Fingerprint of a raw blob. */
void	key_fingerprint(const uint8_t *blob, size_t len, char out[64]);

#define KEY_RSA_MIN_BITS 3072

#endif
