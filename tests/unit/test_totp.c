/* test_totp.c — SHA-1, HMAC-SHA-1, HOTP and TOTP against their RFC test vectors; enrolment and replay. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/totp.h"
#include "core/users.h"
#include "core/util.h"

static void
hex_of(const uint8_t *d, size_t n, char *out)
{
	vg_hex(d, n, out);
}

static void
test_sha1_fips_vectors(void **state)
{
	static const struct { const char *msg; const char *digest; } v[] = {
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	};
	uint8_t d[20];
	char hex[41], *million;

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(v); i++) {
		totp_sha1(v[i].msg, strlen(v[i].msg), d);
		hex_of(d, sizeof d, hex);
		assert_string_equal(hex, v[i].digest);
	}
	/* FIPS 180 appendix: one million 'a' (many blocks, padding across blocks). */
	million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	totp_sha1(million, 1000000, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
}

/* RFC 2202 §3: test cases 1, 2, 6 (key longer than a block). */
static void
test_hmac_sha1_rfc2202(void **state)
{
	uint8_t key[80], d[20];
	char hex[41];

	(void)state;
	memset(key, 0x0b, 20);
	totp_hmac_sha1(key, 20, "Hi There", 8, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "b617318655057264e28bc0b6fb378c8ef146be00");
	totp_hmac_sha1((const uint8_t *)"Jefe", 4, "what do ya want for nothing?", 28, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
	memset(key, 0xaa, 80);
	totp_hmac_sha1(key, 80, "Test Using Larger Than Block-Size Key - Hash Key First", 54, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

/* RFC 4226 appendix D. */
static void
test_hotp_rfc4226(void **state)
{
	static const uint32_t want[10] = { 755224, 287082, 359152, 969429, 338314, 254676,
	    287922, 162583, 399871, 520489 };
	const uint8_t *key = (const uint8_t *)"12345678901234567890";

	(void)state;
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(totp_hotp(key, 20, c, 6), want[c]);
}

/* RFC 6238 appendix B, SHA-1 rows (8 digits). */
static void
test_totp_rfc6238(void **state)
{
	static const struct { int64_t t; uint32_t code; } v[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 }, { 1111111111, 14050471 },
		{ 1234567890, 89005924 }, { 2000000000, 69279037 }, { 20000000000LL, 65353130 },
	};
	const uint8_t *key = (const uint8_t *)"12345678901234567890";

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(v); i++)
		assert_int_equal(totp_hotp(key, 20, totp_step(v[i].t * VG_USEC_PER_SEC), 8),
		    v[i].code);
}

/* RFC 4648 §10, without padding; decoding forgives case, spaces and '='. */
static void
test_base32_rfc4648(void **state)
{
	static const char *plain[] = { "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *enc[] = { "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI" };
	char out[32];
	uint8_t back[16];

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(plain); i++) {
		totp_base32_encode((const uint8_t *)plain[i], strlen(plain[i]), out, sizeof out);
		assert_string_equal(out, enc[i]);
		assert_int_equal(totp_base32_decode(enc[i], back, sizeof back), (int)strlen(plain[i]));
		assert_memory_equal(back, plain[i], strlen(plain[i]));
	}
	assert_int_equal(totp_base32_decode("mzxw 6ytb oi==", back, sizeof back), 6);
	assert_memory_equal(back, "foobar", 6);
	assert_int_equal(totp_base32_decode("MZXW1", back, sizeof back), -1);	/* 1 is not base32 */
	assert_int_equal(totp_base32_decode("MZXW6YTBOI", back, 3), -1);	/* does not fit */
}

/*---- Enrolment and checking, on a real site ----*/

static struct vg_site *s;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	clock_set_fixed(INT64_C(1800000000) * VG_USEC_PER_SEC);
	tu_add_user(s, "hana", "security_head", NULL);
	tu_add_user(s, "gus", "guard", NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clock_set_fixed(0);
	tu_site_close(s);
	return 0;
}

/* The secret as the database holds it, decoded. */
static int
secret_of(const char *login, uint8_t *key)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT totp_secret FROM users WHERE login = ?");
	int n = -1;

	db_bind_text(st, 1, login);
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0))
		n = totp_base32_decode(db_col_text(st, 0), key, 64);
	db_finalize(st);
	return n;
}

static void
code_at(const uint8_t *key, int n, int64_t step, char out[8])
{
	snprintf(out, 8, "%06u", totp_hotp(key, (size_t)n, (uint64_t)step, 6));
}

static void
test_enrol_prints_uri_and_audits_no_secret(void **state)
{
	struct vg_actor *admin = actor_system("test");
	struct vg_err err;
	char *uri, b32[64];
	uint8_t key[64];
	int n;

	(void)state;
	uri = totp_enrol(s, admin, "hana", &err);
	assert_non_null(uri);
	assert_contains(uri, "otpauth://totp/Unit%20Test%20School:hana?secret=");
	assert_contains(uri, "&algorithm=SHA1&digits=6&period=30");
	n = secret_of("hana", key);
	assert_int_equal(n, TOTP_SECRET_BYTES);
	totp_base32_encode(key, (size_t)n, b32, sizeof b32);
	assert_contains(uri, b32);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'user.totp.enrol' AND detail NOT LIKE '%' || ? || '%'", b32, 0), 1);
	/* Enrolling again gives a new secret. */
	free(uri);
	uri = totp_enrol(s, admin, "hana", &err);
	assert_non_null(uri);
	assert_true(strstr(uri, b32) == NULL);
	free(uri);
	assert_null(totp_enrol(s, admin, "nobody", &err));
	assert_contains(err.msg, "no user \"nobody\"");
	actor_free(admin);
}

static void
test_enrol_needs_user_manage(void **state)
{
	struct vg_actor *a;
	struct vg_err err;

	(void)state;
	a = actor_load(s, "gus", "test", &err);
	assert_null(totp_enrol(s, a, "hana", &err));
	assert_contains(err.msg, "your roles cannot manage users");
	assert_int_equal(secret_of("hana", (uint8_t[64]){ 0 }), -1);
	assert_int_equal(totp_remove(s, a, "hana", &err), -1);
	actor_free(a);
}

static void
test_check_window_and_replay(void **state)
{
	struct vg_actor *admin = actor_system("test");
	struct vg_err err;
	uint8_t key[64];
	char code[8];
	int64_t now = (int64_t)totp_step(clock_now());
	int n;

	(void)state;
	free(totp_enrol(s, admin, "hana", &err));
	n = secret_of("hana", key);
	int64_t uid = db_scalar(s->db, "SELECT id FROM users WHERE login = ?", "hana", 0);

	/* One step of drift either way is accepted (RFC 6238 §5.2). */
	code_at(key, n, now - 1, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 1);
	/* The same step never twice; nor an older one after a newer was used. */
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 0);
	code_at(key, n, now, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 1);
	code_at(key, n, now - 1, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 0);
	code_at(key, n, now + 1, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 1);
	/* Two steps away: refused. */
	clock_advance(10 * TOTP_PERIOD_S * VG_USEC_PER_SEC);
	now = (int64_t)totp_step(clock_now());
	code_at(key, n, now - 2, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 0);
	code_at(key, n, now + 2, code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 0);
	/* Malformed codes are refused without a match being tried. */
	assert_int_equal(totp_check(s, uid, "hana", "12345", "test", &err), 0);
	assert_int_equal(totp_check(s, uid, "hana", "1234567", "test", &err), 0);
	assert_int_equal(totp_check(s, uid, "hana", "12a456", "test", &err), 0);
	assert_int_equal(totp_check(s, uid, "hana", "", "test", &err), 0);
	/* Spaces as authenticator apps show them ("123 456") are fine. */
	code_at(key, n, now, code);
	{
		char spaced[9];

		snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
		assert_int_equal(totp_check(s, uid, "hana", spaced, "test", &err), 1);
	}
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'auth.totp.used'", NULL, 0), 4);
	/* After removal nothing is accepted. */
	assert_int_equal(totp_remove(s, admin, "hana", &err), 0);
	clock_advance(10 * TOTP_PERIOD_S * VG_USEC_PER_SEC);
	code_at(key, n, (int64_t)totp_step(clock_now()), code);
	assert_int_equal(totp_check(s, uid, "hana", code, "test", &err), 0);
	assert_int_equal(totp_remove(s, admin, "hana", &err), -1);
	assert_contains(err.msg, "has no one-time code enrolled");
	actor_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_fips_vectors),
		cmocka_unit_test(test_hmac_sha1_rfc2202),
		cmocka_unit_test(test_hotp_rfc4226),
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_base32_rfc4648),
		cmocka_unit_test_setup_teardown(test_enrol_prints_uri_and_audits_no_secret, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_enrol_needs_user_manage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_window_and_replay, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
