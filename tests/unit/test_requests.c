/* test_requests.c — the request lifecycle API the console builds on: fields, steps, holds. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/holds.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "core/gov/viewings.h"

#define HOUR (INT64_C(3600) * 1000000)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */

/* A site with these cameras, its clock fixed at NOW. */
#define site_with(policy, cameras) tu_site_cameras((policy), (cameras), NOW)

static const char cameras_gcu[] =
    "cameras = (\n"
    "  { id = \"road-1\"; name = \"Road\"; url = \"rtsp://192.0.2.1/a\"; zone = \"road\"; unit = \"security\"; },\n"
    "  { id = \"lib-1\"; name = \"Library\"; url = \"rtsp://192.0.2.1/b\"; zone = \"public_building\"; unit = \"library\"; }\n"
    ");\n";



static void
draft_init(struct req_draft *d, const char **cams, size_t n)
{
	memset(d, 0, sizeof *d);
	d->kind = "view";
	d->cameras = cams;
	d->ncameras = n;
	d->from_us = NOW - 23 * HOUR;
	d->to_us = NOW - 22 * HOUR;
	d->purpose = "general_event";
	d->reason = "bicycle stolen";
}

static int64_t
rows(struct vg_site *s, const char *table)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM %s", table);
	int64_t n = db_scalar(s->db, sql, NULL, -1);

	free(sql);
	return n;
}

/* The console shows each problem beside its field. */
static void
test_draft_errors_name_their_field(void **state)
{
	struct vg_site *s = site_with("gcu", cameras_gcu);
	struct vg_actor *sam = tu_person(s, "sam", "staff", "school_cs");
	const char *cams[] = { "road-1" }, *nope[] = { "nope" };
	struct req_preview pv;
	struct req_draft d;
	struct vg_err err;
	static const struct { const char *field, *msg; } want[] = {
		{ "kind", "must be view or copy" },
		{ "cameras", "no camera \"nope\"" },
		{ "to", "in the future" },
		{ "reason", "the reason is required" },
		{ "purpose", "the purpose must be one of" },
		{ "viewers", "at most 5 people" },
		{ "requester_kind", "personal capacity" },
		{ "agency", "names its agency" },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(want); i++) {
		draft_init(&d, cams, 1);
		switch (i) {
		case 0: d.kind = "peek"; break;
		case 1: d.cameras = nope; break;
		case 2: d.to_us = NOW + HOUR; break;
		case 3: d.reason = " "; break;
		case 4: d.purpose = "fun"; break;
		case 5: d.viewers = 6; break;
		case 6: d.requester_kind = "personal"; break;
		case 7: d.requester_kind = "external"; break;
		}
		if (i == 7) {
			actor_free(sam);
			sam = tu_person(s, "pol", "police_liaison", NULL);
			tu_agency(s, "pol", "police");
		}
		vg_err_clear(&err);
		assert_int_equal(requests_preview(s, sam, &d, &pv, &err), -1);
		assert_string_equal(err.field, want[i].field);
		assert_contains(err.msg, want[i].msg);
	}
	assert_int_equal(rows(s, "requests"), 0);
	actor_free(sam);
	tu_site_close(s);
}

static void
test_preview_matches_what_is_filed(void **state)
{
	struct vg_site *s = site_with("gcu", cameras_gcu);
	struct vg_actor *sam = tu_person(s, "sam", "staff", "school_cs");
	const char *cams[] = { "road-1", "lib-1" };
	struct req_preview pv;
	struct vg_request *q;
	struct req_draft d;
	struct vg_err err;
	char *ref;

	(void)state;
	draft_init(&d, cams, 2);
	assert_int_equal(requests_preview(s, sam, &d, &pv, &err), 0);
	assert_int_equal(pv.nsteps, 3);
	assert_string_equal(pv.routes, "public_system,unit_system");
	assert_string_equal(pv.steps[2].unit, "library");
	assert_int_equal(pv.kept_until_us, d.from_us + 30 * DAY);
	assert_int_equal(rows(s, "requests"), 0);
	assert_int_equal(requests_create(s, sam, &d, 1, &ref, &err), 0);
	assert_string_equal(ref, "REQ-2026-0001");
	q = requests_get(s, sam, ref, &err);
	assert_non_null(q);
	assert_int_equal(q->nsteps, pv.nsteps);
	for (size_t i = 0; i < q->nsteps; i++) {
		assert_string_equal(q->steps[i].title, pv.steps[i].title);
		assert_string_equal(q->steps[i].article, pv.steps[i].article);
		assert_string_equal(q->steps[i].unit, pv.steps[i].unit);
	}
	assert_int_equal(q->current, 0);
	assert_int_equal(q->status, REQ_SUBMITTED);
	requests_free(q);
	requests_preview_free(&pv);
	free(ref);
	actor_free(sam);
	tu_site_close(s);
}

static void
test_lifecycle_to_closed(void **state)
{
	struct vg_site *s = site_with("gcu", cameras_gcu);
	struct vg_actor *sam = tu_person(s, "sam", "staff", "school_cs");
	struct vg_actor *cheng = tu_person(s, "cheng", "unit_head", "school_cs");
	struct vg_actor *sue = tu_person(s, "sue", "security_head", "security");
	struct vg_actor *op = tu_person(s, "op", "operator", "security");
	struct viewing_person who[] = { { "Sam Test", "S-1", NULL } };
	const char *cams[] = { "road-1" };
	struct req_event *ev;
	struct vg_request *q;
	struct req_draft d;
	struct vg_err err;
	int64_t vid, audit0;
	size_t n;
	int granted, step;
	char *ref;

	(void)state;
	draft_init(&d, cams, 1);
	assert_int_equal(requests_create(s, sam, &d, 1, &ref, &err), 0);
	assert_int_equal(requests_inbox_count(s, cheng), 1);
	assert_int_equal(requests_inbox_count(s, sue), 0);	/* not sue's turn yet */
	q = requests_get(s, sue, ref, &err);
	assert_int_equal(approvals_can_sign(s, sue, q, &step, &err), -1);
	assert_contains(err.msg, "step 1 of REQ-2026-0001 is for Head of unit");
	requests_free(q);
	/* A refusal writes nothing, not even to the audit. */
	audit0 = rows(s, "audit");
	assert_int_equal(approvals_approve(s, sam, ref, NULL, &granted, &err), -1);
	assert_contains(err.msg, "the requester never approves their own request");
	assert_int_equal(rows(s, "audit"), audit0);
	assert_int_equal(approvals_approve(s, cheng, ref, "ok", &granted, &err), 0);
	assert_false(granted);
	assert_int_equal(requests_inbox_count(s, sue), 1);
	assert_int_equal(approvals_approve(s, sue, ref, NULL, &granted, &err), 0);
	assert_true(granted);
	assert_int_equal(requests_allow_copy(s, ref, "road-1", d.from_us, d.to_us, &err), -1);
	assert_contains(err.msg, "a view grant never yields a copy");
	/* Viewing: inside the grant only. */
	assert_int_equal(viewings_start(s, op, ref, who, 1, 1, &vid, &err), 0);
	assert_int_equal(viewings_play(s, op, vid, "lib-1", d.from_us, d.to_us, &err), -1);
	assert_string_equal(err.field, "camera");
	assert_int_equal(viewings_play(s, op, vid, "road-1", d.from_us - HOUR, d.to_us, &err), -1);
	/* Issue 11: a range with no recorded footage is not played. */
	assert_int_equal(viewings_play(s, op, vid, "road-1", d.from_us, d.from_us + 60000000, &err),
	    -1);
	assert_contains(err.msg, "camera \"road-1\" recorded no footage");
	assert_int_equal(tu_sql_raw(db_path(s->db), "INSERT INTO segments (camera, seq, start_us, "
	    "end_us, path, bytes, sha256, prev_chain, chain) SELECT 'road-1', 1, from_us, to_us, "
	    "'road-1/1.mp4', 1, '', '', '' FROM requests"), 0);
	assert_int_equal(viewings_play(s, op, vid, "road-1", d.from_us, d.from_us + 60000000, &err),
	    0);
	/* GCU art. 16(1)3: the record says where the footage went, "none" too. */
	assert_int_equal(viewings_end(s, op, vid, &(struct viewing_end){ .notes = "seen" }, &err),
	    -1);
	assert_string_equal(err.field, "destination");
	assert_int_equal(err.code, VG_REFUSED);
	assert_int_equal(viewings_end(s, op, vid, &(struct viewing_end){ .notes = "seen",
	    .destination = "none" }, &err), 0);
	assert_int_equal(reports_file(s, sam, ref, "returned bicycle", &err), 0);
	q = requests_get(s, sam, ref, &err);
	assert_int_equal(q->status, REQ_CLOSED);
	ev = requests_timeline(s, q, &n);
	assert_int_equal(n, 8);
	assert_string_equal(ev[0].what, "created");
	assert_string_equal(ev[1].what, "submitted");
	assert_string_equal(ev[2].what, "approved");
	assert_string_equal(ev[3].what, "approved");
	assert_string_equal(ev[4].what, "granted");
	assert_string_equal(ev[5].what, "viewing_started");
	assert_string_equal(ev[6].what, "viewing_ended");
	assert_string_equal(ev[7].what, "report_filed");
	requests_free_timeline(ev, n);
	requests_free(q);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "SELECT 1"), 0);
	free(ref);
	actor_free(sam);
	actor_free(cheng);
	actor_free(sue);
	actor_free(op);
	tu_site_close(s);
}

/* Defence in depth: the database itself refuses a second signature. */
static void
test_one_signature_per_person_in_schema(void **state)
{
	struct vg_site *s = site_with("gcu", cameras_gcu);
	struct vg_actor *sam = tu_person(s, "sam", "staff", "school_cs");
	struct vg_actor *cheng = tu_person(s, "cheng", "unit_head", "school_cs");
	const char *cams[] = { "road-1" };
	struct req_draft d;
	struct vg_err err;
	int granted;
	char *ref, *sql;

	(void)state;
	draft_init(&d, cams, 1);
	assert_int_equal(requests_create(s, sam, &d, 1, &ref, &err), 0);
	assert_int_equal(approvals_approve(s, cheng, ref, NULL, &granted, &err), 0);
	sql = xasprintf("UPDATE approvals SET decision = 'approved', signer_id = %lld "
	    "WHERE step = 2", (long long)cheng->user_id);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, sql), -1);
	free(sql);
	free(ref);
	actor_free(sam);
	actor_free(cheng);
	tu_site_close(s);
}

static void
test_range_exists_follows_retention_and_holds(void **state)
{
	struct vg_site *s = site_with("gcu", cameras_gcu);
	struct vg_actor *sue = tu_person(s, "sue", "security_head", "security");
	const char *cams[] = { "road-1" };
	struct hold_spec hs = { "case_evidence", cams, 1, 0, 0, 0, "case", NULL };
	struct vg_err err;
	int64_t h1, h2, kept, old = NOW - 20 * DAY;

	(void)state;
	/* Two touching holds over [old, old+2h), placed while it was in retention. */
	hs.from_us = old;
	hs.to_us = old + HOUR;
	assert_int_equal(holds_place(s, sue, &hs, &h1, &err), 0);
	hs.from_us = old + HOUR;
	hs.to_us = old + 2 * HOUR;
	assert_int_equal(holds_place(s, sue, &hs, &h2, &err), 0);
	clock_set_fixed(NOW + 20 * DAY);	/* old is now 40 days back */
	assert_int_equal(holds_range_exists(s, "road-1", old, old + 2 * HOUR, clock_now(), &kept,
	    &err), 0);
	assert_int_equal(kept, 0);
	assert_int_equal(holds_range_exists(s, "road-1", old, old + 3 * HOUR, clock_now(), NULL,
	    &err), -1);
	assert_string_equal(err.field, "from");
	assert_contains(err.msg, "GCU art. 6: the footage of camera \"road-1\"");
	/* Another camera's hold does not count. */
	assert_int_equal(holds_range_exists(s, "lib-1", old, old + HOUR, clock_now(), NULL, &err),
	    -1);
	/* A released hold no longer keeps anything. */
	assert_int_equal(holds_release(s, sue, h2, "done", &err), 0);
	assert_int_equal(holds_range_exists(s, "road-1", old, old + 2 * HOUR, clock_now(), NULL,
	    &err), -1);
	assert_int_equal(holds_range_exists(s, "road-1", old, old + HOUR, clock_now(), NULL, &err),
	    0);
	/* Inside retention nothing is needed. */
	assert_int_equal(holds_range_exists(s, "road-1", clock_now() - DAY, clock_now() - HOUR,
	    clock_now(), &kept, &err), 0);
	assert_int_equal(kept, clock_now() - DAY + 30 * DAY);
	assert_int_equal(holds_range_exists(s, "nope", old, old + HOUR, clock_now(), NULL, &err),
	    -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	actor_free(sue);
	tu_site_close(s);
}

static void
test_closed_hold_keeps_footage_until_its_end(void **state)
{
	struct vg_site *s;
	struct vg_actor *ops;
	const char *cams[] = { "gate-1" };
	struct hold_spec hs = { "investigation", cams, 1, NOW - DAY, NOW - DAY + HOUR, 0, "x",
	    NULL };
	struct vg_hold *h;
	struct vg_err err;
	int64_t id;

	(void)state;
	s = site_with("hhkcs", "cameras = ( { id = \"gate-1\"; name = \"Gate\"; "
	    "url = \"rtsp://192.0.2.1/g\"; zone = \"entrance\"; } );\n");
	ops = tu_person(s, "opal", "operations_head", "operations");
	assert_int_equal(holds_place(s, ops, &hs, &id, &err), 0);
	assert_int_equal(holds_release(s, ops, id, "investigation closed", &err), 0);
	h = holds_get(s, id);
	assert_true(h->active);
	assert_int_equal(h->released_us, 0);
	assert_int_equal(h->until_us, NOW + 365 * DAY);	/* HHKCS 2.5.3(iv) */
	holds_free_list(h, 1);
	clock_set_fixed(NOW + 300 * DAY);
	assert_int_equal(holds_range_exists(s, "gate-1", NOW - DAY, NOW - DAY + HOUR, clock_now(),
	    NULL, &err), 0);
	clock_set_fixed(NOW + 366 * DAY);
	assert_int_equal(holds_range_exists(s, "gate-1", NOW - DAY, NOW - DAY + HOUR, clock_now(),
	    NULL, &err), -1);
	h = holds_get(s, id);
	assert_false(h->active);
	assert_string_equal(holds_state(h, clock_now()), "ended");
	holds_free_list(h, 1);
	actor_free(ops);
	tu_site_close(s);
}

/* DLUT art. 15(2)2, 15(2)3: a unit's copy needs a formal letter naming its use,
 * the people who take it and the manner, and a hold term; the granted copy is
 * held for that term, which no one can cut short. */
static void
test_copy_grant_allows_copy_inside_it(void **state)
{
	struct vg_site *s;
	struct vg_actor *stan, *ca, *admin = actor_system("test");
	const char *cams[] = { "sq-1" };
	const struct req_person who[] = { { "Stan Test", "D-1" } };
	struct req_draft d;
	struct vg_err err;
	struct vg_hold *h;
	int granted;
	int64_t hid;
	char *ref;

	(void)state;
	s = site_with("dlut", "cameras = ( { id = \"sq-1\"; name = \"Square\"; "
	    "url = \"rtsp://192.0.2.1/s\"; zone = \"public_area\"; unit = \"sec_lingshui\"; } );\n");
	stan = tu_person(s, "stan", "staff", "school_cs");
	ca = tu_person(s, "ca", "campus_admin", "sec_lingshui");
	draft_init(&d, cams, 1);
	d.kind = "copy";
	d.purpose = "case_investigation";
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), -1);
	assert_string_equal(err.field, "letter");
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "DLUT art. 15(2)2: a copy is asked for with a formal letter");
	d.letter = "CS-2026-7";
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), -1);
	assert_string_equal(err.field, "manner");
	d.manner = "one encrypted USB drive, handed over in the security office";
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), -1);
	assert_string_equal(err.field, "applicant_name_1");
	d.applicants = who;
	d.napplicants = 1;
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), -1);
	assert_string_equal(err.field, "hold_term");
	assert_contains(err.msg, "6m (6 months: a public-security violation), 5y");
	d.hold_term = "7y";
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), -1);
	assert_int_equal(err.code, VG_USAGE);
	d.hold_term = "5y";
	assert_int_equal(requests_create(s, stan, &d, 1, &ref, &err), 0);
	assert_int_equal(requests_allow_copy(s, ref, "sq-1", d.from_us, d.to_us, &err), -1);
	assert_contains(err.msg, "has no active grant");
	assert_int_equal(approvals_approve(s, ca, ref, NULL, &granted, &err), 0);
	assert_int_equal(requests_allow_copy(s, ref, "sq-1", d.from_us, d.to_us, &err), 0);
	assert_int_equal(requests_allow_copy(s, ref, "sq-1", d.from_us - 1, d.to_us, &err), -1);
	assert_int_equal(requests_allow_copy(s, ref, "sq-2", d.from_us, d.to_us, &err), -1);
	/* The copy goes to the unit that asked; no request's copy goes on the internet. */
	assert_int_equal(requests_allow_destination(s, ref, "requesting_unit", "Stan Test", "D-1",
	    &err), 0);
	assert_int_equal(requests_allow_destination(s, ref, "internet", "x", "X-1", &err), -1);
	assert_contains(err.msg, "DLUT art. 14: footage is never spread over the internet");
	/* DLUT art. 15(2)3: the copied range is held for the limitation period. */
	hid = db_scalar(s->db, "SELECT id FROM holds WHERE category = 'case_copy' AND term = '5y' "
	    "AND until_us IS NULL AND request_id IS NOT NULL", NULL, 0);
	assert_true(hid > 0);
	h = holds_get(s, hid);
	assert_true(h->min_until_us == NOW + 1826 * DAY);
	holds_free_list(h, 1);
	/* Not released before the term ends, by anyone, nor by writing to the database. */
	assert_int_equal(holds_release(s, ca, hid, "case closed", &err), -1);
	assert_contains(err.msg, "DLUT art. 15(2)3: hold");
	assert_contains(err.msg, "no one may release it before then");
	assert_int_equal(holds_release(s, admin, hid, "case closed", &err), -1);
	assert_int_equal(db_exec(s->db, "UPDATE holds SET released_us = 1 WHERE category = "
	    "'case_copy'", &err), -1);
	assert_int_equal(db_exec(s->db, "DELETE FROM hold_cameras; DELETE FROM holds", &err), -1);
	clock_set_fixed(NOW + 8 * DAY);
	assert_int_equal(requests_allow_copy(s, ref, "sq-1", d.from_us, d.to_us, &err), -1);
	clock_set_fixed(NOW + 1827 * DAY);
	/* (Five years on, ca's authorisation has long expired: the site releases it.) */
	if (holds_release(s, admin, hid, "limitation period over", &err) != 0)
		fail_msg("%s", err.msg);
	free(ref);
	actor_free(stan);
	actor_free(ca);
	actor_free(admin);
	tu_site_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_errors_name_their_field),
		cmocka_unit_test(test_preview_matches_what_is_filed),
		cmocka_unit_test(test_lifecycle_to_closed),
		cmocka_unit_test(test_one_signature_per_person_in_schema),
		cmocka_unit_test(test_range_exists_follows_retention_and_holds),
		cmocka_unit_test(test_closed_hold_keeps_footage_until_its_end),
		cmocka_unit_test(test_copy_grant_allows_copy_inside_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
