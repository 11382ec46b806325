/* test_chain.c — hash chains; footage verify names every missing, altered or unknown file. */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "tests/unit/recorder-fixtures.h"

static struct vg_site *s;
static const int64_t T0 = INT64_C(1767225600) * RF_SEC;	/* 2026-01-01 */
static char *paths[4];

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; },"
	    "{ id = \"yard\"; name = \"Yard\"; url = \"rtsp://x/z\"; }");
	for (int i = 1; i <= 3; i++)
		paths[i] = rf_segment(s, "gate", i, T0 + (i - 1) * 60 * RF_SEC, T0 + i * 60 * RF_SEC,
		    1000 + (size_t)i);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (int i = 1; i <= 3; i++)
		free(paths[i]);
	tu_site_close(s);
	return 0;
}

/* Runs footage verify; returns its result with the problem lines in *out. */
static int
verify(const char *camera, int64_t from, int64_t to, char **out,
    struct chain_verify_report *rep)
{
	struct chain_verify_opts o = { camera, from, to };
	struct vg_err err;
	size_t n;
	FILE *f = open_memstream(out, &n);
	int r = chain_verify(s, &o, f, rep, &err);

	fclose(f);
	return r;
}

static char *
full(const char *rel)
{
	return vg_path_join(s->cfg.storage_dir, rel);
}

static void
test_link_is_sha256_of_the_documented_bytes(void **state)
{
	const char *prev = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
	const char *sha = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
	uint8_t msg[88], md[32];
	char want[65], got[65];
	int64_t v[3] = { 42, T0, T0 + 60 * RF_SEC };

	(void)state;
	/* DESIGN §5: prev_chain ‖ sha256 ‖ seq ‖ start ‖ end, 8-byte big-endian. */
	vg_unhex(prev, msg, 32);
	vg_unhex(sha, msg + 32, 32);
	for (int k = 0; k < 3; k++)
		for (int b = 0; b < 8; b++)
			msg[64 + 8 * k + b] = (uint8_t)((uint64_t)v[k] >> (56 - 8 * b));
	crypto_hash_sha256(md, msg, sizeof msg);
	vg_hex(md, 32, want);
	chain_link(prev, sha, 42, T0, T0 + 60 * RF_SEC, got);
	assert_string_equal(got, want);
}

/* FIPS 180-2's "abc" vector, fed in uneven pieces as the segment writer does. */
static void
test_streaming_hash_matches_the_standard_vector(void **state)
{
	static const char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	struct chain_hash h;
	char hex[65];

	(void)state;
	chain_hash_init(&h);
	chain_hash_update(&h, msg, 5);
	chain_hash_update(&h, msg + 5, 0);
	chain_hash_update(&h, msg + 5, sizeof msg - 1 - 5);
	chain_hash_final(&h, hex);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_null(h.ctx);
}

static void
test_link_changes_with_every_field(void **state)
{
	char a[65], b[65];

	(void)state;
	chain_link(CHAIN_ZERO, CHAIN_ZERO, 1, 2, 3, a);
	chain_link(CHAIN_ZERO, CHAIN_ZERO, 1, 2, 4, b);
	assert_string_not_equal(a, b);
	chain_link(CHAIN_ZERO, CHAIN_ZERO, 1, 3, 3, b);
	assert_string_not_equal(a, b);
	chain_link(CHAIN_ZERO, CHAIN_ZERO, 2, 2, 3, b);
	assert_string_not_equal(a, b);
	chain_link("1000000000000000000000000000000000000000000000000000000000000000", CHAIN_ZERO,
	    1, 2, 3, b);
	assert_string_not_equal(a, b);
	chain_link(CHAIN_ZERO, "1000000000000000000000000000000000000000000000000000000000000000",
	    1, 2, 3, b);
	assert_string_not_equal(a, b);
}

static void
test_rows_link_in_sequence(void **state)
{
	struct vg_stmt *st;
	char prev[65] = CHAIN_ZERO;
	int n = 0;

	(void)state;
	st = db_prepare(s->db, "SELECT seq, prev_chain, chain FROM segments WHERE camera = 'gate' "
	    "ORDER BY seq");
	while (db_step(st) == DB_ROW) {
		assert_int_equal(db_col_int(st, 0), ++n);
		assert_string_equal(db_col_text(st, 1), prev);
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 2));
	}
	db_finalize(st);
	assert_int_equal(n, 3);
	assert_int_equal(chain_next_seq(s->db, "gate"), 4);
	assert_int_equal(chain_next_seq(s->db, "yard"), 1);
}

static void
test_intact_footage_verifies(void **state)
{
	struct chain_verify_report rep;
	char *out;

	(void)state;
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 0);
	assert_string_equal(out, "");
	assert_int_equal(rep.segments, 3);
	assert_int_equal(rep.bytes, 1001 + 1002 + 1003);
	assert_int_equal(rep.cameras, 2);
	free(out);
}

static void
test_deleted_file_is_named(void **state)
{
	struct chain_verify_report rep;
	char *p = full(paths[2]), *out;

	(void)state;
	assert_int_equal(unlink(p), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "missing: camera gate seq 2");
	assert_contains(out, paths[2]);
	assert_int_equal(rep.problems, 1);
	free(out);
	free(p);
}

static void
test_altered_file_is_named(void **state)
{
	struct chain_verify_report rep;
	char *p = full(paths[3]), *out;
	FILE *f = fopen(p, "r+b");

	(void)state;
	assert_non_null(f);
	fseek(f, 10, SEEK_SET);
	fputc('X', f);	/* same size, different bytes */
	fclose(f);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "altered: camera gate seq 3");
	assert_contains(out, "does not match its SHA-256");
	free(out);
	assert_int_equal(truncate(p, 500), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "has 500 bytes, the index says 1003");
	free(out);
	free(p);
}

static void
test_unindexed_file_is_named(void **state)
{
	struct chain_verify_report rep;
	char *rel = storage_relpath("gate", 9, T0), *p = full(rel), *out;

	(void)state;
	tu_write(p, "not footage the index knows");
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "unindexed:");
	assert_contains(out, rel);
	free(out);
	/* Other files in storage are not segments and not reported. */
	assert_int_equal(unlink(p), 0);
	free(p);
	p = vg_path_join(s->cfg.storage_dir, "gate/README");
	tu_write(p, "notes");
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 0);
	free(out);
	free(p);
	free(rel);
}

/* While a recorder holds the site's lock, the newest files of a camera are the
 * ones it is writing; an older file missing from the index is still named. */
static void
test_running_recorder_files_are_not_problems(void **state)
{
	struct chain_verify_report rep;
	char *lock = vg_path_join(s->cfg.run_dir, RECORDER_LOCK_FILE), *out;
	char *newer = storage_relpath("gate", 4, T0 + 180 * RF_SEC);
	char *first = storage_relpath("yard", 1, T0);
	char *older = storage_relpath("gate", 2, T0 + 86400 * RF_SEC);
	char *p;
	int fd;
	struct vg_err err;

	(void)state;
	assert_true(mkdir(s->cfg.run_dir, 0750) == 0 || errno == EEXIST);
	assert_int_equal(storage_mkdirs(s->cfg.storage_dir, first, &err), 0);
	assert_int_equal(storage_mkdirs(s->cfg.storage_dir, older, &err), 0);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	tu_write(p = full(newer), "being written");
	free(p);
	tu_write(p = full(first), "being written");
	free(p);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 0);
	assert_contains(out, "recording:");
	assert_contains(out, newer);
	assert_contains(out, first);
	assert_int_equal(rep.recording, 2);
	free(out);

	tu_write(p = full(older), "lost from the index");
	free(p);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "unindexed:");
	assert_contains(out, older);
	assert_int_equal(rep.problems, 1);
	free(out);

	/* No recorder: nobody is writing them, so they are unindexed. */
	close(fd);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_int_equal(rep.problems, 3);
	assert_int_equal(rep.recording, 0);
	assert_contains(out, newer);
	free(out);
	free(lock);
	free(newer);
	free(first);
	free(older);
}

static void
test_deleted_row_is_named(void **state)
{
	struct chain_verify_report rep;
	char *out;

	(void)state;
	/* Someone with the database file removes a segment and its row. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "DELETE FROM segments WHERE seq = 2"), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "removed: camera gate seq 2-2");
	assert_contains(out, "unindexed:");
	assert_contains(out, paths[2]);
	free(out);
}

static void
test_edited_row_is_named(void **state)
{
	struct chain_verify_report rep;
	char *out;

	(void)state;
	/* Moving footage in time breaks the row's own chain value. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path,
	    "UPDATE segments SET start_us = start_us - 3600000000 WHERE seq = 2"), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "index altered: camera gate seq 2");
	free(out);
}

static void
test_time_range_limits_the_files_checked(void **state)
{
	struct chain_verify_report rep;
	char *p = full(paths[1]), *out;

	(void)state;
	assert_int_equal(unlink(p), 0);
	/* seq 1 is [T0, T0+60s): a range after it does not look at its file. */
	assert_int_equal(verify("gate", T0 + 90 * RF_SEC, T0 + 200 * RF_SEC, &out, &rep), 0);
	assert_int_equal(rep.segments, 2);
	free(out);
	assert_int_equal(verify("gate", T0, T0 + 30 * RF_SEC, &out, &rep), 1);
	assert_contains(out, "missing: camera gate seq 1");
	free(out);
	free(p);
}

static void
test_unknown_camera_is_refused(void **state)
{
	struct chain_verify_opts o = { "nowhere", 0, 0 };
	struct chain_verify_report rep;
	struct vg_err err;

	(void)state;
	assert_int_equal(chain_verify(s, &o, stdout, &rep, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	assert_contains(err.msg, "no camera \"nowhere\"");
}

static void
test_chain_continues_across_a_retention_cut(void **state)
{
	struct chain_verify_report rep;
	char chain2[65], *sql, *out, prev[65];

	(void)state;
	/* Retention took seqs 1-2: the cut keeps seq 2's link. */
	snprintf(chain2, sizeof chain2, "%s", "");
	{
		struct vg_stmt *st = db_prepare(s->db, "SELECT chain FROM segments WHERE seq = 2");

		assert_int_equal(db_step(st), DB_ROW);
		snprintf(chain2, sizeof chain2, "%s", db_col_text(st, 0));
		db_finalize(st);
	}
	sql = xasprintf("DELETE FROM segments WHERE seq <= 2; INSERT INTO segment_cuts (camera, "
	    "seq_from, seq_to, chain, segments, bytes, cut_us) VALUES ('gate', 1, 2, '%s', 2, "
	    "2003, 0)", chain2);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, sql), 0);
	free(sql);
	for (int i = 1; i <= 2; i++) {
		char *p = full(paths[i]);

		unlink(p);
		free(p);
	}
	assert_int_equal(chain_prev(s->db, "gate", 3, prev), 0);
	assert_string_equal(prev, chain2);
	assert_int_equal(chain_next_seq(s->db, "gate"), 4);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 0);
	free(out);
	/* A cut that claims a different link is caught at the next segment. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "UPDATE segment_cuts SET chain = '"
	    CHAIN_ZERO "'"), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "chain broken: camera gate seq 3");
	free(out);
}

static void
test_deleting_the_newest_segments_is_caught_by_the_audited_heads(void **state)
{
	struct chain_verify_report rep;
	char *heads = chain_heads(s->db), *p = full(paths[3]), *out;
	struct vg_err err;

	(void)state;
	assert_contains(heads, "gate=3:");
	assert_int_equal(site_begin(s, &err), 0);
	assert_int_equal(audit_append(s, "recorder", "footage.heads", "segments", heads, "test",
	    &err), 0);
	assert_int_equal(site_commit(s, &err), 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 0);
	free(out);
	/* The newest segment and its row go: the rest still links... */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "DELETE FROM segments WHERE seq = 3"), 0);
	/* ...but not up to the head the audit log holds. */
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "removed: camera gate seq 3, recorded in the audit log on");
	free(out);
	free(heads);
	free(p);
}


/* Issue 16 item 3: heads forged in the database to cover a deletion are refused. */
static void
test_forged_heads_entry_is_refused(void **state)
{
	struct chain_verify_report rep;
	char *heads = chain_heads(s->db), *p = full(paths[3]), *forged, *out;
	struct audit_report arep;
	struct vg_err err;

	(void)state;
	assert_int_equal(site_begin(s, &err), 0);
	assert_int_equal(audit_append(s, "recorder", "footage.heads", "segments", heads, "test",
	    &err), 0);
	assert_int_equal(site_commit(s, &err), 0);
	/* The newest segment goes with its row, and a heads entry is appended that
	 * says the chain ends before it. */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "DELETE FROM segments WHERE seq = 3"), 0);
	forged = chain_heads(s->db);
	assert_contains(forged, "gate=2:");
	tu_audit_forge(s, "footage.heads", "segments", forged, 0);
	assert_int_equal(verify(NULL, 0, 0, &out, &rep), 1);
	assert_contains(out, "chain heads refused: the newest footage.heads entry");
	free(out);
	assert_int_equal(audit_verify(s, &arep, &err), -1);
	assert_contains(err.msg, "carries no signature");
	free(forged);
	free(heads);
	free(p);
}

static void
test_hash_file_reports_unreadable(void **state)
{
	struct vg_err err;
	char hex[65];

	(void)state;
	assert_int_equal(chain_hash_file("/nonexistent/vigil/x.mp4", hex, NULL, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	assert_contains(err.msg, "/nonexistent/vigil/x.mp4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_is_sha256_of_the_documented_bytes),
		cmocka_unit_test(test_streaming_hash_matches_the_standard_vector),
		cmocka_unit_test(test_link_changes_with_every_field),
		cmocka_unit_test_setup_teardown(test_rows_link_in_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intact_footage_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_file_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_file_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unindexed_file_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running_recorder_files_are_not_problems, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_deleted_row_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edited_row_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_range_limits_the_files_checked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_camera_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_continues_across_a_retention_cut, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_deleting_the_newest_segments_is_caught_by_the_audited_heads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_heads_entry_is_refused, setup, teardown),
		cmocka_unit_test(test_hash_file_reports_unreadable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
