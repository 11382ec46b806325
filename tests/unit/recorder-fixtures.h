/* recorder-fixtures.h — cameras, segment files and hold rows for the recorder's unit tests. */
#ifndef VG_RECORDER_FIXTURES_H
#define VG_RECORDER_FIXTURES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/site.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/storage.h"
#include "tests/unit/testutil.h"

#define RF_SEC INT64_C(1000000)
#define RF_DAY (INT64_C(86400) * RF_SEC)

/* Writes cameras.cfg with the given entries ("{ id = ...; }" text) and mirrors it. */
static inline void
rf_cameras(struct vg_site *s, const char *entries)
{
	char *text = xasprintf("cameras = ( %s );\n", entries);
	struct vg_err err;
	int changed;

	tu_write(s->cfg.cameras_path, text);
	free(text);
	if (site_sync_cameras(s, "test", "unit", &changed, &err) != 0)
		fail_msg("site_sync_cameras: %s", err.msg);
}

/* A segment as the recorder leaves it: a file of n bytes under storage, its
 * hash, and its index row with its chain link.  Returns the relative path. */
static inline char *
rf_segment(struct vg_site *s, const char *camera, int64_t seq, int64_t start, int64_t end,
    size_t n)
{
	char *rel = storage_relpath(camera, seq, start), *full;
	struct chain_seg seg;
	struct vg_err err;
	char chain[65];
	uint8_t *buf = xmalloc(n);
	FILE *f;

	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(seq * 31 + i * 7);
	assert_int_equal(storage_mkdirs(s->cfg.storage_dir, rel, &err), 0);
	full = vg_path_join(s->cfg.storage_dir, rel);
	f = fopen(full, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	memset(&seg, 0, sizeof seg);
	seg.camera = camera;
	seg.seq = seq;
	seg.start_us = start;
	seg.end_us = end;
	seg.path = rel;
	assert_int_equal(chain_hash_file(full, seg.sha256, &seg.bytes, &err), 0);
	assert_int_equal(site_begin(s, &err), 0);
	if (chain_index(s->db, &seg, chain, &err) != 0)
		fail_msg("chain_index: %s", err.msg);
	assert_int_equal(site_commit(s, &err), 0);
	free(full);
	free(buf);
	return rel;
}

/* A hold row as governance places it (core/holds.c comes on another branch;
 * the recorder only reads these tables).  until 0 = until released. */
static inline int64_t
rf_hold(struct vg_site *s, const char *camera, int64_t from, int64_t to, int64_t until)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO holds (category, reason, from_us, "
	    "to_us, placed_us, until_us) VALUES ('investigation', 'unit test', ?, ?, ?, ?)");
	struct vg_err err;
	int64_t id;

	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, from);
	if (until)
		db_bind_int(st, 4, until);
	else
		db_bind_null(st, 4);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
	id = db_last_id(s->db);
	st = db_prepare(s->db, "INSERT INTO hold_cameras (hold_id, camera) VALUES (?, ?)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, camera);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
	return id;
}

static inline int
rf_exists(struct vg_site *s, const char *rel)
{
	char *full = vg_path_join(s->cfg.storage_dir, rel);
	FILE *f = fopen(full, "rb");

	free(full);
	if (f != NULL)
		fclose(f);
	return f != NULL;
}

#endif
