/* test_policy_routing.c — the routing table of every shipped profile, case by case. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/gov/policy.h"
#include "core/util.h"

/*
 * One row: who asks (requester kind, their roles and unit), for what (request
 * kind, purpose, agency, emergency), about which camera (privacy, zone, unit),
 * and what the profile must answer: the steps as "role|role@unit > ..." (an
 * empty string for a grant on submission), or "!" and a piece of the refusal.
 */
struct row {
	const char	*rkind;
	const char	*roles;		/* comma separated */
	const char	*runit;
	const char	*kind;
	const char	*purpose;
	const char	*agency;
	int		 emergency;
	const char	*privacy;
	const char	*zone;
	const char	*cunit;
	const char	*want;
};

static char *
plan_string(const struct pol_plan *plan)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < plan->nsteps; i++) {
		const struct pol_plan_step *s = &plan->steps[i];

		buf_printf(&b, "%s", i ? " > " : "");
		for (size_t r = 0; r < s->step->nroles; r++)
			buf_printf(&b, "%s%s", r ? "|" : "", s->step->roles[r]);
		if (s->unit[0])
			buf_printf(&b, "@%s", s->unit);
	}
	return buf_steal(&b);
}

static void
run_rows(const char *profile, const struct row *rows, size_t n)
{
	char *path = xasprintf("etc/policies/%s.cfg", profile);
	struct vg_err err;
	struct vg_policy *p = policy_load(path, &err);

	if (p == NULL)
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < n; i++) {
		const struct row *w = &rows[i];
		struct pol_camera cam = { "cam-1", w->privacy, w->zone, w->cunit, 1 };
		char *roles = xstrdup(w->roles), *rv[8], *save = NULL, *t;
		struct pol_case cs;
		struct pol_plan plan;
		size_t nr = 0;
		int r;

		for (t = strtok_r(roles, ",", &save); t && nr < 8; t = strtok_r(NULL, ",", &save))
			rv[nr++] = t;
		memset(&cs, 0, sizeof cs);
		cs.requester_kind = w->rkind;
		cs.kind = w->kind;
		cs.purpose = w->purpose;
		cs.agency = w->agency;
		cs.requester_unit = w->runit;
		cs.requester_roles = rv;
		cs.nrequester_roles = nr;
		cs.emergency = w->emergency;
		cs.cameras = &cam;
		cs.ncameras = 1;
		vg_err_clear(&err);
		r = policy_required_steps(p, &cs, &plan, &err);
		if (w->want[0] == '!') {
			if (r == 0)
				fail_msg("%s row %zu: expected a refusal \"%s\", got \"%s\"", profile, i,
				    w->want + 1, plan_string(&plan));
			if (strstr(err.msg, w->want + 1) == NULL)
				fail_msg("%s row %zu: refusal \"%s\" lacks \"%s\"", profile, i, err.msg,
				    w->want + 1);
		} else {
			char *got;

			if (r != 0)
				fail_msg("%s row %zu: refused: %s", profile, i, err.msg);
			got = plan_string(&plan);
			if (strcmp(got, w->want) != 0)
				fail_msg("%s row %zu: steps \"%s\", expected \"%s\"", profile, i, got,
				    w->want);
			assert_int_equal(plan.grant_on_submit, w->want[0] == '\0');
			free(got);
			policy_plan_free(&plan);
		}
		free(roles);
	}
	policy_free(p);
	free(path);
}

#define RUN(profile, rows) run_rows(profile, rows, VG_ARRLEN(rows))

static void
test_hhkcs_routing(void **state)
{
#define staff_view "principal|kindergarten_head|vp_student_care|operations_head"
	const struct row rows[] = {
		/* 2.4.3(ii): staff view with an approver's authorisation. */
		{ "staff", "staff", "primary", "view", "student_conduct", NULL, 0, "public", "corridor", "primary", staff_view },
		{ NULL, "staff", "primary", "view", "safeguarding", NULL, 0, "interior", "classroom", "primary", staff_view },
		{ "teacher_own_class", "teacher", "primary", "view", "student_conduct", NULL, 0, "interior", "classroom", "primary", staff_view },
		/* A teacher-own-class request needs the teacher role. */
		{ "teacher_own_class", "staff", "primary", "view", "student_conduct", NULL, 0, "interior", "classroom", "primary", "!only teacher may file" },
		/* 2.4.3(i): approvers view at any time. */
		{ "staff", "operations_head", "operations", "view", "suspected_crime", NULL, 0, "public", "entrance", "", "" },
		/* 2.4.3(vi): parents never view. */
		{ "parent", "staff", "", "view", "student_conduct", NULL, 0, "public", "playground", "", "!HHKCS 2.4.3(vi): parents are never allowed" },
		/* 2.2.5: never to evaluate teachers, whoever asks. */
		{ "staff", "principal", "school", "view", "teacher_evaluation", NULL, 0, "interior", "classroom", "", "!HHKCS 2.2.5: footage is never viewed to evaluate" },
		/* 2.5.3(ii), (iii): the school's own record, on an approver's written instruction. */
		{ "staff", "staff", "primary", "copy", "student_conduct", NULL, 0, "public", "corridor", "", staff_view },
		{ "staff", "principal", "school", "copy", "insurance_claim", NULL, 0, "public", "corridor", "", staff_view },
		{ "staff", "teacher", "primary", "copy", "suspected_crime", NULL, 0, "public", "corridor", "", "principal|kindergarten_head|vp_student_care" },
		/* ...and no copy on other grounds, nor by a teacher for their class. */
		{ "staff", "staff", "primary", "copy", "safeguarding", NULL, 0, "public", "corridor", "", "!HHKCS 2.4.3(v), 2.5.3: footage is copied only" },
		{ "teacher_own_class", "teacher", "primary", "copy", "student_conduct", NULL, 0, "interior", "classroom", "primary", "!copied only on an approver's written instruction" },
		{ "external", "guard", "operations", "copy", "police_request", "police", 0, "public", "entrance", "", "operations_head|vp_student_care > principal" },
		{ "external", "guard", "operations", "copy", "police_request", "court", 0, "public", "entrance", "", "!copied only" },
		{ "external", "guard", "operations", "copy", "suspected_crime", "statutory_body", 0, "public", "entrance", "", "!copied only" },
		/* 4.3, 5.2.6: external viewing. */
		{ "external", "operations_head", "operations", "view", "police_request", "statutory_body", 0, "public", "entrance", "", "operations_head|vp_student_care > principal" },
		{ "external", "staff", "primary", "view", "police_request", "police", 0, "public", "entrance", "", "!only operations_head, vp_student_care, guard may file" },
		{ "external", "guard", "operations", "view", "police_request", "insurer", 0, "public", "entrance", "", "!names its agency" },
		{ "staff", "staff", "primary", "view", "gossip", NULL, 0, "public", "entrance", "", "!the purpose must be one of" },
	};

	(void)state;
	RUN("hhkcs", rows);
#undef staff_view
}

static void
test_gcu_routing(void **state)
{
	const struct row rows[] = {
		/* 16: never in a personal capacity. */
		{ "personal", "staff", "school_cs", "view", "general_event", NULL, 0, "public", "road", "security", "!GCU art. 16: footage is never requested in a personal capacity" },
		/* 16(1)2: general events on the public system: unit head, then security head. */
		{ NULL, "staff", "school_cs", "view", "general_event", NULL, 0, "public", "road", "security", "unit_head@school_cs > security_head" },
		{ "unit", "staff", "school_cs", "copy", "general_event", NULL, 0, "public", "gate", "security", "unit_head@school_cs > security_head" },
		/* 16(1)2: a secondary unit's own system: that unit's head. */
		{ "unit", "staff", "school_cs", "view", "work_need", NULL, 0, "public", "public_building", "library", "unit_head@school_cs > unit_head@library" },
		{ "unit", "staff", "library", "view", "work_need", NULL, 0, "public", "public_building", "library", "unit_head@library" },
		/* 16(1)2: exams, exam papers, key locations, privacy: the school leader. */
		{ "unit", "staff", "school_cs", "view", "general_event", NULL, 0, "public", "exam_room", "academic_affairs", "unit_head@school_cs > school_leader" },
		{ "unit", "staff", "school_cs", "view", "general_event", NULL, 0, "public", "exam_paper_room", "security", "unit_head@school_cs > school_leader" },
		{ "unit", "staff", "school_cs", "view", "general_event", NULL, 0, "public", "key_location", "security", "unit_head@school_cs > school_leader" },
		{ "unit", "staff", "school_cs", "view", "general_event", NULL, 0, "interior", "office", "security", "unit_head@school_cs > school_leader" },
		/* 16(1)1: dormitories for student matters: the college, then student affairs. */
		{ "unit", "staff", "school_mgmt", "view", "student_matter", NULL, 0, "public", "dormitory", "security", "unit_head@school_mgmt > student_affairs_head" },
		/* ...other dormitory matters are general events on the public system. */
		{ "unit", "staff", "school_mgmt", "view", "general_event", NULL, 0, "public", "dormitory", "security", "unit_head@school_mgmt > security_head" },
		/* A unit request needs a unit to sign it. */
		{ "unit", "staff", "", "view", "general_event", NULL, 0, "public", "road", "security", "!head of the requester's unit" },
		/* 16(2): outside bodies: security head, then the school leader. */
		{ "external", "police_liaison", "", "view", "official_business", "education_authority", 0, "public", "gate", "security", "security_head > school_leader" },
		{ "external", "police_liaison", "", "copy", "case_investigation", "police", 0, "public", "gate", "security", "security_head > school_leader" },
		/* 16(2)3: only police and judicial bodies collecting evidence copy. */
		{ "external", "police_liaison", "", "copy", "official_business", "education_authority", 0, "public", "gate", "security", "!GCU art. 16(2)3: an outside body copies footage only" },
		{ "external", "police_liaison", "", "copy", "case_investigation", "education_authority", 0, "public", "gate", "security", "!GCU art. 16(2)3" },
		{ "external", "police_liaison", "", "view", "official_business", NULL, 0, "public", "gate", "security", "!names its agency" },
	};

	(void)state;
	RUN("gcu", rows);
}

static void
test_guat_routing(void **state)
{
	const struct row rows[] = {
		/* 17(1): teachers view and copy their own classes. */
		{ "teacher_own_class", "teacher", "school_it", "view", "teaching_improvement", NULL, 0, "interior", "classroom", "academic_affairs", "department_head@school_it > academic_affairs_head" },
		{ "teacher_own_class", "teacher", "school_it", "copy", "teaching_material", NULL, 0, "interior", "classroom", "academic_affairs", "department_head@school_it > academic_affairs_head" },
		{ "teacher_own_class", "staff", "school_it", "view", "teaching_material", NULL, 0, "interior", "classroom", "academic_affairs", "!only teacher may file" },
		/* 17(2): leaders and supervisors view, never copy. */
		{ "leader_supervisor", "supervisor", "academic_affairs", "view", "teaching_supervision", NULL, 0, "interior", "classroom", "academic_affairs", "academic_affairs_head" },
		{ "leader_supervisor", "school_leader", "", "copy", "teaching_supervision", NULL, 0, "interior", "classroom", "academic_affairs", "!GUAT art. 17(2): school leaders and supervisors may view" },
		/* 17(3): lost property: unit, security, academic affairs; no copy. */
		{ "lost_property", "staff", "school_aero", "view", "lost_property", NULL, 0, "interior", "classroom", "academic_affairs", "department_head@school_aero > security_head > academic_affairs_head" },
		{ "lost_property", "staff", "school_aero", "copy", "lost_property", NULL, 0, "interior", "classroom", "academic_affairs", "!GUAT art. 17(3): footage viewed to find lost property is never copied" },
		/* 17(4): other rights protection: view and copy with three signatures. */
		{ NULL, "staff", "student_affairs", "copy", "rights_protection", NULL, 0, "interior", "classroom", "academic_affairs", "department_head@student_affairs > academic_affairs_head > vp_teaching" },
		/* Purposes outside a kind's procedure have no route. */
		{ "teacher_own_class", "teacher", "school_it", "view", "lost_property", NULL, 0, "interior", "classroom", "academic_affairs", "!no procedure of the guat profile" },
		/* 18: outside bodies; others need a certificate; major cases add the leader. */
		{ "external", "security_staff", "security", "view", "case_investigation", "police", 0, "interior", "classroom", "academic_affairs", "security_head" },
		{ "external", "security_staff", "security", "copy", "case_investigation", "state_security", 0, "interior", "classroom", "academic_affairs", "security_head" },
		{ "external", "security_staff", "security", "view", "major_case", "court", 0, "interior", "exam_room", "academic_affairs", "security_head > vp_safety" },
		{ "external", "security_staff", "security", "view", "case_investigation", "other", 0, "interior", "classroom", "academic_affairs", "!needs a certificate from the police or a judicial body" },
		{ "external", "teacher", "school_it", "view", "case_investigation", "police", 0, "interior", "classroom", "academic_affairs", "!only security_head, security_staff may file" },
	};

	(void)state;
	RUN("guat", rows);
}

static void
test_guat_certificate_admits_other_bodies(void **state)
{
	struct vg_err err;
	struct vg_policy *p = policy_load("etc/policies/guat.cfg", &err);
	struct pol_camera cam = { "c", "interior", "classroom", "academic_affairs", 0 };
	char *roles[] = { "security_staff" };
	struct pol_case cs;
	struct pol_plan plan;

	(void)state;
	assert_non_null(p);
	memset(&cs, 0, sizeof cs);
	cs.requester_kind = "external";
	cs.kind = "view";
	cs.purpose = "case_investigation";
	cs.agency = "other";
	cs.has_certificate = 1;	/* GUAT art. 18(1) */
	cs.requester_roles = roles;
	cs.nrequester_roles = 1;
	cs.cameras = &cam;
	cs.ncameras = 1;
	assert_int_equal(policy_required_steps(p, &cs, &plan, &err), 0);
	assert_int_equal(plan.nsteps, 1);
	policy_plan_free(&plan);
	policy_free(p);
}

static void
test_registration_routing(void **state)
{
	const struct row rows[] = {
		/* Ch. 5 §1.2: the security office approves every use. */
		{ "unit", "staff", "teaching", "view", "safety_incident", NULL, 0, "public", "public_area", "security", "security_head" },
		{ "individual", "staff", "", "copy", "lost_property", NULL, 0, "interior", "classroom", "teaching", "security_head" },
		{ NULL, "staff", "logistics", "view", "management", NULL, 0, "sensitive", "laboratory", "", "security_head" },
		{ "unit", "staff", "teaching", "view", "curiosity", NULL, 0, "public", "public_area", "security", "!the purpose must be one of" },
		{ "visitor", "staff", "teaching", "view", "management", NULL, 0, "public", "public_area", "security", "!unknown requester kind \"visitor\"" },
	};

	(void)state;
	RUN("registration", rows);
}

static void
test_dlut_routing(void **state)
{
#define ca "campus_admin|campus_head"
	const struct row rows[] = {
		/* 15(1)1, 15(1)2: the level-2 body of the camera's campus. */
		{ NULL, "staff", "school_cs", "view", "other", NULL, 0, "public", "public_area", "sec_lingshui", ca "@sec_lingshui" },
		/* A level-3 unit's own camera still goes to its campus body (15(1)2). */
		{ "internal", "staff", "school_cs", "view", "case_investigation", NULL, 0, "public", "building", "school_cs", ca "@sec_lingshui" },
		{ "internal", "staff", "", "view", "security_work", NULL, 0, "public", "laboratory", "panjin_labs", ca "@panjin_affairs" },
		{ "internal", "staff", "", "view", "other", NULL, 0, "public", "public_area", "city_office", ca "@city_office" },
		/* 15(2)2: copies for cases and security work only, approved by the level-2 body. */
		{ "internal", "staff", "school_cs", "copy", "case_investigation", NULL, 0, "public", "key_location", "sec_lingshui", ca "@sec_lingshui" },
		{ "internal", "staff", "school_cs", "copy", "other", NULL, 0, "public", "public_area", "sec_lingshui", "!DLUT art. 14, 15(2)2: footage is copied only" },
		/* 15(2)1: the level-2 body copies its own campus on its own authority... */
		{ "internal", "campus_admin", "sec_lingshui", "copy", "security_work", NULL, 0, "public", "building", "school_cs", "" },
		{ "internal", "campus_head", "panjin_affairs", "copy", "case_investigation", NULL, 0, "public", "laboratory", "panjin_labs", "" },
		/* ...not another campus's: that is a request to that campus's body. */
		{ "internal", "campus_admin", "panjin_affairs", "copy", "case_investigation", NULL, 0, "public", "public_area", "sec_lingshui", ca "@sec_lingshui" },
		/* ...and its own viewings still need a colleague's consent (15(1)1). */
		{ "internal", "campus_admin", "sec_lingshui", "view", "case_investigation", NULL, 0, "public", "public_area", "sec_lingshui", ca "@sec_lingshui" },
		/* 15(1)1: outside persons only through police or judicial bodies. */
		{ "external", "police_liaison", "", "view", "case_investigation", "police", 0, "public", "public_area", "sec_lingshui", ca "@sec_lingshui" },
		{ "external", "police_liaison", "", "copy", "case_investigation", "court", 0, "public", "public_area", "panjin_labs", ca "@panjin_affairs" },
		{ "external", "police_liaison", "", "view", "other", "other", 0, "public", "public_area", "sec_lingshui", "!DLUT art. 15(1)1: only police, procuratorate, court may" },
		/* 15(1)5: emergency viewing: a level-1 or level-2 principal head. */
		{ "internal", "staff", "school_cs", "view", "emergency", NULL, 1, "public", "public_area", "school_cs", "security_office_head|campus_head@sec_lingshui" },
		{ "internal", "staff", "school_cs", "copy", "emergency", NULL, 1, "public", "public_area", "school_cs", "!has no emergency procedure" },
		/* 15(1)1 and 15(1)5: an outside party's emergency needs the level-2 head. */
		{ "external", "police_liaison", "", "view", "emergency", "police", 1, "public", "public_area", "school_cs", "campus_head@sec_lingshui" },
		/* A camera whose campus has no level-2 body cannot be routed. */
		{ "internal", "staff", "school_cs", "view", "other", NULL, 0, "public", "public_area", "security", "!no level-2 body serves the campus" },
	};

	(void)state;
	RUN("dlut", rows);
#undef ca
}

static void
test_default_routing(void **state)
{
	const struct row rows[] = {
		{ NULL, "staff", "general", "view", "lost_property", NULL, 0, "public", "entrance", "security", "security_head" },
		{ "staff", "guard", "security", "copy", "security_incident", NULL, 0, "interior", "office", "", "security_head" },
		{ "external", "security_head", "security", "copy", "investigation", "police", 0, "public", "entrance", "", "security_head" },
		{ "external", "staff", "general", "copy", "investigation", "police", 0, "public", "entrance", "", "!only security_head may file" },
		{ "staff", "staff", "general", "copy", "investigation", "police", 0, "public", "entrance", "", "!--agency is only for external requests" },
		{ "staff", "staff", "general", "peek", "investigation", NULL, 0, "public", "entrance", "", "!must be view or copy" },
	};

	(void)state;
	RUN("default", rows);
}

/* Several cameras: each is routed on its own, steps merged in order, once each. */
static void
test_cameras_merge_steps(void **state)
{
	struct vg_err err;
	struct vg_policy *p = policy_load("etc/policies/gcu.cfg", &err);
	struct pol_camera cams[] = {
		{ "road-1", "public", "road", "security", 0 },
		{ "lib-1", "public", "public_building", "library", 0 },
		{ "road-2", "public", "gate", "security", 0 },
		{ "exam-1", "public", "exam_room", "academic_affairs", 0 },
	};
	char *roles[] = { "staff" };
	struct pol_case cs;
	struct pol_plan plan;
	char *got;

	(void)state;
	assert_non_null(p);
	memset(&cs, 0, sizeof cs);
	cs.kind = "view";
	cs.purpose = "general_event";
	cs.requester_unit = "school_cs";
	cs.requester_roles = roles;
	cs.nrequester_roles = 1;
	cs.cameras = cams;
	cs.ncameras = VG_ARRLEN(cams);
	assert_int_equal(policy_required_steps(p, &cs, &plan, &err), 0);
	got = plan_string(&plan);
	assert_string_equal(got,
	    "unit_head@school_cs > security_head > unit_head@library > school_leader");
	assert_string_equal(plan.route_ids, "public_system,unit_system,sensitive_place");
	assert_string_equal(plan.steps[2].camera, "lib-1");
	free(got);
	policy_plan_free(&plan);
	/* One refusing camera refuses the whole request. */
	cs.kind = "copy";
	cs.requester_kind = "external";
	cs.agency = "education_authority";
	cs.purpose = "official_business";
	roles[0] = "police_liaison";
	assert_int_equal(policy_required_steps(p, &cs, &plan, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	policy_free(p);
}

static void
test_signer_fits_role_and_unit(void **state)
{
	struct vg_err err;
	struct vg_policy *p = policy_load("etc/policies/dlut.cfg", &err);
	char *step[] = { "security_office", "campus_admin" };
	char *admin[] = { "campus_admin" }, *office[] = { "security_office" }, *op[] = { "operator" };
	const char *role = NULL;

	(void)state;
	assert_non_null(p);
	assert_true(policy_signer_fits(p, step, 2, REL_LEVEL1_OR_CAMPUS, "sec_lingshui", admin, 1,
	    "sec_lingshui", &role));
	assert_string_equal(role, "campus_admin");
	/* Another campus's body does not fit; the level-1 office does. */
	assert_false(policy_signer_fits(p, step, 2, REL_LEVEL1_OR_CAMPUS, "sec_lingshui", admin, 1,
	    "panjin_affairs", NULL));
	assert_true(policy_signer_fits(p, step, 2, REL_LEVEL1_OR_CAMPUS, "sec_lingshui", office, 1,
	    "security", NULL));
	assert_false(policy_signer_fits(p, step, 2, REL_CAMERA_CAMPUS, "sec_lingshui", office, 1,
	    "security", NULL));
	assert_false(policy_signer_fits(p, step, 2, REL_ANY, "", op, 1, "sec_lingshui", NULL));
	policy_free(p);
}

static void
test_texts_follow_the_language(void **state)
{
	struct vg_err err;
	struct vg_policy *p = policy_load("etc/policies/hhkcs.cfg", &err);
	char *roles[] = { "principal" };
	char *t;

	(void)state;
	assert_non_null(p);
	i18n_set_language("zh_CN");
	assert_string_equal(pol_tr(&policy_purpose(p, "teacher_evaluation")->refuse),
	    "在任何情况下都不得为了评估教师的工作表现而查看监控录像");
	/* Role and unit names come from the profile (the brackets from the catalogue). */
	t = policy_step_title(p, roles, 1, REL_REQUESTER_UNIT, "kindergarten", NULL);
	assert_contains(t, "校长");
	assert_contains(t, "幼儿园");
	free(t);
	i18n_set_language("en");
	t = policy_step_title(p, roles, 1, REL_REQUESTER_UNIT, "kindergarten", NULL);
	assert_string_equal(t, "Principal (Kindergarten)");
	free(t);
	policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hhkcs_routing),
		cmocka_unit_test(test_gcu_routing),
		cmocka_unit_test(test_guat_routing),
		cmocka_unit_test(test_guat_certificate_admits_other_bodies),
		cmocka_unit_test(test_registration_routing),
		cmocka_unit_test(test_dlut_routing),
		cmocka_unit_test(test_default_routing),
		cmocka_unit_test(test_cameras_merge_steps),
		cmocka_unit_test(test_signer_fits_role_and_unit),
		cmocka_unit_test(test_texts_follow_the_language),
	};

	i18n_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
