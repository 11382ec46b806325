/* sshsig.c — SSH signatures (OpenSSH's PROTOCOL.sshsig) made and checked with an Ed25519 key. */
#include "core/sshsig.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/util.h"

/*
 * PROTOCOL.sshsig, section 2: the blob is the six bytes "SSHSIG", uint32
 * version 1, then the strings publickey, namespace, reserved, hash_algorithm
 * and signature (SSH wire strings: uint32 length, bytes).  Section 3: what is
 * signed is "SSHSIG" and the strings namespace, reserved, hash_algorithm and
 * H(message).  The armor is that blob in base64 between BEGIN and END lines;
 * ssh-keygen breaks the base64 every 70 characters, and so do we.
 */
#define SSHSIG_MAGIC	"SSHSIG"
#define SSHSIG_VERSION	1
#define ARMOR_BEGIN	"-----BEGIN SSH SIGNATURE-----"
#define ARMOR_END	"-----END SSH SIGNATURE-----"
#define ARMOR_WIDTH	70
#define KEY_TYPE	"ssh-ed25519"
#define ARMOR_MAX	8192

/*---- The SSH wire format ----*/

static void
put_u32(struct vg_buf *b, uint32_t v)
{
	char p[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };

	buf_add(b, p, 4);
}

static void
put_str(struct vg_buf *b, const void *s, size_t n)
{
	put_u32(b, (uint32_t)n);
	buf_add(b, s, n);
}

static void
put_cstr(struct vg_buf *b, const char *s)
{
	put_str(b, s, strlen(s));
}

struct rd {
	const uint8_t	*p, *end;
};

static int
get_str(struct rd *r, const uint8_t **s, size_t *n)
{
	uint32_t len;

	if (r->end - r->p < 4)
		return -1;
	len = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	if ((size_t)(r->end - r->p) < len)
		return -1;
	*s = r->p;
	*n = len;
	r->p += len;
	return 0;
}

/* A string equal to want. */
static int
get_is(struct rd *r, const char *want)
{
	const uint8_t *s;
	size_t n;

	return get_str(r, &s, &n) == 0 && n == strlen(want) && memcmp(s, want, n) == 0 ? 0 : -1;
}

/* The key blob: string "ssh-ed25519", string pk. */
static void
key_blob(struct vg_buf *b, const uint8_t pk[32])
{
	buf_init(b);
	put_cstr(b, KEY_TYPE);
	put_str(b, pk, 32);
}

/*---- Keys ----*/

char *
sshsig_pubkey_line(const uint8_t pk[32])
{
	struct vg_buf blob;
	size_t n;
	char *b64, *line;

	key_blob(&blob, pk);
	n = sodium_base64_ENCODED_LEN(blob.len, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(n);
	sodium_bin2base64(b64, n, (const uint8_t *)blob.s, blob.len, sodium_base64_VARIANT_ORIGINAL);
	line = xasprintf("%s %s", KEY_TYPE, b64);
	free(b64);
	buf_free(&blob);
	return line;
}

void
sshsig_fingerprint(const uint8_t pk[32], char out[64])
{
	struct vg_buf blob;

	key_blob(&blob, pk);
	key_fingerprint((const uint8_t *)blob.s, blob.len, out);
	buf_free(&blob);
}

/* The 32 bytes of an ssh-ed25519 key blob. */
static int
blob_key(const uint8_t *blob, size_t len, uint8_t pk[32])
{
	struct rd r = { blob, blob + len };
	const uint8_t *s;
	size_t n;

	if (get_is(&r, KEY_TYPE) != 0 || get_str(&r, &s, &n) != 0 || n != 32 || r.p != r.end)
		return -1;
	memcpy(pk, s, 32);
	return 0;
}

int
sshsig_parse_pubkey(const char *line, uint8_t pk[32], struct vg_err *err)
{
	struct vg_pubkey k;

	if (key_parse_line(line, &k, err) != 0)
		return -1;
	if (strcmp(k.type, KEY_TYPE) != 0 || blob_key(k.blob, k.bloblen, pk) != 0) {
		key_free(&k);
		return vg_seterr(err, VG_USAGE, _("a %s key, not %s, signs vigil's exports"), KEY_TYPE,
		    k.type);
	}
	key_free(&k);
	return 0;
}

/*---- Signing ----*/

/* PROTOCOL.sshsig section 3: the bytes the key signs. */
static void
signed_data(struct vg_buf *b, const char *ns, const char *hash_alg, const uint8_t *h,
    size_t hlen)
{
	buf_init(b);
	buf_add(b, SSHSIG_MAGIC, 6);
	put_cstr(b, ns);
	put_str(b, "", 0);
	put_cstr(b, hash_alg);
	put_str(b, h, hlen);
}

char *
sshsig_sign(const uint8_t sk[64], const uint8_t pk[32], const char *ns, const void *msg,
    size_t len)
{
	uint8_t h[crypto_hash_sha512_BYTES], sig[crypto_sign_ed25519_BYTES];
	struct vg_buf data, blob, inner, out;
	size_t n;
	char *b64;

	VG_ASSERT(ns[0] != '\0');
	crypto_hash_sha512(h, msg, len);
	signed_data(&data, ns, "sha512", h, sizeof h);
	crypto_sign_ed25519_detached(sig, NULL, (const uint8_t *)data.s, data.len, sk);
	buf_init(&blob);
	buf_add(&blob, SSHSIG_MAGIC, 6);
	put_u32(&blob, SSHSIG_VERSION);
	key_blob(&inner, pk);
	put_str(&blob, inner.s, inner.len);
	buf_free(&inner);
	put_cstr(&blob, ns);
	put_str(&blob, "", 0);
	put_cstr(&blob, "sha512");
	buf_init(&inner);
	put_cstr(&inner, KEY_TYPE);
	put_str(&inner, sig, sizeof sig);
	put_str(&blob, inner.s, inner.len);
	buf_free(&inner);
	n = sodium_base64_ENCODED_LEN(blob.len, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(n);
	sodium_bin2base64(b64, n, (const uint8_t *)blob.s, blob.len, sodium_base64_VARIANT_ORIGINAL);
	buf_init(&out);
	buf_puts(&out, ARMOR_BEGIN "\n");
	for (size_t i = 0, l = strlen(b64); i < l; i += ARMOR_WIDTH) {
		buf_add(&out, b64 + i, l - i < ARMOR_WIDTH ? l - i : ARMOR_WIDTH);
		buf_puts(&out, "\n");
	}
	buf_puts(&out, ARMOR_END "\n");
	free(b64);
	buf_free(&blob);
	buf_free(&data);
	return buf_steal(&out);
}

/*---- Checking ----*/

/* The blob inside the armor; NULL if the armor is malformed. */
static uint8_t *
dearmor(const char *armor, size_t alen, size_t *blen)
{
	size_t hb = strlen(ARMOR_BEGIN), he = strlen(ARMOR_END);
	const char *body, *end;
	uint8_t *blob;

	if (alen > ARMOR_MAX || alen < hb + he || memcmp(armor, ARMOR_BEGIN, hb) != 0)
		return NULL;
	body = armor + hb;
	end = armor + alen;
	while (end > body && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	if ((size_t)(end - body) < he || memcmp(end - he, ARMOR_END, he) != 0)
		return NULL;
	end -= he;
	blob = xmalloc(alen);
	if (sodium_base642bin(blob, alen, body, (size_t)(end - body), "\r\n", blen, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(blob);
		return NULL;
	}
	return blob;
}

/* The blob's fields; -1 naming what is wrong. */
static int
parse_blob(const uint8_t *blob, size_t blen, const char *ns, uint8_t pk[32], char *alg,
    uint8_t sig[64], struct vg_err *err)
{
	struct rd r = { blob, blob + blen }, in;
	const uint8_t *s, *t;
	size_t n, m;

	if (blen < 10 || memcmp(blob, SSHSIG_MAGIC, 6) != 0)
		return vg_seterr(err, VG_REFUSED, "%s", _("it is not an SSH signature"));
	r.p += 6;
	if (r.p[0] || r.p[1] || r.p[2] || r.p[3] != SSHSIG_VERSION)
		return vg_seterr(err, VG_REFUSED, "%s", _("its SSHSIG version is not 1"));
	r.p += 4;
	if (get_str(&r, &s, &n) != 0 || blob_key(s, n, pk) != 0)
		return vg_seterr(err, VG_REFUSED, "%s", _("it was not made with an Ed25519 key"));
	if (get_is(&r, ns) != 0)
		return vg_seterr(err, VG_REFUSED, _("it is not in the namespace \"%s\""), ns);
	if (get_str(&r, &s, &n) != 0 || get_str(&r, &s, &n) != 0 || n == 0 || n > 15)
		return vg_seterr(err, VG_REFUSED, "%s", _("it is malformed"));
	memcpy(alg, s, n);
	alg[n] = '\0';
	if (strcmp(alg, "sha512") != 0 && strcmp(alg, "sha256") != 0)
		return vg_seterr(err, VG_REFUSED, _("its hash algorithm \"%s\" is not sha256 or sha512"),
		    alg);
	if (get_str(&r, &s, &n) != 0 || r.p != r.end)
		return vg_seterr(err, VG_REFUSED, "%s", _("it is malformed"));
	in.p = s;
	in.end = s + n;
	if (get_is(&in, KEY_TYPE) != 0 || get_str(&in, &t, &m) != 0 || m != 64 || in.p != in.end)
		return vg_seterr(err, VG_REFUSED, "%s", _("it is not an Ed25519 signature"));
	memcpy(sig, t, 64);
	return 0;
}

int
sshsig_verify(const char *armor, size_t alen, const char *ns, const void *msg, size_t len,
    uint8_t pk[32], struct vg_err *err)
{
	uint8_t *blob, sig[64], h[crypto_hash_sha512_BYTES];
	size_t blen, hlen;
	struct vg_buf data;
	char alg[16];
	int r;

	if ((blob = dearmor(armor, alen, &blen)) == NULL)
		return vg_seterr(err, VG_REFUSED, "%s", _("it is not an armored SSH signature"));
	r = parse_blob(blob, blen, ns, pk, alg, sig, err);
	free(blob);
	if (r != 0)
		return -1;
	if (strcmp(alg, "sha512") == 0) {
		crypto_hash_sha512(h, msg, len);
		hlen = crypto_hash_sha512_BYTES;
	} else {
		crypto_hash_sha256(h, msg, len);
		hlen = crypto_hash_sha256_BYTES;
	}
	signed_data(&data, ns, alg, h, hlen);
	r = crypto_sign_ed25519_verify_detached(sig, (const uint8_t *)data.s, data.len, pk);
	buf_free(&data);
	if (r != 0)
		return vg_seterr(err, VG_REFUSED, "%s", _("the signature does not match"));
	return 0;
}

/*---- allowed_signers ----*/

char *
sshsig_identity(const char *name)
{
	char *id = xstrdup(name[0] ? name : "vigil");

	for (char *p = id; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr("\"',*?!\\#", *p))
			*p = '_';
	return id;
}

char *
sshsig_allowed_signers(const char *identity, const char *ns, const uint8_t pk[32])
{
	char *id = sshsig_identity(identity), *key = sshsig_pubkey_line(pk), *line;
	int quote = strchr(id, ' ') != NULL || strchr(id, '\t') != NULL;

	line = xasprintf("%s%s%s namespaces=\"%s\" %s\n", quote ? "\"" : "", id, quote ? "\"" : "",
	    ns, key);
	free(id);
	free(key);
	return line;
}

/* The next word of a line, a quoted one without its quotes; NULL at the end. */
static char *
next_word(const char **p)
{
	const char *s = *p, *start;
	int q = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '\n')
		return NULL;
	start = s;
	for (; *s && *s != '\n' && (q || (*s != ' ' && *s != '\t')); s++)
		if (*s == '"')
			q = !q;
	*p = s;
	if (s - start >= 2 && start[0] == '"' && s[-1] == '"')
		return xstrndup(start + 1, (size_t)(s - start - 2));
	return xstrndup(start, (size_t)(s - start));
}

/* Whether an options word (opt,opt="v,w") lets the key sign namespace ns. */
static int
options_allow(const char *opts, const char *ns)
{
	const char *p = strstr(opts, "namespaces=\"");
	size_t n = strlen(ns);

	if (p == NULL)
		return 1;
	for (p += strlen("namespaces=\""); *p && *p != '"';) {
		size_t w = strcspn(p, ",\"");

		if (w == n && strncmp(p, ns, n) == 0)
			return 1;
		p += w;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
sshsig_allowed_key(const char *text, const char *ns, uint8_t pk[32], char **identity,
    struct vg_err *err)
{
	const char *line = text;

	*identity = NULL;
	for (; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : line + strlen(line)) {
		const char *p = line;
		char *who = next_word(&p), *w;
		const char *key;
		int ok;

		if (who == NULL || who[0] == '#') {
			free(who);
			continue;
		}
		key = p;
		if ((w = next_word(&p)) != NULL && strncmp(w, "ssh-", 4) != 0)
			ok = options_allow(w, ns);
		else {
			ok = 1;
			p = key;	/* no options: the key starts here */
		}
		free(w);
		if (!ok) {
			free(who);
			continue;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		w = xstrndup(p, strcspn(p, "\n"));
		ok = sshsig_parse_pubkey(w, pk, err);
		free(w);
		if (ok != 0) {
			free(who);
			return -1;
		}
		*identity = who;
		return 0;
	}
	return vg_seterr(err, VG_REFUSED, _("no line names a key for the namespace \"%s\""), ns);
}
