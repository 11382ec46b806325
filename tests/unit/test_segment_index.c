/* test_segment_index.c — range reads, running totals and the retention plan on the footage index. */
#include "tests/unit/testutil.h"

#include "core/segments.h"
#include "core/users.h"
#include "recorder/retention.h"
#include "tests/unit/recorder-fixtures.h"

static struct vg_site *s;
static const int64_t T0 = INT64_C(1767225600) * RF_SEC;	/* 2026-01-01 00:00 UTC */

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; },"
	    "{ id = \"yard\"; name = \"Yard\"; url = \"rtsp://x/z\"; }");
	/* gate: ten 60 s segments, a pause of 5 minutes after the fifth */
	for (int i = 1; i <= 10; i++) {
		int64_t start = T0 + (i - 1) * 60 * RF_SEC + (i > 5 ? 300 * RF_SEC : 0);

		free(rf_segment(s, "gate", i, start, start + 60 * RF_SEC, 100 + (size_t)i));
	}
	for (int i = 1; i <= 3; i++)
		free(rf_segment(s, "yard", i, T0 + (i - 1) * 60 * RF_SEC, T0 + i * 60 * RF_SEC, 1000));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_site_close(s);
	return 0;
}

struct got {
	int64_t	seq[16];
	int	n;
};

static int
take(void *arg, const struct seg_row *r)
{
	struct got *g = arg;

	g->seq[g->n++] = r->seq;
	return g->n == 16;
}

static struct got
range(const char *camera, int64_t from, int64_t to)
{
	struct got g;

	memset(&g, 0, sizeof g);
	segments_range(s->db, camera, from, to, take, &g);
	return g;
}

static void
test_a_range_holds_every_segment_it_touches_and_no_other(void **state)
{
	struct got g;

	(void)state;
	/* from the middle of seq 2 to the middle of seq 4 */
	g = range("gate", T0 + 90 * RF_SEC, T0 + 210 * RF_SEC);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.seq[0], 2);
	assert_int_equal(g.seq[2], 4);
	/* ends exactly where seq 3 starts: seq 3 is not in it */
	g = range("gate", T0 + 90 * RF_SEC, T0 + 120 * RF_SEC);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.seq[0], 2);
	/* inside the pause: nothing; across it: both sides */
	g = range("gate", T0 + 310 * RF_SEC, T0 + 590 * RF_SEC);
	assert_int_equal(g.n, 0);
	g = range("gate", T0 + 299 * RF_SEC, T0 + 601 * RF_SEC);
	assert_int_equal(g.n, 2);
	assert_int_equal(g.seq[0], 5);
	assert_int_equal(g.seq[1], 6);
	/* open ends, and another camera's footage never mixes in */
	g = range("gate", 0, 0);
	assert_int_equal(g.n, 10);
	g = range("gate", T0 + 800 * RF_SEC, 0);	/* inside seq 9 */
	assert_int_equal(g.n, 2);
	assert_int_equal(g.seq[0], 9);
	g = range("yard", 0, T0 + 61 * RF_SEC);
	assert_int_equal(g.n, 2);
	g = range("nowhere", 0, 0);
	assert_int_equal(g.n, 0);
}

static void
test_a_range_read_seeks_the_index_instead_of_walking_the_history(void **state)
{
	struct vg_stmt *st;
	const char *plan = "";

	(void)state;
	/* the query core/segments.c runs, as SQLite plans it */
	st = db_prepare(s->db, "EXPLAIN QUERY PLAN SELECT id FROM segments WHERE camera = ? AND "
	    "start_us >= ? AND start_us < ? AND end_us > ? AND state = 'ok' ORDER BY start_us");
	while (db_step(st) == DB_ROW)
		if (strstr(db_col_text(st, 3), "segments_camera_start") != NULL)
			plan = "index";
	db_finalize(st);
	assert_string_equal(plan, "index");
	st = db_prepare(s->db, "EXPLAIN QUERY PLAN SELECT s.id FROM segments s WHERE s.camera = ? "
	    "AND s.start_us <= ? AND s.end_us <= ? AND s.state = 'ok' ORDER BY s.start_us");
	while (db_step(st) == DB_ROW)
		assert_non_null(strstr(db_col_text(st, 3), "start_us<?"));
	db_finalize(st);
}

static void
test_totals_follow_inserts_purges_and_deletes(void **state)
{
	int64_t n, bytes;
	struct vg_err err;

	(void)state;
	segments_totals(s->db, &n, &bytes);
	assert_int_equal(n, 13);
	assert_int_equal(bytes, 10 * 100 + 55 + 3 * 1000);
	/* a purge marks rows garbage, then drops them: counted out once */
	assert_int_equal(db_exec(s->db, "UPDATE segments SET state = 'garbage' WHERE camera = 'yard' "
	    "AND seq = 1", &err), 0);
	segments_totals(s->db, &n, &bytes);
	assert_int_equal(n, 12);
	assert_int_equal(bytes, 10 * 100 + 55 + 2 * 1000);
	assert_int_equal(db_exec(s->db, "DELETE FROM segments WHERE camera = 'yard' AND seq = 1",
	    &err), 0);
	segments_totals(s->db, &n, &bytes);
	assert_int_equal(n, 12);
	assert_int_equal(db_exec(s->db, "DELETE FROM segments WHERE camera = 'gate' AND seq = 10",
	    &err), 0);
	segments_totals(s->db, &n, &bytes);
	assert_int_equal(n, 11);
	assert_int_equal(bytes, 9 * 100 + 45 + 2 * 1000);
	/* the totals are what counting the rows says */
	assert_int_equal(n, db_scalar(s->db, "SELECT COUNT(*) FROM segments WHERE state = 'ok'",
	    NULL, -1));
}

static void
test_migration_11_counts_the_footage_already_indexed(void **state)
{
	char *dir = tu_tmpdir(), *path = vg_path_join(dir, "v.db");
	struct vg_db *db;
	struct vg_err err;

	(void)state;
	db = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOMIGRATE, &err);
	assert_non_null(db);
	assert_int_equal(db_migrate(db, 10, &err), 0);
	assert_int_equal(db_exec(db, "INSERT INTO cameras (id, name, url, privacy, retention_days, "
	    "mode, updated_us) VALUES ('c', 'C', 'rtsp://x', 'public', 30, 'continuous', 0);"
	    "INSERT INTO segments (camera, seq, start_us, end_us, path, bytes, sha256, prev_chain, "
	    "chain, state) VALUES ('c', 1, 0, 10, 'a', 7, '', '', '', 'ok'),"
	    "('c', 2, 10, 20, 'b', 5, '', '', '', 'ok'), ('c', 3, 20, 30, 'd', 9, '', '', '', 'garbage')",
	    &err), 0);
	assert_int_equal(db_migrate(db, 11, &err), 0);
	assert_int_equal(db_scalar(db, "SELECT segments FROM segment_totals WHERE camera = 'c'",
	    NULL, -1), 2);
	assert_int_equal(db_scalar(db, "SELECT bytes FROM segment_totals WHERE camera = 'c'",
	    NULL, -1), 12);
	/* the purge-in-progress lookup reads just the marked rows */
	assert_int_equal(db_scalar(db, "SELECT COUNT(*) FROM segments INDEXED BY segments_garbage "
	    "WHERE state = 'garbage'", NULL, -1), 1);
	db_close(db);
	tu_rm_rf(dir);
	free(path);
	free(dir);
}

static void
test_retention_takes_only_what_expired_in_time_order(void **state)
{
	struct vg_actor *sys = actor_system("test");
	struct retention_report rep;
	struct vg_err err;

	(void)state;
	/* 30 days of retention; as of 30 days after the seventh segment ended */
	assert_int_equal(retention_run(s, sys, T0 + (7 * 60 + 300) * RF_SEC + 30 * RF_DAY, 0, &rep,
	    &err), 0);
	assert_int_equal(rep.segments, 7 + 3);
	for (size_t i = 0; i < rep.n; i++)
		if (strcmp(rep.v[i].camera, "gate") == 0) {
			assert_int_equal(rep.v[i].seq_from, 1);
			assert_int_equal(rep.v[i].seq_to, 7);
		}
	retention_report_free(&rep);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM segments", NULL, -1), 3);
	assert_int_equal(db_scalar(s->db, "SELECT MIN(seq) FROM segments WHERE camera = 'gate'",
	    NULL, -1), 8);
	actor_free(sys);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_range_holds_every_segment_it_touches_and_no_other,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_range_read_seeks_the_index_instead_of_walking_the_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_totals_follow_inserts_purges_and_deletes, setup,
		    teardown),
		cmocka_unit_test(test_migration_11_counts_the_footage_already_indexed),
		cmocka_unit_test_setup_teardown(test_retention_takes_only_what_expired_in_time_order,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
