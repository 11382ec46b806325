/* exports.c — evidence exports: who may make one for whom, the record, revocation and expiry. */
#include "core/gov/exports.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/exports-int.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/gov/viewings.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/*---- Names and states ----*/

char *
exports_name_of(const char *s)
{
	size_t n = strlen(s);

	if (n > 4 && strcmp(s + n - 4, ".tar") == 0)
		n -= 4;
	if (n == 0 || n > 64)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return NULL;
	return xstrndup(s, n);
}

const char *
exports_state_code(enum export_state st)
{
	switch (st) {
	case EXPORT_READY:
		return "ready";
	case EXPORT_EXPIRED:
		return "expired";
	case EXPORT_REVOKED:
		return "revoked";
	}
	return "?";
}

const char *
exports_state_name(enum export_state st)
{
	switch (st) {
	case EXPORT_READY:
		return _("ready");
	case EXPORT_EXPIRED:
		return _("expired");
	case EXPORT_REVOKED:
		return _("revoked");
	}
	return "?";
}

/*---- Who receives a copy ----*/

const char *
exports_route_article(struct vg_site *s, const struct vg_request *q)
{
	size_t n;
	char **ids = vg_split_list(q->routes, &n);
	const struct pol_route *ro = n > 0 ? policy_route(s->pol, ids[0]) : NULL;

	vg_strv_free(ids, n);
	return ro != NULL && ro->article[0] ? ro->article : s->pol->rules.grant_scope;
}

static const char *
agency_title(struct vg_site *s, const char *id)
{
	const struct pol_agency *ag = policy_agency(s->pol, id);

	return ag != NULL ? pol_tr(&ag->title) : id;
}

/*
 * HHKCS 2.5.3(i), GCU art. 16(2)3, GUAT art. 18, DLUT art. 15(2)2: a copy
 * asked for by an outside body goes directly to that body, through its
 * liaison: a person of no school unit whose agency is the request's, never
 * the liaison of another body.
 */
static int
outside_liaison(struct vg_site *s, const struct vg_request *q, const struct vg_user *u,
    const char *art, struct vg_err *err)
{
	if (u->unit[0] != '\0')
		return policy_refuse(err, "recipient", art, _("%s is an outside body's request: its "
		    "copy goes to that body's liaison, and %s belongs to the school's unit \"%s\""),
		    q->ref, u->login, u->unit);
	if (u->agency[0] == '\0')
		return policy_refuse(err, "recipient", art, _("%s was asked for by %s (agency \"%s\"): "
		    "its copy goes to that body's liaison, and %s is no agency's liaison (vigil admin "
		    "user agency %s %s)"), q->ref, agency_title(s, q->agency), q->agency, u->login,
		    u->login, q->agency);
	if (strcmp(u->agency, q->agency) != 0)
		return policy_refuse(err, "recipient", art, _("%s was asked for by %s (agency \"%s\"): "
		    "its copy goes to that body's liaison, not to %s, the liaison of %s (agency "
		    "\"%s\")"), q->ref, agency_title(s, q->agency), q->agency, u->login,
		    agency_title(s, u->agency), u->agency);
	return 0;
}

int
exports_recipient_check(struct vg_site *s, const struct vg_request *q, const struct vg_user *u,
    struct vg_err *err)
{
	struct vg_actor *a;
	int r;

	if ((a = actor_load(s, u->login, "", err)) == NULL)
		return -1;
	r = actor_require_of(s, a, "export.download", _("download signed exports"), err);
	actor_free(a);
	return r != 0 ? -1 : exports_route_check(s, q, u, err);
}

int
exports_route_check(struct vg_site *s, const struct vg_request *q, const struct vg_user *u,
    struct vg_err *err)
{
	const struct pol_kind *k = policy_kind(s->pol, q->requester_kind);
	const char *art = exports_route_article(s, q);

	/* An outside body's copy goes to its liaison even when the liaison filed
	 * the request: the request names the body, the user's agency must match. */
	if (k != NULL && k->external)
		return outside_liaison(s, q, u, art, err);
	if (strcmp(u->login, q->requester) == 0)
		return 0;
	/* GCU art. 16(1), GUAT art. 17, DLUT art. 15(2)2: inside the school the copy
	 * goes to whoever asked for it, the requester or their unit. */
	if (q->requester_unit[0] && strcmp(u->unit, q->requester_unit) == 0)
		return 0;
	return policy_refuse(err, "recipient", art, _("the copy of %s goes to its requester %s or a "
	    "member of their unit \"%s\", not to %s"), q->ref, q->requester,
	    q->requester_unit[0] ? q->requester_unit : "-", u->login);
}

/*---- Checking what an export would hold ----*/

/* The latest ended viewing of the request that recorded a copy handed over. */
static struct vg_viewing *
handover(struct vg_site *s, const struct vg_request *q, struct vg_err *err)
{
	size_t n, pick = (size_t)-1;
	struct vg_viewing *v = viewings_of_request(s, q->id, &n), *one;
	const char *art = s->pol->rules.destination[0] ? s->pol->rules.destination :
	    s->pol->rules.grant_scope;

	for (size_t i = 0; i < n; i++)
		if (v[i].copied && v[i].ended_us != 0)
			pick = i;
	if (pick == (size_t)-1) {
		viewings_free_list(v, n);
		/* A copy leaves only through a recorded hand-over (GCU art. 16(1)3:
		 * the viewing record says where the footage went). */
		policy_refuse(err, "", art, _("no viewing of %s has recorded a copy handed over; "
		    "end a viewing with --copied, --destination and --recipient first"), q->ref);
		return NULL;
	}
	one = xcalloc(1, sizeof *one);
	*one = v[pick];
	memset(&v[pick], 0, sizeof v[pick]);
	viewings_free_list(v, n);
	return one;
}

static void
cam_free(struct export_cam *c)
{
	for (size_t i = 0; i < c->nsegs; i++)
		free(c->segs[i].path);
	free(c->segs);
	free(c->id);
	free(c->name);
	free(c->location);
}

/* The camera's indexed segments overlapping [from, to): whole segments, the
 * unit whose hash and chain link prove it intact. */
static void
load_segments(struct vg_site *s, struct export_cam *c)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT seq, start_us, end_us, bytes, path, sha256, "
	    "prev_chain, chain, recovered FROM segments WHERE camera = ? AND state = 'ok' AND "
	    "end_us > ? AND start_us < ? ORDER BY seq");

	db_bind_text(st, 1, c->id);
	db_bind_int(st, 2, c->from_us);
	db_bind_int(st, 3, c->to_us);
	while (db_step(st) == DB_ROW) {
		struct export_seg *g;

		c->segs = xrealloc(c->segs, (c->nsegs + 1) * sizeof *c->segs);
		g = &c->segs[c->nsegs++];
		g->seq = db_col_int(st, 0);
		g->start_us = db_col_int(st, 1);
		g->end_us = db_col_int(st, 2);
		g->bytes = db_col_int(st, 3);
		g->path = xstrdup(db_col_text(st, 4));
		snprintf(g->sha256, sizeof g->sha256, "%s", db_col_text(st, 5));
		snprintf(g->prev_chain, sizeof g->prev_chain, "%s", db_col_text(st, 6));
		snprintf(g->chain, sizeof g->chain, "%s", db_col_text(st, 7));
		g->recovered = (int)db_col_int(st, 8);
	}
	db_finalize(st);
}

/* Footage to export: recorded, and one unbroken chain (DESIGN §5). */
static int
check_footage(const struct export_cam *c, struct vg_err *err)
{
	char t1[32], t2[32];

	if (c->nsegs == 0)
		return vg_seterr(err, VG_REFUSED, _("camera \"%s\" recorded nothing from %s to %s"),
		    c->id, time_fmt(c->from_us, t1), time_fmt(c->to_us, t2));
	for (size_t i = 1; i < c->nsegs; i++) {
		const struct export_seg *a = &c->segs[i - 1], *b = &c->segs[i];

		if (b->seq != a->seq + 1)
			return vg_seterr(err, VG_REFUSED, _("camera \"%s\": segments %lld to %lld are "
			    "missing from the index (footage verify names them); nothing was exported"),
			    c->id, (long long)a->seq + 1, (long long)b->seq - 1);
		if (strcmp(b->prev_chain, a->chain) != 0)
			return vg_seterr(err, VG_REFUSED, _("camera \"%s\": the hash chain breaks between "
			    "segments %lld and %lld (footage verify names it); nothing was exported"),
			    c->id, (long long)a->seq, (long long)b->seq);
	}
	return 0;
}

/* The cameras and range asked for, inside the grant (requests_allow_copy). */
static int
plan_cameras(struct vg_site *s, const struct vg_request *q, const struct export_spec *sp,
    struct export_plan *p, struct vg_err *err)
{
	size_t n = sp->ncameras ? sp->ncameras : q->ncameras;
	int64_t from = sp->from_us ? sp->from_us : q->from_us, to = sp->to_us ? sp->to_us : q->to_us;

	p->cams = xcalloc(n, sizeof *p->cams);
	for (size_t i = 0; i < n; i++) {
		const char *id = sp->ncameras ? sp->cameras[i] : q->cameras[i];
		struct export_cam *c = &p->cams[p->ncams];

		for (size_t j = 0; j < p->ncams; j++)
			if (strcmp(p->cams[j].id, id) == 0)
				return vg_seterr_field(err, VG_USAGE, "cameras",
				    _("camera \"%s\" is named twice"), id);
		if (requests_allow_copy(s, q->ref, id, from, to, err) != 0)
			return -1;
		c->id = xstrdup(id);
		c->from_us = from;
		c->to_us = to;
		c->name = xstrdup(id);
		c->location = xstrdup("");
		p->ncams++;
		load_segments(s, c);
		if (check_footage(c, err) != 0)
			return -1;
	}
	return 0;
}

static void
camera_names(struct vg_site *s, struct export_plan *p)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name, location FROM cameras WHERE id = ?");

	for (size_t i = 0; i < p->ncams; i++) {
		db_bind_text(st, 1, p->cams[i].id);
		if (db_step(st) == DB_ROW) {
			free(p->cams[i].name);
			free(p->cams[i].location);
			p->cams[i].name = xstrdup(db_col_text(st, 0));
			p->cams[i].location = xstrdup(db_col_text(st, 1));
		}
		db_reset(st);
	}
	db_finalize(st);
}

/* The grant, the hand-over and the recipient: what both plan and record check. */
static int
check_request(struct vg_site *s, const struct vg_actor *a, const char *ref, const char *to,
    struct export_plan *p, struct vg_err *err)
{
	if (actor_need_person(a, err) != 0 || actor_require(s, a, "export.create", err) != 0)
		return -1;
	if ((p->req = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (strcmp(p->req->kind, "copy") != 0)
		return policy_refuse(err, "", s->pol->rules.view_no_copy,
		    _("%s grants viewing only; a view grant never yields a copy"), ref);
	if (!requests_grant_active(p->req, clock_now()))
		return policy_refuse(err, "", s->pol->rules.grant_scope,
		    _("%s has no active grant (it is %s)"), ref, requests_status_name(p->req->status));
	if ((p->viewing = handover(s, p->req, err)) == NULL)
		return -1;
	/* Where the hand-over said the copy went must still be a destination the
	 * request's routes allow (HHKCS 2.5.3(i): the police only; REG ch. 4
	 * §2.2, §3.1: never a third party or a personal device). */
	if (requests_allow_destination(s, ref, p->viewing->destination,
	    p->viewing->recipient_name, p->viewing->recipient_id, err) != 0)
		return -1;
	if ((p->to = users_get(s, to)) == NULL)
		return vg_seterr_field(err, VG_NOTFOUND, "recipient", _("no user \"%s\""), to);
	return exports_recipient_check(s, p->req, p->to, err);
}

static void
audit_head(struct vg_site *s, struct export_plan *p)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");

	if (db_step(st) == DB_ROW) {
		p->audit_head_id = db_col_int(st, 0);
		snprintf(p->audit_head, sizeof p->audit_head, "%s", db_col_text(st, 1));
	}
	db_finalize(st);
}

int
exports_plan(struct vg_site *s, const struct vg_actor *a, const struct export_spec *sp,
    struct export_plan *p, struct vg_err *err)
{
	char base[80];

	memset(p, 0, sizeof *p);
	if (sp->to_us && sp->from_us && sp->to_us <= sp->from_us)
		return vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range must come after its start"));
	if (check_request(s, a, sp->ref, sp->recipient, p, err) != 0 ||
	    plan_cameras(s, p->req, sp, p, err) != 0) {
		exports_plan_free(p);
		return -1;
	}
	camera_names(s, p);
	p->seq = (int)db_scalar_int(s->db, "SELECT COALESCE(MAX(seq), 0) FROM exports WHERE "
	    "request_id = ?", p->req->id) + 1;
	snprintf(base, sizeof base, "%s-E%d", p->req->ref, p->seq);
	p->name = xstrdup(base);
	p->file = xasprintf("%s.tar", base);
	p->recipient = xstrdup(p->to->login);
	p->created_us = clock_now();
	p->expires_us = p->created_us + (int64_t)s->cfg.exports_keep_days * GOV_DAY_US;
	audit_head(s, p);
	return 0;
}

void
exports_plan_free(struct export_plan *p)
{
	for (size_t i = 0; i < p->ncams; i++)
		cam_free(&p->cams[i]);
	free(p->cams);
	free(p->name);
	free(p->file);
	free(p->recipient);
	requests_free(p->req);
	if (p->viewing != NULL)
		viewings_free_list(p->viewing, 1);
	users_free(p->to);
	memset(p, 0, sizeof *p);
}

/*---- Recording a built export ----*/

static int
insert_ranges(struct vg_site *s, const struct export_plan *p, int64_t id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO export_ranges (export_id, camera, "
	    "from_us, to_us, seq_from, seq_to) VALUES (?,?,?,?,?,?)");
	int r = 0;

	for (size_t i = 0; i < p->ncams && r == 0; i++) {
		const struct export_cam *c = &p->cams[i];

		db_bind_int(st, 1, id);
		db_bind_text(st, 2, c->id);
		db_bind_int(st, 3, c->from_us);
		db_bind_int(st, 4, c->to_us);
		db_bind_int(st, 5, c->segs[0].seq);
		db_bind_int(st, 6, c->segs[c->nsegs - 1].seq);
		r = db_run(st, s->db, err);
		db_reset(st);
	}
	db_finalize(st);
	return r;
}

static int
insert_export(struct vg_site *s, const struct vg_actor *a, const struct export_plan *p,
    int64_t bytes, const char *sha256, int64_t *id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO exports (name, request_id, seq, "
	    "viewing_id, recipient_id, created_by, created_us, expires_us, file, bytes, sha256) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	int r;

	db_bind_text(st, 1, p->name);
	db_bind_int(st, 2, p->req->id);
	db_bind_int(st, 3, p->seq);
	db_bind_int(st, 4, p->viewing->id);
	db_bind_int(st, 5, p->to->id);
	db_bind_int(st, 6, a->user_id);
	db_bind_int(st, 7, p->created_us);
	db_bind_int(st, 8, p->expires_us);
	db_bind_text(st, 9, p->file);
	db_bind_int(st, 10, bytes);
	db_bind_text(st, 11, sha256);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		*id = db_last_id(s->db);
	else if (err->code == VG_CONFLICT || strstr(err->msg, "UNIQUE") != NULL)
		vg_seterr(err, VG_CONFLICT, _("%s was made by someone else meanwhile; run export "
		    "create again"), p->name);
	return r;
}

int
exports_record(struct vg_site *s, const struct vg_actor *a, const struct export_plan *p,
    int64_t bytes, const char *sha256, struct vg_err *err)
{
	struct export_plan again;
	struct vg_buf cams;
	char t[32];
	int64_t id;
	int r;

	if (site_begin(s, err) != 0)
		return -1;
	/* The grant may have ended or been withdrawn while the bundle was built. */
	memset(&again, 0, sizeof again);
	r = check_request(s, a, p->req->ref, p->recipient, &again, err);
	exports_plan_free(&again);
	buf_init(&cams);
	buf_puts(&cams, "");
	for (size_t i = 0; i < p->ncams; i++)
		buf_printf(&cams, "%s%s:%lld-%lld", i ? "," : "", p->cams[i].id,
		    (long long)p->cams[i].segs[0].seq, (long long)p->cams[i].segs[p->cams[i].nsegs - 1].seq);
	if (r == 0)
		r = insert_export(s, a, p, bytes, sha256, &id, err);
	if (r == 0)
		r = insert_ranges(s, p, id, err);
	if (r == 0)
		r = audit_appendf(s, a->display, "export.create", p->name, a->source, err,
		    "request=%s; recipient=%s; viewing=%lld; cameras=%s; bytes=%lld; sha256=%s; "
		    "expires=%s", p->req->ref, p->recipient, (long long)p->viewing->id, cams.s,
		    (long long)bytes, sha256, time_fmt_iso(p->expires_us, t));
	buf_free(&cams);
	return site_end_tx(s, r, err);
}

/*---- Listing ----*/

void
exports_row(struct vg_site *s, struct vg_stmt *st, int64_t now, struct vg_export *e)
{
	struct vg_stmt *rs;

	memset(e, 0, sizeof *e);
	e->id = db_col_int(st, 0);
	e->name = xstrdup(db_col_text(st, 1));
	e->file = xstrdup(db_col_text(st, 2));
	e->ref = xstrdup(db_col_text(st, 3));
	e->recipient = xstrdup(db_col_text(st, 4));
	e->recipient_name = xstrdup(db_col_text(st, 5));
	e->created_by = xstrdup(db_col_text(st, 6));
	e->created_us = db_col_int(st, 7);
	e->expires_us = db_col_int(st, 8);
	e->bytes = db_col_int(st, 9);
	snprintf(e->sha256, sizeof e->sha256, "%s", db_col_text(st, 10));
	e->viewing_id = db_col_int(st, 11);
	e->revoked_us = db_col_int(st, 12);
	e->revoked_by = xstrdup(db_col_text(st, 13));
	e->revoke_reason = xstrdup(db_col_text(st, 14));
	e->removed_us = db_col_int(st, 15);
	e->state = e->revoked_us ? EXPORT_REVOKED : now >= e->expires_us ? EXPORT_EXPIRED :
	    EXPORT_READY;
	e->downloads = (int)db_scalar_int(s->db, "SELECT COUNT(*) FROM downloads WHERE "
	    "export_id = ? AND complete = 1", e->id);
	e->attempts = (int)db_scalar_int(s->db, "SELECT COUNT(*) FROM downloads WHERE "
	    "export_id = ?", e->id);
	rs = db_prepare(s->db, "SELECT camera, from_us, to_us FROM export_ranges WHERE "
	    "export_id = ? ORDER BY camera");
	db_bind_int(rs, 1, e->id);
	while (db_step(rs) == DB_ROW) {
		e->cameras = xrealloc(e->cameras, (e->ncameras + 1) * sizeof *e->cameras);
		e->cameras[e->ncameras++] = xstrdup(db_col_text(rs, 0));
		if (e->from_us == 0 || db_col_int(rs, 1) < e->from_us)
			e->from_us = db_col_int(rs, 1);
		if (db_col_int(rs, 2) > e->to_us)
			e->to_us = db_col_int(rs, 2);
	}
	db_finalize(rs);
}

int64_t
exports_row_recipient(struct vg_stmt *st)
{
	return db_col_int(st, 16);
}

/* Whether the actor sees every export, only their own, or none (-1 with err). */
static int
sees_all(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	if (a->system || actor_can(s, a, "export.create") || actor_can(s, a, "request.read_all"))
		return 1;
	return actor_require(s, a, "export.download", err) == 0 ? 0 : -1;
}

struct vg_export *
exports_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	int all = sees_all(s, a, err);
	struct vg_stmt *st;
	struct vg_export *v;
	int64_t now = clock_now();

	*n = 0;
	if (all < 0)
		return NULL;
	st = db_prepare(s->db, EXPORT_SELECT "WHERE (? = 1 OR e.recipient_id = ?) ORDER BY e.id DESC");
	db_bind_int(st, 1, all);
	db_bind_int(st, 2, a->user_id);
	v = xcalloc(1, sizeof *v);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		exports_row(s, st, now, &v[(*n)++]);
	}
	db_finalize(st);
	return v;
}

struct vg_export *
exports_get(struct vg_site *s, const struct vg_actor *a, const char *name, struct vg_err *err)
{
	int all = sees_all(s, a, err);
	char *base = exports_name_of(name);
	struct vg_stmt *st;
	struct vg_export *e = NULL;

	if (all < 0) {
		free(base);
		return NULL;
	}
	st = db_prepare(s->db, EXPORT_SELECT "WHERE e.name = ? AND (? = 1 OR e.recipient_id = ?)");
	db_bind_text(st, 1, base ? base : "");
	db_bind_int(st, 2, all);
	db_bind_int(st, 3, a->user_id);
	if (db_step(st) == DB_ROW) {
		e = xcalloc(1, sizeof *e);
		exports_row(s, st, clock_now(), e);
	} else
		vg_seterr(err, VG_NOTFOUND, _("no export \"%s\" that you may see"), name);
	db_finalize(st);
	free(base);
	return e;
}

void
exports_clear(struct vg_export *e)
{
	free(e->name);
	free(e->file);
	free(e->ref);
	free(e->recipient);
	free(e->recipient_name);
	free(e->created_by);
	free(e->revoked_by);
	free(e->revoke_reason);
	vg_strv_free(e->cameras, e->ncameras);
	memset(e, 0, sizeof *e);
}

void
exports_free_list(struct vg_export *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		exports_clear(&v[i]);
	free(v);
}

struct export_download *
exports_downloads(struct vg_site *s, const struct vg_export *e, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT u.login, d.protocol, d.source, "
	    "d.started_us, COALESCE(d.ended_us, 0), d.from_offset, d.bytes, d.complete "
	    "FROM downloads d JOIN users u ON u.id = d.user_id WHERE d.export_id = ? ORDER BY d.id");
	struct export_download *v = xcalloc(1, sizeof *v);

	*n = 0;
	db_bind_int(st, 1, e->id);
	while (db_step(st) == DB_ROW) {
		struct export_download *d;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		d = &v[(*n)++];
		d->login = xstrdup(db_col_text(st, 0));
		d->protocol = xstrdup(db_col_text(st, 1));
		d->source = xstrdup(db_col_text(st, 2));
		d->started_us = db_col_int(st, 3);
		d->ended_us = db_col_int(st, 4);
		d->from_offset = db_col_int(st, 5);
		d->bytes = db_col_int(st, 6);
		d->complete = (int)db_col_int(st, 7);
	}
	db_finalize(st);
	return v;
}

void
exports_free_downloads(struct export_download *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].login);
		free(v[i].protocol);
		free(v[i].source);
	}
	free(v);
}

char *
exports_of_viewing(struct vg_site *s, int64_t viewing_id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT file FROM exports WHERE viewing_id = ? "
	    "ORDER BY id");
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	db_bind_int(st, 1, viewing_id);
	while (db_step(st) == DB_ROW)
		buf_printf(&b, "%s%s", b.len ? ", " : "", db_col_text(st, 0));
	db_finalize(st);
	return buf_steal(&b);
}

/*---- Revocation and expiry ----*/

/* Deletes an export's file and records that, audited as export.remove. */
int
exports_remove_file(struct vg_site *s, const char *actor, const char *source,
    const struct vg_export *e, const char *why, struct vg_err *err)
{
	char *path = vg_path_join(s->cfg.exports_dir, e->file);
	struct vg_stmt *st;
	int r;

	if (unlink(path) != 0 && errno != ENOENT) {
		vg_seterr(err, VG_FAILED, _("cannot remove %s: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	vg_fsync_dir(s->cfg.exports_dir);
	free(path);
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE exports SET removed_us = ? WHERE id = ? AND removed_us IS NULL");
	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, e->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, actor, "export.remove", e->name, source, err,
		    "reason=%s; file=%s; bytes=%lld; downloads=%d", why, e->file, (long long)e->bytes,
		    e->downloads);
	return site_end_tx(s, r, err);
}

int
exports_revoke_tx(struct vg_site *s, const struct vg_actor *a, const struct vg_export *e,
    const char *reason, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "UPDATE exports SET revoked_us = ?, revoked_by = ?, "
	    "revoke_reason = ? WHERE id = ? AND revoked_us IS NULL");
	int r;

	db_bind_int(st, 1, clock_now());
	if (a->user_id != 0)
		db_bind_int(st, 2, a->user_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, e->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "export.revoke", e->name, a->source, err,
		    "reason=%s; downloads=%d", reason, e->downloads);
	return r;
}

int
exports_revoke(struct vg_site *s, const struct vg_actor *a, const char *name, const char *reason,
    struct vg_err *err)
{
	struct vg_export *e;
	int r = -1;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "export.create", err) != 0 ||
	    vg_check_text(reason, 500, 1, "reason", _("the reason"), err) != 0)
		return -1;
	if ((e = exports_get(s, a, name, err)) == NULL)
		return -1;
	if (e->state != EXPORT_READY) {
		vg_seterr(err, VG_CONFLICT, _("%s is %s and can no longer be revoked"), e->file,
		    exports_state_name(e->state));
		goto out;
	}
	if (site_begin(s, err) != 0)
		goto out;
	r = exports_revoke_tx(s, a, e, reason, err);
	if ((r = site_end_tx(s, r, err)) == 0)
		r = exports_remove_file(s, a->display, a->source, e, "revoked", err);
out:
	exports_free_list(e, 1);
	return r;
}

int
exports_expire(struct vg_site *s, const char *actor, int64_t now, int *removed,
    struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, EXPORT_SELECT "WHERE e.removed_us IS NULL AND "
	    "(e.revoked_us IS NOT NULL OR e.expires_us <= ?) ORDER BY e.id");
	struct vg_export *v = NULL;
	size_t n = 0;
	int r = 0;

	*removed = 0;
	db_bind_int(st, 1, now);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		exports_row(s, st, now, &v[n++]);
	}
	db_finalize(st);
	for (size_t i = 0; i < n && r == 0; i++) {
		/* exports.keep_days: the copy is downloadable for a while, not kept. */
		r = exports_remove_file(s, actor, "", &v[i], v[i].state == EXPORT_REVOKED ?
		    "revoked" : "expired", err);
		if (r == 0)
			(*removed)++;
	}
	exports_free_list(v, n);
	return r;
}
