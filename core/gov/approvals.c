/* approvals.c — signing and rejecting approval steps, with the rules that guard them. */
#include "core/gov/approvals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/holds.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/* Why someone who holds no fitting role or unit may not sign this step. */
static int
wrong_signer(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct req_step *x, struct vg_err *err)
{
	int has_role = 0;

	for (size_t i = 0; i < x->nroles; i++)
		has_role |= actor_has_role(a, x->roles[i]);
	if (has_role)
		return policy_refuse(err, "", s->pol->rules.signer_role,
		    _("step %d of %s is for %s; you belong to %s, not to that unit"), x->step, q->ref,
		    x->title, a->unit[0] ? policy_unit_name(s->pol, a->unit) : _("no unit"));
	return policy_refuse(err, "", s->pol->rules.signer_role,
	    _("step %d of %s is for %s, and you hold none of its roles"), x->step, q->ref, x->title);
}

int
approvals_can_sign(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    int *step, struct vg_err *err)
{
	const struct pol_rules *ru = &s->pol->rules;
	const struct pol_unit *u;
	const struct req_step *x;

	*step = -1;
	if (actor_need_person(a, err) != 0)
		return -1;
	if (q->status != REQ_SUBMITTED || q->current < 0)
		return vg_seterr(err, VG_CONFLICT, _("%s is %s, not waiting for approval"), q->ref,
		    requests_status_name(q->status));
	x = &q->steps[q->current];
	if (strcmp(q->requester, a->login) == 0)
		return policy_refuse(err, "", ru->self_approval,
		    _("you filed %s; the requester never approves their own request"), q->ref);
	/* DLUT art. 15(1)2: level-3 units direct the applicant to level 2. */
	if (ru->level3_no_accept[0] && (u = policy_unit(s->pol, a->unit)) != NULL && u->level == 3)
		return policy_refuse(err, "", ru->level3_no_accept,
		    _("level-3 units (%s) may not accept or decide requests; %s goes to %s"),
		    policy_unit_name(s->pol, u->id), q->ref, x->title);
	for (size_t i = 0; i < q->nsteps; i++)
		if (strcmp(q->steps[i].signer, a->login) == 0)
			return policy_refuse(err, "", ru->separate_signers,
			    _("you signed step %d of %s; one person never signs two steps of the same "
			    "request"), q->steps[i].step, q->ref);
	if (!policy_signer_fits(s->pol, x->roles, x->nroles, x->relation, x->unit, a->roles,
	    a->nroles, a->unit, NULL))
		return wrong_signer(s, a, q, x, err);
	if (actor_require(s, a, "request.approve", err) != 0)
		return -1;
	*step = q->current;
	return 0;
}

/* The footage may have left retention while the request waited. */
static int
footage_still_there(struct vg_site *s, const struct vg_request *q, struct vg_err *err)
{
	for (size_t i = 0; i < q->ncameras; i++)
		if (holds_range_exists(s, q->cameras[i], q->from_us, q->to_us, clock_now(), NULL,
		    err) != 0)
			return -1;
	return 0;
}

static int
decide(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct req_step *x, const char *decision, const char *comment, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "UPDATE approvals SET decision = ?, signer_id = ?, "
	    "signer_role = ?, decided_us = ?, comment = ? WHERE request_id = ? AND step = ? "
	    "AND decision IS NULL");
	const char *role = "";
	int r;

	policy_signer_fits(s->pol, x->roles, x->nroles, x->relation, x->unit, a->roles, a->nroles,
	    a->unit, &role);
	db_bind_text(st, 1, decision);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, role);
	db_bind_int(st, 4, clock_now());
	db_bind_text(st, 5, comment ? comment : "");
	db_bind_int(st, 6, q->id);
	db_bind_int(st, 7, x->step);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0 && db_changes(s->db) != 1)
		r = vg_seterr(err, VG_CONFLICT, _("step %d of %s was decided meanwhile"), x->step,
		    q->ref);
	if (r == 0)
		r = audit_appendf(s, a->display, strcmp(decision, "approved") == 0 ?
		    "request.approve" : "request.reject", q->ref, a->source, err,
		    "step=%d; role=%s; unit=%s; article=%s; %s=%s", x->step, role, x->unit, x->article,
		    strcmp(decision, "approved") == 0 ? "comment" : "reason", comment ? comment : "");
	return r;
}

/*
 * DLUT art. 15(2)3: a granted copy on a route with copy_hold keeps its footage
 * in that hold (for the term the request chose, where the category has
 * terms), inside the caller's transaction.  Each category once.
 */
int
copies_holds_tx(struct vg_site *s, const struct vg_actor *a, const struct copies_grant *g,
    struct vg_err *err)
{
	size_t nroutes;
	char **routes = vg_split_list(g->routes, &nroutes);
	int r = 0;

	for (size_t i = 0; i < nroutes && r == 0 && strcmp(g->kind, "copy") == 0; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);
		int64_t id = 0;
		int dup = 0;
		char *why;

		if (ro == NULL || ro->copy_hold[0] == '\0')
			continue;
		for (size_t j = 0; j < i; j++) {
			const struct pol_route *o = policy_route(s->pol, routes[j]);

			dup |= o != NULL && strcmp(o->copy_hold, ro->copy_hold) == 0;
		}
		if (dup)
			continue;
		why = xasprintf("copy granted by %s", g->ref);
		r = holds_place_tx(s, a, ro->copy_hold, g->hold_term, g->cameras, g->ncameras,
		    g->from_us, g->to_us, why, g->request_id, &id, err);
		free(why);
	}
	vg_strv_free(routes, nroutes);
	return r;
}

/* The last signature grants; a granted copy may place the route's hold. */
static int
grant(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    struct vg_err *err)
{
	int64_t now = clock_now(), until = now + (int64_t)s->pol->limits.grant_days * GOV_DAY_US;
	struct copies_grant g = { q->id, q->ref, q->kind, q->routes, q->hold_term, q->cameras,
	    q->ncameras, q->from_us, q->to_us };
	struct vg_stmt *st;
	char t1[32];
	int r;

	if (q->use_until_us && q->use_until_us < until)
		until = q->use_until_us;
	st = db_prepare(s->db, "UPDATE requests SET status = 'granted', decided_us = ?, "
	    "grant_until_us = ? WHERE id = ?");
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, until);
	db_bind_int(st, 3, q->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "request.grant", q->ref, a->source, err,
		    "kind=%s; until=%s; grant_days=%d", q->kind, time_fmt(until, t1),
		    s->pol->limits.grant_days);
	if (r == 0)
		r = copies_holds_tx(s, a, &g, err);
	return r;
}

int
approvals_approve(struct vg_site *s, const struct vg_actor *a, const char *ref,
    const char *comment, int *granted, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	const struct req_step *x;
	int step, r = -1;

	*granted = 0;
	if (q == NULL)
		return -1;
	if (approvals_can_sign(s, a, q, &step, err) != 0 ||
	    vg_check_text(comment, 2000, 0, "comment", _("the comment"), err) != 0)
		goto out;
	x = &q->steps[step];
	/* HHKCS 2.4.3(v): the step is the approver's explicit written instruction. */
	if (x->comment_required && (comment == NULL || comment[0] == '\0')) {
		policy_refuse(err, "comment", x->article,
		    _("step %d is a written instruction: state it with --comment"), x->step);
		goto out;
	}
	if (footage_still_there(s, q, err) != 0 || site_begin(s, err) != 0)
		goto out;
	r = decide(s, a, q, x, "approved", comment, err);
	if (r == 0 && (size_t)step + 1 == q->nsteps) {
		r = grant(s, a, q, err);
		*granted = r == 0;
	}
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	return r;
}

int
approvals_reject(struct vg_site *s, const struct vg_actor *a, const char *ref,
    const char *reason, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	struct vg_stmt *st;
	int step, r = -1;

	if (q == NULL)
		return -1;
	if (approvals_can_sign(s, a, q, &step, err) != 0)
		goto out;
	if (vg_check_text(reason, 2000, 0, "reason", _("the reason"), err) != 0)
		goto out;
	/* REG ch. 5 §1.2: a request not approved is told so in writing, with the reasons. */
	if (reason == NULL || vg_check_text(reason, 2000, 1, "reason", _("the reason"), err) != 0) {
		policy_refuse(err, "reason", s->pol->rules.reject_reason, "%s",
		    _("a rejection states its reasons in writing (--reason)"));
		goto out;
	}
	if (site_begin(s, err) != 0)
		goto out;
	r = decide(s, a, q, &q->steps[step], "rejected", reason, err);
	if (r == 0) {
		st = db_prepare(s->db, "UPDATE requests SET status = 'rejected', decided_us = ? "
		    "WHERE id = ?");
		db_bind_int(st, 1, clock_now());
		db_bind_int(st, 2, q->id);
		r = db_run(st, s->db, err);
		db_finalize(st);
	}
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	return r;
}
