/* holds.c — placing and releasing holds; whether a requested range of footage still exists. */
#include "core/gov/holds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/* The same definition the recorder's retention pass uses. */
#define HOLD_ACTIVE "h.released_us IS NULL AND (h.until_us IS NULL OR h.until_us > ?)"

/*---- Does the footage still exist? ----*/

struct span {
	int64_t	from, to;
};

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* The first instant of [from, to) no active hold on the camera covers, or to. */
static int64_t
first_unheld(struct vg_site *s, const char *camera, int64_t from, int64_t to, int64_t now)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT h.from_us, h.to_us FROM holds h "
	    "JOIN hold_cameras c ON c.hold_id = h.id WHERE c.camera = ? AND " HOLD_ACTIVE
	    " AND h.to_us > ? AND h.from_us < ?");
	struct span *v = NULL;
	size_t n = 0;
	int64_t at = from;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (n + 1) * sizeof *v);
		v[n].from = db_col_int(st, 0);
		v[n].to = db_col_int(st, 1);
		n++;
	}
	db_finalize(st);
	if (n > 0)
		qsort(v, n, sizeof *v, span_cmp);
	for (size_t i = 0; i < n && at < to; i++) {
		if (v[i].from > at)
			break;
		if (v[i].to > at)
			at = v[i].to;
	}
	free(v);
	return at < to ? at : to;
}

int
holds_range_exists(struct vg_site *s, const char *camera, int64_t from, int64_t to,
    int64_t now, int64_t *kept_until, struct vg_err *err)
{
	struct site_camera c;
	int64_t cutoff, gap;
	char t1[32];

	if (site_camera_load(s, camera, &c, err) != 0)
		return -1;
	/* Footage leaves retention when it is older than the camera's retention. */
	cutoff = now - (int64_t)c.retention_days * GOV_DAY_US;
	if (kept_until != NULL)
		*kept_until = from >= cutoff ? from + (int64_t)c.retention_days * GOV_DAY_US : 0;
	if (from >= cutoff) {
		site_camera_free(&c);
		return 0;
	}
	gap = first_unheld(s, camera, from, to < cutoff ? to : cutoff, now);
	if (gap < (to < cutoff ? to : cutoff)) {
		policy_refuse(err, "from", s->pol->rules.range_exists,
		    _("the footage of camera \"%s\" from %s is older than its %d-day retention and "
		    "no hold keeps it: it no longer exists"), camera, time_fmt(gap, t1),
		    c.retention_days);
		site_camera_free(&c);
		return -1;
	}
	site_camera_free(&c);
	return 0;
}

/*---- Placing and releasing ----*/

static int
actor_may_hold(struct vg_site *s, const struct vg_actor *a, const struct pol_hold *h,
    struct vg_err *err)
{
	char *roles;
	int ok = 0;

	if (actor_require(s, a, "hold.manage", err) != 0)
		return -1;
	if (a->system || h->nroles == 0)
		return 0;
	for (size_t i = 0; i < h->nroles && !ok; i++)
		ok = actor_has_role(a, h->roles[i]);
	if (ok)
		return 0;
	roles = vg_strv_join(h->roles, h->nroles, ", ");
	policy_refuse(err, "category", h->article,
	    _("holds of category \"%s\" are placed and released only by %s"), h->id, roles);
	free(roles);
	return -1;
}

int
holds_may_manage(struct vg_site *s, const struct vg_actor *a, const char *category,
    struct vg_err *err)
{
	const struct pol_hold *h = policy_hold(s->pol, category);

	if (h == NULL)
		return vg_seterr_field(err, VG_USAGE, "category",
		    _("the %s profile has no hold category \"%s\""), s->pol->name, category);
	return actor_may_hold(s, a, h, err);
}

const struct pol_hold **
holds_categories(struct vg_site *s, const struct vg_actor *a, size_t *n)
{
	const struct pol_hold **v = xcalloc(s->pol->nholds + 1, sizeof *v);
	struct vg_err ignore;

	*n = 0;
	for (size_t i = 0; i < s->pol->nholds; i++)
		if (actor_may_hold(s, a, &s->pol->holds[i], &ignore) == 0)
			v[(*n)++] = &s->pol->holds[i];
	return v;
}

struct req_camera *
holds_cameras(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	*n = 0;
	if (actor_require(s, a, "hold.manage", err) != 0)
		return NULL;
	return requests_all_cameras(s, n);
}

/*
 * Inserts a hold and its cameras and audits it, inside the caller's
 * transaction.  until 0 means the category's own length.
 */
static int
insert_hold(struct vg_site *s, const struct vg_actor *a, const struct pol_hold *h,
    const struct pol_hold_term *term, char *const *cameras, size_t ncameras, int64_t from,
    int64_t to, int64_t until, const char *reason, int64_t request_id, int64_t *id,
    struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t now = clock_now();
	int64_t min_until = term ? now + (int64_t)term->days * GOV_DAY_US : 0;
	char t1[32], t2[32], t3[32], t4[32], obj[32];
	char *cams;
	int r;

	if (until == 0 && h->days > 0)
		until = now + (int64_t)h->days * GOV_DAY_US;
	st = db_prepare(s->db, "INSERT INTO holds (category, reason, from_us, to_us, placed_by, "
	    "placed_us, until_us, request_id, term, min_until_us) VALUES (?,?,?,?,?,?,?,?,?,?)");
	db_bind_text(st, 1, h->id);
	db_bind_text(st, 2, reason);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	if (a->user_id)
		db_bind_int(st, 5, a->user_id);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, now);
	if (until)
		db_bind_int(st, 7, until);
	else
		db_bind_null(st, 7);
	if (request_id)
		db_bind_int(st, 8, request_id);
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, term ? term->id : "");
	if (min_until)
		db_bind_int(st, 10, min_until);
	else
		db_bind_null(st, 10);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	st = db_prepare(s->db, "INSERT INTO hold_cameras (hold_id, camera) VALUES (?, ?)");
	for (size_t i = 0; i < ncameras && r == 0; i++) {
		db_reset(st);
		db_bind_int(st, 1, *id);
		db_bind_text(st, 2, cameras[i]);
		r = db_run(st, s->db, err);
	}
	db_finalize(st);
	if (r != 0)
		return -1;
	cams = vg_strv_join(cameras, ncameras, ",");
	snprintf(obj, sizeof obj, "hold %lld", (long long)*id);
	r = audit_appendf(s, a->display, "hold.place", obj, a->source, err,
	    "category=%s; cameras=%s; from=%s; to=%s; until=%s; term=%s; not_before=%s; "
	    "reason=%s; article=%s", h->id, cams, time_fmt(from, t1), time_fmt(to, t2),
	    until ? time_fmt(until, t3) : "released", term ? term->id : "-",
	    min_until ? time_fmt(min_until, t4) : "-", reason, h->article);
	free(cams);
	return r;
}

int
holds_place_tx(struct vg_site *s, const struct vg_actor *a, const char *category,
    const char *term, char *const *cameras, size_t ncameras, int64_t from, int64_t to,
    const char *reason, int64_t request_id, int64_t *id, struct vg_err *err)
{
	const struct pol_hold *h = policy_hold(s->pol, category);
	const struct pol_hold_term *t;

	VG_ASSERT(h != NULL);
	t = policy_hold_term(h, term);
	/* Filing checked the term; a profile changed since leaves none to choose. */
	if (h->nterms && t == NULL)
		return policy_refuse(err, "hold_term", h->article,
		    _("hold category \"%s\" needs a minimum term, and the request chose none the "
		    "profile has (\"%s\")"), h->id, term ? term : "");
	return insert_hold(s, a, h, t, cameras, ncameras, from, to, 0, reason, request_id, id,
	    err);
}

/* A category with terms: the term must be one of them; others take none. */
static int
check_term(const struct pol_hold *h, const char *term, struct vg_err *err)
{
	int given = term != NULL && term[0] != '\0';
	struct vg_buf b;

	if (!h->nterms && !given)
		return 0;
	if (!h->nterms)
		return vg_seterr_field(err, VG_USAGE, "term",
		    _("hold category \"%s\" has no minimum terms; --term is not for it"), h->id);
	if (given && policy_hold_term(h, term) != NULL)
		return 0;
	buf_init(&b);
	for (size_t i = 0; i < h->nterms; i++)
		buf_printf(&b, "%s%s (%s)", i ? ", " : "", h->terms[i].id, pol_tr(&h->terms[i].title));
	if (given)
		vg_seterr_field(err, VG_USAGE, "term",
		    _("\"%s\" is not a term of hold category \"%s\": one of %s"), term, h->id, b.s);
	else
		policy_refuse(err, "term", h->article,
		    _("a hold of category \"%s\" is placed for a minimum term, during which no one "
		    "may release it: choose one with --term, of %s"), h->id, b.s);
	buf_free(&b);
	return -1;
}

static int
check_spec(struct vg_site *s, const struct hold_spec *sp, const struct pol_hold **hp,
    int64_t now, struct vg_err *err)
{
	const struct pol_hold *h;
	char t1[32];

	if (sp->category == NULL || (h = policy_hold(s->pol, sp->category)) == NULL) {
		char *ids = NULL;
		struct vg_buf b;

		buf_init(&b);
		for (size_t i = 0; i < s->pol->nholds; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", s->pol->holds[i].id);
		ids = buf_steal(&b);
		vg_seterr_field(err, VG_USAGE, "category",
		    _("the hold category must be one of the %s profile's: %s"), s->pol->name,
		    ids[0] ? ids : "-");
		free(ids);
		return -1;
	}
	*hp = h;
	if (sp->ncameras == 0)
		return vg_seterr_field(err, VG_USAGE, "cameras", "%s", _("name at least one camera"));
	for (size_t i = 0; i < sp->ncameras; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(sp->cameras[i], sp->cameras[j]) == 0)
				return vg_seterr_field(err, VG_USAGE, "cameras",
				    _("camera \"%s\" is named twice"), sp->cameras[i]);
	if (sp->to_us <= sp->from_us)
		return vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range must come after its start"));
	if (sp->to_us > now)
		return vg_seterr_field(err, VG_USAGE, "to",
		    _("the range ends %s, in the future: only recorded footage can be held"),
		    time_fmt(sp->to_us, t1));
	if (vg_check_text(sp->reason, 2000, 1, "reason", _("the reason"), err) != 0)
		return -1;
	if (check_term(h, sp->term, err) != 0)
		return -1;
	if (sp->until_us != 0 && h->nterms)
		return vg_seterr_field(err, VG_USAGE, "until", "%s",
		    _("a hold with a minimum term lasts until released after it; --until is not for "
		    "it"));
	if (sp->until_us != 0) {
		if (sp->until_us <= now)
			return vg_seterr_field(err, VG_USAGE, "until",
			    _("the hold would end %s, which is not in the future"),
			    time_fmt(sp->until_us, t1));
		if (h->max_days && sp->until_us > now + (int64_t)h->max_days * GOV_DAY_US)
			return policy_refuse(err, "until", h->article,
			    _("a hold of category \"%s\" lasts at most %d days"), h->id, h->max_days);
	}
	return 0;
}

int
holds_check(struct vg_site *s, const struct vg_actor *a, const struct hold_spec *sp,
    struct vg_err *err)
{
	const struct pol_hold *h = NULL;
	int64_t now = clock_now();

	if (check_spec(s, sp, &h, now, err) != 0 || actor_may_hold(s, a, h, err) != 0)
		return -1;
	/* Only footage that still exists can be held. */
	for (size_t i = 0; i < sp->ncameras; i++)
		if (holds_range_exists(s, sp->cameras[i], sp->from_us, sp->to_us, now, NULL, err) != 0)
			return -1;
	return 0;
}

int
holds_place(struct vg_site *s, const struct vg_actor *a, const struct hold_spec *sp,
    int64_t *id, struct vg_err *err)
{
	const struct pol_hold *h = NULL;

	if (holds_check(s, a, sp, err) != 0)
		return -1;
	h = policy_hold(s->pol, sp->category);
	if (site_begin(s, err) != 0)
		return -1;
	if (insert_hold(s, a, h, policy_hold_term(h, sp->term), (char *const *)sp->cameras,
	    sp->ncameras, sp->from_us, sp->to_us, sp->until_us, sp->reason, 0, id, err) != 0 ||
	    site_commit(s, err) != 0) {
		site_rollback(s);
		return -1;
	}
	return 0;
}

/* DLUT art. 15(2)3: kept for the limitation period, deleted by no one meanwhile. */
static int
check_min_term(const struct pol_hold *h, const struct vg_hold *hd, int64_t now,
    struct vg_err *err)
{
	char t1[32];

	if (hd->min_until_us == 0 || now >= hd->min_until_us)
		return 0;
	return policy_refuse(err, "", h->article,
	    _("hold %lld keeps the footage for its minimum term (%s) until %s; no one may release "
	    "it before then"), (long long)hd->id, hd->term, time_fmt(hd->min_until_us, t1));
}

int
holds_release(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *reason,
    struct vg_err *err)
{
	struct vg_hold *hd = holds_get(s, id);
	const struct pol_hold *h;
	struct vg_stmt *st;
	int64_t now = clock_now(), until = 0;
	char obj[32], t1[32];
	int r = -1;

	if (hd == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no hold %lld"), (long long)id);
	if ((h = policy_hold(s->pol, hd->category)) == NULL) {
		vg_seterr(err, VG_REFUSED, _("hold %lld is of category \"%s\", which the %s profile "
		    "no longer has"), (long long)id, hd->category, s->pol->name);
		goto out;
	}
	if (actor_may_hold(s, a, h, err) != 0 ||
	    vg_check_text(reason, 2000, 0, "reason", _("the reason"), err) != 0)
		goto out;
	if (!hd->active || hd->closed_us) {
		vg_seterr(err, VG_CONFLICT, _("hold %lld is not in force (%s)"), (long long)id,
		    holds_state(hd, now));
		goto out;
	}
	if (check_min_term(h, hd, now, err) != 0)
		goto out;
	if (site_begin(s, err) != 0)
		goto out;
	if (h->after_release_days) {
		/* HHKCS 2.5.3(iv): kept a further period after the matter closes. */
		until = now + (int64_t)h->after_release_days * GOV_DAY_US;
		st = db_prepare(s->db, "UPDATE holds SET closed_by = ?, closed_us = ?, "
		    "close_reason = ?, until_us = ? WHERE id = ?");
		db_bind_int(st, 4, until);
		db_bind_int(st, 5, id);
	} else {
		st = db_prepare(s->db, "UPDATE holds SET released_by = ?, released_us = ?, "
		    "release_reason = ? WHERE id = ?");
		db_bind_int(st, 4, id);
	}
	if (a->user_id)
		db_bind_int(st, 1, a->user_id);
	else
		db_bind_null(st, 1);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, reason ? reason : "");
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(obj, sizeof obj, "hold %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, until ? "hold.close" : "hold.release", obj,
		    a->source, err, "category=%s; kept_until=%s; reason=%s; article=%s", h->id,
		    until ? time_fmt(until, t1) : "-", reason ? reason : "", h->article);
	r = site_end_tx(s, r, err);
out:
	holds_free_list(hd, hd ? 1 : 0);
	return r;
}

/*---- Reading ----*/

#define HOLD_COLS "h.id, h.category, h.reason, h.from_us, h.to_us, " \
	"COALESCE(pu.login, ''), h.placed_us, COALESCE(h.until_us, 0), COALESCE(ru.login, ''), " \
	"COALESCE(h.released_us, 0), COALESCE(h.release_reason, ''), COALESCE(cu.login, ''), " \
	"COALESCE(h.closed_us, 0), COALESCE(h.close_reason, ''), COALESCE(r.ref, ''), " \
	"CASE WHEN " HOLD_ACTIVE " THEN 1 ELSE 0 END, h.term, COALESCE(h.min_until_us, 0)"
#define HOLD_FROM " FROM holds h LEFT JOIN users pu ON pu.id = h.placed_by " \
	"LEFT JOIN users ru ON ru.id = h.released_by LEFT JOIN users cu ON cu.id = h.closed_by " \
	"LEFT JOIN requests r ON r.id = h.request_id "

static void
hold_from_row(struct vg_site *s, struct vg_stmt *st, struct vg_hold *h)
{
	struct vg_stmt *cs;

	memset(h, 0, sizeof *h);
	h->id = db_col_int(st, 0);
	h->category = xstrdup(db_col_text(st, 1));
	h->reason = xstrdup(db_col_text(st, 2));
	h->from_us = db_col_int(st, 3);
	h->to_us = db_col_int(st, 4);
	h->placed_by = xstrdup(db_col_text(st, 5));
	h->placed_us = db_col_int(st, 6);
	h->until_us = db_col_int(st, 7);
	h->released_by = xstrdup(db_col_text(st, 8));
	h->released_us = db_col_int(st, 9);
	h->release_reason = xstrdup(db_col_text(st, 10));
	h->closed_by = xstrdup(db_col_text(st, 11));
	h->closed_us = db_col_int(st, 12);
	h->close_reason = xstrdup(db_col_text(st, 13));
	h->request = xstrdup(db_col_text(st, 14));
	h->active = (int)db_col_int(st, 15);
	h->term = xstrdup(db_col_text(st, 16));
	h->min_until_us = db_col_int(st, 17);
	cs = db_prepare(s->db, "SELECT camera FROM hold_cameras WHERE hold_id = ? ORDER BY camera");
	db_bind_int(cs, 1, h->id);
	h->cameras = xcalloc(1, sizeof *h->cameras);
	while (db_step(cs) == DB_ROW) {
		h->cameras = xrealloc(h->cameras, (h->ncameras + 2) * sizeof *h->cameras);
		h->cameras[h->ncameras++] = xstrdup(db_col_text(cs, 0));
		h->cameras[h->ncameras] = NULL;
	}
	db_finalize(cs);
}

struct vg_hold *
holds_list(struct vg_site *s, const struct vg_actor *a, int active_only, size_t *n,
    struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_hold *v = xcalloc(1, sizeof *v);
	int64_t now = clock_now();

	*n = 0;
	if (!actor_can(s, a, "request.read_all") && actor_require(s, a, "hold.manage", err) != 0) {
		free(v);
		return NULL;
	}
	st = db_prepare(s->db, active_only ?
	    "SELECT " HOLD_COLS HOLD_FROM "WHERE " HOLD_ACTIVE " ORDER BY h.id DESC" :
	    "SELECT " HOLD_COLS HOLD_FROM "ORDER BY h.id DESC");
	db_bind_int(st, 1, now);
	if (active_only)
		db_bind_int(st, 2, now);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		hold_from_row(s, st, &v[(*n)++]);
	}
	db_finalize(st);
	return v;
}

struct vg_hold *
holds_get(struct vg_site *s, int64_t id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " HOLD_COLS HOLD_FROM "WHERE h.id = ?");
	struct vg_hold *h = NULL;

	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, id);
	if (db_step(st) == DB_ROW) {
		h = xcalloc(1, sizeof *h);
		hold_from_row(s, st, h);
	}
	db_finalize(st);
	return h;
}

void
holds_free_list(struct vg_hold *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct vg_hold *h = &v[i];

		free(h->category);
		free(h->reason);
		vg_strv_free(h->cameras, h->ncameras);
		free(h->placed_by);
		free(h->released_by);
		free(h->release_reason);
		free(h->closed_by);
		free(h->close_reason);
		free(h->request);
		free(h->term);
	}
	free(v);
}

const char *
holds_state(const struct vg_hold *h, int64_t now)
{
	if (h->released_us)
		return _("released");
	if (h->until_us && h->until_us <= now)
		return _("ended");
	if (h->closed_us)
		return _("closed, kept until its end");
	return _("active");
}
