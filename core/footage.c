/* footage.c — a camera's recorded stretches and gaps over a range, and why each gap is there. */
#include "core/footage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/segments.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

/* Segments closer than this are one recorded stretch (cuts between files). */
#define JOIN_US VG_USEC_PER_SEC

static void
add_span(struct footage_span **v, size_t *n, int64_t from, int64_t to, int recorded)
{
	struct footage_span *s;

	if (to <= from)
		return;
	if (*n > 0 && (*v)[*n - 1].recorded == recorded && (*v)[*n - 1].to_us >= from) {
		if (to > (*v)[*n - 1].to_us)
			(*v)[*n - 1].to_us = to;
		return;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	s = &(*v)[(*n)++];
	memset(s, 0, sizeof *s);
	s->from_us = from;
	s->to_us = to;
	s->recorded = recorded;
}

struct spans {
	struct footage_span	**v;
	size_t			 *n;
	int64_t			  from, to, at;
};

static int
span_row(void *arg, const struct seg_row *r)
{
	struct spans *sp = arg;
	int64_t a = r->start_us < sp->from ? sp->from : r->start_us;
	int64_t b = r->end_us > sp->to ? sp->to : r->end_us;

	if (a - sp->at >= JOIN_US)
		add_span(sp->v, sp->n, sp->at, a, 0);
	else
		a = sp->at < a ? sp->at : a;
	add_span(sp->v, sp->n, a, b, 1);
	if (b > sp->at)
		sp->at = b;
	return 0;
}

/* The recorded stretches from the index (its bounded range read), the gaps
 * between them. */
static void
load_spans(struct vg_site *s, const char *camera, int64_t from, int64_t to,
    struct footage_span **v, size_t *n)
{
	struct spans sp = { v, n, from, to, from };

	segments_range(s->db, camera, from, to, span_row, &sp);
	add_span(v, n, sp.at, to, 0);
}

/* Whether the kind says recording went down (1), came back (0), or neither (-1). */
static int
event_direction(const char *kind)
{
	static const char *const down[] = { "offline", "disk.stop", "record.error", "motion.end" };
	static const char *const up[] = { "online", "disk.resume", "motion.start" };

	for (size_t i = 0; i < VG_ARRLEN(down); i++)
		if (strcmp(kind, down[i]) == 0)
			return 1;
	for (size_t i = 0; i < VG_ARRLEN(up); i++)
		if (strcmp(kind, up[i]) == 0)
			return 0;
	return -1;
}

static void
reason_text(const char *kind, const char *detail, char *out, size_t len)
{
	const char *what = strcmp(kind, "offline") == 0 ? _("camera offline") :
	    strcmp(kind, "disk.stop") == 0 ? _("recording stopped: storage full") :
	    strcmp(kind, "record.error") == 0 ? _("footage could not be written") :
	    _("motion mode: nothing moved");

	if (detail != NULL && detail[0] && strcmp(kind, "motion.end") != 0)
		snprintf(out, len, "%s (%s)", what, detail);
	else
		snprintf(out, len, "%s", what);
}

/*
 * The event that explains a gap: the first that took recording down inside
 * it (an offline event comes offline_after_s after the last video, so inside
 * the gap), else the last one before it, unless recording came back since.
 */
static int
gap_event(struct vg_site *s, const char *camera, const struct footage_span *g, char *out,
    size_t len)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT kind, detail, ts_us FROM camera_events "
	    "WHERE camera = ? AND ts_us < ? ORDER BY ts_us, id");
	char kind[32] = "", detail[200] = "";
	int before_down = 0, inside_down = 0;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, g->to_us);
	while (!inside_down && db_step(st) == DB_ROW) {
		int dir = event_direction(db_col_text(st, 0));

		if (dir < 0)
			continue;
		if (db_col_int(st, 2) >= g->from_us - JOIN_US) {
			if (dir == 0)
				continue;
			inside_down = 1;
		} else
			before_down = dir == 1;
		if (dir == 1) {
			snprintf(kind, sizeof kind, "%s", db_col_text(st, 0));
			snprintf(detail, sizeof detail, "%s", db_col_text(st, 1));
		}
	}
	db_finalize(st);
	if (!inside_down && !before_down)
		return 0;
	reason_text(kind, detail, out, len);
	return 1;
}

/* A gap before the oldest kept segment, where retention cut the chain. */
static int
gap_purged(struct vg_site *s, const char *camera, const struct footage_span *g)
{
	int64_t oldest = db_scalar(s->db, "SELECT COALESCE(MIN(start_us), 9223372036854775807) "
	    "FROM segments WHERE camera = ? AND state = 'ok'", camera, 0);

	return g->to_us - JOIN_US <= oldest &&
	    db_scalar(s->db, "SELECT COUNT(*) FROM segment_cuts WHERE camera = ?", camera, 0) > 0;
}

static void
explain_gap(struct vg_site *s, const char *camera, struct footage_span *g, int64_t now)
{
	int motion = db_scalar(s->db, "SELECT mode = 'motion' FROM cameras WHERE id = ?",
	    camera, 0) == 1;

	if (g->from_us >= now)
		snprintf(g->why, sizeof g->why, "%s", _("not recorded yet"));
	else if (gap_purged(s, camera, g))
		snprintf(g->why, sizeof g->why, "%s", _("deleted by retention"));
	else if (gap_event(s, camera, g, g->why, sizeof g->why))
		;
	else if (motion)
		snprintf(g->why, sizeof g->why, "%s", _("motion mode: nothing moved"));
	else
		snprintf(g->why, sizeof g->why, "%s",
		    _("the recorder logged no reason (was it running?)"));
}

int
footage_coverage(struct vg_site *s, const char *camera, int64_t from, int64_t to,
    struct footage_span **out, size_t *n, struct vg_err *err)
{
	struct footage_span *v = NULL;
	int64_t now = clock_now();

	*out = NULL;
	*n = 0;
	if (to <= from)
		return vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range must come after its start"));
	if (db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", camera, 0) == 0)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	load_spans(s, camera, from, to, &v, n);
	for (size_t i = 0; i < *n; i++)
		if (!v[i].recorded)
			explain_gap(s, camera, &v[i], now);
	*out = v;
	return 0;
}

int64_t
footage_recorded_us(const struct footage_span *v, size_t n)
{
	int64_t t = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].recorded)
			t += v[i].to_us - v[i].from_us;
	return t;
}

/* "HH:MM:SS" when on the same day as ref, else the whole time. */
static char *
short_time(int64_t us, int64_t ref, char out[32])
{
	char a[32], b[32];

	time_fmt(us, a);
	time_fmt(ref, b);
	if (strncmp(a, b, 10) == 0)
		memmove(out, a + 11, strlen(a + 11) + 1);
	else
		memcpy(out, a, strlen(a) + 1);
	return out;
}

char *
footage_describe(struct vg_site *s, const char *camera, int64_t from, int64_t to)
{
	struct footage_span *v;
	struct vg_err err;
	struct vg_buf b;
	size_t n;
	int64_t rec;

	if (footage_coverage(s, camera, from, to, &v, &n, &err) != 0)
		return xasprintf("%s: %s", camera, err.msg);
	rec = footage_recorded_us(v, n);
	buf_init(&b);
	if (rec == to - from)
		buf_printf(&b, _("%s: recorded throughout"), camera);
	else if (rec == 0 && n == 1) {
		buf_printf(&b, _("%s: no footage recorded in this range: %s"), camera, v[0].why);
		n = 0;	/* the one gap is said */
	} else if (rec == 0)
		buf_printf(&b, _("%s: no footage recorded in this range"), camera);
	else
		buf_printf(&b, _("%s: %d%% recorded"), camera, (int)(rec * 100 / (to - from)));
	for (size_t i = 0; i < n; i++) {
		char t1[32], t2[32];

		if (v[i].recorded)
			continue;
		buf_printf(&b, _("; no footage recorded %s–%s: %s"),
		    short_time(v[i].from_us, from, t1), short_time(v[i].to_us, v[i].from_us, t2),
		    v[i].why);
	}
	free(v);
	return buf_steal(&b);
}
