/* review-findings.c — the findings of a month's review, computed from the records, and how each reads. */
#include "core/gov/review-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/gov/records.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define MIN_US (INT64_C(60) * VG_USEC_PER_SEC)

struct fset {
	struct vg_site		*s;
	int64_t			 from, to;	/* the month */
	int64_t			 end;		/* min(to, now): what has happened */
	struct review_finding	*v;
	size_t			 n;
};

static struct review_finding *
add(struct fset *fs, const char *kind, const char *subject, const char *who, const char *what,
    int64_t n, int64_t t1, int64_t t2)
{
	struct review_finding *f;

	fs->v = xrealloc(fs->v, (fs->n + 1) * sizeof *fs->v);
	f = &fs->v[fs->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	f->subject = xstrdup(subject);
	f->who = xstrdup(who ? who : "");
	f->what = xstrdup(what ? what : "");
	f->n = n;
	f->t1_us = t1;
	f->t2_us = t2;
	f->links = xstrdup("");
	f->note = xstrdup("");
	f->answered_by = xstrdup("");
	return f;
}

static void
set_links(struct fset *fs, struct review_finding *f, const char *a, const char *b)
{
	const char *objs[2] = { a, b };

	free(f->links);
	f->links = review_links(fs->s, objs, b ? 2 : 1);
}

/* A statement over the month: parameters 1 and 2 are its bounds. */
static struct vg_stmt *
month_stmt(struct fset *fs, const char *sql)
{
	struct vg_stmt *st = db_prepare(fs->s->db, sql);

	db_bind_int(st, 1, fs->from);
	db_bind_int(st, 2, fs->end);
	return st;
}

/*---- Viewings ----*/

/* HHKCS 2.5.2: a viewing that played nothing is a record without its substance. */
static void
viewings_unplayed(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT v.id, r.ref, u.login, v.started_us, "
	    "v.ended_us FROM viewings v JOIN requests r ON r.id = v.request_id JOIN users u ON "
	    "u.id = v.operator_id WHERE v.started_us >= ? AND v.started_us < ? AND v.ended_us IS "
	    "NOT NULL AND NOT EXISTS (SELECT 1 FROM viewing_ranges x WHERE x.viewing_id = v.id) "
	    "ORDER BY v.id");

	while (db_step(st) == DB_ROW) {
		char subj[48];
		struct review_finding *f;

		snprintf(subj, sizeof subj, "viewing %lld", (long long)db_col_int(st, 0));
		f = add(fs, "viewing_unplayed", subj, db_col_text(st, 2), db_col_text(st, 1),
		    db_col_int(st, 0), db_col_int(st, 3), db_col_int(st, 4));
		set_links(fs, f, subj, db_col_text(st, 1));
	}
	db_finalize(st);
}

/* HHKCS 2.5.3(i), GCU art. 16(1)3: a copy handed over leaves only as a signed export. */
static void
copies_without_export(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT v.id, r.ref, v.recipient_name, v.ended_us "
	    "FROM viewings v JOIN requests r ON r.id = v.request_id WHERE v.ended_us >= ? AND "
	    "v.ended_us < ? AND v.copied = 1 AND NOT EXISTS (SELECT 1 FROM exports e WHERE "
	    "e.viewing_id = v.id) ORDER BY v.id");

	while (db_step(st) == DB_ROW) {
		char subj[48];
		struct review_finding *f;

		snprintf(subj, sizeof subj, "viewing %lld", (long long)db_col_int(st, 0));
		f = add(fs, "copy_no_export", subj, db_col_text(st, 2), db_col_text(st, 1),
		    db_col_int(st, 0), db_col_int(st, 3), 0);
		set_links(fs, f, subj, db_col_text(st, 1));
	}
	db_finalize(st);
}

static void
viewings_after_hours(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT v.id, r.ref, u.login, v.started_us FROM "
	    "viewings v JOIN requests r ON r.id = v.request_id JOIN users u ON u.id = "
	    "v.operator_id WHERE v.started_us >= ? AND v.started_us < ? ORDER BY v.id");

	while (db_step(st) == DB_ROW) {
		char subj[48];
		struct review_finding *f;

		if (config_working_time(&fs->s->cfg, db_col_int(st, 3)))
			continue;
		snprintf(subj, sizeof subj, "viewing %lld", (long long)db_col_int(st, 0));
		f = add(fs, "viewing_after_hours", subj, db_col_text(st, 2), db_col_text(st, 1),
		    db_col_int(st, 0), db_col_int(st, 3), 0);
		set_links(fs, f, subj, db_col_text(st, 1));
	}
	db_finalize(st);
}

/*---- Exports, reports, grants ----*/

static void
exports_not_downloaded(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT e.name, u.login, e.created_us, e.expires_us, "
	    "(SELECT COUNT(*) FROM downloads d WHERE d.export_id = e.id), r.ref FROM exports e "
	    "JOIN users u ON u.id = e.recipient_id JOIN requests r ON r.id = e.request_id WHERE "
	    "e.created_us >= ? AND e.created_us < ? AND e.revoked_us IS NULL AND NOT EXISTS "
	    "(SELECT 1 FROM downloads d WHERE d.export_id = e.id AND d.complete = 1) ORDER BY e.id");

	while (db_step(st) == DB_ROW) {
		struct review_finding *f = add(fs, "export_not_downloaded", db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 5), db_col_int(st, 4), db_col_int(st, 2),
		    db_col_int(st, 3));

		set_links(fs, f, db_col_text(st, 0), NULL);
	}
	db_finalize(st);
}

/* Registration ch. 5 §2.2: the usage report within a week; each profile's deadline. */
static void
reports_overdue(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT r.ref, u.login, r.report_due_us, "
	    "COALESCE(ur.filed_us, 0) FROM requests r JOIN users u ON u.id = r.requester_id "
	    "LEFT JOIN usage_reports ur ON ur.request_id = r.id WHERE r.report_due_us >= ? AND "
	    "r.report_due_us < ? AND r.status <> 'withdrawn' AND (ur.filed_us IS NULL OR "
	    "ur.filed_us > r.report_due_us) ORDER BY r.report_due_us");

	while (db_step(st) == DB_ROW) {
		struct review_finding *f = add(fs, "report_overdue", db_col_text(st, 0),
		    db_col_text(st, 1), NULL, 0, db_col_int(st, 2), db_col_int(st, 3));

		set_links(fs, f, db_col_text(st, 0), NULL);
	}
	db_finalize(st);
}

static void
grants_unused(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT r.ref, u.login, r.grant_until_us FROM "
	    "requests r JOIN users u ON u.id = r.requester_id WHERE r.grant_until_us >= ? AND "
	    "r.grant_until_us < ? AND r.status IN ('granted','closed') AND NOT EXISTS (SELECT 1 "
	    "FROM viewings v WHERE v.request_id = r.id) AND NOT EXISTS (SELECT 1 FROM exports e "
	    "WHERE e.request_id = r.id) ORDER BY r.grant_until_us");

	while (db_step(st) == DB_ROW) {
		struct review_finding *f = add(fs, "grant_unused", db_col_text(st, 0),
		    db_col_text(st, 1), NULL, 0, db_col_int(st, 2), 0);

		set_links(fs, f, db_col_text(st, 0), NULL);
	}
	db_finalize(st);
}

/*---- People ----*/

/* GCU art. 16: no one asks for footage as a private person; the same person
 * asking again and again for one camera is worth a look. */
/* The references of one person's requests for one camera. */
struct refs {
	char	**v;
	size_t	  n;
};

static void
repeat_flush(struct fset *fs, const char *login, const char *camera, struct refs *refs,
    int64_t count, int64_t first, int64_t last)
{
	char subj[128];
	struct review_finding *f;

	if (count < fs->s->cfg.review_repeat_requests)
		return;
	snprintf(subj, sizeof subj, "%s@%s", login, camera);
	f = add(fs, "repeat_requests", subj, login, camera, count, first, last);
	free(f->links);
	f->links = review_links(fs->s, (const char *const *)refs->v, refs->n);
}

static void
repeat_requests(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT u.login, rc.camera, r.ref, r.created_us FROM "
	    "requests r JOIN request_cameras rc ON rc.request_id = r.id JOIN users u ON u.id = "
	    "r.requester_id WHERE r.created_us >= ? AND r.created_us < ? AND r.status <> 'draft' "
	    "ORDER BY u.login, rc.camera, r.created_us");
	char login[64] = "", camera[64] = "";
	int64_t count = 0, first = 0, last = 0;
	struct refs refs = { NULL, 0 };

	while (db_step(st) == DB_ROW) {
		if (strcmp(login, db_col_text(st, 0)) != 0 || strcmp(camera, db_col_text(st, 1)) != 0) {
			repeat_flush(fs, login, camera, &refs, count, first, last);
			snprintf(login, sizeof login, "%s", db_col_text(st, 0));
			snprintf(camera, sizeof camera, "%s", db_col_text(st, 1));
			count = 0;
			vg_strv_free(refs.v, refs.n);
			refs.v = NULL;
			refs.n = 0;
			first = db_col_int(st, 3);
		}
		refs.v = xrealloc(refs.v, (refs.n + 1) * sizeof *refs.v);
		refs.v[refs.n++] = xstrdup(db_col_text(st, 2));
		last = db_col_int(st, 3);
		count++;
	}
	repeat_flush(fs, login, camera, &refs, count, first, last);
	db_finalize(st);
	vg_strv_free(refs.v, refs.n);
}

/* One login's failures: the most within any ssh.lockout_window_s, and where. */
struct burst {
	int64_t	*ts;
	size_t	 n;
	int64_t	 best, from, to;
	char	 sources[256];
};

static void
burst_flush(struct fset *fs, const char *login, struct burst *b)
{
	int64_t win = (int64_t)fs->s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC;
	size_t j = 0;

	b->best = 0;
	for (size_t i = 0; i < b->n; i++) {
		while (b->ts[i] - b->ts[j] > win)
			j++;
		if ((int64_t)(i - j + 1) > b->best) {
			b->best = (int64_t)(i - j + 1);
			b->from = b->ts[j];
			b->to = b->ts[i];
		}
	}
	/* The same count that locks a login out (ssh.lockout_failures). */
	if (b->n > 0 && b->best >= fs->s->cfg.ssh_lockout_failures) {
		struct review_finding *f = add(fs, "failed_logins", login, login, b->sources, b->best,
		    b->from, b->to);

		set_links(fs, f, login, NULL);
	}
	b->n = 0;
	b->sources[0] = '\0';
}

static void
burst_source(struct burst *b, const char *source)
{
	const char *addr = strncmp(source, "ssh ", 4) == 0 ? source + 4 : source;
	size_t l = strlen(b->sources);

	if (strstr(b->sources, addr) != NULL || l + strlen(addr) + 3 >= sizeof b->sources)
		return;
	snprintf(b->sources + l, sizeof b->sources - l, "%s%s", l ? ", " : "", addr);
}

static void
failed_logins(struct fset *fs)
{
	struct vg_stmt *st = month_stmt(fs, "SELECT login, ts_us, source FROM login_attempts "
	    "WHERE ts_us >= ? AND ts_us < ? AND ok = 0 ORDER BY login, ts_us");
	struct burst b;
	char login[64] = "";
	size_t cap = 0;

	memset(&b, 0, sizeof b);
	while (db_step(st) == DB_ROW) {
		if (strcmp(login, db_col_text(st, 0)) != 0) {
			burst_flush(fs, login, &b);
			snprintf(login, sizeof login, "%s", db_col_text(st, 0));
		}
		if (b.n == cap) {
			cap = cap ? cap * 2 : 16;
			b.ts = xrealloc(b.ts, cap * sizeof *b.ts);
		}
		b.ts[b.n++] = db_col_int(st, 1);
		burst_source(&b, db_col_text(st, 2));
	}
	burst_flush(fs, login, &b);
	db_finalize(st);
	free(b.ts);
}

/*---- Cameras, checks, the room's records ----*/

/* GCU art. 10, DLUT art. 20(5): a camera left broken for long is a failure of
 * care; the threshold is the one that raises a fault. */
static void
cameras_offline(struct fset *fs)
{
	int64_t min_len = (int64_t)fs->s->cfg.equipment_fault_after_min * MIN_US;
	size_t n;
	struct review_outage *o = review_outages(fs->s, fs->from, fs->end, &n);

	for (size_t i = 0; i < n; i++) {
		int64_t end = o[i].to_us ? o[i].to_us : fs->end;
		char subj[96], t[32];
		struct review_finding *f;

		if (strcmp(o[i].kind, "offline") != 0 || end - o[i].from_us < min_len)
			continue;
		snprintf(subj, sizeof subj, "%s@%s", o[i].camera, time_fmt_iso(o[i].from_us, t));
		/* who: the recorder's reason for the outage. */
		f = add(fs, "camera_offline", subj, o[i].reason, o[i].camera,
		    (end - o[i].from_us) / MIN_US, o[i].from_us, o[i].to_us);
		set_links(fs, f, o[i].camera, NULL);
	}
	review_outages_free(o, n);
}

static void
checks(struct fset *fs, const struct review_checks *c)
{
	if (c == NULL)
		return;
	if (!c->audit_ok)
		add(fs, "audit_verify", "audit", NULL, c->audit_result, 0, 0, 0);
	if (c->footage_ok == 0)
		add(fs, "footage_verify", "footage", NULL, c->footage_result, c->footage_problems, 0,
		    0);
}

/* HHKCS 3.5: the duty, room and fault records are reviewed with the rest. */
static void
room_records(struct fset *fs)
{
	struct records_month rm;
	struct vg_actor *sys = actor_system("review");
	struct vg_err err;
	int y, m, d;

	time_ymd(fs->from, &y, &m, &d);
	if (records_month(fs->s, sys, y, m, &rm, &err) == 0) {
		for (size_t i = 0; i < rm.nfindings; i++) {
			const struct records_finding *r = &rm.findings[i];
			char subj[64];

			snprintf(subj, sizeof subj, "%s %lld", strcmp(r->what, "shift_overdue") == 0 ?
			    "shift" : strcmp(r->what, "room_open") == 0 ? "room" : "fault",
			    (long long)r->id);
			add(fs, r->what, subj, NULL, r->text, r->id, r->at_us, 0);
		}
		records_month_free(&rm);
	}
	actor_free(sys);
}

struct review_finding *
review_compute(struct vg_site *s, int64_t from, int64_t to, const struct review_checks *c,
    size_t *n)
{
	struct fset fs = { s, from, to, to, NULL, 0 };
	int64_t now = clock_now();

	if (now < fs.end)
		fs.end = now;
	fs.v = xcalloc(1, sizeof *fs.v);
	viewings_unplayed(&fs);
	copies_without_export(&fs);
	exports_not_downloaded(&fs);
	reports_overdue(&fs);
	grants_unused(&fs);
	viewings_after_hours(&fs);
	repeat_requests(&fs);
	failed_logins(&fs);
	cameras_offline(&fs);
	checks(&fs, c);
	room_records(&fs);
	*n = fs.n;
	return fs.v;
}

void
review_findings_free(struct review_finding *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].subject);
		free(v[i].who);
		free(v[i].what);
		free(v[i].links);
		free(v[i].note);
		free(v[i].answered_by);
	}
	free(v);
}

/*---- How findings read ----*/

static const struct {
	const char	*kind;
	const char	*title;
} kinds[] = {
	{ "viewing_unplayed", N_("Viewing with no footage played") },
	{ "copy_no_export", N_("Copy handed over without an export") },
	{ "export_not_downloaded", N_("Export never downloaded") },
	{ "report_overdue", N_("Usage report overdue") },
	{ "grant_unused", N_("Grant expired unused") },
	{ "viewing_after_hours", N_("Viewing outside working hours") },
	{ "repeat_requests", N_("Repeated requests for one camera") },
	{ "failed_logins", N_("Repeated failed logins") },
	{ "camera_offline", N_("Camera offline for long") },
	{ "audit_verify", N_("Audit log check failed") },
	{ "footage_verify", N_("Footage check failed") },
	{ "shift_overdue", N_("Duty shift overdue") },
	{ "room_open", N_("Control-room entry without exit") },
	{ "fault_overdue", N_("Fault not fixed in time") },
};

const char *
review_kind_title(const char *kind)
{
	for (size_t i = 0; i < VG_ARRLEN(kinds); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return _(kinds[i].title);
	return kind;
}

static char *
text_people(struct vg_site *s, const struct review_finding *f)
{
	char t1[32], t2[32], span[48];

	if (strcmp(f->kind, "repeat_requests") == 0)
		return xasprintf(_("%s filed %lld requests for camera %s this month (%s to %s); "
		    "review.repeat_requests is %d"), f->who, (long long)f->n, f->what,
		    time_fmt(f->t1_us, t1), time_fmt(f->t2_us, t2), s->cfg.review_repeat_requests);
	if (strcmp(f->kind, "failed_logins") == 0)
		return xasprintf(_("%lld failed logins for %s within %s (%s to %s), from %s"),
		    (long long)f->n, f->who, time_fmt_span((int64_t)s->cfg.ssh_lockout_window_s *
		    VG_USEC_PER_SEC, span), time_fmt(f->t1_us, t1), time_fmt(f->t2_us, t2), f->what);
	if (strcmp(f->kind, "camera_offline") == 0 && f->t2_us == 0)
		return xasprintf(_("camera %s has been offline since %s (%s so far): %s"), f->what,
		    time_fmt(f->t1_us, t1), time_fmt_span(f->n * MIN_US, span), f->who);
	if (strcmp(f->kind, "camera_offline") == 0)
		return xasprintf(_("camera %s was offline for %s, from %s to %s: %s"), f->what,
		    time_fmt_span(f->n * MIN_US, span), time_fmt(f->t1_us, t1), time_fmt(f->t2_us, t2),
		    f->who);
	return NULL;
}

static char *
text_requests(struct vg_site *s, const struct review_finding *f)
{
	char t1[32], t2[32];

	if (strcmp(f->kind, "viewing_unplayed") == 0)
		return xasprintf(_("viewing %lld of %s, run by %s from %s to %s, played no footage"),
		    (long long)f->n, f->what, f->who, time_fmt(f->t1_us, t1), time_fmt(f->t2_us, t2));
	if (strcmp(f->kind, "copy_no_export") == 0)
		return xasprintf(_("a copy was handed over to %s at viewing %lld of %s on %s, and no "
		    "export was made of it"), f->who, (long long)f->n, f->what,
		    time_fmt(f->t1_us, t1));
	if (strcmp(f->kind, "export_not_downloaded") == 0)
		return xasprintf(_("export %s of %s for %s, made %s, has not been downloaded in full "
		    "(%lld attempts); it can be downloaded until %s"), f->subject, f->what, f->who,
		    time_fmt(f->t1_us, t1), (long long)f->n, time_fmt(f->t2_us, t2));
	if (strcmp(f->kind, "report_overdue") == 0 && f->t2_us == 0)
		return xasprintf(_("the usage report of %s by %s was due %s and has not been filed"),
		    f->subject, f->who, time_fmt(f->t1_us, t1));
	if (strcmp(f->kind, "report_overdue") == 0)
		return xasprintf(_("the usage report of %s by %s was due %s and was filed late, %s"),
		    f->subject, f->who, time_fmt(f->t1_us, t1), time_fmt(f->t2_us, t2));
	if (strcmp(f->kind, "grant_unused") == 0)
		return xasprintf(_("the grant of %s to %s ended %s unused: no viewing, no export"),
		    f->subject, f->who, time_fmt(f->t1_us, t1));
	if (strcmp(f->kind, "viewing_after_hours") == 0) {
		char *hours = config_working_text(&s->cfg), *r;

		r = xasprintf(_("viewing %lld of %s was started by %s at %s, outside working hours "
		    "(%s)"), (long long)f->n, f->what, f->who, time_fmt(f->t1_us, t1), hours);
		free(hours);
		return r;
	}
	return NULL;
}

char *
review_finding_text(struct vg_site *s, const struct review_finding *f)
{
	char *t;

	if ((t = text_requests(s, f)) != NULL || (t = text_people(s, f)) != NULL)
		return t;
	if (strcmp(f->kind, "audit_verify") == 0)
		return xasprintf(_("audit verify failed when the review was built: %s"), f->what);
	if (strcmp(f->kind, "footage_verify") == 0)
		return xasprintf(_("footage verify found %lld problems when the review was built: %s"),
		    (long long)f->n, f->what);
	/* The monitoring room's own sentences (records.h), as built. */
	return xstrdup(f->what);
}
