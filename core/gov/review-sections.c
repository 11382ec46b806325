/* review-sections.c — what a month's review shows: each log of the month as a table, the charts, the facts. */
#include "core/gov/review-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/camera-events.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/gov/records.h"
#include "core/gov/requests.h"
#include "core/i18n.h"
#include "core/register.h"
#include "core/report.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define DAY_US (INT64_C(86400) * VG_USEC_PER_SEC)

struct sec {
	struct vg_site	*s;
	struct rpt_doc	*d;
	int64_t		 from, to, end;	/* end: min(to, now) */
	int64_t		 req_week[6], view_week[6];	/* per 7 days from the 1st */
};

static const char *
tm(int64_t us, char out[32])
{
	return us ? time_fmt(us, out) : "-";
}

static int
week_of(const struct sec *c, int64_t us)
{
	int w = (int)((us - c->from) / (7 * DAY_US));

	return w < 0 ? 0 : w > 4 ? 4 : w;
}

static struct vg_stmt *
month_stmt(const struct sec *c, const char *sql)
{
	struct vg_stmt *st = db_prepare(c->s->db, sql);

	db_bind_int(st, 1, c->from);
	db_bind_int(st, 2, c->to);
	return st;
}

/* "a, b" of a one-column query with one integer parameter. */
static char *
joined(struct vg_site *s, const char *sql, int64_t id)
{
	struct vg_stmt *st = db_prepare(s->db, sql);
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW)
		buf_printf(&b, "%s%s", b.len ? ", " : "", db_col_text(st, 0));
	db_finalize(st);
	return buf_steal(&b);
}

/*---- Requests and approvals ----*/

static const char *
purpose_title(struct vg_site *s, const char *id)
{
	const struct pol_purpose *p = policy_purpose(s->pol, id);

	if (p == NULL)
		return id;
	return strcmp(i18n_language(), "zh_CN") == 0 && p->title.zh ? p->title.zh : p->title.en;
}

static const char *
status_name(const char *code, int64_t grant_until, int64_t now)
{
	for (int i = REQ_DRAFT; i <= REQ_EXPIRED; i++)
		if (strcmp(requests_status_code((enum req_status)i), code) == 0) {
			if (i == REQ_GRANTED && grant_until != 0 && grant_until <= now)
				return requests_status_name(REQ_EXPIRED);
			return requests_status_name((enum req_status)i);
		}
	return code;
}

/* Adds one to a label's count in a small counting table. */
struct tally {
	char	*label[32];
	int64_t	 n[32];
	size_t	 len;
};

static void
tally_add(struct tally *t, const char *label)
{
	for (size_t i = 0; i < t->len; i++)
		if (strcmp(t->label[i], label) == 0) {
			t->n[i]++;
			return;
		}
	if (t->len < VG_ARRLEN(t->label)) {
		t->label[t->len] = xstrdup(label);
		t->n[t->len++] = 1;
	}
}

static void
tally_table(struct rpt_doc *d, struct tally *t, const char *id, const char *title,
    const char *col)
{
	struct rpt_table *tb = rpt_table(d, id, title, 2, col, _("COUNT"));

	for (size_t i = 0; i < t->len; i++) {
		char n[24];

		snprintf(n, sizeof n, "%lld", (long long)t->n[i]);
		rpt_row(tb, t->label[i], n);
		free(t->label[i]);
	}
}

static void
sec_requests(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT r.id, r.ref, r.created_us, u.login, r.kind, "
	    "r.purpose, r.status, COALESCE(r.grant_until_us, 0), r.requester_kind FROM requests r "
	    "JOIN users u ON u.id = r.requester_id WHERE r.created_us >= ? AND r.created_us < ? "
	    "ORDER BY r.id");
	struct rpt_table *t = rpt_table(c->d, "requests", _("Requests filed"), 7, _("REQUEST"),
	    _("FILED"), _("BY"), _("KIND"), _("PURPOSE"), _("CAMERAS"), _("STATUS"));
	struct tally by_status = { .len = 0 }, by_purpose = { .len = 0 };
	int64_t now = clock_now();

	while (db_step(st) == DB_ROW) {
		char t1[32], *cams = joined(c->s, "SELECT camera FROM request_cameras WHERE "
		    "request_id = ? ORDER BY camera", db_col_int(st, 0));
		const char *status = status_name(db_col_text(st, 6), db_col_int(st, 7), now);
		const char *purpose = purpose_title(c->s, db_col_text(st, 5));

		rpt_row(t, db_col_text(st, 1), tm(db_col_int(st, 2), t1), db_col_text(st, 3),
		    db_col_text(st, 4), purpose, cams, status);
		tally_add(&by_status, status);
		tally_add(&by_purpose, purpose);
		c->req_week[week_of(c, db_col_int(st, 2))]++;
		free(cams);
	}
	db_finalize(st);
	tally_table(c->d, &by_status, "requests_by_status", _("Requests by status"), _("STATUS"));
	tally_table(c->d, &by_purpose, "requests_by_purpose", _("Requests by purpose"),
	    _("PURPOSE"));
}

static void
sec_approvals(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT r.ref, a.step, u.login, a.signer_role, "
	    "a.decision, a.decided_us, COALESCE(a.comment, '') FROM approvals a JOIN requests r ON "
	    "r.id = a.request_id JOIN users u ON u.id = a.signer_id WHERE a.decided_us >= ? AND "
	    "a.decided_us < ? ORDER BY a.decided_us, a.id");
	struct rpt_table *t = rpt_table(c->d, "approvals", _("Approval decisions"), 7,
	    _("REQUEST"), _("STEP"), _("SIGNER"), _("ROLE"), _("DECISION"), _("WHEN"),
	    _("COMMENT"));

	while (db_step(st) == DB_ROW) {
		char step[16], t1[32];

		snprintf(step, sizeof step, "%lld", (long long)db_col_int(st, 1));
		rpt_row(t, db_col_text(st, 0), step, db_col_text(st, 2), db_col_text(st, 3),
		    strcmp(db_col_text(st, 4), "approved") == 0 ? _("approved") : _("rejected"),
		    tm(db_col_int(st, 5), t1), db_col_text(st, 6));
	}
	db_finalize(st);
}

/*---- Viewings, exports, downloads, holds, purges ----*/

static char *
played_ranges(struct vg_site *s, int64_t viewing_id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT camera, from_us, to_us FROM viewing_ranges "
	    "WHERE viewing_id = ? ORDER BY camera, from_us");
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	db_bind_int(st, 1, viewing_id);
	while (db_step(st) == DB_ROW) {
		char t1[32], t2[32];

		buf_printf(&b, "%s%s %s–%s", b.len ? "; " : "", db_col_text(st, 0),
		    time_fmt(db_col_int(st, 1), t1), time_fmt(db_col_int(st, 2), t2) + 11);
	}
	db_finalize(st);
	return buf_steal(&b);
}

static char *
viewing_destination(struct vg_stmt *st)
{
	if (db_col_int(st, 8))
		return xasprintf(_("copy to %s (%s, %s)"), db_col_text(st, 7), db_col_text(st, 9),
		    db_col_text(st, 10));
	return xstrdup(db_col_text(st, 7)[0] ? db_col_text(st, 7) : "-");
}

static void
sec_viewings(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT v.id, r.ref, r.purpose, u.login, v.started_us, "
	    "COALESCE(v.ended_us, 0), r.kind, v.destination, v.copied, v.recipient_name, "
	    "v.recipient_id FROM viewings v JOIN requests r ON r.id = v.request_id JOIN users u ON "
	    "u.id = v.operator_id WHERE v.started_us >= ? AND v.started_us < ? ORDER BY v.id");
	struct rpt_table *t = rpt_table(c->d, "viewings", _("Viewings"), 9, _("VIEWING"),
	    _("REQUEST"), _("PURPOSE"), _("OPERATOR"), _("VIEWERS"), _("STARTED"), _("ENDED"),
	    _("PLAYED"), _("DESTINATION"));

	while (db_step(st) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		char sid[24], t1[32], t2[32], *people = joined(c->s, "SELECT name || ' (' || "
		    "id_number || ')' FROM viewing_people WHERE viewing_id = ? ORDER BY seq", id);
		char *played = played_ranges(c->s, id), *dest = viewing_destination(st);

		snprintf(sid, sizeof sid, "%lld", (long long)id);
		rpt_row(t, sid, db_col_text(st, 1), purpose_title(c->s, db_col_text(st, 2)),
		    db_col_text(st, 3), people, tm(db_col_int(st, 4), t1), tm(db_col_int(st, 5), t2),
		    played[0] ? played : _("nothing played"), dest);
		c->view_week[week_of(c, db_col_int(st, 4))]++;
		free(people);
		free(played);
		free(dest);
	}
	db_finalize(st);
}

static void
sec_exports(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT e.name, r.ref, u.login, e.created_us, "
	    "e.expires_us, COALESCE(e.revoked_us, 0), (SELECT COUNT(*) FROM downloads d WHERE "
	    "d.export_id = e.id AND d.complete = 1) FROM exports e JOIN requests r ON r.id = "
	    "e.request_id JOIN users u ON u.id = e.recipient_id WHERE e.created_us >= ? AND "
	    "e.created_us < ? ORDER BY e.id");
	struct rpt_table *t = rpt_table(c->d, "exports", _("Exports made"), 6, _("EXPORT"),
	    _("REQUEST"), _("RECIPIENT"), _("MADE"), _("STATE"), _("DOWNLOADED"));

	while (db_step(st) == DB_ROW) {
		char t1[32], n[24];
		const char *state = db_col_int(st, 5) ? _("revoked") :
		    db_col_int(st, 4) <= clock_now() ? _("expired") : _("ready");

		snprintf(n, sizeof n, "%lld", (long long)db_col_int(st, 6));
		rpt_row(t, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		    tm(db_col_int(st, 3), t1), state, n);
	}
	db_finalize(st);
}

static void
sec_downloads(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT e.name, u.login, d.protocol, d.source, "
	    "d.started_us, d.bytes, d.complete FROM downloads d JOIN exports e ON e.id = "
	    "d.export_id JOIN users u ON u.id = d.user_id WHERE d.started_us >= ? AND "
	    "d.started_us < ? ORDER BY d.id");
	struct rpt_table *t = rpt_table(c->d, "downloads", _("Downloads of exports"), 6,
	    _("EXPORT"), _("WHO"), _("PROTOCOL"), _("FROM"), _("WHEN"), _("BYTES"));

	while (db_step(st) == DB_ROW) {
		char t1[32], *bytes = xasprintf("%lld%s", (long long)db_col_int(st, 5),
		    db_col_int(st, 6) ? "" : _(" (incomplete)"));

		rpt_row(t, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), tm(db_col_int(st, 4), t1), bytes);
		free(bytes);
	}
	db_finalize(st);
}

static void
sec_holds(struct sec *c)
{
	struct vg_stmt *st = db_prepare(c->s->db, "SELECT h.id, h.category, h.placed_us, "
	    "COALESCE(p.login, 'vigil'), COALESCE(h.released_us, h.closed_us, 0), "
	    "COALESCE(q.login, w.login, ''), h.reason FROM holds h LEFT JOIN users p ON p.id = "
	    "h.placed_by LEFT JOIN users q ON q.id = h.released_by LEFT JOIN users w ON w.id = "
	    "h.closed_by WHERE (h.placed_us >= ? AND h.placed_us < ?) OR (h.released_us >= ? AND "
	    "h.released_us < ?) OR (h.closed_us >= ? AND h.closed_us < ?) ORDER BY h.id");
	struct rpt_table *t = rpt_table(c->d, "holds", _("Holds placed or released"), 7,
	    _("HOLD"), _("CATEGORY"), _("CAMERAS"), _("PLACED"), _("BY"), _("RELEASED"),
	    _("REASON"));

	for (int i = 0; i < 3; i++) {
		db_bind_int(st, 2 * i + 1, c->from);
		db_bind_int(st, 2 * i + 2, c->to);
	}
	while (db_step(st) == DB_ROW) {
		char id[24], t1[32], t2[32], *cams = joined(c->s, "SELECT camera FROM hold_cameras "
		    "WHERE hold_id = ? ORDER BY camera", db_col_int(st, 0));
		char *placed = xasprintf("%s", tm(db_col_int(st, 2), t1));
		char *rel = db_col_int(st, 4) ? xasprintf("%s (%s)", tm(db_col_int(st, 4), t2),
		    db_col_text(st, 5)) : xstrdup("-");

		snprintf(id, sizeof id, "%lld", (long long)db_col_int(st, 0));
		rpt_row(t, id, db_col_text(st, 1), cams, placed, db_col_text(st, 3), rel,
		    db_col_text(st, 6));
		free(cams);
		free(placed);
		free(rel);
	}
	db_finalize(st);
}

/* "key=value; ..." → value of key (into out). */
static const char *
detail_get(const char *detail, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	const char *p = detail;

	out[0] = '\0';
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, key, kl) == 0 && p[kl] == '=') {
			const char *e = strchr(p, ';');
			size_t l = e ? (size_t)(e - p - kl - 1) : strlen(p + kl + 1);

			snprintf(out, n, "%.*s", (int)l, p + kl + 1);
			break;
		}
		p = strchr(p, ';');
	}
	return out;
}

static void
sec_purges(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT ts_us, object, detail, actor FROM audit WHERE "
	    "ts_us >= ? AND ts_us < ? AND action = 'retention.purge' ORDER BY id");
	struct rpt_table *t = rpt_table(c->d, "purges", _("Retention purges"), 6, _("WHEN"),
	    _("CAMERA"), _("SEGMENTS"), _("BYTES"), _("ENDED BEFORE"), _("BY"));

	while (db_step(st) == DB_ROW) {
		char t1[32], segs[32], bytes[32], before[40];
		const char *d = db_col_text(st, 2);

		rpt_row(t, tm(db_col_int(st, 0), t1), db_col_text(st, 1),
		    detail_get(d, "segments", segs, sizeof segs),
		    detail_get(d, "bytes", bytes, sizeof bytes),
		    detail_get(d, "ended_before", before, sizeof before), db_col_text(st, 3));
	}
	db_finalize(st);
}

/*---- Logins, cameras, changes ----*/

/* Logins of note: failed, refused while locked out, and logins outside
 * working hours (registration ch. 4 §3.2: access is traceable). */
static void
sec_logins(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT ts_us, actor, source, action, detail FROM audit "
	    "WHERE ts_us >= ? AND ts_us < ? AND action IN ('auth.login.ok', 'auth.login.fail') "
	    "ORDER BY id");
	struct rpt_table *t = rpt_table(c->d, "logins", _("Logins of note"), 4, _("WHEN"),
	    _("LOGIN"), _("FROM"), _("WHAT"));
	int64_t ok = 0, failed = 0, locked = 0, late = 0;

	while (db_step(st) == DB_ROW) {
		int fail = strcmp(db_col_text(st, 3), "auth.login.fail") == 0;
		int lock = fail && strstr(db_col_text(st, 4), "reason=locked out") != NULL;
		int outside = !fail && !config_working_time(&c->s->cfg, db_col_int(st, 0));
		char t1[32];

		ok += !fail;
		failed += fail && !lock;
		locked += lock;
		late += outside;
		if (fail || outside)
			rpt_row(t, tm(db_col_int(st, 0), t1), db_col_text(st, 1), db_col_text(st, 2),
			    lock ? _("refused: locked out") : fail ? _("failed") :
			    _("logged in outside working hours"));
	}
	db_finalize(st);
	rpt_fact(c->d, _("Logins"), 0, _("%lld logged in (%lld outside working hours), %lld "
	    "failed, %lld refused while locked out"), (long long)ok, (long long)late,
	    (long long)failed, (long long)locked);
}

static const char *
outage_label(const char *kind)
{
	return strcmp(kind, "offline") == 0 ? _("offline") : strcmp(kind, "covered") == 0 ?
	    _("covered") : _("moved");
}

static void
sec_outages(struct sec *c)
{
	size_t n;
	struct review_outage *o = review_outages(c->s, c->from, c->end, &n);
	struct rpt_table *t = rpt_table(c->d, "outages", _("Camera outages and tamper alarms"), 6,
	    _("CAMERA"), _("STATE"), _("FROM"), _("TO"), _("FOR"), _("REASON"));

	for (size_t i = 0; i < n; i++) {
		int64_t from = o[i].from_us > c->from ? o[i].from_us : c->from;
		int64_t to = o[i].to_us && o[i].to_us < c->end ? o[i].to_us : c->end;
		char t1[32], t2[32], span[48];

		rpt_row(t, o[i].camera, outage_label(o[i].kind), tm(o[i].from_us, t1),
		    o[i].to_us ? tm(o[i].to_us, t2) : _("not yet ended"),
		    time_fmt_span(to - from, span), o[i].reason);
	}
	review_outages_free(o, n);
}

/* Uptime: the share of the month (so far) each camera was not offline. */
static void
chart_uptime(struct sec *c)
{
	struct rpt_chart *ch = rpt_chart(c->d, "uptime", _("Camera uptime this month"), "%",
	    NULL, NULL);
	struct vg_stmt *st = db_prepare(c->s->db, "SELECT id FROM cameras WHERE removed_us IS "
	    "NULL ORDER BY id");
	size_t n;
	struct review_outage *o = review_outages(c->s, c->from, c->end, &n);
	int64_t span = c->end - c->from;

	while (db_step(st) == DB_ROW) {
		int64_t down = 0;

		for (size_t i = 0; i < n; i++) {
			int64_t a = o[i].from_us > c->from ? o[i].from_us : c->from;
			int64_t b = o[i].to_us && o[i].to_us < c->end ? o[i].to_us : c->end;

			if (strcmp(o[i].camera, db_col_text(st, 0)) == 0 &&
			    strcmp(o[i].kind, "offline") == 0 && b > a)
				down += b - a;
		}
		rpt_bar(ch, db_col_text(st, 0), span > 0 ? (double)(int64_t)(1000.0 *
		    (double)(span - down) / (double)span) / 10.0 : 100.0, 0);
	}
	db_finalize(st);
	review_outages_free(o, n);
}

/* GCU art. 7, DLUT art. 7: configuration, the people and the register are
 * changed only by those who may, and every change is reviewed. */
static void
sec_changes(struct sec *c)
{
	struct vg_stmt *st = month_stmt(c, "SELECT ts_us, actor, action, object, detail FROM audit "
	    "WHERE ts_us >= ? AND ts_us < ? AND (action LIKE 'config.%' OR action LIKE 'camera.add' "
	    "OR action LIKE 'camera.change' OR action LIKE 'camera.remove' OR action LIKE "
	    "'camera.reference_ack' OR action LIKE 'user.%' OR action LIKE 'register.%' OR action "
	    "LIKE 'class.%' OR action = 'site.init') ORDER BY id");
	struct rpt_table *t = rpt_table(c->d, "changes",
	    _("Configuration, user and register changes"), 5, _("WHEN"), _("WHO"), _("ACTION"),
	    _("OBJECT"), _("DETAIL"));

	while (db_step(st) == DB_ROW) {
		char t1[32];

		rpt_row(t, tm(db_col_int(st, 0), t1), db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4));
	}
	db_finalize(st);
}

/*---- The room's records, the register, findings ----*/

static void
sec_records(struct sec *c)
{
	struct records_month rm;
	struct vg_actor *sys = actor_system("review");
	struct vg_err err;
	struct rpt_table *t;
	int y, m, d;

	time_ymd(c->from, &y, &m, &d);
	if (records_month(c->s, sys, y, m, &rm, &err) != 0) {
		actor_free(sys);
		return;
	}
	t = rpt_table(c->d, "records", _("Duty, control-room and equipment records"), 2,
	    _("RECORD"), _("COUNT"));
	{
		const struct { const char *label; int64_t n; } rows[] = {
			{ _("shifts"), rm.shifts }, { _("handovers written"), rm.handovers },
			{ _("handovers acknowledged"), rm.handovers_acked },
			{ _("duty events"), rm.duty_events }, { _("shifts overdue"), rm.shifts_overdue },
			{ _("control-room entries"), rm.room_entries },
			{ _("entries flagged"), rm.room_flagged },
			{ _("faults opened"), rm.faults_opened }, { _("faults fixed"), rm.faults_fixed },
			{ _("faults overdue"), rm.faults_overdue },
			{ _("inspections"), rm.inspections },
		};

		for (size_t i = 0; i < VG_ARRLEN(rows); i++) {
			char n[24];

			snprintf(n, sizeof n, "%lld", (long long)rows[i].n);
			rpt_row(t, rows[i].label, n);
		}
	}
	records_month_free(&rm);
	actor_free(sys);
}

/* HHKCS 2.4.1: the list is authorised again at the start of every school year;
 * the review built in the month before it (that of the month before that, or
 * of that month when the year starts after its first day) lists whose
 * authorisation ends then, while there is time to train and renew. */
static void
sec_reauthorisation(struct sec *c)
{
	int y, m, d, sm = 9, sd = 1;
	int64_t start;
	struct reg_entry *v;
	struct vg_actor *sys;
	struct vg_err err;
	struct rpt_table *t;
	size_t n;

	sscanf(c->s->cfg.school_year_start, "%d-%d", &sm, &sd);
	time_ymd(c->to, &y, &m, &d);
	start = time_from_ymd(y, sm, sd);
	if (start <= c->to || start > review_month_next(c->to))
		return;
	t = rpt_table(c->d, "reauthorisation", _("To authorise again before the school year"), 4,
	    _("LOGIN"), _("NAME"), _("ROLES"), _("UNTIL"));
	sys = actor_system("review");
	if ((v = register_list(c->s, sys, &n, &err)) != NULL) {
		for (size_t i = 0; i < n; i++) {
			char t1[32];

			if ((v[i].state == REG_VALID || v[i].state == REG_EXPIRING) &&
			    v[i].until_us <= start)
				rpt_row(t, v[i].login, v[i].name, v[i].roles,
				    time_fmt_date(v[i].until_us, t1));
		}
		register_free(v, n);
	}
	actor_free(sys);
}

static const char *
answer_name(const struct review_finding *f)
{
	if (f->gone_us)
		return _("no longer found");
	if (strcmp(f->answer, "accepted") == 0)
		return _("accepted");
	if (strcmp(f->answer, "follow-up") == 0)
		return _("follow-up");
	return _("not answered");
}

static void
sec_findings(struct sec *c, const struct review *rv)
{
	struct rpt_table *t = rpt_table(c->d, "findings", _("Findings"), 6, _("NO."), _("KIND"),
	    _("FINDING"), _("LINKS"), _("ANSWER"), _("NOTE"));
	struct rpt_chart *ch = rpt_chart(c->d, "findings", _("Findings by kind"), "", NULL, NULL);
	struct tally by_kind = { .len = 0 };

	for (size_t i = 0; i < rv->nfindings; i++) {
		const struct review_finding *f = &rv->findings[i];
		char no[24], *text = review_finding_text(c->s, f);
		char *note = f->answered_us ? xasprintf("%s (%s)", f->note, f->answered_by) :
		    xstrdup("");

		snprintf(no, sizeof no, "%lld", (long long)f->id);
		rpt_row(t, no, review_kind_title(f->kind), text, f->links, answer_name(f), note);
		if (!f->gone_us)
			tally_add(&by_kind, review_kind_title(f->kind));
		free(text);
		free(note);
	}
	for (size_t i = 0; i < by_kind.len; i++) {
		rpt_bar(ch, by_kind.label[i], (double)by_kind.n[i], 0);
		free(by_kind.label[i]);
	}
}

static void
chart_weeks(struct sec *c)
{
	struct rpt_chart *ch = rpt_chart(c->d, "weeks", _("Requests and viewings per week"), "",
	    _("requests"), _("viewings"));

	for (int w = 0; w < 5 && c->from + w * 7 * DAY_US < c->to; w++) {
		int64_t a = c->from + w * 7 * DAY_US, b = w == 4 ? c->to - 1 : a + 6 * DAY_US;
		char d1[32], d2[32], *label;

		time_fmt_date(a, d1);
		time_fmt_date(b < c->to ? b : c->to - 1, d2);
		label = xasprintf("%s–%s", d1 + 5, d2 + 5);
		rpt_bar(ch, label, (double)c->req_week[w], (double)c->view_week[w]);
		free(label);
	}
}

/*---- Facts ----*/

static void
facts(struct sec *c, const struct review *rv)
{
	char t1[32], t2[32];

	rpt_fact(c->d, _("Site"), 0, "%s · %s", c->s->cfg.site_name, c->s->pol->title);
	rpt_fact(c->d, _("State"), rv->overdue, "%s", review_state_name(rv));
	if (rv->state != REVIEW_NOT_OPENED) {
		rpt_fact(c->d, _("Opened"), 0, _("%s by %s; findings computed %s"),
		    tm(rv->opened_us, t1), rv->opened_by, tm(rv->built_us, t2));
		rpt_fact(c->d, _("Audit verify"), !rv->audit_ok, "%s", rv->audit_result);
		rpt_fact(c->d, _("Footage verify"), rv->footage_ok == 0, "%s",
		    rv->footage_ok < 0 ? _("not run (no recorder in this program)") :
		    rv->footage_result);
	}
	if (rv->conclusion && rv->conclusion[0])
		rpt_fact(c->d, _("Conclusion"), 0, "%s", rv->conclusion);
	if (rv->state == REVIEW_SIGNED) {
		rpt_fact(c->d, _("Signed off"), 0, _("%s by %s"), tm(rv->signed_us, t1),
		    rv->signed_by);
		rpt_fact(c->d, _("Signed audit head"), 0, "id=%lld hash=%s sig=%s",
		    (long long)rv->head.id, rv->head.hash, rv->head.sig);
		rpt_fact(c->d, _("Footage chain heads"), 0, "%s",
		    rv->footage_heads[0] ? rv->footage_heads : "-");
		rpt_fact(c->d, _("Witness check"), !rv->head_ok, "%s", rv->head_ok ?
		    _("the audit log still matches the signed head") : rv->head_problem);
	}
}

int
review_doc(struct vg_site *s, const struct vg_actor *a, const struct review *rv,
    struct rpt_doc *d, struct vg_err *err)
{
	struct sec c;
	char *title, *sub, t1[32], t2[32];

	if (review_may_read(s, a, err) != 0)
		return -1;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.d = d;
	c.from = rv->from_us;
	c.to = rv->to_us;
	c.end = clock_now() < c.to ? clock_now() : c.to;
	title = xasprintf(_("Monthly review of the CCTV logs, %s"), rv->month);
	sub = xasprintf(_("%s · %s to %s · due %s"), s->cfg.site_name, time_fmt(c.from, t1),
	    time_fmt(c.to, t2), time_fmt_date(rv->due_us, t1));
	rpt_init(d, title, sub, strcmp(i18n_language(), "zh_CN") == 0 ? "zh-CN" : "en");
	free(title);
	free(sub);
	facts(&c, rv);
	sec_findings(&c, rv);
	sec_requests(&c);
	sec_approvals(&c);
	sec_viewings(&c);
	sec_exports(&c);
	sec_downloads(&c);
	sec_holds(&c);
	sec_purges(&c);
	sec_logins(&c);
	sec_outages(&c);
	chart_uptime(&c);
	sec_changes(&c);
	sec_records(&c);
	sec_reauthorisation(&c);
	chart_weeks(&c);
	return 0;
}

/*---- Outages ----*/

/* A camera's trouble events in time order, with the state it was in when the
 * month began (its last trouble event before it). */
static struct vg_stmt *
outage_events(struct vg_site *s, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT camera, kind, ts_us, detail FROM "
	    "camera_events WHERE camera IS NOT NULL AND kind IN ('offline','online','covered',"
	    "'covered.clear','moved','moved.clear','reference.ack') AND ts_us < ? AND (ts_us >= ? "
	    "OR id IN (SELECT MAX(id) FROM camera_events WHERE ts_us < ? AND camera IS NOT NULL "
	    "AND kind IN ('offline','online') GROUP BY camera) OR id IN (SELECT MAX(id) FROM "
	    "camera_events WHERE ts_us < ? AND camera IS NOT NULL AND kind IN ('covered',"
	    "'covered.clear') GROUP BY camera) OR id IN (SELECT MAX(id) FROM camera_events WHERE "
	    "ts_us < ? AND camera IS NOT NULL AND kind IN ('moved','moved.clear','reference.ack') "
	    "GROUP BY camera)) ORDER BY camera, ts_us, id");

	db_bind_int(st, 1, to);
	for (int i = 2; i <= 5; i++)
		db_bind_int(st, i, from);
	return st;
}

static struct review_outage *
outage_open(struct review_outage **v, size_t *n, const char *camera, const char *kind,
    int64_t at, const char *reason)
{
	struct review_outage *o;

	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	o = &(*v)[(*n)++];
	memset(o, 0, sizeof *o);
	snprintf(o->camera, sizeof o->camera, "%s", camera);
	snprintf(o->kind, sizeof o->kind, "%s", kind);
	o->from_us = at;
	o->reason = xstrdup(reason);
	return o;
}

/* Which trouble an event begins or ends: its kind, and 1 begin / 0 end. */
static const char *
trouble_of(const char *kind, int *begins)
{
	*begins = strcmp(kind, "offline") == 0 || strcmp(kind, "covered") == 0 ||
	    strcmp(kind, "moved") == 0;
	if (strncmp(kind, "covered", 7) == 0)
		return "covered";
	if (strncmp(kind, "moved", 5) == 0 || strcmp(kind, "reference.ack") == 0)
		return "moved";
	return "offline";
}

static int
outage_cmp(const void *a, const void *b)
{
	const struct review_outage *x = a, *y = b;

	return x->from_us < y->from_us ? -1 : x->from_us > y->from_us;
}

struct review_outage *
review_outages(struct vg_site *s, int64_t from, int64_t to, size_t *n)
{
	struct vg_stmt *st = outage_events(s, from, to);
	struct review_outage *v = xcalloc(1, sizeof *v);
	ssize_t open_at[3] = { -1, -1, -1 };	/* offline, covered, moved */
	char camera[40] = "";

	*n = 0;
	while (db_step(st) == DB_ROW) {
		int begins, k;
		const char *tr = trouble_of(db_col_text(st, 1), &begins);

		if (strcmp(camera, db_col_text(st, 0)) != 0) {
			snprintf(camera, sizeof camera, "%s", db_col_text(st, 0));
			open_at[0] = open_at[1] = open_at[2] = -1;
		}
		k = tr[0] == 'o' ? 0 : tr[0] == 'c' ? 1 : 2;
		if (begins && open_at[k] < 0) {
			outage_open(&v, n, camera, tr, db_col_int(st, 2), db_col_text(st, 3));
			open_at[k] = (ssize_t)*n - 1;
		} else if (!begins && open_at[k] >= 0) {
			v[open_at[k]].to_us = db_col_int(st, 2);
			open_at[k] = -1;
		}
	}
	db_finalize(st);
	/* A stretch that ended before the month began is not the month's. */
	for (size_t i = 0; i < *n;) {
		if (v[i].to_us != 0 && v[i].to_us <= from) {
			free(v[i].reason);
			memmove(&v[i], &v[i + 1], (*n - i - 1) * sizeof *v);
			(*n)--;
		} else
			i++;
	}
	qsort(v, *n, sizeof *v, outage_cmp);
	return v;
}

void
review_outages_free(struct review_outage *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].reason);
	free(v);
}
