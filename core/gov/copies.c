/* copies.c — what a request for a copy must state, where the copy may go, how long it is held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"

/* At most this many co-applicants on one request. */
#define GOV_MAX_APPLICANTS 20

int
copies_check_applicants(const struct vg_policy *p, const struct req_person *v, size_t n,
    struct vg_err *err)
{
	if (n > GOV_MAX_APPLICANTS)
		return vg_seterr_field(err, VG_USAGE, "applicant_name_1",
		    _("at most %d co-applicants may be named"), GOV_MAX_APPLICANTS);
	for (size_t i = 0; i < n; i++) {
		char fname[48], fid[48];

		snprintf(fname, sizeof fname, "applicant_name_%zu", i + 1);
		snprintf(fid, sizeof fid, "applicant_id_%zu", i + 1);
		if (people_check_person(p, v[i].name, v[i].id_number, fname, fid,
		    _("a co-applicant's name"), _("a co-applicant's ID"), err) != 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(v[i].id_number, v[j].id_number) == 0)
				return vg_seterr_field(err, VG_USAGE, fid,
				    _("the ID %s is given for two co-applicants"), v[i].id_number);
	}
	return 0;
}

/* The first of the plan's routes with the flag, or NULL. */
static const struct pol_route *
formal_route(const struct pol_plan *plan)
{
	for (size_t i = 0; i < plan->nroutes; i++)
		if (plan->routes[i]->formal_letter)
			return plan->routes[i];
	return NULL;
}

/*
 * DLUT art. 15(2)2: a copy is asked for with a formal letter naming its use
 * (the purpose and reason), the people who take it and the manner.  An
 * outside body's officer, named on every external request, is such a person.
 */
static int
check_formal_letter(const struct pol_plan *plan, const struct req_draft *d,
    struct vg_err *err)
{
	const struct pol_route *ro = formal_route(plan);
	int blank_letter = d->letter == NULL || d->letter[0] == '\0';

	if (ro == NULL)
		return 0;
	if (blank_letter)
		return policy_refuse(err, "letter", ro->article, "%s",
		    _("a copy is asked for with a formal letter naming its use, the people who take "
		    "it and the manner: give the letter's reference (--letter)"));
	if (vg_check_text(d->manner, 500, 1, "manner", _("the manner of the copy"), err) != 0)
		return policy_refuse(err, "manner", ro->article, "%s",
		    _("the formal letter names the manner of the copy (--manner)"));
	if (d->napplicants == 0 && !plan->kind->external)
		return policy_refuse(err, "applicant_name_1", ro->article, "%s",
		    _("the formal letter names the people who take the copy (--co-applicant "
		    "'NAME:ID')"));
	return 0;
}

/* The hold category with minimum terms a granted copy under this plan is held in. */
static const struct pol_hold *
term_hold(const struct vg_policy *p, const struct pol_plan *plan, const char *kind)
{
	if (strcmp(kind, "copy") != 0)
		return NULL;
	for (size_t i = 0; i < plan->nroutes; i++) {
		const struct pol_hold *h = plan->routes[i]->copy_hold[0] ?
		    policy_hold(p, plan->routes[i]->copy_hold) : NULL;

		if (h != NULL && h->nterms)
			return h;
	}
	return NULL;
}

static char *
term_list(const struct pol_hold *h)
{
	struct vg_buf b;

	buf_init(&b);
	for (size_t i = 0; i < h->nterms; i++)
		buf_printf(&b, "%s%s (%s)", i ? ", " : "", h->terms[i].id, pol_tr(&h->terms[i].title));
	return buf_steal(&b);
}

/* DLUT art. 15(2)3: the copy is kept for the case's limitation period, chosen now. */
static int
check_hold_term(const struct vg_policy *p, const struct pol_plan *plan,
    const struct req_draft *d, struct vg_err *err)
{
	const struct pol_hold *h = term_hold(p, plan, d->kind);
	int given = d->hold_term != NULL && d->hold_term[0] != '\0';
	char *list;

	if (h == NULL) {
		if (given)
			return vg_seterr_field(err, VG_USAGE, "hold_term", "%s",
			    _("--hold-term is only for a copy held for a minimum term"));
		return 0;
	}
	if (given && policy_hold_term(h, d->hold_term) != NULL)
		return 0;
	list = term_list(h);
	if (given)
		vg_seterr_field(err, VG_USAGE, "hold_term",
		    _("\"%s\" is not a term of hold category \"%s\": one of %s"), d->hold_term, h->id,
		    list);
	else
		policy_refuse(err, "hold_term", h->article,
		    _("a granted copy is held as \"%s\" for the limitation period of its case: "
		    "choose it with --hold-term, one of %s"), h->id, list);
	free(list);
	return -1;
}

int
copies_check_terms(const struct vg_policy *p, const struct pol_plan *plan,
    const struct req_draft *d, struct vg_err *err)
{
	if (check_formal_letter(plan, d, err) != 0)
		return -1;
	if (d->manner != NULL && d->manner[0] && strcmp(d->kind, "copy") != 0)
		return vg_seterr_field(err, VG_USAGE, "manner", "%s",
		    _("--manner is only for a request to copy"));
	if (vg_check_text(d->manner, 500, 0, "manner", _("the manner of the copy"), err) != 0)
		return -1;
	return check_hold_term(p, plan, d, err);
}

int
copies_letter_allowed(const struct pol_plan *plan)
{
	return plan->kind->external || formal_route(plan) != NULL;
}

/*---- Where a copy may go ----*/

static int
destination_on_routes(struct vg_site *s, const struct vg_request *q, const char *dest,
    struct vg_err *err)
{
	size_t n;
	char **routes = vg_split_list(q->routes, &n);
	int r = 0;

	if (n == 0)
		r = vg_seterr(err, VG_REFUSED, _("%s names no procedure of the %s profile"), q->ref,
		    s->pol->name);
	for (size_t i = 0; i < n && r == 0; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);

		if (ro == NULL)
			r = vg_seterr(err, VG_REFUSED,
			    _("%s was granted by procedure \"%s\", which the %s profile no longer has"),
			    q->ref, routes[i], s->pol->name);
		else
			r = policy_destination_allowed(s->pol, ro, dest, q->agency, err);
	}
	vg_strv_free(routes, n);
	return r;
}

static int
destination_check(struct vg_site *s, const struct vg_request *q, const char *dest,
    const char *name, const char *id, struct vg_err *err)
{
	if (strcmp(q->kind, "copy") != 0)
		return policy_refuse(err, "destination", s->pol->rules.view_no_copy,
		    _("%s grants viewing only; a view grant never yields a copy"), q->ref);
	if (!requests_grant_active(q, clock_now()))
		return policy_refuse(err, "destination", s->pol->rules.grant_scope,
		    _("%s has no active grant (it is %s); a copy goes nowhere outside one"), q->ref,
		    requests_status_name(q->status));
	if (dest == NULL || dest[0] == '\0')
		return vg_seterr_field(err, VG_USAGE, "destination", "%s",
		    _("say where the copy went: --destination KIND --recipient 'NAME:ID'"));
	if (destination_on_routes(s, q, dest, err) != 0)
		return -1;
	return people_check_person(s->pol, name, id, "recipient", "recipient_id",
	    _("the recipient's name"), _("the recipient's ID"), err);
}

int
requests_allow_destination(struct vg_site *s, const char *ref, const char *dest,
    const char *name, const char *id, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	int r;

	if (q == NULL)
		return -1;
	r = destination_check(s, q, dest, name, id, err);
	requests_free(q);
	return r;
}
