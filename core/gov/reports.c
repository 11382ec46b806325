/* reports.c — usage reports: how footage was used, filed by the requester; overdue ones. */
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/exports.h"
#include "core/gov/gov-int.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

int
reports_check(const struct vg_actor *a, const struct vg_request *q, struct vg_err *err)
{
	char t1[32];

	if (actor_need_person(a, err) != 0)
		return -1;
	if (strcmp(q->requester, a->login) != 0)
		return vg_seterr(err, VG_REFUSED, _("only the requester %s files the usage report of "
		    "%s"), q->requester, q->ref);
	if (q->report_filed_us)
		return vg_seterr(err, VG_CONFLICT, _("the usage report of %s was filed %s"), q->ref,
		    time_fmt(q->report_filed_us, t1));
	if (q->status != REQ_GRANTED && q->status != REQ_EXPIRED)
		return vg_seterr(err, VG_CONFLICT, _("%s is %s: a usage report follows a grant"),
		    q->ref, requests_status_name(q->status));
	if (q->open_viewings > 0)
		return vg_seterr(err, VG_CONFLICT, _("%s has a viewing in progress; report after it "
		    "ends"), q->ref);
	return 0;
}

/*
 * REG ch. 5 §2.2: after use the applicant reports how the footage was used.
 * The report may be filed once the request has been granted (including after
 * its grant expired), not while a viewing is still open; filing it closes the
 * request.  Profiles without a report deadline accept one all the same.
 */
int
reports_file(struct vg_site *s, const struct vg_actor *a, const char *ref, const char *text,
    struct vg_err *err)
{
	struct vg_request *q;
	struct vg_stmt *st;
	int64_t now = clock_now();
	char t1[32];
	int r = -1;

	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (reports_check(a, q, err) != 0 ||
	    vg_check_text(text, 4000, 1, "text", _("the report"), err) != 0 ||
	    site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO usage_reports (request_id, filed_by, filed_us, text) "
	    "VALUES (?,?,?,?)");
	db_bind_int(st, 1, q->id);
	db_bind_int(st, 2, a->user_id);
	db_bind_int(st, 3, now);
	db_bind_text(st, 4, text);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		st = db_prepare(s->db, "UPDATE requests SET status = 'closed', closed_us = ? "
		    "WHERE id = ?");
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, q->id);
		r = db_run(st, s->db, err);
		db_finalize(st);
	}
	if (r == 0)
		r = audit_appendf(s, a->display, "report.file", ref, a->source, err,
		    "due=%s; late=%d; article=%s; text=%s", q->report_due_us ?
		    time_fmt(q->report_due_us, t1) : "-", q->report_due_us && now > q->report_due_us,
		    s->pol->limits.report_article, text);
	/* The report closes the request and with it the grant: its exports end
	 * too (exports-end.c cites why). */
	if (r == 0)
		r = exports_end_grant_tx(s, a, q, "closed by its usage report", err);
	if ((r = site_end_tx(s, r, err)) == 0)
		exports_end_grant_files(s, a, q);
out:
	requests_free(q);
	return r;
}
