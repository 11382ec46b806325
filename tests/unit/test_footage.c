/* test_footage.c — footage coverage and gap reasons, the live view's rules and visits, the graphics setting and the terminal's answers. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/footage.h"
#include "core/live.h"
#include "core/prefs.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/graphics.h"

#define SEC INT64_C(1000000)
#define MIN (60 * SEC)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */
#define T0 (NOW - 60 * MIN)			/* the hour before */

static const char cameras[] =
    "cameras = (\n"
    "  { id = \"gate-1\"; name = \"Main gate\"; url = \"rtsp://192.0.2.1/a\"; privacy = \"public\"; },\n"
    "  { id = \"exam-1\"; name = \"Exam hall\"; url = \"rtsp://192.0.2.1/b\"; privacy = \"sensitive\"; },\n"
    "  { id = \"class-1\"; name = \"Room 101\"; url = \"rtsp://192.0.2.1/c\"; privacy = \"interior\";"
    " zone = \"classroom\"; },\n"
    "  { id = \"yard\"; name = \"Yard\"; url = \"rtsp://192.0.2.1/d\"; mode = \"motion\"; }\n"
    ");\n";

static void
segment(struct vg_site *s, const char *cam, int seq, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO segments (camera, seq, start_us, "
	    "end_us, path, bytes, sha256, prev_chain, chain) VALUES (?,?,?,?,?,1,'','','')");
	char *path = xasprintf("%s/%d.mp4", cam, seq);
	struct vg_err err;

	db_bind_text(st, 1, cam);
	db_bind_int(st, 2, seq);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	db_bind_text(st, 5, path);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
	free(path);
}

static void
event(struct vg_site *s, const char *cam, int64_t ts, const char *kind, const char *detail)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO camera_events (camera, ts_us, kind, "
	    "detail) VALUES (?,?,?,?)");
	struct vg_err err;

	db_bind_text(st, 1, cam);
	db_bind_int(st, 2, ts);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, detail);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
}

/*---- Coverage ----*/

static void
test_segments_close_together_are_one_stretch(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct footage_span *v;
	struct vg_err err;
	size_t n;

	(void)state;
	segment(s, "gate-1", 1, T0, T0 + 10 * MIN);
	segment(s, "gate-1", 2, T0 + 10 * MIN + SEC / 2, T0 + 20 * MIN);
	assert_int_equal(footage_coverage(s, "gate-1", T0, T0 + 20 * MIN, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(v[0].recorded);
	assert_int_equal(footage_recorded_us(v, n), 20 * MIN);
	free(v);
	tu_site_close(s);
}

static void
test_gap_says_the_camera_went_offline(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct footage_span *v;
	struct vg_err err;
	size_t n;
	char *line;

	(void)state;
	segment(s, "gate-1", 1, T0, T0 + 10 * MIN);
	/* The offline event comes offline_after_s after the last video: inside the gap. */
	event(s, "gate-1", T0 + 10 * MIN + 10 * SEC, "offline", "no video for 10 s");
	event(s, "gate-1", T0 + 30 * MIN, "online", "video is arriving");
	segment(s, "gate-1", 2, T0 + 30 * MIN, T0 + 40 * MIN);
	assert_int_equal(footage_coverage(s, "gate-1", T0, T0 + 40 * MIN, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_false(v[1].recorded);
	assert_int_equal(v[1].from_us, T0 + 10 * MIN);
	assert_int_equal(v[1].to_us, T0 + 30 * MIN);
	assert_contains(v[1].why, "camera offline (no video for 10 s)");
	free(v);
	line = footage_describe(s, "gate-1", T0, T0 + 40 * MIN);
	assert_contains(line, "gate-1: 50% recorded; no footage recorded 08:10:00–08:30:00: "
	    "camera offline (no video for 10 s)");
	free(line);
	tu_site_close(s);
}

static void
test_gap_reasons_disk_motion_retention_future(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct footage_span *v;
	struct vg_err err;
	size_t n;

	(void)state;
	/* A full disk stopped the camera before the range began. */
	event(s, "exam-1", T0 - 5 * MIN, "disk.stop", "storage 96% full");
	assert_int_equal(footage_coverage(s, "exam-1", T0, T0 + 5 * MIN, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_contains(v[0].why, "recording stopped: storage full (storage 96% full)");
	free(v);
	/* A motion-mode camera with nothing logged: nothing moved. */
	assert_int_equal(footage_coverage(s, "yard", T0, T0 + 5 * MIN, &v, &n, &err), 0);
	assert_contains(v[0].why, "motion mode: nothing moved");
	free(v);
	/* Before the oldest kept segment, where retention cut the chain. */
	segment(s, "gate-1", 9, T0, T0 + 5 * MIN);
	assert_int_equal(tu_sql_raw(db_path(s->db), "INSERT INTO segment_cuts (camera, seq_from, "
	    "seq_to, chain, segments, bytes, cut_us) VALUES ('gate-1', 1, 8, '', 8, 8, 0)"), 0);
	assert_int_equal(footage_coverage(s, "gate-1", T0 - 60 * MIN, T0, &v, &n, &err), 0);
	assert_contains(v[0].why, "deleted by retention");
	free(v);
	/* Not yet happened. */
	assert_int_equal(footage_coverage(s, "class-1", NOW, NOW + MIN, &v, &n, &err), 0);
	assert_contains(v[0].why, "not recorded yet");
	free(v);
	/* Nothing logged at all. */
	assert_int_equal(footage_coverage(s, "class-1", T0, T0 + MIN, &v, &n, &err), 0);
	assert_contains(v[0].why, "the recorder logged no reason");
	free(v);
	assert_int_equal(footage_coverage(s, "nope", T0, T0 + MIN, &v, &n, &err), -1);
	assert_contains(err.msg, "no camera \"nope\"");
	tu_site_close(s);
}

/*---- The live view's rules ----*/

static const struct live_camera *
find(const struct live_camera *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

static void
test_interior_cameras_never_on_the_live_wall(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct vg_actor *guard = tu_person(s, "gu", "guard", "security");
	struct vg_actor *staff = tu_person(s, "st", "staff", "general");
	struct live_camera *v;
	struct vg_err err;
	size_t n;

	(void)state;
	assert_int_equal(live_cameras(s, guard, &v, &n, &err), 0);
	assert_true(find(v, n, "gate-1")->shown);
	assert_true(find(v, n, "exam-1")->shown);	/* the default profile limits no role */
	/* HHKCS 2.2.5, the default profile's §4: never shown, and the tile says why. */
	assert_false(find(v, n, "class-1")->shown);
	assert_contains(find(v, n, "class-1")->refusal, "vigil default §6: camera \"class-1\" "
	    "covers an interior");
	live_cameras_free(v, n);
	assert_int_equal(live_may_watch(s, guard, "class-1", &err), -1);
	assert_contains(err.msg, "never feeds the live view");
	assert_int_equal(live_may_watch(s, guard, "gate-1", &err), 0);
	/* live.view is a capability: staff have none. */
	assert_int_equal(live_cameras(s, staff, &v, &n, &err), -1);
	assert_contains(err.msg, "your roles cannot watch the live wall");
	actor_free(guard);
	actor_free(staff);
	tu_site_close(s);
}

static void
test_sensitive_cameras_only_to_the_profiles_roles(void **state)
{
	struct vg_site *s = tu_site_cameras("gcu", cameras, NOW);
	struct vg_actor *op = tu_person(s, "op", "operator", "security");
	struct vg_actor *head = tu_person(s, "hd", "security_head", "security");
	struct live_camera *v;
	struct vg_err err;
	size_t n;

	(void)state;
	/* GCU art. 16(1)2: of the live.view roles, the security head alone. */
	assert_int_equal(live_cameras(s, op, &v, &n, &err), 0);
	assert_false(find(v, n, "exam-1")->shown);
	assert_contains(find(v, n, "exam-1")->refusal, "GCU art. 16(1)2: camera \"exam-1\" is "
	    "sensitive: only these roles watch it live: security_head");
	assert_true(find(v, n, "gate-1")->shown);
	live_cameras_free(v, n);
	assert_int_equal(live_may_watch(s, head, "exam-1", &err), 0);
	assert_int_equal(live_may_watch(s, head, "class-1", &err), -1);
	assert_contains(err.msg, "GCU art. 11(1)");
	actor_free(op);
	actor_free(head);
	tu_site_close(s);
}

static void
test_a_visit_is_audited_once_opened_once_closed(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct vg_actor *guard = tu_person(s, "gu", "guard", "security");
	struct live_visit v;
	struct vg_err err;

	(void)state;
	assert_int_equal(live_visit_open(s, guard, &v, "live.wall", "wall", "gate-1", &err), 0);
	live_visit_add(&v, "exam-1");
	live_visit_add(&v, "gate-1");
	clock_set_fixed(NOW + 5 * MIN);
	assert_int_equal(live_visit_close(s, guard, &v, &err), 0);
	assert_int_equal(live_visit_close(s, guard, &v, &err), 0);	/* closed: nothing more */
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action LIKE 'live.%'",
	    NULL, -1), 2);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'live.wall.close' AND actor = 'gu' AND detail = 'cameras=gate-1,exam-1; "
	    "from=2026-03-02 09:00:00; to=2026-03-02 09:05:00'", NULL, -1), 1);
	actor_free(guard);
	tu_site_close(s);
}

/*---- The graphics setting ----*/

static void
test_graphics_setting_is_ones_own(void **state)
{
	struct vg_site *s = tu_site_cameras("default", cameras, NOW);
	struct vg_actor *guard = tu_person(s, "gu", "guard", "security");
	struct vg_actor *sys = actor_system("test");
	struct vg_err err;
	char *m;

	(void)state;
	m = prefs_graphics(s, guard);
	assert_string_equal(m, "auto");
	free(m);
	assert_int_equal(prefs_set_graphics(s, guard, "blocks", &err), 0);
	m = prefs_graphics(s, guard);
	assert_string_equal(m, "blocks");
	free(m);
	assert_int_equal(prefs_set_graphics(s, guard, "ascii-art", &err), -1);
	assert_string_equal(err.field, "graphics");
	assert_int_equal(prefs_set_graphics(s, sys, "none", &err), -1);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'user.graphics' AND detail = 'graphics=blocks'", NULL, -1), 1);
	actor_free(sys);
	actor_free(guard);
	tu_site_close(s);
}

/*---- What the terminal answers ----*/

static void
test_da1_with_4_means_sixel(void **state)
{
	struct gfx_caps c;
	static const char sixel[] = "\033[?62;4;22c", plain[] = "\033[?62;22c";

	(void)state;
	memset(&c, 0, sizeof c);
	assert_int_equal(gfx_parse(sixel, sizeof sixel - 1, &c), 1);
	assert_true(c.sixel);
	assert_int_equal(gfx_choose(&c, "auto", 256), GFX_SIXEL);
	memset(&c, 0, sizeof c);
	assert_int_equal(gfx_parse(plain, sizeof plain - 1, &c), 1);
	assert_false(c.sixel);
	assert_int_equal(gfx_choose(&c, "auto", 256), GFX_BLOCKS);
	assert_int_equal(gfx_choose(&c, "auto", 0), GFX_NONE);
	/* The person's setting wins over the answer. */
	assert_int_equal(gfx_choose(&c, "sixel", 256), GFX_SIXEL);
	assert_int_equal(gfx_choose(&c, "none", 256), GFX_NONE);
	/* "4" as the first parameter is the class (VT132), not sixel. */
	memset(&c, 0, sizeof c);
	gfx_parse("\033[?4;6c", 7, &c);
	assert_false(c.sixel);
}

static void
test_replies_in_any_order_and_pieces(void **state)
{
	struct gfx_caps c;
	static const char all[] = "\033_Gi=31;OK\033\\\033[?2;0;1000;800S\033[6;20;10t"
	    "\033[4;600;1000t\033[?65;4;1c";

	(void)state;
	memset(&c, 0, sizeof c);
	/* Half a reply is no reply yet. */
	assert_int_equal(gfx_parse(all, 20, &c), 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(gfx_parse(all, sizeof all - 1, &c), 1);
	assert_true(c.kitty && c.sixel);
	assert_int_equal(c.sixel_max_w, 1000);
	assert_int_equal(c.sixel_max_h, 800);
	assert_int_equal(c.cell_w, 10);
	assert_int_equal(c.cell_h, 20);
	assert_int_equal(c.win_w, 1000);
	assert_int_equal(c.win_h, 600);
	assert_int_equal(gfx_choose(&c, "auto", 256), GFX_KITTY);
	/* Garbage around the replies (keys typed meanwhile) is skipped. */
	memset(&c, 0, sizeof c);
	assert_int_equal(gfx_parse("ab\033[A\033[?62;4c", 14, &c), 1);
	assert_true(c.sixel);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segments_close_together_are_one_stretch),
		cmocka_unit_test(test_gap_says_the_camera_went_offline),
		cmocka_unit_test(test_gap_reasons_disk_motion_retention_future),
		cmocka_unit_test(test_interior_cameras_never_on_the_live_wall),
		cmocka_unit_test(test_sensitive_cameras_only_to_the_profiles_roles),
		cmocka_unit_test(test_a_visit_is_audited_once_opened_once_closed),
		cmocka_unit_test(test_graphics_setting_is_ones_own),
		cmocka_unit_test(test_da1_with_4_means_sixel),
		cmocka_unit_test(test_replies_in_any_order_and_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
