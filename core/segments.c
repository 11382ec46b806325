/* segments.c — queries on the footage index that stay fast however long it grows. */
#include "core/segments.h"

#include "core/db.h"

/* The segments overlapping [?2, ?3): from the last one of the camera to
 * start at or before ?2 (the one holding it), else from ?2, up to ?3, in the
 * (camera, start_us) index.  One statement, kept prepared: preparing the
 * two it was before cost more than reading the rows. */
static const char range_sql[] =
    "SELECT id, seq, start_us, end_us, bytes, path, sha256, recovered FROM segments "
    "WHERE camera = ?1 AND start_us >= COALESCE((SELECT start_us FROM segments "
    "WHERE camera = ?1 AND start_us <= ?2 ORDER BY start_us DESC LIMIT 1), ?2) "
    "AND start_us < ?3 AND end_us > ?2 AND state = 'ok' ORDER BY start_us";

int
segments_range(struct vg_db *db, const char *camera, int64_t from_us, int64_t to_us,
    int (*fn)(void *arg, const struct seg_row *), void *arg)
{
	struct vg_stmt *st = db_prepare_cached(db, range_sql);
	int r = 0;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from_us > 0 ? from_us : INT64_MIN);
	db_bind_int(st, 3, to_us > 0 ? to_us : INT64_MAX);
	while (r == 0 && db_step(st) == DB_ROW) {
		struct seg_row s = {
			.id = db_col_int(st, 0), .seq = db_col_int(st, 1),
			.start_us = db_col_int(st, 2), .end_us = db_col_int(st, 3),
			.bytes = db_col_int(st, 4), .path = db_col_text(st, 5),
			.sha256 = db_col_text(st, 6), .recovered = (int)db_col_int(st, 7),
		};

		r = fn(arg, &s);
	}
	db_finalize(st);
	return r;
}

void
segments_totals(struct vg_db *db, int64_t *count, int64_t *bytes)
{
	*count = db_scalar(db, "SELECT COALESCE(SUM(segments), 0) FROM segment_totals", NULL, 0);
	*bytes = db_scalar(db, "SELECT COALESCE(SUM(bytes), 0) FROM segment_totals", NULL, 0);
}
