/* nalbits.c — bit reader and writer over NAL units, and their emulation prevention bytes. */
#include "recorder/nalbits.h"

void
nb_init(struct nb_reader *b, const uint8_t *rbsp, size_t n)
{
	b->p = rbsp;
	b->n = n;
	b->pos = 0;
	b->bad = 0;
}

unsigned
nb_u(struct nb_reader *b, int n)
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
nb_ue(struct nb_reader *b)
{
	int zeros = 0;

	while (!b->bad && nb_u(b, 1) == 0)
		if (++zeros > 31) {
			b->bad = 1;
			return 0;
		}
	return ((1u << zeros) - 1) + nb_u(b, zeros);
}

int
nb_se(struct nb_reader *b)
{
	unsigned v = nb_ue(b);

	return v & 1 ? (int)((v + 1) / 2) : -(int)(v / 2);
}

void
nb_winit(struct nb_writer *w, uint8_t *out, size_t cap)
{
	w->p = out;
	w->cap = cap;
	w->pos = 0;
	w->bad = 0;
}

void
nb_put(struct nb_writer *w, unsigned v, int bits)
{
	for (int i = bits - 1; i >= 0; i--, w->pos++) {
		uint8_t mask = (uint8_t)(0x80 >> (w->pos % 8));

		if (w->pos >= w->cap * 8) {
			w->bad = 1;
			return;
		}
		if ((v >> i) & 1)
			w->p[w->pos / 8] |= mask;
		else
			w->p[w->pos / 8] &= (uint8_t)~mask;
	}
}

void
nb_copy(struct nb_writer *w, const struct nb_reader *r, size_t from, size_t to)
{
	/* Bit by bit up to a byte boundary of the writer, then whole bytes
	 * when both sides are in step (the bulk of a slice's data). */
	while (from < to && (w->pos % 8 != 0 || from % 8 != 0)) {
		nb_put(w, (r->p[from / 8] >> (7 - from % 8)) & 1, 1);
		from++;
	}
	while (to - from >= 8) {
		if (w->pos / 8 >= w->cap) {
			w->bad = 1;
			return;
		}
		w->p[w->pos / 8] = r->p[from / 8];
		w->pos += 8;
		from += 8;
	}
	for (; from < to; from++)
		nb_put(w, (r->p[from / 8] >> (7 - from % 8)) & 1, 1);
}

int
nb_next_len_nal(const uint8_t *p, size_t n, int len_bytes, size_t *pos, const uint8_t **nal,
    size_t *len)
{
	size_t i = *pos, l = 0;

	if (i + (size_t)len_bytes > n)
		return 0;
	for (int k = 0; k < len_bytes; k++)
		l = l << 8 | p[i++];
	if (l == 0 || l > n - i)
		return 0;
	*nal = p + i;
	*len = l;
	*pos = i + l;
	return 1;
}

int
nb_next_nal(const uint8_t *p, size_t n, size_t *pos, const uint8_t **nal, size_t *len)
{
	size_t i = *pos;

	while (i + 3 <= n) {
		size_t start, end;

		if (!(p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1)) {
			i++;
			continue;
		}
		start = i + 3;
		for (end = start; end + 3 <= n; end++)
			if (p[end] == 0 && p[end + 1] == 0 && (p[end + 2] == 1 || p[end + 2] == 0))
				break;
		if (end + 3 > n)
			end = n;
		*nal = p + start;
		*len = end - start;
		*pos = end;
		return 1;
	}
	*pos = n;
	return 0;
}

size_t
nb_unescape(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
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

size_t
nb_escape(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	int zeros = 0;

	for (size_t i = 0; i < n; i++) {
		if (zeros >= 2 && in[i] <= 3) {
			if (o >= cap)
				return 0;
			out[o++] = 3;
			zeros = 0;
		}
		if (o >= cap)
			return 0;
		out[o++] = in[i];
		zeros = in[i] == 0 ? zeros + 1 : 0;
	}
	/* A unit may not end in a zero byte (7.4.2). */
	if (n > 0 && in[n - 1] == 0) {
		if (o >= cap)
			return 0;
		out[o++] = 3;
	}
	return o;
}
