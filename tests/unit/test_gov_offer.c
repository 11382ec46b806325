/* test_gov_offer.c — what core lets the console offer: form choices, actions, viewing terms, IDs, holds. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/gov/classes.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/holds.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "core/gov/viewings.h"

#define HOUR (INT64_C(3600) * 1000000)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */

/* A site with these cameras, its clock fixed at NOW. */
#define site_with(policy, cameras) tu_site_cameras((policy), (cameras), NOW)



static int64_t
rows(struct vg_site *s, const char *table)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM %s", table);
	int64_t n = db_scalar(s->db, sql, NULL, -1);

	free(sql);
	return n;
}

static int
has_kind(const struct req_form *f, const char *id)
{
	for (size_t i = 0; i < f->nkinds; i++)
		if (strcmp(f->kinds[i]->id, id) == 0)
			return 1;
	return 0;
}

static int
has_camera(const struct req_camera *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return 1;
	return 0;
}

/* A view request of one camera for yesterday morning's hour. */
static void
draft(struct req_draft *d, const char **cam, const char *requester_kind, const char *purpose,
    const char *reason)
{
	memset(d, 0, sizeof *d);
	d->kind = "view";
	d->requester_kind = requester_kind;
	d->cameras = cam;
	d->ncameras = 1;
	d->from_us = NOW - 25 * HOUR;
	d->to_us = NOW - 24 * HOUR;
	d->purpose = purpose;
	d->reason = reason;
}

static const char cameras_guat[] =
    "cameras = (\n"
    "  { id = \"cls-1\"; name = \"Room 101\"; location = \"Building A\"; url = \"rtsp://192.0.2.1/a\";"
    " privacy = \"interior\"; zone = \"classroom\"; unit = \"academic_affairs\"; }\n"
    ");\n";

/* GUAT art. 17(1): tina teaches class 1A, taught in cls-1 (the class mapping). */
static void
tina_teaches_cls1(struct vg_site *s)
{
	struct vg_actor *admin = actor_system("test");
	char *cams[] = { "cls-1" }, *who[] = { "tina" };
	struct vg_err err;

	if (classes_add(s, admin, "1A", "Class 1A", "school_it", &err) != 0 &&
	    err.code != VG_CONFLICT)
		fail_msg("%s", err.msg);
	if (classes_link(s, admin, "1A", cams, 1, who, 1, 0, &err) != 0)
		fail_msg("%s", err.msg);
	actor_free(admin);
}

/* A teacher's own-class request of cls-1, granted by both steps. */
static char *
granted_request(struct vg_site *s, struct vg_actor *tina, struct vg_actor *dean,
    struct vg_actor *aah, int viewers)
{
	const char *cams[] = { "cls-1" };
	struct req_draft d;
	struct vg_err err;
	char *ref;
	int granted;

	tina_teaches_cls1(s);
	draft(&d, cams, "teacher_own_class", "teaching_material", "demonstration lesson");
	d.viewers = viewers;
	if (requests_create(s, tina, &d, 1, &ref, &err) != 0)
		fail_msg("%s", err.msg);
	if (approvals_approve(s, dean, ref, NULL, &granted, &err) != 0 ||
	    approvals_approve(s, aah, ref, "fine", &granted, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(granted);
	return ref;
}

/* The form offers the kinds a person may file as, never a refused kind. */
static void
test_form_offers_only_what_the_profile_allows(void **state)
{
	struct vg_site *s;
	struct vg_actor *tina, *sam, *nounit;
	struct req_form f;
	struct vg_err err;

	(void)state;
	s = site_with("guat", cameras_guat);
	tina = tu_person(s, "tina", "teacher", "school_it");
	assert_int_equal(requests_form(s, tina, &f, &err), 0);
	assert_true(has_kind(&f, "teacher_own_class"));
	assert_true(has_kind(&f, "lost_property"));
	assert_false(has_kind(&f, "leader_supervisor"));	/* GUAT art. 3: other roles */
	assert_false(has_kind(&f, "external"));		/* GUAT art. 18: security only */
	assert_string_equal(f.default_kind, "rights_protection");
	assert_int_equal(f.npurposes, s->pol->npurposes);
	assert_int_equal(f.ncameras, 1);
	assert_string_equal(f.cameras[0].location, "Building A");
	assert_string_equal(f.cameras[0].privacy, "interior");
	assert_false(f.emergency);
	assert_false(f.use_until);
	assert_int_equal(f.viewers_limit, 5);
	requests_form_free(&f);
	actor_free(tina);
	tu_site_close(s);

	/* HHKCS 2.5.1: parents are never offered; teacher evaluation is offered so that
	 * its refusal is shown with its article when chosen. */
	s = site_with("hhkcs", "cameras = ();\n");
	tina = tu_person(s, "tina", "teacher", NULL);
	assert_int_equal(requests_form(s, tina, &f, &err), 0);
	assert_false(has_kind(&f, "parent"));
	assert_true(f.npurposes > 0);
	{
		int eval = 0;

		for (size_t i = 0; i < f.npurposes; i++)
			eval |= strcmp(f.purposes[i]->id, "teacher_evaluation") == 0;
		assert_true(eval);
	}
	requests_form_free(&f);
	actor_free(tina);
	tu_site_close(s);

	/* GCU art. 16(1)2: a camera of no unit has no procedure for a unit's request;
	 * without a unit of one's own no procedure fits at all. */
	s = site_with("gcu", "cameras = (\n"
	    "  { id = \"road-1\"; name = \"Road\"; url = \"rtsp://192.0.2.1/a\"; zone = \"road\"; unit = \"security\"; },\n"
	    "  { id = \"odd-1\"; name = \"Odd\"; url = \"rtsp://192.0.2.1/b\"; zone = \"road\"; }\n"
	    ");\n");
	sam = tu_person(s, "sam", "staff", "school_cs");
	nounit = tu_person(s, "nou", "staff", NULL);
	assert_int_equal(requests_form(s, sam, &f, &err), 0);
	assert_true(has_camera(f.cameras, f.ncameras, "road-1"));
	assert_false(has_camera(f.cameras, f.ncameras, "odd-1"));
	requests_form_free(&f);
	assert_int_equal(requests_form(s, nounit, &f, &err), 0);
	assert_int_equal(f.ncameras, 0);
	requests_form_free(&f);
	actor_free(sam);
	actor_free(nounit);
	tu_site_close(s);

	/* DLUT art. 15(1)5 has emergency procedures; REG ch. 4 §2.1 a time limit of use. */
	s = site_with("dlut", "cameras = ();\n");
	sam = tu_person(s, "sam", "staff", "school_cs");
	assert_int_equal(requests_form(s, sam, &f, &err), 0);
	assert_true(f.emergency);
	assert_int_equal(f.viewers_limit, 3);
	requests_form_free(&f);
	actor_free(sam);
	tu_site_close(s);
	s = site_with("registration", "cameras = ();\n");
	sam = tu_person(s, "sam", "staff", NULL);
	assert_int_equal(requests_form(s, sam, &f, &err), 0);
	assert_true(f.use_until);
	requests_form_free(&f);
	actor_free(sam);
	tu_site_close(s);
}

static void
test_actions_follow_the_lifecycle(void **state)
{
	struct vg_site *s = site_with("guat", cameras_guat);
	struct vg_actor *tina = tu_person(s, "tina", "teacher", "school_it");
	struct vg_actor *dean = tu_person(s, "dean", "department_head", "school_it");
	struct vg_actor *aah = tu_person(s, "aah", "academic_affairs_head", "academic_affairs");
	struct vg_actor *ma = tu_person(s, "ma", "monitor_admin", "academic_affairs");
	struct vg_actor *ss = tu_person(s, "ss", "security_staff", "security");
	struct viewing_person who[] = { { "Tina Test", "T-55", NULL } };
	const char *cams[] = { "cls-1" };
	struct vg_request *q;
	struct req_draft d;
	struct vg_err err;
	int64_t vid;
	int granted;
	char *ref;

	(void)state;
	tina_teaches_cls1(s);
	draft(&d, cams, "teacher_own_class", "teaching_material", "x");
	assert_int_equal(requests_create(s, tina, &d, 0, &ref, &err), 0);
	q = requests_get(s, tina, ref, &err);
	assert_int_equal(requests_actions(s, tina, q), REQ_ACT_SUBMIT | REQ_ACT_WITHDRAW);
	requests_free(q);
	assert_int_equal(requests_submit(s, tina, ref, &err), 0);
	q = requests_get(s, tina, ref, &err);
	assert_int_equal(requests_actions(s, tina, q), REQ_ACT_WITHDRAW);
	assert_int_equal(requests_actions(s, dean, q), REQ_ACT_DECIDE);
	assert_int_equal(requests_actions(s, aah, q), 0);	/* not their step yet */
	requests_free(q);
	assert_int_equal(approvals_approve(s, dean, ref, NULL, &granted, &err), 0);
	q = requests_get(s, aah, ref, &err);
	assert_int_equal(requests_actions(s, aah, q), REQ_ACT_DECIDE);
	assert_int_equal(requests_actions(s, dean, q), 0);	/* one signature each */
	requests_free(q);
	assert_int_equal(approvals_approve(s, aah, ref, NULL, &granted, &err), 0);
	q = requests_get(s, tina, ref, &err);
	assert_int_equal(requests_actions(s, tina, q), REQ_ACT_WITHDRAW | REQ_ACT_REPORT);
	assert_int_equal(requests_actions(s, ma, q), REQ_ACT_VIEW);
	/* GUAT art. 17(1) names no operator roles, so security staff may run it too;
	 * the teacher holds no viewing.run. */
	assert_int_equal(requests_actions(s, ss, q), REQ_ACT_VIEW);
	requests_free(q);
	assert_int_equal(viewings_start(s, ma, ref, who, 1, 1, &vid, &err), 0);
	q = requests_get(s, tina, ref, &err);
	/* Not while a viewing runs. */
	assert_int_equal(requests_actions(s, tina, q), 0);
	requests_free(q);
	assert_int_equal(viewings_end(s, ma, vid, &(struct viewing_end){ .notes = "seen" }, &err), 0);
	assert_int_equal(reports_file(s, tina, ref, "used in class", &err), 0);
	q = requests_get(s, tina, ref, &err);
	assert_int_equal(requests_actions(s, tina, q), 0);
	assert_int_equal(requests_actions(s, ma, q), 0);
	requests_free(q);
	free(ref);
	actor_free(tina);
	actor_free(dean);
	actor_free(aah);
	actor_free(ma);
	actor_free(ss);
	tu_site_close(s);
}

/* GUAT art. 18(2): viewers show an ID; one that is no known ID format is refused beside
 * its row, and nothing is written. */
static void
test_viewer_ids_need_a_known_format(void **state)
{
	struct vg_site *s = site_with("guat", cameras_guat);
	struct vg_actor *tina = tu_person(s, "tina", "teacher", "school_it");
	struct vg_actor *dean = tu_person(s, "dean", "department_head", "school_it");
	struct vg_actor *aah = tu_person(s, "aah", "academic_affairs_head", "academic_affairs");
	struct vg_actor *ma = tu_person(s, "ma", "monitor_admin", "academic_affairs");
	char *ref = granted_request(s, tina, dean, aah, 3);
	static const struct { const char *id, *field, *msg; } bad[] = {
		{ "T 55", "viewer_id_2", "is not a known ID format" },
		{ "-55", "viewer_id_2", "is not a known ID format" },
		{ "学号55", "viewer_id_2", "is not a known ID format" },
		{ "123456789012345678901234567890123", "viewer_id_2", "is not a known ID format" },
		{ "110105194912310020", "viewer_id_2", "check digit is wrong" },
		{ "T-55", "viewer_id_2", "the ID T-55 is given for two viewers" },
	};
	struct viewing_person who[3] = { { "Tina Test", "T-55", NULL }, { "Bo", NULL, NULL },
	    { "", "X", NULL } };
	struct vg_err err;
	int64_t vid, audit0 = rows(s, "audit");

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(bad); i++) {
		who[1].id_number = bad[i].id;
		assert_int_equal(viewings_start(s, ma, ref, who, 2, 1, &vid, &err), -1);
		assert_string_equal(err.field, bad[i].field);
		assert_contains(err.msg, bad[i].msg);
	}
	who[1].id_number = "P-1";
	assert_int_equal(viewings_start(s, ma, ref, who, 3, 1, &vid, &err), -1);
	assert_string_equal(err.field, "viewer_name_3");
	assert_int_equal(rows(s, "viewings"), 0);
	assert_int_equal(rows(s, "audit"), audit0);
	/* A resident ID card number with the right check digit, and document numbers. */
	who[1].id_number = "11010519491231002X";
	who[2].name = "Cy";
	who[2].id_number = "GLPSB/2026.12";
	if (viewings_start(s, ma, ref, who, 3, 1, &vid, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rows(s, "viewing_people"), 3);
	free(ref);
	actor_free(tina);
	actor_free(dean);
	actor_free(aah);
	actor_free(ma);
	tu_site_close(s);
}

static void
test_viewing_terms_and_running_viewings(void **state)
{
	struct vg_site *s = site_with("guat", cameras_guat);
	struct vg_actor *tina = tu_person(s, "tina", "teacher", "school_it");
	struct vg_actor *dean = tu_person(s, "dean", "department_head", "school_it");
	struct vg_actor *aah = tu_person(s, "aah", "academic_affairs_head", "academic_affairs");
	struct vg_actor *ma = tu_person(s, "ma", "monitor_admin", "academic_affairs");
	struct vg_actor *ss = tu_person(s, "ss", "security_staff", "security");
	struct viewing_person who[] = { { "Tina Test", "T-55", NULL }, { "Bo Li", "T-56", NULL } };
	char *ref = granted_request(s, tina, dean, aah, 4);
	struct viewing_terms t;
	struct vg_viewing *v;
	struct vg_err err;
	int64_t vid;
	size_t n;

	(void)state;
	assert_int_equal(viewings_terms(s, ma, ref, &t, &err), 0);
	assert_int_equal(t.approved, 4);
	assert_int_equal(t.limit, 5);
	assert_int_equal(t.max_viewers, 4);
	assert_null(t.escort_name);
	assert_false(t.copy);
	viewings_terms_free(&t);
	assert_int_equal(viewings_terms(s, tina, ref, &t, &err), -1);
	assert_contains(err.msg, "your roles cannot run supervised viewings");
	v = viewings_running(s, ma, &n);
	assert_int_equal(n, 0);
	viewings_free_list(v, n);
	assert_int_equal(viewings_start(s, ma, ref, who, 2, 1, &vid, &err), 0);
	v = viewings_running(s, ma, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, vid);
	assert_int_equal(v[0].npeople, 2);
	viewings_free_list(v, n);
	v = viewings_running(s, ss, &n);
	assert_int_equal(n, 0);					/* another operator's */
	viewings_free_list(v, n);
	/* Approved for four at once: two are viewing now, so at most two more (the
	 * profile's limit of five would allow three). */
	assert_int_equal(viewings_terms(s, ss, ref, &t, &err), 0);
	assert_int_equal(t.viewing_now, 2);
	assert_int_equal(t.max_viewers, 2);
	viewings_terms_free(&t);
	assert_int_equal(viewings_end(s, ma, vid, &(struct viewing_end){ .notes = "" }, &err), 0);
	v = viewings_running(s, ma, &n);
	assert_int_equal(n, 0);
	viewings_free_list(v, n);
	clock_set_fixed(NOW + 8 * DAY);
	assert_int_equal(viewings_terms(s, ma, ref, &t, &err), -1);
	assert_contains(err.msg, "has no active grant");
	free(ref);
	actor_free(tina);
	actor_free(dean);
	actor_free(aah);
	actor_free(ma);
	actor_free(ss);
	tu_site_close(s);
}

/*
 * The viewing form checks everything before asking to confirm (viewings_check_start
 * writes nothing); listings mask resident ID numbers but for their last four characters,
 * except for who reads the record in full or signs off the logs.
 */
static void
test_checks_before_start_and_masked_ids(void **state)
{
	struct vg_site *s = site_with("guat", cameras_guat);
	struct vg_actor *tina = tu_person(s, "tina", "teacher", "school_it");
	struct vg_actor *dean = tu_person(s, "dean", "department_head", "school_it");
	struct vg_actor *aah = tu_person(s, "aah", "academic_affairs_head", "academic_affairs");
	struct vg_actor *ma = tu_person(s, "ma", "monitor_admin", "academic_affairs");
	struct viewing_person bad[] = { { "Wang Fang", "110105194912310021", NULL } };
	struct viewing_person who[] = { { "Wang Fang", "11010519491231002X", NULL },
	    { "Bo Li", "T-56", NULL }, { "Li Ming", "E12345678", NULL } };
	char *ref = granted_request(s, tina, dean, aah, 3);
	struct vg_viewing *v;
	struct vg_err err;
	int64_t vid;
	size_t n;

	(void)state;
	assert_int_equal(viewings_check_start(s, ma, ref, bad, 1, 1, &err), -1);
	assert_string_equal(err.field, "viewer_id_1");
	assert_contains(err.msg, "check digit is wrong");
	assert_int_equal(viewings_check_start(s, ma, ref, who, 3, 0, &err), -1);
	assert_string_equal(err.field, "declaration");
	assert_int_equal(viewings_check_start(s, ma, ref, who, 3, 1, &err), 0);
	assert_int_equal(rows(s, "viewings"), 0);
	assert_int_equal(viewings_start(s, ma, ref, who, 3, 1, &vid, &err), 0);
	assert_true(viewings_ids_masked(s, ma));
	v = viewings_list(s, ma, ref, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].people[0].id_number, "**************002X");
	assert_string_equal(v[0].people[1].id_number, "T-56");
	assert_string_equal(v[0].people[2].id_number, "*****5678");
	viewings_free_list(v, n);
	v = viewings_list(s, tina, ref, &n);
	assert_string_equal(v[0].people[0].id_number, "**************002X");
	viewings_free_list(v, n);
	/* The academic affairs head signs off the logs (review.signoff, audit.read). */
	assert_false(viewings_ids_masked(s, aah));
	v = viewings_list(s, aah, ref, &n);
	assert_string_equal(v[0].people[0].id_number, "11010519491231002X");
	viewings_free_list(v, n);
	free(ref);
	actor_free(tina);
	actor_free(dean);
	actor_free(aah);
	actor_free(ma);
	tu_site_close(s);
}

/* DLUT art. 15(1)1: an outside person is escorted by the registering officer. */
static void
test_viewing_terms_name_the_escort(void **state)
{
	struct vg_site *s = site_with("dlut", "cameras = ( { id = \"sq-1\"; name = \"Square\"; "
	    "url = \"rtsp://192.0.2.1/s\"; zone = \"public_area\"; unit = \"sec_lingshui\"; } );\n");
	struct vg_actor *pl = tu_person(s, "pl", "police_liaison", NULL);
	struct vg_actor *ca = tu_person(s, "ca", "campus_admin", "sec_lingshui");
	struct vg_actor *op = tu_person(s, "op", "operator", "sec_lingshui");
	const char *cams[] = { "sq-1" };
	struct viewing_terms t;
	struct req_draft d;
	struct vg_err err;
	int granted;
	char *ref;

	(void)state;
	tu_agency(s, "pl", "police");
	draft(&d, cams, "external", "case_investigation", "theft");
	d.viewers = 2;
	d.agency = "police";
	d.letter = "L-1";
	d.officer = "Officer Gao";
	d.officer_id = "P-9001";
	d.applicants = (const struct req_person[]){ { "Victim Xu", "V-1" } };
	d.napplicants = 1;
	assert_int_equal(requests_create(s, pl, &d, 1, &ref, &err), 0);
	assert_int_equal(approvals_approve(s, ca, ref, NULL, &granted, &err), 0);
	assert_int_equal(viewings_terms(s, op, ref, &t, &err), 0);
	assert_string_equal(t.escort_name, "Officer Gao");
	assert_string_equal(t.escort_id, "P-9001");
	assert_string_equal(t.escort_article, "DLUT art. 15(1)1");
	assert_int_equal(t.nconditions, 2);
	assert_contains(t.conditions[1], "No photographs");
	assert_int_equal(t.max_viewers, 2);
	/* DLUT art. 15(1)4: the form says who may view: the applicants only. */
	assert_string_equal(t.applicants, "the requester pl (@pl), Victim Xu (V-1)");
	assert_int_equal(t.nrequired, 0);
	viewings_terms_free(&t);
	free(ref);
	actor_free(pl);
	actor_free(ca);
	actor_free(op);
	tu_site_close(s);
}

/* Grants about to expire, and the usage report still to come on the timeline. */
static void
test_expiring_grants_and_report_due(void **state)
{
	struct vg_site *s = site_with("registration", "cameras = ( { id = \"hall-1\"; "
	    "name = \"Hall\"; url = \"rtsp://192.0.2.1/h\"; zone = \"public_area\"; } );\n");
	struct vg_actor *ken = tu_person(s, "ken", "staff", NULL);
	struct vg_actor *other = tu_person(s, "joy", "staff", NULL);
	struct vg_actor *sh = tu_person(s, "sh", "security_head", NULL);
	struct vg_actor *gu = tu_person(s, "gu", "security_staff", NULL);
	struct viewing_person who[] = { { "Ken", "K-1", NULL } };
	const char *cams[] = { "hall-1" };
	struct vg_request **v, *q;
	struct req_event *ev;
	struct req_draft d;
	struct vg_err err;
	int64_t vid;
	size_t n;
	int granted;
	char *ref;

	(void)state;
	draft(&d, cams, NULL, "safety_incident", "door forced");
	d.use_until_us = NOW + 10 * DAY;
	if (requests_create(s, ken, &d, 1, &ref, &err) != 0)
		fail_msg("%s", err.msg);
	while (approvals_approve(s, sh, ref, NULL, &granted, &err) == 0 && !granted)
		;
	assert_true(granted);
	v = requests_list(s, ken, REQ_LIST_EXPIRING, &n, &err);
	assert_int_equal(n, 0);					/* ten days left */
	requests_free_list(v, n);
	clock_set_fixed(NOW + 9 * DAY);
	v = requests_list(s, ken, REQ_LIST_EXPIRING, &n, &err);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->ref, ref);
	requests_free_list(v, n);
	v = requests_list(s, other, REQ_LIST_EXPIRING, &n, &err);
	assert_int_equal(n, 0);					/* not joy's */
	requests_free_list(v, n);
	v = requests_list(s, sh, REQ_LIST_EXPIRING, &n, &err);
	assert_int_equal(n, 1);					/* request.read_all */
	requests_free_list(v, n);
	/* REG ch. 5 §2.2: after use the report is due; the timeline says so before it is late. */
	assert_int_equal(viewings_start(s, gu, ref, who, 1, 1, &vid, &err), 0);
	assert_int_equal(viewings_end(s, gu, vid, &(struct viewing_end){ .notes = "seen" }, &err), 0);
	q = requests_get(s, ken, ref, &err);
	ev = requests_timeline(s, q, &n);
	assert_string_equal(ev[n - 1].what, "report_due");
	assert_int_equal(ev[n - 1].ts_us, NOW + 16 * DAY);
	requests_free_timeline(ev, n);
	requests_free(q);
	clock_set_fixed(NOW + 17 * DAY);
	q = requests_get(s, ken, ref, &err);
	ev = requests_timeline(s, q, &n);
	assert_string_equal(ev[n - 1].what, "report_overdue");
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(ev[i].what, "report_due");
	requests_free_timeline(ev, n);
	requests_free(q);
	free(ref);
	actor_free(ken);
	actor_free(other);
	actor_free(sh);
	actor_free(gu);
	tu_site_close(s);
}

/* HHKCS 2.5.3: holds are placed by the roles the category names. */
static void
test_hold_categories_follow_their_roles(void **state)
{
	struct vg_site *s = site_with("dlut", "cameras = ( { id = \"sq-1\"; name = \"Square\"; "
	    "url = \"rtsp://192.0.2.1/s\"; zone = \"public_area\"; unit = \"sec_lingshui\"; } );\n");
	struct vg_actor *so = tu_person(s, "so", "security_office", "security");
	struct vg_actor *ca = tu_person(s, "ca", "campus_admin", "sec_lingshui");
	struct vg_actor *op = tu_person(s, "op", "operator", "sec_lingshui");
	const struct pol_hold **v;
	struct req_camera *cams;
	struct vg_err err;
	size_t n;

	(void)state;
	v = holds_categories(s, so, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->id, "incident");
	free(v);
	v = holds_categories(s, ca, &n);
	assert_int_equal(n, 2);
	free(v);
	v = holds_categories(s, op, &n);
	assert_int_equal(n, 0);
	free(v);
	assert_int_equal(holds_may_manage(s, so, "case_copy", &err), -1);
	assert_contains(err.msg, "placed and released only by campus_admin");
	assert_int_equal(holds_may_manage(s, so, "incident", &err), 0);
	assert_int_equal(holds_may_manage(s, so, "nope", &err), -1);
	assert_string_equal(err.field, "category");
	cams = holds_cameras(s, so, &n, &err);
	assert_int_equal(n, 1);
	assert_string_equal(cams[0].name, "Square");
	requests_free_cameras(cams, n);
	assert_null(holds_cameras(s, op, &n, &err));
	assert_contains(err.msg, "your roles cannot place and release holds");
	actor_free(so);
	actor_free(ca);
	actor_free(op);
	tu_site_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_offers_only_what_the_profile_allows),
		cmocka_unit_test(test_actions_follow_the_lifecycle),
		cmocka_unit_test(test_viewer_ids_need_a_known_format),
		cmocka_unit_test(test_viewing_terms_and_running_viewings),
		cmocka_unit_test(test_checks_before_start_and_masked_ids),
		cmocka_unit_test(test_viewing_terms_name_the_escort),
		cmocka_unit_test(test_expiring_grants_and_report_due),
		cmocka_unit_test(test_hold_categories_follow_their_roles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
