/* audit.c — append-only audit chain with signed seals and a signed head anchor. */
#include "core/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define ANCHOR_MAGIC "vigil-audit-anchor-v1"
#define SEAL_MAGIC "vigil-audit-seal-v1"
#define ENTRY_MAGIC "vigil-audit-entry-v1"

extern char **environ;

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

/* What a row's signature covers: its kind, position and hash (which chains
 * everything before it). */
static char *
row_sig_text(const char *kind, int64_t id, const char *hash)
{
	return xasprintf("%s\n%lld\n%s", strcmp(kind, "seal") == 0 ? SEAL_MAGIC : ENTRY_MAGIC,
	    (long long)id, hash);
}

static int
row_sig_ok(struct vg_site *s, const char *kind, int64_t id, const char *hash, const char *sig)
{
	char *text = row_sig_text(kind, id, hash);
	int ok = sig[0] != '\0' && sig_ok(s, text, sig);

	free(text);
	return ok;
}

static int
insert_row(struct vg_site *s, int64_t id, const char *kind, const char *actor,
    const char *action, const char *object, const char *detail, const char *source,
    const char *prev, char hash[65], struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_buf canon;
	int64_t ts = clock_now();
	char sig[129], *text;
	int r;

	buf_init(&canon);
	audit_canonical(&canon, id, ts, kind, actor, action, object, detail, source);
	row_hash(prev, &canon, hash);
	buf_free(&canon);
	/* Every row is signed by the process that writes it: without the key
	 * nobody can add one that verifies. */
	text = row_sig_text(kind, id, hash);
	sign_text(s, text, sig);
	free(text);
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

#define ROW_COLS "id, ts_us, kind, actor, action, object, detail, source, prev_hash, hash, sig"

/* The hash a row read with ROW_COLS should carry, from its own fields and link. */
static void
row_rehash(struct vg_stmt *st, char out[65])
{
	struct vg_buf canon;

	buf_init(&canon);
	audit_canonical(&canon, db_col_int(st, 0), db_col_int(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6),
	    db_col_text(st, 7));
	row_hash(db_col_text(st, 8), &canon, out);
	buf_free(&canon);
}

static int
anchor_matches(struct vg_site *s, int64_t id, const char *hash);

/*
 * Before a transaction adds its first entry, the newest row must be one that
 * vigil signed (or, on a log from before rows were signed, the one the signed
 * anchor names): a row appended without the key is never built upon, so the
 * next legitimate entry cannot lend it credibility.  The signer refuses, and
 * nothing more is recorded until someone has looked.
 */
static int
check_tail(struct vg_site *s, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " ROW_COLS " FROM audit ORDER BY id DESC "
	    "LIMIT 1");
	char hash[65];
	int r = 0;

	if (db_step(st) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		const char *stored = db_col_text(st, 9);

		row_rehash(st, hash);
		if (strcmp(hash, stored) != 0 ||
		    (!row_sig_ok(s, db_col_text(st, 2), id, stored, db_col_text(st, 10)) &&
		    !(db_col_text(st, 10)[0] == '\0' && anchor_matches(s, id, stored))))
			r = vg_seterr(err, VG_REFUSED, _("the newest audit entry (%lld, %s on %s) was "
			    "not written by vigil with the site's key; nothing more is recorded until "
			    "the log is checked: vigil admin audit verify"), (long long)id,
			    db_col_text(st, 4), db_col_text(st, 5));
	}
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
	if (s->tx_audit_id == 0 && check_tail(s, err) != 0)
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

/*---- The head anchor and its witnesses ----*/

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

/* The signed anchor names exactly this row. */
static int
anchor_matches(struct vg_site *s, int64_t id, const char *hash)
{
	struct anchor a;
	char *text;
	int ok;

	if (anchor_read(s, &a) != 1 || a.id != id || strcmp(a.hash, hash) != 0)
		return 0;
	text = anchor_text(a.id, a.hash);
	ok = sig_ok(s, text, a.sig);
	free(text);
	return ok;
}

/*
 * The witness file: one line per committed head, "ID HASH SIG" (SIG signs the
 * anchor text), appended and never rewritten, in a directory other than
 * paths.data, so that putting back an old copy of data/ (database and anchor
 * together) leaves lines that no longer match.  The site may make it
 * append-only (chattr +a).
 */
static int
witness_append(struct vg_site *s, int64_t id, const char *hash, const char *sig,
    struct vg_err *err)
{
	const char *path = s->cfg.audit_witness_file;
	char *dir, *line;
	int fd, r = 0;

	if (path == NULL || path[0] == '\0')
		return 0;
	dir = vg_dirname(path);
	if (vg_mkdirs(dir, 0750, err) != 0) {
		free(dir);
		return -1;
	}
	free(dir);
	line = xasprintf("%lld %s %s\n", (long long)id, hash, sig);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0 || write(fd, line, strlen(line)) != (ssize_t)strlen(line) || fsync(fd) != 0)
		r = vg_seterr(err, VG_FAILED, _("cannot append to the audit witness %s: %s"), path,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	free(line);
	return r;
}

/* Writes line to fd without dying of SIGPIPE if the reader has gone. */
static void
write_nopipe(int fd, const char *line)
{
	sigset_t pipe_set, old;
	struct timespec zero = { 0, 0 };

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	if (write(fd, line, strlen(line)) < 0 && errno == EPIPE)
		sigtimedwait(&pipe_set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/*
 * audit.witness_command: a command of the site's choosing (sh -c), fed each
 * new signed head as one line on its standard input, e.g. to log it on
 * another machine.  It has 10 seconds; its output is discarded.
 */
static int
witness_command(struct vg_site *s, int64_t id, const char *hash, const char *sig,
    struct vg_err *err)
{
	const char *cmd = s->cfg.audit_witness_command;
	char *argv[] = { "sh", "-c", (char *)cmd, NULL }, *line;
	posix_spawn_file_actions_t fa;
	int64_t deadline;
	int pfd[2], st = 0, r;
	pid_t pid;

	if (cmd == NULL || cmd[0] == '\0')
		return 0;
	if (pipe2(pfd, O_CLOEXEC) != 0)
		return vg_seterr(err, VG_FAILED, "pipe: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	r = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[0]);
	if (r != 0) {
		close(pfd[1]);
		return vg_seterr(err, VG_FAILED, _("cannot run audit.witness_command: %s"),
		    strerror(r));
	}
	line = xasprintf("%s id=%lld hash=%s sig=%s\n", ANCHOR_MAGIC, (long long)id, hash, sig);
	write_nopipe(pfd[1], line);
	free(line);
	close(pfd[1]);
	deadline = clock_mono_us() + 10 * VG_USEC_PER_SEC;
	while ((r = (int)waitpid(pid, &st, WNOHANG)) == 0 && clock_mono_us() < deadline)
		usleep(10000);
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return vg_seterr(err, VG_FAILED, "%s",
		    _("audit.witness_command did not finish within 10 seconds"));
	}
	if (r < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return vg_seterr(err, VG_FAILED, _("audit.witness_command failed (status %d)"),
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

/*
 * Moves the anchor forward under a file lock, never backwards: two processes
 * committing in turn may reach this in either order.  The same head goes to
 * the witness file (under the lock, so lines keep the order of the log) and
 * then to the witness command.
 */
int
audit_publish_head(struct vg_site *s, int64_t id, const char *hash, struct vg_err *err)
{
	char *path = anchor_path(s), *lock = xasprintf("%s.lock", path), *text = NULL, *body;
	struct anchor cur;
	char sig[129];
	int fd, r = -1, published = 0;

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
	if (r == 0)
		r = witness_append(s, id, hash, sig, err);
	published = r == 0;
out:
	if (fd >= 0)
		close(fd);
	if (published)
		r = witness_command(s, id, hash, sig, err);
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
	/* Rows from before rows were signed are covered by the anchor only up to it. */
	if (rep->last_signed_id < rep->head_id && a.id < rep->head_id)
		return vg_seterr(err, VG_REFUSED,
		    _("audit entries %lld to %lld carry no signature and come after the signed "
		    "anchor (entry %lld): they were added without the signing key"),
		    (long long)(a.id > rep->last_signed_id ? a.id : rep->last_signed_id) + 1,
		    (long long)rep->head_id, (long long)a.id);
	st = db_prepare(s->db, "SELECT hash FROM audit WHERE id = ?");
	db_bind_int(st, 1, a.id);
	r = db_step(st) == DB_ROW && strcmp(db_col_text(st, 0), a.hash) == 0;
	db_finalize(st);
	if (!r)
		return vg_seterr(err, VG_REFUSED,
		    _("audit entry %lld does not match the signed anchor"), (long long)a.id);
	return 0;
}

/* One line of the witness file against the log; 0 when it matches. */
static int
witness_line(struct vg_stmt *st, const char *path, long lineno,
    const char *line, const struct audit_report *rep, struct vg_err *err)
{
	long long id;
	char hash[65], sig[129];
	int ok;

	if (sscanf(line, "%lld %64s %128s", &id, hash, sig) != 3)
		return vg_seterr(err, VG_REFUSED, _("the audit witness %s:%ld is malformed"), path,
		    lineno);
	if (id > rep->head_id)
		return vg_seterr(err, VG_REFUSED,
		    _("the audit witness %s:%ld records entry %lld, but the log ends at entry "
		    "%lld: the database (with its anchor) has been rolled back or cut"), path, lineno,
		    id, (long long)rep->head_id);
	db_reset(st);
	db_bind_int(st, 1, id);
	ok = db_step(st) == DB_ROW && strcmp(db_col_text(st, 0), hash) == 0;
	if (!ok)
		return vg_seterr(err, VG_REFUSED,
		    _("audit entry %lld is not the one the witness %s:%ld recorded: the log has "
		    "been rolled back and written again"), id, path, lineno);
	return 0;
}

/* Every line of the witness file must name a row the log still has, unchanged. */
static int
check_witness(struct vg_site *s, struct audit_report *rep, struct vg_err *err)
{
	const char *path = s->cfg.audit_witness_file;
	struct vg_stmt *st;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	FILE *f;
	int r = 0;

	if (path == NULL || path[0] == '\0')
		return 0;
	if ((f = fopen(path, "re")) == NULL) {
		/* A log whose rows are signed has always had its witness. */
		if (errno == ENOENT && rep->signed_entries == 0)
			return 0;
		return vg_seterr(err, VG_REFUSED, _("the audit witness %s cannot be read: %s"), path,
		    strerror(errno));
	}
	st = db_prepare(s->db, "SELECT hash FROM audit WHERE id = ?");
	while (r == 0 && getline(&line, &cap, f) > 0) {
		r = witness_line(st, path, ++lineno, line, rep, err);
		rep->witnessed += r == 0;
	}
	db_finalize(st);
	free(line);
	fclose(f);
	return r;
}

/* The checks of one row in order; 0 when it is sound. */
static int
verify_row(struct vg_site *s, struct vg_stmt *st, const char *prev,
    struct audit_report *rep, char hash[65], struct vg_err *err)
{
	int64_t id = db_col_int(st, 0);
	const char *kind = db_col_text(st, 2), *sig = db_col_text(st, 10);

	if (strcmp(db_col_text(st, 8), prev) != 0)
		return bad_entry(err, st, _("its link to the previous entry is broken"));
	row_rehash(st, hash);
	if (strcmp(hash, db_col_text(st, 9)) != 0)
		return bad_entry(err, st, _("its content does not match its hash: it has been altered"));
	if (strcmp(kind, "seal") == 0 && !row_sig_ok(s, kind, id, hash, sig))
		return bad_entry(err, st, _("the seal's signature does not verify"));
	if (strcmp(kind, "seal") == 0) {
		rep->seals++;
		rep->last_signed_id = id;
		return 0;
	}
	/* Entries from before every row was signed are covered by the seals and
	 * the anchor; after the first signed one, each must carry its own. */
	if (sig[0] == '\0' && rep->signed_entries == 0)
		return 0;
	if (!row_sig_ok(s, kind, id, hash, sig))
		return bad_entry(err, st, sig[0] == '\0' ?
		    _("it carries no signature: it was added without the signing key") :
		    _("its signature does not verify with the site key"));
	rep->signed_entries++;
	rep->last_signed_id = id;
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
	if (site_load_public_key(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT " ROW_COLS " FROM audit ORDER BY id");
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);

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
		if (verify_row(s, st, prev, rep, hash, err) != 0)
			goto out;
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
	if (r == 0)
		r = check_witness(s, rep, err);
out:
	db_finalize(st);
	return r;
}

/*---- One entry ----*/

/*
 * Whether the row with this id is sound: its content matches its hash and
 * the rows from it up to the first signed one (itself, for every row written
 * since rows are signed) link and verify.  0, or -1 with err saying why.
 */
static int
entry_verified(struct vg_site *s, int64_t id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " ROW_COLS " FROM audit WHERE id >= ? "
	    "ORDER BY id");
	char prev[65] = "", hash[65];
	int64_t want = id;
	int r = -1;

	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW) {
		if (db_col_int(st, 0) != want ||
		    (prev[0] != '\0' && strcmp(db_col_text(st, 8), prev) != 0)) {
			vg_seterr(err, VG_REFUSED, _("audit entry %lld: the entries after it do not "
			    "link up"), (long long)id);
			break;
		}
		row_rehash(st, hash);
		if (strcmp(hash, db_col_text(st, 9)) != 0) {
			bad_entry(err, st, _("its content does not match its hash: it has been altered"));
			break;
		}
		if (row_sig_ok(s, db_col_text(st, 2), want, hash, db_col_text(st, 10))) {
			r = 0;
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		want++;
	}
	if (r != 0 && err->msg[0] == '\0')
		vg_seterr(err, VG_REFUSED, _("audit entry %lld is not signed by the site's key: it "
		    "was added without it"), (long long)id);
	db_finalize(st);
	return r;
}

int
audit_entry_find(struct vg_site *s, const char *action, const char *object,
    struct audit_entry *e, struct vg_err *err)
{
	struct vg_stmt *st;
	int found;

	memset(e, 0, sizeof *e);
	vg_err_clear(err);
	if (site_load_public_key(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT id, ts_us, actor, detail FROM audit WHERE object = ? "
	    "AND action = ? AND kind = 'entry' ORDER BY id DESC LIMIT 1");
	db_bind_text(st, 1, object);
	db_bind_text(st, 2, action);
	if ((found = db_step(st) == DB_ROW)) {
		e->id = db_col_int(st, 0);
		e->ts_us = db_col_int(st, 1);
		e->actor = xstrdup(db_col_text(st, 2));
		e->detail = xstrdup(db_col_text(st, 3));
	}
	db_finalize(st);
	if (!found)
		return 0;
	return entry_verified(s, e->id, err) == 0 ? 1 : -1;
}

void
audit_entry_free(struct audit_entry *e)
{
	free(e->actor);
	free(e->detail);
	memset(e, 0, sizeof *e);
}
