/* totp.h — one-time codes for the second login step (RFC 6238 TOTP over RFC 4226 HOTP). */
#ifndef VG_TOTP_H
#define VG_TOTP_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct vg_user;

#define TOTP_PERIOD_S	30	/* RFC 6238 §4: X = 30 seconds */
#define TOTP_DIGITS	6
#define TOTP_SECRET_BYTES 20	/* RFC 4226 §4 R6: at least 128 bits; 160 recommended */

/*
 * libsodium has no HMAC-SHA-1, and authenticator apps only speak SHA-1, so
 * SHA-1 is implemented here.  It is used for nothing but HOTP, where its
 * collision weakness does not matter (RFC 4226 appendix A.4).
 */
void	 totp_sha1(const void *msg, size_t len, uint8_t out[20]);
void	 totp_hmac_sha1(const uint8_t *key, size_t klen, const void *msg, size_t mlen,
	     uint8_t out[20]);
/* RFC 4226 §5.3: the code for one counter value (digits 6 to 8). */
uint32_t totp_hotp(const uint8_t *key, size_t klen, uint64_t counter, int digits);
/* RFC 6238: the time step of a Unix time in microseconds. */
uint64_t totp_step(int64_t us);

/* RFC 4648 base32 without padding (what otpauth:// URIs carry).  encode
 * returns the text length; decode ignores case, spaces and '=' and returns
 * the byte count or -1 on a character outside the alphabet. */
size_t	 totp_base32_encode(const uint8_t *, size_t, char *out, size_t outsz);
int	 totp_base32_decode(const char *, uint8_t *out, size_t outsz);

/*
 * Gives LOGIN a new secret (replacing any old one) and returns the
 * otpauth:// URI to show once to the person enrolling (caller frees).
 * Needs user.manage; audited without the secret.
 */
char	*totp_enrol(struct vg_site *, const struct vg_actor *, const char *login,
	     struct vg_err *);
/* Removes LOGIN's secret; needs user.manage; audited. */
int	 totp_remove(struct vg_site *, const struct vg_actor *, const char *login,
	     struct vg_err *);

/*
 * Checks a code typed by the user at clock_now(): the current step or one
 * either side (clock drift, RFC 6238 §5.2).  A step already used is refused
 * (RFC 6238 §5.2: "MUST NOT accept the second attempt of the same OTP"), so
 * an overheard code cannot be replayed.  1 accepted, 0 refused, -1 failure.
 */
int	 totp_check(struct vg_site *, int64_t user_id, const char *login, const char *code,
	     const char *source, struct vg_err *);

#endif
