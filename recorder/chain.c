/* chain.c — segment hashing, the per-camera hash chain, index rows and footage verify. */
#include "recorder/chain.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/sha256.h"
#include "recorder/storage.h"

/*---- SHA-256 ----*/

void
chain_hash_init(struct chain_hash *h)
{
	struct sha256 *c = xmalloc(sizeof *c);

	sha256_init(c);
	h->ctx = c;
}

void
chain_hash_update(struct chain_hash *h, const void *p, size_t n)
{
	sha256_update(h->ctx, p, n);
}

void
chain_hash_final(struct chain_hash *h, char hex[65])
{
	uint8_t md[32];

	sha256_final(h->ctx, md);
	vg_hex(md, sizeof md, hex);
	chain_hash_free(h);
}

void
chain_hash_free(struct chain_hash *h)
{
	free(h->ctx);
	h->ctx = NULL;
}

int
chain_hash_file(const char *path, char hex[65], int64_t *bytes, struct vg_err *err)
{
	struct chain_hash h;
	size_t cap = 1 << 20;
	uint8_t *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int64_t total = 0;
	ssize_t n;

	if (fd < 0)
		return vg_seterr(err, errno == ENOENT ? VG_NOTFOUND : VG_FAILED,
		    _("cannot read %s: %s"), path, strerror(errno));
	buf = xmalloc(cap);
	chain_hash_init(&h);
	while ((n = read(fd, buf, cap)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vg_seterr(err, VG_FAILED, _("cannot read %s: %s"), path, strerror(errno));
			chain_hash_free(&h);
			free(buf);
			close(fd);
			return -1;
		}
		chain_hash_update(&h, buf, (size_t)n);
		total += n;
	}
	close(fd);
	free(buf);
	chain_hash_final(&h, hex);
	if (bytes != NULL)
		*bytes = total;
	return 0;
}

/*---- The chain ----*/

static void
put_be64(uint8_t *p, int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)(u & 0xff);
		u >>= 8;
	}
}

void
chain_link(const char *prev_hex, const char *sha_hex, int64_t seq, int64_t start_us,
    int64_t end_us, char out[65])
{
	uint8_t msg[32 + 32 + 24];
	struct chain_hash h;

	/* A malformed hash never verifies: it hashes as all ones. */
	if (vg_unhex(prev_hex, msg, 32) != 0)
		memset(msg, 0xff, 32);
	if (vg_unhex(sha_hex, msg + 32, 32) != 0)
		memset(msg + 32, 0xff, 32);
	put_be64(msg + 64, seq);
	put_be64(msg + 72, start_us);
	put_be64(msg + 80, end_us);
	chain_hash_init(&h);
	chain_hash_update(&h, msg, sizeof msg);
	chain_hash_final(&h, out);
}

int
chain_prev(struct vg_db *db, const char *camera, int64_t seq, char out[65])
{
	struct vg_stmt *st;
	int found = 0;

	snprintf(out, 65, "%s", CHAIN_ZERO);
	if (seq <= 1)
		return 0;
	/* The nearest earlier link, from a kept segment or a retention cut. */
	st = db_prepare(db, "SELECT seq, chain FROM segments WHERE camera = ? AND seq < ? "
	    "UNION ALL SELECT seq_to, chain FROM segment_cuts WHERE camera = ? AND seq_to < ? "
	    "ORDER BY 1 DESC LIMIT 1");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, seq);
	db_bind_text(st, 3, camera);
	db_bind_int(st, 4, seq);
	if (db_step(st) == DB_ROW) {
		found = db_col_int(st, 0) == seq - 1;
		snprintf(out, 65, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	return found ? 0 : -1;
}

int
chain_index(struct vg_db *db, const struct chain_seg *s, char chain[65], struct vg_err *err)
{
	struct vg_stmt *st;
	char prev[65];
	int r;

	VG_ASSERT(db_in_tx(db));
	chain_prev(db, s->camera, s->seq, prev);
	chain_link(prev, s->sha256, s->seq, s->start_us, s->end_us, chain);
	st = db_prepare(db, "INSERT INTO segments (camera, seq, start_us, end_us, path, bytes, "
	    "sha256, prev_chain, chain, recovered) VALUES (?,?,?,?,?,?,?,?,?,?)");
	db_bind_text(st, 1, s->camera);
	db_bind_int(st, 2, s->seq);
	db_bind_int(st, 3, s->start_us);
	db_bind_int(st, 4, s->end_us);
	db_bind_text(st, 5, s->path);
	db_bind_int(st, 6, s->bytes);
	db_bind_text(st, 7, s->sha256);
	db_bind_text(st, 8, prev);
	db_bind_text(st, 9, chain);
	db_bind_int(st, 10, s->recovered);
	r = db_run(st, db, err);
	db_finalize(st);
	return r;
}

int64_t
chain_next_seq(struct vg_db *db, const char *camera)
{
	int64_t a = db_scalar(db, "SELECT MAX(seq) FROM segments WHERE camera = ?", camera, 0);
	int64_t b = db_scalar(db, "SELECT MAX(seq_to) FROM segment_cuts WHERE camera = ?", camera, 0);

	return (a > b ? a : b) + 1;
}

char *
chain_heads(struct vg_db *db)
{
	/* each camera's newest link: one step in the (camera, seq) index per camera */
	struct vg_stmt *st = db_prepare(db, "SELECT s.camera, s.seq, s.chain FROM cameras c "
	    "JOIN segments s ON s.camera = c.id AND s.seq = (SELECT MAX(seq) FROM segments "
	    "WHERE camera = c.id) ORDER BY s.camera");
	struct vg_buf b;

	buf_init(&b);
	while (db_step(st) == DB_ROW)
		buf_printf(&b, "%s%s=%lld:%.16s", b.len ? "; " : "", db_col_text(st, 0),
		    (long long)db_col_int(st, 1), db_col_text(st, 2));
	db_finalize(st);
	return buf_steal(&b);
}

/*---- Verification ----*/

struct vitem {
	int64_t	 seq, seq_to;	/* seq_to > 0: a retention cut */
	int64_t	 start_us, end_us, bytes;
	char	*path;
	char	 sha[65], prev[65], chain[65];
	int	 garbage;
};

struct verify {
	struct vg_site			*site;
	const struct chain_verify_opts	*o;
	FILE				*out;
	struct chain_verify_report	*rep;
	int				 live;	/* a recorder holds the site's lock */
};

static int
cmp_item(const void *a, const void *b)
{
	const struct vitem *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A new, zeroed item at the end of v. */
static struct vitem *
add_item(struct vitem **v, size_t *n, size_t *cap)
{
	if (*n == *cap)
		*v = xrealloc(*v, (*cap = *cap ? *cap * 2 : 64) * sizeof **v);
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

static struct vitem *
load_items(struct vg_db *db, const char *camera, size_t *np)
{
	struct vitem *v = NULL;
	size_t n = 0, cap = 0;
	struct vg_stmt *st;

	st = db_prepare(db, "SELECT seq, start_us, end_us, path, bytes, sha256, prev_chain, chain, "
	    "state FROM segments WHERE camera = ?");
	db_bind_text(st, 1, camera);
	while (db_step(st) == DB_ROW) {
		struct vitem *it = add_item(&v, &n, &cap);

		it->seq = db_col_int(st, 0);
		it->start_us = db_col_int(st, 1);
		it->end_us = db_col_int(st, 2);
		it->path = xstrdup(db_col_text(st, 3));
		it->bytes = db_col_int(st, 4);
		snprintf(it->sha, sizeof it->sha, "%s", db_col_text(st, 5));
		snprintf(it->prev, sizeof it->prev, "%s", db_col_text(st, 6));
		snprintf(it->chain, sizeof it->chain, "%s", db_col_text(st, 7));
		it->garbage = strcmp(db_col_text(st, 8), "garbage") == 0;
	}
	db_finalize(st);
	st = db_prepare(db, "SELECT seq_from, seq_to, chain FROM segment_cuts WHERE camera = ?");
	db_bind_text(st, 1, camera);
	while (db_step(st) == DB_ROW) {
		struct vitem *it = add_item(&v, &n, &cap);

		it->seq = db_col_int(st, 0);
		it->seq_to = db_col_int(st, 1);
		snprintf(it->chain, sizeof it->chain, "%s", db_col_text(st, 2));
	}
	db_finalize(st);
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_item);
	*np = n;
	return v;
}

static void
problem(struct verify *vf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
problem(struct verify *vf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(vf->out, fmt, ap);
	va_end(ap);
	fputc('\n', vf->out);
	vf->rep->problems++;
}

static int
in_range(const struct chain_verify_opts *o, int64_t start, int64_t end)
{
	if (o->to_us != 0 && start >= o->to_us)
		return 0;
	if (o->from_us != 0 && end < o->from_us)
		return 0;
	return 1;
}

/* Compares one indexed segment's file with its row. */
static void
check_file(struct verify *vf, const char *camera, const struct vitem *it)
{
	char *full = vg_path_join(vf->site->cfg.storage_dir, it->path), hex[65];
	struct vg_err err;
	struct stat sb;
	int64_t bytes;

	if (stat(full, &sb) != 0) {
		problem(vf, _("missing: camera %s seq %lld: %s is not on disk"), camera,
		    (long long)it->seq, it->path);
		goto out;
	}
	if ((int64_t)sb.st_size != it->bytes) {
		problem(vf, _("altered: camera %s seq %lld: %s has %lld bytes, the index says %lld"),
		    camera, (long long)it->seq, it->path, (long long)sb.st_size,
		    (long long)it->bytes);
		goto out;
	}
	if (chain_hash_file(full, hex, &bytes, &err) != 0) {
		problem(vf, _("unreadable: camera %s seq %lld: %s"), camera, (long long)it->seq,
		    err.msg);
		goto out;
	}
	if (strcmp(hex, it->sha) != 0)
		problem(vf, _("altered: camera %s seq %lld: %s does not match its SHA-256 "
		    "(index %.16s…, file %.16s…)"), camera, (long long)it->seq, it->path, it->sha, hex);
	vf->rep->segments++;
	vf->rep->bytes += bytes;
out:
	free(full);
}

/*
 * Walks one camera's index in sequence order: every number from 1 up must be
 * a kept segment or inside a retention cut, each link must continue from the
 * one before, and each row's chain must match its own contents.
 */
static void
verify_camera(struct verify *vf, const char *camera)
{
	size_t n;
	struct vitem *v = load_items(vf->site->db, camera, &n);
	char prev[65] = CHAIN_ZERO, link[65];
	int64_t expect = 1;

	for (size_t i = 0; i < n; i++) {
		struct vitem *it = &v[i];

		if (it->seq > expect) {
			problem(vf, _("removed: camera %s seq %lld-%lld: gone from the index without a "
			    "retention purge"), camera, (long long)expect, (long long)(it->seq - 1));
			snprintf(prev, sizeof prev, "%s", it->seq_to ? it->chain : it->prev);
		} else if (it->seq < expect) {
			problem(vf, _("duplicate: camera %s seq %lld appears twice in the index"), camera,
			    (long long)it->seq);
		}
		if (it->seq_to > 0) {
			snprintf(prev, sizeof prev, "%s", it->chain);
			expect = it->seq_to + 1;
			continue;
		}
		if (strcmp(it->prev, prev) != 0)
			problem(vf, _("chain broken: camera %s seq %lld (%s) does not continue from the "
			    "segment before it"), camera, (long long)it->seq, it->path);
		chain_link(it->prev, it->sha, it->seq, it->start_us, it->end_us, link);
		if (strcmp(link, it->chain) != 0)
			problem(vf, _("index altered: camera %s seq %lld (%s): the row does not match "
			    "its chain value"), camera, (long long)it->seq, it->path);
		if (!it->garbage && in_range(vf->o, it->start_us, it->end_us))
			check_file(vf, camera, it);
		snprintf(prev, sizeof prev, "%s", it->chain);
		expect = it->seq + 1;
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* The newest head the audit log recorded for camera must still be there. */
static void
check_head(struct verify *vf, const char *camera, const char *heads, int64_t when)
{
	char key[64], prefix[17], t[32];
	const char *p;
	long long seq;
	struct vg_stmt *st;
	int found = 0;

	snprintf(key, sizeof key, "%s=", camera);
	for (p = heads; (p = strstr(p, key)) != NULL; p++)
		if (p == heads || p[-1] == ' ')
			break;
	if (p == NULL || sscanf(p + strlen(key), "%lld:%16[0-9a-f]", &seq, prefix) != 2)
		return;
	st = db_prepare(vf->site->db, "SELECT chain, 0 FROM segments WHERE camera = ? AND seq = ? "
	    "UNION ALL SELECT chain, seq_to FROM segment_cuts WHERE camera = ? AND seq_from <= ? "
	    "AND seq_to >= ?");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, seq);
	db_bind_text(st, 3, camera);
	db_bind_int(st, 4, seq);
	db_bind_int(st, 5, seq);
	while (db_step(st) == DB_ROW) {
		found = 1;
		/* inside a cut only the cut's last link is kept */
		if ((db_col_int(st, 1) == 0 || db_col_int(st, 1) == seq) &&
		    strncmp(db_col_text(st, 0), prefix, 16) != 0)
			problem(vf, _("index altered: camera %s seq %lld is not the segment the audit "
			    "log recorded on %s"), camera, seq, time_fmt(when, t));
	}
	db_finalize(st);
	if (!found)
		problem(vf, _("removed: camera %s seq %lld, recorded in the audit log on %s, is gone "
		    "from the index"), camera, seq, time_fmt(when, t));
}

/* Whether a recorder is running for the site: it holds run/recorder.pid locked
 * (service.c) for as long as it runs, and a crash releases the lock. */
static int
recorder_running(const struct vg_site *s)
{
	char *path = vg_path_join(s->cfg.run_dir, RECORDER_LOCK_FILE);
	int fd = open(path, O_RDONLY | O_CLOEXEC), busy = 0;

	free(path);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) != 0)
		busy = errno == EWOULDBLOCK;
	close(fd);
	return busy;
}

static int
unindexed_cb(const char *rel, const char *camera, int64_t seq, int64_t day_us, void *arg)
{
	struct verify *vf = arg;
	struct vg_stmt *st;
	int known;

	if (!in_range(vf->o, day_us, day_us + INT64_C(86400) * 1000000 + 3600 * INT64_C(1000000)))
		return 0;
	st = db_prepare(vf->site->db, "SELECT 1 FROM segments WHERE path = ?");
	db_bind_text(st, 1, rel);
	known = db_step(st) == DB_ROW;
	db_finalize(st);
	if (known)
		return 0;
	/*
	 * A running recorder has each camera's open segment (and one it has just
	 * closed and not yet indexed) on disk ahead of the index: those come after
	 * the newest sequence number the index knows.  Anything at or before it
	 * is missing from the index whatever the recorder is doing.
	 */
	if (vf->live) {
		int64_t newest;

		st = db_prepare(vf->site->db, "SELECT MAX(seq) FROM (SELECT seq FROM segments "
		    "WHERE camera = ? UNION ALL SELECT seq_to FROM segment_cuts WHERE camera = ?)");
		db_bind_text(st, 1, camera);
		db_bind_text(st, 2, camera);
		newest = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
		db_finalize(st);
		if (seq > newest) {
			fprintf(vf->out, _("recording: %s is being written by the running recorder\n"),
			    rel);
			vf->rep->recording++;
			return 0;
		}
	}
	problem(vf, _("unindexed: %s is in storage but not in the index"), rel);
	return 0;
}

/*
 * The newest chain heads the recorder put in the audit log, if that entry is
 * the recorder's own: its row must verify with the site key, so heads forged
 * in the database (to cover an altered or deleted segment) are refused.
 */
static char *
signed_heads(struct verify *vf, int64_t *when, struct vg_err *err)
{
	struct audit_entry e;
	char *heads = NULL;
	int r = audit_entry_find(vf->site, "footage.heads", "segments", &e, err);

	if (r == 1) {
		heads = e.detail;
		e.detail = NULL;
		*when = e.ts_us;
	} else if (r < 0)
		problem(vf, _("chain heads refused: the newest footage.heads entry of the audit log "
		    "does not verify (%s)"), err->msg);
	audit_entry_free(&e);
	return heads;
}

int
chain_verify(struct vg_site *s, const struct chain_verify_opts *o, FILE *out,
    struct chain_verify_report *rep, struct vg_err *err)
{
	struct verify vf = { s, o, out, rep, 0 };
	struct vg_stmt *st;
	char **cams = NULL, *heads = NULL;
	int64_t heads_us = 0;
	size_t n = 0;

	memset(rep, 0, sizeof *rep);
	if (o->camera != NULL &&
	    db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", o->camera, 0) == 0)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), o->camera);
	st = db_prepare(s->db, "SELECT id FROM cameras WHERE (? IS NULL OR id = ?) ORDER BY id");
	db_bind_text(st, 1, o->camera);
	db_bind_text(st, 2, o->camera);
	while (db_step(st) == DB_ROW) {
		cams = xrealloc(cams, (n + 1) * sizeof *cams);
		cams[n++] = xstrdup(db_col_text(st, 0));
	}
	db_finalize(st);
	heads = signed_heads(&vf, &heads_us, err);
	for (size_t i = 0; i < n; i++) {
		verify_camera(&vf, cams[i]);
		if (heads != NULL)
			check_head(&vf, cams[i], heads, heads_us);
		rep->cameras++;
		free(cams[i]);
	}
	free(heads);
	free(cams);
	vf.live = recorder_running(s);
	storage_walk(s->cfg.storage_dir, o->camera, unindexed_cb, &vf);
	return rep->problems > 0 ? 1 : 0;
}
