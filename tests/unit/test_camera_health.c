/* test_camera_health.c — camera events are audited; only camera.manage accepts a view. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/camera-health.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tests/unit/recorder-fixtures.h"

static struct vg_site *s;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; }");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_site_close(s);
	return 0;
}

static int64_t
count(const char *sql)
{
	return db_scalar(s->db, sql, NULL, -1);
}

static void
add_event(const char *camera, const char *kind, int audited)
{
	struct vg_err err;

	assert_int_equal(site_begin(s, &err), 0);
	assert_int_equal(camera_event_add(s, "recorder", "recorder", camera, kind, "detail",
	    audited, &err), 0);
	assert_int_equal(site_commit(s, &err), 0);
}

static void
test_events_are_recorded_and_audited(void **state)
{
	(void)state;
	add_event("gate", "offline", 1);
	add_event(NULL, "disk.warn", 1);
	add_event("gate", "motion.start", 0);
	assert_int_equal(count("SELECT COUNT(*) FROM camera_events"), 3);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'camera.offline' AND "
	    "object = 'gate'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'storage.disk.warn'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action LIKE '%motion%'"), 0);
}

static struct vg_actor *
user(const char *login, const char *roles, int authorised)
{
	struct vg_actor *sys = actor_system("unit"), *a;
	struct vg_err err;

	tu_add_user(s, login, roles, NULL);
	if (authorised)
		assert_int_equal(authz_add(s, sys, login, clock_now() - 86400 * RF_SEC, 0, "all",
		    &err), 0);
	actor_free(sys);
	a = actor_load(s, login, "unit", &err);
	assert_non_null(a);
	return a;
}

static void
test_ack_needs_camera_manage(void **state)
{
	struct vg_actor *guard = user("gary", "guard", 1), *ict = user("ivy", "ict", 0);
	struct vg_err err;
	int64_t before;

	(void)state;
	add_event("gate", "moved", 1);
	before = count("SELECT COUNT(*) FROM audit");
	/* HHKCS 2.1.2: a guard may not decide where a camera points. */
	assert_int_equal(camera_ack_reference(s, guard, "gate", &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_string_equal(err.msg, "your roles cannot manage cameras and accept a camera's new view");
	/* ICT holds the capability, but not without an unexpired authorisation. */
	assert_int_equal(camera_ack_reference(s, ict, "gate", &err), -1);
	assert_contains(err.msg, "authorisation");
	assert_int_equal(count("SELECT COUNT(*) FROM audit"), before);
	assert_int_equal(count("SELECT COUNT(*) FROM camera_events WHERE kind = 'reference.ack'"), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM camera_events WHERE acked_us IS NOT NULL"), 0);
	actor_free(guard);
	actor_free(ict);
}

static void
test_ack_records_acknowledges_and_audits(void **state)
{
	struct vg_actor *ict = user("ivy", "ict", 1);
	struct vg_err err;
	int64_t id;

	(void)state;
	add_event("gate", "moved", 1);
	id = camera_ack_reference(s, ict, "gate", &err);
	assert_true(id > 0);
	assert_int_equal(count("SELECT COUNT(*) FROM camera_events WHERE kind = 'reference.ack' "
	    "AND acked_by IS NOT NULL"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM camera_events WHERE kind = 'moved' AND "
	    "acked_us IS NOT NULL"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'camera.reference_ack' "
	    "AND actor = 'ivy' AND detail = 'moved_alarms_acknowledged=1'"), 1);
	{
		struct audit_report rep;

		assert_int_equal(audit_verify(s, &rep, &err), 0);
	}
	actor_free(ict);
}

static void
test_ack_of_unknown_or_removed_camera_is_refused(void **state)
{
	struct vg_actor *sys = actor_system("unit");
	struct vg_err err;

	(void)state;
	assert_int_equal(camera_ack_reference(s, sys, "nowhere", &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	assert_contains(err.msg, "no camera \"nowhere\"");
	rf_cameras(s, "");	/* gate removed from cameras.cfg */
	assert_int_equal(camera_ack_reference(s, sys, "gate", &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	actor_free(sys);
}

/* DESIGN §9: what needs attention now, with the event that raised it; who may see it. */
static void
test_alarms_name_camera_kind_time_and_reason(void **state)
{
	struct vg_actor *guard = user("gary", "guard", 1), *staff = user("sam", "staff", 0);
	struct cam_alarm *v;
	struct cam_event *e;
	struct vg_err err;
	size_t n;

	(void)state;
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; },"
	    "{ id = \"yard\"; name = \"Yard\"; url = \"rtsp://x/z\"; },"
	    "{ id = \"hall\"; name = \"Hall\"; url = \"rtsp://x/w\"; }");
	clock_set_fixed(1000 * RF_SEC);
	add_event("gate", "offline", 1);
	clock_set_fixed(2000 * RF_SEC);
	add_event("yard", "covered", 1);
	add_event("hall", "disk.stop", 1);
	clock_set_fixed(0);
	assert_int_equal(db_exec(s->db, "INSERT INTO camera_state (camera, status, covered, moved) "
	    "VALUES ('gate', 'offline', 0, 0), ('yard', 'online', 1, 0), ('hall', 'stopped', 0, 0)",
	    &err), 0);
	assert_int_equal(camera_alarms(s, guard, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].camera, "gate");
	assert_string_equal(v[0].kind, "offline");
	assert_true(v[0].since_us == 1000 * RF_SEC);
	assert_string_equal(v[0].detail, "detail");
	assert_string_equal(v[1].camera, "hall");
	assert_string_equal(v[1].kind, "disk.stop");
	assert_string_equal(v[2].kind, "covered");
	assert_true(v[2].since_us == 2000 * RF_SEC);
	camera_alarms_free(v, n);
	/* Back online: no alarm; a staff member sees none and is told why. */
	assert_int_equal(db_exec(s->db, "UPDATE camera_state SET status = 'online', covered = 0",
	    &err), 0);
	assert_int_equal(camera_alarms(s, guard, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	camera_alarms_free(v, n);
	assert_int_equal(camera_alarms(s, staff, &v, &n, &err), -1);
	assert_string_equal(err.msg, "your roles cannot see the cameras' status and alerts");
	/* The history, newest first, at most the limit. */
	assert_int_equal(camera_events_list(s, guard, "gate", 10, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].kind, "offline");
	camera_events_free(e, n);
	add_event("gate", "online", 1);
	assert_int_equal(camera_events_list(s, guard, "gate", 1, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].kind, "online");
	camera_events_free(e, n);
	assert_int_equal(camera_events_list(s, guard, "nowhere", 10, &e, &n, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	assert_int_equal(camera_events_list(s, staff, "gate", 10, &e, &n, &err), -1);
	actor_free(guard);
	actor_free(staff);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_events_are_recorded_and_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ack_needs_camera_manage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alarms_name_camera_kind_time_and_reason, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ack_records_acknowledges_and_audits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ack_of_unknown_or_removed_camera_is_refused,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
