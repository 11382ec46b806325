/* keys.c — parsing SSH public keys as users register them. */
#include "core/keys.h"

#include <libssh/libssh.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Reads one SSH wire string (uint32 length, bytes). */
static int
wire_str(const uint8_t **p, const uint8_t *end, const uint8_t **s, size_t *n)
{
	uint32_t len;

	if (end - *p < 4)
		return -1;
	len = (uint32_t)(*p)[0] << 24 | (uint32_t)(*p)[1] << 16 | (uint32_t)(*p)[2] << 8 | (*p)[3];
	*p += 4;
	if ((size_t)(end - *p) < len)
		return -1;
	*s = *p;
	*n = len;
	*p += len;
	return 0;
}

static int
mpint_bits(const uint8_t *s, size_t n)
{
	while (n > 0 && *s == 0) {
		s++;
		n--;
	}
	if (n == 0)
		return 0;
	int bits = (int)(n - 1) * 8;
	for (uint8_t top = *s; top; top >>= 1)
		bits++;
	return bits;
}

void
key_fingerprint(const uint8_t *blob, size_t len, char out[64])
{
	uint8_t h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];

	crypto_hash_sha256(h, blob, len);
	sodium_bin2base64(b64, sizeof b64, h, sizeof h,
	    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	snprintf(out, 64, "SHA256:%s", b64);
}

/* Walks the blob for the given type; fills bits; -1 with a reason if malformed. */
static int
check_blob(struct vg_pubkey *k, struct vg_err *err)
{
	const uint8_t *p = k->blob, *end = k->blob + k->bloblen, *s;
	size_t n;

	if (wire_str(&p, end, &s, &n) != 0 || n != strlen(k->type) || memcmp(s, k->type, n) != 0)
		return vg_seterr(err, VG_USAGE,
		    _("malformed key: the key data does not match its type %s"), k->type);
	if (strcmp(k->type, "ssh-ed25519") == 0) {
		if (wire_str(&p, end, &s, &n) != 0 || n != 32 || p != end)
			return vg_seterr(err, VG_USAGE, "%s", _("malformed ssh-ed25519 key"));
		k->bits = 256;
	} else if (strncmp(k->type, "ecdsa-sha2-nistp", 16) == 0) {
		const char *curve = k->type + 11;	/* "nistp256" */
		size_t want = strcmp(curve, "nistp256") == 0 ? 65 :
		    strcmp(curve, "nistp384") == 0 ? 97 : 133;

		if (wire_str(&p, end, &s, &n) != 0 || n != strlen(curve) ||
		    memcmp(s, curve, n) != 0 ||
		    wire_str(&p, end, &s, &n) != 0 || n != want || s[0] != 4 || p != end)
			return vg_seterr(err, VG_USAGE, _("malformed %s key"), k->type);
		k->bits = atoi(curve + 5);
	} else {	/* ssh-rsa */
		if (wire_str(&p, end, &s, &n) != 0 || n == 0 ||
		    wire_str(&p, end, &s, &n) != 0 || n == 0 || p != end)
			return vg_seterr(err, VG_USAGE, "%s", _("malformed ssh-rsa key"));
		k->bits = mpint_bits(s, n);
		if (k->bits < KEY_RSA_MIN_BITS)
			return vg_seterr(err, VG_REFUSED,
			    _("RSA key has %d bits; at least %d are required"), k->bits,
			    KEY_RSA_MIN_BITS);
	}
	return 0;
}

static int
type_accepted(const char *t, struct vg_err *err)
{
	static const char *const ok[] = { "ssh-ed25519", "ecdsa-sha2-nistp256",
	    "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa" };

	for (size_t i = 0; i < VG_ARRLEN(ok); i++)
		if (strcmp(t, ok[i]) == 0)
			return 0;
	if (strcmp(t, "ssh-dss") == 0)
		return vg_seterr(err, VG_REFUSED, "%s",
		    _("DSA keys are not accepted: use ed25519, ecdsa or rsa (3072 bits or more)"));
	return vg_seterr(err, VG_USAGE,
	    _("\"%s\" is not a supported key type: use ssh-ed25519, ecdsa-sha2-nistp256/384/521 "
	    "or ssh-rsa"), t);
}

int
key_parse_line(const char *line, struct vg_pubkey *k, struct vg_err *err)
{
	char *copy = xstrdup(line), *p, *type, *b64, *comment;
	ssh_key sk = NULL;
	size_t maxlen;
	int r = -1;

	memset(k, 0, sizeof *k);
	p = vg_trim(copy);
	type = strtok(p, " \t");
	b64 = type ? strtok(NULL, " \t") : NULL;
	comment = b64 ? strtok(NULL, "") : NULL;
	if (type == NULL || b64 == NULL) {
		vg_seterr(err, VG_USAGE, "%s",
		    _("not an SSH public key: expected \"TYPE BASE64 [COMMENT]\" as in id_ed25519.pub"));
		goto out;
	}
	if (type_accepted(type, err) != 0)
		goto out;
	snprintf(k->type, sizeof k->type, "%s", type);
	maxlen = strlen(b64);
	k->blob = xmalloc(maxlen + 1);
	if (sodium_base642bin(k->blob, maxlen, b64, strlen(b64), NULL, &k->bloblen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || k->bloblen == 0) {
		vg_seterr(err, VG_USAGE, "%s", _("malformed key: the key data is not valid base64"));
		goto out;
	}
	if (check_blob(k, err) != 0)
		goto out;
	/* A second opinion from libssh, which also checks EC points lie on the curve. */
	if (ssh_pki_import_pubkey_base64(b64, ssh_key_type_from_name(type), &sk) != SSH_OK) {
		vg_seterr(err, VG_USAGE, _("malformed %s key: libssh cannot load it"), type);
		goto out;
	}
	k->b64 = xstrdup(b64);
	comment = comment ? vg_trim(comment) : NULL;
	k->comment = xstrdup(comment && vg_valid_utf8(comment) && !vg_has_control(comment) ?
	    comment : "");
	key_fingerprint(k->blob, k->bloblen, k->fingerprint);
	r = 0;
out:
	ssh_key_free(sk);
	free(copy);
	if (r != 0)
		key_free(k);
	return r;
}

int
key_parse_file(const char *path, struct vg_pubkey *k, struct vg_err *err)
{
	char *text = vg_read_file(path, NULL, 64 * 1024, err), *line, *save = NULL;
	int found = 0, r = -1;

	memset(k, 0, sizeof *k);
	if (text == NULL) {
		if (err != NULL)
			err->code = VG_USAGE;	/* a key file named on the command line */
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t = vg_trim(line);

		if (*t == '\0' || *t == '#')
			continue;
		if (found++) {
			key_free(k);
			vg_seterr(err, VG_USAGE, _("%s holds more than one key; give one key per file"),
			    path);
			goto out;
		}
		if (key_parse_line(t, k, err) != 0) {
			char msg[sizeof err->msg];

			snprintf(msg, sizeof msg, "%s", err->msg);
			vg_seterr(err, err->code, "%s: %s", path, msg);
			goto out;
		}
	}
	if (!found) {
		vg_seterr(err, VG_USAGE, _("%s holds no SSH public key"), path);
		goto out;
	}
	r = 0;
out:
	free(text);
	return r;
}

void
key_free(struct vg_pubkey *k)
{
	free(k->b64);
	free(k->blob);
	free(k->comment);
	memset(k, 0, sizeof *k);
}
