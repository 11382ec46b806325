/* test_records.c — the duty log, the control-room log, equipment, faults raised by themselves, the month's counts. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-faults.h"
#include "core/camera-health.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/duty.h"
#include "core/gov/equipment.h"
#include "core/gov/faults.h"
#include "core/gov/records.h"
#include "core/gov/room.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define MIN (INT64_C(60) * 1000000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */

static const char cameras[] =
    "cameras = (\n"
    "  { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://192.0.2.1/a\"; },\n"
    "  { id = \"yard\"; name = \"Yard\"; url = \"rtsp://192.0.2.1/b\"; }\n"
    ");\n";

struct fixture {
	struct vg_site	*s;
	struct vg_actor	*gu1, *gu2, *it, *oh, *st;
};

static struct fixture
fixture(void)
{
	struct fixture f;

	f.s = tu_site_cameras("default", cameras, NOW);
	f.gu1 = tu_person(f.s, "gu1", "guard", NULL);
	f.gu2 = tu_person(f.s, "gu2", "guard", NULL);
	f.it = tu_person(f.s, "it", "ict", NULL);
	f.oh = tu_person(f.s, "oh", "operations_head", NULL);
	f.st = tu_person(f.s, "st", "staff", NULL);
	return f;
}

static void
fixture_free(struct fixture *f)
{
	actor_free(f->gu1);
	actor_free(f->gu2);
	actor_free(f->it);
	actor_free(f->oh);
	actor_free(f->st);
	tu_site_close(f->s);
}

static int64_t
rows(struct vg_site *s, const char *table)
{
	char *sql = xasprintf("SELECT COUNT(*) FROM %s", table);
	int64_t n = db_scalar(s->db, sql, NULL, -1);

	free(sql);
	return n;
}

static int64_t
event(struct fixture *f, struct vg_actor *a, int64_t shift, const char *kind, int64_t corrects,
    struct vg_err *err)
{
	struct duty_event_spec sp = { shift, kind, "round of the gate", NULL, 0, 0, corrects };
	int64_t id = 0;

	vg_err_clear(err);
	return duty_event_add(f->s, a, &sp, &id, err) == 0 ? id : -1;
}

/* GCU art. 14(3): a shift ends with a handover the next guard acknowledges. */
static void
test_shift_handover_acknowledged_by_next_guard(void **state)
{
	struct fixture f = fixture();
	struct duty_shift *h, *d;
	struct vg_err err;
	int64_t s1, s2, id;
	size_t n;

	(void)state;
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &id, &err), -1);
	assert_int_equal(err.code, VG_CONFLICT);
	assert_contains(err.msg, "already on shift");
	assert_true(event(&f, f.gu1, 0, "patrol", 0, &err) > 0);
	assert_int_equal(event(&f, f.gu1, 0, "nap", 0, &err), -1);
	assert_string_equal(err.field, "kind");
	assert_contains(err.msg, "patrol, incident, camera_fault, visitor, other");
	assert_int_equal(duty_end(f.s, f.gu1, " ", &id, &err), -1);
	assert_string_equal(err.field, "handover");
	clock_advance(8 * HOUR);
	assert_int_equal(duty_end(f.s, f.gu1, "gate 2 lock sticks", &id, &err), 0);
	/* The writer never acknowledges their own handover; the next guard does. */
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &id, &err), 0);
	assert_int_equal(duty_ack(f.s, f.gu1, s1, &err), -1);
	assert_contains(err.msg, "is yours");
	assert_int_equal(duty_start(f.s, f.gu2, "desk B", &s2, &err), 0);
	h = duty_handovers(f.s, f.gu2, "desk A", &n);
	assert_int_equal(n, 1);
	assert_string_equal(h[0].handover, "gate 2 lock sticks");
	duty_free_list(h, n);
	assert_int_equal(duty_ack(f.s, f.gu2, s1, &err), -1);
	assert_contains(err.msg, "is for desk desk A; you are on shift at desk B");
	assert_int_equal(duty_end(f.s, f.gu2, "nothing", &id, &err), 0);
	assert_int_equal(duty_start(f.s, f.gu2, "desk A", &s2, &err), 0);
	assert_int_equal(duty_ack(f.s, f.gu2, s1, &err), 0);
	assert_int_equal(duty_ack(f.s, f.gu2, s1, &err), -1);
	assert_int_equal(err.code, VG_CONFLICT);
	d = duty_get(f.s, f.oh, s1, &err);
	assert_non_null(d);
	assert_string_equal(d->acked_by, "gu2");
	assert_int_equal(d->nev, 1);
	assert_string_equal(duty_state(d), "handed over");
	duty_free_list(d, 1);
	assert_true(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = 'duty.ack'",
	    NULL, 0) == 1);
	fixture_free(&f);
}

/* A closed shift is never changed; a correction is a later event naming the first. */
static void
test_closed_shift_is_never_changed(void **state)
{
	struct fixture f = fixture();
	struct vg_err err;
	struct duty_shift *d;
	int64_t s1, s2, e1, e2;

	(void)state;
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	e1 = event(&f, f.gu1, 0, "incident", 0, &err);
	assert_int_equal(event(&f, f.gu2, s1, "patrol", 0, &err), -1);
	assert_contains(err.msg, "is gu1's");
	assert_int_equal(duty_end(f.s, f.gu1, "handed over", &s2, &err), 0);
	assert_int_equal(event(&f, f.gu1, s1, "patrol", 0, &err), -1);
	assert_int_equal(err.code, VG_CONFLICT);
	assert_contains(err.msg, "can no longer be changed");
	assert_int_equal(event(&f, f.gu1, 0, "patrol", 0, &err), -1);
	assert_contains(err.msg, "not on a duty shift");
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s2, &err), 0);
	assert_int_equal(event(&f, f.gu1, 0, "other", 999, &err), -1);
	assert_string_equal(err.field, "corrects");
	e2 = event(&f, f.gu1, 0, "other", e1, &err);
	assert_true(e2 > e1);
	d = duty_get(f.s, f.gu1, s1, &err);
	assert_int_equal(d->events[0].corrected_by, e2);
	duty_free_list(d, 1);
	/* Whoever writes to the file, the database refuses to rewrite the log. */
	assert_int_equal(tu_sql_raw(db_path(f.s->db), "UPDATE duty_events SET text = 'x'"), -1);
	assert_int_equal(tu_sql_raw(db_path(f.s->db), "DELETE FROM duty_shifts"), -1);
	assert_int_equal(tu_sql_raw(db_path(f.s->db),
	    "UPDATE duty_shifts SET handover = 'x' WHERE ended_us IS NOT NULL"), -1);
	fixture_free(&f);
}

/* A shift open longer than duty.max_shift_h is overdue. */
static void
test_long_shift_is_overdue(void **state)
{
	struct fixture f = fixture();
	struct duty_shift *d;
	struct vg_err err;
	int64_t s1;

	(void)state;
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	clock_advance(12 * HOUR);
	d = duty_current(f.s, f.gu1);
	assert_false(d->overdue);
	duty_free_list(d, 1);
	clock_advance(MIN);
	d = duty_current(f.s, f.gu1);
	assert_true(d->overdue);
	assert_string_equal(duty_state(d), "overdue");
	duty_free_list(d, 1);
	fixture_free(&f);
}

static int
camera_event_add_for_test(struct vg_site *s, const char *camera, const char *kind,
    const char *detail)
{
	struct vg_err err;

	return camera_event_add(s, "recorder", "recorder", camera, kind, detail, 1, &err);
}

/* Camera alarms during the shift are offered for the log, each once. */
static void
test_alarms_offered_and_logged_once(void **state)
{
	struct fixture f = fixture();
	struct duty_alarm *v;
	struct duty_shift *d;
	struct vg_err err;
	int64_t s1, id;
	size_t n;

	(void)state;
	/* One alarm before the shift, two during it (one not an alarm). */
	assert_int_equal(site_begin(f.s, &err), 0);
	assert_int_equal(camera_event_add_for_test(f.s, "gate-1", "offline", "before"), 0);
	assert_int_equal(site_commit(f.s, &err), 0);
	clock_advance(MIN);
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	clock_advance(MIN);
	assert_int_equal(site_begin(f.s, &err), 0);
	assert_int_equal(camera_event_add_for_test(f.s, "yard", "covered", "dark image"), 0);
	assert_int_equal(camera_event_add_for_test(f.s, "yard", "motion.start", ""), 0);
	assert_int_equal(site_commit(f.s, &err), 0);
	v = duty_alarms(f.s, f.gu1, s1, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].camera, "yard");
	assert_int_equal(duty_log_alarm(f.s, f.gu1, v[0].id, &id, &err), 0);
	assert_int_equal(duty_log_alarm(f.s, f.gu1, v[0].id, &id, &err), -1);
	duty_free_alarms(v, n);
	v = duty_alarms(f.s, f.gu1, s1, &n);
	assert_int_equal(n, 0);
	duty_free_alarms(v, n);
	d = duty_get(f.s, f.gu1, s1, &err);
	assert_int_equal(d->nev, 1);
	assert_string_equal(d->events[0].kind, "camera_fault");
	assert_string_equal(d->events[0].cameras, "yard");
	assert_contains(d->events[0].text, "camera yard covered: dark image");
	duty_free_list(d, 1);
	fixture_free(&f);
}

static int64_t
enter(struct fixture *f, struct vg_actor *a, const char *name, const char *idn, int64_t corrects,
    struct vg_err *err)
{
	struct room_spec sp = { name, idn, "City police", "evidence review", "", 0, corrects };
	int64_t id = 0;

	vg_err_clear(err);
	return room_enter(f->s, a, &sp, &id, err) == 0 ? id : -1;
}

/* GCU art. 15, DLUT art. 18(4): entries with a checked ID; an exit follows its entry. */
static void
test_room_entries_and_exits(void **state)
{
	struct fixture f = fixture();
	struct room_entry *v;
	struct vg_err err;
	int64_t e1, e2, e3, s1;
	size_t n;

	(void)state;
	assert_int_equal(enter(&f, f.st, "Li Lei", "W-1", 0, &err), -1);
	assert_contains(err.msg, "your roles cannot keep the control-room entry log");
	assert_int_equal(enter(&f, f.gu1, "Li Lei", "110105194912310021", 0, &err), -1);
	assert_string_equal(err.field, "id_number");
	assert_contains(err.msg, "check digit is wrong");
	assert_int_equal(enter(&f, f.gu1, "Li Lei", "<script>", 0, &err), -1);
	assert_contains(err.msg, "is not a known ID format");
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	e1 = enter(&f, f.gu1, "Li Lei", "11010519491231002X", 0, &err);
	assert_true(e1 > 0);
	assert_int_equal(enter(&f, f.gu1, "Li Lei", "11010519491231002X", 0, &err), -1);
	assert_contains(err.msg, "is inside since");
	e2 = enter(&f, f.gu1, "Wang", "W-123", 0, &err);
	assert_int_equal(room_leave(f.s, f.gu1, e1, NOW - HOUR, &err), -1);
	assert_string_equal(err.field, "at");
	assert_contains(err.msg, "would come before the entry");
	assert_int_equal(room_leave(f.s, f.gu1, 99, 0, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	clock_advance(HOUR);
	assert_int_equal(room_leave(f.s, f.gu1, e1, 0, &err), 0);
	assert_int_equal(room_leave(f.s, f.gu1, e1, 0, &err), -1);
	assert_contains(err.msg, "already left");
	/* A wrong name is corrected by a new entry that takes the old one's place. */
	e3 = enter(&f, f.gu1, "Wang Wei", "W-123", e2, &err);
	assert_true(e3 > 0);
	assert_int_equal(enter(&f, f.gu1, "Wang Wu", "W-123", e2, &err), -1);
	assert_contains(err.msg, "already corrected");
	assert_int_equal(room_inside_count(f.s), 1);
	/* Without an exit by the end of the shift the entry is flagged. */
	v = room_list(f.s, f.gu1, 0, &n, &err);
	assert_int_equal(n, 1);
	assert_false(v[0].flagged);
	room_free_list(v, n);
	assert_int_equal(duty_end(f.s, f.gu1, "Wang Wei is still inside", &s1, &err), 0);
	v = room_list(f.s, f.gu1, 0, &n, &err);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, e3);
	assert_true(v[0].flagged);
	assert_string_equal(room_state(&v[0]), "inside after shift end");
	room_free_list(v, n);
	v = room_list(f.s, f.oh, 1, &n, &err);
	assert_int_equal(n, 3);
	room_free_list(v, n);
	assert_null(room_list(f.s, f.it, 1, &n, &err));
	assert_int_equal(tu_sql_raw(db_path(f.s->db), "UPDATE room_entries SET name = 'x'"), -1);
	fixture_free(&f);
}

/* The inventory: cameras from cameras.cfg, the rest by hand; corrections only. */
static void
test_inventory_and_inspections(void **state)
{
	struct fixture f = fixture();
	struct equipment_spec sp = { "nvr-1", "recorder", "NVR rack 1", "server room", "Vendor",
	    NOW - 300 * DAY, 0 };
	struct vg_equipment *v;
	struct vg_err err;
	int64_t id, fault;
	size_t n;

	(void)state;
	assert_int_equal(equipment_add(f.s, f.gu1, &sp, &id, &err), -1);
	assert_contains(err.msg, "your roles cannot keep the equipment and faults records");
	assert_int_equal(equipment_add(f.s, f.it, &sp, &id, &err), 0);
	assert_int_equal(equipment_add(f.s, f.it, &sp, &id, &err), -1);
	assert_contains(err.msg, "a new description replaces it only as a correction");
	sp.correct = 1;
	sp.location = "server room 2";
	assert_int_equal(equipment_add(f.s, f.it, &sp, &id, &err), 0);
	sp.tag = "gate-1";
	assert_int_equal(equipment_add(f.s, f.it, &sp, &id, &err), -1);
	assert_contains(err.msg, "is a camera");
	sp.tag = "Bad Tag";
	assert_int_equal(equipment_add(f.s, f.it, &sp, &id, &err), -1);
	assert_string_equal(err.field, "tag");
	v = equipment_list(f.s, f.gu1, &n, &err);	/* camera.status may read it */
	assert_int_equal(n, 3);
	assert_string_equal(v[0].tag, "gate-1");
	assert_string_equal(v[1].tag, "nvr-1");
	assert_string_equal(v[1].location, "server room 2");
	equipment_free_list(v, n);
	assert_int_equal(equipment_inspect(f.s, f.it, "nvr-1", "fault", "", 0, &id, &fault, &err),
	    -1);
	assert_string_equal(err.field, "notes");
	assert_int_equal(equipment_inspect(f.s, f.it, "nvr-1", "fault", "fan noisy", 0, &id,
	    &fault, &err), 0);
	assert_true(fault > 0);
	assert_int_equal(equipment_inspect(f.s, f.it, "nope", "ok", "", 0, &id, &fault, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	v = equipment_get(f.s, f.it, "nvr-1", &err);
	assert_string_equal(v->inspection, "fault");
	assert_int_equal(v->open_faults, 1);
	equipment_free_list(v, 1);
	assert_int_equal(rows(f.s, "equipment"), 2);
	fixture_free(&f);
}

/* Faults are reported by camera.status holders, assigned to and fixed by equipment.manage. */
static void
test_fault_report_assign_fix(void **state)
{
	struct fixture f = fixture();
	struct vg_fault *v;
	struct vg_err err;
	int64_t id, took;
	size_t n;
	char **who;

	(void)state;
	assert_int_equal(faults_report(f.s, f.st, "gate-1", "dark", &id, &err), -1);
	assert_contains(err.msg, "your roles cannot see the cameras' status and alerts");
	assert_int_equal(faults_report(f.s, f.gu1, "nope", "dark", &id, &err), -1);
	assert_string_equal(err.field, "equipment");
	assert_int_equal(faults_report(f.s, f.gu1, "gate-1", "image dark at night", &id, &err), 0);
	assert_int_equal(faults_assign(f.s, f.gu1, id, "it", &err), -1);
	assert_int_equal(faults_assign(f.s, f.it, id, "gu1", &err), -1);
	assert_contains(err.msg, "none of gu1's roles lets them maintain the equipment");
	assert_int_equal(faults_assign(f.s, f.it, id, "nobody", &err), -1);
	assert_string_equal(err.field, "assignee");
	assert_int_equal(faults_assign(f.s, f.it, id, "it", &err), 0);
	who = faults_assignees(f.s, f.it, &n);
	assert_int_equal(n, 1);
	assert_string_equal(who[0], "it");
	vg_strv_free(who, n);
	/* Overdue past the profile's fault_fix_days (3 in the default profile). */
	clock_advance(3 * DAY + MIN);
	assert_int_equal(faults_overdue_count(f.s, f.it), 1);
	v = faults_list(f.s, f.it, FAULTS_OVERDUE, NULL, &n, &err);
	assert_int_equal(n, 1);
	assert_string_equal(faults_state(&v[0]), "overdue");
	assert_string_equal(v[0].assignee, "it");
	faults_free_list(v, n);
	assert_int_equal(faults_fix(f.s, f.it, id, "", &took, &err), -1);
	assert_string_equal(err.field, "notes");
	assert_int_equal(faults_fix(f.s, f.it, id, "replaced the IR lamp", &took, &err), 0);
	assert_true(took == 3 * DAY + MIN);
	assert_int_equal(faults_fix(f.s, f.it, id, "again", &took, &err), -1);
	assert_int_equal(err.code, VG_CONFLICT);
	assert_int_equal(faults_overdue_count(f.s, f.it), 0);
	assert_int_equal(tu_sql_raw(db_path(f.s->db), "UPDATE faults SET fix_notes = 'x'"), -1);
	assert_int_equal(tu_sql_raw(db_path(f.s->db), "DELETE FROM faults"), -1);
	fixture_free(&f);
}

static void
set_offline(struct vg_site *s, const char *camera, int64_t since)
{
	char *sql = xasprintf("INSERT INTO camera_state (camera, status, since_us) VALUES ('%s', "
	    "'offline', %lld) ON CONFLICT(camera) DO UPDATE SET status = 'offline', since_us = %lld",
	    camera, (long long)since, (long long)since);

	assert_int_equal(db_exec(s->db, sql, NULL), 0);
	free(sql);
}

/* Issue 14: a camera in trouble longer than equipment.fault_after_min gets
 * one fault per episode, raised by vigil itself. */
static void
test_sweep_raises_one_fault_per_episode(void **state)
{
	struct fixture f = fixture();
	struct vg_fault *v;
	struct vg_err err;
	int raised;
	int64_t took;
	size_t n;

	(void)state;
	assert_int_equal(f.s->cfg.equipment_fault_after_min, 30);
	set_offline(f.s, "gate-1", NOW);
	clock_advance(29 * MIN);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 0);
	clock_advance(2 * MIN);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 1);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 0);
	v = faults_list(f.s, f.it, FAULTS_OPEN, "gate-1", &n, &err);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].cause, "offline");
	assert_string_equal(v[0].reported_by, "");
	assert_true(v[0].began_us == NOW);
	assert_contains(v[0].text, "camera gate-1 has been offline since 2026-03-02 09:00:00");
	assert_int_equal(faults_fix(f.s, f.it, v[0].id, "restarted the switch port", &took, &err),
	    0);
	faults_free_list(v, n);
	/* Fixed while the same episode goes on: no second fault for it. */
	clock_advance(HOUR);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 0);
	/* A new episode gets its own. */
	set_offline(f.s, "gate-1", clock_now());
	clock_advance(31 * MIN);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 1);
	assert_true(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = 'fault.raise' "
	    "AND actor = 'recorder'", NULL, 0) == 2);
	fixture_free(&f);
}

/* Covered (or moved) counts from the newest such event while the state says so. */
static void
test_sweep_covered_camera(void **state)
{
	struct fixture f = fixture();
	struct vg_fault *v;
	struct vg_err err;
	int raised;
	size_t n;

	(void)state;
	assert_int_equal(site_begin(f.s, &err), 0);
	assert_int_equal(camera_event_add_for_test(f.s, "yard", "covered", "dark image"), 0);
	assert_int_equal(site_commit(f.s, &err), 0);
	assert_int_equal(db_exec(f.s->db, "INSERT INTO camera_state (camera, status, covered) "
	    "VALUES ('yard', 'online', 1)", NULL), 0);
	clock_advance(29 * MIN);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 0);
	clock_advance(2 * MIN);
	assert_int_equal(camera_faults_sweep(f.s, "recorder", clock_now(), &raised, &err), 0);
	assert_int_equal(raised, 1);
	v = faults_list(f.s, f.gu1, FAULTS_OPEN, "yard", &n, &err);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].cause, "covered");
	assert_string_equal(faults_state(&v[0]), "unassigned");
	faults_free_list(v, n);
	fixture_free(&f);
}

/* HHKCS 2.5.2, 3.5: what the monthly review counts, and its findings. */
static void
test_month_counts_and_findings(void **state)
{
	struct fixture f = fixture();
	struct records_month m;
	struct vg_err err;
	int64_t s1, s2, id;

	(void)state;
	assert_int_equal(duty_start(f.s, f.gu1, "desk A", &s1, &err), 0);
	assert_true(event(&f, f.gu1, 0, "patrol", 0, &err) > 0);
	assert_true(enter(&f, f.gu1, "Wang", "W-123", 0, &err) > 0);
	assert_int_equal(faults_report(f.s, f.gu1, "gate-1", "dark", &id, &err), 0);
	clock_advance(8 * HOUR);
	assert_int_equal(duty_end(f.s, f.gu1, "Wang inside", &s1, &err), 0);
	assert_int_equal(duty_start(f.s, f.gu2, "desk A", &s2, &err), 0);
	assert_int_equal(duty_ack(f.s, f.gu2, s1, &err), 0);
	clock_advance(10 * DAY);	/* gu2 never ends: overdue; the fault too */
	assert_int_equal(records_month(f.s, f.gu1, 2026, 3, &m, &err), -1);
	assert_contains(err.msg, "your roles cannot review and sign off the logs");
	assert_int_equal(records_month(f.s, f.oh, 2026, 13, &m, &err), -1);
	assert_int_equal(records_month(f.s, f.oh, 2026, 3, &m, &err), 0);
	assert_int_equal(m.shifts, 2);
	assert_int_equal(m.handovers, 1);
	assert_int_equal(m.handovers_acked, 1);
	assert_int_equal(m.duty_events, 1);
	assert_int_equal(m.shifts_overdue, 1);
	assert_int_equal(m.room_entries, 1);
	assert_int_equal(m.room_flagged, 1);
	assert_int_equal(m.faults_opened, 1);
	assert_int_equal(m.faults_fixed, 0);
	assert_int_equal(m.faults_overdue, 1);
	assert_int_equal(m.nfindings, 3);
	assert_string_equal(m.findings[0].what, "shift_overdue");
	assert_contains(m.findings[1].text, "Wang entered the control room");
	assert_contains(m.findings[2].text, "was not fixed within 3 days");
	records_month_free(&m);
	assert_int_equal(records_month(f.s, f.oh, 2026, 2, &m, &err), 0);
	assert_int_equal(m.shifts + m.faults_overdue + (int64_t)m.nfindings, 0);
	records_month_free(&m);
	fixture_free(&f);
}

/* A list shows the last four characters of an ID (half of a short one), one '*'
 * for each hidden character however many bytes it takes. */
static void
test_room_id_masked(void **state)
{
	char out[ROOM_MASKED_ID];

	(void)state;
	assert_string_equal(room_masked_id("11010519491231002X", out), "**************002X");
	assert_string_equal(room_masked_id("W-123", out), "***23");
	assert_string_equal(room_masked_id("AB", out), "*B");
	assert_string_equal(room_masked_id("A", out), "*");
	assert_string_equal(room_masked_id("", out), "");
	assert_string_equal(room_masked_id("护照号E12345678", out), "********5678");
	assert_string_equal(room_masked_id("港澳通行证", out), "***行证");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_room_id_masked),
		cmocka_unit_test(test_shift_handover_acknowledged_by_next_guard),
		cmocka_unit_test(test_closed_shift_is_never_changed),
		cmocka_unit_test(test_long_shift_is_overdue),
		cmocka_unit_test(test_alarms_offered_and_logged_once),
		cmocka_unit_test(test_room_entries_and_exits),
		cmocka_unit_test(test_inventory_and_inspections),
		cmocka_unit_test(test_fault_report_assign_fix),
		cmocka_unit_test(test_sweep_raises_one_fault_per_episode),
		cmocka_unit_test(test_sweep_covered_camera),
		cmocka_unit_test(test_month_counts_and_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
