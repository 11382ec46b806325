/* review-report.c — the review's report files (HTML and CSV) and /reports/ in the download tree. */
#include "core/gov/review-int.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/downloads.h"
#include "core/gov/gov-int.h"
#include "core/report.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

static char *
reports_dir(struct vg_site *s)
{
	return vg_path_join(s->cfg.data_dir, "reports");
}

static void
sha256_hex(const char *data, size_t len, char out[65])
{
	uint8_t h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const uint8_t *)data, len);
	vg_hex(h, sizeof h, out);
}

static int
record_file(struct vg_site *s, const struct vg_actor *a, int64_t rid, const char *file,
    const char *format, size_t bytes, const char *sha, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t id = db_scalar(s->db, "SELECT id FROM review_reports WHERE file = ?", file, 0);
	int r;

	st = db_prepare(s->db, id ? "UPDATE review_reports SET review_id = ?, format = ?, "
	    "bytes = ?, sha256 = ?, created_by = ?, created_us = ? WHERE id = ?" :
	    "INSERT INTO review_reports (review_id, format, bytes, sha256, created_by, created_us, "
	    "file) VALUES (?,?,?,?,?,?,?)");
	db_bind_int(st, 1, rid);
	db_bind_text(st, 2, format);
	db_bind_int(st, 3, (int64_t)bytes);
	db_bind_text(st, 4, sha);
	if (a->system)
		db_bind_null(st, 5);
	else
		db_bind_int(st, 5, a->user_id);
	db_bind_int(st, 6, clock_now());
	if (id)
		db_bind_int(st, 7, id);
	else
		db_bind_text(st, 7, file);
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

/* Writes one file of the report and records it; detail gets "name (bytes, sha)". */
static int
write_one(struct vg_site *s, const struct vg_actor *a, const struct review *rv,
    const char *dir, const char *name, const char *format, const char *text,
    struct vg_buf *detail, struct vg_err *err)
{
	char *path = vg_path_join(dir, name), sha[65];
	size_t len = strlen(text);
	int r;

	sha256_hex(text, len, sha);
	r = vg_write_file_atomic(path, text, len, 0640, err);
	free(path);
	if (r == 0)
		r = record_file(s, a, rv->id, name, format, len, sha, err);
	buf_printf(detail, "%s%s=%zu:%s", detail->len ? "; " : "", name, len, sha);
	return r;
}

int
review_report(struct vg_site *s, const struct vg_actor *a, const char *month,
    char names[2][64], struct vg_err *err)
{
	struct review rv;
	struct rpt_doc d;
	char *dir = NULL, *html = NULL, *csv = NULL;
	struct vg_buf detail;
	int r = -1;

	if (actor_require(s, a, "review.signoff", err) != 0 || review_get(s, a, month, &rv, err) != 0)
		return -1;
	buf_init(&detail);
	if (rv.state == REVIEW_NOT_OPENED) {
		vg_seterr(err, VG_NOTFOUND, _("the review of %s has not been opened: review open "
		    "--month %s"), month, month);
		goto out;
	}
	if (review_doc(s, a, &rv, &d, err) != 0)
		goto out;
	html = rpt_html(&d);
	csv = rpt_csv(&d);
	rpt_free(&d);
	snprintf(names[0], 64, "review-%s.html", rv.month);
	snprintf(names[1], 64, "review-%s.csv", rv.month);
	dir = reports_dir(s);
	if (vg_mkdirs(dir, 0750, err) != 0 || site_begin(s, err) != 0)
		goto out;
	r = write_one(s, a, &rv, dir, names[0], "html", html, &detail, err);
	if (r == 0)
		r = write_one(s, a, &rv, dir, names[1], "csv", csv, &detail, err);
	if (r == 0)
		r = audit_append(s, a->display, "review.report", rv.month, detail.s, a->source, err);
	r = site_end_tx(s, r, err);
out:
	buf_free(&detail);
	free(html);
	free(csv);
	free(dir);
	review_free(&rv);
	return r;
}

/*---- /reports/ in the download tree ----*/

/* DESIGN §8: the reports leave over the same read-only tree as exports, to
 * the people who review the logs (review.signoff or audit.read), each
 * download recorded and audited. */

struct report_row {
	int64_t	 id;
	char	 file[64];
	int64_t	 bytes;
	int64_t	 created_us;
	char	 sha256[65];
};

static int
report_row(struct vg_site *s, const char *name, struct report_row *rr)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, file, bytes, created_us, sha256 FROM "
	    "review_reports WHERE file = ?");
	int found;

	db_bind_text(st, 1, name);
	if ((found = db_step(st) == DB_ROW)) {
		rr->id = db_col_int(st, 0);
		snprintf(rr->file, sizeof rr->file, "%s", db_col_text(st, 1));
		rr->bytes = db_col_int(st, 2);
		rr->created_us = db_col_int(st, 3);
		snprintf(rr->sha256, sizeof rr->sha256, "%s", db_col_text(st, 4));
	}
	db_finalize(st);
	return found;
}

static void
entry_of(const struct report_row *rr, struct dl_entry *e)
{
	dl_file_entry(e, rr->file, rr->bytes, rr->created_us);
}

int
reports_dl_list(struct vg_site *s, const struct vg_actor *a, struct dl_entry **v, size_t *n,
    struct vg_err *err)
{
	struct vg_stmt *st;

	*v = NULL;
	*n = 0;
	if (review_may_read(s, a, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT id, file, bytes, created_us, sha256 FROM review_reports "
	    "ORDER BY file");
	*v = xcalloc(1, sizeof **v);
	while (db_step(st) == DB_ROW) {
		struct report_row rr;

		rr.id = db_col_int(st, 0);
		snprintf(rr.file, sizeof rr.file, "%s", db_col_text(st, 1));
		rr.bytes = db_col_int(st, 2);
		rr.created_us = db_col_int(st, 3);
		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		entry_of(&rr, &(*v)[(*n)++]);
	}
	db_finalize(st);
	return 0;
}

static int
lookup(struct vg_site *s, const struct vg_actor *a, const char *name, struct report_row *rr,
    struct vg_err *err)
{
	if (review_may_read(s, a, err) != 0)
		return -1;
	if (!report_row(s, name, rr))
		return vg_seterr(err, VG_NOTFOUND, _("no report \"%s\""), name);
	return 0;
}

int
reports_dl_lookup(struct vg_site *s, const struct vg_actor *a, const char *name,
    struct dl_entry *e, struct vg_err *err)
{
	struct report_row rr;

	if (lookup(s, a, name, &rr, err) != 0)
		return -1;
	entry_of(&rr, e);
	return 0;
}

/* The report's file, checked against its record. */
static int
open_file(struct vg_site *s, const struct report_row *rr, struct vg_err *err)
{
	char *dir = reports_dir(s);
	int fd = dl_open_recorded(dir, rr->file, rr->bytes, err);

	free(dir);
	return fd;
}

int
reports_dl_open(struct vg_site *s, const struct vg_actor *a, const char *name,
    const char *protocol, struct dl_file *f, struct vg_err *err)
{
	struct report_row rr;
	struct vg_stmt *st;
	int r;

	if (lookup(s, a, name, &rr, err) != 0 || (f->fd = open_file(s, &rr, err)) < 0)
		return -1;
	f->size = rr.bytes;
	f->mtime_us = rr.created_us;
	f->id = rr.id;
	snprintf(f->protocol, sizeof f->protocol, "%s", protocol);
	if (site_begin(s, err) != 0) {
		close(f->fd);
		f->fd = -1;
		return -1;
	}
	st = db_prepare(s->db, "INSERT INTO report_downloads (report_id, user_id, protocol, "
	    "source, started_us) VALUES (?,?,?,?,?)");
	db_bind_int(st, 1, rr.id);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, protocol);
	db_bind_text(st, 4, a->source);
	db_bind_int(st, 5, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		f->download_id = db_last_id(s->db);
		r = audit_appendf(s, a->display, "review.report.download.start", rr.file, a->source,
		    err, "protocol=%s; size=%lld; sha256=%s", protocol, (long long)rr.bytes,
		    rr.sha256);
	}
	if ((r = site_end_tx(s, r, err)) != 0) {
		close(f->fd);
		f->fd = -1;
	}
	return r;
}

int
reports_dl_close(struct vg_site *s, const struct vg_actor *a, struct dl_file *f, int64_t from,
    int64_t bytes, int complete, struct vg_err *err)
{
	struct vg_stmt *st;
	int r;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE report_downloads SET ended_us = ?, bytes = ?, complete = ?, "
	    "from_offset = ? WHERE id = ?");
	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, bytes);
	db_bind_int(st, 3, complete != 0);
	db_bind_int(st, 4, from);
	db_bind_int(st, 5, f->download_id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "review.report.download", f->name, a->source, err,
		    "protocol=%s; bytes=%lld; from=%lld; complete=%s", f->protocol, (long long)bytes,
		    (long long)from, complete ? "yes" : "no");
	return site_end_tx(s, r, err);
}
