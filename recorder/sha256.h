/* sha256.h — streaming SHA-256 of footage: the CPU's SHA extensions when it has them,
 * libsodium's portable code otherwise. */
#ifndef VG_SHA256_H
#define VG_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

/*
 * Every byte a camera sends is hashed once as it is written (DESIGN §5), so
 * the hash is a large share of what recording costs: libsodium's SHA-256 runs
 * at a quarter of the speed of the x86 SHA extensions.  Both give the same
 * digest; libsodium remains the reference the tests compare against.
 */
struct sha256 {
	int				 accel;	/* using the SHA extensions */
	crypto_hash_sha256_state	 portable;
	uint32_t			 h[8];
	uint8_t				 buf[64];
	size_t				 nbuf;
	uint64_t			 total;
};

void	sha256_init(struct sha256 *);
void	sha256_update(struct sha256 *, const void *, size_t);
/* The same bytes into two hashes: one pass over them, and on the SHA
 * extensions, when neither holds a partial block, about the time of one. */
void	sha256_update2(struct sha256 *, struct sha256 *, const void *, size_t);
void	sha256_final(struct sha256 *, uint8_t out[32]);
/* 1 when this CPU has the SHA extensions (and new hashes use them). */
int	sha256_accelerated(void);
/* Tests: 0 makes new hashes use libsodium even on a CPU with the extensions. */
void	sha256_allow_accel(int);

#endif
