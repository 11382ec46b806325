/* db.h — the database: open, migrate, prepared statements, transactions. */
#ifndef VG_DB_H
#define VG_DB_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_db;
struct vg_stmt;

/*
 * Every module talks to the database through these calls only, never to
 * sqlite3 directly, so that the PostgreSQL catalog of DESIGN §10 is a second
 * implementation of this header rather than a rewrite.  SQL is kept portable:
 * '?' placeholders, no SQLite-only functions in module code.
 */

enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1, DB_CONSTRAINT = -2, DB_BUSY = -3 };

#define DB_OPEN_CREATE	0x1	/* create the file if missing (init only) */
#define DB_OPEN_NOMIGRATE 0x2	/* do not migrate (for inspection) */

struct vg_db	*db_open(const char *path, int flags, struct vg_err *);
void		 db_close(struct vg_db *);
int		 db_schema_version(struct vg_db *);
int		 db_latest_version(void);
int		 db_migrate(struct vg_db *, int target, struct vg_err *);
int		 db_integrity_check(struct vg_db *, struct vg_err *);

int		 db_exec(struct vg_db *, const char *sql, struct vg_err *);
int		 db_begin(struct vg_db *, struct vg_err *);	/* BEGIN IMMEDIATE */
int		 db_commit(struct vg_db *, struct vg_err *);
void		 db_rollback(struct vg_db *);
int		 db_in_tx(struct vg_db *);

struct vg_stmt	*db_prepare(struct vg_db *, const char *sql);	/* aborts on bad SQL */
/* The same, kept prepared by the db for the next call with the same sql
 * (compared as a pointer: a string literal) until db_close; db_finalize
 * hands it back.  For queries run often enough that preparing them would
 * be most of their cost. */
struct vg_stmt	*db_prepare_cached(struct vg_db *, const char *sql);
void		 db_bind_int(struct vg_stmt *, int idx, int64_t);
void		 db_bind_text(struct vg_stmt *, int idx, const char *);	/* NULL binds NULL */
void		 db_bind_null(struct vg_stmt *, int idx);
int		 db_step(struct vg_stmt *);	/* DB_ROW, DB_DONE or < 0 */
void		 db_reset(struct vg_stmt *);
int		 db_col_isnull(struct vg_stmt *, int col);
int64_t		 db_col_int(struct vg_stmt *, int col);
const char	*db_col_text(struct vg_stmt *, int col);	/* "" for NULL */
void		 db_finalize(struct vg_stmt *);

int64_t		 db_last_id(struct vg_db *);
int		 db_changes(struct vg_db *);
const char	*db_errmsg(struct vg_db *);
const char	*db_path(struct vg_db *);

/* Convenience: run a statement that returns nothing; -1 with err set on failure. */
int		 db_run(struct vg_stmt *, struct vg_db *, struct vg_err *);
/* One integer from "SELECT x ..." with up to one text parameter, or dflt. */
int64_t		 db_scalar(struct vg_db *, const char *sql, const char *arg, int64_t dflt);
/* The same with one integer parameter; 0 when there is no row. */
int64_t		 db_scalar_int(struct vg_db *, const char *sql, int64_t arg);

#endif
