/* bits.c — reading H.264 and H.265 RBSP: bits, Exp-Golomb codes, emulation prevention. */
#include "recorder/bits.h"

unsigned
bits_u(struct bits *b, int n)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++, b->pos++) {
		if (b->pos >= b->n * 8) {
			b->bad = 1;
			return 0;
		}
		v = v << 1 | ((b->p[b->pos / 8] >> (7 - b->pos % 8)) & 1);
	}
	return v;
}

unsigned
bits_ue(struct bits *b)
{
	int zeros = 0;

	while (!b->bad && bits_u(b, 1) == 0)
		if (++zeros > 31) {
			b->bad = 1;
			return 0;
		}
	return ((1u << zeros) - 1) + bits_u(b, zeros);
}

int
bits_se(struct bits *b)
{
	unsigned v = bits_ue(b);

	return v & 1 ? (int)((v + 1) / 2) : -(int)(v / 2);
}

size_t
bits_unescape(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	int zeros = 0;

	for (size_t i = 0; i < n && o < cap; i++) {
		if (zeros >= 2 && in[i] == 3) {
			zeros = 0;
			continue;
		}
		zeros = in[i] == 0 ? zeros + 1 : 0;
		out[o++] = in[i];
	}
	return o;
}
