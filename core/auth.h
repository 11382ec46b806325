/* auth.h — passwords (argon2id), login attempts and lockout, sessions. */
#ifndef VG_AUTH_H
#define VG_AUTH_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;

#define AUTH_PW_MIN 10
#define AUTH_PW_MAX 1024

/* Checks a new password is acceptable (length, plain text). */
int	auth_password_acceptable(const char *pw, struct vg_err *);
/* argon2id hash in libsodium's encoded form; out must hold 128 bytes. */
int	auth_hash_password(const char *pw, char out[128], struct vg_err *);
/* 1 when pw matches the encoded hash, 0 otherwise. */
int	auth_verify_password(const char *hash, const char *pw);
struct vg_user;
/* 1 when pw is the user's password.  A NULL user (no such login) or one
 * without a password is checked against the dummy hash, so the answer's
 * speed does not tell which logins exist or have a password. */
int	auth_check_password(struct vg_site *, const struct vg_user *, const char *pw);
/*
 * The decision alone: 1 when pw matches stored (NULL: the user has none, or
 * there is no such user, and pw is checked against the dummy hash instead:
 * one argon2id verification on every path).  The dummy hash is made once by
 * auth_dummy_prepare, which the listener calls before it forks connection
 * processes; elsewhere the first call makes it.
 */
int	auth_password_decide(const char *stored, const char *pw);
int	auth_dummy_prepare(struct vg_err *);
/* The work password checks have done in this process (for tests). */
struct auth_work {
	unsigned	hashes;		/* argon2id hashes made (the dummy) */
	unsigned	verifies;	/* argon2id verifications */
};
void	auth_work_get(struct auth_work *);

/*
 * Lockout locks the method that failed, never the login as a whole: after
 * ssh.lockout_failures failures of passwords (or of one-time codes) for a
 * login since its last success with that method, or from a source address,
 * within ssh.lockout_window_s, that method is refused until the window has
 * passed since the latest failure.  Public keys are never locked.  Attempts
 * refused while locked are audited (auth_record_refusal) but are not
 * failures, so they never extend the lock.
 */
enum auth_factor { AUTH_F_PASSWORD, AUTH_F_TOTP, AUTH_F_KEY };
/* "password", "password-change" -> PASSWORD; "...+totp" -> TOTP; else KEY. */
enum auth_factor auth_method_factor(const char *method);
struct auth_failures {
	int	by_login;	/* since the login's last success with the factor */
	int	by_source;
	int64_t	latest_us;	/* the latest of them; 0 none */
};
struct auth_lock {
	int	locked;
	int64_t	until_us;
	int	failures;
};
/* Counts the factor's failures in the window ending now. */
void	auth_failures_count(struct vg_site *, const char *login, const char *source,
	    enum auth_factor, int64_t now, struct auth_failures *);
/* Pure decisions from those counts (a monitor may call them on counts it holds). */
struct auth_lock auth_lock_decide(enum auth_factor, const struct auth_failures *, int limit,
	    int64_t window_us, int64_t now);
/* The delay before answering a failure: 250 ms doubling per failure up to 8 s. */
int	auth_delay_decide(const struct auth_failures *);
/* Both, from the database and the site's settings, for the method tried. */
int	auth_locked(struct vg_site *, const char *login, const char *source, const char *method,
	    int64_t *until_us, int *failures);
int	auth_failure_delay_ms(struct vg_site *, const char *login, const char *source,
	    const char *method);
/* Records an attempt and audits it (auth.login.ok / auth.login.fail). */
int	auth_record_attempt(struct vg_site *, const char *login, const char *source,
	    const char *method, int ok, const char *why, struct vg_err *);
/* Audits an attempt refused while its method is locked, without counting it. */
int	auth_record_refusal(struct vg_site *, const char *login, const char *source,
	    const char *method, const char *why, struct vg_err *);

/* Sessions: opened after authentication, closed at logout; audited. */
int64_t	auth_session_open(struct vg_site *, int64_t user_id, const char *login,
	    const char *source, const char *kind, int pid, struct vg_err *);
int	auth_session_close(struct vg_site *, int64_t session_id, const char *login,
	    const char *source, const char *reason, struct vg_err *);
/* Open sessions of a user whose process still runs (a session left open by a
 * killed process does not count against the limit). */
int	auth_sessions_open_count(struct vg_site *, int64_t user_id);
/* Opens a session only while the user holds fewer than max live sessions
 * (ssh.max_sessions_per_user); counted and opened in one transaction so two
 * logins at once cannot both take the last place.  max 0 = no limit. */
int64_t	auth_session_open_limited(struct vg_site *, int64_t user_id, const char *login,
	    const char *source, const char *kind, int pid, int max, struct vg_err *);
/* Closes (and audits) every open session whose process is gone, or that
 * belongs to pid when pid > 0; returns how many. */
int	auth_sessions_close_stale(struct vg_site *, int pid, const char *reason,
	    struct vg_err *);

struct vg_actor;

/*
 * May this user log in at all (DESIGN §8)?  Refused: disabled users; users
 * whose every role needs the authorised-personnel register and who hold no
 * unexpired authorisation (HHKCS 2.4.1); users whose role needs a one-time
 * code but who have none enrolled.  A role that grants nothing but
 * request.file does not need the register to log in: filing a request is
 * open to all staff (HHKCS 2.1.5) and actor_can never asks for the register
 * for it.  0, or -1 with err saying why in words the person can act on.
 */
int	auth_login_allowed(struct vg_site *, const struct vg_user *, struct vg_err *);
/* Of the connection processes pids[0..n), those with an open session whose
 * user may no longer log in (auth_login_allowed); their pids go to out
 * (room for n).  Returns how many. */
size_t	auth_sessions_revoked(struct vg_site *, const int *pids, size_t n, int *out);
/* Whether a login needs the one-time code: a role marks totp, or the user
 * has enrolled one anyway. */
int	auth_totp_required(struct vg_site *, const struct vg_user *);
/* Changes one's own password after checking the current one; a wrong current
 * password counts as a failed login (lockout), so the form cannot be used to
 * guess it. */
int	auth_change_password(struct vg_site *, const struct vg_actor *, const char *current,
	    const char *newpw, struct vg_err *);

#endif
