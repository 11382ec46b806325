/* test_db.c — migrations from empty, pragmas, integrity, constraints. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/util.h"

/* Tables each schema version must have (cumulative). */
static const char *const tables_v1[] = { "meta", "units", "users", "user_roles", "user_keys",
	"authorizations", "login_attempts", "sessions", "cameras", "segments", "audit", NULL };
static const char *const tables_v2[] = { "camera_events", "camera_state",
	"recorder_heartbeat", "holds", "hold_cameras", NULL };

static int
has_table(struct vg_db *db, const char *name)
{
	return db_scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
	    name, 0) == 1;
}

static struct vg_db *
fresh_db(char **dir, char **path)
{
	struct vg_err err;
	struct vg_db *db;

	*dir = tu_tmpdir();
	*path = xasprintf("%s/t.db", *dir);
	db = db_open(*path, DB_OPEN_CREATE | DB_OPEN_NOMIGRATE, &err);
	assert_non_null(db);
	return db;
}

static void
test_each_migration_from_empty(void **state)
{
	(void)state;
	for (int target = 1; target <= db_latest_version(); target++) {
		char *dir, *path;
		struct vg_db *db = fresh_db(&dir, &path);
		struct vg_err err;

		assert_int_equal(db_schema_version(db), 0);
		assert_int_equal(db_migrate(db, target, &err), 0);
		assert_int_equal(db_schema_version(db), target);
		for (const char *const *t = tables_v1; *t; t++)
			assert_true(has_table(db, *t));
		for (const char *const *t = tables_v2; *t; t++)
			assert_int_equal(has_table(db, *t), target >= 2);
		assert_int_equal(db_integrity_check(db, &err), 0);
		/* ...and on to the latest from there. */
		assert_int_equal(db_migrate(db, -1, &err), 0);
		assert_int_equal(db_schema_version(db), db_latest_version());
		assert_int_equal(db_integrity_check(db, &err), 0);
		db_close(db);
		tu_rm_rf(dir);
		free(dir);
		free(path);
	}
}

static void
test_open_sets_wal_and_foreign_keys(void **state)
{
	char *dir, *path;
	struct vg_db *db = fresh_db(&dir, &path);
	struct vg_stmt *st;

	(void)state;
	st = db_prepare(db, "PRAGMA journal_mode");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "wal");
	db_finalize(st);
	assert_int_equal(db_scalar(db, "PRAGMA foreign_keys", NULL, 0), 1);
	db_close(db);
	tu_rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_open_refuses_missing_database(void **state)
{
	struct vg_err err;

	(void)state;
	assert_null(db_open("/nonexistent/vigil.db", 0, &err));
	assert_contains(err.msg, "does not exist");
	assert_int_equal(err.code, VG_CONFIG);
}

static void
test_refuses_newer_schema(void **state)
{
	char *dir, *path;
	struct vg_db *db = fresh_db(&dir, &path);
	struct vg_err err;
	char *sql = xasprintf("PRAGMA user_version = %d", db_latest_version() + 1);

	(void)state;
	assert_int_equal(db_exec(db, sql, &err), 0);
	assert_int_not_equal(db_migrate(db, -1, &err), 0);
	assert_contains(err.msg, "newer than this vigil");
	free(sql);
	db_close(db);
	tu_rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_foreign_keys_enforced(void **state)
{
	char *dir, *path;
	struct vg_db *db = fresh_db(&dir, &path);
	struct vg_err err;
	struct vg_stmt *st;

	(void)state;
	assert_int_equal(db_migrate(db, -1, &err), 0);
	st = db_prepare(db, "INSERT INTO user_roles (user_id, role) VALUES (999, 'guard')");
	assert_int_equal(db_step(st), DB_CONSTRAINT);
	db_finalize(st);
	db_close(db);
	tu_rm_rf(dir);
	free(dir);
	free(path);
}

static void
test_rollback_leaves_nothing(void **state)
{
	char *dir, *path;
	struct vg_db *db = fresh_db(&dir, &path);
	struct vg_err err;

	(void)state;
	assert_int_equal(db_migrate(db, -1, &err), 0);
	assert_int_equal(db_begin(db, &err), 0);
	assert_int_equal(db_exec(db, "INSERT INTO meta VALUES ('k', 'v')", &err), 0);
	db_rollback(db);
	assert_int_equal(db_scalar(db, "SELECT COUNT(*) FROM meta", NULL, -1), 0);
	db_close(db);
	tu_rm_rf(dir);
	free(dir);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_migration_from_empty),
		cmocka_unit_test(test_open_sets_wal_and_foreign_keys),
		cmocka_unit_test(test_open_refuses_missing_database),
		cmocka_unit_test(test_refuses_newer_schema),
		cmocka_unit_test(test_foreign_keys_enforced),
		cmocka_unit_test(test_rollback_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
