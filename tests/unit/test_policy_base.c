/* test_policy_base.c — profile loading: roles, capabilities, units, retention. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/gov/policy.h"
#include "core/util.h"

static char *dir;

static int
setup(void **state)
{
	(void)state;
	dir = tu_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rm_rf(dir);
	free(dir);
	return 0;
}

static const char base[] =
    "profile = { name = \"t\"; title = \"Test\"; };\n"
    "zones = [ \"gate\", \"key\" ];\n"
    "roles = (\n"
    "  { name = \"guard\"; caps = [ \"camera.status\" ]; },\n"
    "  { name = \"staff\"; caps = [ \"request.file\" ]; needs_authorization = false; }\n"
    ");\n"
    "units = ( { id = \"sec\"; level = 1; }, { id = \"lib\"; level = 3; parent = \"sec\"; } );\n"
    "retention = { default_days = 30; min_days = 30; article = \"Art. 1\";\n"
    "  rules = ( { zone = \"key\"; days = 90; min_days = 90; article = \"Art. 13\"; },\n"
    "            { privacy = \"interior\"; days = 60; min_days = 30; } ); };\n";

static struct vg_policy *
load_text(const char *text, struct vg_err *err)
{
	char *p = xasprintf("%s/p.cfg", dir);
	struct vg_policy *pol;

	tu_write(p, text);
	pol = policy_load(p, err);
	free(p);
	return pol;
}

static void
test_loads_and_looks_up(void **state)
{
	struct vg_err err;
	struct vg_policy *p = load_text(base, &err);
	int days, min;
	const char *art;

	(void)state;
	assert_non_null(p);
	assert_non_null(policy_role(p, "guard"));
	assert_int_equal(policy_role(p, "guard")->needs_authorization, 1);
	assert_int_equal(policy_role(p, "staff")->needs_authorization, 0);
	assert_true(policy_role_has_cap(policy_role(p, "guard"), "camera.status"));
	assert_false(policy_role_has_cap(policy_role(p, "guard"), "user.manage"));
	assert_int_equal(policy_unit(p, "lib")->level, 3);
	policy_retention(p, "public", "key", &days, &min, &art);
	assert_int_equal(days, 90);
	assert_string_equal(art, "Art. 13");
	policy_retention(p, "interior", "", &days, &min, &art);
	assert_int_equal(days, 60);
	/* The zone rule is more specific than the class rule. */
	policy_retention(p, "interior", "key", &days, &min, &art);
	assert_int_equal(days, 90);
	policy_retention(p, "public", "gate", &days, &min, &art);
	assert_int_equal(days, 30);
	assert_string_equal(art, "Art. 1");
	policy_free(p);
}

static void
test_broken_profiles_name_the_line(void **state)
{
	static const struct { const char *from, *to, *msg; } cases[] = {
		{ "\"camera.status\" ]; },", "\"camera.stat\" ]; },", "p.cfg:4: roles[0].caps: unknown capability \"camera.stat\"" },
		{ "name = \"staff\"", "name = \"guard\"", "role \"guard\" is defined twice" },
		{ "parent = \"sec\"", "parent = \"nope\"", "names unknown parent \"nope\"" },
		{ "zone = \"key\"; days", "zone = \"roof\"; days", "zone \"roof\" is not in the profile's zones" },
		{ "days = 60; min_days = 30", "days = 10; min_days = 30", "10 is below min_days 30" },
		{ "level = 3", "level = 4", "units[1].level: 4 must be from 1 to 3" },
		{ "needs_authorization = false", "needs_authorization = 1", "must be true or false" },
		{ "profile = {", "profil = {", "profil: unknown setting" },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(cases); i++) {
		const char *at = strstr(base, cases[i].from);
		char *text;
		struct vg_err err;

		assert_non_null(at);
		text = xasprintf("%.*s%s%s", (int)(at - base), base, cases[i].to,
		    at + strlen(cases[i].from));
		if (load_text(text, &err) != NULL)
			fail_msg("case %zu accepted", i);
		assert_contains(err.msg, cases[i].msg);
		assert_contains(err.msg, "p.cfg:");
		free(text);
	}
}

static void
test_shipped_default_profile_loads(void **state)
{
	struct vg_err err;
	struct vg_policy *p = policy_load("etc/policies/default.cfg", &err);

	(void)state;
	if (p == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(p->name, "default");
	policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_and_looks_up),
		cmocka_unit_test(test_broken_profiles_name_the_line),
		cmocka_unit_test(test_shipped_default_profile_loads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
