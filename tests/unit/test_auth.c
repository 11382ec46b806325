/* test_auth.c — argon2id passwords and the login lockout, with an injected clock. */
#include "tests/unit/testutil.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
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
	assert_int_equal(auth_locked(s, "alice", "10.0.0.9", "password", &until, &n), 0);
	fail_n("alice", "10.0.0.2", 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.9", "password", &until, &n), 1);
	assert_int_equal(n, 5);
	assert_true(until > clock_now());
	/* Other logins from another address are not affected. */
	assert_int_equal(auth_locked(s, "bob", "10.0.0.9", "password", &until, &n), 0);
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
	assert_int_equal(auth_locked(s, "anyone", "192.0.2.7", "password", &until, &n), 1);
	assert_int_equal(auth_locked(s, "anyone", "192.0.2.8", "password", &until, &n), 0);
}

static void
test_lockout_expires_after_the_window(void **state)
{
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 5);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until, &n), 1);
	clock_advance((int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC - 60 * VG_USEC_PER_SEC);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until, &n), 1);
	clock_advance(61 * VG_USEC_PER_SEC);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until, &n), 0);
}

static void
test_success_resets_the_login_count(void **state)
{
	struct vg_err err;
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 4);
	assert_int_equal(auth_record_attempt(s, "alice", "10.0.0.3", "password", 1, NULL, &err), 0);
	clock_advance(VG_USEC_PER_SEC);
	fail_n("alice", "10.0.0.4", 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.5", "password", &until, &n), 0);
}

/* Issue 16 item 5: wrong passwords lock passwords, never the public-key login. */
static void
test_wrong_passwords_never_lock_keys(void **state)
{
	int64_t until;
	int n;

	(void)state;
	fail_n("keyonly", "10.0.0.1", 5);
	assert_int_equal(auth_locked(s, "keyonly", "10.0.0.1", "password", &until, &n), 1);
	assert_int_equal(auth_locked(s, "keyonly", "10.0.0.1", "publickey", &until, &n), 0);
	/* nor the one-time code after a key */
	assert_int_equal(auth_locked(s, "keyonly", "10.0.0.1", "publickey+totp", &until, &n), 0);
}

/* A key login does not clear the passwords' count: it says nothing about them. */
static void
test_key_success_does_not_reset_passwords(void **state)
{
	struct vg_err err;
	int64_t until;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 4);
	assert_int_equal(auth_record_attempt(s, "alice", "10.0.0.3", "publickey", 1, NULL, &err), 0);
	fail_n("alice", "10.0.0.4", 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.5", "password", &until, &n), 1);
}

/* Wrong one-time codes lock codes, not the password. */
static void
test_wrong_codes_lock_codes(void **state)
{
	struct vg_err err;
	int64_t until;
	int n;

	(void)state;
	for (int i = 0; i < 5; i++)
		assert_int_equal(auth_record_attempt(s, "alice", "10.0.0.1", "password+totp", 0,
		    "wrong code", &err), 0);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password+totp", &until, &n), 1);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until, &n), 0);
}

/* Issue 16 item 5: attempts refused while locked do not push the end back. */
static void
test_attempts_while_locked_do_not_extend_it(void **state)
{
	struct vg_err err;
	int64_t until, until2;
	int n;

	(void)state;
	fail_n("alice", "10.0.0.1", 5);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until, &n), 1);
	for (int i = 0; i < 10; i++) {
		clock_advance(60 * VG_USEC_PER_SEC);
		assert_int_equal(auth_record_refusal(s, "alice", "10.0.0.1", "password", "locked out",
		    &err), 0);
		assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until2, &n), 1);
		assert_true(until2 == until);
	}
	clock_set_fixed(until);
	assert_int_equal(auth_locked(s, "alice", "10.0.0.1", "password", &until2, &n), 0);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'auth.login.fail' AND detail LIKE '%locked out%'", NULL, 0), 10);
}

/* The decision alone, as a monitor will call it on counts it holds. */
static void
test_lock_decision_from_counts(void **state)
{
	struct auth_failures c = { 5, 0, 1000 };
	struct auth_lock l;

	(void)state;
	l = auth_lock_decide(AUTH_F_PASSWORD, &c, 5, 900, 1500);
	assert_int_equal(l.locked, 1);
	assert_true(l.until_us == 1900);
	l = auth_lock_decide(AUTH_F_PASSWORD, &c, 5, 900, 1900);
	assert_int_equal(l.locked, 0);
	l = auth_lock_decide(AUTH_F_KEY, &c, 5, 900, 1500);
	assert_int_equal(l.locked, 0);
	c.by_login = 4;
	l = auth_lock_decide(AUTH_F_PASSWORD, &c, 5, 900, 1500);
	assert_int_equal(l.locked, 0);
	assert_int_equal(auth_method_factor("password-change"), AUTH_F_PASSWORD);
	assert_int_equal(auth_method_factor("publickey+totp"), AUTH_F_TOTP);
	assert_int_equal(auth_method_factor("publickey"), AUTH_F_KEY);
}

/*
 * Issue 16 item 6: the dummy hash is made once, by the listener before it
 * forks; in a connection process a login with no such user, a user without a
 * password and a user with one each cost exactly one argon2id verification.
 */
static void
test_every_password_path_does_the_same_work(void **state)
{
	struct vg_err err;
	struct vg_user *with, *without;
	int st;
	pid_t pid;

	(void)state;
	tu_add_user(s, "withpw", "staff", "");
	tu_add_user(s, "nopw", "staff", "");
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "UPDATE users SET pw_hash = NULL WHERE "
	    "login = 'nopw'"), 0);
	with = users_get(s, "withpw");
	without = users_get(s, "nopw");
	assert_int_equal(auth_dummy_prepare(&err), 0);	/* the listener */
	if ((pid = fork()) == 0) {
		const struct vg_user *who[] = { with, without, NULL };
		struct auth_work a, b;
		int bad = 0;

		for (size_t i = 0; i < 3; i++) {
			auth_work_get(&a);
			bad |= auth_check_password(s, who[i], "a wrong guess") != 0;
			auth_work_get(&b);
			bad |= b.hashes != a.hashes || b.verifies != a.verifies + 1;
		}
		_exit(bad);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(auth_check_password(s, with, "correct horse battery"), 1);
	assert_int_equal(auth_check_password(s, without, "correct horse battery"), 0);
	users_free(with);
	users_free(without);
}

static void
test_delay_grows_with_failures(void **state)
{
	int d1, d2;

	(void)state;
	fail_n("alice", "10.0.0.1", 1);
	d1 = auth_failure_delay_ms(s, "alice", "10.0.0.1", "password");
	fail_n("alice", "10.0.0.1", 3);
	d2 = auth_failure_delay_ms(s, "alice", "10.0.0.1", "password");
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
		cmocka_unit_test_setup_teardown(test_wrong_passwords_never_lock_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_success_does_not_reset_passwords, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_codes_lock_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts_while_locked_do_not_extend_it, setup,
		    teardown),
		cmocka_unit_test(test_lock_decision_from_counts),
		cmocka_unit_test_setup_teardown(test_every_password_path_does_the_same_work, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delay_grows_with_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts_are_audited, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
