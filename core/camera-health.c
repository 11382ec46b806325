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
