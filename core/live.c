/* live.c — the live view's rules (interior never, sensitive to the profile's roles) and the audit of visits. */
#include "core/live.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/status.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/*
 * Why a camera's picture may not be shown live to the actor, or NULL.
 * HHKCS 2.2.5: no camera covering the inside of a classroom or office feeds
 * the control room's live view, for anyone.  Sensitive cameras (exams, key
 * locations) go only to the roles the profile names, where it names any
 * (e.g. GCU art. 16(1)2).
 */
static char *
refusal(struct vg_site *s, const struct vg_actor *a, const char *camera, const char *privacy)
{
	const struct pol_live *l = &s->pol->live;
	struct vg_err err;
	char *who;

	if (strcmp(privacy, "interior") == 0) {
		policy_refuse(&err, "", l->interior_article[0] ? l->interior_article : "HHKCS 2.2.5",
		    _("camera \"%s\" covers an interior (a classroom or office): it never feeds the "
		    "live view"), camera);
		return xstrdup(err.msg);
	}
	if (strcmp(privacy, "sensitive") == 0 && l->sensitive_limited && !a->system) {
		for (size_t i = 0; i < l->nsensitive_roles; i++)
			if (actor_has_role(a, l->sensitive_roles[i]))
				return NULL;
		who = vg_strv_join(l->sensitive_roles, l->nsensitive_roles, ", ");
		policy_refuse(&err, "", l->sensitive_article, _("camera \"%s\" is sensitive: only "
		    "these roles watch it live: %s"), camera, who[0] ? who : "-");
		free(who);
		return xstrdup(err.msg);
	}
	return NULL;
}

/* The state in one word: the recorder's, with a stop for a full disk. */
static const char *
state_word(const struct cam_status *c)
{
	if (c->enabled && strcmp(c->status, "stopped") == 0)
		return N_("stopped");
	return status_camera_word(c);
}

/* The reason the recorder gave when the camera last went offline. */
static char *
offline_detail(struct vg_site *s, const char *camera)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT detail FROM camera_events WHERE camera = ? "
	    "AND kind = 'offline' ORDER BY ts_us DESC, id DESC LIMIT 1");
	char *d;

	db_bind_text(st, 1, camera);
	d = xstrdup(db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
	db_finalize(st);
	return d;
}

static void
fill(struct vg_site *s, const struct vg_actor *a, const struct cam_status *c,
    struct live_camera *l)
{
	memset(l, 0, sizeof *l);
	l->id = xstrdup(c->id);
	l->name = xstrdup(c->name);
	l->location = xstrdup(c->location);
	l->privacy = xstrdup(c->privacy);
	l->state = xstrdup(state_word(c));
	l->detail = strcmp(l->state, "offline") == 0 ? offline_detail(s, c->id) : xstrdup("");
	l->since_us = c->since_us;
	l->recording = c->recording;
	l->refusal = refusal(s, a, c->id, c->privacy);
	l->shown = l->refusal == NULL;
	if (l->refusal == NULL)
		l->refusal = xstrdup("");
}

int
live_cameras(struct vg_site *s, const struct vg_actor *a, struct live_camera **out, size_t *n,
    struct vg_err *err)
{
	struct cam_status *cams;
	struct vg_actor *sys;
	size_t nc;
	int knows, r;

	*out = NULL;
	*n = 0;
	if (actor_require(s, a, "live.view", err) != 0)
		return -1;
	knows = actor_can(s, a, "camera.status");
	/* live.view covers the states of the cameras shown: read them as the system. */
	sys = actor_system(a->source);
	r = status_cameras(s, sys, &cams, &nc, err);
	actor_free(sys);
	if (r != 0)
		return -1;
	*out = xcalloc(nc + 1, sizeof **out);
	for (size_t i = 0; i < nc; i++) {
		if (!cams[i].enabled)
			continue;
		if (strcmp(cams[i].privacy, "interior") == 0 && !knows)
			continue;	/* not even its name to someone who does not know it */
		fill(s, a, &cams[i], &(*out)[(*n)++]);
	}
	status_cameras_free(cams, nc);
	return 0;
}

void
live_cameras_free(struct live_camera *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].location);
		free(v[i].privacy);
		free(v[i].state);
		free(v[i].detail);
		free(v[i].refusal);
	}
	free(v);
}

int
live_may_watch(struct vg_site *s, const struct vg_actor *a, const char *camera,
    struct vg_err *err)
{
	struct vg_stmt *st;
	char *why = NULL, *privacy = NULL;
	int enabled = 0;

	if (actor_require(s, a, "live.view", err) != 0)
		return -1;
	st = db_prepare(s->db, "SELECT privacy, enabled FROM cameras WHERE id = ? AND "
	    "removed_us IS NULL");
	db_bind_text(st, 1, camera);
	if (db_step(st) == DB_ROW) {
		privacy = xstrdup(db_col_text(st, 0));
		enabled = (int)db_col_int(st, 1);
	}
	db_finalize(st);
	if (privacy == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no camera \"%s\""), camera);
	if (!enabled) {
		free(privacy);
		return vg_seterr(err, VG_REFUSED, _("camera \"%s\" is disabled"), camera);
	}
	why = refusal(s, a, camera, privacy);
	free(privacy);
	if (why == NULL)
		return 0;
	vg_seterr(err, VG_REFUSED, "%s", why);
	free(why);
	return -1;
}

/*---- Reference views ----*/

static int
in_procedure(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	static const char *const caps[] = { "request.file", "request.approve",
	    "request.read_all", "viewing.run", "live.view" };

	for (size_t i = 0; i < VG_ARRLEN(caps); i++)
		if (actor_can(s, a, caps[i]))
			return 0;
	return actor_require(s, a, "request.file", err);
}

int
live_views(struct vg_site *s, const struct vg_actor *a, char *const *cameras, size_t n,
    struct live_camera **out, size_t *nout, struct vg_err *err)
{
	struct cam_status *cams;
	struct vg_actor *sys;
	size_t nc;
	int r, may_live;

	*out = NULL;
	*nout = 0;
	if (in_procedure(s, a, err) != 0)
		return -1;
	may_live = actor_can(s, a, "live.view");
	sys = actor_system(a->source);
	r = status_cameras(s, sys, &cams, &nc, err);
	actor_free(sys);
	if (r != 0)
		return -1;
	*out = xcalloc(n + 1, sizeof **out);
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < nc; i++) {
			struct live_camera *l;

			if (strcmp(cams[i].id, cameras[k]) != 0)
				continue;
			l = &(*out)[(*nout)++];
			fill(s, a, &cams[i], l);
			if (!may_live && l->shown) {
				struct vg_err why;

				actor_require(s, a, "live.view", &why);
				free(l->refusal);
				l->refusal = xstrdup(why.msg);
				l->shown = 0;
			}
		}
	status_cameras_free(cams, nc);
	return 0;
}

/*---- Visits ----*/

static int
visit_audit(struct vg_site *s, const struct vg_actor *a, const struct live_visit *v,
    const char *action, const char *detail, struct vg_err *err)
{
	int r;

	if (site_begin(s, err) != 0)
		return -1;
	r = audit_append(s, a->display, action, v->object, detail, a->source, err);
	return site_end_tx(s, r, err);
}

int
live_visit_open(struct vg_site *s, const struct vg_actor *a, struct live_visit *v,
    const char *kind, const char *object, const char *cameras, struct vg_err *err)
{
	char t[32], *detail, *action;
	int r;

	memset(v, 0, sizeof *v);
	snprintf(v->kind, sizeof v->kind, "%s", kind);
	snprintf(v->object, sizeof v->object, "%s", object);
	v->cameras = xstrdup(cameras ? cameras : "");
	v->from_us = clock_now();
	detail = xasprintf("cameras=%s; from=%s", v->cameras, time_fmt(v->from_us, t));
	action = xasprintf("%s.open", kind);
	r = visit_audit(s, a, v, action, detail, err);
	free(detail);
	free(action);
	if (r != 0) {
		free(v->cameras);
		memset(v, 0, sizeof *v);
	}
	return r;
}

void
live_visit_add(struct live_visit *v, const char *camera)
{
	size_t n;
	char **have = vg_split_list(v->cameras, &n), *joined;

	if (v->from_us == 0 || vg_strv_contains(have, n, camera)) {
		vg_strv_free(have, n);
		return;
	}
	joined = v->cameras[0] ? xasprintf("%s,%s", v->cameras, camera) : xstrdup(camera);
	free(v->cameras);
	v->cameras = joined;
	vg_strv_free(have, n);
}

int
live_visit_close(struct vg_site *s, const struct vg_actor *a, struct live_visit *v,
    struct vg_err *err)
{
	char t1[32], t2[32], *detail, *action;
	int r;

	if (v->from_us == 0)
		return 0;
	detail = xasprintf("cameras=%s; from=%s; to=%s", v->cameras, time_fmt(v->from_us, t1),
	    time_fmt(clock_now(), t2));
	action = xasprintf("%s.close", v->kind);
	r = visit_audit(s, a, v, action, detail, err);
	free(detail);
	free(action);
	free(v->cameras);
	memset(v, 0, sizeof *v);
	return r;
}
