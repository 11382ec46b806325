/* camera-health.c — camera events and the re-acknowledgement of a camera's view. */
#include "core/camera-health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

int
camera_event_add(struct vg_site *s, const char *actor, const char *source, const char *camera,
    const char *kind, const char *detail, int audited, struct vg_err *err)
{
	struct vg_stmt *st;
	char action[64];
	int r;

	VG_ASSERT(db_in_tx(s->db));
	st = db_prepare(s->db,
	    "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES (?,?,?,?)");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, clock_now());
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, detail ? detail : "");
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0 || !audited)
		return r;
	snprintf(action, sizeof action, "%s.%s", camera ? "camera" : "storage", kind);
	return audit_append(s, actor, action, camera ? camera : "storage", detail ? detail : "",
	    source, err);
}

int64_t
camera_ack_reference(struct vg_site *s, const struct vg_actor *a, const char *camera,
    struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t now = clock_now(), id = -1, open_moved;
	char *detail = NULL;

	/* HHKCS 2.1.2, 2.4.2: only authorised people may change what a camera looks at;
	 * accepting a new view is part of managing the camera. */
	if (actor_require(s, a, "camera.manage", err) != 0)
		return -1;
	if (db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ? AND removed_us IS NULL",
	    camera, 0) == 0) {
		vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
		return -1;
	}
	if (site_begin(s, err) != 0)
		return -1;
	open_moved = db_scalar(s->db, "SELECT COUNT(*) FROM camera_events WHERE camera = ? AND "
	    "kind = 'moved' AND acked_us IS NULL", camera, 0);
	st = db_prepare(s->db, "INSERT INTO camera_events (camera, ts_us, kind, detail, acked_by, "
	    "acked_us) VALUES (?,?,'reference.ack',?,?,?)");
	detail = xasprintf("by %s", a->display);
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, detail);
	if (a->user_id > 0)
		db_bind_int(st, 4, a->user_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, now);
	if (db_run(st, s->db, err) != 0)
		goto fail;
	id = db_last_id(s->db);
	db_finalize(st);
	st = db_prepare(s->db, "UPDATE camera_events SET acked_by = ?, acked_us = ? "
	    "WHERE camera = ? AND kind = 'moved' AND acked_us IS NULL");
	if (a->user_id > 0)
		db_bind_int(st, 1, a->user_id);
	else
		db_bind_null(st, 1);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, camera);
	if (db_run(st, s->db, err) != 0)
		goto fail;
	if (audit_appendf(s, a->display, "camera.reference_ack", camera, a->source, err,
	    "moved_alarms_acknowledged=%lld", (long long)open_moved) != 0)
		goto fail;
	db_finalize(st);
	st = NULL;
	free(detail);
	if (site_commit(s, err) != 0)
		return -1;
	return id;
fail:
	db_finalize(st);
	free(detail);
	site_rollback(s);
	return -1;
}

/*---- What the console shows ----*/

/* The latest event of a kind for a camera into the alarm; 0 when there is one. */
static int
latest_event(struct vg_site *s, const char *camera, const char *kind, struct cam_alarm *al)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT ts_us, detail FROM camera_events "
	    "WHERE camera = ? AND kind = ? ORDER BY ts_us DESC, id DESC LIMIT 1");
	int r = -1;

	db_bind_text(st, 1, camera);
	db_bind_text(st, 2, kind);
	if (db_step(st) == DB_ROW) {
		al->since_us = db_col_int(st, 0);
		al->detail = xstrdup(db_col_text(st, 1));
		r = 0;
	}
	db_finalize(st);
	return r;
}

static void
add_alarm(struct vg_site *s, struct cam_alarm **v, size_t *n, const char *camera,
    const char *name, const char *kind, int64_t since_us)
{
	struct cam_alarm *al;

	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	al = &(*v)[(*n)++];
	memset(al, 0, sizeof *al);
	al->camera = xstrdup(camera);
	al->name = xstrdup(name);
	al->kind = xstrdup(kind);
	if (latest_event(s, camera, kind, al) != 0) {
		al->since_us = since_us;
		al->detail = xstrdup("");
	}
}

int
camera_alarms(struct vg_site *s, const struct vg_actor *a, struct cam_alarm **out, size_t *n,
    struct vg_err *err)
{
	struct vg_stmt *st;
	struct cam_alarm *v = NULL;

	*out = NULL;
	*n = 0;
	if (actor_require(s, a, "camera.status", err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT c.id, c.name, cs.status, cs.covered, cs.moved, cs.since_us "
	    "FROM cameras c JOIN camera_state cs ON cs.camera = c.id "
	    "WHERE c.removed_us IS NULL AND c.enabled = 1 ORDER BY c.id");
	while (db_step(st) == DB_ROW) {
		const char *id = db_col_text(st, 0), *name = db_col_text(st, 1);
		const char *status = db_col_text(st, 2);
		int64_t since = db_col_int(st, 5);

		if (strcmp(status, "offline") == 0)
			add_alarm(s, &v, n, id, name, "offline", since);
		else if (strcmp(status, "stopped") == 0)
			add_alarm(s, &v, n, id, name, "disk.stop", since);
		if (db_col_int(st, 3))
			add_alarm(s, &v, n, id, name, "covered", since);
		if (db_col_int(st, 4))
			add_alarm(s, &v, n, id, name, "moved", since);
	}
	db_finalize(st);
	*out = v;
	return 0;
}

void
camera_alarms_free(struct cam_alarm *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].camera);
		free(v[i].name);
		free(v[i].kind);
		free(v[i].detail);
	}
	free(v);
}

int
camera_events_list(struct vg_site *s, const struct vg_actor *a, const char *camera,
    size_t limit, struct cam_event **out, size_t *n, struct vg_err *err)
{
	struct vg_stmt *st;
	struct cam_event *v = NULL;

	*out = NULL;
	*n = 0;
	if (actor_require(s, a, "camera.status", err) != 0)
		return -1;
	if (db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", camera, 0) == 0)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	st = db_prepare(s->db, "SELECT e.ts_us, e.kind, e.detail, COALESCE(e.acked_us, 0), "
	    "COALESCE(u.login, '') FROM camera_events e LEFT JOIN users u ON u.id = e.acked_by "
	    "WHERE e.camera = ? ORDER BY e.ts_us DESC, e.id DESC LIMIT ?");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, (int64_t)limit);
	while (db_step(st) == DB_ROW) {
		struct cam_event *e;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		e = &v[(*n)++];
		e->ts_us = db_col_int(st, 0);
		e->kind = xstrdup(db_col_text(st, 1));
		e->detail = xstrdup(db_col_text(st, 2));
		e->acked_us = db_col_int(st, 3);
		e->acked_by = xstrdup(db_col_text(st, 4));
	}
	db_finalize(st);
	*out = v;
	return 0;
}

void
camera_events_free(struct cam_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].detail);
		free(v[i].acked_by);
	}
	free(v);
}
