/* dts.c — decoding times from presentation times and the stream's reorder depth. */
#include "recorder/dts.h"

#include <string.h>

void
dts_init(struct dts_gen *g, int depth, int64_t jump)
{
	memset(g, 0, sizeof *g);
	g->depth = depth < 0 ? 0 : depth > DTS_MAX_DEPTH ? DTS_MAX_DEPTH : depth;
	g->jump = jump;
	g->last = INT64_MIN;
}

/* Inserts v into the ascending array a of n values. */
static void
insert_sorted(int64_t *a, int n, int64_t v)
{
	int i = n;

	while (i > 0 && a[i - 1] > v) {
		a[i] = a[i - 1];
		i--;
	}
	a[i] = v;
}

/* Hands out one DTS: strictly after the last one, whatever the stream did. */
static int64_t
give(struct dts_gen *g, int64_t dts)
{
	if (g->last != INT64_MIN && dts <= g->last) {
		dts = g->last + 1;
		g->clamped++;
	}
	g->last = dts;
	return dts;
}

/*
 * The held pictures' DTS.  The first 2*depth+1 pictures in decoding order
 * hold the first depth+1 in presentation order, so the smallest gap between
 * those is the frame interval: the first depth pictures step back from the
 * smallest PTS by it, each later one takes the (depth+1)-th largest PTS.
 */
static int
prime(struct dts_gen *g, int64_t *out)
{
	int64_t sorted[2 * DTS_MAX_DEPTH + 1], dur = 0;
	int n = g->nheld, d = g->depth;

	for (int i = 0; i < n; i++)
		insert_sorted(sorted, i, g->held[i]);
	for (int i = 1; i <= d; i++)
		if (sorted[i] > sorted[i - 1] && (dur == 0 || sorted[i] - sorted[i - 1] < dur))
			dur = sorted[i] - sorted[i - 1];
	if (dur == 0)
		dur = 1;
	for (int k = 0; k < n; k++)
		out[k] = give(g, k < d ? sorted[0] - (int64_t)(d - k) * dur : sorted[k - d]);
	memcpy(g->top, sorted + n - (d + 1), (size_t)(d + 1) * sizeof *sorted);
	g->ntop = d + 1;
	g->nheld = 0;
	return n;
}

static int
hold(struct dts_gen *g, int64_t pts, int64_t *out)
{
	g->held[g->nheld++] = pts;
	return g->nheld == 2 * g->depth + 1 ? prime(g, out) : 0;
}

/* A step of the clock no reordering explains: the camera's clock restarted. */
static int
jumped(const struct dts_gen *g, int64_t pts)
{
	if (g->ntop == 0 || g->jump <= 0)
		return 0;
	return pts < g->last - g->jump || pts > g->top[g->ntop - 1] + g->jump;
}

int
dts_push(struct dts_gen *g, int64_t pts, int64_t *out)
{
	if (jumped(g, pts)) {
		g->restarts++;
		g->ntop = g->nheld = 0;
		g->last = INT64_MIN;
	}
	if (g->ntop == 0)
		return hold(g, pts, out);
	if (g->ntop < g->depth + 1)
		insert_sorted(g->top, g->ntop++, pts);
	else if (pts > g->top[0]) {
		/* the smallest of the depth+1 largest leaves; pts takes its place */
		memmove(g->top, g->top + 1, (size_t)(g->ntop - 1) * sizeof *g->top);
		insert_sorted(g->top, g->ntop - 1, pts);
	} else if (g->depth < DTS_MAX_DEPTH) {
		/* depth+1 pictures before it come after it: the stream reorders
		 * deeper than we thought */
		g->depth++;
		g->deepened++;
		insert_sorted(g->top, g->ntop++, pts);
	} else {
		g->top[0] = pts;
	}
	out[0] = give(g, g->top[0]);
	return 1;
}
