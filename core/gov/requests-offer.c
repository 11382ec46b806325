/* requests-offer.c — what the console may offer: the new-request form's choices, a request's actions. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/gov/classes.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/*---- Cameras ----*/

struct req_camera *
requests_all_cameras(struct vg_site *s, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, name, location, privacy, zone, unit "
	    "FROM cameras WHERE removed_us IS NULL ORDER BY id");
	struct req_camera *v = xcalloc(1, sizeof *v);

	*n = 0;
	while (db_step(st) == DB_ROW) {
		struct req_camera *c;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		c = &v[(*n)++];
		c->id = xstrdup(db_col_text(st, 0));
		c->name = xstrdup(db_col_text(st, 1));
		c->location = xstrdup(db_col_text(st, 2));
		c->privacy = xstrdup(db_col_text(st, 3));
		c->zone = xstrdup(db_col_text(st, 4));
		c->unit = xstrdup(db_col_text(st, 5));
	}
	db_finalize(st);
	return v;
}

void
requests_free_cameras(struct req_camera *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].location);
		free(v[i].privacy);
		free(v[i].zone);
		free(v[i].unit);
	}
	free(v);
}

/*---- The new-request form ----*/

/* A requester kind the actor may file as: not refused, and their roles fit. */
static int
kind_open_to(const struct pol_kind *k, const struct vg_actor *a)
{
	if (k->refuse.en[0])
		return 0;
	if (k->nroles == 0)
		return 1;
	for (size_t i = 0; i < k->nroles; i++)
		if (actor_has_role(a, k->roles[i]))
			return 1;
	return 0;
}

/* Whether some procedure routes one camera for this requester kind without refusing. */
static int
routable(const struct vg_policy *p, const struct vg_actor *a, const struct pol_kind *k,
    const struct pol_camera *cam)
{
	static const char *const kinds[] = { "view", "copy" };
	struct pol_case cs;
	struct pol_plan plan;
	struct vg_err ignore;
	size_t nag = k->external ? p->nagencies : 1;

	memset(&cs, 0, sizeof cs);
	cs.requester_kind = k->id;
	cs.requester_unit = a->unit;
	cs.requester_roles = a->roles;
	cs.nrequester_roles = a->nroles;
	cs.has_certificate = 1;
	cs.cameras = cam;
	cs.ncameras = 1;
	for (size_t ki = 0; ki < VG_ARRLEN(kinds); ki++)
		for (size_t pi = 0; pi < p->npurposes; pi++)
			for (size_t ai = 0; ai < nag; ai++)
				for (int em = 0; em < 2; em++) {
					cs.kind = kinds[ki];
					cs.purpose = p->purposes[pi].id;
					cs.agency = k->external ? p->agencies[ai].id : NULL;
					cs.emergency = em;
					if (p->purposes[pi].refuse.en[0] ||
					    policy_required_steps(p, &cs, &plan, &ignore) != 0)
						continue;
					policy_plan_free(&plan);
					return 1;
				}
	return 0;
}

int
requests_form(struct vg_site *s, const struct vg_actor *a, struct req_form *f,
    struct vg_err *err)
{
	const struct vg_policy *p = s->pol;
	struct req_camera *all;
	size_t nall;

	memset(f, 0, sizeof *f);
	if (actor_need_person(a, err) != 0 || actor_require(s, a, "request.file", err) != 0)
		return -1;
	f->kinds = xcalloc(p->nkinds + 1, sizeof *f->kinds);
	for (size_t i = 0; i < p->nkinds; i++)
		if (kind_open_to(&p->kinds[i], a)) {
			f->kinds[f->nkinds++] = &p->kinds[i];
			if (p->default_kind != NULL && strcmp(p->kinds[i].id, p->default_kind) == 0)
				f->default_kind = p->kinds[i].id;
		}
	if (f->default_kind == NULL && f->nkinds > 0)
		f->default_kind = f->kinds[0]->id;
	f->purposes = xcalloc(p->npurposes + 1, sizeof *f->purposes);
	for (size_t i = 0; i < p->npurposes; i++)
		f->purposes[f->npurposes++] = &p->purposes[i];
	f->agencies = xcalloc(p->nagencies + 1, sizeof *f->agencies);
	for (size_t i = 0; i < p->nagencies; i++)
		f->agencies[f->nagencies++] = &p->agencies[i];
	for (size_t i = 0; i < p->nroutes; i++)
		f->emergency |= p->routes[i].emergency;
	f->use_until = p->rules.use_until[0] != '\0';
	f->viewers_limit = p->limits.viewers;
	/* A camera that no procedure lets this person ask for is not offered. */
	all = requests_all_cameras(s, &nall);
	f->cameras = xcalloc(nall + 1, sizeof *f->cameras);
	for (size_t i = 0; i < nall; i++) {
		struct pol_camera cam = { all[i].id, all[i].privacy, all[i].zone, all[i].unit,
		    classes_teaches(s, a->user_id, all[i].id) };
		int ok = 0;

		for (size_t k = 0; k < f->nkinds && !ok; k++)
			ok = routable(p, a, f->kinds[k], &cam);
		if (ok) {
			f->cameras[f->ncameras++] = all[i];
			memset(&all[i], 0, sizeof all[i]);
		}
	}
	requests_free_cameras(all, nall);
	return 0;
}

void
requests_form_free(struct req_form *f)
{
	free(f->kinds);
	free(f->purposes);
	free(f->agencies);
	requests_free_cameras(f->cameras, f->ncameras);
	memset(f, 0, sizeof *f);
}

/*---- A request's actions ----*/

int
requests_actions(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q)
{
	struct vg_err ignore;
	int acts = 0, step;

	if (requests_submit_check(a, q, &ignore) == 0)
		acts |= REQ_ACT_SUBMIT;
	if (requests_withdraw_check(a, q, &ignore) == 0)
		acts |= REQ_ACT_WITHDRAW;
	if (reports_check(a, q, &ignore) == 0)
		acts |= REQ_ACT_REPORT;
	if (approvals_can_sign(s, a, q, &step, &ignore) == 0)
		acts |= REQ_ACT_DECIDE;
	if (viewings_check(s, a, q, &ignore) == 0)
		acts |= REQ_ACT_VIEW;
	return acts;
}
