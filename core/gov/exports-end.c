/* exports-end.c — a grant that ends before its time takes its request's ready exports with it. */
#include <stdlib.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/gov/exports-int.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/*
 * A copy leaves the system only under a grant that still stands.  When the
 * grant ends before its time (the requester withdraws the request, or files
 * the usage report that closes it), each export of the request that could
 * still be downloaded is revoked in the same transaction, and its file is
 * removed after the commit:
 *   HHKCS 2.5.3(i): a copy is made only on the approver's written authority;
 *   GCU art. 16(2)3, 17: copied only as approved; its holders answer for it;
 *   GUAT art. 17-18: copied only after approval, for the use applied for;
 *   REG ch. 4 §2.1-2.2, §3.1: used within the time applied for, never passed
 *   on, and kept only on the school's own server meanwhile;
 *   DLUT art. 14, 15(2)2: no copy without approval, for the stated use only.
 * An export that already expired or was revoked keeps its state and reason.
 */

/* A request's exports whose file is still there, revoked or not. */
static struct vg_export *
exports_where(struct vg_site *s, int64_t request_id, int revoked, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, EXPORT_SELECT "WHERE e.request_id = ? AND "
	    "e.removed_us IS NULL AND (e.revoked_us IS NOT NULL) = ? ORDER BY e.id");
	struct vg_export *v = xcalloc(1, sizeof *v);
	int64_t now = clock_now();

	*n = 0;
	db_bind_int(st, 1, request_id);
	db_bind_int(st, 2, revoked);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		exports_row(s, st, now, &v[(*n)++]);
	}
	db_finalize(st);
	return v;
}

int
exports_end_grant_tx(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const char *how, struct vg_err *err)
{
	size_t n;
	struct vg_export *v = exports_where(s, q->id, 0, &n);
	char *reason = xasprintf("request %s %s; its copies end with its grant (%s)", q->ref, how,
	    exports_route_article(s, q));
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++)
		if (v[i].state == EXPORT_READY)
			r = exports_revoke_tx(s, a, &v[i], reason, err);
	free(reason);
	exports_free_list(v, n);
	return r;
}

void
exports_end_grant_files(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q)
{
	size_t n;
	struct vg_export *v = exports_where(s, q->id, 1, &n);
	struct vg_err err;

	/* A file that cannot be removed now is removed by the next expiry pass
	 * (exports_expire), which takes every revoked export still on disk; the
	 * revocation itself is already committed and refuses every download. */
	for (size_t i = 0; i < n; i++)
		(void)exports_remove_file(s, a->display, a->source, &v[i], "revoked", &err);
	exports_free_list(v, n);
}
