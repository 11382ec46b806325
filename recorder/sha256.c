/* sha256.c — SHA-256 (FIPS 180-4) with the x86 SHA extensions, libsodium otherwise. */
#include "recorder/sha256.h"

#include <string.h>

#include "core/util.h"

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static int allow = 1;

#ifdef HAVE_SHA_NI

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static int
cpu_has_sha(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & bit_SHA) != 0;
}

/*
 * The SHA extensions keep the eight working variables as two vectors,
 * ABEF and CDGH (A in the highest lane); sha256rnds2 does two rounds and
 * returns the new ABEF, and the old ABEF is the new CDGH.  The message
 * schedule is built four words at a time: W[t..t+3] =
 * msg2(msg1(W[t-16..t-13], W[t-12..t-9]) + W[t-7..t-4], W[t-4..t-1]).
 */
/* Unpacks h into the ABEF, CDGH vectors the instructions work on, and back. */
__attribute__((target("sha,sse4.1,ssse3"))) static inline void
state_in(const uint32_t h[8], __m128i *abef, __m128i *cdgh)
{
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);

	*cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B);
	*abef = _mm_alignr_epi8(t, *cdgh, 8);
	*cdgh = _mm_blend_epi16(*cdgh, t, 0xF0);
}

__attribute__((target("sha,sse4.1,ssse3"))) static inline void
state_out(uint32_t h[8], __m128i abef, __m128i cdgh)
{
	__m128i t = _mm_shuffle_epi32(abef, 0x1B);

	cdgh = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, cdgh, 0xF0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, t, 8));
}

/*
 * The 64 rounds of a block as sixteen steps.  Step i does four rounds with
 * the message words W[4i..4i+3] (cur); then, for 3 <= i < 15, it makes the
 * schedule's next four words, W[4i+4..4i+7], in place of the oldest ones
 * (old = W[4i-12..4i-9]; s2 and prev are the two between).  The schedule
 * lives in four named registers and is built between the rounds, so that it
 * runs while each round waits for the one before.  (All sixteen vectors
 * made up front, or an array of four, went through the stack and ran at
 * about two thirds of this speed.)  ROUNDS(i, cur) is one chain's four
 * rounds, or two chains'.
 */
#define STEP(ROUNDS, i, cur, old, s2, prev) do {				\
	ROUNDS(i, cur);								\
	if ((i) >= 3 && (i) < 15)						\
		old = _mm_sha256msg2_epu32(_mm_add_epi32(			\
		    _mm_sha256msg1_epu32(old, s2), _mm_alignr_epi8(cur, prev, 4)),	\
		    cur);							\
} while (0)

#define STEP4(ROUNDS, i) do {							\
	STEP(ROUNDS, (i), w0, w1, w2, w3);					\
	STEP(ROUNDS, (i) + 1, w1, w2, w3, w0);					\
	STEP(ROUNDS, (i) + 2, w2, w3, w0, w1);					\
	STEP(ROUNDS, (i) + 3, w3, w0, w1, w2);					\
} while (0)

#define BLOCK_ROUNDS(ROUNDS, p) do {						\
	const __m128i bswap_ = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5,	\
	    6, 7, 0, 1, 2, 3);							\
	__m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p)), bswap_);	\
	__m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p) + 1), bswap_); \
	__m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p) + 2), bswap_); \
	__m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p) + 3), bswap_); \
	STEP4(ROUNDS, 0);							\
	STEP4(ROUNDS, 4);							\
	STEP4(ROUNDS, 8);							\
	STEP4(ROUNDS, 12);							\
} while (0)

/* Four rounds of one chain (abef, cdgh) with message words w. */
#define QUAD(abef, cdgh, i, w) do {						\
	__m128i m_ = _mm_add_epi32(w, _mm_loadu_si128((const __m128i *)&K[4 * (i)]));	\
	cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m_);				\
	abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m_, 0x0E));	\
} while (0)

#define ROUNDS1(i, w)	QUAD(abef, cdgh, i, w)
#define ROUNDS2(i, w)	do { QUAD(a1, c1, i, w); QUAD(a2, c2, i, w); } while (0)

__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_ni(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	__m128i abef, cdgh, abef0, cdgh0;

	state_in(h, &abef, &cdgh);
	for (; nblocks > 0; nblocks--, p += 64) {
		abef0 = abef;
		cdgh0 = cdgh;
		BLOCK_ROUNDS(ROUNDS1, p);
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	state_out(h, abef, cdgh);
}

/*
 * The same blocks into two states at once (a member's own hash and the
 * archive's): one message schedule serves both, and the two chains of rounds,
 * independent of each other, fill the time each round waits for the last.
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_ni2(uint32_t h1[8], uint32_t h2[8], const uint8_t *p, size_t nblocks)
{
	__m128i a1, c1, a2, c2, a10, c10, a20, c20;

	state_in(h1, &a1, &c1);
	state_in(h2, &a2, &c2);
	for (; nblocks > 0; nblocks--, p += 64) {
		a10 = a1;
		c10 = c1;
		a20 = a2;
		c20 = c2;
		BLOCK_ROUNDS(ROUNDS2, p);
		a1 = _mm_add_epi32(a1, a10);
		c1 = _mm_add_epi32(c1, c10);
		a2 = _mm_add_epi32(a2, a20);
		c2 = _mm_add_epi32(c2, c20);
	}
	state_out(h1, a1, c1);
	state_out(h2, a2, c2);
}

int
sha256_accelerated(void)
{
	static int known = -1;

	if (known < 0)
		known = cpu_has_sha();
	return known;
}

#else

static void
blocks_ni(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	(void)h;
	(void)p;
	(void)nblocks;
	VG_ASSERT(0);
}

static void
blocks_ni2(uint32_t h1[8], uint32_t h2[8], const uint8_t *p, size_t nblocks)
{
	(void)h1;
	(void)h2;
	(void)p;
	(void)nblocks;
	VG_ASSERT(0);
}

int
sha256_accelerated(void)
{
	return 0;
}

#endif

void
sha256_allow_accel(int on)
{
	allow = on;
}

void
sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memset(s, 0, sizeof *s);
	s->accel = allow && sha256_accelerated();
	if (!s->accel) {
		VG_ASSERT(crypto_hash_sha256_init(&s->portable) == 0);
		return;
	}
	memcpy(s->h, iv, sizeof iv);
}

void
sha256_update(struct sha256 *s, const void *data, size_t n)
{
	const uint8_t *p = data;

	if (!s->accel) {
		VG_ASSERT(crypto_hash_sha256_update(&s->portable, p, n) == 0);
		return;
	}
	s->total += n;
	if (s->nbuf > 0) {
		size_t take = 64 - s->nbuf < n ? 64 - s->nbuf : n;

		memcpy(s->buf + s->nbuf, p, take);
		s->nbuf += take;
		p += take;
		n -= take;
		if (s->nbuf < 64)
			return;
		blocks_ni(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	if (n >= 64) {
		blocks_ni(s->h, p, n / 64);
		p += n - n % 64;
		n %= 64;
	}
	memcpy(s->buf, p, n);
	s->nbuf = n;
}

void
sha256_update2(struct sha256 *a, struct sha256 *b, const void *data, size_t n)
{
	size_t whole = n - n % 64;

	if (!a->accel || !b->accel || a->nbuf != 0 || b->nbuf != 0 || whole == 0) {
		sha256_update(a, data, n);
		sha256_update(b, data, n);
		return;
	}
	blocks_ni2(a->h, b->h, data, whole / 64);
	a->total += whole;
	b->total += whole;
	sha256_update(a, (const uint8_t *)data + whole, n - whole);
	sha256_update(b, (const uint8_t *)data + whole, n - whole);
}

void
sha256_final(struct sha256 *s, uint8_t out[32])
{
	uint64_t bits;

	if (!s->accel) {
		VG_ASSERT(crypto_hash_sha256_final(&s->portable, out) == 0);
		sodium_memzero(s, sizeof *s);
		return;
	}
	bits = s->total * 8;
	s->buf[s->nbuf++] = 0x80;
	if (s->nbuf > 56) {
		memset(s->buf + s->nbuf, 0, 64 - s->nbuf);
		blocks_ni(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	memset(s->buf + s->nbuf, 0, 56 - s->nbuf);
	for (int i = 0; i < 8; i++)
		s->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	blocks_ni(s->h, s->buf, 1);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
	sodium_memzero(s, sizeof *s);
}
