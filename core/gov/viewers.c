/* viewers.c — who may view at a viewing, and how many at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/gov/viewings.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/*---- How many at once ----*/

int64_t
viewers_now(struct vg_site *s, const struct vg_request *q)
{
	return db_scalar_int(s->db, "SELECT COUNT(*) FROM viewing_people p JOIN viewings v "
	    "ON v.id = p.viewing_id WHERE v.request_id = ? AND v.ended_us IS NULL", q->id);
}

/* DLUT art. 15(1)4: people viewing the same footage now, whatever request
 * they came with: open viewings of requests sharing a camera and overlapping
 * in time with this one. */
int64_t
viewers_same_footage_now(struct vg_site *s, const struct vg_request *q)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM viewing_people p "
	    "JOIN viewings v ON v.id = p.viewing_id JOIN requests r ON r.id = v.request_id "
	    "WHERE v.ended_us IS NULL AND r.from_us < ? AND r.to_us > ? AND EXISTS (SELECT 1 "
	    "FROM request_cameras c JOIN request_cameras mine ON mine.camera = c.camera "
	    "WHERE c.request_id = r.id AND mine.request_id = ?)");
	int64_t n = 0;

	db_bind_int(st, 1, q->to_us);
	db_bind_int(st, 2, q->from_us);
	db_bind_int(st, 3, q->id);
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	return n;
}

const char *
policy_site_setting(const char *article)
{
	return article != NULL && article[0] ? article : _("site setting");
}

/*
 * A request approved for N viewers never has more than N people at its open
 * viewings at once (the grant's scope), and never more than the profile's
 * limit, counted per request or, where the profile says, over every request
 * for the same footage.
 */
static int
check_at_once(struct vg_site *s, const struct vg_request *q, size_t n, struct vg_err *err)
{
	const struct pol_limits *l = &s->pol->limits;
	int64_t open = viewers_now(s, q), same;

	if (s->pol->rules.same_footage[0]) {
		same = viewers_same_footage_now(s, q);
		if ((int64_t)n + same > l->viewers)
			return policy_refuse(err, "viewer", s->pol->rules.same_footage,
			    _("at most %d people view the same footage at once; %lld are viewing it "
			    "now, under %s or another request for it"), l->viewers, (long long)same,
			    q->ref);
	} else if ((int64_t)n + open > l->viewers)
		return policy_refuse(err, "viewer", policy_site_setting(l->viewers_article),
		    _("at most %d people view %s at once; %lld are viewing it now"), l->viewers,
		    q->ref, (long long)open);
	if ((int64_t)n + open > q->viewers)
		return policy_refuse(err, "viewer", s->pol->rules.grant_scope,
		    _("%s was approved for %d viewers at once; %lld are viewing it now and %zu were "
		    "named"), q->ref, q->viewers, (long long)open, n);
	return 0;
}

/*---- Who the viewers are ----*/

static int
resolve_one(struct vg_site *s, const struct viewing_person *p, size_t i, struct viewers_person *v,
    struct vg_err *err)
{
	const char *login = p->login && p->login[0] ? p->login :
	    p->name && p->name[0] == '@' ? p->name + 1 : NULL;
	char fname[48], fid[48];

	snprintf(fname, sizeof fname, "viewer_name_%zu", i + 1);
	snprintf(fid, sizeof fid, "viewer_id_%zu", i + 1);
	v->name = p->name;
	v->id_number = p->id_number;
	if (login != NULL) {
		v->user = users_get(s, login);
		if (v->user == NULL || v->user->disabled)
			return vg_seterr_field(err, VG_USAGE, fname,
			    _("no user \"%s\" who may be named as a registered viewer"), login);
		v->name = v->user->name;
	}
	return people_check_person(s->pol, v->name, v->id_number, fname, fid,
	    _("a viewer's name"), _("a viewer's ID"), err);
}

static int
resolve(struct vg_site *s, const struct viewing_person *p, size_t n, struct viewers_person *v,
    struct vg_err *err)
{
	for (size_t i = 0; i < n; i++) {
		char fid[48];

		if (resolve_one(s, &p[i], i, &v[i], err) != 0)
			return -1;
		snprintf(fid, sizeof fid, "viewer_id_%zu", i + 1);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(v[i].id_number, v[j].id_number) == 0)
				return vg_seterr_field(err, VG_USAGE, fid,
				    _("the ID %s is given for two viewers"), v[i].id_number);
			if (v[i].user && v[j].user && v[i].user->id == v[j].user->id)
				return vg_seterr_field(err, VG_USAGE, fid,
				    _("%s is named twice"), v[i].user->login);
		}
	}
	return 0;
}

/* The request's routes, as the profile has them now. */
static const struct pol_route **
routes_of(struct vg_site *s, const struct vg_request *q, size_t *n)
{
	size_t nids;
	char **ids = vg_split_list(q->routes, &nids);
	const struct pol_route **v = xcalloc(nids + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < nids; i++)
		if ((v[*n] = policy_route(s->pol, ids[i])) != NULL)
			(*n)++;
	vg_strv_free(ids, nids);
	return v;
}

/* The article that has the registering officer escort this request's viewings,
 * or NULL: DLUT art. 15(1)1, on every route of an outside party's request. */
static const char *
escort_article(struct vg_site *s, const struct vg_request *q)
{
	const struct pol_kind *k = policy_kind(s->pol, q->requester_kind);
	const struct pol_route **ro;
	const char *art = NULL;
	size_t n;

	if (q->officer_id[0] == '\0')
		return NULL;
	if (k != NULL && k->escort_officer)
		return k->article;
	ro = routes_of(s, q, &n);
	for (size_t i = 0; i < n && art == NULL; i++)
		if (ro[i]->escort_officer)
			art = ro[i]->article;
	free(ro);
	return art;
}

static int
is_officer(const struct vg_request *q, const struct viewers_person *v)
{
	return q->officer_id[0] && strcmp(v->id_number, q->officer_id) == 0;
}

static int
check_escort(struct vg_site *s, const struct vg_request *q, const struct viewers_person *v,
    size_t n, struct vg_err *err)
{
	const char *art = escort_article(s, q);

	if (art == NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (is_officer(q, &v[i]))
			return 0;
	return policy_refuse(err, "viewer", art,
	    _("the registering officer %s (ID %s) escorts the viewing and must be among the "
	    "viewers"), q->officer, q->officer_id);
}

static int
is_applicant(const struct vg_request *q, const struct viewers_person *v)
{
	if (v->user != NULL && strcmp(v->user->login, q->requester) == 0)
		return 1;
	for (size_t i = 0; i < q->napplicants; i++)
		if (strcmp(q->applicants[i].id_number, v->id_number) == 0)
			return 1;
	return 0;
}

/* DLUT art. 15(1)4: the footage is viewed only by the applicants themselves
 * (the escorting officer of 15(1)1 aside). */
static int
check_applicants(struct vg_site *s, const struct vg_request *q, const struct viewers_person *v,
    size_t n, struct vg_err *err)
{
	const char *art = s->pol->rules.applicants_only;

	if (!art[0])
		return 0;
	for (size_t i = 0; i < n; i++) {
		char fid[48];

		if (is_applicant(q, &v[i]) || (escort_article(s, q) && is_officer(q, &v[i])))
			continue;
		snprintf(fid, sizeof fid, "viewer_id_%zu", i + 1);
		return policy_refuse(err, fid, art,
		    _("footage is viewed only by its applicants: %s (%s) is neither the requester "
		    "%s (named @%s:ID) nor a co-applicant named on %s"), v[i].name, v[i].id_number,
		    q->requester_name, q->requester, q->ref);
	}
	return 0;
}

static int
fits_req(const struct vg_request *q, const struct pol_viewer_req *r, const struct viewers_person *v)
{
	const struct vg_user *u = v->user;
	int role = r->nroles == 0;

	if (u == NULL)
		return 0;
	if (r->requester)
		return strcmp(u->login, q->requester) == 0;
	for (size_t i = 0; i < r->nroles && !role; i++)
		role = user_has_role(u, r->roles[i]);
	if (!role)
		return 0;
	if (r->requester_unit && (q->requester_unit[0] == '\0' ||
	    strcmp(u->unit, q->requester_unit) != 0))
		return 0;
	return r->unit[0] == '\0' || strcmp(u->unit, r->unit) == 0;
}

/* GUAT art. 17(3), GCU art. 16(1)1: who the route's viewings must include. */
static int
check_required(struct vg_site *s, const struct vg_request *q, const struct viewers_person *v,
    size_t n, struct vg_err *err)
{
	size_t nro;
	const struct pol_route **ro = routes_of(s, q, &nro);
	int r = 0;

	for (size_t i = 0; i < nro && r == 0; i++)
		for (size_t k = 0; k < ro[i]->nviewers_required && r == 0; k++) {
			const struct pol_viewer_req *want = &ro[i]->viewers_required[k];
			int found = 0;

			for (size_t j = 0; j < n && !found; j++)
				found = fits_req(q, want, &v[j]);
			if (!found)
				r = policy_refuse(err, "viewer", want->article,
				    _("a viewing of %s includes %s among its viewers, named as a "
				    "registered user (@LOGIN:ID)"), q->ref, pol_tr(&want->title));
		}
	free(ro);
	return r;
}

int
viewers_check(struct vg_site *s, const struct vg_request *q, const struct viewing_person *p,
    size_t n, struct viewers_person **out, struct vg_err *err)
{
	struct viewers_person *v;

	*out = NULL;
	if (n == 0)
		return vg_seterr_field(err, VG_USAGE, "viewer", "%s",
		    _("name every viewer with their ID: --viewer 'NAME:ID'"));
	v = xcalloc(n, sizeof *v);
	if (resolve(s, p, n, v, err) != 0 || check_at_once(s, q, n, err) != 0 ||
	    check_escort(s, q, v, n, err) != 0 || check_applicants(s, q, v, n, err) != 0 ||
	    check_required(s, q, v, n, err) != 0) {
		viewers_free(v, n);
		return -1;
	}
	*out = v;
	return 0;
}

void
viewers_free(struct viewers_person *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		users_free(v[i].user);
	free(v);
}

/*---- For the viewing form ----*/

char **
viewers_required(struct vg_site *s, const struct vg_request *q, size_t *n)
{
	size_t nro;
	const struct pol_route **ro = routes_of(s, q, &nro);
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < nro; i++)
		for (size_t k = 0; k < ro[i]->nviewers_required; k++) {
			v = xrealloc(v, (*n + 2) * sizeof *v);
			v[(*n)++] = xasprintf("%s [%s]", pol_tr(&ro[i]->viewers_required[k].title),
			    ro[i]->viewers_required[k].article);
			v[*n] = NULL;
		}
	free(ro);
	return v;
}

char *
viewers_applicants_text(struct vg_site *s, const struct vg_request *q)
{
	struct vg_buf b;

	if (!s->pol->rules.applicants_only[0])
		return NULL;
	buf_init(&b);
	buf_printf(&b, _("the requester %s (@%s)"), q->requester_name, q->requester);
	for (size_t i = 0; i < q->napplicants; i++)
		buf_printf(&b, ", %s (%s)", q->applicants[i].name, q->applicants[i].id_number);
	return buf_steal(&b);
}
