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

int
auth_check_password(struct vg_site *s, const struct vg_user *u, const char *pw)
{
	static char dummy[128];
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
	if (hash == NULL) {
		struct vg_err err;

		if (dummy[0] == '\0' && auth_hash_password("vigil-no-such-password", dummy,
		    &err) != 0)
			return 0;
		(void)auth_verify_password(dummy, pw);
		return 0;
	}
	ok = auth_verify_password(hash, pw);
	free(hash);
	return ok;
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
