/* nalbits.h — reading and writing the bits of H.264/H.265 NAL units (Exp-Golomb, emulation prevention). */
#ifndef VG_NALBITS_H
#define VG_NALBITS_H

#include <stddef.h>
#include <stdint.h>

/* A bit reader over an RBSP; reading past the end sets bad and yields 0. */
struct nb_reader {
	const uint8_t	*p;
	size_t		 n, pos;	/* pos in bits */
	int		 bad;
};

void		nb_init(struct nb_reader *, const uint8_t *rbsp, size_t n);
unsigned	nb_u(struct nb_reader *, int bits);
/* Exp-Golomb (9.1): values beyond 2^31 only come from a broken stream. */
unsigned	nb_ue(struct nb_reader *);
int		nb_se(struct nb_reader *);

/* A bit writer into a buffer of cap bytes; writing past it sets bad. */
struct nb_writer {
	uint8_t	*p;
	size_t	 cap, pos;	/* pos in bits */
	int	 bad;
};

void	nb_winit(struct nb_writer *, uint8_t *out, size_t cap);
void	nb_put(struct nb_writer *, unsigned v, int bits);
/* Copies the reader's bits [from, to) to the writer. */
void	nb_copy(struct nb_writer *, const struct nb_reader *, size_t from, size_t to);

/* The next NAL unit of Annex B data from *pos on (behind a 3- or 4-byte start
 * code): 1 with *nal and *len set and *pos moved past it, 0 at the end. */
int	nb_next_nal(const uint8_t *p, size_t n, size_t *pos, const uint8_t **nal, size_t *len);

/* The next NAL unit of length-prefixed data (len_bytes of big-endian length
 * before each, as in MP4) from *pos on: 1 with *nal and *len set and *pos
 * moved past it; 0 at the end, or with *pos left where a length is zero or
 * runs past the data. */
int	nb_next_len_nal(const uint8_t *p, size_t n, int len_bytes, size_t *pos,
	    const uint8_t **nal, size_t *len);

/* A NAL unit's bytes without emulation prevention bytes (00 00 03); the
 * length written, at most cap. */
size_t	nb_unescape(const uint8_t *in, size_t n, uint8_t *out, size_t cap);
/* An RBSP with emulation prevention bytes put back; the length written, or
 * 0 if it does not fit in cap (n + n / 2 + 1 always does). */
size_t	nb_escape(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif
