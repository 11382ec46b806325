/* retention.c — the retention pass: expired, unheld segments go; everything else stays. */
#include "recorder/retention.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "recorder/chain.h"

#define DAY_US (INT64_C(86400) * 1000000)
/* Garbage rows handled at a time when finishing a purge. */
#define FINISH_BATCH 10000

/* A hold is active while not released and not past its own end; it covers
 * [from_us, to_us) on its cameras (HHKCS 2.5.3(iv)(v), DLUT art. 15(2)3).  A
 * segment of no length still counts as the instant it starts.  ?1 is now. */
#define SEG_END "(CASE WHEN s.end_us > s.start_us THEN s.end_us ELSE s.start_us + 1 END)"
#define HELD_SQL \
	"EXISTS (SELECT 1 FROM hold_cameras hc JOIN holds h ON h.id = hc.hold_id " \
	"WHERE hc.camera = s.camera AND h.released_us IS NULL " \
	"AND (h.until_us IS NULL OR h.until_us > ?1) " \
	"AND h.from_us < " SEG_END " AND h.to_us > s.start_us)"
/* Footage an open request asks for stays until the request is decided and,
 * when granted, until its grant ends: the procedure can only be followed on
 * footage that still exists (HHKCS 2.5.2: the log keeps requests and the
 * footage retained for them; DLUT art. 15).  Filing refuses ranges already
 * gone; retention must not take them away while the request runs. */
#define REQUESTED_SQL \
	"EXISTS (SELECT 1 FROM request_cameras rc JOIN requests r ON r.id = rc.request_id " \
	"WHERE rc.camera = s.camera AND (r.status = 'submitted' OR (r.status = 'granted' " \
	"AND (r.grant_until_us IS NULL OR r.grant_until_us > ?1))) " \
	"AND r.from_us < " SEG_END " AND r.to_us > s.start_us)"

void
retention_report_free(struct retention_report *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* A camera's retention: its own (mirrored from cameras.cfg), never below the
 * policy's minimum for its class and zone, whatever the table says. */
static int
effective_days(struct vg_site *s, int days, const char *privacy, const char *zone)
{
	int dflt, min;
	const char *art;

	policy_retention(s->pol, privacy, zone, &dflt, &min, &art);
	return days > min ? days : min;
}

/* Fills the report; when mark is set, marks the expired rows garbage too. */
static int
plan(struct vg_site *s, int64_t now, int mark, struct retention_report *rep, struct vg_err *err)
{
	struct vg_stmt *cams, *st, *up = NULL;
	int r = 0;

	cams = db_prepare(s->db, "SELECT id, retention_days, privacy, zone FROM cameras ORDER BY id");
	/* start_us bounds the read in the (camera, start_us) index: only the
	 * segments that expired are visited, not the camera's whole history. */
	st = db_prepare(s->db, "SELECT s.id, s.seq, s.bytes, s.chain, " HELD_SQL ", "
	    REQUESTED_SQL " FROM segments s WHERE s.camera = ?2 AND s.start_us <= ?3 "
	    "AND s.end_us <= ?3 AND s.state = 'ok' ORDER BY s.start_us");
	if (mark)
		up = db_prepare(s->db, "UPDATE segments SET state = 'garbage' WHERE id = ?");
	while (r == 0 && db_step(cams) == DB_ROW) {
		struct retention_cam c;

		memset(&c, 0, sizeof c);
		snprintf(c.camera, sizeof c.camera, "%s", db_col_text(cams, 0));
		c.days = effective_days(s, (int)db_col_int(cams, 1), db_col_text(cams, 2),
		    db_col_text(cams, 3));
		c.cutoff_us = now - (int64_t)c.days * DAY_US;
		db_reset(st);
		db_bind_int(st, 1, now);
		db_bind_text(st, 2, c.camera);
		db_bind_int(st, 3, c.cutoff_us);
		while (r == 0 && db_step(st) == DB_ROW) {
			if (db_col_int(st, 4)) {
				c.held++;
				continue;
			}
			if (db_col_int(st, 5)) {
				c.requested++;
				continue;
			}
			if (c.segments == 0)
				c.seq_from = db_col_int(st, 1);
			c.seq_to = db_col_int(st, 1);
			c.segments++;
			c.bytes += db_col_int(st, 2);
			snprintf(c.cut_chain, sizeof c.cut_chain, "%s", db_col_text(st, 3));
			if (up != NULL) {
				db_reset(up);
				db_bind_int(up, 1, db_col_int(st, 0));
				r = db_run(up, s->db, err);
			}
		}
		if (c.segments == 0 && c.held == 0 && c.requested == 0)
			continue;
		rep->v = xrealloc(rep->v, (rep->n + 1) * sizeof *rep->v);
		rep->v[rep->n++] = c;
		rep->segments += c.segments;
		rep->bytes += c.bytes;
		rep->held += c.held;
		rep->requested += c.requested;
	}
	db_finalize(up);
	db_finalize(st);
	db_finalize(cams);
	return r;
}

int
retention_run(struct vg_site *s, const struct vg_actor *a, int64_t now, int dry_run,
    struct retention_report *rep, struct vg_err *err)
{
	char t[32];

	memset(rep, 0, sizeof *rep);
	if (actor_require(s, a, "retention.run", err) != 0)
		return -1;
	if (dry_run)
		return plan(s, now, 0, rep, err);
	/* An earlier pass cut short by a crash is finished first. */
	if (retention_finish(s, err) != 0)
		return -1;
	if (site_begin(s, err) != 0)
		return -1;
	if (plan(s, now, 1, rep, err) != 0)
		goto fail;
	for (size_t i = 0; i < rep->n; i++) {
		const struct retention_cam *c = &rep->v[i];

		if (c->segments == 0)
			continue;
		if (audit_appendf(s, a->display, "retention.purge", c->camera, a->source, err,
		    "segments=%lld; bytes=%lld; seq=%lld-%lld; cut_chain=%s; retention_days=%d; "
		    "ended_before=%s; held=%lld; requested=%lld", (long long)c->segments,
		    (long long)c->bytes, (long long)c->seq_from, (long long)c->seq_to, c->cut_chain,
		    c->days, time_fmt_iso(c->cutoff_us, t), (long long)c->held,
		    (long long)c->requested) != 0)
			goto fail;
	}
	if (site_commit(s, err) != 0)
		return -1;
	return retention_finish(s, err);
fail:
	site_rollback(s);
	return -1;
}

/*---- Finishing: files, then rows ----*/

struct gone {
	int64_t	 id, seq, bytes;
	char	*camera, *path, chain[65];
	int	 unlinked;
};

/* Records a run of consecutive purged seqs [a, b] of a camera, merged with
 * any cut that touches it on either side. */
static int
record_cut(struct vg_site *s, const char *camera, int64_t a, int64_t b, const char *chain,
    int64_t n, int64_t bytes, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t from = a, to = b;
	char link[65];
	int r;

	snprintf(link, sizeof link, "%s", chain);
	st = db_prepare(s->db, "SELECT seq_from, seq_to, chain, segments, bytes FROM segment_cuts "
	    "WHERE camera = ? AND (seq_to = ? OR seq_from = ?)");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, a - 1);
	db_bind_int(st, 3, b + 1);
	while (db_step(st) == DB_ROW) {
		if (db_col_int(st, 1) == a - 1)
			from = db_col_int(st, 0);
		else {
			to = db_col_int(st, 1);
			snprintf(link, sizeof link, "%s", db_col_text(st, 2));
		}
		n += db_col_int(st, 3);
		bytes += db_col_int(st, 4);
	}
	db_finalize(st);
	st = db_prepare(s->db, "DELETE FROM segment_cuts WHERE camera = ? AND (seq_to = ? OR "
	    "seq_from = ?)");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, a - 1);
	db_bind_int(st, 3, b + 1);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO segment_cuts (camera, seq_from, seq_to, chain, segments, "
	    "bytes, cut_us) VALUES (?,?,?,?,?,?,?)");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	db_bind_text(st, 4, link);
	db_bind_int(st, 5, n);
	db_bind_int(st, 6, bytes);
	db_bind_int(st, 7, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

static void
sync_dirs(struct vg_site *s, struct gone *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *full, *dir, *cdir;

		if (!g[i].unlinked || (i + 1 < n && g[i + 1].unlinked &&
		    strncmp(g[i].path, g[i + 1].path, strrchr(g[i].path, '/') - g[i].path + 1) == 0))
			continue;	/* the next one shares the directory */
		full = vg_path_join(s->cfg.storage_dir, g[i].path);
		dir = vg_dirname(full);
		vg_fsync_dir(dir);
		/* An emptied day directory goes too. */
		if (rmdir(dir) == 0) {
			cdir = vg_dirname(dir);
			vg_fsync_dir(cdir);
			free(cdir);
		}
		free(dir);
		free(full);
	}
}

/* Drops the rows whose files went, each run of consecutive sequence numbers
 * of one camera recorded as a cut in its chain. */
static int
drop_rows(struct vg_site *s, struct gone *g, size_t n, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "DELETE FROM segments WHERE id = ?");
	int r = 0;

	for (size_t i = 0; i < n && r == 0; ) {
		size_t j = i;
		int64_t bytes = 0;

		if (!g[i].unlinked) {
			i++;
			continue;
		}
		while (j < n && g[j].unlinked && strcmp(g[j].camera, g[i].camera) == 0 &&
		    g[j].seq == g[i].seq + (int64_t)(j - i)) {
			db_reset(st);
			db_bind_int(st, 1, g[j].id);
			if ((r = db_run(st, s->db, err)) != 0)
				break;
			bytes += g[j].bytes;
			j++;
		}
		if (r == 0)
			r = record_cut(s, g[i].camera, g[i].seq, g[j - 1].seq, g[j - 1].chain,
			    (int64_t)(j - i), bytes, err);
		i = j;
	}
	db_finalize(st);
	return r;
}

/*
 * One batch of garbage rows (at most FINISH_BATCH, so memory stays flat even
 * when a pass purges millions): files first, then their directories synced,
 * then the rows dropped and the cuts recorded.  1 when there may be more.
 */
static int
finish_batch(struct vg_site *s, struct vg_err *err)
{
	struct vg_stmt *st;
	struct gone *g = NULL;
	size_t n = 0;
	int r = 0, more = 0;

	st = db_prepare(s->db, "SELECT id, camera, seq, path, bytes, chain FROM segments "
	    "WHERE state = 'garbage' ORDER BY camera, seq LIMIT ?");
	db_bind_int(st, 1, FINISH_BATCH);
	while (db_step(st) == DB_ROW) {
		g = xrealloc(g, (n + 1) * sizeof *g);
		memset(&g[n], 0, sizeof g[n]);
		g[n].id = db_col_int(st, 0);
		g[n].camera = xstrdup(db_col_text(st, 1));
		g[n].seq = db_col_int(st, 2);
		g[n].path = xstrdup(db_col_text(st, 3));
		g[n].bytes = db_col_int(st, 4);
		snprintf(g[n].chain, sizeof g[n].chain, "%s", db_col_text(st, 5));
		n++;
	}
	db_finalize(st);
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char *full = vg_path_join(s->cfg.storage_dir, g[i].path);

		if (unlink(full) == 0 || errno == ENOENT)
			g[i].unlinked = 1;
		else
			fprintf(stderr, _("vigil: cannot delete %s: %s\n"), full, strerror(errno));
		free(full);
	}
	sync_dirs(s, g, n);
	if ((r = site_begin(s, err)) != 0)
		goto out;
	r = drop_rows(s, g, n, err);
	if (r == 0)
		r = site_commit(s, err);
	else
		site_rollback(s);
	/* a full batch whose files all went may have more behind it; one
	 * that left rows (a file that would not go) is for the next pass */
	more = r == 0 && n == FINISH_BATCH;
	for (size_t i = 0; i < n; i++)
		more &= g[i].unlinked;
out:
	for (size_t i = 0; i < n; i++) {
		free(g[i].camera);
		free(g[i].path);
	}
	free(g);
	return r != 0 ? r : more;
}

int
retention_finish(struct vg_site *s, struct vg_err *err)
{
	int r;

	while ((r = finish_batch(s, err)) == 1)
		;
	return r;
}
