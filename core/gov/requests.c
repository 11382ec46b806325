/* requests.c — filing, previewing, listing and withdrawing requests; their timelines. */
#include "core/gov/requests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/approvals.h"
#include "core/gov/classes.h"
#include "core/gov/exports.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/holds.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

static const char *const status_codes[] = {
	[REQ_DRAFT] = "draft",
	[REQ_SUBMITTED] = "submitted",
	[REQ_GRANTED] = "granted",
	[REQ_REJECTED] = "rejected",
	[REQ_WITHDRAWN] = "withdrawn",
	[REQ_CLOSED] = "closed",
	[REQ_EXPIRED] = "expired",
};

static const char *const status_names[] = {
	[REQ_DRAFT] = N_("draft"),
	[REQ_SUBMITTED] = N_("waiting for approval"),
	[REQ_GRANTED] = N_("granted"),
	[REQ_REJECTED] = N_("rejected"),
	[REQ_WITHDRAWN] = N_("withdrawn"),
	[REQ_CLOSED] = N_("closed"),
	[REQ_EXPIRED] = N_("expired"),
};

const char *
requests_status_code(enum req_status st)
{
	return status_codes[st];
}

const char *
requests_status_name(enum req_status st)
{
	return _(status_names[st]);
}

const char *
requests_kind_name(const char *kind)
{
	if (strcmp(kind, "view") == 0)
		return _("view");
	if (strcmp(kind, "copy") == 0)
		return _("copy");
	return kind;
}

const char *
requests_event_name(const char *what)
{
	static const struct { const char *what, *name; } ev[] = {
		{ "created", N_("filed") },
		{ "submitted", N_("submitted") },
		{ "approved", N_("approved") },
		{ "rejected", N_("rejected") },
		{ "granted", N_("granted") },
		{ "withdrawn", N_("withdrawn") },
		{ "viewing_started", N_("viewing began") },
		{ "viewing_ended", N_("viewing ended") },
		{ "report_filed", N_("report filed") },
		{ "report_due", N_("report due") },
		{ "report_overdue", N_("report overdue") },
		{ "expired", N_("expired") },
	};

	for (size_t i = 0; i < VG_ARRLEN(ev); i++)
		if (strcmp(ev[i].what, what) == 0)
			return _(ev[i].name);
	return what;
}

static enum req_status
status_parse(const char *s)
{
	for (size_t i = 0; i < VG_ARRLEN(status_codes); i++)
		if (strcmp(status_codes[i], s) == 0)
			return (enum req_status)i;
	VG_ASSERT(!"unknown request status in the database");
	return REQ_DRAFT;
}

int
requests_grant_active(const struct vg_request *r, int64_t now)
{
	return r->status == REQ_GRANTED && r->grant_until_us > now && !r->grant_unproven;
}

/*
 * A status written into the database is not a grant: vigil honours one only
 * when the audit log holds its own signed request.grant entry for the request
 * and every approval step is approved, or the entry says it was granted on
 * submission (a route with no steps).  `audit verify --deep` reports the rest.
 */
static int
grant_proven(struct vg_site *s, const struct vg_request *q)
{
	struct audit_entry e;
	struct vg_err err;
	int ok = audit_entry_find(s, "request.grant", q->ref, &e, &err) == 1;

	if (ok && q->nsteps == 0)
		ok = strncmp(e.detail, "granted on submission", 21) == 0;
	for (size_t i = 0; ok && i < q->nsteps; i++)
		ok = strcmp(q->steps[i].decision, "approved") == 0;
	audit_entry_free(&e);
	return ok;
}

/*---- Checking a draft ----*/

/* Everything a check of a draft finds out, for preview and filing alike. */
struct checked {
	struct site_camera	*cams;
	size_t			 ncams;
	struct pol_camera	*pcams;
	struct pol_plan		 plan;
	int64_t			 kept_until;
	int			 viewers;
};

static void
checked_free(struct checked *c)
{
	for (size_t i = 0; i < c->ncams; i++)
		site_camera_free(&c->cams[i]);
	free(c->cams);
	free(c->pcams);
	policy_plan_free(&c->plan);
	memset(c, 0, sizeof *c);
}

static int
check_cameras(struct vg_site *s, const struct req_draft *d, struct checked *c,
    struct vg_err *err)
{
	if (d->ncameras == 0)
		return vg_seterr_field(err, VG_USAGE, "cameras", "%s", _("name at least one camera"));
	c->cams = xcalloc(d->ncameras, sizeof *c->cams);
	c->pcams = xcalloc(d->ncameras, sizeof *c->pcams);
	for (size_t i = 0; i < d->ncameras; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(d->cameras[i], d->cameras[j]) == 0)
				return vg_seterr_field(err, VG_USAGE, "cameras",
				    _("camera \"%s\" is named twice"), d->cameras[i]);
		if (site_camera_load(s, d->cameras[i], &c->cams[i], err) != 0) {
			err->code = VG_USAGE;
			return -1;
		}
		c->ncams = i + 1;
		c->pcams[i].id = c->cams[i].id;
		c->pcams[i].privacy = c->cams[i].privacy;
		c->pcams[i].zone = c->cams[i].zone;
		c->pcams[i].unit = c->cams[i].unit;
	}
	return 0;
}

static int
check_fields(struct vg_site *s, const struct req_draft *d, int64_t now, struct checked *c,
    struct vg_err *err)
{
	const struct pol_limits *l = &s->pol->limits;
	char t1[32];

	if (d->to_us <= d->from_us)
		return vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range must come after its start"));
	if (d->to_us > now)
		return vg_seterr_field(err, VG_USAGE, "to",
		    _("the range ends %s, in the future: only recorded footage can be requested"),
		    time_fmt(d->to_us, t1));
	if (vg_check_text(d->reason, 2000, 1, "reason", _("the reason"), err) != 0)
		return -1;
	c->viewers = d->viewers > 0 ? d->viewers : 1;
	if (d->viewers < 0)
		return vg_seterr_field(err, VG_USAGE, "viewers", "%s",
		    _("the number of viewers must be at least 1"));
	if (c->viewers > l->viewers)
		return policy_refuse(err, "viewers", policy_site_setting(l->viewers_article),
		    _("at most %d people may view footage together; %d were asked for"), l->viewers,
		    c->viewers);
	if (s->pol->rules.use_until[0] && d->use_until_us == 0)
		return policy_refuse(err, "use_until", s->pol->rules.use_until, "%s",
		    _("a request states until when the footage will be used (--use-until)"));
	if (d->use_until_us != 0 && d->use_until_us <= now)
		return vg_seterr_field(err, VG_USAGE, "use_until",
		    _("the time limit of use %s is not in the future"), time_fmt(d->use_until_us, t1));
	return 0;
}

/* The officer's letter, name and ID for external requests, and only for them (a
 * letter also where the procedure asks for a formal letter). */
static int
check_external(const struct pol_plan *plan, const struct req_draft *d, struct vg_err *err)
{
	const struct pol_kind *k = plan->kind;
	static const struct { const char *field, *what; } f[] = {
		{ "letter", N_("the official letter's reference (--letter)") },
		{ "officer", N_("the officer's name (--officer)") },
		{ "officer_id", N_("the officer's ID number (--officer-id)") },
	};
	const char *v[] = { d->letter, d->officer, d->officer_id };

	for (size_t i = 0; i < VG_ARRLEN(f); i++) {
		if (i == 0 && !k->external && copies_letter_allowed(plan)) {
			if (vg_check_text(v[i], 200, 0, f[i].field, _(f[i].what), err) != 0)
				return -1;
			continue;
		}
		if (!k->external && v[i] != NULL && v[i][0] != '\0')
			return vg_seterr_field(err, VG_USAGE, f[i].field,
			    _("%s is only for external requests"), _(f[i].what));
		if (k->external && vg_check_text(v[i], 200, 1, f[i].field, _(f[i].what), err) != 0)
			return policy_refuse(err, f[i].field, k->article,
			    _("an external request needs %s"), _(f[i].what));
	}
	return vg_check_text(d->certificate, 200, 0, "certificate", _("the certificate"), err);
}

/*
 * DLUT art. 15(2)2, GUAT art. 18: an outside body asks by its own letter,
 * naming its purpose and its people.  A filer who is an agency's liaison
 * (a site may let liaisons file) asks in that body's name only: never as
 * the school, never for another body, whose copy its liaison alone receives.
 */
static int
check_liaison(struct vg_site *s, const struct vg_actor *a, const struct pol_plan *plan,
    const struct req_draft *d, struct vg_err *err)
{
	struct vg_user *u = users_get(s, a->login);
	const struct pol_agency *own, *asked;
	int r = 0;

	if (u == NULL || u->agency[0] == '\0') {
		users_free(u);
		return 0;
	}
	own = policy_agency(s->pol, u->agency);
	if (!plan->kind->external)
		r = policy_refuse(err, "requester_kind", plan->kind->article, _("%s is the liaison "
		    "of %s (agency \"%s\"): a request they file is that body's, an external one "
		    "(--agency %s)"), u->login, own ? pol_tr(&own->title) : u->agency, u->agency,
		    u->agency);
	else if (d->agency == NULL || strcmp(d->agency, u->agency) != 0) {
		asked = d->agency ? policy_agency(s->pol, d->agency) : NULL;
		r = policy_refuse(err, "agency", plan->kind->article, _("%s is the liaison of %s "
		    "(agency \"%s\") and cannot file a request in the name of %s (agency \"%s\")"),
		    u->login, own ? pol_tr(&own->title) : u->agency, u->agency,
		    asked ? pol_tr(&asked->title) : d->agency ? d->agency : "?",
		    d->agency ? d->agency : "");
	}
	users_free(u);
	return r;
}

static int
check_draft(struct vg_site *s, const struct vg_actor *a, const struct req_draft *d,
    int64_t now, struct checked *c, struct vg_err *err)
{
	struct pol_case cs;

	memset(c, 0, sizeof *c);
	if (actor_need_person(a, err) != 0 || actor_require(s, a, "request.file", err) != 0)
		return -1;
	if (check_cameras(s, d, c, err) != 0 || check_fields(s, d, now, c, err) != 0 ||
	    copies_check_applicants(s->pol, d->applicants, d->napplicants, err) != 0)
		goto fail;
	/* GUAT art. 17(1): which cameras are of classes the requester teaches. */
	for (size_t i = 0; i < c->ncams; i++)
		c->pcams[i].own_class = classes_teaches(s, a->user_id, c->cams[i].id);
	memset(&cs, 0, sizeof cs);
	cs.requester_kind = d->requester_kind;
	cs.kind = d->kind;
	cs.purpose = d->purpose;
	cs.agency = d->agency;
	cs.has_certificate = d->certificate != NULL && d->certificate[0] != '\0';
	cs.requester_unit = a->unit;
	cs.requester_roles = a->roles;
	cs.nrequester_roles = a->nroles;
	cs.emergency = d->emergency;
	cs.cameras = c->pcams;
	cs.ncameras = c->ncams;
	if (policy_required_steps(s->pol, &cs, &c->plan, err) != 0 ||
	    check_external(&c->plan, d, err) != 0 || check_liaison(s, a, &c->plan, d, err) != 0 ||
	    copies_check_terms(s->pol, &c->plan, d, err) != 0)
		goto fail;
	for (size_t i = 0; i < c->ncams; i++) {
		int64_t kept;

		if (holds_range_exists(s, c->cams[i].id, d->from_us, d->to_us, now, &kept, err) != 0)
			goto fail;
		if (kept && (c->kept_until == 0 || kept < c->kept_until))
			c->kept_until = kept;
	}
	return 0;
fail:
	checked_free(c);
	return -1;
}

/*---- Preview ----*/

static char *
step_title(struct vg_site *s, char *const *roles, size_t nroles, enum pol_relation rel,
    const char *unit, const char *en, const char *zh)
{
	struct pol_text t = { (char *)en, (char *)zh };

	return policy_step_title(s->pol, roles, nroles, rel, unit, &t);
}

static void
add_condition(struct req_preview *pv, const struct pol_condition *cd)
{
	char *line = xasprintf("%s [%s]", pol_tr(&cd->text), cd->article);

	for (size_t i = 0; i < pv->nconditions; i++)
		if (strcmp(pv->conditions[i], line) == 0) {
			free(line);
			return;
		}
	pv->conditions = xrealloc(pv->conditions, (pv->nconditions + 1) * sizeof *pv->conditions);
	pv->conditions[pv->nconditions++] = line;
}

int
requests_preview(struct vg_site *s, const struct vg_actor *a, const struct req_draft *d,
    struct req_preview *pv, struct vg_err *err)
{
	struct checked c;

	memset(pv, 0, sizeof *pv);
	if (check_draft(s, a, d, clock_now(), &c, err) != 0)
		return -1;
	pv->steps = xcalloc(c.plan.nsteps + 1, sizeof *pv->steps);
	pv->nsteps = c.plan.nsteps;
	for (size_t i = 0; i < c.plan.nsteps; i++) {
		const struct pol_plan_step *ps = &c.plan.steps[i];
		struct req_step *st = &pv->steps[i];

		st->step = (int)i + 1;
		st->roles = xcalloc(ps->step->nroles + 1, sizeof *st->roles);
		for (size_t r = 0; r < ps->step->nroles; r++)
			st->roles[r] = xstrdup(ps->step->roles[r]);
		st->nroles = ps->step->nroles;
		st->relation = ps->step->relation;
		st->unit = xstrdup(ps->unit);
		st->article = xstrdup(ps->step->article);
		st->title = step_title(s, ps->step->roles, ps->step->nroles, ps->step->relation,
		    ps->unit, ps->step->title.en, ps->step->title.zh);
		st->comment_required = ps->step->comment_required;
		st->decision = xstrdup("");
		st->signer = xstrdup("");
		st->signer_name = xstrdup("");
		st->signer_role = xstrdup("");
		st->comment = xstrdup("");
	}
	pv->grant_on_submit = c.plan.grant_on_submit;
	pv->routes = xstrdup(c.plan.route_ids);
	for (size_t i = 0; i < c.plan.nroutes; i++)
		for (size_t k = 0; k < c.plan.routes[i]->nconditions; k++)
			add_condition(pv, &c.plan.routes[i]->conditions[k]);
	pv->kept_until_us = c.kept_until;
	checked_free(&c);
	return 0;
}

static void
free_steps(struct req_step *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		vg_strv_free(v[i].roles, v[i].nroles);
		free(v[i].unit);
		free(v[i].article);
		free(v[i].title);
		free(v[i].decision);
		free(v[i].signer);
		free(v[i].signer_name);
		free(v[i].signer_role);
		free(v[i].comment);
	}
	free(v);
}

void
requests_preview_free(struct req_preview *pv)
{
	free_steps(pv->steps, pv->nsteps);
	free(pv->routes);
	vg_strv_free(pv->conditions, pv->nconditions);
	memset(pv, 0, sizeof *pv);
}

/*---- Filing ----*/

/* REQ-<year>-<n>: numbered per calendar year of the site's zone. */
static char *
next_ref(struct vg_site *s, int64_t now)
{
	int y, m, d;
	char prefix[32];
	int64_t n;

	time_ymd(now, &y, &m, &d);
	snprintf(prefix, sizeof prefix, "REQ-%04d-%%", y);
	n = db_scalar(s->db, "SELECT COUNT(*) FROM requests WHERE ref LIKE ?", prefix, 0);
	return xasprintf("REQ-%04d-%04lld", y, (long long)n + 1);
}

static int
insert_request(struct vg_site *s, const struct vg_actor *a, const struct req_draft *d,
    const struct checked *c, const char *ref, int64_t now, int64_t *id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO requests (ref, requester_id, "
	    "requester_unit, requester_kind, kind, purpose, reason, from_us, to_us, viewers, "
	    "emergency, agency, letter, officer, officer_id, certificate, use_until_us, routes, "
	    "policy, status, created_us, manner, hold_term) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',?,?,?)");
	int r;

	db_bind_text(st, 1, ref);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, a->unit);
	db_bind_text(st, 4, c->plan.kind->id);
	db_bind_text(st, 5, d->kind);
	db_bind_text(st, 6, d->purpose);
	db_bind_text(st, 7, d->reason);
	db_bind_int(st, 8, d->from_us);
	db_bind_int(st, 9, d->to_us);
	db_bind_int(st, 10, c->viewers);
	db_bind_int(st, 11, d->emergency != 0);
	db_bind_text(st, 12, d->agency ? d->agency : "");
	db_bind_text(st, 13, d->letter ? d->letter : "");
	db_bind_text(st, 14, d->officer ? d->officer : "");
	db_bind_text(st, 15, d->officer_id ? d->officer_id : "");
	db_bind_text(st, 16, d->certificate ? d->certificate : "");
	if (d->use_until_us)
		db_bind_int(st, 17, d->use_until_us);
	else
		db_bind_null(st, 17);
	db_bind_text(st, 18, c->plan.route_ids);
	db_bind_text(st, 19, s->pol->name);
	db_bind_int(st, 20, now);
	db_bind_text(st, 21, d->manner ? d->manner : "");
	db_bind_text(st, 22, d->hold_term ? d->hold_term : "");
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	st = db_prepare(s->db, "INSERT INTO request_cameras (request_id, camera) VALUES (?, ?)");
	for (size_t i = 0; i < c->ncams && r == 0; i++) {
		db_reset(st);
		db_bind_int(st, 1, *id);
		db_bind_text(st, 2, c->cams[i].id);
		r = db_run(st, s->db, err);
	}
	db_finalize(st);
	st = db_prepare(s->db, "INSERT INTO request_applicants (request_id, seq, name, id_number) "
	    "VALUES (?,?,?,?)");
	for (size_t i = 0; i < d->napplicants && r == 0; i++) {
		db_reset(st);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, d->applicants[i].name);
		db_bind_text(st, 4, d->applicants[i].id_number);
		r = db_run(st, s->db, err);
	}
	db_finalize(st);
	return r;
}

/* "Ann Lee:A-1, Bo Wu:B-2" for the audit. */
static char *
people_text(const struct req_person *v, size_t n)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s:%s", i ? ", " : "", v[i].name, v[i].id_number);
	return buf_steal(&b);
}

static int64_t
grant_until(struct vg_site *s, int64_t now, int64_t use_until)
{
	int64_t until = now + (int64_t)s->pol->limits.grant_days * GOV_DAY_US;

	return use_until != 0 && use_until < until ? use_until : until;
}

/* A grant on submission: its audit entry, and (DLUT art. 15(2)1, 15(2)3) the
 * level-2 body's own copy held at once. */
static int
granted_on_submit_tx(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *ref,
    const struct checked *c, const struct req_draft *d, int64_t now, struct vg_err *err)
{
	char **cams = xcalloc(c->ncams + 1, sizeof *cams), t1[32];
	struct copies_grant g = { id, ref, d->kind, c->plan.route_ids, d->hold_term, cams,
	    c->ncams, d->from_us, d->to_us };
	int r;

	r = audit_appendf(s, a->display, "request.grant", ref, a->source, err,
	    "granted on submission; article=%s; until=%s", c->plan.routes[0]->article,
	    time_fmt(grant_until(s, now, d->use_until_us), t1));
	for (size_t i = 0; i < c->ncams; i++)
		cams[i] = c->cams[i].id;
	if (r == 0)
		r = copies_holds_tx(s, a, &g, err);
	free(cams);
	return r;
}

/* Writes the plan's steps and moves the request to submitted (or straight to
 * granted for a route that grants on submission), inside the transaction. */
static int
submit_tx(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *ref,
    const struct checked *c, const struct req_draft *d, int64_t now, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO approvals (request_id, step, roles, "
	    "relation, unit, article, title, title_zh, comment_required) VALUES (?,?,?,?,?,?,?,?,?)");
	struct vg_buf steps;
	int r = 0;

	buf_init(&steps);
	buf_puts(&steps, "");
	for (size_t i = 0; i < c->plan.nsteps && r == 0; i++) {
		const struct pol_plan_step *ps = &c->plan.steps[i];
		char *roles = vg_strv_join(ps->step->roles, ps->step->nroles, ",");

		db_reset(st);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, roles);
		db_bind_text(st, 4, policy_relation_name(ps->step->relation));
		db_bind_text(st, 5, ps->unit);
		db_bind_text(st, 6, ps->step->article);
		db_bind_text(st, 7, ps->step->title.en);
		db_bind_text(st, 8, ps->step->title.zh);
		db_bind_int(st, 9, ps->step->comment_required);
		r = db_run(st, s->db, err);
		buf_printf(&steps, "%s%zu:%s%s%s", i ? " > " : "", i + 1, roles, ps->unit[0] ? "@" : "",
		    ps->unit);
		free(roles);
	}
	db_finalize(st);
	if (r == 0) {
		st = db_prepare(s->db, "UPDATE requests SET status = ?, submitted_us = ?, "
		    "decided_us = ?, grant_until_us = ? WHERE id = ?");
		db_bind_text(st, 1, c->plan.grant_on_submit ? "granted" : "submitted");
		db_bind_int(st, 2, now);
		if (c->plan.grant_on_submit) {
			db_bind_int(st, 3, now);
			db_bind_int(st, 4, grant_until(s, now, d->use_until_us));
		} else {
			db_bind_null(st, 3);
			db_bind_null(st, 4);
		}
		db_bind_int(st, 5, id);
		r = db_run(st, s->db, err);
		db_finalize(st);
	}
	if (r == 0)
		r = audit_appendf(s, a->display, "request.submit", ref, a->source, err,
		    "routes=%s; steps=%s", c->plan.route_ids, c->plan.grant_on_submit ?
		    "none (granted on submission)" : steps.s);
	if (r == 0 && c->plan.grant_on_submit)
		r = granted_on_submit_tx(s, a, id, ref, c, d, now, err);
	buf_free(&steps);
	return r;
}

int
requests_create(struct vg_site *s, const struct vg_actor *a, const struct req_draft *d,
    int submit, char **refp, struct vg_err *err)
{
	struct checked c;
	int64_t now = clock_now(), id;
	char *ref = NULL, *cams, *who, t1[32], t2[32];
	int r = -1;

	*refp = NULL;
	if (check_draft(s, a, d, now, &c, err) != 0)
		return -1;
	if (site_begin(s, err) != 0)
		goto out;
	ref = next_ref(s, now);
	cams = vg_strv_join((char *const *)d->cameras, d->ncameras, ",");
	who = people_text(d->applicants, d->napplicants);
	r = insert_request(s, a, d, &c, ref, now, &id, err);
	if (r == 0)
		r = audit_appendf(s, a->display, "request.create", ref, a->source, err,
		    "kind=%s; requester_kind=%s; purpose=%s; cameras=%s; from=%s; to=%s; viewers=%d; "
		    "emergency=%d; agency=%s; letter=%s; co_applicants=%s; manner=%s; hold_term=%s; "
		    "reason=%s", d->kind, c.plan.kind->id, d->purpose, cams, time_fmt(d->from_us, t1),
		    time_fmt(d->to_us, t2), c.viewers, d->emergency != 0, d->agency ? d->agency : "",
		    d->letter ? d->letter : "", who, d->manner ? d->manner : "",
		    d->hold_term ? d->hold_term : "", d->reason);
	free(cams);
	free(who);
	if (r == 0 && submit)
		r = submit_tx(s, a, id, ref, &c, d, now, err);
	r = site_end_tx(s, r, err);
	if (r == 0) {
		*refp = ref;
		ref = NULL;
	}
out:
	free(ref);
	checked_free(&c);
	return r;
}

/* The draft a stored request was filed with, to check it again on submission;
 * *people holds its co-applicants (free it). */
static void
draft_of(const struct vg_request *q, struct req_draft *d, struct req_person **people)
{
	memset(d, 0, sizeof *d);
	*people = xcalloc(q->napplicants + 1, sizeof **people);
	for (size_t i = 0; i < q->napplicants; i++) {
		(*people)[i].name = q->applicants[i].name;
		(*people)[i].id_number = q->applicants[i].id_number;
	}
	d->applicants = *people;
	d->napplicants = q->napplicants;
	d->manner = q->manner;
	d->hold_term = q->hold_term;
	d->kind = q->kind;
	d->requester_kind = q->requester_kind;
	d->cameras = (const char **)q->cameras;
	d->ncameras = q->ncameras;
	d->from_us = q->from_us;
	d->to_us = q->to_us;
	d->purpose = q->purpose;
	d->reason = q->reason;
	d->viewers = q->viewers;
	d->agency = q->agency;
	d->letter = q->letter;
	d->officer = q->officer;
	d->officer_id = q->officer_id;
	d->certificate = q->certificate;
	d->use_until_us = q->use_until_us;
	d->emergency = q->emergency;
}

static int
own_request(const struct vg_actor *a, const struct vg_request *q, const char *what,
    struct vg_err *err)
{
	if (q->requester == NULL || strcmp(q->requester, a->login) != 0 || a->system)
		return vg_seterr(err, VG_REFUSED, _("only the requester %s may %s %s"), q->requester,
		    what, q->ref);
	return 0;
}

int
requests_submit_check(const struct vg_actor *a, const struct vg_request *q, struct vg_err *err)
{
	if (own_request(a, q, _("submit"), err) != 0)
		return -1;
	if (q->status != REQ_DRAFT)
		return vg_seterr(err, VG_CONFLICT, _("%s is %s, not a draft"), q->ref,
		    requests_status_name(q->status));
	return 0;
}

int
requests_withdraw_check(const struct vg_actor *a, const struct vg_request *q, struct vg_err *err)
{
	if (own_request(a, q, _("withdraw"), err) != 0)
		return -1;
	if (q->status != REQ_DRAFT && q->status != REQ_SUBMITTED && q->status != REQ_GRANTED)
		return vg_seterr(err, VG_CONFLICT, _("%s is %s and can no longer be withdrawn"),
		    q->ref, requests_status_name(q->status));
	if (q->open_viewings > 0)
		return vg_seterr(err, VG_CONFLICT, _("%s has a viewing in progress; end it first"),
		    q->ref);
	return 0;
}

int
requests_submit(struct vg_site *s, const struct vg_actor *a, const char *ref,
    struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	struct req_person *people = NULL;
	struct req_draft d;
	struct checked c;
	int64_t now = clock_now();
	int r = -1;

	if (q == NULL)
		return -1;
	if (requests_submit_check(a, q, err) != 0)
		goto out;
	draft_of(q, &d, &people);
	if (check_draft(s, a, &d, now, &c, err) != 0)
		goto out;
	if (site_begin(s, err) == 0) {
		r = submit_tx(s, a, q->id, ref, &c, &d, now, err);
		r = site_end_tx(s, r, err);
	}
	checked_free(&c);
out:
	free(people);
	requests_free(q);
	return r;
}

int
requests_withdraw(struct vg_site *s, const struct vg_actor *a, const char *ref,
    struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	struct vg_stmt *st;
	int r = -1;

	if (q == NULL)
		return -1;
	if (requests_withdraw_check(a, q, err) != 0 || site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE requests SET status = 'withdrawn', closed_us = ? WHERE id = ?");
	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, q->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "request.withdraw", ref, a->source, err,
		    "was=%s", requests_status_code(q->status));
	/* A withdrawn grant takes its exports with it (exports-end.c cites why). */
	if (r == 0)
		r = exports_end_grant_tx(s, a, q, "withdrawn", err);
	if ((r = site_end_tx(s, r, err)) == 0)
		exports_end_grant_files(s, a, q);
out:
	requests_free(q);
	return r;
}

/*---- Reading ----*/

#define REQ_COLS "r.id, r.ref, u.login, u.name, r.requester_unit, r.requester_kind, r.kind, " \
	"r.purpose, r.reason, r.from_us, r.to_us, r.viewers, r.emergency, r.agency, r.letter, " \
	"r.officer, r.officer_id, r.certificate, COALESCE(r.use_until_us, 0), r.routes, " \
	"r.policy, r.status, r.created_us, COALESCE(r.submitted_us, 0), " \
	"COALESCE(r.decided_us, 0), COALESCE(r.grant_until_us, 0), COALESCE(r.closed_us, 0), " \
	"COALESCE(r.report_due_us, 0), COALESCE(ur.filed_us, 0), COALESCE(ur.text, ''), " \
	"r.manner, r.hold_term "
#define REQ_FROM "FROM requests r JOIN users u ON u.id = r.requester_id " \
	"LEFT JOIN usage_reports ur ON ur.request_id = r.id "

static char *
col(struct vg_stmt *st, int i)
{
	return xstrdup(db_col_text(st, i));
}

static void
load_steps(struct vg_site *s, struct vg_request *q)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT a.step, a.roles, a.relation, a.unit, "
	    "a.article, a.title, a.title_zh, a.comment_required, COALESCE(a.decision, ''), "
	    "COALESCE(u.login, ''), COALESCE(u.name, ''), COALESCE(a.signer_role, ''), "
	    "COALESCE(a.decided_us, 0), COALESCE(a.comment, '') FROM approvals a "
	    "LEFT JOIN users u ON u.id = a.signer_id WHERE a.request_id = ? ORDER BY a.step");

	q->current = -1;
	db_bind_int(st, 1, q->id);
	while (db_step(st) == DB_ROW) {
		struct req_step *x;

		q->steps = xrealloc(q->steps, (q->nsteps + 1) * sizeof *q->steps);
		x = &q->steps[q->nsteps];
		memset(x, 0, sizeof *x);
		x->step = (int)db_col_int(st, 0);
		x->roles = vg_split_list(db_col_text(st, 1), &x->nroles);
		if (policy_relation_parse(db_col_text(st, 2), &x->relation) != 0)
			x->relation = REL_ANY;
		x->unit = col(st, 3);
		x->article = col(st, 4);
		x->title = step_title(s, x->roles, x->nroles, x->relation, x->unit,
		    db_col_text(st, 5), db_col_text(st, 6));
		x->comment_required = (int)db_col_int(st, 7);
		x->decision = col(st, 8);
		x->signer = col(st, 9);
		x->signer_name = col(st, 10);
		x->signer_role = col(st, 11);
		x->decided_us = db_col_int(st, 12);
		x->comment = col(st, 13);
		if (q->current < 0 && x->decision[0] == '\0' && q->status == REQ_SUBMITTED)
			q->current = (int)q->nsteps;
		q->nsteps++;
	}
	db_finalize(st);
}

static void
load_applicants(struct vg_site *s, struct vg_request *q)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name, id_number FROM request_applicants "
	    "WHERE request_id = ? ORDER BY seq");

	db_bind_int(st, 1, q->id);
	while (db_step(st) == DB_ROW) {
		q->applicants = xrealloc(q->applicants, (q->napplicants + 1) * sizeof *q->applicants);
		q->applicants[q->napplicants].name = col(st, 0);
		q->applicants[q->napplicants].id_number = col(st, 1);
		q->napplicants++;
	}
	db_finalize(st);
}

static struct vg_request *
request_from_row(struct vg_site *s, struct vg_stmt *st, int64_t now)
{
	struct vg_request *q = xcalloc(1, sizeof *q);
	const struct pol_purpose *pu;
	struct vg_stmt *cs;

	q->id = db_col_int(st, 0);
	q->ref = col(st, 1);
	q->requester = col(st, 2);
	q->requester_name = col(st, 3);
	q->requester_unit = col(st, 4);
	q->requester_kind = col(st, 5);
	q->kind = col(st, 6);
	q->purpose = col(st, 7);
	pu = policy_purpose(s->pol, q->purpose);
	q->purpose_title = xstrdup(pu ? pol_tr(&pu->title) : q->purpose);
	q->reason = col(st, 8);
	q->from_us = db_col_int(st, 9);
	q->to_us = db_col_int(st, 10);
	q->viewers = (int)db_col_int(st, 11);
	q->emergency = (int)db_col_int(st, 12);
	q->agency = col(st, 13);
	q->letter = col(st, 14);
	q->officer = col(st, 15);
	q->officer_id = col(st, 16);
	q->certificate = col(st, 17);
	q->use_until_us = db_col_int(st, 18);
	q->routes = col(st, 19);
	q->policy = col(st, 20);
	q->status = status_parse(db_col_text(st, 21));
	q->created_us = db_col_int(st, 22);
	q->submitted_us = db_col_int(st, 23);
	q->decided_us = db_col_int(st, 24);
	q->grant_until_us = db_col_int(st, 25);
	q->closed_us = db_col_int(st, 26);
	q->report_due_us = db_col_int(st, 27);
	q->report_filed_us = db_col_int(st, 28);
	q->report_text = col(st, 29);
	q->manner = col(st, 30);
	q->hold_term = col(st, 31);
	if (q->status == REQ_GRANTED && q->grant_until_us <= now)
		q->status = REQ_EXPIRED;
	cs = db_prepare(s->db, "SELECT camera FROM request_cameras WHERE request_id = ? "
	    "ORDER BY rowid");
	db_bind_int(cs, 1, q->id);
	q->cameras = xcalloc(1, sizeof *q->cameras);
	while (db_step(cs) == DB_ROW) {
		q->cameras = xrealloc(q->cameras, (q->ncameras + 2) * sizeof *q->cameras);
		q->cameras[q->ncameras++] = col(cs, 0);
		q->cameras[q->ncameras] = NULL;
	}
	db_finalize(cs);
	load_applicants(s, q);
	load_steps(s, q);
	if (q->status == REQ_GRANTED)
		q->grant_unproven = !grant_proven(s, q);
	q->viewings = (int)db_scalar_int(s->db, "SELECT COUNT(*) FROM viewings WHERE request_id = ?",
	    q->id);
	q->open_viewings = (int)db_scalar_int(s->db,
	    "SELECT COUNT(*) FROM viewings WHERE request_id = ? AND ended_us IS NULL", q->id);
	return q;
}

struct vg_request *
requests_load_any(struct vg_site *s, const char *ref, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " REQ_COLS REQ_FROM "WHERE r.ref = ?");
	struct vg_request *q = NULL;

	db_bind_text(st, 1, ref);
	if (db_step(st) == DB_ROW)
		q = request_from_row(s, st, clock_now());
	else
		vg_seterr(err, VG_NOTFOUND, _("no request \"%s\""), ref);
	db_finalize(st);
	return q;
}

/* Could this actor sign some step of the request, or did they sign one? */
static int
is_signer(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q)
{
	for (size_t i = 0; i < q->nsteps; i++) {
		const struct req_step *x = &q->steps[i];

		if (strcmp(x->signer, a->login) == 0 ||
		    policy_signer_fits(s->pol, x->roles, x->nroles, x->relation, x->unit, a->roles,
		    a->nroles, a->unit, NULL))
			return 1;
	}
	return 0;
}

static int
may_see(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q)
{
	if (a->system || strcmp(q->requester, a->login) == 0)
		return 1;
	if (q->status == REQ_DRAFT)	/* the requester's own until submitted */
		return 0;
	if (actor_can(s, a, "request.read_all") || is_signer(s, a, q))
		return 1;
	/* Operators see what they may run a viewing for, and what they ran. */
	return actor_can(s, a, "viewing.run") &&
	    (q->status == REQ_GRANTED || q->status == REQ_CLOSED || q->status == REQ_EXPIRED);
}

struct vg_request *
requests_get(struct vg_site *s, const struct vg_actor *a, const char *ref, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);

	if (q != NULL && !may_see(s, a, q)) {
		requests_free(q);
		vg_seterr(err, VG_NOTFOUND, _("no request \"%s\" that you may see"), ref);
		return NULL;
	}
	return q;
}

static void
push(struct vg_request ***v, size_t *n, struct vg_request *q)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = q;
}

struct vg_request **
requests_list(struct vg_site *s, const struct vg_actor *a, enum req_list which, size_t *n,
    struct vg_err *err)
{
	static const char *const where[] = {
		[REQ_LIST_MINE] = "WHERE u.id = ? ORDER BY r.id DESC",
		[REQ_LIST_PENDING] = "WHERE r.status = 'submitted' AND ? >= 0 ORDER BY r.id",
		[REQ_LIST_ALL] = "WHERE ? >= 0 ORDER BY r.id DESC",
		[REQ_LIST_READY] = "WHERE r.status = 'granted' AND r.grant_until_us > ? "
		    "ORDER BY r.grant_until_us",
		[REQ_LIST_OVERDUE] = "WHERE r.report_due_us < ? AND ur.id IS NULL "
		    "AND r.status = 'granted' ORDER BY r.report_due_us",
		[REQ_LIST_EXPIRING] = "WHERE r.status = 'granted' AND r.grant_until_us > ? "
		    "AND r.grant_until_us <= ? ORDER BY r.grant_until_us",
	};
	struct vg_request **v = xcalloc(1, sizeof *v);
	struct vg_stmt *st;
	int64_t now = clock_now();
	char *sql;
	int all = actor_can(s, a, "request.read_all");
	struct vg_err ignore;

	*n = 0;
	if (which == REQ_LIST_ALL && actor_require(s, a, "request.read_all", err) != 0)
		goto fail;
	if (which == REQ_LIST_READY && actor_require(s, a, "viewing.run", err) != 0)
		goto fail;
	sql = xasprintf("SELECT " REQ_COLS REQ_FROM "%s", where[which]);
	st = db_prepare(s->db, sql);
	free(sql);
	db_bind_int(st, 1, which == REQ_LIST_MINE ? a->user_id :
	    which == REQ_LIST_READY || which == REQ_LIST_OVERDUE || which == REQ_LIST_EXPIRING ?
	    now : 0);
	if (which == REQ_LIST_EXPIRING)
		db_bind_int(st, 2, now + REQ_EXPIRING_DAYS * GOV_DAY_US);
	while (db_step(st) == DB_ROW) {
		struct vg_request *q = request_from_row(s, st, now);
		int keep = 1, step;

		if (which == REQ_LIST_PENDING)
			keep = approvals_can_sign(s, a, q, &step, &ignore) == 0;
		else if (which == REQ_LIST_OVERDUE || which == REQ_LIST_EXPIRING)
			keep = all || strcmp(q->requester, a->login) == 0;
		else if (which == REQ_LIST_ALL)
			keep = may_see(s, a, q);
		if (keep)
			push(&v, n, q);
		else
			requests_free(q);
	}
	db_finalize(st);
	return v;
fail:
	free(v);
	return NULL;
}

int
requests_inbox_count(struct vg_site *s, const struct vg_actor *a)
{
	size_t n;
	struct vg_err err;
	struct vg_request **v = requests_list(s, a, REQ_LIST_PENDING, &n, &err);

	requests_free_list(v, v ? n : 0);
	return v ? (int)n : 0;
}

void
requests_free(struct vg_request *q)
{
	if (q == NULL)
		return;
	free(q->ref);
	free(q->requester);
	free(q->requester_name);
	free(q->requester_unit);
	free(q->requester_kind);
	free(q->kind);
	free(q->purpose);
	free(q->purpose_title);
	free(q->reason);
	vg_strv_free(q->cameras, q->ncameras);
	free(q->agency);
	free(q->letter);
	free(q->officer);
	free(q->officer_id);
	free(q->certificate);
	free(q->routes);
	free(q->policy);
	free(q->report_text);
	free(q->manner);
	free(q->hold_term);
	for (size_t i = 0; i < q->napplicants; i++) {
		free(q->applicants[i].name);
		free(q->applicants[i].id_number);
	}
	free(q->applicants);
	free_steps(q->steps, q->nsteps);
	free(q);
}

void
requests_free_list(struct vg_request **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		requests_free(v[i]);
	free(v);
}

/*---- Timeline ----*/

static void
event(struct req_event **v, size_t *n, int64_t ts, const char *what, const char *who,
    char *detail)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].ts_us = ts;
	(*v)[*n].what = xstrdup(what);
	(*v)[*n].who = xstrdup(who ? who : "");
	(*v)[*n].detail = detail ? detail : xstrdup("");
	(*v)[*n].order = (int)*n;
	(*n)++;
}

static int
event_cmp(const void *a, const void *b)
{
	const struct req_event *x = a, *y = b;

	if (x->ts_us != y->ts_us)
		return x->ts_us < y->ts_us ? -1 : 1;
	return x->order - y->order;
}

/* A destination kind's title in the current language, or the stored text. */
static const char *
destination_title(struct vg_site *s, const char *id)
{
	const struct pol_destination *d = policy_destination(s->pol, id);

	return d ? pol_tr(&d->title) : id;
}

static void
viewing_events(struct vg_site *s, const struct vg_request *q, struct req_event **v, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT v.id, u.login, v.started_us, "
	    "COALESCE(v.ended_us, 0), v.destination, v.copied, (SELECT COUNT(*) FROM viewing_people p "
	    "WHERE p.viewing_id = v.id), v.recipient_name, v.recipient_id FROM viewings v "
	    "JOIN users u ON u.id = v.operator_id WHERE v.request_id = ? ORDER BY v.id");

	db_bind_int(st, 1, q->id);
	while (db_step(st) == DB_ROW) {
		long long id = (long long)db_col_int(st, 0);

		event(v, n, db_col_int(st, 2), "viewing_started", db_col_text(st, 1),
		    xasprintf(_("viewing %lld with %lld viewers"), id, (long long)db_col_int(st, 6)));
		if (db_col_int(st, 3)) {
			char *ex = exports_of_viewing(s, id);

			/* The hand-over names the exports made of it (issue 12). */
			event(v, n, db_col_int(st, 3), "viewing_ended", db_col_text(st, 1),
			    !db_col_int(st, 5) ? xasprintf(_("viewing %lld ended"), id) : ex[0] ?
			    xasprintf(_("viewing %lld ended; a copy went to %s: %s (ID %s) as export %s"),
			    id, destination_title(s, db_col_text(st, 4)), db_col_text(st, 7),
			    db_col_text(st, 8), ex) : xasprintf(_("viewing %lld ended; a copy went to %s: "
			    "%s (ID %s)"), id, destination_title(s, db_col_text(st, 4)), db_col_text(st, 7),
			    db_col_text(st, 8)));
			free(ex);
		}
	}
	db_finalize(st);
}

struct req_event *
requests_timeline(struct vg_site *s, const struct vg_request *q, size_t *n)
{
	struct req_event *v = NULL;
	int64_t now = clock_now();
	char t1[32];

	*n = 0;
	event(&v, n, q->created_us, "created", q->requester,
	    xasprintf(strcmp(q->kind, "copy") == 0 ? _("request to copy filed: %s") :
	    _("request to view filed: %s"), q->purpose_title));
	if (q->submitted_us)
		event(&v, n, q->submitted_us, "submitted", q->requester, q->nsteps ?
		    xasprintf(ngettext("%zu approval step required", "%zu approval steps required",
		    (unsigned long)q->nsteps), q->nsteps) :
		    xstrdup(_("no approval step required")));
	for (size_t i = 0; i < q->nsteps; i++) {
		const struct req_step *x = &q->steps[i];

		if (x->decision[0] == '\0')
			continue;
		event(&v, n, x->decided_us, x->decision, x->signer,
		    xasprintf(_("step %d (%s) %s%s%s"), x->step, x->title,
		    strcmp(x->decision, "approved") == 0 ? _("approved") : _("rejected"),
		    x->comment[0] ? ": " : "", x->comment));
	}
	if (q->decided_us && (q->status == REQ_GRANTED || q->status == REQ_EXPIRED ||
	    (q->status == REQ_CLOSED && q->grant_until_us)))
		event(&v, n, q->decided_us, "granted", "", xasprintf(_("granted until %s"),
		    time_fmt(q->grant_until_us, t1)));
	viewing_events(s, q, &v, n);
	if (q->report_filed_us)
		event(&v, n, q->report_filed_us, "report_filed", q->requester,
		    xstrdup(_("usage report filed; request closed")));
	if (q->status == REQ_WITHDRAWN)
		event(&v, n, q->closed_us, "withdrawn", q->requester, NULL);
	if (q->status == REQ_EXPIRED)
		event(&v, n, q->grant_until_us, "expired", "", xstrdup(_("the grant expired")));
	if (q->report_due_us && !q->report_filed_us && q->report_due_us < now)
		event(&v, n, q->report_due_us, "report_overdue", q->requester,
		    xstrdup(_("the usage report is overdue")));
	else if (q->report_due_us && !q->report_filed_us &&
	    (q->status == REQ_GRANTED || q->status == REQ_EXPIRED))
		event(&v, n, q->report_due_us, "report_due", q->requester,
		    xstrdup(_("the usage report is due")));
	qsort(v, *n, sizeof *v, event_cmp);
	return v;
}

void
requests_free_timeline(struct req_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].what);
		free(v[i].who);
		free(v[i].detail);
	}
	free(v);
}

/*---- Grants and copies ----*/

int
requests_allow_copy(struct vg_site *s, const char *ref, const char *camera, int64_t from,
    int64_t to, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);
	int in = 0, r = -1;

	if (q == NULL)
		return -1;
	for (size_t i = 0; i < q->ncameras; i++)
		in |= strcmp(q->cameras[i], camera) == 0;
	if (strcmp(q->kind, "copy") != 0)
		policy_refuse(err, "", s->pol->rules.view_no_copy,
		    _("%s grants viewing only; a view grant never yields a copy"), ref);
	else if (!requests_grant_active(q, clock_now()))
		policy_refuse(err, "", s->pol->rules.grant_scope, _("%s has no active grant (it is %s)"),
		    ref, requests_status_name(q->status));
	else if (!in || from < q->from_us || to > q->to_us || to <= from)
		policy_refuse(err, "", s->pol->rules.grant_scope,
		    _("the grant of %s does not cover camera \"%s\" over that range"), ref, camera);
	else
		r = 0;
	requests_free(q);
	return r;
}
