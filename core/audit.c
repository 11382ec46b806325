/* audit.c — append-only audit chain with signed seals and a signed head anchor. */
#include "core/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define ANCHOR_MAGIC "vigil-audit-anchor-v1"
#define SEAL_MAGIC "vigil-audit-seal-v1"

/* Length-prefixed fields: no separator inside a field can shift another. */
static void
put_field(struct vg_buf *b, const char *s)
{
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_add(b, "\n", 1);
}

void
audit_canonical(struct vg_buf *b, int64_t id, int64_t ts_us, const char *kind,
    const char *actor, const char *action, const char *object, const char *detail,
    const char *source)
{
	char num[32];

	buf_puts(b, "vigil-audit-v1\n");
	snprintf(num, sizeof num, "%lld", (long long)id);
	put_field(b, num);
	snprintf(num, sizeof num, "%lld", (long long)ts_us);
	put_field(b, num);
	put_field(b, kind);
	put_field(b, actor);
	put_field(b, action);
	put_field(b, object);
	put_field(b, detail);
	put_field(b, source);
}

static void
row_hash(const char *prev_hex, const struct vg_buf *canon, char out[65])
{
	crypto_hash_sha256_state st;
	uint8_t prev[32], h[32];

	if (vg_unhex(prev_hex, prev, sizeof prev) != 0)
		memset(prev, 0xff, sizeof prev);	/* a malformed link never verifies */
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, sizeof prev);
	crypto_hash_sha256_update(&st, (const uint8_t *)canon->s, canon->len);
	crypto_hash_sha256_final(&st, h);
	vg_hex(h, sizeof h, out);
}

static void
sign_text(struct vg_site *s, const char *text, char out[129])
{
	uint8_t sig[crypto_sign_BYTES];

	crypto_sign_detached(sig, NULL, (const uint8_t *)text, strlen(text), s->sign_sk);
	vg_hex(sig, sizeof sig, out);
}

static int
sig_ok(struct vg_site *s, const char *text, const char *sig_hex)
{
	uint8_t sig[crypto_sign_BYTES];

	if (vg_unhex(sig_hex, sig, sizeof sig) != 0)
		return 0;
	return crypto_sign_verify_detached(sig, (const uint8_t *)text, strlen(text),
	    s->sign_pk) == 0;
}

static int
insert_row(struct vg_site *s, int64_t id, const char *kind, const char *actor,
    const char *action, const char *object, const char *detail, const char *source,
    const char *prev, char hash[65], struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_buf canon;
	int64_t ts = clock_now();
	char sig[129] = "";
	int r;

	buf_init(&canon);
	audit_canonical(&canon, id, ts, kind, actor, action, object, detail, source);
	row_hash(prev, &canon, hash);
	buf_free(&canon);
	if (strcmp(kind, "seal") == 0) {
		char *text = xasprintf("%s\n%lld\n%s", SEAL_MAGIC, (long long)id, hash);

		sign_text(s, text, sig);
		free(text);
	}
	st = db_prepare(s->db, "INSERT INTO audit (id, ts_us, kind, actor, action, object, "
	    "detail, source, prev_hash, hash, sig) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, ts);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, actor);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, object);
	db_bind_text(st, 7, detail);
	db_bind_text(st, 8, source);
	db_bind_text(st, 9, prev);
	db_bind_text(st, 10, hash);
	db_bind_text(st, 11, sig);
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

int
audit_append(struct vg_site *s, const char *actor, const char *action, const char *object,
    const char *detail, const char *source, struct vg_err *err)
{
	struct vg_stmt *st;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t id = 1, last_seal;

	VG_ASSERT(db_in_tx(s->db));
	if (!s->have_sk && site_load_signing_key(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	if (db_step(st) == DB_ROW) {
		id = db_col_int(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
	if (insert_row(s, id, "entry", actor, action, object, detail ? detail : "", source,
	    prev, hash, err) != 0)
		return -1;
	last_seal = db_scalar(s->db, "SELECT MAX(id) FROM audit WHERE kind = 'seal'", NULL, 0);
	if (id - last_seal >= s->cfg.audit_seal_every) {
		char detail2[128];

		snprintf(detail2, sizeof detail2, "through=%lld", (long long)id);
		snprintf(prev, sizeof prev, "%s", hash);
		if (insert_row(s, ++id, "seal", "vigil", "audit.seal", "audit", detail2,
		    "vigil", prev, hash, err) != 0)
			return -1;
	}
	s->tx_audit_id = id;
	snprintf(s->tx_audit_hash, sizeof s->tx_audit_hash, "%s", hash);
	return 0;
}

int
audit_appendf(struct vg_site *s, const char *actor, const char *action, const char *object,
    const char *source, struct vg_err *err, const char *fmt, ...)
{
	va_list ap;
	char *detail;
	int r;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	r = audit_append(s, actor, action, object, detail, source, err);
	free(detail);
	return r;
}

/*---- The head anchor ----*/

static char *
anchor_path(struct vg_site *s)
{
	return vg_path_join(s->cfg.data_dir, "audit.anchor");
}

struct anchor {
	int64_t	id;
	char	hash[65];
	char	sig[129];
};

/* 1 read, 0 absent, -1 unreadable/malformed. */
static int
anchor_read(struct vg_site *s, struct anchor *a)
{
	char *path = anchor_path(s), *text;
	long long id;
	int r = -1;

	memset(a, 0, sizeof *a);
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	text = vg_read_file(path, NULL, 4096, NULL);
	if (text != NULL &&
	    sscanf(text, ANCHOR_MAGIC "\nid=%lld\nhash=%64s\nsig=%128s", &id, a->hash, a->sig) == 3) {
		a->id = id;
		r = 1;
	}
	free(text);
	free(path);
	return r;
}

static char *
anchor_text(int64_t id, const char *hash)
{
	return xasprintf("%s\n%lld\n%s", ANCHOR_MAGIC, (long long)id, hash);
}

/*
 * Moves the anchor forward under a file lock, never backwards: two processes
 * committing in turn may reach this in either order.
 */
int
audit_anchor_update(struct vg_site *s, int64_t id, const char *hash, struct vg_err *err)
{
	char *path = anchor_path(s), *lock = xasprintf("%s.lock", path), *text = NULL, *body;
	struct anchor cur;
	char sig[129];
	int fd, r = -1;

	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot lock %s: %s"), lock, strerror(errno));
		goto out;
	}
	if (anchor_read(s, &cur) == 1 && cur.id >= id) {
		r = 0;
		goto out;
	}
	text = anchor_text(id, hash);
	sign_text(s, text, sig);
	body = xasprintf("%s\nid=%lld\nhash=%s\nsig=%s\n", ANCHOR_MAGIC, (long long)id, hash, sig);
	r = vg_write_file_atomic(path, body, strlen(body), 0600, err);
	free(body);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(lock);
	free(path);
	return r;
}

/*---- Verification ----*/

static int
bad_entry(struct vg_err *err, struct vg_stmt *st, const char *why)
{
	char t[32];

	return vg_seterr(err, VG_REFUSED, _("audit entry %lld (%s %s %s on %s): %s"),
	    (long long)db_col_int(st, 0), time_fmt(db_col_int(st, 1), t), db_col_text(st, 3),
	    db_col_text(st, 4), db_col_text(st, 5), why);
}

static int
check_anchor(struct vg_site *s, struct audit_report *rep, struct vg_err *err)
{
	struct anchor a;
	struct vg_stmt *st;
	char *text;
	int r, ok;

	r = anchor_read(s, &a);
	if (r == 0 && rep->entries == 0)
		return 0;
	if (r == 0)
		return vg_seterr(err, VG_REFUSED,
		    _("the signed audit anchor (%s/audit.anchor) is missing: a cut tail could "
		    "not be detected"), s->cfg.data_dir);
	if (r < 0)
		return vg_seterr(err, VG_REFUSED, _("the audit anchor %s/audit.anchor is malformed"),
		    s->cfg.data_dir);
	text = anchor_text(a.id, a.hash);
	ok = sig_ok(s, text, a.sig);
	free(text);
	if (!ok)
		return vg_seterr(err, VG_REFUSED, "%s",
		    _("the audit anchor's signature does not verify with the site key"));
	if (a.id > rep->head_id)
		return vg_seterr(err, VG_REFUSED,
		    _("the audit log has been cut: the signed anchor records entry %lld, but "
		    "the log ends at entry %lld (entries %lld to %lld are missing)"),
		    (long long)a.id, (long long)rep->head_id, (long long)rep->head_id + 1,
		    (long long)a.id);
	st = db_prepare(s->db, "SELECT hash FROM audit WHERE id = ?");
	db_bind_int(st, 1, a.id);
	r = db_step(st) == DB_ROW && strcmp(db_col_text(st, 0), a.hash) == 0;
	db_finalize(st);
	if (!r)
		return vg_seterr(err, VG_REFUSED,
		    _("audit entry %lld does not match the signed anchor"), (long long)a.id);
	return 0;
}

int
audit_verify(struct vg_site *s, struct audit_report *rep, struct vg_err *err)
{
	struct vg_stmt *st;
	char prev[65] = ZERO_HASH, hash[65];
	int64_t want = 1;
	int rc, r = -1;

	memset(rep, 0, sizeof *rep);
	snprintf(rep->head, sizeof rep->head, "%s", ZERO_HASH);
	if (!s->have_sk && site_load_signing_key(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT id, ts_us, kind, actor, action, object, detail, source, "
	    "prev_hash, hash, sig FROM audit ORDER BY id");
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		struct vg_buf canon;

		if (id != want) {
			if (want == id - 1)
				vg_seterr(err, VG_REFUSED,
				    _("audit entry %lld is missing: it has been deleted"),
				    (long long)want);
			else
				vg_seterr(err, VG_REFUSED,
				    _("audit entries %lld to %lld are missing: they have been deleted"),
				    (long long)want, (long long)id - 1);
			goto out;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0) {
			bad_entry(err, st, _("its link to the previous entry is broken"));
			goto out;
		}
		buf_init(&canon);
		audit_canonical(&canon, id, db_col_int(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5),
		    db_col_text(st, 6), db_col_text(st, 7));
		row_hash(prev, &canon, hash);
		buf_free(&canon);
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			bad_entry(err, st, _("its content does not match its hash: it has been altered"));
			goto out;
		}
		if (strcmp(db_col_text(st, 2), "seal") == 0) {
			char *text = xasprintf("%s\n%lld\n%s", SEAL_MAGIC, (long long)id, hash);
			int ok = sig_ok(s, text, db_col_text(st, 10));

			free(text);
			if (!ok) {
				bad_entry(err, st, _("the seal's signature does not verify"));
				goto out;
			}
			rep->seals++;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		rep->entries++;
		rep->head_id = id;
		want++;
	}
	if (rc != DB_DONE) {
		vg_seterr(err, VG_FAILED, _("cannot read the audit log: %s"), db_errmsg(s->db));
		goto out;
	}
	snprintf(rep->head, sizeof rep->head, "%s", prev);
	r = check_anchor(s, rep, err);
out:
	db_finalize(st);
	return r;
}
