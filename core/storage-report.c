/* storage-report.c — what footage each camera holds, at what rate, under which holds, and how long the disk lasts. */
#include "core/storage-report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

#define DAY_US (INT64_C(86400) * VG_USEC_PER_SEC)

/* ICT's maintenance (HHKCS 3.3, 5.4.1): either capability reads it. */
static int
may_read(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	if (actor_can(s, a, "footage.verify"))
		return 0;
	return actor_require(s, a, "retention.run", err);
}

static void
cam_totals(struct vg_site *s, struct storage_cam *c)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*), COALESCE(SUM(bytes), 0), "
	    "COALESCE(MIN(start_us), 0), COALESCE(MAX(end_us), 0) FROM segments WHERE camera = ? "
	    "AND state = 'ok'");

	db_bind_text(st, 1, c->camera);
	if (db_step(st) == DB_ROW) {
		c->segments = db_col_int(st, 0);
		c->bytes = db_col_int(st, 1);
		c->oldest_us = db_col_int(st, 2);
		c->newest_us = db_col_int(st, 3);
	}
	db_finalize(st);
}

/* Bytes a day over the camera's last 7 days of footage (or all of it, when shorter). */
static double
cam_rate(struct vg_site *s, const struct storage_cam *c)
{
	int64_t since = c->newest_us - 7 * DAY_US, span, bytes = 0, first = 0;
	struct vg_stmt *st;

	if (c->segments == 0)
		return 0;
	st = db_prepare(s->db, "SELECT COALESCE(SUM(bytes), 0), COALESCE(MIN(start_us), 0) "
	    "FROM segments WHERE camera = ? AND state = 'ok' AND start_us >= ?");
	db_bind_text(st, 1, c->camera);
	db_bind_int(st, 2, since);
	if (db_step(st) == DB_ROW) {
		bytes = db_col_int(st, 0);
		first = db_col_int(st, 1);
	}
	db_finalize(st);
	span = c->newest_us - first;
	if (span < VG_USEC_PER_SEC)
		return 0;
	return (double)bytes * (double)DAY_US / (double)span;
}

static int64_t
cam_held(struct vg_site *s, const char *camera, int64_t now)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COALESCE(SUM(g.bytes), 0) FROM segments g "
	    "WHERE g.camera = ? AND g.state = 'ok' AND EXISTS (SELECT 1 FROM holds h JOIN "
	    "hold_cameras hc ON hc.hold_id = h.id WHERE hc.camera = g.camera AND "
	    "h.released_us IS NULL AND (h.until_us IS NULL OR h.until_us > ?) AND "
	    "h.from_us < g.end_us AND h.to_us > g.start_us)");
	int64_t v = 0;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, now);
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

static void
load_camera(struct vg_site *s, struct storage_cam *c, int64_t now)
{
	struct site_camera sc;
	struct vg_err err;

	if (site_camera_load(s, c->camera, &sc, &err) == 0) {
		c->retention_days = sc.retention_days;
		site_camera_free(&sc);
	}
	cam_totals(s, c);
	c->rate_per_day = cam_rate(s, c);
	c->held_bytes = cam_held(s, c->camera, now);
	c->needed_bytes = (int64_t)(c->rate_per_day * c->retention_days);
}

static void
disk_space(struct vg_site *s, struct storage_report *r)
{
	struct statvfs vfs;

	r->free_bytes = r->total_bytes = -1;
	if (statvfs(s->cfg.storage_dir, &vfs) == 0) {
		r->free_bytes = (int64_t)vfs.f_bavail * (int64_t)vfs.f_frsize;
		r->total_bytes = (int64_t)vfs.f_blocks * (int64_t)vfs.f_frsize;
	}
	r->days_left = -1;
	if (r->rate_per_day > 0 && r->free_bytes >= 0)
		r->days_left = (double)r->free_bytes / r->rate_per_day;
}

int
storage_report(struct vg_site *s, const struct vg_actor *a, int64_t now,
    struct storage_report *r, struct vg_err *err)
{
	struct vg_stmt *st;

	memset(r, 0, sizeof *r);
	if (may_read(s, a, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT id FROM cameras WHERE removed_us IS NULL ORDER BY id");
	r->v = xcalloc(1, sizeof *r->v);
	while (db_step(st) == DB_ROW) {
		r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
		memset(&r->v[r->n], 0, sizeof *r->v);
		r->v[r->n++].camera = xstrdup(db_col_text(st, 0));
	}
	db_finalize(st);
	for (size_t i = 0; i < r->n; i++) {
		load_camera(s, &r->v[i], now);
		r->bytes += r->v[i].bytes;
		r->held_bytes += r->v[i].held_bytes;
		r->needed_bytes += r->v[i].needed_bytes;
		r->rate_per_day += r->v[i].rate_per_day;
	}
	disk_space(s, r);
	return 0;
}

void
storage_report_free(struct storage_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].camera);
	free(r->v);
	memset(r, 0, sizeof *r);
}
