/* test_retention.c — only expired, unheld footage is deleted, and every purge recorded. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/retention.h"
#include "tests/unit/recorder-fixtures.h"

static struct vg_site *s;
static struct vg_actor *sys;
static const int64_t T0 = INT64_C(1767225600) * RF_SEC;	/* 2026-01-01 00:00 UTC */
static char *gate[7], *vault[3];

/*
 * gate (retention 30 days): six one-hour segments on day 0, seq 1-6.
 * vault (key_location: the default profile's 90 days): two on day 0.
 */
static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	sys = actor_system("unit");
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; },"
	    "{ id = \"vault\"; name = \"Vault\"; url = \"rtsp://x/z\"; zone = \"key_location\"; }");
	for (int i = 1; i <= 6; i++)
		gate[i] = rf_segment(s, "gate", i, T0 + (i - 1) * 3600 * RF_SEC,
		    T0 + i * 3600 * RF_SEC, 100 * (size_t)i);
	for (int i = 1; i <= 2; i++)
		vault[i] = rf_segment(s, "vault", i, T0 + (i - 1) * 3600 * RF_SEC,
		    T0 + i * 3600 * RF_SEC, 50);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	for (int i = 1; i <= 6; i++)
		free(gate[i]);
	for (int i = 1; i <= 2; i++)
		free(vault[i]);
	actor_free(sys);
	clock_set_fixed(0);
	tu_site_close(s);
	return 0;
}

static int64_t
kept(const char *camera)
{
	return db_scalar(s->db, "SELECT COUNT(*) FROM segments WHERE camera = ? AND state = 'ok'",
	    camera, -1);
}

static int
run(int64_t now, int dry, struct retention_report *rep)
{
	struct vg_err err;
	int r;

	clock_set_fixed(now);
	r = retention_run(s, sys, now, dry, rep, &err);
	if (r != 0)
		fprintf(stderr, "retention_run: %s\n", err.msg);
	return r;
}

static void
test_nothing_goes_inside_retention(void **state)
{
	struct retention_report rep;

	(void)state;
	/* One microsecond short of 30 days after the first segment ended: not yet. */
	assert_int_equal(run(T0 + 3600 * RF_SEC + 30 * RF_DAY - 1, 0, &rep), 0);
	assert_int_equal(rep.segments, 0);
	assert_int_equal(kept("gate"), 6);
	retention_report_free(&rep);
	/* At 30 days it goes, and only it. */
	assert_int_equal(run(T0 + 3600 * RF_SEC + 30 * RF_DAY, 0, &rep), 0);
	assert_int_equal(rep.segments, 1);
	assert_int_equal(kept("gate"), 5);
	retention_report_free(&rep);
	/* At 89 days the vault (90) keeps everything. */
	assert_int_equal(run(T0 + 89 * RF_DAY, 0, &rep), 0);
	assert_int_equal(kept("vault"), 2);
	retention_report_free(&rep);
}

static void
test_expired_segments_go_and_are_audited(void **state)
{
	struct retention_report rep;
	int64_t now = T0 + 30 * RF_DAY + 3 * 3600 * RF_SEC;	/* seq 1-3 ended 30 days ago */
	struct vg_stmt *st;
	char want[65];

	(void)state;
	st = db_prepare(s->db, "SELECT chain FROM segments WHERE camera = 'gate' AND seq = 3");
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(want, sizeof want, "%s", db_col_text(st, 0));
	db_finalize(st);
	assert_int_equal(run(now, 0, &rep), 0);
	assert_int_equal(rep.segments, 3);
	assert_int_equal(rep.bytes, 100 + 200 + 300);
	assert_int_equal(kept("gate"), 3);
	assert_int_equal(kept("vault"), 2);	/* 90 days there */
	for (int i = 1; i <= 6; i++)
		assert_int_equal(rf_exists(s, gate[i]), i > 3);
	/* The purge is audited with counts, bytes and the chain position it cuts. */
	st = db_prepare(s->db, "SELECT object, detail FROM audit WHERE action = 'retention.purge'");
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "gate");
	assert_contains(db_col_text(st, 1), "segments=3; bytes=600; seq=1-3; cut_chain=");
	assert_contains(db_col_text(st, 1), want);
	assert_contains(db_col_text(st, 1), "retention_days=30");
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
	/* The cut is recorded, so what remains still verifies. */
	assert_int_equal(db_scalar(s->db, "SELECT seq_to FROM segment_cuts WHERE camera = 'gate'",
	    NULL, 0), 3);
	{
		struct chain_verify_opts o = { NULL, 0, 0 };
		struct chain_verify_report vr;
		struct vg_err err;

		assert_int_equal(chain_verify(s, &o, stderr, &vr, &err), 0);
	}
	{
		struct audit_report ar;
		struct vg_err err;

		assert_int_equal(audit_verify(s, &ar, &err), 0);
	}
	retention_report_free(&rep);
}

static void
test_dry_run_changes_nothing(void **state)
{
	struct retention_report rep;
	int64_t audit_before = db_scalar(s->db, "SELECT COUNT(*) FROM audit", NULL, 0);

	(void)state;
	assert_int_equal(run(T0 + 400 * RF_DAY, 1, &rep), 0);
	assert_int_equal(rep.segments, 8);	/* everything would go */
	assert_int_equal(kept("gate"), 6);
	assert_int_equal(kept("vault"), 2);
	for (int i = 1; i <= 6; i++)
		assert_true(rf_exists(s, gate[i]));
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit", NULL, 0), audit_before);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM segment_cuts", NULL, 0), 0);
	retention_report_free(&rep);
}

static void
test_held_range_stays(void **state)
{
	struct retention_report rep;

	(void)state;
	/* HHKCS 2.5.3(iv): footage of an investigation is kept past retention.
	 * The hold covers 02:30-03:30 of day 0: seq 3 and 4 overlap it. */
	rf_hold(s, "gate", T0 + 9000 * RF_SEC, T0 + 12600 * RF_SEC, 0);
	assert_int_equal(run(T0 + 60 * RF_DAY, 0, &rep), 0);
	assert_int_equal(rep.segments, 4);
	assert_int_equal(rep.held, 2);
	for (int i = 1; i <= 6; i++)
		assert_int_equal(rf_exists(s, gate[i]), i == 3 || i == 4);
	/* Two cuts, either side of what the hold keeps. */
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM segment_cuts WHERE camera = 'gate'",
	    NULL, 0), 2);
	retention_report_free(&rep);
}

/* A request row as filing leaves it (core/requests.c), for gate over [from, to). */
static int64_t
request_on_gate(const char *status, int64_t from, int64_t to, int64_t grant_until)
{
	struct vg_stmt *st;
	struct vg_err err;
	int64_t id, uid = db_scalar(s->db, "SELECT id FROM users WHERE login = 'tess'", NULL, 0);

	st = db_prepare(s->db, "INSERT INTO requests (ref, requester_id, requester_kind, kind, "
	    "purpose, reason, from_us, to_us, policy, status, created_us, grant_until_us) "
	    "VALUES ('REQ-' || (SELECT COUNT(*) + 1 FROM requests), ?, 'staff', 'view', "
	    "'security', 'unit test', ?, ?, 'default', ?, ?, ?)");
	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_text(st, 4, status);
	db_bind_int(st, 5, from);
	if (grant_until)
		db_bind_int(st, 6, grant_until);
	else
		db_bind_null(st, 6);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
	id = db_last_id(s->db);
	st = db_prepare(s->db, "INSERT INTO request_cameras (request_id, camera) VALUES (?, 'gate')");
	db_bind_int(st, 1, id);
	assert_int_equal(db_run(st, s->db, &err), 0);
	db_finalize(st);
	return id;
}

static void
test_open_request_keeps_its_range(void **state)
{
	struct retention_report rep;
	int64_t now = T0 + 60 * RF_DAY;

	(void)state;
	tu_add_user(s, "tess", "staff", NULL);
	/* Submitted, over seq 2; granted until tomorrow, over seq 5; granted but the
	 * grant over and rejected, over seq 1 and 6: those do not keep anything. */
	request_on_gate("submitted", T0 + 4000 * RF_SEC, T0 + 5000 * RF_SEC, 0);
	request_on_gate("granted", T0 + 15000 * RF_SEC, T0 + 16000 * RF_SEC, now + RF_DAY);
	request_on_gate("granted", T0 + 100 * RF_SEC, T0 + 200 * RF_SEC, now - RF_DAY);
	request_on_gate("rejected", T0 + 19000 * RF_SEC, T0 + 20000 * RF_SEC, 0);
	assert_int_equal(run(now, 1, &rep), 0);
	assert_int_equal(rep.requested, 2);
	assert_int_equal(rep.held, 0);
	retention_report_free(&rep);
	assert_int_equal(run(now, 0, &rep), 0);
	assert_int_equal(rep.requested, 2);
	for (int i = 1; i <= 6; i++)
		assert_int_equal(rf_exists(s, gate[i]), i == 2 || i == 5);
	retention_report_free(&rep);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'retention.purge' AND detail LIKE '%requested=2'", NULL, 0), 1);

	/* Decided and over: the next pass takes them. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path, "UPDATE requests SET status = 'closed'"), 0);
	assert_int_equal(run(now, 0, &rep), 0);
	assert_int_equal(rep.segments, 2);
	assert_int_equal(kept("gate"), 0);
	retention_report_free(&rep);
}

static void
test_hold_on_another_camera_does_not_keep(void **state)
{
	struct retention_report rep;

	(void)state;
	rf_hold(s, "vault", T0, T0 + RF_DAY, 0);
	assert_int_equal(run(T0 + 60 * RF_DAY, 0, &rep), 0);
	assert_int_equal(kept("gate"), 0);
	assert_int_equal(kept("vault"), 2);
	retention_report_free(&rep);
}

static void
test_released_or_ended_hold_no_longer_keeps(void **state)
{
	struct retention_report rep;
	int64_t h1, h2;

	(void)state;
	h1 = rf_hold(s, "gate", T0, T0 + 3600 * RF_SEC, 0);
	h2 = rf_hold(s, "gate", T0 + 3600 * RF_SEC, T0 + 7200 * RF_SEC, T0 + 40 * RF_DAY);
	assert_int_equal(run(T0 + 35 * RF_DAY, 0, &rep), 0);
	assert_int_equal(kept("gate"), 2);	/* seq 1 and 2 held */
	retention_report_free(&rep);
	/* h2 ran out on day 40; h1 is released by governance. */
	{
		char *sql = xasprintf("UPDATE holds SET released_us = %lld WHERE id = %lld",
		    (long long)(T0 + 41 * RF_DAY), (long long)h1);

		assert_int_equal(tu_sql_raw(s->cfg.db_path, sql), 0);
		free(sql);
	}
	(void)h2;
	assert_int_equal(run(T0 + 41 * RF_DAY, 0, &rep), 0);
	assert_int_equal(kept("gate"), 0);
	/* The cuts merged into one run 1-6. */
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM segment_cuts WHERE camera = 'gate'",
	    NULL, 0), 1);
	assert_int_equal(db_scalar(s->db, "SELECT seq_from * 10 + seq_to FROM segment_cuts "
	    "WHERE camera = 'gate'", NULL, 0), 16);
	retention_report_free(&rep);
}

static void
test_policy_minimum_beats_a_lower_stored_retention(void **state)
{
	struct retention_report rep;

	(void)state;
	/* A table edited to 1 day does not shorten the policy's 90 for key_location. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path,
	    "UPDATE cameras SET retention_days = 1 WHERE id = 'vault'"), 0);
	assert_int_equal(run(T0 + 60 * RF_DAY, 0, &rep), 0);
	assert_int_equal(kept("vault"), 2);
	retention_report_free(&rep);
}

static void
test_user_without_capability_is_refused(void **state)
{
	struct retention_report rep;
	struct vg_actor *guard;
	struct vg_err err;

	(void)state;
	tu_add_user(s, "gary", "guard", NULL);
	guard = actor_load(s, "gary", "unit", &err);
	assert_non_null(guard);
	clock_set_fixed(T0 + 400 * RF_DAY);
	assert_int_equal(retention_run(s, guard, T0 + 400 * RF_DAY, 0, &rep, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "your roles cannot run or preview the deletion of expired footage");
	assert_int_equal(kept("gate"), 6);
	actor_free(guard);
}

static void
test_purge_cut_short_is_finished(void **state)
{
	struct vg_err err;

	(void)state;
	/* A crash after the rows were marked and one file unlinked. */
	assert_int_equal(tu_sql_raw(s->cfg.db_path,
	    "UPDATE segments SET state = 'garbage' WHERE camera = 'gate' AND seq <= 2"), 0);
	{
		char *p = vg_path_join(s->cfg.storage_dir, gate[1]);

		assert_int_equal(unlink(p), 0);
		free(p);
	}
	clock_set_fixed(T0 + RF_DAY);
	assert_int_equal(retention_finish(s, &err), 0);
	assert_int_equal(kept("gate"), 4);
	assert_int_equal(db_scalar(s->db, "SELECT COUNT(*) FROM segments WHERE state = 'garbage'",
	    NULL, -1), 0);
	assert_false(rf_exists(s, gate[2]));
	assert_int_equal(db_scalar(s->db, "SELECT seq_to FROM segment_cuts WHERE camera = 'gate'",
	    NULL, 0), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_goes_inside_retention, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_segments_go_and_are_audited, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_request_keeps_its_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held_range_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_on_another_camera_does_not_keep, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_released_or_ended_hold_no_longer_keeps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_policy_minimum_beats_a_lower_stored_retention,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_without_capability_is_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_purge_cut_short_is_finished, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
