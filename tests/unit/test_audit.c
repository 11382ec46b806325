/* test_audit.c — the audit chain catches edits, deletions and a cut tail. */
#include "tests/unit/testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"

static struct vg_site *s;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_site_close(s);
	return 0;
}

static void
append_n(int n)
{
	struct vg_err err;

	for (int i = 0; i < n; i++) {
		assert_int_equal(site_begin(s, &err), 0);
		assert_int_equal(audit_appendf(s, "tester", "test.event", "obj", "unit", &err,
		    "n=%d; text=line one\nline two", i), 0);
		assert_int_equal(site_commit(s, &err), 0);
	}
}

/* Raw tampering as someone with the database file would do it. */
static void
tamper(const char *sql)
{
	char *full = xasprintf("DROP TRIGGER IF EXISTS audit_no_update; "
	    "DROP TRIGGER IF EXISTS audit_no_delete; %s", sql);

	assert_int_equal(tu_sql_raw(s->cfg.db_path, full), 0);
	free(full);
}

static void
test_intact_chain_verifies(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(5);
	assert_int_equal(audit_verify(s, &rep, &err), 0);
	assert_int_equal(rep.entries, 6);	/* site.init + 5 */
	assert_int_equal(strlen(rep.head), 64);
	assert_int_equal(rep.head_id, 6);
}

static void
test_triggers_refuse_update_and_delete(void **state)
{
	struct vg_err err;

	(void)state;
	append_n(1);
	assert_int_not_equal(db_exec(s->db, "UPDATE audit SET actor = 'x' WHERE id = 1", &err), 0);
	assert_contains(err.msg, "append-only");
	assert_int_not_equal(db_exec(s->db, "DELETE FROM audit WHERE id = 1", &err), 0);
	assert_contains(err.msg, "append-only");
}

static void
test_changed_field_is_named(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(4);
	tamper("UPDATE audit SET detail = 'n=99' WHERE id = 3;");
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "audit entry 3 ");
	assert_contains(err.msg, "altered");
}

static void
test_changed_actor_or_time_is_caught(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(3);
	tamper("UPDATE audit SET ts_us = ts_us + 1 WHERE id = 2;");
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "audit entry 2 ");
}

static void
test_deleted_row_is_named(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(4);
	tamper("DELETE FROM audit WHERE id = 3;");
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "audit entry 3 is missing");
}

static void
test_cut_tail_is_caught_by_anchor(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(6);
	tamper("DELETE FROM audit WHERE id > 4;");
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "has been cut");
	assert_contains(err.msg, "records entry 7");
	assert_contains(err.msg, "ends at entry 4");
}

static void
test_missing_or_forged_anchor(void **state)
{
	char *anchor = xasprintf("%s/audit.anchor", s->cfg.data_dir);
	struct audit_report rep;
	struct vg_err err;
	char *text;

	(void)state;
	append_n(2);
	text = vg_read_file(anchor, NULL, 4096, &err);
	assert_non_null(text);
	/* A forged anchor (an older id with a stale signature) is refused. */
	text[strlen("vigil-audit-anchor-v1\nid=")] = '1';
	tu_write(anchor, text);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "signature does not verify");
	unlink(anchor);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "anchor");
	assert_contains(err.msg, "missing");
	free(text);
	free(anchor);
}

/* An attacker who edits a row and recomputes every later hash is still caught. */
static void
test_rehashed_chain_is_caught(void **state)
{
	struct audit_report rep;
	struct vg_err err;
	struct vg_stmt *st;
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	struct vg_buf sql;

	(void)state;
	append_n(3);
	buf_init(&sql);
	buf_puts(&sql, "UPDATE audit SET detail = 'forged' WHERE id = 2;");
	st = db_prepare(s->db, "SELECT id, ts_us, kind, actor, action, object, detail, source "
	    "FROM audit ORDER BY id");
	while (db_step(st) == DB_ROW) {
		struct vg_buf c;
		char hex[65];
		int64_t id = db_col_int(st, 0);

		buf_init(&c);
		audit_canonical(&c, id, db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3),
		    db_col_text(st, 4), db_col_text(st, 5), id == 2 ? "forged" : db_col_text(st, 6),
		    db_col_text(st, 7));
		tu_audit_link(prev, &c, hex);
		buf_printf(&sql, "UPDATE audit SET prev_hash = '%s', hash = '%s' WHERE id = %lld;",
		    prev, hex, (long long)id);
		memcpy(prev, hex, 65);
		buf_free(&c);
	}
	db_finalize(st);
	tamper(sql.s);
	buf_free(&sql);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "audit entry 2 ");
	assert_contains(err.msg, "signature does not verify");
}

static void
test_seals_are_signed_and_checked(void **state)
{
	struct audit_report rep;
	struct vg_err err;
	int64_t seal;

	(void)state;
	s->cfg.audit_seal_every = 3;
	append_n(7);
	assert_int_equal(audit_verify(s, &rep, &err), 0);
	assert_true(rep.seals >= 2);
	seal = db_scalar(s->db, "SELECT MIN(id) FROM audit WHERE kind = 'seal'", NULL, 0);
	assert_true(seal > 0);
	{
		char *sql = xasprintf("UPDATE audit SET sig = replace(sig, substr(sig, 1, 2), "
		    "CASE substr(sig, 1, 2) WHEN 'aa' THEN 'bb' ELSE 'aa' END) WHERE id = %lld;",
		    (long long)seal);

		tamper(sql);
		free(sql);
	}
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "seal's signature does not verify");
}

static void
test_anchor_never_moves_backwards(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(3);
	/* A late writer with an older entry must not pull the anchor back. */
	assert_int_equal(audit_publish_head(s, 1, "00", &err), 0);
	assert_int_equal(audit_verify(s, &rep, &err), 0);
}


/* Issue 16 item 2: a row appended without the key never verifies. */
static void
test_appended_unsigned_row_fails_verify(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(2);
	assert_int_equal(audit_verify(s, &rep, &err), 0);
	assert_int_equal(rep.signed_entries, 3);
	tu_audit_forge(s, "user.add", "mallory", "roles=ict", 0);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "audit entry 4 ");
	assert_contains(err.msg, "carries no signature");
}

static void
test_row_signed_with_another_key_fails_verify(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(1);
	tu_audit_forge(s, "user.add", "mallory", "roles=ict", 1);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "audit entry 3 ");
	assert_contains(err.msg, "signature does not verify");
}

/* The signer checks the newest row before it signs anything after it. */
static void
test_signer_refuses_to_build_on_a_forged_row(void **state)
{
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(1);
	tu_audit_forge(s, "user.add", "mallory", "roles=ict", 0);
	assert_int_equal(site_begin(s, &err), 0);
	assert_int_equal(audit_append(s, "tester", "test.event", "obj", "", "unit", &err), -1);
	site_rollback(s);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "newest audit entry (3, user.add on mallory) was not written by vigil");
	/* and the forged row stays the last one: nothing signed over it */
	assert_int_equal(db_scalar(s->db, "SELECT MAX(id) FROM audit", NULL, 0), 3);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
}

/* One entry checked on its own (footage.heads, request.grant). */
static void
test_entry_find_checks_the_entry(void **state)
{
	struct audit_entry e;
	struct vg_err err;

	(void)state;
	append_n(2);
	assert_int_equal(audit_entry_find(s, "test.event", "obj", &e, &err), 1);
	assert_contains(e.detail, "n=1");
	audit_entry_free(&e);
	assert_int_equal(audit_entry_find(s, "test.event", "nothing", &e, &err), 0);
	tu_audit_forge(s, "test.event", "obj", "n=forged", 0);
	assert_int_equal(audit_entry_find(s, "test.event", "obj", &e, &err), -1);
	assert_contains(err.msg, "audit entry 4 is not signed");
	audit_entry_free(&e);
}

/* Issue 16 item 9: the witness file outlives a rollback of data/ with its anchor. */
static void
test_witness_catches_a_rollback(void **state)
{
	char *db = xstrdup(s->cfg.db_path), *anchor = xasprintf("%s/audit.anchor", s->cfg.data_dir);
	char *cfg = xstrdup(s->cfg.path), *old_anchor, *cmd;
	struct audit_report rep;
	struct vg_err err;

	(void)state;
	append_n(2);
	assert_int_equal(audit_verify(s, &rep, &err), 0);
	assert_int_equal(rep.witnessed, 3);
	old_anchor = vg_read_file(anchor, NULL, 4096, &err);
	cmd = xasprintf("cp '%s' '%s.old'", db, db);
	assert_int_equal(db_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", &err), 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	append_n(2);
	/* put back the old database and its anchor, as one copy of data/ */
	site_close(s);
	cmd = xasprintf("cp '%s.old' '%s' && rm -f '%s-wal' '%s-shm'", db, db, db, db);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	tu_write(anchor, old_anchor);
	free(old_anchor);
	assert_int_equal(site_open(cfg, 0, &s, &err), 0);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "records entry 4, but the log ends at entry 3");
	assert_contains(err.msg, "rolled back");
	/* and written again after the rollback: the same ids, other rows */
	append_n(3);
	assert_int_equal(audit_verify(s, &rep, &err), -1);
	assert_contains(err.msg, "audit entry 4 is not the one the witness");
	free(anchor);
	free(cfg);
	free(db);
}

/* The optional witness command gets each signed head, verifiable with signing.pub. */
static void
test_witness_command_gets_each_head(void **state)
{
	char *out = xasprintf("%s/witness-remote", s->cfg.data_dir), *text, *line;
	char hash[65], sig[129], msg[160];
	long long id;
	uint8_t sigb[64];
	struct vg_err err;

	(void)state;
	free(s->cfg.audit_witness_command);
	s->cfg.audit_witness_command = xasprintf("cat >> '%s'", out);
	append_n(2);
	text = vg_read_file(out, NULL, 65536, &err);
	assert_non_null(text);
	line = strrchr(text, 'v');
	while (line > text && line[-1] != '\n')
		line--;
	assert_int_equal(sscanf(line, "vigil-audit-anchor-v1 id=%lld hash=%64s sig=%128s", &id,
	    hash, sig), 3);
	assert_int_equal(id, 3);
	snprintf(msg, sizeof msg, "vigil-audit-anchor-v1\n%lld\n%s", id, hash);
	assert_int_equal(vg_unhex(sig, sigb, 64), 0);
	assert_int_equal(crypto_sign_verify_detached(sigb, (uint8_t *)msg, strlen(msg),
	    s->sign_pk), 0);
	free(text);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intact_chain_verifies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appended_unsigned_row_fails_verify, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_row_signed_with_another_key_fails_verify, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_signer_refuses_to_build_on_a_forged_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_entry_find_checks_the_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_witness_catches_a_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_witness_command_gets_each_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_field_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_actor_or_time_is_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_row_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_tail_is_caught_by_anchor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_or_forged_anchor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_chain_is_caught, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seals_are_signed_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor_never_moves_backwards, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
