/* totp.c — SHA-1, HMAC-SHA-1, HOTP/TOTP, base32, and TOTP enrolment and checking. */
#include "core/totp.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/*---- SHA-1 (FIPS 180-4 §6.1) ----*/

struct sha1 {
	uint32_t h[5];
	uint64_t len;		/* bytes so far */
	uint8_t	 block[64];
	size_t	 used;
};

static uint32_t
rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void
sha1_block(struct sha1 *c, const uint8_t *p)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3], e = c->h[4];
	for (int i = 0; i < 80; i++) {
		if (i < 20)
			f = (b & cc) | (~b & d), k = 0x5a827999;
		else if (i < 40)
			f = b ^ cc ^ d, k = 0x6ed9eba1;
		else if (i < 60)
			f = (b & cc) | (b & d) | (cc & d), k = 0x8f1bbcdc;
		else
			f = b ^ cc ^ d, k = 0xca62c1d6;
		t = rol(a, 5) + f + e + k + w[i];
		e = d, d = cc, cc = rol(b, 30), b = a, a = t;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d, c->h[4] += e;
}

static void
sha1_init(struct sha1 *c)
{
	static const uint32_t iv[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };

	memcpy(c->h, iv, sizeof iv);
	c->len = 0;
	c->used = 0;
}

static void
sha1_update(struct sha1 *c, const void *data, size_t n)
{
	const uint8_t *p = data;

	c->len += n;
	while (n > 0) {
		size_t take = 64 - c->used < n ? 64 - c->used : n;

		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		n -= take;
		if (c->used == 64) {
			sha1_block(c, c->block);
			c->used = 0;
		}
	}
}

static void
sha1_final(struct sha1 *c, uint8_t out[20])
{
	uint64_t bits = c->len * 8;
	uint8_t pad = 0x80, zero = 0, lenbe[8];

	sha1_update(c, &pad, 1);
	while (c->used != 56)
		sha1_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenbe[i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_update(c, lenbe, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
	sodium_memzero(c, sizeof *c);
}

void
totp_sha1(const void *msg, size_t len, uint8_t out[20])
{
	struct sha1 c;

	sha1_init(&c);
	sha1_update(&c, msg, len);
	sha1_final(&c, out);
}

/* RFC 2104 with a 64-byte block. */
void
totp_hmac_sha1(const uint8_t *key, size_t klen, const void *msg, size_t mlen, uint8_t out[20])
{
	uint8_t k[64], pad[64], inner[20];
	struct sha1 c;

	memset(k, 0, sizeof k);
	if (klen > sizeof k)
		totp_sha1(key, klen, k);
	else if (klen > 0)
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof pad);
	sha1_update(&c, msg, mlen);
	sha1_final(&c, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof pad);
	sha1_update(&c, inner, sizeof inner);
	sha1_final(&c, out);
	sodium_memzero(k, sizeof k);
	sodium_memzero(pad, sizeof pad);
}

/*---- HOTP / TOTP ----*/

uint32_t
totp_hotp(const uint8_t *key, size_t klen, uint64_t counter, int digits)
{
	uint8_t msg[8], mac[20];
	uint32_t bin, mod = 1;
	int off;

	VG_ASSERT(digits >= 6 && digits <= 8);
	for (int i = 0; i < 8; i++)
		msg[i] = (uint8_t)(counter >> (56 - 8 * i));
	totp_hmac_sha1(key, klen, msg, sizeof msg, mac);
	/* RFC 4226 §5.4: dynamic truncation. */
	off = mac[19] & 0x0f;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	    (uint32_t)mac[off + 2] << 8 | mac[off + 3];
	while (digits-- > 0)
		mod *= 10;
	return bin % mod;
}

uint64_t
totp_step(int64_t us)
{
	if (us < 0)
		return 0;
	return (uint64_t)(us / VG_USEC_PER_SEC) / TOTP_PERIOD_S;
}

/*---- base32 (RFC 4648 §6) ----*/

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t
totp_base32_encode(const uint8_t *in, size_t n, char *out, size_t outsz)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	VG_ASSERT(outsz >= (n * 8 + 4) / 5 + 1);
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

int
totp_base32_decode(const char *s, uint8_t *out, size_t outsz)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t o = 0;

	for (; *s; s++) {
		char c = *s;
		const char *p;

		if (c == ' ' || c == '=' || c == '-')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((p = strchr(b32, c)) == NULL || c == '\0')
			return -1;
		acc = (acc << 5) | (uint32_t)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (o >= outsz)
				return -1;
			out[o++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)o;
}

/*---- Enrolment and checking ----*/

/* Percent-encodes everything but unreserved characters (RFC 3986 §2.3). */
static void
uri_escape(struct vg_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			buf_add(b, s, 1);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static int
set_secret(struct vg_site *s, const struct vg_actor *a, const char *login, const char *b32s,
    const char *action, const char *detail, struct vg_err *err)
{
	struct vg_user *u;
	struct vg_stmt *st;
	int r;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if ((u = users_get(s, login)) == NULL)
		return vg_seterr_field(err, VG_NOTFOUND, "login", _("no user \"%s\""), login);
	if (b32s == NULL && !u->has_totp) {
		users_free(u);
		return vg_seterr(err, VG_CONFLICT, _("user \"%s\" has no one-time code enrolled"),
		    login);
	}
	if (site_begin(s, err) != 0) {
		users_free(u);
		return -1;
	}
	st = db_prepare(s->db, "UPDATE users SET totp_secret = ?, totp_last_step = 0, "
	    "updated_us = ? WHERE id = ?");
	db_bind_text(st, 1, b32s);
	db_bind_int(st, 2, clock_now());
	db_bind_int(st, 3, u->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_append(s, a->display, action, login, detail, a->source, err);
	if (r == 0)
		r = site_commit(s, err);
	else
		site_rollback(s);
	users_free(u);
	return r;
}

char *
totp_enrol(struct vg_site *s, const struct vg_actor *a, const char *login, struct vg_err *err)
{
	uint8_t key[TOTP_SECRET_BYTES];
	char secret[64];
	struct vg_buf uri;

	randombytes_buf(key, sizeof key);
	totp_base32_encode(key, sizeof key, secret, sizeof secret);
	sodium_memzero(key, sizeof key);
	if (set_secret(s, a, login, secret, "user.totp.enrol",
	    "one-time code secret (re)generated", err) != 0) {
		sodium_memzero(secret, sizeof secret);
		return NULL;
	}
	/* Key URI format as authenticator apps read it: label "issuer:account". */
	buf_init(&uri);
	buf_puts(&uri, "otpauth://totp/");
	uri_escape(&uri, s->cfg.site_name);
	buf_puts(&uri, ":");
	uri_escape(&uri, login);
	buf_printf(&uri, "?secret=%s&issuer=", secret);
	uri_escape(&uri, s->cfg.site_name);
	buf_printf(&uri, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_PERIOD_S);
	sodium_memzero(secret, sizeof secret);
	return buf_steal(&uri);
}

int
totp_remove(struct vg_site *s, const struct vg_actor *a, const char *login, struct vg_err *err)
{
	return set_secret(s, a, login, NULL, "user.totp.remove", "one-time code removed", err);
}

/* The code as a number, or -1 unless it is exactly TOTP_DIGITS digits. */
static long
parse_code(const char *code)
{
	long v = 0;
	int n = 0;

	for (; *code; code++) {
		if (*code == ' ')
			continue;
		if (*code < '0' || *code > '9' || ++n > TOTP_DIGITS)
			return -1;
		v = v * 10 + (*code - '0');
	}
	return n == TOTP_DIGITS ? v : -1;
}

/* Claims a step: refuses it if this or a later step was already used. */
static int
claim_step(struct vg_site *s, int64_t uid, const char *login, uint64_t step,
    const char *source, struct vg_err *err)
{
	struct vg_stmt *st;
	int r, claimed;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE users SET totp_last_step = ? WHERE id = ? AND "
	    "totp_last_step < ?");
	db_bind_int(st, 1, (int64_t)step);
	db_bind_int(st, 2, uid);
	db_bind_int(st, 3, (int64_t)step);
	r = db_run(st, s->db, err);
	db_finalize(st);
	claimed = r == 0 && db_changes(s->db) == 1;
	if (r == 0 && claimed)
		r = audit_appendf(s, login, "auth.totp.used", login, source, err, "step=%llu",
		    (unsigned long long)step);
	if (r != 0) {
		site_rollback(s);
		return -1;
	}
	if (site_commit(s, err) != 0)
		return -1;
	return claimed;
}

int
totp_check(struct vg_site *s, int64_t uid, const char *login, const char *code,
    const char *source, struct vg_err *err)
{
	struct vg_stmt *st;
	uint8_t key[64];
	int klen = -1, found = 0;
	long want = parse_code(code);
	uint64_t now = totp_step(clock_now()), hit = 0;

	st = db_prepare(s->db, "SELECT totp_secret FROM users WHERE id = ? AND "
	    "totp_secret IS NOT NULL");
	db_bind_int(st, 1, uid);
	if (db_step(st) == DB_ROW)
		klen = totp_base32_decode(db_col_text(st, 0), key, sizeof key);
	db_finalize(st);
	if (klen > 0 && want >= 0)
		for (uint64_t step = now - 1; step <= now + 1; step++)
			if ((long)totp_hotp(key, (size_t)klen, step, TOTP_DIGITS) == want) {
				hit = step;
				found = 1;
			}
	sodium_memzero(key, sizeof key);
	if (!found)
		return 0;
	return claim_step(s, uid, login, hit, source, err);
}
