/* crosscheck.c — requests, approvals, viewings and holds checked against their audit entries. */
#include "core/gov/crosscheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/site.h"
#include "core/util.h"

struct xc {
	struct vg_site	 *s;
	struct vg_stmt	 *has;
	char		**v;
	size_t		  n;
	long long	  checked;
};

static void xc_report(struct xc *, const char *, ...) __attribute__((format(printf, 2, 3)));

static void
xc_report(struct xc *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	x->v = xrealloc(x->v, (x->n + 2) * sizeof *x->v);
	x->v[x->n++] = xvasprintf(fmt, ap);
	x->v[x->n] = NULL;
	va_end(ap);
}

/* Whether the log has an entry doing action to object whose detail starts with prefix. */
static int
has_entry(struct xc *x, const char *action, const char *object, const char *prefix)
{
	db_reset(x->has);
	db_bind_text(x->has, 1, object);
	db_bind_text(x->has, 2, action);
	db_bind_int(x->has, 3, (int64_t)strlen(prefix));
	db_bind_text(x->has, 4, prefix);
	return db_step(x->has) == DB_ROW && db_col_int(x->has, 0) > 0;
}

/* Reports a missing entry; returns whether it was there. */
static int
need(struct xc *x, const char *action, const char *object, const char *prefix)
{
	if (has_entry(x, action, object, prefix))
		return 1;
	xc_report(x, _("%s: no %s entry in the audit log"), object, action);
	return 0;
}

/* A grant is honoured only with its signed entry and its approvals. */
static void
check_grant(struct xc *x, const char *ref, int64_t steps, int64_t approved)
{
	if (!need(x, "request.grant", ref, ""))
		return;
	if (steps == 0 && !has_entry(x, "request.grant", ref, "granted on submission"))
		xc_report(x, _("%s: marked granted, but it has no approval rows and was not granted "
		    "on submission"), ref);
	else if (steps > 0 && approved < steps)
		xc_report(x, _("%s: marked granted, but only %lld of its %lld approval steps are "
		    "approved"), ref, (long long)approved, (long long)steps);
}

static void
check_requests(struct xc *x)
{
	struct vg_stmt *st = db_prepare(x->s->db, "SELECT r.ref, r.status, "
	    "r.grant_until_us IS NOT NULL, (SELECT COUNT(*) FROM approvals a WHERE "
	    "a.request_id = r.id), (SELECT COUNT(*) FROM approvals a WHERE a.request_id = r.id "
	    "AND a.decision = 'approved'), (SELECT COUNT(*) FROM approvals a WHERE "
	    "a.request_id = r.id AND a.decision = 'rejected') FROM requests r ORDER BY r.id");

	while (db_step(st) == DB_ROW) {
		const char *ref = db_col_text(st, 0), *status = db_col_text(st, 1);

		x->checked++;
		need(x, "request.create", ref, "");
		if (strcmp(status, "draft") != 0)
			need(x, "request.submit", ref, "");
		if (db_col_int(st, 2) || strcmp(status, "granted") == 0)
			check_grant(x, ref, db_col_int(st, 3), db_col_int(st, 4));
		if (strcmp(status, "rejected") == 0 && db_col_int(st, 5) == 0)
			xc_report(x, _("%s: marked rejected, but no approval step is rejected"), ref);
		if (strcmp(status, "withdrawn") == 0)
			need(x, "request.withdraw", ref, "");
		if (strcmp(status, "closed") == 0)
			need(x, "report.file", ref, "");
	}
	db_finalize(st);
}

static void
check_approvals(struct xc *x)
{
	struct vg_stmt *st = db_prepare(x->s->db, "SELECT r.ref, a.step, a.decision FROM approvals a "
	    "JOIN requests r ON r.id = a.request_id WHERE a.decision IS NOT NULL ORDER BY a.id");

	while (db_step(st) == DB_ROW) {
		char prefix[32];
		const char *action = strcmp(db_col_text(st, 2), "approved") == 0 ?
		    "request.approve" : "request.reject";

		x->checked++;
		snprintf(prefix, sizeof prefix, "step=%lld;", (long long)db_col_int(st, 1));
		if (!has_entry(x, action, db_col_text(st, 0), prefix))
			xc_report(x, _("%s: step %lld is marked %s, but no %s entry for it is in the "
			    "audit log"), db_col_text(st, 0), (long long)db_col_int(st, 1),
			    db_col_text(st, 2), action);
	}
	db_finalize(st);
}

/* Rows named "KIND ID" in the audit (viewings, holds): made, and ended if ended. */
static void
check_objects(struct xc *x, const char *sql, const char *kind, const char *made,
    const char *ended, const char *ended2)
{
	struct vg_stmt *st = db_prepare(x->s->db, sql);

	while (db_step(st) == DB_ROW) {
		char obj[48];

		x->checked++;
		snprintf(obj, sizeof obj, "%s %lld", kind, (long long)db_col_int(st, 0));
		need(x, made, obj, "");
		if (db_col_int(st, 1) && !has_entry(x, ended, obj, "") &&
		    (ended2 == NULL || !has_entry(x, ended2, obj, "")))
			xc_report(x, _("%s: marked ended, but no %s entry is in the audit log"), obj,
			    ended);
	}
	db_finalize(st);
}

int
crosscheck_run(struct vg_site *s, char ***problems, size_t *n, long long *checked,
    struct vg_err *err)
{
	struct xc x = { .s = s };

	(void)err;
	x.has = db_prepare(s->db, "SELECT COUNT(*) FROM audit WHERE object = ? AND action = ? "
	    "AND kind = 'entry' AND substr(detail, 1, ?) = ?");
	check_requests(&x);
	check_approvals(&x);
	check_objects(&x, "SELECT id, ended_us IS NOT NULL FROM viewings ORDER BY id", "viewing",
	    "viewing.start", "viewing.end", NULL);
	check_objects(&x, "SELECT id, released_us IS NOT NULL OR closed_us IS NOT NULL FROM holds "
	    "ORDER BY id", "hold", "hold.place", "hold.release", "hold.close");
	db_finalize(x.has);
	if (x.v == NULL)
		x.v = xcalloc(1, sizeof *x.v);
	*problems = x.v;
	*n = x.n;
	*checked = x.checked;
	return 0;
}
