/* test_review.c — the monthly review: findings from the records, answers, sign-off and its witness, the register, the audit log reader. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit-log.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/review.h"
#include "core/register.h"
#include "core/report.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define MIN (INT64_C(60) * 1000000)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC, a Monday */

static const char cameras[] =
    "cameras = (\n"
    "  { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://192.0.2.1/a\"; },\n"
    "  { id = \"yard\"; name = \"Yard\"; url = \"rtsp://192.0.2.1/b\"; }\n"
    ");\n";

struct fixture {
	struct vg_site	*s;
	struct vg_actor	*oh, *gu, *st, *it;
};

/* 2026-03-DD HH:MM UTC. */
static int64_t
at(int d, int h, int m)
{
	return time_from_ymd(2026, 3, d) + h * HOUR + m * MIN;
}

static void
sqlf(struct vg_site *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sqlf(struct vg_site *s, const char *fmt, ...)
{
	struct vg_err err;
	va_list ap;
	char *sql;

	va_start(ap, fmt);
	sql = xvasprintf(fmt, ap);
	va_end(ap);
	if (db_exec(s->db, sql, &err) != 0)
		vg_fatal("%s: %s", sql, err.msg);
	free(sql);
}

static int64_t
uid(struct vg_site *s, const char *login)
{
	return db_scalar(s->db, "SELECT id FROM users WHERE login = ?", login, 0);
}

/* A request of st for gate-1, as the procedure would have left it. */
static void
request(struct fixture *f, int n, int64_t created, const char *status, int64_t grant_until,
    int64_t report_due)
{
	char gu[24] = "NULL", rd[24] = "NULL";

	if (grant_until)
		snprintf(gu, sizeof gu, "%lld", (long long)grant_until);
	if (report_due)
		snprintf(rd, sizeof rd, "%lld", (long long)report_due);
	sqlf(f->s, "INSERT INTO requests (id, ref, requester_id, requester_kind, kind, purpose, "
	    "reason, from_us, to_us, policy, status, created_us, grant_until_us, report_due_us) "
	    "VALUES (%d, 'REQ-2026-%04d', %lld, 'staff', 'view', 'security_incident', 'x', %lld, "
	    "%lld, 'default', '%s', %lld, %s, %s)", n, n, (long long)uid(f->s, "st"),
	    (long long)at(1, 10, 0), (long long)at(1, 11, 0), status, (long long)created,
	    gu, rd);
	sqlf(f->s, "INSERT INTO request_cameras VALUES (%d, 'gate-1')", n);
}

static void
viewing(struct fixture *f, int id, int req, int64_t started, int64_t ended, int copied)
{
	sqlf(f->s, "INSERT INTO viewings (id, request_id, operator_id, started_us, ended_us, "
	    "not_involved, copied, recipient_name) VALUES (%d, %d, %lld, %lld, %lld, 1, %d, "
	    "'Officer Ma')", id, req, (long long)uid(f->s, "gu"), (long long)started,
	    (long long)ended, copied);
}

/*
 * March: four requests by one person for gate-1; viewings with and without
 * footage played, one at night, one handing a copy over with no export; an
 * export never downloaded; a usage report overdue; a grant that ran out
 * unused; five failed logins in a minute; the yard camera offline for 3 h.
 */
static struct fixture
fixture(void)
{
	struct fixture f;

	f.s = tu_site_cameras("default", cameras, NOW);
	f.oh = tu_person(f.s, "oh", "operations_head", NULL);
	f.gu = tu_person(f.s, "gu", "guard", NULL);
	f.st = tu_person(f.s, "st", "staff", NULL);
	f.it = tu_person(f.s, "it", "ict", NULL);
	request(&f, 1, at(2, 10, 0), "closed", at(9, 9, 0), 0);
	request(&f, 2, at(3, 10, 0), "granted", at(10, 9, 0), at(12, 22, 0));
	request(&f, 3, at(4, 10, 0), "granted", at(11, 9, 0), 0);
	request(&f, 4, at(5, 10, 0), "granted", at(12, 9, 0), 0);
	viewing(&f, 1, 1, at(2, 11, 0), at(2, 11, 30), 0);
	sqlf(f.s, "INSERT INTO viewing_ranges (viewing_id, camera, from_us, to_us, logged_us) "
	    "VALUES (1, 'gate-1', %lld, %lld, %lld)", (long long)at(1, 10, 0),
	    (long long)at(1, 10, 5), (long long)at(2, 11, 5));
	viewing(&f, 2, 2, at(5, 21, 0), at(5, 22, 0), 0);	/* at night, nothing played */
	viewing(&f, 3, 4, at(6, 10, 0), at(6, 10, 30), 1);	/* a copy handed over */
	sqlf(f.s, "INSERT INTO viewing_ranges (viewing_id, camera, from_us, to_us, logged_us) "
	    "VALUES (3, 'gate-1', %lld, %lld, %lld)", (long long)at(1, 10, 0),
	    (long long)at(1, 10, 5), (long long)at(6, 10, 5));
	viewing(&f, 4, 4, at(6, 14, 0), at(6, 14, 30), 1);	/* copied, then exported */
	sqlf(f.s, "INSERT INTO viewing_ranges (viewing_id, camera, from_us, to_us, logged_us) "
	    "VALUES (4, 'gate-1', %lld, %lld, %lld)", (long long)at(1, 10, 0),
	    (long long)at(1, 10, 5), (long long)at(7, 10, 5));
	sqlf(f.s, "INSERT INTO exports (name, request_id, seq, viewing_id, recipient_id, "
	    "created_us, expires_us, file, bytes, sha256) VALUES ('REQ-2026-0004-E1', 4, 1, 4, "
	    "%lld, %lld, %lld, 'REQ-2026-0004-E1.tar', 10, 'x')", (long long)uid(f.s, "st"),
	    (long long)at(7, 11, 0), (long long)at(21, 11, 0));
	for (int i = 0; i < 5; i++)
		sqlf(f.s, "INSERT INTO login_attempts (login, source, method, ts_us, ok) VALUES "
		    "('st', 'ssh 192.0.2.9', 'password', %lld, 0)", (long long)at(8, 10, i));
	sqlf(f.s, "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES ('yard', %lld, "
	    "'offline', 'no video for 10 s'), ('yard', %lld, 'online', '')",
	    (long long)at(9, 10, 0), (long long)at(9, 13, 0));
	return f;
}

static void
fixture_free(struct fixture *f)
{
	actor_free(f->oh);
	actor_free(f->gu);
	actor_free(f->st);
	actor_free(f->it);
	tu_site_close(f->s);
}

static const struct review_finding *
finding(const struct review *rv, const char *kind, const char *subject)
{
	for (size_t i = 0; i < rv->nfindings; i++)
		if (strcmp(rv->findings[i].kind, kind) == 0 &&
		    strcmp(rv->findings[i].subject, subject) == 0)
			return &rv->findings[i];
	return NULL;
}

static void
assert_finding(struct vg_site *s, const struct review *rv, const char *kind, const char *subject,
    const char *text)
{
	const struct review_finding *f = finding(rv, kind, subject);
	char *t;

	if (f == NULL)
		fail_msg("no finding %s on %s", kind, subject);
	t = review_finding_text(s, f);
	assert_contains(t, text);
	free(t);
}

static void
open_march(struct fixture *f, struct review *rv)
{
	struct vg_err err;

	clock_set_fixed(time_from_ymd(2026, 4, 2) + 10 * HOUR);
	assert_int_equal(review_open(f->s, f->oh, "2026-03", NULL, &err), 0);
	assert_int_equal(review_get(f->s, f->oh, "2026-03", rv, &err), 0);
}

static void
test_findings_from_the_records(void **state)
{
	struct fixture f = fixture();
	struct review rv;

	(void)state;
	open_march(&f, &rv);
	assert_int_equal(rv.state, REVIEW_OPEN);
	assert_true(rv.audit_ok);
	assert_int_equal(rv.footage_ok, -1);	/* no recorder in a unit test */
	assert_finding(f.s, &rv, "viewing_unplayed", "viewing 2", "viewing 2 of REQ-2026-0002, "
	    "run by gu from 2026-03-05 21:00:00 to 2026-03-05 22:00:00, played no footage");
	assert_null(finding(&rv, "viewing_unplayed", "viewing 1"));
	assert_finding(f.s, &rv, "viewing_after_hours", "viewing 2", "outside working hours "
	    "(mon-fri 07:00-19:00)");
	assert_finding(f.s, &rv, "copy_no_export", "viewing 3", "a copy was handed over to "
	    "Officer Ma at viewing 3 of REQ-2026-0004");
	assert_null(finding(&rv, "copy_no_export", "viewing 4"));
	assert_finding(f.s, &rv, "export_not_downloaded", "REQ-2026-0004-E1",
	    "has not been downloaded in full (0 attempts)");
	assert_finding(f.s, &rv, "report_overdue", "REQ-2026-0002", "the usage report of "
	    "REQ-2026-0002 by st was due 2026-03-12 22:00:00 and has not been filed");
	assert_finding(f.s, &rv, "grant_unused", "REQ-2026-0003", "ended 2026-03-11 09:00:00 "
	    "unused");
	assert_null(finding(&rv, "grant_unused", "REQ-2026-0001"));
	assert_finding(f.s, &rv, "repeat_requests", "st@gate-1", "st filed 4 requests for camera "
	    "gate-1 this month");
	assert_finding(f.s, &rv, "failed_logins", "st", "5 failed logins for st within 15 min");
	assert_finding(f.s, &rv, "camera_offline", "yard@2026-03-09T10:00:00Z", "camera yard was "
	    "offline for 3 h 0 min, from 2026-03-09 10:00:00 to 2026-03-09 13:00:00: no video for 10 s");
	/* Links name the audit objects and the entries that carry them. */
	assert_contains(finding(&rv, "viewing_unplayed", "viewing 2")->links, "viewing 2");
	assert_int_equal(rv.nfindings, 9);
	assert_int_equal(rv.open_findings, 9);
	review_free(&rv);
	fixture_free(&f);
}

static void
test_signoff_needs_answers_conclusion_and_the_month_over(void **state)
{
	struct fixture f = fixture();
	struct review rv;
	struct vg_err err;

	(void)state;
	clock_set_fixed(at(20, 10, 0));
	assert_int_equal(review_open(f.s, f.oh, "2026-03", NULL, &err), 0);
	assert_int_equal(review_signoff(f.s, f.oh, "2026-03", &err), -1);
	assert_contains(err.msg, "2026-03 has not ended yet");
	open_march(&f, &rv);
	assert_int_equal(review_signoff(f.s, f.oh, "2026-03", &err), -1);
	assert_contains(err.msg, "findings of 2026-03 are not answered yet");
	/* Only the reviewer's role answers; a note is required. */
	assert_int_equal(review_answer(f.s, f.gu, "2026-03", rv.findings[0].id, "accepted", "ok",
	    &err), -1);
	assert_contains(err.msg, "your roles cannot review and sign off the logs");
	assert_int_equal(review_answer(f.s, f.oh, "2026-03", rv.findings[0].id, "accepted", " ",
	    &err), -1);
	assert_contains(err.msg, "the note is required");
	for (size_t i = 0; i < rv.nfindings; i++)
		assert_int_equal(review_answer(f.s, f.oh, "2026-03", rv.findings[i].id,
		    i % 2 ? "accepted" : "follow-up", "looked at it", &err), 0);
	assert_int_equal(review_signoff(f.s, f.oh, "2026-03", &err), -1);
	assert_contains(err.msg, "has no conclusion yet");
	assert_int_equal(review_conclude(f.s, f.oh, "2026-03", "two follow-ups", &err), 0);
	/* A record the review does not have yet refuses the sign-off. */
	sqlf(f.s, "INSERT INTO login_attempts (login, source, method, ts_us, ok) SELECT 'gu', "
	    "'ssh 192.0.2.7', 'password', ts_us, 0 FROM login_attempts WHERE login = 'st'");
	assert_int_equal(review_signoff(f.s, f.oh, "2026-03", &err), -1);
	assert_contains(err.msg, "the records give 1 findings the review of 2026-03 does not have");
	sqlf(f.s, "DELETE FROM login_attempts WHERE login = 'gu'");
	assert_int_equal(review_signoff(f.s, f.oh, "2026-03", &err), 0);
	assert_int_equal(review_answer(f.s, f.oh, "2026-03", rv.findings[0].id, "accepted", "x",
	    &err), -1);
	assert_contains(err.msg, "was signed off on");
	assert_int_equal(review_open(f.s, f.oh, "2026-03", NULL, &err), -1);
	review_free(&rv);
	fixture_free(&f);
}

static void
sign_march(struct fixture *f)
{
	struct review rv;
	struct vg_err err;

	open_march(f, &rv);
	for (size_t i = 0; i < rv.nfindings; i++)
		assert_int_equal(review_answer(f->s, f->oh, "2026-03", rv.findings[i].id, "accepted",
		    "fine", &err), 0);
	assert_int_equal(review_conclude(f->s, f->oh, "2026-03", "in order", &err), 0);
	assert_int_equal(review_signoff(f->s, f->oh, "2026-03", &err), 0);
	review_free(&rv);
}

static void
test_signed_head_witnesses_a_rewrite(void **state)
{
	struct fixture f = fixture();
	struct review rv;
	struct vg_err err;
	char *db = xstrdup(db_path(f.s->db)), *sql;

	(void)state;
	sign_march(&f);
	assert_int_equal(review_get(f.s, f.oh, "2026-03", &rv, &err), 0);
	assert_int_equal(rv.state, REVIEW_SIGNED);
	assert_true(rv.head_ok);
	assert_true(rv.head.id > 0 && strlen(rv.head.sig) == 128);
	review_free(&rv);
	/* Someone with the database file rewrites an entry of the month. */
	sql = xasprintf("DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing' WHERE "
	    "action = 'review.open'");
	assert_int_equal(tu_sql_raw(db, sql), 0);
	assert_int_equal(review_get(f.s, f.oh, "2026-03", &rv, &err), 0);
	assert_false(rv.head_ok);
	assert_contains(rv.head_problem, "the audit log no longer matches the head signed at the "
	    "sign-off of 2026-03");
	assert_contains(rv.head_problem, "review.open on 2026-03) no longer gives the hash it was "
	    "written with");
	review_free(&rv);
	/* A forged signature on the head is caught too. */
	free(sql);
	sql = xasprintf("DROP TRIGGER reviews_signed; UPDATE reviews SET head_sig = "
	    "'00' || substr(head_sig, 3)");
	assert_int_equal(tu_sql_raw(db, sql), 0);
	assert_int_equal(review_get(f.s, f.oh, "2026-03", &rv, &err), 0);
	assert_false(rv.head_ok);
	assert_contains(rv.head_problem, "does not verify with the site key");
	review_free(&rv);
	free(sql);
	free(db);
	fixture_free(&f);
}

static void
test_rebuild_keeps_answers_and_marks_gone(void **state)
{
	struct fixture f = fixture();
	struct review rv;
	struct vg_err err;
	const struct review_finding *g;
	int64_t id;

	(void)state;
	open_march(&f, &rv);
	id = finding(&rv, "viewing_unplayed", "viewing 2")->id;
	assert_int_equal(review_answer(f.s, f.oh, "2026-03", id, "follow-up", "ask the guard",
	    &err), 0);
	review_free(&rv);
	/* The usage report is filed on time after all: that finding goes. */
	sqlf(f.s, "INSERT INTO usage_reports (request_id, filed_by, filed_us, text) VALUES (2, %lld, "
	    "%lld, 'done')", (long long)uid(f.s, "st"), (long long)at(12, 12, 0));
	assert_int_equal(review_open(f.s, f.oh, "2026-03", NULL, &err), 0);
	assert_int_equal(review_get(f.s, f.oh, "2026-03", &rv, &err), 0);
	g = finding(&rv, "report_overdue", "REQ-2026-0002");
	assert_non_null(g);
	assert_true(g->gone_us != 0);
	g = finding(&rv, "viewing_unplayed", "viewing 2");
	assert_string_equal(g->answer, "follow-up");
	assert_string_equal(g->note, "ask the guard");
	assert_int_equal(review_answer(f.s, f.oh, "2026-03", finding(&rv, "report_overdue",
	    "REQ-2026-0002")->id, "accepted", "x", &err), -1);
	assert_contains(err.msg, "is no longer found in the records and needs no answer");
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'review.rebuild' AND detail LIKE '%gone=1%'", NULL, 0), 1);
	review_free(&rv);
	fixture_free(&f);
}

static void
test_due_overdue_and_refusals(void **state)
{
	struct fixture f = fixture();
	struct vg_err err;
	char *line;

	(void)state;
	clock_set_fixed(time_from_ymd(2026, 4, 6) + 23 * HOUR);
	assert_null(review_due_line(f.s, f.oh));
	clock_set_fixed(time_from_ymd(2026, 4, 7));
	line = review_due_line(f.s, f.oh);
	assert_non_null(line);
	assert_string_equal(line, "the review of 2026-03 is not signed off (due 2026-04-07)");
	free(line);
	assert_null(review_due_line(f.s, f.gu));	/* only reviewers are told */
	assert_int_equal(review_open(f.s, f.oh, "2026-13", NULL, &err), -1);
	assert_contains(err.msg, "\"2026-13\" is not a month YYYY-MM");
	assert_int_equal(err.code, VG_USAGE);
	assert_int_equal(review_open(f.s, f.oh, "2026-05", NULL, &err), -1);
	assert_contains(err.msg, "2026-05 has not begun yet");
	assert_int_equal(review_open(f.s, f.oh, "2026-01", NULL, &err), -1);
	assert_contains(err.msg, "2026-01 is before the site's first month");
	assert_int_equal(review_open(f.s, f.it, "2026-03", NULL, &err), -1);
	assert_contains(err.msg, "your roles cannot review and sign off the logs");
	fixture_free(&f);
}

static void
test_doc_counts_match_the_records(void **state)
{
	struct fixture f = fixture();
	struct review rv;
	struct rpt_doc d;
	struct vg_err err;

	(void)state;
	open_march(&f, &rv);
	assert_int_equal(review_doc(f.s, f.oh, &rv, &d, &err), 0);
	for (size_t i = 0; i < d.ntables; i++) {
		if (strcmp(d.tables[i].id, "viewings") == 0)
			assert_int_equal(d.tables[i].nrows, 4);
		if (strcmp(d.tables[i].id, "requests") == 0)
			assert_int_equal(d.tables[i].nrows, 4);
		if (strcmp(d.tables[i].id, "findings") == 0)
			assert_int_equal(d.tables[i].nrows, rv.nfindings);
		if (strcmp(d.tables[i].id, "outages") == 0)
			assert_int_equal(d.tables[i].nrows, 1);
	}
	assert_int_equal(d.ncharts, 3);
	rpt_free(&d);
	review_free(&rv);
	fixture_free(&f);
}

/*---- The register ----*/

static void
test_register_renew_revoke(void **state)
{
	struct fixture f = fixture();
	struct reg_entry *v;
	struct vg_err err;
	int64_t until;
	size_t n;
	char d[32];

	(void)state;
	/* In August the authorisations end at the start of the school year (09-01). */
	clock_set_fixed(time_from_ymd(2026, 8, 10));
	assert_int_equal(register_expiring_count(f.s, f.oh), 4);
	assert_int_equal(register_expiring_count(f.s, f.gu), 0);
	assert_int_equal(register_renew(f.s, f.oh, "gu", 0, NULL, &until, &err), 0);
	assert_string_equal(time_fmt_date(until, d), "2027-09-01");
	assert_int_equal(register_expiring_count(f.s, f.oh), 3);
	v = register_list(f.s, f.oh, &n, &err);
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].login, "gu") == 0)
			assert_int_equal(v[i].state, v[i].renews ? REG_VALID : REG_RENEWED);
	register_free(v, n);
	assert_int_equal(register_renew(f.s, f.gu, "st", 0, NULL, &until, &err), -1);
	assert_contains(err.msg, "your roles cannot keep the authorised-personnel register");
	assert_int_equal(register_revoke(f.s, f.oh, "st", "", &err), -1);
	assert_contains(err.msg, "the reason is required");
	assert_int_equal(register_revoke(f.s, f.oh, "st", "left the school", &err), 0);
	assert_false(actor_authorized(f.s, f.st));
	assert_int_equal(register_revoke(f.s, f.oh, "st", "again", &err), -1);
	assert_contains(err.msg, "st holds no valid authorisation to revoke");
	assert_int_equal(register_renew(f.s, f.oh, "st", 0, NULL, &until, &err), -1);
	assert_contains(err.msg, "the last authorisation of st was revoked");
	assert_int_equal(register_renew(f.s, f.oh, "nobody", 0, NULL, &until, &err), -1);
	assert_contains(err.msg, "no user \"nobody\"");
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action IN "
	    "('register.renew', 'register.revoke')", NULL, 0), 2);
	fixture_free(&f);
}

/*---- The audit log reader ----*/

static void
test_audit_log_pages_and_filters(void **state)
{
	struct fixture f = fixture();
	struct audit_filter flt;
	struct audit_page p;
	struct vg_err err;
	int64_t cursor = 0, seen = 0, last = 0;
	size_t got;

	(void)state;
	for (int i = 0; i < 30; i++) {
		assert_int_equal(site_begin(f.s, &err), 0);
		assert_int_equal(audit_appendf(f.s, "gu", i % 3 ? "duty.event" : "room.enter",
		    i % 2 ? "REQ-2026-0007" : "shift 1", "test", &err, "n=%d", i), 0);
		assert_int_equal(site_commit(f.s, &err), 0);
	}
	memset(&flt, 0, sizeof flt);
	flt.action = "duty.";
	/* Pages of 7, oldest first, each continuing from the last key. */
	do {
		assert_int_equal(audit_log_page(f.s, f.oh, &flt, cursor, 0, 7, &p, &err), 0);
		for (size_t i = 0; i < p.n; i++) {
			assert_string_equal(p.v[i].action, "duty.event");
			assert_true(p.v[i].id > last);
			last = cursor = p.v[i].id;
			seen++;
		}
		assert_true(p.n <= 7);
		got = p.n;
		audit_page_free(&p);
	} while (got > 0);
	assert_int_equal(seen, 20);
	assert_int_equal(audit_log_count(f.s, f.oh, &flt, &err), 20);
	flt.object = "2026-0007";
	flt.actor = "gu";
	assert_int_equal(audit_log_count(f.s, f.oh, &flt, &err), 10);
	/* Newest first, from before a key. */
	assert_int_equal(audit_log_page(f.s, f.oh, &flt, 0, 1, 3, &p, &err), 0);
	assert_int_equal(p.n, 3);
	assert_true(p.more);
	assert_true(p.v[0].id > p.v[1].id);
	audit_page_free(&p);
	/* % and _ are text, not patterns. */
	flt.object = "%";
	assert_int_equal(audit_log_count(f.s, f.oh, &flt, &err), 0);
	assert_int_equal(audit_log_page(f.s, f.gu, &flt, 0, 0, 5, &p, &err), -1);
	assert_contains(err.msg, "your roles cannot read the audit record and viewers' ID numbers in full");
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings_from_the_records),
		cmocka_unit_test(test_signoff_needs_answers_conclusion_and_the_month_over),
		cmocka_unit_test(test_signed_head_witnesses_a_rewrite),
		cmocka_unit_test(test_rebuild_keeps_answers_and_marks_gone),
		cmocka_unit_test(test_due_overdue_and_refusals),
		cmocka_unit_test(test_doc_counts_match_the_records),
		cmocka_unit_test(test_register_renew_revoke),
		cmocka_unit_test(test_audit_log_pages_and_filters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
