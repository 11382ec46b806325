/* player.c — the checks of a viewing's player: only the grant's cameras and range, only while it runs. */
#include "core/gov/player.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/footage.h"
#include "core/gov/gov-int.h"
#include "core/gov/requests.h"
#include "core/timefmt.h"

/* The open viewing's request reference, if the actor runs it. */
static char *
running_viewing(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	int64_t op = 0;
	char *ref = viewings_open_ref(s, id, &op, err);

	if (ref != NULL && op != a->user_id) {
		vg_seterr(err, VG_REFUSED, _("viewing %lld is run by another operator"),
		    (long long)id);
		free(ref);
		ref = NULL;
	}
	return ref;
}

/* The request of a viewing the actor runs now, inside its active grant. */
static struct vg_request *
granted(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	struct vg_request *q;
	char *ref;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0 ||
	    (ref = running_viewing(s, a, id, err)) == NULL)
		return NULL;
	q = requests_load_any(s, ref, err);
	free(ref);
	if (q != NULL && viewings_check(s, a, q, err) != 0) {
		requests_free(q);
		return NULL;
	}
	return q;
}

/* GCU art. 16(1)3, DLUT art. 15(1)1: what is viewed is what was approved. */
static int
inside_grant(struct vg_site *s, const struct vg_request *q, const char *camera, int64_t at,
    struct vg_err *err)
{
	char t1[32], t2[32], t3[32], *cams;
	int r;

	if (vg_strv_contains(q->cameras, q->ncameras, camera) && (at == 0 ||
	    (at >= q->from_us && at < q->to_us)))
		return 0;
	cams = vg_strv_join(q->cameras, q->ncameras, ", ");
	if (!vg_strv_contains(q->cameras, q->ncameras, camera))
		r = policy_refuse(err, "camera", s->pol->rules.grant_scope,
		    _("the grant of %s covers cameras %s from %s to %s; camera \"%s\" is outside "
		    "it"), q->ref, cams, time_fmt(q->from_us, t1), time_fmt(q->to_us, t2), camera);
	else
		r = policy_refuse(err, "at", s->pol->rules.grant_scope,
		    _("the grant of %s covers %s to %s; %s is outside it"), q->ref,
		    time_fmt(q->from_us, t1), time_fmt(q->to_us, t2), time_fmt(at, t3));
	free(cams);
	return r;
}

/* Where recorded footage of the camera first starts in the range, else its start. */
static int64_t
first_footage(struct vg_site *s, const char *camera, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT MIN(start_us) FROM segments WHERE "
	    "camera = ? AND state = 'ok' AND end_us > ? AND start_us < ?");
	int64_t at = from;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0) && db_col_int(st, 0) > from)
		at = db_col_int(st, 0);
	db_finalize(st);
	return at;
}

int
player_open(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *camera,
    int64_t at, struct player_grant *g, struct vg_err *err)
{
	struct vg_request *q;

	memset(g, 0, sizeof *g);
	if ((q = granted(s, a, id, err)) == NULL)
		return -1;
	if (camera == NULL)
		camera = q->cameras[0];
	if (inside_grant(s, q, camera, at, err) != 0) {
		requests_free(q);
		return -1;
	}
	g->viewing_id = id;
	g->ref = xstrdup(q->ref);
	g->cameras = xcalloc(q->ncameras + 1, sizeof *g->cameras);
	for (size_t i = 0; i < q->ncameras; i++)
		g->cameras[i] = xstrdup(q->cameras[i]);
	g->ncameras = q->ncameras;
	g->from_us = q->from_us;
	g->to_us = q->to_us;
	g->grant_until_us = q->grant_until_us;
	g->camera = xstrdup(camera);
	g->at_us = at ? at : first_footage(s, camera, q->from_us, q->to_us);
	requests_free(q);
	return 0;
}

void
player_grant_free(struct player_grant *g)
{
	free(g->ref);
	vg_strv_free(g->cameras, g->ncameras);
	free(g->camera);
	memset(g, 0, sizeof *g);
}

int
player_check(struct vg_site *s, const struct vg_actor *a, const struct player_grant *g,
    const char *camera, int64_t at, struct vg_err *err)
{
	struct vg_request *q = granted(s, a, g->viewing_id, err);
	int r;

	if (q == NULL)
		return -1;
	r = inside_grant(s, q, camera, at, err);
	requests_free(q);
	return r;
}

int
player_files(struct vg_site *s, const struct vg_actor *a, const struct player_grant *g,
    const char *camera, int64_t from, int64_t to, struct player_file **out, size_t *n,
    struct vg_err *err)
{
	struct vg_stmt *st;
	struct player_file *v = NULL;

	*out = NULL;
	*n = 0;
	if (player_check(s, a, g, camera, 0, err) != 0)
		return -1;
	from = from < g->from_us ? g->from_us : from;
	to = to > g->to_us ? g->to_us : to;
	st = db_prepare(s->db, "SELECT path, start_us, end_us FROM segments WHERE camera = ? AND "
	    "state = 'ok' AND end_us > ? AND start_us < ? ORDER BY start_us");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	while (to > from && db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[*n].path = vg_path_join(s->cfg.storage_dir, db_col_text(st, 0));
		v[*n].start_us = db_col_int(st, 1);
		v[*n].end_us = db_col_int(st, 2);
		(*n)++;
	}
	db_finalize(st);
	*out = v;
	return 0;
}

void
player_files_free(struct player_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

/* Active holds on the camera over the grant (HHKCS 2.5.3(iv)): the held stretches. */
static void
held_spans(struct vg_site *s, const char *camera, int64_t from, int64_t to,
    struct footage_span **v, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT h.from_us, h.to_us FROM holds h "
	    "JOIN hold_cameras hc ON hc.hold_id = h.id WHERE hc.camera = ? AND "
	    "h.released_us IS NULL AND (h.until_us IS NULL OR h.until_us > ?) AND "
	    "h.to_us > ? AND h.from_us < ? ORDER BY h.from_us");

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, clock_now());
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	while (db_step(st) == DB_ROW) {
		struct footage_span *h;

		*v = xrealloc(*v, (*n + 1) * sizeof **v);
		h = &(*v)[(*n)++];
		memset(h, 0, sizeof *h);
		h->from_us = db_col_int(st, 0) < from ? from : db_col_int(st, 0);
		h->to_us = db_col_int(st, 1) > to ? to : db_col_int(st, 1);
		h->recorded = 1;
	}
	db_finalize(st);
}

int
player_timeline(struct vg_site *s, const struct vg_actor *a, const struct player_grant *g,
    const char *camera, struct footage_span **spans, size_t *n, struct footage_span **held,
    size_t *nheld, struct vg_err *err)
{
	*held = NULL;
	*nheld = 0;
	*spans = NULL;
	*n = 0;
	if (player_check(s, a, g, camera, 0, err) != 0 ||
	    footage_coverage(s, camera, g->from_us, g->to_us, spans, n, err) != 0)
		return -1;
	held_spans(s, camera, g->from_us, g->to_us, held, nheld);
	return 0;
}
