/* db.c — SQLite behind the db.h interface: WAL, foreign keys, migrations. */
#include "core/db.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* Statements kept prepared for queries run many times (db_prepare_cached). */
#define DB_CACHED 8

struct vg_db {
	sqlite3		*h;
	char		*path;
	int		 in_tx;
	const char	*cached_sql[DB_CACHED];
	struct vg_stmt	*cached[DB_CACHED];
};

struct vg_stmt {
	sqlite3_stmt	*h;
	struct vg_db	*db;
	int		 cached, busy;	/* kept by the db; handed out now */
};

/* The ordered migrations live in migrations.c. */
extern const char *const vg_migrations[];
extern const int vg_migration_count;

int
db_latest_version(void)
{
	return vg_migration_count;
}

static int
exec_raw(struct vg_db *db, const char *sql, struct vg_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		vg_seterr(err, VG_FAILED, _("database %s: %s"), db->path,
		    msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
db_exec(struct vg_db *db, const char *sql, struct vg_err *err)
{
	return exec_raw(db, sql, err);
}

int
db_schema_version(struct vg_db *db)
{
	return (int)db_scalar(db, "PRAGMA user_version", NULL, -1);
}

/*
 * Apply migrations up to target, each in its own IMMEDIATE transaction that
 * re-reads the version first, so two processes starting at once cannot both
 * apply the same step.
 */
int
db_migrate(struct vg_db *db, int target, struct vg_err *err)
{
	if (target < 0 || target > vg_migration_count)
		target = vg_migration_count;
	for (;;) {
		int v;
		char *set;

		if (db_begin(db, err) != 0)
			return -1;
		v = db_schema_version(db);
		if (v > vg_migration_count) {
			db_rollback(db);
			return vg_seterr(err, VG_FAILED,
			    _("database %s has schema version %d, newer than this vigil (%d)"),
			    db->path, v, vg_migration_count);
		}
		if (v >= target) {
			db_rollback(db);
			return 0;
		}
		if (exec_raw(db, vg_migrations[v], err) != 0) {
			db_rollback(db);
			return -1;
		}
		set = xasprintf("PRAGMA user_version = %d", v + 1);
		if (exec_raw(db, set, err) != 0) {
			free(set);
			db_rollback(db);
			return -1;
		}
		free(set);
		if (db_commit(db, err) != 0)
			return -1;
	}
}

struct vg_db *
db_open(const char *path, int flags, struct vg_err *err)
{
	struct vg_db *db;
	int oflags = SQLITE_OPEN_READWRITE;
	int created = 0;

	if (flags & DB_OPEN_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
		created = access(path, F_OK) != 0;
	} else if (access(path, F_OK) != 0) {
		vg_seterr(err, VG_CONFIG, _("database %s does not exist (run \"vigil admin init\")"),
		    path);
		return NULL;
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		vg_seterr(err, VG_FAILED, _("cannot open database %s: %s"), path,
		    db->h ? sqlite3_errmsg(db->h) : strerror(errno));
		goto fail;
	}
	if (created)
		chmod(path, 0660);	/* DESIGN §8: database 0660 */
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	if (exec_raw(db, "PRAGMA journal_mode = WAL", err) != 0 ||
	    exec_raw(db, "PRAGMA foreign_keys = ON", err) != 0 ||
	    exec_raw(db, "PRAGMA synchronous = FULL", err) != 0)
		goto fail;
	if (!(flags & DB_OPEN_NOMIGRATE) && db_migrate(db, -1, err) != 0)
		goto fail;
	return db;
fail:
	db_close(db);
	return NULL;
}

void
db_close(struct vg_db *db)
{
	if (db == NULL)
		return;
	for (int i = 0; i < DB_CACHED; i++)
		if (db->cached[i] != NULL) {
			sqlite3_finalize(db->cached[i]->h);
			free(db->cached[i]);
		}
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}

int
db_integrity_check(struct vg_db *db, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(db, "PRAGMA integrity_check");
	int r = -1;

	if (db_step(st) == DB_ROW && strcmp(db_col_text(st, 0), "ok") == 0)
		r = 0;
	else
		vg_seterr(err, VG_FAILED, _("database %s fails its integrity check: %s"),
		    db->path, db_col_text(st, 0));
	db_finalize(st);
	if (r == 0) {
		st = db_prepare(db, "PRAGMA foreign_key_check");
		if (db_step(st) == DB_ROW)
			r = vg_seterr(err, VG_FAILED,
			    _("database %s: table %s has a row with a broken reference"),
			    db->path, db_col_text(st, 0));
		db_finalize(st);
	}
	return r;
}

int
db_begin(struct vg_db *db, struct vg_err *err)
{
	VG_ASSERT(!db->in_tx);
	if (exec_raw(db, "BEGIN IMMEDIATE", err) != 0)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct vg_db *db, struct vg_err *err)
{
	VG_ASSERT(db->in_tx);
	if (exec_raw(db, "COMMIT", err) != 0) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct vg_db *db)
{
	if (!db->in_tx)
		return;
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
}

int
db_in_tx(struct vg_db *db)
{
	return db->in_tx;
}

struct vg_stmt *
db_prepare(struct vg_db *db, const char *sql)
{
	struct vg_stmt *st = xcalloc(1, sizeof *st);

	if (sqlite3_prepare_v2(db->h, sql, -1, &st->h, NULL) != SQLITE_OK)
		vg_fatal("cannot prepare SQL (%s): %s", sqlite3_errmsg(db->h), sql);
	st->db = db;
	return st;
}

struct vg_stmt *
db_prepare_cached(struct vg_db *db, const char *sql)
{
	int free_slot = -1;

	for (int i = 0; i < DB_CACHED; i++) {
		if (db->cached_sql[i] == sql && !db->cached[i]->busy) {
			db->cached[i]->busy = 1;
			return db->cached[i];
		}
		if (db->cached_sql[i] == NULL && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return db_prepare(db, sql);	/* full, or the same query nested */
	db->cached[free_slot] = db_prepare(db, sql);
	db->cached[free_slot]->cached = db->cached[free_slot]->busy = 1;
	db->cached_sql[free_slot] = sql;
	return db->cached[free_slot];
}

void
db_bind_int(struct vg_stmt *st, int idx, int64_t v)
{
	VG_ASSERT(sqlite3_bind_int64(st->h, idx, v) == SQLITE_OK);
}

void
db_bind_text(struct vg_stmt *st, int idx, const char *s)
{
	if (s == NULL)
		VG_ASSERT(sqlite3_bind_null(st->h, idx) == SQLITE_OK);
	else
		VG_ASSERT(sqlite3_bind_text(st->h, idx, s, -1, SQLITE_TRANSIENT) == SQLITE_OK);
}

void
db_bind_null(struct vg_stmt *st, int idx)
{
	VG_ASSERT(sqlite3_bind_null(st->h, idx) == SQLITE_OK);
}

int
db_step(struct vg_stmt *st)
{
	int rc = sqlite3_step(st->h);

	switch (rc & 0xff) {
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

void
db_reset(struct vg_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

int
db_col_isnull(struct vg_stmt *st, int col)
{
	return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

int64_t
db_col_int(struct vg_stmt *st, int col)
{
	return sqlite3_column_int64(st->h, col);
}

const char *
db_col_text(struct vg_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st->h, col);

	return s ? (const char *)s : "";
}

void
db_finalize(struct vg_stmt *st)
{
	if (st == NULL)
		return;
	if (st->cached) {
		sqlite3_reset(st->h);
		sqlite3_clear_bindings(st->h);
		st->busy = 0;
		return;
	}
	sqlite3_finalize(st->h);
	free(st);
}

int64_t
db_last_id(struct vg_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct vg_db *db)
{
	return sqlite3_changes(db->h);
}

const char *
db_errmsg(struct vg_db *db)
{
	return sqlite3_errmsg(db->h);
}

const char *
db_path(struct vg_db *db)
{
	return db->path;
}

int
db_run(struct vg_stmt *st, struct vg_db *db, struct vg_err *err)
{
	int rc = db_step(st);

	if (rc == DB_DONE || rc == DB_ROW)
		return 0;
	if (rc == DB_CONSTRAINT)
		return vg_seterr(err, VG_CONFLICT, _("database constraint: %s"), db_errmsg(db));
	return vg_seterr(err, VG_FAILED, _("database %s: %s"), db->path, db_errmsg(db));
}

int64_t
db_scalar(struct vg_db *db, const char *sql, const char *arg, int64_t dflt)
{
	struct vg_stmt *st = db_prepare(db, sql);
	int64_t v = dflt;

	if (arg != NULL)
		db_bind_text(st, 1, arg);
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0))
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

int64_t
db_scalar_int(struct vg_db *db, const char *sql, int64_t arg)
{
	struct vg_stmt *st = db_prepare(db, sql);
	int64_t v = 0;

	db_bind_int(st, 1, arg);
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}
