/* auth.c — argon2id passwords, login attempts, lockout and sessions. */
#include "core/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"

int
auth_password_acceptable(const char *pw, struct vg_err *err)
{
	size_t n = strlen(pw);

	if (n < AUTH_PW_MIN)
		return vg_seterr_field(err, VG_USAGE, "password",
		    _("the password is too short: use at least %d characters"), AUTH_PW_MIN);
	if (n > AUTH_PW_MAX)
		return vg_seterr_field(err, VG_USAGE, "password",
		    _("the password is too long: at most %d bytes"), AUTH_PW_MAX);
	if (!vg_valid_utf8(pw) || vg_has_control(pw))
		return vg_seterr_field(err, VG_USAGE, "password", "%s",
		    _("the password must be plain text without control characters"));
	return 0;
}

int
auth_hash_password(const char *pw, char out[128], struct vg_err *err)
{
	VG_ASSERT(crypto_pwhash_STRBYTES <= 128);
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return vg_seterr(err, VG_FAILED, "%s", _("cannot hash the password (out of memory)"));
	return 0;
}

int
auth_verify_password(const char *hash, const char *pw)
{
	if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* Failures for the login since its last success, and from the source, in the window. */
static void
count_failures(struct vg_site *s, const char *login, const char *source, int64_t since,
    int *by_login, int *by_source, int64_t *latest)
{
	struct vg_stmt *st;

	st = db_prepare(s->db, "SELECT COUNT(*), MAX(ts_us) FROM login_attempts WHERE login = ? "
	    "AND ok = 0 AND ts_us >= ? AND ts_us > COALESCE((SELECT MAX(ts_us) FROM "
	    "login_attempts WHERE login = ? AND ok = 1), 0)");
	db_bind_text(st, 1, login);
	db_bind_int(st, 2, since);
	db_bind_text(st, 3, login);
	*by_login = 0;
	*latest = 0;
	if (db_step(st) == DB_ROW) {
		*by_login = (int)db_col_int(st, 0);
		*latest = db_col_int(st, 1);
	}
	db_finalize(st);
	st = db_prepare(s->db, "SELECT COUNT(*), MAX(ts_us) FROM login_attempts WHERE source = ? "
	    "AND ok = 0 AND ts_us >= ?");
	db_bind_text(st, 1, source);
	db_bind_int(st, 2, since);
	*by_source = 0;
	if (db_step(st) == DB_ROW) {
		*by_source = (int)db_col_int(st, 0);
		if (db_col_int(st, 1) > *latest)
			*latest = db_col_int(st, 1);
	}
	db_finalize(st);
}

int
auth_locked(struct vg_site *s, const char *login, const char *source, int64_t *until_us,
    int *failures)
{
	int64_t window = (int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC;
	int64_t now = clock_now(), latest;
	int by_login, by_source, limit = s->cfg.ssh_lockout_failures;

	count_failures(s, login, source, now - window, &by_login, &by_source, &latest);
	*failures = by_login > by_source ? by_login : by_source;
	*until_us = latest + window;
	return by_login >= limit || by_source >= limit;
}

int
auth_failure_delay_ms(struct vg_site *s, const char *login, const char *source)
{
	int64_t window = (int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC, latest;
	int by_login, by_source, n, ms = 250;

	count_failures(s, login, source, clock_now() - window, &by_login, &by_source, &latest);
	n = by_login > by_source ? by_login : by_source;
	while (n-- > 1 && ms < 8000)
		ms *= 2;
	return ms;
}

int
auth_record_attempt(struct vg_site *s, const char *login, const char *source,
    const char *method, int ok, const char *why, struct vg_err *err)
{
	struct vg_stmt *st;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO login_attempts (login, source, method, ts_us, ok) "
	    "VALUES (?,?,?,?,?)");
	db_bind_text(st, 1, login);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, method);
	db_bind_int(st, 4, clock_now());
	db_bind_int(st, 5, ok);
	if (db_run(st, s->db, err) != 0 ||
	    audit_appendf(s, login, ok ? "auth.login.ok" : "auth.login.fail", login, source, err,
	    "method=%s%s%s", method, why && *why ? "; reason=" : "", why ? why : "") != 0) {
		db_finalize(st);
		site_rollback(s);
		return -1;
	}
	db_finalize(st);
	return site_commit(s, err);
}

int64_t
auth_session_open(struct vg_site *s, int64_t user_id, const char *login, const char *source,
    const char *kind, int pid, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t id;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO sessions (user_id, source, kind, pid, started_us) "
	    "VALUES (?,?,?,?,?)");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, source);
	db_bind_text(st, 3, kind);
	db_bind_int(st, 4, pid);
	db_bind_int(st, 5, clock_now());
	if (db_run(st, s->db, err) != 0) {
		db_finalize(st);
		site_rollback(s);
		return -1;
	}
	db_finalize(st);
	id = db_last_id(s->db);
	if (audit_appendf(s, login, "session.open", login, source, err, "session=%lld; kind=%s",
	    (long long)id, kind) != 0 || site_commit(s, err) != 0) {
		site_rollback(s);
		return -1;
	}
	return id;
}

int
auth_session_close(struct vg_site *s, int64_t id, const char *login, const char *source,
    const char *reason, struct vg_err *err)
{
	struct vg_stmt *st;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE sessions SET ended_us = ?, end_reason = ? "
	    "WHERE id = ? AND ended_us IS NULL");
	db_bind_int(st, 1, clock_now());
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, id);
	if (db_run(st, s->db, err) != 0 ||
	    audit_appendf(s, login, "session.close", login, source, err, "session=%lld; reason=%s",
	    (long long)id, reason) != 0) {
		db_finalize(st);
		site_rollback(s);
		return -1;
	}
	db_finalize(st);
	return site_commit(s, err);
}

int
auth_sessions_open_count(struct vg_site *s, int64_t user_id)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT COUNT(*) FROM sessions WHERE user_id = ? AND ended_us IS NULL");
	int n = 0;

	db_bind_int(st, 1, user_id);
	if (db_step(st) == DB_ROW)
		n = (int)db_col_int(st, 0);
	db_finalize(st);
	return n;
}
