/* test_login.c — who may log in, the session limit with sessions of dead processes, changing one's password. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/totp.h"
#include "core/users.h"
#include "core/util.h"

static struct vg_site *s;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	clock_set_fixed(INT64_C(1800000000) * VG_USEC_PER_SEC);
	tu_add_user(s, "gus", "guard", NULL);
	tu_add_user(s, "sam", "staff", NULL);
	tu_add_user(s, "gina", "guard,staff", NULL);
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

static struct pol_role *
role(const char *name)
{
	return (struct pol_role *)policy_role(s->pol, name);
}

static int
allowed(const char *login, struct vg_err *err)
{
	struct vg_user *u = users_get(s, login);
	int r;

	assert_non_null(u);
	r = auth_login_allowed(s, u, err);
	users_free(u);
	return r;
}

static void
authorize(const char *login)
{
	struct vg_actor *a = actor_system("test");
	struct vg_err err;

	assert_int_equal(authz_add(s, a, login, clock_now() - 86400 * VG_USEC_PER_SEC, 0, "all",
	    &err), 0);
	actor_free(a);
}

/* HHKCS 2.4.1: only people on the register operate the system. */
static void
test_register_gates_login(void **state)
{
	struct vg_err err;

	(void)state;
	assert_int_equal(allowed("gus", &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "gus has no unexpired authorisation on the authorised-personnel "
	    "register");
	authorize("gus");
	assert_int_equal(allowed("gus", &err), 0);
	/* The authorisation runs out at the next school year: the login with it. */
	clock_advance(400 * 86400 * VG_USEC_PER_SEC);
	assert_int_equal(allowed("gus", &err), -1);
}

static void
test_roles_without_the_register_log_in(void **state)
{
	struct vg_err err;

	(void)state;
	/* needs_authorization = false in the profile. */
	assert_int_equal(allowed("sam", &err), 0);
	/* A guard who is also staff may log in; the guard's work stays closed (actor_can). */
	assert_int_equal(allowed("gina", &err), 0);
	/* A role that needs the register but grants only request.file does not block the
	 * login: filing a request is open to all staff (HHKCS 2.1.5). */
	role("staff")->needs_authorization = 1;
	assert_int_equal(allowed("sam", &err), 0);
	/* ...but another capability does. */
	{
		char *keep = role("staff")->caps[0], other[] = "status.view";

		role("staff")->caps[0] = other;
		assert_int_equal(allowed("sam", &err), -1);
		role("staff")->caps[0] = keep;
	}
	role("staff")->needs_authorization = 0;
}

static void
test_disabled_and_totp_gates(void **state)
{
	struct vg_actor *admin = actor_system("test");
	struct vg_user *u;
	struct vg_err err;

	(void)state;
	assert_int_equal(users_disable(s, admin, "sam", &err), 0);
	assert_int_equal(allowed("sam", &err), -1);
	assert_contains(err.msg, "the account sam is disabled");
	/* A role marked totp needs an enrolled code. */
	authorize("gus");
	role("guard")->totp = 1;
	u = users_get(s, "gus");
	assert_int_equal(auth_totp_required(s, u), 1);
	users_free(u);
	assert_int_equal(allowed("gus", &err), -1);
	assert_contains(err.msg, "vigil admin user totp gus");
	free(totp_enrol(s, admin, "gus", &err));
	assert_int_equal(allowed("gus", &err), 0);
	role("guard")->totp = 0;
	/* Enrolled anyway: the code is asked for. */
	u = users_get(s, "gus");
	assert_int_equal(auth_totp_required(s, u), 1);
	users_free(u);
	u = users_get(s, "gina");
	assert_int_equal(auth_totp_required(s, u), 0);
	users_free(u);
	actor_free(admin);
}

/* A pid that surely is not running: a child that has exited and been reaped. */
static int
dead_pid(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return (int)p;
}

static void
test_session_limit_ignores_dead_processes(void **state)
{
	struct vg_err err;
	int64_t uid = db_scalar(s->db, "SELECT id FROM users WHERE login = ?", "sam", 0);
	int dead = dead_pid();

	(void)state;
	assert_true(auth_session_open_limited(s, uid, "sam", "ssh 192.0.2.1:1", "ssh", getpid(), 2,
	    &err) > 0);
	assert_true(auth_session_open_limited(s, uid, "sam", "ssh 192.0.2.1:2", "ssh", dead, 2,
	    &err) > 0);
	/* The session of the dead process does not take a place. */
	assert_int_equal(auth_sessions_open_count(s, uid), 1);
	assert_true(auth_session_open_limited(s, uid, "sam", "ssh 192.0.2.1:3", "ssh", getpid(), 2,
	    &err) > 0);
	assert_int_equal(auth_session_open_limited(s, uid, "sam", "ssh 192.0.2.1:4", "ssh",
	    getpid(), 2, &err), -1);
	assert_contains(err.msg, "sam already has 2 of 2 sessions open");
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM sessions", NULL, 0), 3);
	/* Closing stale ones closes only the dead process's, with an audit entry. */
	assert_int_equal(auth_sessions_close_stale(s, 0, "process gone", &err), 1);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL",
	    NULL, 0), 2);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'session.close' AND detail LIKE '%reason=process gone'", NULL, 0), 1);
	/* By pid: what the listener does for a killed connection process. */
	assert_int_equal(auth_sessions_close_stale(s, getpid(), "killed", &err), 2);
	assert_int_equal(auth_sessions_open_count(s, uid), 0);
}

static void
test_change_own_password(void **state)
{
	struct vg_actor *a;
	struct vg_user *u;
	struct vg_err err;

	(void)state;
	a = actor_load(s, "sam", "ssh 192.0.2.9:5", &err);
	u = users_get(s, "sam");
	/* A wrong current password is refused beside its field and counts as a failure. */
	assert_int_equal(auth_change_password(s, a, "not it at all", "a new good password", &err),
	    -1);
	assert_string_equal(err.field, "current");
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM login_attempts WHERE ok = 0 AND "
	    "method = 'password-change'", NULL, 0), 1);
	assert_int_equal(auth_check_password(s, u, "correct horse battery"), 1);
	/* The new one must pass the rules; its message belongs to the field "new". */
	assert_int_equal(auth_change_password(s, a, "correct horse battery", "short", &err), -1);
	assert_string_equal(err.field, "new");
	assert_int_equal(auth_check_password(s, u, "correct horse battery"), 1);
	assert_int_equal(auth_change_password(s, a, "correct horse battery", "a new good password",
	    &err), 0);
	assert_int_equal(auth_check_password(s, u, "a new good password"), 1);
	assert_int_equal(auth_check_password(s, u, "correct horse battery"), 0);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = 'user.passwd' "
	    "AND actor = 'sam' AND source = 'ssh 192.0.2.9:5'", NULL, 0), 1);
	/* No user, no password: never a match. */
	assert_int_equal(auth_check_password(s, NULL, ""), 0);
	users_free(u);
	actor_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_gates_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles_without_the_register_log_in, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_disabled_and_totp_gates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_limit_ignores_dead_processes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_change_own_password, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
