/* segments.c — queries on the footage index that stay fast however long it grows. */
#include "core/segments.h"

#include "core/db.h"

/* Where a range read may start: the start of the last segment of the camera
 * that starts at or before from_us (the one holding it), else from_us. */
static int64_t
range_floor(struct vg_db *db, const char *camera, int64_t from_us)
{
	struct vg_stmt *st = db_prepare(db, "SELECT start_us FROM segments WHERE camera = ? AND "
	    "start_us <= ? ORDER BY start_us DESC LIMIT 1");
	int64_t floor = from_us;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from_us);
	if (db_step(st) == DB_ROW)
		floor = db_col_int(st, 0);
	db_finalize(st);
	return floor;
}

int
segments_range(struct vg_db *db, const char *camera, int64_t from_us, int64_t to_us,
    int (*fn)(void *arg, const struct seg_row *), void *arg)
{
	struct vg_stmt *st;
	int r = 0;

	st = db_prepare(db, "SELECT id, seq, start_us, end_us, bytes, path, sha256, recovered "
	    "FROM segments WHERE camera = ? AND start_us >= ? AND start_us < ? AND end_us > ? "
	    "AND state = 'ok' ORDER BY start_us");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from_us > 0 ? range_floor(db, camera, from_us) : INT64_MIN);
	db_bind_int(st, 3, to_us > 0 ? to_us : INT64_MAX);
	db_bind_int(st, 4, from_us > 0 ? from_us : INT64_MIN);
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
