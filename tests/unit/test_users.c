/* test_users.c — users, roles, keys, the register and capability checks. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/keys.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

static struct vg_site *s;
static struct vg_actor *sys;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	sys = actor_system("unit");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clock_set_fixed(0);
	actor_free(sys);
	tu_site_close(s);
	return 0;
}

static int64_t
count(const char *table)
{
	char *q = xasprintf("SELECT COUNT(*) FROM %s", table);
	int64_t n = db_scalar(s->db, q, NULL, -1);

	free(q);
	return n;
}

static void
test_add_user_with_key_and_password(void **state)
{
	const char *roles[] = { "guard", "ict" };
	struct user_spec sp = { .login = "alice", .name = "Alice 王", .roles = roles, .nroles = 2,
	    .unit = "security", .password = "correct horse battery" };
	struct vg_pubkey k;
	struct vg_user *u;
	struct vg_err err;

	(void)state;
	assert_int_equal(key_parse_file("tests/unit/keys/ed.pub", &k, &err), 0);
	sp.key = &k;
	assert_int_equal(users_add(s, sys, &sp, &err), 0);
	u = users_get(s, "alice");
	assert_non_null(u);
	assert_string_equal(u->name, "Alice 王");
	assert_int_equal(u->nroles, 2);
	assert_true(user_has_role(u, "guard") && user_has_role(u, "ict"));
	assert_int_equal(u->has_password, 1);
	assert_int_equal(users_key_matches(s, u->id, k.type, k.b64), 1);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = 'user.add' "
	    "AND object = 'alice'", NULL, 0), 1);
	users_free(u);
	key_free(&k);
}

static void
test_refusals_leave_database_unchanged(void **state)
{
	const char *guard[] = { "guard" }, *bad[] = { "janitor" }, *twice[] = { "guard", "guard" };
	struct user_spec ok = { .login = "bob", .name = "Bob", .roles = guard, .nroles = 1,
	    .password = "correct horse battery" };
	struct { struct user_spec sp; const char *msg; } cases[] = {
		{ { .login = "bob", .name = "Bob 2", .roles = guard, .nroles = 1,
		    .password = "correct horse battery" }, "already exists" },
		{ { .login = "carol", .name = "Carol", .roles = bad, .nroles = 1,
		    .password = "correct horse battery" }, "unknown role \"janitor\"" },
		{ { .login = "carol", .name = "Carol", .roles = twice, .nroles = 2,
		    .password = "correct horse battery" }, "given twice" },
		{ { .login = "Carol", .name = "Carol", .roles = guard, .nroles = 1,
		    .password = "correct horse battery" }, "not a valid login" },
		{ { .login = "carol", .name = "", .roles = guard, .nroles = 1,
		    .password = "correct horse battery" }, "display name" },
		{ { .login = "carol", .name = "Carol", .roles = guard, .nroles = 0,
		    .password = "correct horse battery" }, "at least one role" },
		{ { .login = "carol", .name = "Carol", .roles = guard, .nroles = 1, .unit = "mars",
		    .password = "correct horse battery" }, "unknown unit \"mars\"" },
		{ { .login = "carol", .name = "Carol", .roles = guard, .nroles = 1,
		    .password = "short" }, "too short" },
	};
	int64_t users, roles, audit;
	struct vg_err err;

	(void)state;
	assert_int_equal(users_add(s, sys, &ok, &err), 0);
	users = count("users");
	roles = count("user_roles");
	audit = count("audit");
	for (size_t i = 0; i < VG_ARRLEN(cases); i++) {
		assert_int_equal(users_add(s, sys, &cases[i].sp, &err), -1);
		assert_contains(err.msg, cases[i].msg);
		assert_int_equal(count("users"), users);
		assert_int_equal(count("user_roles"), roles);
		assert_int_equal(count("audit"), audit);
	}
}

static void
test_duplicate_key_refused(void **state)
{
	struct vg_pubkey k;
	struct vg_err err;
	int64_t keys;

	(void)state;
	tu_add_user(s, "alice", "guard", NULL);
	tu_add_user(s, "bob", "guard", NULL);
	assert_int_equal(key_parse_file("tests/unit/keys/ec.pub", &k, &err), 0);
	assert_int_equal(users_add_key(s, sys, "alice", &k, &err), 0);
	keys = count("user_keys");
	assert_int_equal(users_add_key(s, sys, "bob", &k, &err), -1);
	assert_contains(err.msg, "already registered");
	assert_int_equal(users_add_key(s, sys, "nobody", &k, &err), -1);
	assert_contains(err.msg, "no user \"nobody\"");
	assert_int_equal(count("user_keys"), keys);
	key_free(&k);
}

static void
test_disable_and_password_change(void **state)
{
	struct vg_actor *a;
	struct vg_err err;

	(void)state;
	tu_add_user(s, "alice", "guard", NULL);
	assert_int_equal(users_set_password(s, sys, "alice", "another long password", &err), 0);
	assert_int_equal(users_disable(s, sys, "alice", &err), 0);
	assert_int_equal(users_disable(s, sys, "alice", &err), -1);
	assert_contains(err.msg, "already disabled");
	a = actor_load(s, "alice", "unit", &err);
	assert_null(a);
	assert_contains(err.msg, "disabled");
}

static void
test_authorization_defaults_to_next_school_year(void **state)
{
	struct vg_err err;
	int64_t now = time_from_ymd(2026, 11, 22) + 12 * 3600 * VG_USEC_PER_SEC, trained;
	size_t n;
	struct vg_authz *z;

	(void)state;
	clock_set_fixed(now);
	tu_add_user(s, "alice", "guard", NULL);
	assert_int_equal(time_parse_date("2026-10-01", &trained, &err), 0);
	assert_int_equal(authz_add(s, sys, "alice", trained, 0, "all", &err), 0);
	z = authz_list(s, &n);
	assert_int_equal(n, 1);
	assert_int_equal(z[0].until_us, time_from_ymd(2027, 9, 1));
	authz_free_list(z, n);
	/* In August the next start is the coming September. */
	clock_set_fixed(time_from_ymd(2027, 8, 15));
	assert_int_equal(authz_default_until(s, clock_now()), time_from_ymd(2027, 9, 1));
}

static void
test_authorization_refusals(void **state)
{
	struct vg_err err;
	int64_t now = clock_now();

	(void)state;
	tu_add_user(s, "alice", "guard", NULL);
	assert_int_equal(authz_add(s, sys, "alice", now + 86400 * VG_USEC_PER_SEC, 0, "all", &err), -1);
	assert_contains(err.msg, "in the future");
	assert_int_equal(authz_add(s, sys, "alice", now - 86400 * VG_USEC_PER_SEC,
	    now - 3600 * VG_USEC_PER_SEC, "all", &err), -1);
	assert_contains(err.msg, "not in the future");
	assert_int_equal(authz_add(s, sys, "ghost", now, 0, "all", &err), -1);
	assert_contains(err.msg, "no user");
	assert_int_equal(count("authorizations"), 0);
}

/* DESIGN §8, HHKCS 2.1.4 and 2.4.1: capabilities beyond filing a request need
 * an unexpired authorisation when the role says so. */
static void
test_capabilities_need_unexpired_authorization(void **state)
{
	struct vg_actor *a;
	struct vg_err err;
	int64_t now = time_from_ymd(2026, 11, 22);

	(void)state;
	clock_set_fixed(now);
	tu_add_user(s, "gary", "guard", NULL);
	tu_add_user(s, "sam", "staff", NULL);
	a = actor_load(s, "gary", "unit", &err);
	assert_non_null(a);
	assert_int_equal(actor_can(s, a, "camera.status"), 0);
	assert_int_equal(actor_can(s, a, "request.file"), 1);
	assert_int_equal(actor_require(s, a, "camera.status", &err), -1);
	assert_contains(err.msg, "authorised-personnel register");
	actor_free(a);
	assert_int_equal(authz_add(s, sys, "gary", now - 86400 * VG_USEC_PER_SEC, 0, "all", &err), 0);
	a = actor_load(s, "gary", "unit", &err);
	assert_int_equal(actor_can(s, a, "camera.status"), 1);
	assert_int_equal(actor_can(s, a, "user.manage"), 0);
	assert_int_equal(actor_require(s, a, "user.manage", &err), -1);
	assert_string_equal(err.msg, "your roles cannot manage users and how they log in");
	actor_free(a);
	/* After the school year starts again the authorisation has lapsed. */
	clock_set_fixed(time_from_ymd(2027, 9, 2));
	a = actor_load(s, "gary", "unit", &err);
	assert_int_equal(actor_can(s, a, "camera.status"), 0);
	actor_free(a);
	/* Staff need no register entry to file requests. */
	a = actor_load(s, "sam", "unit", &err);
	assert_int_equal(actor_can(s, a, "request.file"), 1);
	actor_free(a);
}

/* A session outlives what it was opened with: an authorisation that lapses or a
 * user disabled meanwhile stops the next action of the same loaded actor. */
static void
test_checks_read_the_register_at_each_action(void **state)
{
	struct vg_actor *a;
	struct vg_err err;
	int64_t now = time_from_ymd(2026, 11, 22);

	(void)state;
	clock_set_fixed(now);
	tu_add_user(s, "gary", "guard", NULL);
	assert_int_equal(authz_add(s, sys, "gary", now - 86400 * VG_USEC_PER_SEC, 0, "all", &err), 0);
	a = actor_load(s, "gary", "unit", &err);
	assert_non_null(a);
	assert_int_equal(actor_can(s, a, "camera.status"), 1);
	clock_set_fixed(time_from_ymd(2027, 9, 2));
	assert_int_equal(actor_can(s, a, "camera.status"), 0);
	assert_int_equal(actor_require(s, a, "camera.status", &err), -1);
	assert_contains(err.msg, "authorised-personnel register");
	clock_set_fixed(now);
	assert_int_equal(actor_can(s, a, "camera.status"), 1);
	assert_int_equal(users_disable(s, sys, "gary", &err), 0);
	assert_int_equal(actor_can(s, a, "camera.status"), 0);
	assert_int_equal(actor_can(s, a, "request.file"), 0);
	assert_int_equal(actor_require(s, a, "request.file", &err), -1);
	assert_contains(err.msg, "disabled");
	actor_free(a);
}

static void
test_user_without_capability_cannot_manage_users(void **state)
{
	const char *roles[] = { "staff" };
	struct user_spec sp = { .login = "eve", .name = "Eve", .roles = roles, .nroles = 1,
	    .password = "correct horse battery" };
	struct vg_actor *a;
	struct vg_err err;

	(void)state;
	tu_add_user(s, "sam", "staff", NULL);
	a = actor_load(s, "sam", "unit", &err);
	assert_int_equal(users_add(s, a, &sp, &err), -1);
	assert_contains(err.msg, "your roles cannot manage users");
	assert_null(users_get(s, "eve"));
	/* ...but may change their own password. */
	assert_int_equal(users_set_password(s, a, "sam", "a new long password", &err), 0);
	actor_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_user_with_key_and_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals_leave_database_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_and_password_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_authorization_defaults_to_next_school_year, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_authorization_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checks_read_the_register_at_each_action,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_capabilities_need_unexpired_authorization, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_user_without_capability_cannot_manage_users, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
