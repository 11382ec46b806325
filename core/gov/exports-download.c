/* exports-download.c — /exports/ in the download tree: only the recipient, only while ready; every download recorded. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/downloads.h"
#include "core/gov/exports-int.h"
#include "core/gov/gov-int.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/*
 * DESIGN §8 and the rule: a copy leaves the system only as a download
 * by its named recipient, who holds export.download, while the export is ready
 * (not revoked, not past exports.keep_days).  Someone else's export is
 * answered exactly like one that does not exist.
 */

static void
entry_of(const struct vg_export *e, struct dl_entry *d)
{
	dl_file_entry(d, e->file, e->bytes, e->created_us);
}

/* The recipient must still be one the route lets receive the copy: a liaison
 * since moved to another body, or given a school unit, no longer downloads it
 * (HHKCS 2.5.3(i), GCU art. 16(2)3: the copy goes to the body that asked). */
static int
still_recipient(struct vg_site *s, const struct vg_user *u, const struct vg_export *e,
    struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, e->ref, err);
	int r = q != NULL ? exports_route_check(s, q, u, err) : -1;

	requests_free(q);
	return r;
}

/* The actor as a user, for still_recipient; NULL with err if they are gone. */
static struct vg_user *
recipient_user(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	struct vg_user *u = users_get(s, a->login);

	if (u == NULL)
		vg_seterr(err, VG_NOTFOUND, _("no user \"%s\""), a->login);
	return u;
}

int
exports_dl_list(struct vg_site *s, const struct vg_actor *a, struct dl_entry **v, size_t *n,
    struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_user *u;
	int64_t now = clock_now();

	*v = NULL;
	*n = 0;
	if (actor_require(s, a, "export.download", err) != 0 ||
	    (u = recipient_user(s, a, err)) == NULL)
		return -1;
	st = db_prepare(s->db, EXPORT_SELECT "WHERE e.recipient_id = ? AND e.revoked_us IS NULL "
	    "AND e.removed_us IS NULL AND e.expires_us > ? ORDER BY e.name");
	db_bind_int(st, 1, a->user_id);
	db_bind_int(st, 2, now);
	*v = xcalloc(1, sizeof **v);
	while (db_step(st) == DB_ROW) {
		struct vg_export e;
		struct vg_err why;

		exports_row(s, st, now, &e);
		if (still_recipient(s, u, &e, &why) == 0) {
			*v = xrealloc(*v, (*n + 1) * sizeof **v);
			entry_of(&e, &(*v)[(*n)++]);
		}
		exports_clear(&e);
	}
	db_finalize(st);
	users_free(u);
	return 0;
}

/* The actor's export of that file name if they may download it now. */
static struct vg_export *
lookup(struct vg_site *s, const struct vg_actor *a, const char *name, struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_export *e = NULL;
	struct vg_user *u = NULL;
	int64_t now = clock_now();
	char t[32];

	if (actor_require(s, a, "export.download", err) != 0)
		return NULL;
	st = db_prepare(s->db, EXPORT_SELECT "WHERE e.file = ? AND e.recipient_id = ?");
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, a->user_id);
	if (db_step(st) == DB_ROW) {
		e = xcalloc(1, sizeof *e);
		exports_row(s, st, now, e);
	}
	db_finalize(st);
	if (e == NULL)
		vg_seterr(err, VG_NOTFOUND, _("no export \"%s\" is yours to download"), name);
	else if (e->state == EXPORT_REVOKED)
		vg_seterr(err, VG_REFUSED, _("%s was revoked on %s: %s"), name,
		    time_fmt(e->revoked_us, t), e->revoke_reason);
	else if (e->state == EXPORT_EXPIRED)
		vg_seterr(err, VG_REFUSED, _("%s expired on %s (exports can be downloaded for %d days)"),
		    name, time_fmt(e->expires_us, t), s->cfg.exports_keep_days);
	else if (e->removed_us != 0)
		vg_seterr(err, VG_REFUSED, _("%s is no longer on the server"), name);
	else if ((u = recipient_user(s, a, err)) != NULL && still_recipient(s, u, e, err) == 0) {
		users_free(u);
		return e;
	}
	users_free(u);
	if (e != NULL)
		exports_free_list(e, 1);
	return NULL;
}

int
exports_dl_lookup(struct vg_site *s, const struct vg_actor *a, const char *name,
    struct dl_entry *d, struct vg_err *err)
{
	struct vg_export *e = lookup(s, a, name, err);

	if (e == NULL)
		return -1;
	entry_of(e, d);
	exports_free_list(e, 1);
	return 0;
}

int
exports_dl_open(struct vg_site *s, const struct vg_actor *a, const char *name,
    const char *protocol, struct dl_file *f, struct vg_err *err)
{
	struct vg_export *e = lookup(s, a, name, err);
	struct vg_stmt *st;
	int r = -1;

	if (e == NULL)
		return -1;
	if ((f->fd = dl_open_recorded(s->cfg.exports_dir, e->file, e->bytes, err)) < 0)
		goto out;
	f->size = e->bytes;
	f->mtime_us = e->created_us;
	f->id = e->id;
	snprintf(f->protocol, sizeof f->protocol, "%s", protocol);
	if (site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO downloads (export_id, user_id, protocol, source, "
	    "started_us) VALUES (?,?,?,?,?)");
	db_bind_int(st, 1, e->id);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, protocol);
	db_bind_text(st, 4, a->source);
	db_bind_int(st, 5, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		f->download_id = db_last_id(s->db);
		r = audit_appendf(s, a->display, "export.download.start", e->name, a->source, err,
		    "protocol=%s; file=%s; size=%lld; sha256=%s", protocol, e->file,
		    (long long)e->bytes, e->sha256);
	}
	r = site_end_tx(s, r, err);
out:
	if (r != 0 && f->fd >= 0) {
		close(f->fd);
		f->fd = -1;
	}
	exports_free_list(e, 1);
	return r;
}

int
exports_dl_close(struct vg_site *s, const struct vg_actor *a, struct dl_file *f, int64_t from,
    int64_t bytes, int complete, struct vg_err *err)
{
	struct vg_stmt *st;
	char *name = exports_name_of(f->name);
	int r;

	if (site_begin(s, err) != 0) {
		free(name);
		return -1;
	}
	st = db_prepare(s->db, "UPDATE downloads SET ended_us = ?, bytes = ?, complete = ?, "
	    "from_offset = ? WHERE id = ?");
	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, bytes);
	db_bind_int(st, 3, complete != 0);
	db_bind_int(st, 4, from);
	db_bind_int(st, 5, f->download_id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "export.download", name ? name : f->name, a->source,
		    err, "protocol=%s; file=%s; bytes=%lld; from=%lld; complete=%s", f->protocol,
		    f->name,
		    (long long)bytes, (long long)from, complete ? "yes" : "no");
	free(name);
	return site_end_tx(s, r, err);
}
