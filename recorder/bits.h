/* bits.h — reading H.264 and H.265 RBSP: bits, Exp-Golomb codes, emulation prevention. */
#ifndef VG_BITS_H
#define VG_BITS_H

#include <stddef.h>
#include <stdint.h>

/* A bit reader over an RBSP; reading past the end sets bad and yields 0. */
struct bits {
	const uint8_t	*p;
	size_t		 n, pos;	/* pos in bits */
	int		 bad;
};

unsigned	bits_u(struct bits *, int n);
/* Exp-Golomb (9.1): values beyond 2^31 only come from a broken stream. */
unsigned	bits_ue(struct bits *);
int		bits_se(struct bits *);
/* The NAL unit's payload without emulation prevention bytes (00 00 03),
 * at most cap bytes of it. */
size_t		bits_unescape(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif
