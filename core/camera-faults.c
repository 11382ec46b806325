/* camera-faults.c — writing a new fault, and raising faults for cameras that stay offline, covered or moved. */
#include "core/camera-faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

static void
bind_or_null(struct vg_stmt *st, int idx, int64_t v)
{
	if (v != 0)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

int
fault_insert(struct vg_site *s, const char *actor, const char *source,
    const struct fault_new *f, int64_t *id, struct vg_err *err)
{
	struct vg_stmt *st;
	char obj[32], t[32];
	int r;

	VG_ASSERT(db_in_tx(s->db));
	st = db_prepare(s->db, "INSERT INTO faults (equipment, cause, text, reported_by, "
	    "reported_us, began_us, inspection_id) VALUES (?,?,?,?,?,?,?)");
	db_bind_text(st, 1, f->equipment);
	db_bind_text(st, 2, f->cause);
	db_bind_text(st, 3, f->text);
	bind_or_null(st, 4, f->reported_by);
	db_bind_int(st, 5, clock_now());
	bind_or_null(st, 6, f->began_us);
	bind_or_null(st, 7, f->inspection_id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	snprintf(obj, sizeof obj, "fault %lld", (long long)*id);
	return audit_appendf(s, actor, f->reported_by ? "fault.report" : "fault.raise", obj,
	    source, err, "equipment=%s; cause=%s; began=%s; text=%s", f->equipment, f->cause,
	    f->began_us ? time_fmt(f->began_us, t) : "-", f->text);
}

/*---- Raised by themselves ----*/

struct trouble {
	char	*camera;
	char	*cause;
	int64_t	 began_us;
};

/*
 * Cameras in trouble since before `before`: offline since camera_state's
 * since_us; covered or moved since the newest such event.  An episode with a
 * fault of its cause reported since it began already has its fault.
 */
static const char trouble_sql[] =
	"SELECT id, cause, began FROM ("
	"  SELECT c.id, 'offline' AS cause, s.since_us AS began FROM cameras c"
	"    JOIN camera_state s ON s.camera = c.id"
	"    WHERE s.status = 'offline' AND s.since_us > 0"
	"  UNION ALL"
	"  SELECT c.id, 'covered', (SELECT MAX(e.ts_us) FROM camera_events e"
	"      WHERE e.camera = c.id AND e.kind = 'covered') FROM cameras c"
	"    JOIN camera_state s ON s.camera = c.id WHERE s.covered = 1"
	"  UNION ALL"
	"  SELECT c.id, 'moved', (SELECT MAX(e.ts_us) FROM camera_events e"
	"      WHERE e.camera = c.id AND e.kind = 'moved') FROM cameras c"
	"    JOIN camera_state s ON s.camera = c.id WHERE s.moved = 1"
	") t WHERE began IS NOT NULL AND began <= ?"
	"  AND id IN (SELECT id FROM cameras WHERE removed_us IS NULL AND enabled = 1)"
	"  AND NOT EXISTS (SELECT 1 FROM faults f WHERE f.equipment = t.id AND f.cause = t.cause"
	"    AND (f.fixed_us IS NULL OR f.reported_us >= t.began))"
	" ORDER BY id, cause";

static struct trouble *
troubles(struct vg_site *s, int64_t before, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, trouble_sql);
	struct trouble *v = NULL;

	*n = 0;
	db_bind_int(st, 1, before);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[*n].camera = xstrdup(db_col_text(st, 0));
		v[*n].cause = xstrdup(db_col_text(st, 1));
		v[*n].began_us = db_col_int(st, 2);
		(*n)++;
	}
	db_finalize(st);
	return v;
}

static char *
trouble_text(const struct trouble *t, int after_min)
{
	char since[32];

	time_fmt(t->began_us, since);
	if (strcmp(t->cause, "offline") == 0)
		return xasprintf(_("camera %s has been offline since %s (over %d min)"), t->camera,
		    since, after_min);
	if (strcmp(t->cause, "covered") == 0)
		return xasprintf(_("camera %s has been covered since %s (over %d min)"), t->camera,
		    since, after_min);
	return xasprintf(_("camera %s has been moved since %s (over %d min)"), t->camera, since,
	    after_min);
}

int
camera_faults_sweep(struct vg_site *s, const char *actor, int64_t now, int *raised,
    struct vg_err *err)
{
	int after = s->cfg.equipment_fault_after_min;
	struct trouble *v;
	size_t n;
	int r = 0;

	*raised = 0;
	v = troubles(s, now - (int64_t)after * 60 * VG_USEC_PER_SEC, &n);
	if (n > 0 && (r = site_begin(s, err)) == 0) {
		for (size_t i = 0; i < n && r == 0; i++) {
			char *text = trouble_text(&v[i], after);
			struct fault_new f = { v[i].camera, v[i].cause, text, 0, v[i].began_us, 0 };
			int64_t id;

			r = fault_insert(s, actor, actor, &f, &id, err);
			free(text);
		}
		r = site_end_tx(s, r, err);
		if (r == 0)
			*raised = (int)n;
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].camera);
		free(v[i].cause);
	}
	free(v);
	return r;
}
