/* tamper.c — pure image measures behind the covered, moved and motion alarms. */
#include "recorder/tamper.h"

#include <math.h>
#include <string.h>

void
tamper_grey(const uint8_t *rgb, int w, int h, uint8_t out[TAMPER_N])
{
	for (int ty = 0; ty < TAMPER_H; ty++) {
		int y0 = ty * h / TAMPER_H, y1 = (ty + 1) * h / TAMPER_H;

		if (y1 <= y0)
			y1 = y0 + 1;
		for (int tx = 0; tx < TAMPER_W; tx++) {
			int x0 = tx * w / TAMPER_W, x1 = (tx + 1) * w / TAMPER_W;
			uint64_t sum = 0, n = 0;

			if (x1 <= x0)
				x1 = x0 + 1;
			for (int y = y0; y < y1 && y < h; y++)
				for (int x = x0; x < x1 && x < w; x++) {
					const uint8_t *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;

					/* BT.601 luma, integer weights summing to 256 */
					sum += (uint64_t)(77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8;
					n++;
				}
			out[ty * TAMPER_W + tx] = (uint8_t)(n ? sum / n : 0);
		}
	}
}

void
tamper_stats(const uint8_t g[TAMPER_N], double *mean, double *sd)
{
	double s = 0, s2 = 0;

	for (int i = 0; i < TAMPER_N; i++) {
		s += g[i];
		s2 += (double)g[i] * g[i];
	}
	*mean = s / TAMPER_N;
	*sd = sqrt(fmax(0.0, s2 / TAMPER_N - *mean * *mean));
}

int
tamper_covered(const uint8_t g[TAMPER_N])
{
	double mean, sd;

	tamper_stats(g, &mean, &sd);
	return mean < TAMPER_DARK_MEAN || sd < TAMPER_UNIFORM_SD;
}

/* 2x2 averages: small movements inside the scene should not look like a turned camera. */
static void
halve(const uint8_t g[TAMPER_N], double out[TAMPER_N / 4])
{
	for (int y = 0; y < TAMPER_H / 2; y++)
		for (int x = 0; x < TAMPER_W / 2; x++) {
			const uint8_t *p = g + (2 * y) * TAMPER_W + 2 * x;

			out[y * (TAMPER_W / 2) + x] = (p[0] + p[1] + p[TAMPER_W] + p[TAMPER_W + 1]) / 4.0;
		}
}

double
tamper_similarity(const uint8_t ref[TAMPER_N], const uint8_t cur[TAMPER_N])
{
	enum { N = TAMPER_N / 4 };
	double a[N], b[N], ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

	halve(ref, a);
	halve(cur, b);
	for (int i = 0; i < N; i++) {
		ma += a[i];
		mb += b[i];
	}
	ma /= N;
	mb /= N;
	for (int i = 0; i < N; i++) {
		sab += (a[i] - ma) * (b[i] - mb);
		saa += (a[i] - ma) * (a[i] - ma);
		sbb += (b[i] - mb) * (b[i] - mb);
	}
	if (saa < 1e-6 * N || sbb < 1e-6 * N)
		return 1.0;
	return sab / sqrt(saa * sbb);
}

int
tamper_motion(const uint8_t prev[TAMPER_N], const uint8_t cur[TAMPER_N])
{
	int changed = 0;

	for (int i = 0; i < TAMPER_N; i++)
		if (prev[i] > cur[i] + TAMPER_MOTION_DELTA || cur[i] > prev[i] + TAMPER_MOTION_DELTA)
			changed++;
	return changed >= TAMPER_MOTION_SHARE * TAMPER_N;
}

int
tamper_update(struct tamper_state *t, const uint8_t *ref, const uint8_t cur[TAMPER_N])
{
	int out = 0;

	if (tamper_covered(cur)) {
		t->n_clear = 0;
		if (!t->covered && ++t->n_cov >= TAMPER_COVERED_AFTER) {
			t->covered = 1;
			out |= TAMPER_BECAME_COVERED;
		}
		/* A covered view says nothing about where the camera points. */
		t->n_moved = t->n_back = 0;
		return out;
	}
	t->n_cov = 0;
	if (t->covered && ++t->n_clear >= TAMPER_COVERED_AFTER) {
		t->covered = 0;
		out |= TAMPER_BECAME_CLEAR;
	}
	if (ref == NULL)
		return out;
	t->last_similarity = tamper_similarity(ref, cur);
	if (t->last_similarity < TAMPER_MOVED_BELOW) {
		t->n_back = 0;
		if (!t->moved && ++t->n_moved >= TAMPER_MOVED_AFTER) {
			t->moved = 1;
			out |= TAMPER_BECAME_MOVED;
		}
	} else if (t->last_similarity > TAMPER_BACK_ABOVE) {
		t->n_moved = 0;
		if (t->moved && ++t->n_back >= TAMPER_MOVED_AFTER) {
			t->moved = 0;
			out |= TAMPER_BECAME_BACK;
		}
	}
	return out;
}

int
tamper_pending(const struct tamper_state *t)
{
	return (!t->covered && t->n_cov > 0) || (t->covered && t->n_clear > 0) ||
	    (!t->moved && t->n_moved > 0) || (t->moved && t->n_back > 0);
}
