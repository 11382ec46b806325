/* status.c — camera health from camera_state and the site summary, behind their capabilities. */
#include "core/status.h"

#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/segments.h"
#include "core/site.h"
#include "core/sshsig.h"
#include "core/users.h"
#include "core/util.h"

int
status_cameras(struct vg_site *s, const struct vg_actor *a, struct cam_status **out,
    size_t *n, struct vg_err *err)
{
	struct vg_stmt *st;
	struct cam_status *v = NULL;

	*out = NULL;
	*n = 0;
	if (actor_require(s, a, "camera.status", err) != 0)
		return -1;
	/* The recorder writes camera_state; a camera it has not reported yet is "unknown". */
	st = db_prepare(s->db, "SELECT c.id, c.name, c.location, c.unit, c.privacy, c.zone, "
	    "c.enabled, COALESCE(cs.status, 'unknown'), COALESCE(cs.recording, 0), "
	    "COALESCE(cs.covered, 0), COALESCE(cs.moved, 0), COALESCE(cs.since_us, 0), "
	    "COALESCE(cs.last_segment_end_us, 0), COALESCE(cs.last_frame_us, 0), "
	    "COALESCE(cs.updated_us, 0) FROM cameras c LEFT JOIN camera_state cs "
	    "ON cs.camera = c.id WHERE c.removed_us IS NULL ORDER BY c.id");
	while (db_step(st) == DB_ROW) {
		struct cam_status *c;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		c = &v[(*n)++];
		c->id = xstrdup(db_col_text(st, 0));
		c->name = xstrdup(db_col_text(st, 1));
		c->location = xstrdup(db_col_text(st, 2));
		c->unit = xstrdup(db_col_text(st, 3));
		c->privacy = xstrdup(db_col_text(st, 4));
		c->zone = xstrdup(db_col_text(st, 5));
		c->enabled = (int)db_col_int(st, 6);
		c->status = xstrdup(db_col_text(st, 7));
		c->recording = (int)db_col_int(st, 8);
		c->covered = (int)db_col_int(st, 9);
		c->moved = (int)db_col_int(st, 10);
		c->since_us = db_col_int(st, 11);
		c->last_segment_end_us = db_col_int(st, 12);
		c->last_frame_us = db_col_int(st, 13);
		c->updated_us = db_col_int(st, 14);
	}
	db_finalize(st);
	*out = v;
	return 0;
}

void
status_cameras_free(struct cam_status *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].location);
		free(v[i].unit);
		free(v[i].privacy);
		free(v[i].zone);
		free(v[i].status);
	}
	free(v);
}

const char *
status_camera_word(const struct cam_status *c)
{
	if (!c->enabled)
		return N_("disabled");
	if (strcmp(c->status, "offline") == 0)
		return N_("offline");
	/* The recorder stopped it: the disk is full (recorder.disk_stop_pct). */
	if (strcmp(c->status, "stopped") == 0)
		return N_("stopped");
	if (c->covered)
		return N_("covered");
	if (c->moved)
		return N_("moved");
	if (strcmp(c->status, "online") == 0)
		return N_("online");
	return N_("unknown");
}

int64_t
status_recorder_beat(struct vg_site *s)
{
	return db_scalar(s->db, "SELECT COALESCE(MAX(beat_us), 0) FROM recorder_heartbeat", NULL, 0);
}

/* The key a court compares with the one in an export's allowed_signers. */
static void
signing_key(struct vg_site *s, struct site_status *st)
{
	struct vg_err err;

	if (!s->have_pk && site_load_public_key(s, &err) != 0) {
		st->signing_key = xstrdup("");
		return;
	}
	st->signing_key = sshsig_pubkey_line(s->sign_pk);
	sshsig_fingerprint(s->sign_pk, st->signing_fp);
}

int
status_site(struct vg_site *s, const struct vg_actor *a, struct site_status *st,
    struct vg_err *err)
{
	struct cam_status *cams;
	struct statvfs vfs;
	struct vg_actor *sys;
	size_t n;
	int r;

	memset(st, 0, sizeof *st);
	if (actor_require(s, a, "status.view", err) != 0)
		return -1;
	/* status.view covers the camera counts: read them as the system. */
	sys = actor_system(a->source);
	r = status_cameras(s, sys, &cams, &n, err);
	actor_free(sys);
	if (r != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *w = status_camera_word(&cams[i]);

		st->online += strcmp(w, "online") == 0;
		st->offline += strcmp(w, "offline") == 0;
		st->covered += strcmp(w, "covered") == 0;
		st->moved += strcmp(w, "moved") == 0;
		st->unknown += strcmp(w, "unknown") == 0;
		st->disabled += strcmp(w, "disabled") == 0;
	}
	st->cameras = (int64_t)n;
	status_cameras_free(cams, n);
	st->site = xstrdup(s->cfg.site_name);
	st->policy = xstrdup(s->pol->name);
	st->policy_title = xstrdup(s->pol->title);
	st->timezone = xstrdup(s->cfg.timezone);
	st->now_us = clock_now();
	st->users = db_scalar(s->db, "SELECT COUNT(*) FROM users WHERE disabled = 0", NULL, 0);
	segments_totals(s->db, &st->segments, &st->footage_bytes);
	st->recorder_beat_us = status_recorder_beat(s);
	st->sessions_open = db_scalar(s->db,
	    "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL", NULL, 0);
	st->audit_entries = db_scalar(s->db, "SELECT COUNT(*) FROM audit", NULL, 0);
	st->schema_version = db_schema_version(s->db);
	st->storage_used_pct = -1;
	if (statvfs(s->cfg.storage_dir, &vfs) == 0 && vfs.f_blocks > 0)
		st->storage_used_pct = (int)(100 - (100.0 * (double)vfs.f_bavail /
		    (double)vfs.f_blocks));
	signing_key(s, st);
	return 0;
}

void
status_site_free(struct site_status *st)
{
	free(st->site);
	free(st->policy);
	free(st->policy_title);
	free(st->timezone);
	free(st->signing_key);
	memset(st, 0, sizeof *st);
}
