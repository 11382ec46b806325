/* review.c — the monthly review: opening and building it, answers, conclusion, sign-off with its signed witness. */
#include "core/gov/review-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/maintenance.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

static int load(struct vg_site *, const char *month, struct review *, int findings,
    struct vg_err *);

/*---- Months ----*/

int
review_month_parse(const char *month, int64_t *from, int64_t *to, struct vg_err *err)
{
	int y, m, len = 0;

	if (month == NULL || sscanf(month, "%4d-%2d%n", &y, &m, &len) != 2 || len != 7 ||
	    month[7] != '\0' || y < 2000 || y > 9999 || m < 1 || m > 12)
		return vg_seterr_field(err, VG_USAGE, "month", _("\"%s\" is not a month YYYY-MM"),
		    month ? month : "");
	*from = time_from_ymd(y, m, 1);
	*to = time_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
	return 0;
}

void
review_month_name(int64_t from, char out[8])
{
	int y, m, d;

	time_ymd(from, &y, &m, &d);
	if (y < 0 || y > 9999 || m < 1 || m > 12)
		y = m = 0;
	snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}

int64_t
review_month_next(int64_t from)
{
	int y, m, d;

	time_ymd(from, &y, &m, &d);
	return time_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
}

/* HHKCS 3.5: reviewed every month; the site says by which day of the next. */
int64_t
review_due(struct vg_site *s, int64_t from)
{
	int y, m, d;

	time_ymd(review_month_next(from), &y, &m, &d);
	return time_from_ymd(y, m, s->cfg.review_due_day);
}

int64_t
review_site_first_month(struct vg_site *s)
{
	int64_t first = db_scalar(s->db, "SELECT MIN(ts_us) FROM audit", NULL, 0);
	int y, m, d;

	time_ymd(first ? first : clock_now(), &y, &m, &d);
	return time_from_ymd(y, m, 1);
}

int
review_may_read(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	if (actor_can(s, a, "review.signoff"))
		return 0;
	return actor_require(s, a, "audit.read", err);
}

/*---- Links to the audit log ----*/

char *
review_links(struct vg_site *s, const char *const *objects, size_t n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id FROM audit WHERE object = ? AND "
	    "kind = 'entry' ORDER BY id LIMIT 7");
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		int k = 0;

		if (objects[i] == NULL || objects[i][0] == '\0')
			continue;
		buf_printf(&b, "%s%s", b.len ? "; " : "", objects[i]);
		db_reset(st);
		db_bind_text(st, 1, objects[i]);
		while (db_step(st) == DB_ROW)
			buf_printf(&b, k++ == 0 ? " (#%lld" : k == 7 ? ", …" : ", #%lld",
			    (long long)db_col_int(st, 0));
		if (k > 0)
			buf_puts(&b, ")");
	}
	db_finalize(st);
	return buf_steal(&b);
}

/*---- Building ----*/

/* audit verify and footage verify at review time; results for the row. */
struct built {
	int	 audit_ok;
	char	*audit_result;
	int	 footage_ok;
	char	*footage_result;
	int64_t	 footage_problems;
};

static void
run_audit(struct vg_site *s, const struct maint_progress *p, struct built *b)
{
	struct audit_report rep;
	struct vg_err err;

	maint_progressf(p, "%s", _("checking the audit log…"));
	b->audit_ok = audit_verify(s, &rep, &err) == 0;
	b->audit_result = b->audit_ok ? xasprintf(_("ok: %lld entries, head %lld %.16s…"),
	    (long long)rep.entries, (long long)rep.head_id, rep.head) : xstrdup(err.msg);
}

/* The problems footage verify printed, first lines only. */
static char *
first_lines(const char *text, size_t max)
{
	size_t n = strlen(text);
	char *s = xstrndup(text, n > max ? max : n);

	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = p[1] ? ';' : '\0';
	return s;
}

static void
run_footage(struct vg_site *s, const struct vg_actor *a, const struct maint_progress *p,
    struct built *b)
{
	const struct maint_ops *ops = maint_ops();
	struct maint_footage res;
	struct vg_actor *sys;
	struct vg_err err;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int r;

	b->footage_ok = -1;
	if (ops == NULL || ops->footage_verify == NULL)
		return;
	/* HHKCS 3.5: the review itself checks the footage, whatever else the
	 * reviewer may do: it runs as the system, on the reviewer's behalf. */
	sys = actor_system(a->source);
	f = open_memstream(&text, &len);
	r = ops->footage_verify(s, sys, NULL, 0, 0, f, p, &res, &err);
	fclose(f);
	if (r < 0) {
		b->footage_ok = 0;
		b->footage_result = xstrdup(err.msg);
	} else if (r > 0) {
		char *lines = first_lines(text, 1500);

		b->footage_ok = 0;
		b->footage_problems = res.problems;
		b->footage_result = xasprintf(_("%lld problems in %lld segments: %s"),
		    (long long)res.problems, (long long)res.segments, lines);
		free(lines);
	} else {
		b->footage_ok = 1;
		b->footage_result = xasprintf(_("ok: %lld segments on %lld cameras match their hashes "
		    "and chains"), (long long)res.segments, (long long)res.cameras);
	}
	free(text);
	actor_free(sys);
}

static int64_t
row_id(struct vg_site *s, const char *month)
{
	return db_scalar(s->db, "SELECT id FROM reviews WHERE month = ?", month, 0);
}

static int
save_row(struct vg_site *s, const struct vg_actor *a, const char *month, int64_t from,
    int64_t to, const struct built *b, int64_t *id, struct vg_err *err)
{
	int64_t now = clock_now();
	struct vg_stmt *st;
	int r;

	*id = row_id(s, month);
	if (*id == 0) {
		st = db_prepare(s->db, "INSERT INTO reviews (month, from_us, to_us, opened_by, "
		    "opened_us, built_us) VALUES (?,?,?,?,?,?)");
		db_bind_text(st, 1, month);
		db_bind_int(st, 2, from);
		db_bind_int(st, 3, to);
		if (a->system)
			db_bind_null(st, 4);
		else
			db_bind_int(st, 4, a->user_id);
		db_bind_int(st, 5, now);
		db_bind_int(st, 6, now);
		if ((r = db_run(st, s->db, err)) == 0)
			*id = db_last_id(s->db);
		db_finalize(st);
		if (r != 0)
			return -1;
	}
	st = db_prepare(s->db, "UPDATE reviews SET built_us = ?, audit_ok = ?, audit_result = ?, "
	    "footage_ok = ?, footage_result = ? WHERE id = ?");
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, b->audit_ok);
	db_bind_text(st, 3, b->audit_result);
	if (b->footage_ok < 0)
		db_bind_null(st, 4);
	else
		db_bind_int(st, 4, b->footage_ok);
	db_bind_text(st, 5, b->footage_result ? b->footage_result : "");
	db_bind_int(st, 6, *id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

static int
save_finding(struct vg_site *s, int64_t rid, const struct review_finding *f, int *isnew,
    struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id FROM review_findings WHERE review_id = ? "
	    "AND kind = ? AND subject = ?");
	int64_t id = 0;
	int r;

	db_bind_int(st, 1, rid);
	db_bind_text(st, 2, f->kind);
	db_bind_text(st, 3, f->subject);
	if (db_step(st) == DB_ROW)
		id = db_col_int(st, 0);
	db_finalize(st);
	*isnew = id == 0;
	st = db_prepare(s->db, id == 0 ? "INSERT INTO review_findings (who, what, n, t1_us, t2_us, "
	    "links, found_us, review_id, kind, subject) VALUES (?,?,?,?,?,?,?,?,?,?)" :
	    "UPDATE review_findings SET who = ?, what = ?, n = ?, t1_us = ?, t2_us = ?, "
	    "links = ?, gone_us = NULL WHERE id = ?");
	db_bind_text(st, 1, f->who);
	db_bind_text(st, 2, f->what);
	db_bind_int(st, 3, f->n);
	db_bind_int(st, 4, f->t1_us);
	db_bind_int(st, 5, f->t2_us);
	db_bind_text(st, 6, f->links);
	if (id == 0) {
		db_bind_int(st, 7, clock_now());
		db_bind_int(st, 8, rid);
		db_bind_text(st, 9, f->kind);
		db_bind_text(st, 10, f->subject);
	} else
		db_bind_int(st, 7, id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

/* Findings stored but not found by this build are marked gone. */
static int
mark_gone(struct vg_site *s, int64_t rid, const struct review_finding *v, size_t n, int *gone,
    struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, kind, subject FROM review_findings "
	    "WHERE review_id = ? AND gone_us IS NULL");
	struct vg_stmt *up = db_prepare(s->db, "UPDATE review_findings SET gone_us = ? WHERE "
	    "id = ?");
	int r = 0;

	*gone = 0;
	db_bind_int(st, 1, rid);
	while (r == 0 && db_step(st) == DB_ROW) {
		int found = 0;

		for (size_t i = 0; i < n && !found; i++)
			found = strcmp(v[i].kind, db_col_text(st, 1)) == 0 &&
			    strcmp(v[i].subject, db_col_text(st, 2)) == 0;
		if (found)
			continue;
		db_reset(up);
		db_bind_int(up, 1, clock_now());
		db_bind_int(up, 2, db_col_int(st, 0));
		r = db_run(up, s->db, err);
		(*gone)++;
	}
	db_finalize(st);
	db_finalize(up);
	return r;
}

static int
store(struct vg_site *s, const struct vg_actor *a, const char *month, int64_t from,
    int64_t to, const struct built *b, const struct review_finding *v, size_t n,
    struct vg_err *err)
{
	int64_t rid;
	int r, fresh = row_id(s, month) == 0, isnew, added = 0, gone = 0;

	if (site_begin(s, err) != 0)
		return -1;
	r = save_row(s, a, month, from, to, b, &rid, err);
	for (size_t i = 0; r == 0 && i < n; i++) {
		r = save_finding(s, rid, &v[i], &isnew, err);
		added += isnew;
	}
	if (r == 0)
		r = mark_gone(s, rid, v, n, &gone, err);
	if (r == 0)
		r = audit_appendf(s, a->display, fresh ? "review.open" : "review.rebuild", month,
		    a->source, err, "findings=%zu; new=%d; gone=%d; audit=%s; footage=%s", n, added,
		    gone, b->audit_ok ? "ok" : "failed", b->footage_ok < 0 ? "not run" :
		    b->footage_ok ? "ok" : "failed");
	return site_end_tx(s, r, err);
}

/* The month must have begun, and its review not be signed off. */
static int
check_open(struct vg_site *s, const char *month, int64_t from, struct vg_err *err)
{
	char t[32];

	if (from > clock_now())
		return vg_seterr(err, VG_REFUSED, _("%s has not begun yet"), month);
	if (from < review_site_first_month(s))
		return vg_seterr(err, VG_REFUSED, _("%s is before the site's first month: its logs "
		    "begin on %s"), month, time_fmt(db_scalar(s->db, "SELECT MIN(ts_us) FROM audit",
		    NULL, 0), t));
	if (db_scalar(s->db, "SELECT COUNT(*) FROM reviews WHERE month = ? AND signed_us IS NOT "
	    "NULL", month, 0) > 0)
		return vg_seterr(err, VG_CONFLICT, _("the review of %s was signed off on %s and no "
		    "longer changes"), month, time_fmt(db_scalar(s->db, "SELECT signed_us FROM "
		    "reviews WHERE month = ?", month, 0), t));
	return 0;
}

int
review_open(struct vg_site *s, const struct vg_actor *a, const char *month,
    const struct maint_progress *p, struct vg_err *err)
{
	struct review_checks c;
	struct review_finding *v;
	struct built b;
	int64_t from, to;
	size_t n;
	int r;

	if (actor_require(s, a, "review.signoff", err) != 0 || actor_need_person(a, err) != 0 ||
	    review_month_parse(month, &from, &to, err) != 0 || check_open(s, month, from, err) != 0)
		return -1;
	memset(&b, 0, sizeof b);
	run_audit(s, p, &b);
	run_footage(s, a, p, &b);
	maint_progressf(p, "%s", _("computing the findings…"));
	c.audit_ok = b.audit_ok;
	c.audit_result = b.audit_result;
	c.footage_ok = b.footage_ok;
	c.footage_result = b.footage_result;
	c.footage_problems = b.footage_problems;
	v = review_compute(s, from, to, &c, &n);
	r = store(s, a, month, from, to, &b, v, n, err);
	review_findings_free(v, n);
	free(b.audit_result);
	free(b.footage_result);
	return r;
}

/*---- Answers, conclusion ----*/

/* The open review's id, or 0 with the refusal. */
static int64_t
open_review(struct vg_site *s, const struct vg_actor *a, const char *month, struct vg_err *err)
{
	int64_t from, to, id;

	if (actor_require(s, a, "review.signoff", err) != 0 || actor_need_person(a, err) != 0 ||
	    review_month_parse(month, &from, &to, err) != 0 || check_open(s, month, from, err) != 0)
		return 0;
	if ((id = row_id(s, month)) == 0)
		vg_seterr(err, VG_NOTFOUND, _("the review of %s has not been opened: review open "
		    "--month %s"), month, month);
	return id;
}

int
review_answer(struct vg_site *s, const struct vg_actor *a, const char *month, int64_t fid,
    const char *answer, const char *note, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t rid = open_review(s, a, month, err), gone = -1;
	char kind[32] = "";
	int r;

	if (rid == 0)
		return -1;
	if (answer == NULL || (strcmp(answer, "accepted") != 0 && strcmp(answer, "follow-up") != 0))
		return vg_seterr_field(err, VG_USAGE, "answer", "%s",
		    _("the answer is accepted or follow-up"));
	if (vg_check_text(note, 2000, 1, "note", _("the note"), err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT kind, COALESCE(gone_us, 0) FROM review_findings WHERE "
	    "id = ? AND review_id = ?");
	db_bind_int(st, 1, fid);
	db_bind_int(st, 2, rid);
	if (db_step(st) == DB_ROW) {
		snprintf(kind, sizeof kind, "%s", db_col_text(st, 0));
		gone = db_col_int(st, 1);
	}
	db_finalize(st);
	if (gone < 0)
		return vg_seterr(err, VG_NOTFOUND, _("the review of %s has no finding %lld"), month,
		    (long long)fid);
	if (gone > 0)
		return vg_seterr(err, VG_CONFLICT, _("finding %lld is no longer found in the records "
		    "and needs no answer"), (long long)fid);
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE review_findings SET answer = ?, note = ?, answered_by = ?, "
	    "answered_us = ? WHERE id = ?");
	db_bind_text(st, 1, answer);
	db_bind_text(st, 2, note);
	db_bind_int(st, 3, a->user_id);
	db_bind_int(st, 4, clock_now());
	db_bind_int(st, 5, fid);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "review.answer", month, a->source, err,
		    "finding=%lld; kind=%s; answer=%s; note=%s", (long long)fid, kind, answer, note);
	return site_end_tx(s, r, err);
}

int
review_conclude(struct vg_site *s, const struct vg_actor *a, const char *month,
    const char *text, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t rid = open_review(s, a, month, err);
	int r;

	if (rid == 0 || vg_check_text(text, 4000, 1, "conclusion", _("the conclusion"), err) != 0)
		return -1;
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE reviews SET conclusion = ? WHERE id = ?");
	db_bind_text(st, 1, text);
	db_bind_int(st, 2, rid);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "review.conclude", month, a->source, err,
		    "conclusion=%s", text);
	return site_end_tx(s, r, err);
}

/*---- Sign-off ----*/

/* Findings the records give now that the stored review lacks. */
static size_t
new_findings(struct vg_site *s, const struct review *rv)
{
	struct review_checks c = { rv->audit_ok, rv->audit_result, rv->footage_ok,
		rv->footage_result, 0 };
	size_t n, fresh = 0;
	struct review_finding *v = review_compute(s, rv->from_us, rv->to_us, &c, &n);

	for (size_t i = 0; i < n; i++) {
		int known = 0;

		for (size_t j = 0; j < rv->nfindings && !known; j++)
			known = strcmp(v[i].kind, rv->findings[j].kind) == 0 &&
			    strcmp(v[i].subject, rv->findings[j].subject) == 0 &&
			    rv->findings[j].gone_us == 0;
		fresh += !known;
	}
	review_findings_free(v, n);
	return fresh;
}

static int
signoff_check(struct vg_site *s, const struct review *rv, struct vg_err *err)
{
	size_t fresh;

	if (rv->to_us > clock_now())
		return vg_seterr(err, VG_REFUSED, _("%s has not ended yet: a month is signed off "
		    "once it is over"), rv->month);
	for (size_t i = 0; i < rv->nfindings; i++)
		if (rv->findings[i].gone_us == 0 && rv->findings[i].answer[0] == '\0')
			return vg_seterr(err, VG_REFUSED, _("%zu findings of %s are not answered yet, "
			    "the first finding %lld; a sign-off needs every finding answered"),
			    rv->open_findings, rv->month, (long long)rv->findings[i].id);
	if (rv->conclusion[0] == '\0')
		return vg_seterr(err, VG_REFUSED, _("the review of %s has no conclusion yet: review "
		    "conclude --month %s --text TEXT"), rv->month, rv->month);
	if ((fresh = new_findings(s, rv)) > 0)
		return vg_seterr(err, VG_REFUSED, _("the records give %zu findings the review of %s "
		    "does not have yet: open it again (review open --month %s) and answer them"),
		    fresh, rv->month, rv->month);
	return 0;
}

static int
signoff_tx(struct vg_site *s, const struct vg_actor *a, const struct review *rv,
    struct vg_err *err)
{
	const struct maint_ops *ops = maint_ops();
	char *heads = ops && ops->chain_heads ? ops->chain_heads(s) : NULL;
	struct audit_head h;
	struct vg_stmt *st;
	size_t acc = 0;
	int r;

	for (size_t i = 0; i < rv->nfindings; i++)
		acc += strcmp(rv->findings[i].answer, "accepted") == 0;
	if (site_begin(s, err) != 0) {
		free(heads);
		return -1;
	}
	/* The head as it stands before the sign-off: everything of the month and
	 * after, up to this moment, signed by the site and kept with the review. */
	r = audit_head_sign(s, &h, err);
	st = db_prepare(s->db, "UPDATE reviews SET signed_by = ?, signed_us = ?, head_id = ?, "
	    "head_hash = ?, head_sig = ?, footage_heads = ? WHERE id = ?");
	db_bind_int(st, 1, a->user_id);
	db_bind_int(st, 2, clock_now());
	db_bind_int(st, 3, h.id);
	db_bind_text(st, 4, h.hash);
	db_bind_text(st, 5, h.sig);
	db_bind_text(st, 6, heads ? heads : "");
	db_bind_int(st, 7, rv->id);
	if (r == 0)
		r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "review.signoff", rv->month, a->source, err,
		    "head=%lld:%s; sig=%s; footage_heads=%s; findings=%zu; accepted=%zu; "
		    "follow_up=%zu", (long long)h.id, h.hash, h.sig, heads ? heads : "-",
		    rv->nfindings, acc, rv->nfindings - acc);
	free(heads);
	return site_end_tx(s, r, err);
}

int
review_signoff(struct vg_site *s, const struct vg_actor *a, const char *month,
    struct vg_err *err)
{
	struct review rv;
	int r;

	if (open_review(s, a, month, err) == 0)
		return -1;
	if (load(s, month, &rv, 1, err) != 0)
		return -1;
	r = signoff_check(s, &rv, err) == 0 ? signoff_tx(s, a, &rv, err) : -1;
	review_free(&rv);
	return r;
}

/*---- Reading ----*/

static void
fill_finding(struct vg_stmt *st, struct review_finding *f)
{
	memset(f, 0, sizeof *f);
	f->id = db_col_int(st, 0);
	snprintf(f->kind, sizeof f->kind, "%s", db_col_text(st, 1));
	f->subject = xstrdup(db_col_text(st, 2));
	f->who = xstrdup(db_col_text(st, 3));
	f->what = xstrdup(db_col_text(st, 4));
	f->n = db_col_int(st, 5);
	f->t1_us = db_col_int(st, 6);
	f->t2_us = db_col_int(st, 7);
	f->links = xstrdup(db_col_text(st, 8));
	f->found_us = db_col_int(st, 9);
	f->gone_us = db_col_isnull(st, 10) ? 0 : db_col_int(st, 10);
	snprintf(f->answer, sizeof f->answer, "%s", db_col_text(st, 11));
	f->note = xstrdup(db_col_text(st, 12));
	f->answered_by = xstrdup(db_col_text(st, 13));
	f->answered_us = db_col_isnull(st, 14) ? 0 : db_col_int(st, 14);
}

static void
load_findings(struct vg_site *s, struct review *rv)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT f.id, f.kind, f.subject, f.who, f.what, "
	    "f.n, f.t1_us, f.t2_us, f.links, f.found_us, f.gone_us, COALESCE(f.answer, ''), "
	    "f.note, COALESCE(u.login, ''), f.answered_us FROM review_findings f LEFT JOIN users u "
	    "ON u.id = f.answered_by WHERE f.review_id = ? ORDER BY f.gone_us IS NOT NULL, f.id");

	db_bind_int(st, 1, rv->id);
	rv->findings = xcalloc(1, sizeof *rv->findings);
	while (db_step(st) == DB_ROW) {
		struct review_finding *f;

		rv->findings = xrealloc(rv->findings, (rv->nfindings + 1) * sizeof *rv->findings);
		f = &rv->findings[rv->nfindings++];
		fill_finding(st, f);
		rv->open_findings += f->gone_us == 0 && f->answer[0] == '\0';
	}
	db_finalize(st);
}

static void
fill_row(struct vg_stmt *st, struct review *rv)
{
	rv->id = db_col_int(st, 0);
	rv->opened_by = xstrdup(db_col_text(st, 1));
	rv->opened_us = db_col_int(st, 2);
	rv->built_us = db_col_int(st, 3);
	rv->audit_ok = (int)db_col_int(st, 4);
	rv->audit_result = xstrdup(db_col_text(st, 5));
	rv->footage_ok = db_col_isnull(st, 6) ? -1 : (int)db_col_int(st, 6);
	rv->footage_result = xstrdup(db_col_text(st, 7));
	free(rv->conclusion);
	rv->conclusion = xstrdup(db_col_text(st, 8));
	rv->signed_by = xstrdup(db_col_text(st, 9));
	rv->signed_us = db_col_isnull(st, 10) ? 0 : db_col_int(st, 10);
	rv->head.id = db_col_int(st, 11);
	snprintf(rv->head.hash, sizeof rv->head.hash, "%s", db_col_text(st, 12));
	snprintf(rv->head.sig, sizeof rv->head.sig, "%s", db_col_text(st, 13));
	free(rv->footage_heads);
	rv->footage_heads = xstrdup(db_col_text(st, 14));
	rv->state = rv->signed_us ? REVIEW_SIGNED : REVIEW_OPEN;
}

/* The month's review as stored (state REVIEW_NOT_OPENED when it was not). */
static int
load(struct vg_site *s, const char *month, struct review *rv, int findings,
    struct vg_err *err)
{
	struct vg_stmt *st;

	memset(rv, 0, sizeof *rv);
	if (review_month_parse(month, &rv->from_us, &rv->to_us, err) != 0)
		return -1;
	snprintf(rv->month, sizeof rv->month, "%s", month);
	rv->due_us = review_due(s, rv->from_us);
	rv->conclusion = xstrdup("");
	rv->footage_heads = xstrdup("");
	rv->head_problem = xstrdup("");
	rv->footage_ok = -1;
	rv->audit_ok = 1;
	st = db_prepare(s->db, "SELECT r.id, COALESCE(o.login, 'admin'), r.opened_us, r.built_us, "
	    "COALESCE(r.audit_ok, 1), r.audit_result, r.footage_ok, r.footage_result, r.conclusion, "
	    "COALESCE(g.login, ''), r.signed_us, COALESCE(r.head_id, 0), COALESCE(r.head_hash, ''), "
	    "COALESCE(r.head_sig, ''), COALESCE(r.footage_heads, '') FROM reviews r LEFT JOIN users "
	    "o ON o.id = r.opened_by LEFT JOIN users g ON g.id = r.signed_by WHERE r.month = ?");
	db_bind_text(st, 1, month);
	if (db_step(st) == DB_ROW)
		fill_row(st, rv);
	db_finalize(st);
	rv->overdue = rv->state != REVIEW_SIGNED && clock_now() >= rv->due_us;
	if (findings && rv->id != 0)
		load_findings(s, rv);
	return 0;
}

/* DESIGN §8: the sign-off is a witness; does the log still match it? */
static void
check_head(struct vg_site *s, struct review *rv)
{
	struct vg_err err;

	rv->head_ok = audit_head_check(s, &rv->head, &err) == 0;
	if (!rv->head_ok) {
		free(rv->head_problem);
		rv->head_problem = xasprintf(_("the audit log no longer matches the head signed at the "
		    "sign-off of %s: %s"), rv->month, err.msg);
	}
}

int
review_get(struct vg_site *s, const struct vg_actor *a, const char *month, struct review *rv,
    struct vg_err *err)
{
	memset(rv, 0, sizeof *rv);
	if (review_may_read(s, a, err) != 0 || load(s, month, rv, 1, err) != 0)
		return -1;
	if (rv->state == REVIEW_SIGNED)
		check_head(s, rv);
	return 0;
}

void
review_free(struct review *rv)
{
	free(rv->opened_by);
	free(rv->audit_result);
	free(rv->footage_result);
	free(rv->conclusion);
	free(rv->signed_by);
	free(rv->footage_heads);
	free(rv->head_problem);
	review_findings_free(rv->findings, rv->nfindings);
	memset(rv, 0, sizeof *rv);
}

static void
count_open(struct vg_site *s, struct review *rv)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*), COALESCE(SUM(answer IS NULL), 0) "
	    "FROM review_findings WHERE review_id = ? AND gone_us IS NULL");

	db_bind_int(st, 1, rv->id);
	if (db_step(st) == DB_ROW) {
		rv->nfindings = (size_t)db_col_int(st, 0);
		rv->open_findings = (size_t)db_col_int(st, 1);
	}
	db_finalize(st);
}

struct review *
review_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	int64_t first = review_site_first_month(s), m;
	struct review *v;
	int y, mo, d;

	*n = 0;
	if (review_may_read(s, a, err) != 0)
		return NULL;
	time_ymd(clock_now(), &y, &mo, &d);
	v = xcalloc(1, sizeof *v);
	/* Newest first, back to the site's first month (at most a century). */
	for (m = time_from_ymd(y, mo, 1); m >= first && *n < 1200; m = time_from_ymd(y, mo, 1)) {
		char name[8];

		review_month_name(m, name);
		v = xrealloc(v, (*n + 1) * sizeof *v);
		load(s, name, &v[*n], 0, err);
		if (v[*n].id)
			count_open(s, &v[*n]);
		(*n)++;
		if (--mo == 0) {
			mo = 12;
			y--;
		}
	}
	vg_err_clear(err);
	return v;
}

void
review_free_list(struct review *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		v[i].nfindings = 0;
		review_free(&v[i]);
	}
	free(v);
}

char **
review_overdue(struct vg_site *s, const struct vg_actor *a, size_t *n)
{
	struct vg_err err;
	size_t k;
	struct review *v;
	char **out;

	*n = 0;
	if (!actor_can(s, a, "review.signoff") || (v = review_list(s, a, &k, &err)) == NULL)
		return NULL;
	out = xcalloc(k + 1, sizeof *out);
	for (size_t i = k; i-- > 0;)
		if (v[i].overdue)
			out[(*n)++] = xstrdup(v[i].month);
	review_free_list(v, k);
	return out;
}

char *
review_due_line(struct vg_site *s, const struct vg_actor *a)
{
	size_t n;
	char **v = review_overdue(s, a, &n), *line = NULL, d[32];
	int64_t from, to;
	struct vg_err err;

	if (v != NULL && n > 0 && review_month_parse(v[0], &from, &to, &err) == 0)
		line = n == 1 ? xasprintf(_("the review of %s is not signed off (due %s)"), v[0],
		    time_fmt_date(review_due(s, from), d)) : xasprintf(_("%zu monthly reviews are not "
		    "signed off, the oldest %s (due %s)"), n, v[0],
		    time_fmt_date(review_due(s, from), d));
	if (v != NULL)
		vg_strv_free(v, n);
	return line;
}

const char *
review_state_code(const struct review *rv)
{
	if (rv->state == REVIEW_SIGNED)
		return "signed";
	if (rv->overdue)
		return rv->state == REVIEW_OPEN ? "open-overdue" : "overdue";
	return rv->state == REVIEW_OPEN ? "open" : "not-opened";
}

const char *
review_state_name(const struct review *rv)
{
	if (rv->state == REVIEW_SIGNED)
		return _("signed off");
	if (rv->overdue)
		return rv->state == REVIEW_OPEN ? _("open, overdue") : _("not opened, overdue");
	return rv->state == REVIEW_OPEN ? _("open") : _("not opened");
}
