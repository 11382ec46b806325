/* camera-events.c — reading a camera's event history: outages, tamper alarms, storage stops. */
#include "core/camera-events.h"

#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

int
camera_events_range(struct vg_site *s, const struct vg_actor *a, const char *camera,
    int64_t from, int64_t to, size_t limit, struct camera_event **vp, size_t *n, int *more,
    struct vg_err *err)
{
	struct vg_stmt *st;
	struct camera_event *v;
	size_t k = 0;

	*vp = NULL;
	*n = 0;
	*more = 0;
	if (actor_require(s, a, "camera.status", err) != 0)
		return -1;
	if (db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ?", camera, 0) == 0)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	/* The newest `limit` of the range, then put back in time order. */
	st = db_prepare(s->db, "SELECT e.id, e.ts_us, COALESCE(e.camera, ''), e.kind, e.detail, "
	    "COALESCE(e.acked_us, 0), COALESCE(u.login, '') FROM camera_events e LEFT JOIN users u "
	    "ON u.id = e.acked_by WHERE (e.camera = ? OR e.camera IS NULL) AND e.kind NOT LIKE "
	    "'motion.%' AND (? = 0 OR e.ts_us >= ?) AND (? = 0 OR e.ts_us < ?) "
	    "ORDER BY e.ts_us DESC, e.id DESC LIMIT ?");
	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	db_bind_int(st, 5, to);
	db_bind_int(st, 6, (int64_t)limit + 1);
	v = xcalloc(limit + 1, sizeof *v);
	while (db_step(st) == DB_ROW) {
		if (k == limit) {
			*more = 1;
			break;
		}
		v[k].id = db_col_int(st, 0);
		v[k].ts_us = db_col_int(st, 1);
		v[k].camera = xstrdup(db_col_text(st, 2));
		v[k].kind = xstrdup(db_col_text(st, 3));
		v[k].detail = xstrdup(db_col_text(st, 4));
		v[k].acked_us = db_col_int(st, 5);
		v[k].acked_by = xstrdup(db_col_text(st, 6));
		k++;
	}
	db_finalize(st);
	for (size_t i = 0; i < k / 2; i++) {
		struct camera_event t = v[i];

		v[i] = v[k - 1 - i];
		v[k - 1 - i] = t;
	}
	*vp = v;
	*n = k;
	return 0;
}

void
camera_events_range_free(struct camera_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].camera);
		free(v[i].kind);
		free(v[i].detail);
		free(v[i].acked_by);
	}
	free(v);
}

/* What each event kind means, in a word for list columns and in full for lines. */
static const struct { const char *kind, *brief, *full; } event_words[] = {
	{ "offline", N_("went offline"), N_("went offline") },
	{ "online", N_("back online"), N_("came back online") },
	{ "covered", N_("covered"), N_("covered (dark or uniform picture)") },
	{ "covered.clear", N_("no longer covered"), N_("no longer covered") },
	{ "moved", N_("moved"), N_("moved (the view left its reference)") },
	{ "moved.clear", N_("usual view again"), N_("back on its reference view") },
	{ "reference", N_("reference view taken"), N_("reference view taken") },
	{ "reference.ack", N_("new view accepted"), N_("new view accepted as reference") },
	{ "clock", N_("clock jump"), N_("clock jump") },
	{ "record.error", N_("recording failed"), N_("footage cannot be written") },
	{ "disk.warn", N_("storage nearly full"), N_("storage nearly full") },
	{ "disk.ok", N_("storage fine again"), N_("storage use normal again") },
	{ "disk.stop", N_("stopped: storage full"), N_("stopped: storage full") },
	{ "disk.resume", N_("recording again"), N_("resumed: storage freed") },
	{ "motion.start", N_("motion"), N_("motion") },
	{ "motion.end", N_("motion over"), N_("motion over") },
};

static const char *
event_words_of(const char *kind, int brief)
{
	for (size_t i = 0; i < VG_ARRLEN(event_words); i++)
		if (strcmp(event_words[i].kind, kind) == 0)
			return _(brief ? event_words[i].brief : event_words[i].full);
	return kind;
}

const char *
camera_event_text(const char *kind)
{
	return event_words_of(kind, 0);
}

const char *
camera_event_label(const char *kind)
{
	return event_words_of(kind, 1);
}
