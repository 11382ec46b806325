/* test_auth.c — argon2id passwords and the login lockout, with an injected clock. */
#include "tests/unit/testutil.h"

#include <string.h>

#include "core/auth.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"

static struct vg_site *s;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	clock_set_fixed(INT64_C(1790000000) * VG_USEC_PER_SEC);
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

static void
test_argon2id_hash_and_verify(void **state)
{
	char h[128];
	struct vg_err err;

	(void)state;
	assert_int_equal(auth_hash_password("correct horse battery", h, &err), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_int_equal(auth_verify_password(h, "correct horse battery"), 1);
	assert_int_equal(auth_verify_password(h, "correct horse batterY"), 0);
	assert_int_equal(auth_verify_password(h, ""), 0);
	/* Anything not argon2id never verifies, however it was made. */
	assert_int_equal(auth_verify_password("$argon2i$v=19$m=4096,t=3,p=1$xx$yy", "x"), 0);
	assert_int_equal(auth_verify_password(NULL, "x"), 0);
	assert_int_equal(auth_verify_password("plaintext", "plaintext"), 0);
}

static void
test_password_rules(void **state)
{
	struct vg_err err;

	(void)state;
	assert_int_equal(auth_password_acceptable("short", &err), -1);
	assert_contains(err.msg, "too short");
	assert_int_equal(auth_password_acceptable("has a\nnewline!", &err), -1);
	assert_contains(err.msg, "control characters");
	assert_int_equal(auth_password_acceptable("long enough password", &err), 0);
}

static void
fail_n(const char *login, const char *src, int n)
{
	struct vg_err err;

	for (int i = 0; i < n; i++) {
		assert_int_equal(auth_record_attempt(s, login, src, "password", 0, "wrong", &err), 0);
		clock_advance(10 * VG_USEC_PER_SEC);
	}
}

static void
test_five_failures_lock_the_login(void **state)
{
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 4);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.9", &until, &n), 0);
	fail_n("alice", "10.0.0.2", 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.9", &until, &n), 1);
	assert_int_equal(n, 5);
	assert_true(until > clock_now());
	/* Other logins from another address are not affected. */
	assert_int_equal(auth_locked(s, "bob", "10.0.0.9", &until, &n), 0);
}

static void
test_five_failures_lock_the_address(void **state)
{
	int64_t until;
	int n;

	(void)state;
	fail_n("u1", "192.0.2.7", 2);
	fail_n("u2", "192.0.2.7", 2);
	fail_n("u3", "192.0.2.7", 1);
	assert_int_equal(auth_locked(s, "anyone", "192.0.2.7", &until, &n), 1);
	assert_int_equal(auth_locked(s, "anyone", "192.0.2.8", &until, &n), 0);
}

static void
test_lockout_expires_after_the_window(void **state)
{
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 5);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", &until, &n), 1);
	clock_advance((int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC - 60 * VG_USEC_PER_SEC);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", &until, &n), 1);
	clock_advance(61 * VG_USEC_PER_SEC);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", &until, &n), 0);
}

static void
test_success_resets_the_login_count(void **state)
{
	struct vg_err err;
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 4);
	assert_int_equal(auth_record_attempt(s, "alice", "10.0.0.3", "publickey", 1, NULL, &err), 0);
	clock_advance(VG_USEC_PER_SEC);
	fail_n("alice", "10.0.0.4", 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.5", &until, &n), 0);
}

static void
test_delay_grows_with_failures(void **state)
{
	int d1, d2;

	(void)state;
	fail_n("alice", "10.0.0.1", 1);
	d1 = auth_failure_delay_ms(s, "alice", "10.0.0.1");
	fail_n("alice", "10.0.0.1", 3);
	d2 = auth_failure_delay_ms(s, "alice", "10.0.0.1");
	assert_true(d2 > d1);
}

static void
test_attempts_are_audited(void **state)
{
	struct vg_err err;

	(void)state;
	assert_int_equal(auth_record_attempt(s, "alice", "10.0.0.1", "password", 0, "wrong password",
	    &err), 0);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'auth.login.fail' AND source = '10.0.0.1' AND detail LIKE '%wrong password%'", NULL, 0), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argon2id_hash_and_verify),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test_setup_teardown(test_five_failures_lock_the_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_five_failures_lock_the_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout_expires_after_the_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_success_resets_the_login_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delay_grows_with_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts_are_audited, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
