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

/*
 * Lockout: after ssh.lockout_failures failures for a login (since its last
 * success) or from a source address within ssh.lockout_window_s, further
 * attempts are refused until the window has passed since the latest failure.
 * auth_locked returns 1 when locked and sets *until_us and *failures.
 */
int	auth_locked(struct vg_site *, const char *login, const char *source,
	    int64_t *until_us, int *failures);
/* Records an attempt and audits it (auth.login.ok / auth.login.fail). */
int	auth_record_attempt(struct vg_site *, const char *login, const char *source,
	    const char *method, int ok, const char *why, struct vg_err *);
/* The delay to add before answering a failure: grows with recent failures. */
int	auth_failure_delay_ms(struct vg_site *, const char *login, const char *source);

/* Sessions: opened after authentication, closed at logout; audited. */
int64_t	auth_session_open(struct vg_site *, int64_t user_id, const char *login,
	    const char *source, const char *kind, int pid, struct vg_err *);
int	auth_session_close(struct vg_site *, int64_t session_id, const char *login,
	    const char *source, const char *reason, struct vg_err *);
int	auth_sessions_open_count(struct vg_site *, int64_t user_id);

#endif
