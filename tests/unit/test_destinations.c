/* test_destinations.c — where a copy may go (requests_allow_destination), maximum retention,
 * hold terms and viewer requirements as the shipped profiles state them. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/clock.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

#define HOUR (INT64_C(3600) * 1000000)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */

static struct vg_policy *
shipped(const char *name)
{
	char *path = xasprintf("etc/policies/%s.cfg", name);
	struct vg_err err;
	struct vg_policy *p = policy_load(path, &err);

	if (p == NULL)
		fail_msg("%s", err.msg);
	free(path);
	return p;
}

/*
 * The pure decision over one route: HHKCS 2.5.3(i) police copies go to the
 * police only; refused kinds cite their article; an agency-bound kind needs
 * that agency; an unknown kind is a usage error listing the route's kinds.
 */
static void
test_route_destinations(void **state)
{
	struct vg_policy *p = shipped("hhkcs");
	const struct pol_route *police = policy_route(p, "police_copy");
	const struct pol_route *record = policy_route(p, "school_record_conduct");
	struct vg_err err;

	(void)state;
	assert_int_equal(policy_destination_allowed(p, police, "police", "police", &err), 0);
	assert_int_equal(policy_destination_allowed(p, police, "school_storage", "police", &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_string_equal(err.field, "destination");
	assert_contains(err.msg, "HHKCS 2.4.3(v), 2.5.3(i): a copy under police_copy (Copy for the "
	    "police) may go only to police (The police, directly), not to");
	assert_int_equal(policy_destination_allowed(p, police, "parent", "police", &err), -1);
	assert_string_equal(err.msg, "HHKCS 2.5.3(i): a copy is never shared with a parent");
	assert_int_equal(policy_destination_allowed(p, record, "personal_device", NULL, &err), -1);
	assert_string_equal(err.msg,
	    "HHKCS 2.5.3(iii): no footage is ever kept on a personal device");
	assert_int_equal(policy_destination_allowed(p, record, "police", NULL, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_int_equal(policy_destination_allowed(p, record, "school_storage", NULL, &err), 0);
	assert_int_equal(policy_destination_allowed(p, record, "usb", NULL, &err), -1);
	assert_int_equal(err.code, VG_USAGE);
	assert_contains(err.msg, "may go to: school_storage");
	policy_free(p);
	/* GCU art. 16(2)3: evidence goes to the body that asked for it. */
	p = shipped("gcu");
	police = policy_route(p, "external_copy");
	assert_int_equal(policy_destination_allowed(p, police, "court", "court", &err), 0);
	assert_int_equal(policy_destination_allowed(p, police, "court", "police", &err), -1);
	assert_contains(err.msg, "GCU art. 16(2)3: a copy goes to The court that asked only when "
	    "Court asked for it, and this request is from police");
	policy_free(p);
	/* REG ch. 4 §2.2, §3.1: no third party, no personal device, with their articles. */
	p = shipped("registration");
	record = policy_route(p, "registered_use");
	assert_int_equal(policy_destination_allowed(p, record, "third_party", NULL, &err), -1);
	assert_contains(err.msg, "REG ch. 4 §2.2: no unit or person passes the footage to a third party");
	assert_int_equal(policy_destination_allowed(p, record, "personal_device", NULL, &err), -1);
	assert_contains(err.msg, "REG ch. 4 §3.1: footage is stored only on the school's dedicated");
	assert_int_equal(policy_destination_allowed(p, record, "school_server", NULL, &err), 0);
	policy_free(p);
}

/* Every route that grants copies says where they may go, in every profile. */
static void
test_copy_routes_name_destinations(void **state)
{
	static const char *const names[] = { "default", "hhkcs", "gcu", "guat", "registration",
	    "dlut" };

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(names); i++) {
		struct vg_policy *p = shipped(names[i]);

		for (size_t r = 0; r < p->nroutes; r++) {
			const struct pol_route *ro = &p->routes[r];
			int copies = ro->nkinds == 0;

			for (size_t k = 0; k < ro->nkinds; k++)
				copies |= strcmp(ro->kinds[k], "copy") == 0;
			if (copies && !ro->refuse.en[0] && ro->ndestinations == 0)
				fail_msg("%s: route %s grants copies and names no destination",
				    names[i], ro->id);
		}
		policy_free(p);
	}
}

/* 000 §3.4, 002 art. 21, 003 ch. 4 §1.3 say when footage goes; 001 and 004 do not. */
static void
test_maximum_retention(void **state)
{
	static const struct { const char *profile, *zone; int max; const char *art; } want[] = {
		{ "hhkcs", "classroom", 90, "HHKCS 3.4" },
		{ "guat", "classroom", 30, "GUAT art. 21" },
		{ "registration", "laboratory", 30, "REG ch. 4 §1.3" },
		{ "gcu", "dormitory", 0, NULL },
		{ "dlut", "key_location", 0, NULL },
		{ "dlut", "building", 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(want); i++) {
		struct vg_policy *p = shipped(want[i].profile);
		const char *art = NULL;

		assert_int_equal(policy_retention_max(p, "public", want[i].zone, &art), want[i].max);
		if (want[i].art != NULL)
			assert_string_equal(art, want[i].art);
		policy_free(p);
	}
}

/* What a profile may not say about copies, terms and viewers. */
static void
test_broken_copy_settings(void **state)
{
	static const struct { const char *file, *from, *to, *msg; } cases[] = {
		{ "hhkcs", "destinations = [ \"police\" ];", "destinations = [ \"polise\" ];",
		  "unknown destination \"polise\"" },
		{ "hhkcs", "destinations = [ \"police\" ];", "destinations = [ \"parent\" ];",
		  "destination \"parent\" is refused by the profile" },
		{ "hhkcs", "destinations = [ \"police\" ];", "",
		  "a route for copies lists the destinations its copies may go to" },
		{ "hhkcs", "max_days = 90;", "max_days = 60;", "90 is above max_days 60" },
		{ "dlut", "roles = [ \"campus_admin\", \"campus_head\" ];\n    terms",
		  "roles = [ \"campus_admin\", \"campus_head\" ]; days = 30;\n    terms",
		  "a category with minimum terms is kept until released after its term" },
		{ "guat", "{ requester = true; title", "{ requester = true; unit = \"security\"; title",
		  "the requester is one person" },
		{ "gcu", "{ unit = \"security\"; title", "{ unit = \"guards\"; title",
		  "must be \"\", requester_unit or a unit of the profile, not \"guards\"" },
		{ "gcu", "agency = \"court\"; },", "agency = \"judge\"; },", "unknown agency \"judge\"" },
	};
	char *dir = tu_tmpdir();

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(cases); i++) {
		char *src = xasprintf("etc/policies/%s.cfg", cases[i].file), *text, *at;
		char *dst = xasprintf("%s/p.cfg", dir);
		size_t len;
		struct vg_err err;
		struct vg_policy *p;

		text = vg_read_file(src, &len, 1 << 20, &err);
		assert_non_null(text);
		at = strstr(text, cases[i].from);
		if (at == NULL)
			fail_msg("case %zu: \"%s\" not in %s", i, cases[i].from, src);
		*at = '\0';
		free(src);
		src = xasprintf("%s%s%s", text, cases[i].to, at + strlen(cases[i].from));
		tu_write(dst, src);
		if ((p = policy_load(dst, &err)) != NULL)
			fail_msg("case %zu accepted", i);
		assert_contains(err.msg, cases[i].msg);
		free(text);
		free(src);
		free(dst);
	}
	tu_rm_rf(dir);
	free(dir);
}

static const char cameras_hhkcs[] =
    "cameras = ( { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://192.0.2.1/g\"; "
    "zone = \"entrance\"; } );\n";

/* requests_allow_destination over a real grant: only copy grants, only while
 * active, only the route's kinds, the recipient named with a valid ID. */
static void
test_allow_destination_on_a_grant(void **state)
{
	struct vg_site *s = tu_site_cameras("hhkcs", cameras_hhkcs, NOW);
	struct vg_actor *gus = tu_person(s, "gus", "guard", "operations");
	struct vg_actor *opal = tu_person(s, "opal", "operations_head", "operations");
	struct vg_actor *pat = tu_person(s, "pat", "principal", "school");
	const char *cams[] = { "gate-1" };
	struct req_draft d;
	struct vg_err err;
	int granted;
	char *ref, *view;

	(void)state;
	memset(&d, 0, sizeof d);
	d.kind = "copy";
	d.requester_kind = "external";
	d.cameras = cams;
	d.ncameras = 1;
	d.from_us = NOW - 23 * HOUR;
	d.to_us = NOW - 22 * HOUR;
	d.purpose = "police_request";
	d.reason = "bicycle theft";
	d.agency = "police";
	d.letter = "GZ-17";
	d.officer = "Officer Wang";
	d.officer_id = "P-4471";
	assert_int_equal(requests_create(s, gus, &d, 1, &ref, &err), 0);
	assert_int_equal(requests_allow_destination(s, ref, "police", "Officer Wang", "P-4471",
	    &err), -1);
	assert_contains(err.msg, "has no active grant");
	assert_int_equal(approvals_approve(s, opal, ref, NULL, &granted, &err), 0);
	/* HHKCS 2.4.3(v): the principal's step is a written instruction: a rule, exit 1. */
	assert_int_equal(approvals_approve(s, pat, ref, NULL, &granted, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_string_equal(err.msg, "HHKCS 2.4.3(v), 2.5.3(i): step 2 is a written instruction: "
	    "state it with --comment");
	assert_int_equal(approvals_approve(s, pat, ref, "for the police only", &granted, &err), 0);
	assert_int_equal(requests_allow_destination(s, ref, "police", "Officer Wang", "P-4471",
	    &err), 0);
	assert_int_equal(requests_allow_destination(s, ref, "school_storage", "Ivy", "I-1", &err),
	    -1);
	assert_int_equal(requests_allow_destination(s, ref, "police", "", "P-4471", &err), -1);
	assert_string_equal(err.field, "recipient");
	assert_int_equal(requests_allow_destination(s, ref, "police", "Officer Wang", "P 4471",
	    &err), -1);
	assert_string_equal(err.field, "recipient_id");
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "HHKCS profile §3: \"P 4471\" is not a known ID format");
	assert_int_equal(requests_allow_destination(s, ref, "", "Officer Wang", "P-4471", &err),
	    -1);
	assert_int_equal(err.code, VG_USAGE);
	/* A view grant yields no copy at all. */
	d.kind = "view";
	d.requester_kind = "staff";
	d.agency = d.letter = d.officer = d.officer_id = NULL;
	d.purpose = "suspected_crime";
	assert_int_equal(requests_create(s, opal, &d, 1, &view, &err), 0);
	assert_int_equal(requests_allow_destination(s, view, "police", "Officer Wang", "P-4471",
	    &err), -1);
	assert_contains(err.msg, "HHKCS 2.4.3(v): ");
	assert_contains(err.msg, "a view grant never yields a copy");
	/* Nor does an expired grant. */
	clock_set_fixed(NOW + 8 * DAY);
	assert_int_equal(requests_allow_destination(s, ref, "police", "Officer Wang", "P-4471",
	    &err), -1);
	assert_contains(err.msg, "HHKCS 4.1: ");
	free(ref);
	free(view);
	actor_free(gus);
	actor_free(opal);
	actor_free(pat);
	tu_site_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_destinations),
		cmocka_unit_test(test_copy_routes_name_destinations),
		cmocka_unit_test(test_maximum_retention),
		cmocka_unit_test(test_broken_copy_settings),
		cmocka_unit_test(test_allow_destination_on_a_grant),
	};

	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
