/* auth.c — argon2id passwords, login attempts, lockout and sessions. */
#include "core/auth.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/users.h"
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

/*---- Passwords: one path for every login ----*/

/* Counters of the work a password check does, for the test that every path
 * does the same (test_login.c). */
static struct auth_work work;

void
auth_work_get(struct auth_work *w)
{
	*w = work;
}

/*
 * A hash of nothing anyone knows, made once with the same parameters as real
 * ones.  A login with no such user, or a user without a password, is checked
 * against it, so the answer takes as long as a real check and the timing
 * tells nobody which logins exist or have a password.  The listener prepares
 * it before it forks, so no connection process pays for making it.
 */
static char dummy_hash[128];

int
auth_dummy_prepare(struct vg_err *err)
{
	char pw[33];
	uint8_t rnd[16];

	if (dummy_hash[0] != '\0')
		return 0;
	randombytes_buf(rnd, sizeof rnd);
	vg_hex(rnd, sizeof rnd, pw);
	work.hashes++;
	return auth_hash_password(pw, dummy_hash, err);
}

int
auth_password_decide(const char *stored, const char *pw)
{
	struct vg_err err;
	int ok;

	if (dummy_hash[0] == '\0' && auth_dummy_prepare(&err) != 0)
		return 0;
	work.verifies++;
	ok = auth_verify_password(stored != NULL ? stored : dummy_hash, pw);
	return stored != NULL && ok;
}

int
auth_check_password(struct vg_site *s, const struct vg_user *u, const char *pw)
{
	struct vg_stmt *st;
	char *hash = NULL;
	int ok;

	if (u != NULL) {
		st = db_prepare(s->db, "SELECT pw_hash FROM users WHERE id = ?");
		db_bind_int(st, 1, u->id);
		if (db_step(st) == DB_ROW && !db_col_isnull(st, 0))
			hash = xstrdup(db_col_text(st, 0));
		db_finalize(st);
	}
	ok = auth_password_decide(hash, pw);
	free(hash);
	return ok;
}

/*---- Lockout, by the method that failed ----*/

/*
 * Which failures and which successes count for a factor: a wrong password
 * locks passwords (also the console's change-password form), a wrong code
 * locks codes, and nothing locks public keys, which cannot be guessed; so
 * nobody can lock a key-only account out by sending wrong passwords for it.
 */
static const struct {
	const char	*fails;		/* SQL condition on method of failures */
	const char	*oks;		/* of the successes that reset the login's count */
} factor_sql[] = {
	[AUTH_F_PASSWORD] = { "method IN ('password', 'password-change')",
	    "method IN ('password', 'password+totp')" },
	[AUTH_F_TOTP] = { "method LIKE '%+totp'", "method LIKE '%+totp'" },
	[AUTH_F_KEY] = { "method = 'publickey'", "method LIKE 'publickey%'" },
};

enum auth_factor
auth_method_factor(const char *method)
{
	size_t n = strlen(method);

	if (n >= 5 && strcmp(method + n - 5, "+totp") == 0)
		return AUTH_F_TOTP;
	if (strncmp(method, "password", 8) == 0)
		return AUTH_F_PASSWORD;
	return AUTH_F_KEY;
}

void
auth_failures_count(struct vg_site *s, const char *login, const char *source,
    enum auth_factor f, int64_t now, struct auth_failures *out)
{
	int64_t since = now - (int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC;
	char *sql;
	struct vg_stmt *st;

	memset(out, 0, sizeof *out);
	sql = xasprintf("SELECT COUNT(*), MAX(ts_us) FROM login_attempts WHERE login = ? AND ok = 0 "
	    "AND %s AND ts_us >= ? AND ts_us > COALESCE((SELECT MAX(ts_us) FROM login_attempts "
	    "WHERE login = ? AND ok = 1 AND %s), 0)", factor_sql[f].fails, factor_sql[f].oks);
	st = db_prepare(s->db, sql);
	free(sql);
	db_bind_text(st, 1, login);
	db_bind_int(st, 2, since);
	db_bind_text(st, 3, login);
	if (db_step(st) == DB_ROW) {
		out->by_login = (int)db_col_int(st, 0);
		out->latest_us = db_col_int(st, 1);
	}
	db_finalize(st);
	sql = xasprintf("SELECT COUNT(*), MAX(ts_us) FROM login_attempts WHERE source = ? AND ok = 0 "
	    "AND %s AND ts_us >= ?", factor_sql[f].fails);
	st = db_prepare(s->db, sql);
	free(sql);
	db_bind_text(st, 1, source);
	db_bind_int(st, 2, since);
	if (db_step(st) == DB_ROW) {
		out->by_source = (int)db_col_int(st, 0);
		if (db_col_int(st, 1) > out->latest_us)
			out->latest_us = db_col_int(st, 1);
	}
	db_finalize(st);
}

/*
 * The decision alone, from counts: locked when the login or the address has
 * limit failures of the factor in the window, until the window has passed
 * since the latest of them.  Attempts refused while locked are not failures
 * (auth_record_refusal), so they never push that time back.
 */
struct auth_lock
auth_lock_decide(enum auth_factor f, const struct auth_failures *c, int limit,
    int64_t window_us, int64_t now)
{
	struct auth_lock l = { 0, 0, 0 };

	l.failures = c->by_login > c->by_source ? c->by_login : c->by_source;
	if (f == AUTH_F_KEY)
		return l;
	l.until_us = c->latest_us + window_us;
	l.locked = l.failures >= limit && l.until_us > now;
	return l;
}

int
auth_delay_decide(const struct auth_failures *c)
{
	int n = c->by_login > c->by_source ? c->by_login : c->by_source, ms = 250;

	while (n-- > 1 && ms < 8000)
		ms *= 2;
	return ms;
}

int
auth_locked(struct vg_site *s, const char *login, const char *source, const char *method,
    int64_t *until_us, int *failures)
{
	enum auth_factor f = auth_method_factor(method);
	struct auth_failures c;
	struct auth_lock l;
	int64_t now = clock_now();

	auth_failures_count(s, login, source, f, now, &c);
	l = auth_lock_decide(f, &c, s->cfg.ssh_lockout_failures,
	    (int64_t)s->cfg.ssh_lockout_window_s * VG_USEC_PER_SEC, now);
	*until_us = l.until_us;
	*failures = l.failures;
	return l.locked;
}

int
auth_failure_delay_ms(struct vg_site *s, const char *login, const char *source,
    const char *method)
{
	struct auth_failures c;

	auth_failures_count(s, login, source, auth_method_factor(method), clock_now(), &c);
	return auth_delay_decide(&c);
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

int
auth_record_refusal(struct vg_site *s, const char *login, const char *source,
    const char *method, const char *why, struct vg_err *err)
{
	if (site_begin(s, err) != 0)
		return -1;
	if (audit_appendf(s, login, "auth.login.fail", login, source, err, "method=%s; reason=%s",
	    method, why) != 0) {
		site_rollback(s);
		return -1;
	}
	return site_commit(s, err);
}

/* Whether the process a session row names still runs (single node: pids are local). */
static int
pid_alive(int64_t pid)
{
	if (pid <= 0 || pid > INT32_MAX)
		return 1;	/* unknown: count it rather than free a place wrongly */
	return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

static int
count_live(struct vg_site *s, int64_t user_id)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT pid FROM sessions WHERE user_id = ? AND ended_us IS NULL");
	int n = 0;

	db_bind_int(st, 1, user_id);
	while (db_step(st) == DB_ROW)
		n += db_col_isnull(st, 0) || pid_alive(db_col_int(st, 0));
	db_finalize(st);
	return n;
}

int64_t
auth_session_open_limited(struct vg_site *s, int64_t user_id, const char *login,
    const char *source, const char *kind, int pid, int max, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t id;
	int n;

	if (site_begin(s, err) != 0)
		return -1;
	if (max > 0 && (n = count_live(s, user_id)) >= max) {
		site_rollback(s);
		vg_seterr(err, VG_REFUSED, _("%s already has %d of %d sessions open; close one "
		    "first (ssh.max_sessions_per_user)"), login, n, max);
		return -1;
	}
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

int64_t
auth_session_open(struct vg_site *s, int64_t user_id, const char *login, const char *source,
    const char *kind, int pid, struct vg_err *err)
{
	return auth_session_open_limited(s, user_id, login, source, kind, pid, 0, err);
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
	return count_live(s, user_id);
}

int
auth_sessions_close_stale(struct vg_site *s, int pid, const char *reason, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT se.id, se.pid, se.source, u.login "
	    "FROM sessions se JOIN users u ON u.id = se.user_id WHERE se.ended_us IS NULL "
	    "ORDER BY se.id");
	struct stale { int64_t id; char *login, *source; } *v = NULL;
	size_t n = 0;
	int r = 0;

	while (db_step(st) == DB_ROW) {
		int64_t p = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);

		if (pid > 0 ? p != pid : (p <= 0 || pid_alive(p)))
			continue;
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n].id = db_col_int(st, 0);
		v[n].source = xstrdup(db_col_text(st, 2));
		v[n].login = xstrdup(db_col_text(st, 3));
		n++;
	}
	db_finalize(st);
	for (size_t i = 0; i < n; i++) {
		if (r == 0 && auth_session_close(s, v[i].id, v[i].login, v[i].source, reason,
		    err) != 0)
			r = -1;
		free(v[i].login);
		free(v[i].source);
	}
	free(v);
	return r == 0 ? (int)n : -1;
}

/*---- Who may log in ----*/

/* A role that grants nothing beyond filing a request (see auth.h). */
static int
role_needs_register(const struct pol_role *ro)
{
	if (!ro->needs_authorization)
		return 0;
	for (size_t i = 0; i < ro->ncaps; i++)
		if (strcmp(ro->caps[i], "request.file") != 0)
			return 1;
	return 0;
}

int
auth_totp_required(struct vg_site *s, const struct vg_user *u)
{
	if (u->has_totp)
		return 1;
	for (size_t i = 0; i < u->nroles; i++) {
		const struct pol_role *ro = policy_role(s->pol, u->roles[i]);

		if (ro != NULL && ro->totp)
			return 1;
	}
	return 0;
}

int
auth_login_allowed(struct vg_site *s, const struct vg_user *u, struct vg_err *err)
{
	int usable = 0;

	if (u->disabled)
		return vg_seterr(err, VG_REFUSED, _("the account %s is disabled"), u->login);
	for (size_t i = 0; i < u->nroles; i++) {
		const struct pol_role *ro = policy_role(s->pol, u->roles[i]);

		usable |= ro != NULL && !role_needs_register(ro);
	}
	/* DESIGN §8, HHKCS 2.4.1: only people on the register with an unexpired
	 * authorisation operate the system; the list is renewed every school year. */
	if (!usable && !authz_valid(s, u->id, clock_now()))
		return vg_seterr(err, VG_REFUSED, _("%s has no unexpired authorisation on the "
		    "authorised-personnel register; ask the operations head to renew it"), u->login);
	if (!u->has_totp && auth_totp_required(s, u))
		return vg_seterr(err, VG_REFUSED, _("%s must log in with a one-time code but has "
		    "none enrolled; ask an administrator to run: vigil admin user totp %s"),
		    u->login, u->login);
	return 0;
}

/*
 * A session lasts only as long as its user may log in (DESIGN §8): the
 * listener asks this every few seconds about the connection processes it
 * knows, and ends those whose user was disabled, lost their register entry
 * or their required one-time code since they logged in.
 */
size_t
auth_sessions_revoked(struct vg_site *s, const int *pids, size_t n, int *out)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT u.login FROM sessions se JOIN users u ON "
	    "u.id = se.user_id WHERE se.ended_us IS NULL AND se.pid = ?");
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		struct vg_user *u = NULL;
		struct vg_err err;

		db_reset(st);
		db_bind_int(st, 1, pids[i]);
		if (db_step(st) == DB_ROW)
			u = users_get(s, db_col_text(st, 0));
		if (u != NULL && auth_login_allowed(s, u, &err) != 0)
			out[k++] = pids[i];
		users_free(u);
	}
	db_finalize(st);
	return k;
}

int
auth_change_password(struct vg_site *s, const struct vg_actor *a, const char *current,
    const char *newpw, struct vg_err *err)
{
	struct vg_stmt *st;
	char *hash = NULL;
	int ok, r;

	if (a->system || a->user_id == 0)
		return vg_seterr(err, VG_REFUSED, "%s",
		    _("only a user can change their own password here"));
	st = db_prepare(s->db, "SELECT pw_hash FROM users WHERE id = ?");
	db_bind_int(st, 1, a->user_id);
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0))
		hash = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	/* Key-only accounts have no current password to give. */
	ok = hash == NULL || auth_verify_password(hash, current);
	free(hash);
	if (!ok) {
		struct vg_err e2;

		if (auth_record_attempt(s, a->login, a->source, "password-change", 0,
		    "wrong current password", &e2) != 0)
			return vg_seterr(err, VG_FAILED, "%s", e2.msg);
		return vg_seterr_field(err, VG_REFUSED, "current", "%s",
		    _("the current password is wrong"));
	}
	r = users_set_password(s, a, a->login, newpw, err);
	/* The password rules name their field "password"; on this form it is "new". */
	if (r != 0 && strcmp(err->field, "password") == 0)
		snprintf(err->field, sizeof err->field, "new");
	return r;
}
