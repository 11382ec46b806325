/* policy-requests.c — the request side of a profile: kinds, purposes, routes, holds; routing. */
#include "core/gov/policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/i18n.h"
#include "core/gov/policy-int.h"
#include "core/util.h"

static const char *const relation_names[] = {
	[REL_ANY] = "",
	[REL_REQUESTER_UNIT] = "requester_unit",
	[REL_CAMERA_UNIT] = "camera_unit",
	[REL_CAMERA_CAMPUS] = "camera_campus",
	[REL_LEVEL1_OR_CAMPUS] = "level1_or_camera_campus",
};

/*---- Small helpers ----*/

const char *
pol_tr(const struct pol_text *t)
{
	if (strcmp(i18n_language(), "zh_CN") == 0 && t->zh != NULL && t->zh[0] != '\0')
		return t->zh;
	return t->en != NULL ? t->en : "";
}

static int
in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* An empty list matches anything. */
static int
matches(char *const *v, size_t n, const char *s)
{
	return n == 0 || (s != NULL && in_list(v, n, s));
}

void
policy_free_text(struct pol_text *t)
{
	free(t->en);
	free(t->zh);
}

/* Reads KEY and KEY_zh; dflt NULL = required. */
int
policy_read_text(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    const char *dflt, struct pol_text *t)
{
	char zkey[48];

	snprintf(zkey, sizeof zkey, "%s_zh", key);
	if (cfgr_str(r, g, where, key, dflt, &t->en) != 0)
		return -1;
	return cfgr_str(r, g, where, zkey, t->en, &t->zh);
}

const char *
policy_relation_name(enum pol_relation rel)
{
	return relation_names[rel];
}

int
policy_relation_parse(const char *s, enum pol_relation *rel)
{
	for (size_t i = 0; i < VG_ARRLEN(relation_names); i++)
		if (strcmp(relation_names[i], s) == 0) {
			*rel = (enum pol_relation)i;
			return 0;
		}
	return -1;
}

/*
 * Every name a list refers to must exist, so that a typo in a profile is a
 * load error naming the line rather than a route that silently never matches.
 */
static int
check_names(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    char *const *v, size_t n, int (*known)(const struct vg_policy *, const char *),
    const struct vg_policy *p, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (!known(p, v[i]))
			return cfgr_fail(r, config_setting_get_member(g, key), where, key,
			    _("unknown %s \"%s\""), what, v[i]);
	return 0;
}

static int
known_role(const struct vg_policy *p, const char *s)
{
	return policy_role(p, s) != NULL;
}

static int
known_kind(const struct vg_policy *p, const char *s)
{
	return policy_kind(p, s) != NULL;
}

static int
known_purpose(const struct vg_policy *p, const char *s)
{
	return policy_purpose(p, s) != NULL;
}

static int
known_agency(const struct vg_policy *p, const char *s)
{
	return policy_agency(p, s) != NULL;
}

static int
known_unit(const struct vg_policy *p, const char *s)
{
	return policy_unit(p, s) != NULL;
}

static int
known_privacy(const struct vg_policy *p, const char *s)
{
	(void)p;
	return strcmp(s, "public") == 0 || strcmp(s, "sensitive") == 0 ||
	    strcmp(s, "interior") == 0;
}

static int
known_request_kind(const struct vg_policy *p, const char *s)
{
	(void)p;
	return strcmp(s, "view") == 0 || strcmp(s, "copy") == 0;
}

static int
role_with_cap(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    const struct vg_policy *p, char *const *roles, size_t n, const char *cap)
{
	for (size_t i = 0; i < n; i++)
		if (!policy_role_has_cap(policy_role(p, roles[i]), cap))
			return cfgr_fail(r, config_setting_get_member(g, key), where, key,
			    _("role \"%s\" is named here but lacks the capability %s"), roles[i], cap);
	return 0;
}

/*---- Look-ups ----*/

POLICY_LOOKUP(policy_kind, pol_kind, kinds, id)
POLICY_LOOKUP(policy_purpose, pol_purpose, purposes, id)
POLICY_LOOKUP(policy_agency, pol_agency, agencies, id)
POLICY_LOOKUP(policy_hold, pol_hold, holds, id)
POLICY_LOOKUP(policy_route, pol_route, routes, id)

const char *
policy_unit_campus(const struct vg_policy *p, const char *unit)
{
	const struct pol_unit *u = unit ? policy_unit(p, unit) : NULL;

	/* Parents form a tree in a valid profile; the bound guards against a cycle. */
	for (size_t hops = 0; u != NULL && hops <= p->nunits; hops++) {
		if (u->campus[0])
			return u->campus;
		u = u->parent[0] ? policy_unit(p, u->parent) : NULL;
	}
	return "";
}

const struct pol_unit *
policy_campus_body(const struct vg_policy *p, const char *campus)
{
	if (campus == NULL || campus[0] == '\0')
		return NULL;
	for (size_t i = 0; i < p->nunits; i++)
		if (p->units[i].level == 2 && strcmp(p->units[i].campus, campus) == 0)
			return &p->units[i];
	return NULL;
}

const char *
policy_role_title(const struct vg_policy *p, const char *role)
{
	const struct pol_role *ro = policy_role(p, role);

	if (ro == NULL)
		return role;
	return strcmp(i18n_language(), "zh_CN") == 0 ? ro->title_zh : ro->title;
}

const char *
policy_unit_name(const struct vg_policy *p, const char *unit)
{
	const struct pol_unit *u = policy_unit(p, unit);

	if (u == NULL)
		return unit;
	return strcmp(i18n_language(), "zh_CN") == 0 ? u->name_zh : u->name;
}

/*---- Loading ----*/

static int
load_kinds(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", "roles",
	    "external", "agencies", "certificate_for_others", "escort_officer", "own_classes",
	    "refuse", "refuse_zh", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "requester_kinds", &n, &failed);
	if (failed)
		return -1;
	p->kinds = xcalloc((size_t)n + 1, sizeof *p->kinds);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_kind *k = &p->kinds[i];
		char where[40];

		snprintf(where, sizeof where, "requester_kinds[%d]", i);
		p->nkinds = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "id", NULL, &k->id) ||
		    policy_read_text(r, g, where, "title", k->id, &k->title) ||
		    cfgr_str(r, g, where, "article", "", &k->article) ||
		    cfgr_strs(r, g, where, "roles", &k->roles, &k->nroles) ||
		    cfgr_bool(r, g, where, "external", 0, &k->external) ||
		    cfgr_strs(r, g, where, "agencies", &k->agencies, &k->nagencies) ||
		    cfgr_bool(r, g, where, "certificate_for_others", 0, &k->certificate_for_others) ||
		    cfgr_bool(r, g, where, "escort_officer", 0, &k->escort_officer) ||
		    cfgr_bool(r, g, where, "own_classes", 0, &k->own_classes) ||
		    policy_read_text(r, g, where, "refuse", "", &k->refuse) ||
		    check_names(r, g, where, "roles", k->roles, k->nroles, known_role, p, "role") ||
		    check_names(r, g, where, "agencies", k->agencies, k->nagencies, known_agency, p,
		    "agency"))
			return -1;
		if (k->refuse.en[0] && !k->article[0])
			return cfgr_fail(r, g, where, "article", "%s",
			    _("a refusal must cite its article"));
		if ((k->nagencies || k->certificate_for_others) && !k->external)
			return cfgr_fail(r, g, where, "agencies", "%s",
			    _("only an external requester kind names agencies"));
		if (k->escort_officer && !k->external)
			return cfgr_fail(r, g, where, "escort_officer", "%s",
			    _("only an external requester kind has a registering officer"));
		for (int j = 0; j < i; j++)
			if (strcmp(p->kinds[j].id, k->id) == 0)
				return cfgr_fail(r, g, where, "id",
				    _("requester kind \"%s\" is defined twice"), k->id);
	}
	if (cfgr_str(r, config_root_setting(c), "", "default_requester_kind",
	    p->nkinds ? p->kinds[0].id : "", &p->default_kind) != 0)
		return -1;
	if (p->default_kind[0] && policy_kind(p, p->default_kind) == NULL)
		return cfgr_fail(r, config_lookup(c, "default_requester_kind"), "",
		    "default_requester_kind", _("unknown requester kind \"%s\""), p->default_kind);
	return 0;
}

static int
load_agencies(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "id", "title", "title_zh", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "agencies", &n, &failed);
	if (failed)
		return -1;
	p->agencies = xcalloc((size_t)n + 1, sizeof *p->agencies);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_agency *a = &p->agencies[i];
		char where[32];

		snprintf(where, sizeof where, "agencies[%d]", i);
		p->nagencies = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "id", NULL, &a->id) ||
		    policy_read_text(r, g, where, "title", a->id, &a->title))
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(p->agencies[j].id, a->id) == 0)
				return cfgr_fail(r, g, where, "id", _("agency \"%s\" is defined twice"),
				    a->id);
	}
	return 0;
}

static int
load_purposes(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", "refuse",
	    "refuse_zh", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "purposes", &n, &failed);
	if (failed)
		return -1;
	p->purposes = xcalloc((size_t)n + 1, sizeof *p->purposes);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_purpose *u = &p->purposes[i];
		char where[32];

		snprintf(where, sizeof where, "purposes[%d]", i);
		p->npurposes = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "id", NULL, &u->id) ||
		    policy_read_text(r, g, where, "title", u->id, &u->title) ||
		    cfgr_str(r, g, where, "article", "", &u->article) ||
		    policy_read_text(r, g, where, "refuse", "", &u->refuse))
			return -1;
		if (u->refuse.en[0] && !u->article[0])
			return cfgr_fail(r, g, where, "article", "%s",
			    _("a refusal must cite its article"));
		for (int j = 0; j < i; j++)
			if (strcmp(p->purposes[j].id, u->id) == 0)
				return cfgr_fail(r, g, where, "id", _("purpose \"%s\" is defined twice"),
				    u->id);
	}
	return 0;
}

static int
load_step(struct cfgr *r, config_setting_t *g, const char *where, const struct pol_route *ro,
    const struct vg_policy *p, struct pol_step *st)
{
	static const char *const keys[] = { "roles", "unit", "article", "title", "title_zh",
	    "comment_required", NULL };
	char *rel = NULL;
	int rc;

	if (cfgr_only(r, g, where, keys) ||
	    cfgr_strs(r, g, where, "roles", &st->roles, &st->nroles) ||
	    cfgr_str(r, g, where, "unit", "", &rel) ||
	    cfgr_str(r, g, where, "article", ro->article, &st->article) ||
	    policy_read_text(r, g, where, "title", "", &st->title) ||
	    cfgr_bool(r, g, where, "comment_required", 0, &st->comment_required)) {
		free(rel);
		return -1;
	}
	rc = policy_relation_parse(rel, &st->relation);
	free(rel);
	if (rc != 0)
		return cfgr_fail(r, config_setting_get_member(g, "unit"), where, "unit", "%s",
		    _("must be \"\", requester_unit, camera_unit, camera_campus or "
		    "level1_or_camera_campus"));
	if (st->nroles == 0)
		return cfgr_fail(r, g, where, "roles", "%s", _("a step needs at least one role"));
	if (check_names(r, g, where, "roles", st->roles, st->nroles, known_role, p, "role") ||
	    role_with_cap(r, g, where, "roles", p, st->roles, st->nroles, "request.approve"))
		return -1;
	return 0;
}

static int
load_conditions(struct cfgr *r, config_setting_t *g, const char *where, struct pol_route *ro)
{
	static const char *const keys[] = { "text", "text_zh", "article", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, g, where, "conditions", &n, &failed);
	if (failed)
		return -1;
	ro->conditions = xcalloc((size_t)n + 1, sizeof *ro->conditions);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		struct pol_condition *cd = &ro->conditions[i];
		char w[80];

		snprintf(w, sizeof w, "%s.conditions[%d]", where, i);
		ro->nconditions = (size_t)i + 1;
		if (cfgr_only(r, e, w, keys) ||
		    policy_read_text(r, e, w, "text", NULL, &cd->text) ||
		    cfgr_str(r, e, w, "article", ro->article, &cd->article))
			return -1;
	}
	return 0;
}

static int
load_route_lists(struct cfgr *r, config_setting_t *g, const char *where,
    const struct vg_policy *p, struct pol_route *ro)
{
	return cfgr_strs(r, g, where, "requester", &ro->requester, &ro->nrequester) ||
	    cfgr_strs(r, g, where, "requester_roles", &ro->requester_roles,
	    &ro->nrequester_roles) ||
	    cfgr_strs(r, g, where, "kinds", &ro->kinds, &ro->nkinds) ||
	    cfgr_strs(r, g, where, "purposes", &ro->purposes, &ro->npurposes) ||
	    cfgr_strs(r, g, where, "agencies", &ro->agencies, &ro->nagencies) ||
	    cfgr_strs(r, g, where, "privacy", &ro->privacy, &ro->nprivacy) ||
	    cfgr_strs(r, g, where, "zones", &ro->zones, &ro->nzones) ||
	    cfgr_strs(r, g, where, "camera_units", &ro->camera_units, &ro->ncamera_units) ||
	    cfgr_strs(r, g, where, "operator_roles", &ro->operator_roles, &ro->noperator_roles) ||
	    check_names(r, g, where, "requester", ro->requester, ro->nrequester, known_kind, p,
	    "requester kind") ||
	    check_names(r, g, where, "requester_roles", ro->requester_roles, ro->nrequester_roles,
	    known_role, p, "role") ||
	    check_names(r, g, where, "kinds", ro->kinds, ro->nkinds, known_request_kind, p,
	    "request kind (view, copy)") ||
	    check_names(r, g, where, "purposes", ro->purposes, ro->npurposes, known_purpose, p,
	    "purpose") ||
	    check_names(r, g, where, "agencies", ro->agencies, ro->nagencies, known_agency, p,
	    "agency") ||
	    check_names(r, g, where, "privacy", ro->privacy, ro->nprivacy, known_privacy, p,
	    "privacy class (public, sensitive, interior)") ||
	    check_names(r, g, where, "zones", ro->zones, ro->nzones, policy_zone_known, p,
	    "zone") ||
	    check_names(r, g, where, "camera_units", ro->camera_units, ro->ncamera_units,
	    known_unit, p, "unit") ||
	    check_names(r, g, where, "operator_roles", ro->operator_roles, ro->noperator_roles,
	    known_role, p, "role") ||
	    role_with_cap(r, g, where, "operator_roles", p, ro->operator_roles,
	    ro->noperator_roles, "viewing.run");
}

static int
load_route(struct cfgr *r, config_setting_t *g, const char *where, const struct vg_policy *p,
    struct pol_route *ro)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", "requester",
	    "requester_roles", "kinds", "purposes", "agencies", "privacy", "zones",
	    "camera_units", "emergency", "own_campus", "refuse", "refuse_zh", "steps",
	    "grant_on_submit", "operator_roles", "escort_officer", "copy_hold", "formal_letter",
	    "destinations", "viewers_required", "conditions", NULL };
	config_setting_t *list;
	int n, failed;

	ro->line = cfgr_line(g);
	if (cfgr_only(r, g, where, keys) ||
	    cfgr_str(r, g, where, "id", NULL, &ro->id) ||
	    policy_read_text(r, g, where, "title", ro->id, &ro->title) ||
	    cfgr_str(r, g, where, "article", NULL, &ro->article) ||
	    load_route_lists(r, g, where, p, ro) ||
	    cfgr_bool(r, g, where, "emergency", 0, &ro->emergency) ||
	    cfgr_bool(r, g, where, "own_campus", 0, &ro->own_campus) ||
	    policy_read_text(r, g, where, "refuse", "", &ro->refuse) ||
	    cfgr_bool(r, g, where, "grant_on_submit", 0, &ro->grant_on_submit) ||
	    cfgr_bool(r, g, where, "escort_officer", 0, &ro->escort_officer) ||
	    cfgr_str(r, g, where, "copy_hold", "", &ro->copy_hold) ||
	    cfgr_bool(r, g, where, "formal_letter", 0, &ro->formal_letter) ||
	    policy_load_route_destinations(r, g, where, p, ro) ||
	    policy_load_viewers_required(r, g, where, p, ro) ||
	    load_conditions(r, g, where, ro))
		return -1;
	if (ro->article[0] == '\0')
		return cfgr_fail(r, g, where, "article", "%s", _("every route must cite its article"));
	if (ro->copy_hold[0] && policy_hold(p, ro->copy_hold) == NULL)
		return cfgr_fail(r, config_setting_get_member(g, "copy_hold"), where, "copy_hold",
		    _("unknown hold category \"%s\""), ro->copy_hold);
	list = cfgr_list(r, g, where, "steps", &n, &failed);
	if (failed)
		return -1;
	ro->steps = xcalloc((size_t)n + 1, sizeof *ro->steps);
	for (int i = 0; i < n; i++) {
		char w[80];

		snprintf(w, sizeof w, "%s.steps[%d]", where, i);
		ro->nsteps = (size_t)i + 1;
		if (load_step(r, config_setting_get_elem(list, (unsigned)i), w, ro, p,
		    &ro->steps[i]) != 0)
			return -1;
	}
	if (ro->refuse.en[0] && (n > 0 || ro->grant_on_submit))
		return cfgr_fail(r, g, where, "refuse", "%s",
		    _("a route that refuses has no steps and grants nothing"));
	if (!ro->refuse.en[0] && n == 0 && !ro->grant_on_submit)
		return cfgr_fail(r, g, where, "steps", "%s",
		    _("a route needs approval steps, or grant_on_submit = true, or a refusal"));
	if (ro->grant_on_submit && n > 0)
		return cfgr_fail(r, g, where, "grant_on_submit", "%s",
		    _("a route that grants on submission has no steps"));
	return 0;
}

static int
load_routes(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "routes", &n, &failed);
	if (failed)
		return -1;
	p->routes = xcalloc((size_t)n + 1, sizeof *p->routes);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		char where[32];

		snprintf(where, sizeof where, "routes[%d]", i);
		p->nroutes = (size_t)i + 1;
		if (load_route(r, g, where, p, &p->routes[i]) != 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(p->routes[j].id, p->routes[i].id) == 0)
				return cfgr_fail(r, g, where, "id", _("route \"%s\" is defined twice"),
				    p->routes[i].id);
	}
	if (n > 0 && p->nkinds == 0)
		return cfgr_fail(r, list, "", "routes", "%s",
		    _("routes need requester_kinds to route"));
	if (n > 0 && p->npurposes == 0)
		return cfgr_fail(r, list, "", "routes", "%s", _("routes need purposes to route"));
	return 0;
}

/*
 * DLUT art. 15(2)3: a hold kept for the limitation period of a case.  The
 * terms are the periods to choose from when placing it; a hold of such a
 * category is never released before its term ends.
 */
static int
load_terms(struct cfgr *r, config_setting_t *g, const char *where, struct pol_hold *h)
{
	static const char *const keys[] = { "id", "title", "title_zh", "days", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, g, where, "terms", &n, &failed);
	if (failed)
		return -1;
	h->terms = xcalloc((size_t)n + 1, sizeof *h->terms);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		struct pol_hold_term *t = &h->terms[i];
		char w[64];

		snprintf(w, sizeof w, "%s.terms[%d]", where, i);
		h->nterms = (size_t)i + 1;
		if (cfgr_only(r, e, w, keys) ||
		    cfgr_str(r, e, w, "id", NULL, &t->id) ||
		    policy_read_text(r, e, w, "title", t->id, &t->title) ||
		    cfgr_int(r, e, w, "days", 0, 1, 36500, &t->days))
			return -1;
		if (t->days == 0)
			return cfgr_fail(r, e, w, "days", "%s", _("required setting is missing"));
		for (int j = 0; j < i; j++)
			if (strcmp(h->terms[j].id, t->id) == 0)
				return cfgr_fail(r, e, w, "id", _("term \"%s\" is defined twice"), t->id);
	}
	if (n > 0 && (h->days || h->max_days || h->after_release_days))
		return cfgr_fail(r, g, where, "terms", "%s",
		    _("a category with minimum terms is kept until released after its term: no "
		    "days, max_days or after_release_days"));
	return 0;
}

const struct pol_hold_term *
policy_hold_term(const struct pol_hold *h, const char *id)
{
	return id ? POLICY_FIND(h->terms, h->nterms, id, id) : NULL;
}

static int
load_holds(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", "roles", "days",
	    "max_days", "after_release_days", "terms", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "holds", &n, &failed);
	if (failed)
		return -1;
	p->holds = xcalloc((size_t)n + 1, sizeof *p->holds);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_hold *h = &p->holds[i];
		char where[32];

		snprintf(where, sizeof where, "holds[%d]", i);
		p->nholds = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "id", NULL, &h->id) ||
		    policy_read_text(r, g, where, "title", h->id, &h->title) ||
		    cfgr_str(r, g, where, "article", NULL, &h->article) ||
		    cfgr_strs(r, g, where, "roles", &h->roles, &h->nroles) ||
		    cfgr_int(r, g, where, "days", 0, 0, 36500, &h->days) ||
		    cfgr_int(r, g, where, "max_days", 0, 0, 36500, &h->max_days) ||
		    cfgr_int(r, g, where, "after_release_days", 0, 0, 36500,
		    &h->after_release_days) ||
		    check_names(r, g, where, "roles", h->roles, h->nroles, known_role, p, "role") ||
		    role_with_cap(r, g, where, "roles", p, h->roles, h->nroles, "hold.manage"))
			return -1;
		if (h->max_days && h->days > h->max_days)
			return cfgr_fail(r, g, where, "days", _("%d is above max_days %d"), h->days,
			    h->max_days);
		if (load_terms(r, g, where, h) != 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(p->holds[j].id, h->id) == 0)
				return cfgr_fail(r, g, where, "id",
				    _("hold category \"%s\" is defined twice"), h->id);
	}
	return 0;
}

static int
load_limits(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "viewers", "viewers_article", "grant_days",
	    "grant_article", "report_days", "report_article", NULL };
	config_setting_t *g = config_lookup(c, "limits");
	struct pol_limits *l = &p->limits;

	if (g == NULL)
		g = config_root_setting(c);	/* absent: every default below */
	else if (!config_setting_is_group(g))
		return cfgr_fail(r, g, "", "limits", "%s", _("must be a group { ... }"));
	else if (cfgr_only(r, g, "limits", keys) != 0)
		return -1;
	return cfgr_int(r, g, "limits", "viewers", 5, 1, 100, &l->viewers) ||
	    cfgr_str(r, g, "limits", "viewers_article", "", &l->viewers_article) ||
	    cfgr_int(r, g, "limits", "grant_days", 7, 1, 366, &l->grant_days) ||
	    cfgr_str(r, g, "limits", "grant_article", "", &l->grant_article) ||
	    cfgr_int(r, g, "limits", "report_days", 0, 0, 366, &l->report_days) ||
	    cfgr_str(r, g, "limits", "report_article", "", &l->report_article);
}

static int
load_rules(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "self_approval", "separate_signers", "signer_role",
	    "range_exists", "view_no_copy", "involved_party", "grant_scope", "reject_reason",
	    "identity", "destination", "use_until", "level3_no_accept", "applicants_only",
	    "same_footage", NULL };
	config_setting_t *g = config_lookup(c, "rules");
	struct pol_rules *u = &p->rules;

	if (g == NULL)
		g = config_root_setting(c);
	else if (!config_setting_is_group(g))
		return cfgr_fail(r, g, "", "rules", "%s", _("must be a group { ... }"));
	else if (cfgr_only(r, g, "rules", keys) != 0)
		return -1;
	return cfgr_str(r, g, "rules", "self_approval", "", &u->self_approval) ||
	    cfgr_str(r, g, "rules", "separate_signers", "", &u->separate_signers) ||
	    cfgr_str(r, g, "rules", "signer_role", "", &u->signer_role) ||
	    cfgr_str(r, g, "rules", "range_exists", "", &u->range_exists) ||
	    cfgr_str(r, g, "rules", "view_no_copy", "", &u->view_no_copy) ||
	    cfgr_str(r, g, "rules", "involved_party", "", &u->involved_party) ||
	    cfgr_str(r, g, "rules", "grant_scope", "", &u->grant_scope) ||
	    cfgr_str(r, g, "rules", "reject_reason", "", &u->reject_reason) ||
	    cfgr_str(r, g, "rules", "identity", "", &u->identity) ||
	    cfgr_str(r, g, "rules", "destination", "", &u->destination) ||
	    cfgr_str(r, g, "rules", "use_until", "", &u->use_until) ||
	    cfgr_str(r, g, "rules", "level3_no_accept", "", &u->level3_no_accept) ||
	    cfgr_str(r, g, "rules", "applicants_only", "", &u->applicants_only) ||
	    cfgr_str(r, g, "rules", "same_footage", "", &u->same_footage);
}

int
policy_load_requests(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	/* Agencies, destinations and holds first: kinds and routes refer to them. */
	return load_agencies(r, c, p) ||
	    policy_load_destinations(r, c, p) ||
	    load_holds(r, c, p) ||
	    load_purposes(r, c, p) ||
	    load_kinds(r, c, p) ||
	    load_routes(r, c, p) ||
	    load_limits(r, c, p) ||
	    load_rules(r, c, p);
}

static void
free_step(struct pol_step *st)
{
	cfgr_free_strs(st->roles, st->nroles);
	free(st->article);
	policy_free_text(&st->title);
}

static void
free_route(struct pol_route *ro)
{
	free(ro->id);
	policy_free_text(&ro->title);
	free(ro->article);
	cfgr_free_strs(ro->requester, ro->nrequester);
	cfgr_free_strs(ro->requester_roles, ro->nrequester_roles);
	cfgr_free_strs(ro->kinds, ro->nkinds);
	cfgr_free_strs(ro->purposes, ro->npurposes);
	cfgr_free_strs(ro->agencies, ro->nagencies);
	cfgr_free_strs(ro->privacy, ro->nprivacy);
	cfgr_free_strs(ro->zones, ro->nzones);
	cfgr_free_strs(ro->camera_units, ro->ncamera_units);
	cfgr_free_strs(ro->operator_roles, ro->noperator_roles);
	policy_free_text(&ro->refuse);
	for (size_t i = 0; i < ro->nsteps; i++)
		free_step(&ro->steps[i]);
	free(ro->steps);
	free(ro->copy_hold);
	cfgr_free_strs(ro->destinations, ro->ndestinations);
	policy_free_viewers_required(ro);
	for (size_t i = 0; i < ro->nconditions; i++) {
		policy_free_text(&ro->conditions[i].text);
		free(ro->conditions[i].article);
	}
	free(ro->conditions);
}

void
policy_free_requests(struct vg_policy *p)
{
	for (size_t i = 0; i < p->nkinds; i++) {
		struct pol_kind *k = &p->kinds[i];

		free(k->id);
		policy_free_text(&k->title);
		free(k->article);
		cfgr_free_strs(k->roles, k->nroles);
		cfgr_free_strs(k->agencies, k->nagencies);
		policy_free_text(&k->refuse);
	}
	free(p->kinds);
	free(p->default_kind);
	for (size_t i = 0; i < p->nagencies; i++) {
		free(p->agencies[i].id);
		policy_free_text(&p->agencies[i].title);
	}
	free(p->agencies);
	for (size_t i = 0; i < p->npurposes; i++) {
		free(p->purposes[i].id);
		policy_free_text(&p->purposes[i].title);
		free(p->purposes[i].article);
		policy_free_text(&p->purposes[i].refuse);
	}
	free(p->purposes);
	for (size_t i = 0; i < p->nroutes; i++)
		free_route(&p->routes[i]);
	free(p->routes);
	for (size_t i = 0; i < p->nholds; i++) {
		free(p->holds[i].id);
		policy_free_text(&p->holds[i].title);
		free(p->holds[i].article);
		cfgr_free_strs(p->holds[i].roles, p->holds[i].nroles);
		for (size_t k = 0; k < p->holds[i].nterms; k++) {
			free(p->holds[i].terms[k].id);
			policy_free_text(&p->holds[i].terms[k].title);
		}
		free(p->holds[i].terms);
	}
	free(p->holds);
	policy_free_destinations(p);
	free(p->limits.viewers_article);
	free(p->limits.grant_article);
	free(p->limits.report_article);
	free(p->rules.self_approval);
	free(p->rules.separate_signers);
	free(p->rules.signer_role);
	free(p->rules.range_exists);
	free(p->rules.view_no_copy);
	free(p->rules.involved_party);
	free(p->rules.grant_scope);
	free(p->rules.reject_reason);
	free(p->rules.identity);
	free(p->rules.destination);
	free(p->rules.use_until);
	free(p->rules.level3_no_accept);
	free(p->rules.applicants_only);
	free(p->rules.same_footage);
}

/*---- Routing ----*/

int
policy_refuse(struct vg_err *err, const char *field, const char *article, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (article != NULL && article[0] != '\0')
		return vg_seterr_field(err, VG_REFUSED, field ? field : "", "%s: %s", article, msg);
	return vg_seterr_field(err, VG_REFUSED, field ? field : "", "%s", msg);
}

static int
roles_meet(char *const *want, size_t nwant, char *const *have, size_t nhave)
{
	if (nwant == 0)
		return 1;
	for (size_t i = 0; i < nhave; i++)
		if (in_list(want, nwant, have[i]))
			return 1;
	return 0;
}

/* DLUT art. 15(2)1: the requester's unit is the level-2 body of the camera's campus. */
static int
own_campus(const struct vg_policy *p, const struct pol_case *cs, const struct pol_camera *cam)
{
	const struct pol_unit *body = policy_campus_body(p, policy_unit_campus(p, cam->unit));

	return body != NULL && cs->requester_unit != NULL &&
	    strcmp(body->id, cs->requester_unit) == 0;
}

static int
route_matches(const struct vg_policy *p, const struct pol_route *ro, const struct pol_case *cs,
    const char *kind_id, const struct pol_camera *cam)
{
	return (!ro->own_campus || own_campus(p, cs, cam)) &&
	    matches(ro->requester, ro->nrequester, kind_id) &&
	    roles_meet(ro->requester_roles, ro->nrequester_roles, cs->requester_roles,
	    cs->nrequester_roles) &&
	    matches(ro->kinds, ro->nkinds, cs->kind) &&
	    matches(ro->purposes, ro->npurposes, cs->purpose) &&
	    matches(ro->agencies, ro->nagencies, cs->agency) &&
	    matches(ro->privacy, ro->nprivacy, cam->privacy) &&
	    matches(ro->zones, ro->nzones, cam->zone) &&
	    matches(ro->camera_units, ro->ncamera_units, cam->unit) &&
	    ro->emergency == (cs->emergency != 0);
}

/*
 * The unit a step's signer must belong to.  DLUT art. 15(1)2: where level-3
 * units may not accept requests, a step that would land on one goes to the
 * level-2 body of its campus instead.
 */
static int
resolve_unit(const struct vg_policy *p, const struct pol_step *st, const struct pol_case *cs,
    const struct pol_camera *cam, char **out, struct vg_err *err)
{
	const struct pol_unit *u, *body;
	const char *campus;

	*out = NULL;
	switch (st->relation) {
	case REL_ANY:
		*out = xstrdup("");
		return 0;
	case REL_REQUESTER_UNIT:
		if (cs->requester_unit == NULL || cs->requester_unit[0] == '\0')
			return policy_refuse(err, "", st->article, "%s",
			    _("this procedure needs the head of the requester's unit, and the "
			    "requester belongs to no unit"));
		u = policy_unit(p, cs->requester_unit);
		break;
	case REL_CAMERA_UNIT:
		if (cam->unit == NULL || cam->unit[0] == '\0') {
			vg_seterr_field(err, VG_REFUSED, "cameras",
			    _("camera \"%s\" belongs to no unit, and its procedure needs the head of "
			    "the camera's unit"), cam->id);
			return -1;
		}
		u = policy_unit(p, cam->unit);
		break;
	case REL_CAMERA_CAMPUS:
	case REL_LEVEL1_OR_CAMPUS:
		campus = policy_unit_campus(p, cam->unit);
		if ((body = policy_campus_body(p, campus)) == NULL)
			return vg_seterr_field(err, VG_REFUSED, "cameras",
			    _("%s: no level-2 body serves the campus of camera \"%s\" (unit \"%s\", "
			    "campus \"%s\")"), st->article, cam->id, cam->unit ? cam->unit : "", campus);
		*out = xstrdup(body->id);
		return 0;
	default:
		VG_ASSERT(!"relation");
	}
	if (u != NULL && u->level == 3 && p->rules.level3_no_accept[0]) {
		body = policy_campus_body(p, policy_unit_campus(p, u->id));
		if (body == NULL)
			return vg_seterr(err, VG_REFUSED,
			    _("%s: unit \"%s\" is a level-3 unit, which may not accept requests, and "
			    "no level-2 body serves its campus"), p->rules.level3_no_accept, u->id);
		*out = xstrdup(body->id);
		return 0;
	}
	*out = xstrdup(u != NULL ? u->id : (st->relation == REL_REQUESTER_UNIT ?
	    cs->requester_unit : cam->unit));
	return 0;
}

/* Requester-unit, camera-unit and campus relations all mean "a member of
 * this unit"; two steps with the same roles and unit are the same signer. */
static int
relation_class(enum pol_relation rel)
{
	return rel == REL_ANY ? 0 : rel == REL_LEVEL1_OR_CAMPUS ? 2 : 1;
}

static int
same_step(const struct pol_plan_step *a, const struct pol_step *st, const char *unit)
{
	if (relation_class(a->step->relation) != relation_class(st->relation) ||
	    strcmp(a->unit, unit) != 0 ||
	    a->step->nroles != st->nroles)
		return 0;
	for (size_t i = 0; i < st->nroles; i++)
		if (!in_list(a->step->roles, a->step->nroles, st->roles[i]))
			return 0;
	return 1;
}

static int
check_kind_and_purpose(const struct vg_policy *p, const struct pol_case *cs,
    const struct pol_kind **kp, struct vg_err *err)
{
	const char *kid = cs->requester_kind && cs->requester_kind[0] ? cs->requester_kind :
	    p->default_kind;
	const struct pol_kind *k;
	const struct pol_purpose *pu;
	char *list;

	if (cs->kind == NULL || !known_request_kind(p, cs->kind))
		return vg_seterr_field(err, VG_USAGE, "kind",
		    _("the request kind \"%s\" must be view or copy"), cs->kind ? cs->kind : "");
	if (p->nroutes == 0)
		return vg_seterr(err, VG_REFUSED,
		    _("the %s profile defines no procedure for requests"), p->name);
	if ((k = policy_kind(p, kid)) == NULL) {
		struct vg_buf b;

		buf_init(&b);
		for (size_t i = 0; i < p->nkinds; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", p->kinds[i].id);
		vg_seterr_field(err, VG_USAGE, "requester_kind",
		    _("unknown requester kind \"%s\": the %s profile has %s"), kid, p->name, b.s);
		buf_free(&b);
		return -1;
	}
	if (k->refuse.en[0])
		return policy_refuse(err, "requester_kind", k->article, "%s", pol_tr(&k->refuse));
	if (!roles_meet(k->roles, k->nroles, cs->requester_roles, cs->nrequester_roles)) {
		list = vg_strv_join(k->roles, k->nroles, ", ");
		vg_seterr_field(err, VG_REFUSED, "requester_kind",
		    _("%s%sonly %s may file as requester kind \"%s\""), k->article,
		    k->article[0] ? ": " : "", list, k->id);
		free(list);
		return -1;
	}
	if (cs->purpose == NULL || cs->purpose[0] == '\0' ||
	    (pu = policy_purpose(p, cs->purpose)) == NULL) {
		struct vg_buf b;

		buf_init(&b);
		for (size_t i = 0; i < p->npurposes; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", p->purposes[i].id);
		vg_seterr_field(err, VG_USAGE, "purpose",
		    _("the purpose must be one of the %s profile's: %s"), p->name, b.s);
		buf_free(&b);
		return -1;
	}
	if (pu->refuse.en[0])
		return policy_refuse(err, "purpose", pu->article, "%s", pol_tr(&pu->refuse));
	*kp = k;
	return 0;
}

/* External requests name a known agency; some profiles accept only some. */
static int
check_agency(const struct vg_policy *p, const struct pol_kind *k, const struct pol_case *cs,
    struct vg_err *err)
{
	int given = cs->agency != NULL && cs->agency[0] != '\0';
	char *list;

	if (!k->external) {
		if (given)
			return vg_seterr_field(err, VG_USAGE, "agency",
			    _("--agency is only for external requests; requester kind \"%s\" is not "
			    "external"), k->id);
		return 0;
	}
	if (!given || policy_agency(p, cs->agency) == NULL) {
		struct vg_buf b;

		buf_init(&b);
		for (size_t i = 0; i < p->nagencies; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", p->agencies[i].id);
		vg_seterr_field(err, VG_USAGE, "agency",
		    _("an external request names its agency, one of: %s"), b.s ? b.s : "-");
		buf_free(&b);
		return -1;
	}
	if (matches(k->agencies, k->nagencies, cs->agency))
		return 0;
	list = vg_strv_join(k->agencies, k->nagencies, ", ");
	if (k->certificate_for_others && !cs->has_certificate) {
		vg_seterr_field(err, VG_REFUSED, "certificate",
		    _("%s: agency \"%s\" is not one of %s, so it needs a certificate from the police "
		    "or a judicial body (--certificate REF)"), k->article, cs->agency, list);
		free(list);
		return -1;
	}
	if (!k->certificate_for_others) {
		vg_seterr_field(err, VG_REFUSED, "agency",
		    _("%s: only %s may request footage as an external body, not \"%s\""),
		    k->article, list, cs->agency);
		free(list);
		return -1;
	}
	free(list);
	return 0;
}

/* GUAT art. 17(1): a teacher's own classes, by the class mapping. */
static int
check_own_class(const struct pol_kind *k, const struct pol_camera *cam, struct vg_err *err)
{
	if (!k->own_classes || cam->own_class)
		return 0;
	return vg_seterr_field(err, VG_REFUSED, "cameras",
	    _("%s%scamera \"%s\" is linked to no class you teach: as %s you may ask only for your "
	    "own classes' footage"), k->article, k->article[0] ? ": " : "", cam->id,
	    pol_tr(&k->title));
}

static const struct pol_route *
route_for(const struct vg_policy *p, const struct pol_case *cs, const char *kind_id,
    const struct pol_camera *cam)
{
	for (size_t i = 0; i < p->nroutes; i++)
		if (route_matches(p, &p->routes[i], cs, kind_id, cam))
			return &p->routes[i];
	return NULL;
}

static int
no_route(const struct vg_policy *p, const struct pol_case *cs, const char *kind_id,
    const struct pol_camera *cam, struct vg_err *err)
{
	if (cs->emergency)
		return vg_seterr_field(err, VG_REFUSED, "emergency",
		    _("the %s profile has no emergency procedure for a %s request by %s for camera "
		    "\"%s\""), p->name, cs->kind, kind_id, cam->id);
	return vg_seterr(err, VG_REFUSED,
	    _("no procedure of the %s profile allows a %s request by %s with purpose %s for "
	    "camera \"%s\" (%s%s%s)"), p->name, cs->kind, kind_id, cs->purpose, cam->id,
	    cam->privacy, cam->zone && cam->zone[0] ? ", " : "", cam->zone ? cam->zone : "");
}

int
policy_required_steps(const struct vg_policy *p, const struct pol_case *cs,
    struct pol_plan *plan, struct vg_err *err)
{
	const struct pol_kind *k = NULL;
	struct vg_buf ids;

	memset(plan, 0, sizeof *plan);
	if (check_kind_and_purpose(p, cs, &k, err) != 0 || check_agency(p, k, cs, err) != 0)
		return -1;
	if (cs->ncameras == 0)
		return vg_seterr_field(err, VG_USAGE, "cameras", "%s",
		    _("name at least one camera"));
	plan->kind = k;
	plan->routes = xcalloc(cs->ncameras, sizeof *plan->routes);
	plan->nroutes = cs->ncameras;
	buf_init(&ids);
	buf_puts(&ids, "");
	for (size_t c = 0; c < cs->ncameras; c++) {
		const struct pol_camera *cam = &cs->cameras[c];
		const struct pol_route *ro = route_for(p, cs, k->id, cam);
		int listed = 0;

		if (check_own_class(k, cam, err) != 0)
			goto fail;
		if (ro == NULL) {
			no_route(p, cs, k->id, cam, err);
			goto fail;
		}
		if (ro->refuse.en[0]) {
			policy_refuse(err, "", ro->article, "%s", pol_tr(&ro->refuse));
			goto fail;
		}
		plan->routes[c] = ro;
		for (size_t j = 0; j < c; j++)
			listed |= plan->routes[j] == ro;
		if (!listed)
			buf_printf(&ids, "%s%s", ids.len ? "," : "", ro->id);
		for (size_t s = 0; s < ro->nsteps; s++) {
			char *unit;
			int dup = 0;

			if (resolve_unit(p, &ro->steps[s], cs, cam, &unit, err) != 0)
				goto fail;
			for (size_t j = 0; j < plan->nsteps && !dup; j++)
				dup = same_step(&plan->steps[j], &ro->steps[s], unit);
			if (dup) {
				free(unit);
				continue;
			}
			plan->steps = xrealloc(plan->steps, (plan->nsteps + 1) * sizeof *plan->steps);
			plan->steps[plan->nsteps].step = &ro->steps[s];
			plan->steps[plan->nsteps].route = ro;
			plan->steps[plan->nsteps].unit = unit;
			plan->steps[plan->nsteps].camera = xstrdup(cam->id);
			plan->nsteps++;
		}
	}
	plan->grant_on_submit = plan->nsteps == 0;
	plan->route_ids = buf_steal(&ids);
	return 0;
fail:
	buf_free(&ids);
	policy_plan_free(plan);
	return -1;
}

void
policy_plan_free(struct pol_plan *plan)
{
	for (size_t i = 0; i < plan->nsteps; i++) {
		free(plan->steps[i].unit);
		free(plan->steps[i].camera);
	}
	free(plan->steps);
	free(plan->routes);
	free(plan->route_ids);
	memset(plan, 0, sizeof *plan);
}

int
policy_signer_fits(const struct vg_policy *p, char *const *step_roles, size_t nstep_roles,
    enum pol_relation rel, const char *unit, char *const *roles, size_t nroles,
    const char *signer_unit, const char **role)
{
	const char *fit = NULL;
	const struct pol_unit *su;

	for (size_t i = 0; i < nroles && fit == NULL; i++)
		if (in_list(step_roles, nstep_roles, roles[i]))
			fit = roles[i];
	if (fit == NULL)
		return 0;
	if (role != NULL)
		*role = fit;
	if (rel == REL_ANY || unit == NULL || unit[0] == '\0')
		return 1;
	if (signer_unit != NULL && strcmp(signer_unit, unit) == 0)
		return 1;
	if (rel == REL_LEVEL1_OR_CAMPUS && signer_unit != NULL &&
	    (su = policy_unit(p, signer_unit)) != NULL && su->level == 1)
		return 1;
	return 0;
}

char *
policy_step_title(const struct vg_policy *p, char *const *roles, size_t nroles,
    enum pol_relation rel, const char *unit, const struct pol_text *title)
{
	struct vg_buf b;

	buf_init(&b);
	if (title != NULL && title->en != NULL && title->en[0])
		buf_puts(&b, pol_tr(title));
	else
		for (size_t i = 0; i < nroles; i++)
			buf_printf(&b, "%s%s", i ? _(" or ") : "", policy_role_title(p, roles[i]));
	if (unit != NULL && unit[0]) {
		if (rel == REL_LEVEL1_OR_CAMPUS)
			buf_printf(&b, _(" (%s, or a level-1 unit)"), policy_unit_name(p, unit));
		else
			buf_printf(&b, _(" (%s)"), policy_unit_name(p, unit));
	}
	return buf_steal(&b);
}

/*---- The routing table, for `vigil admin policy check` ----*/

static void
describe_list(struct vg_buf *b, const char *label, char *const *v, size_t n)
{
	if (n == 0)
		return;
	buf_printf(b, " %s=", label);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? "|" : "", v[i]);
}

static void
describe_route(const struct vg_policy *p, const struct pol_route *ro, struct vg_buf *b)
{
	buf_printf(b, "  %s  [%s]\n    when:", ro->id, ro->article);
	describe_list(b, "requester", ro->requester, ro->nrequester);
	describe_list(b, "requester_roles", ro->requester_roles, ro->nrequester_roles);
	describe_list(b, "kind", ro->kinds, ro->nkinds);
	describe_list(b, "purpose", ro->purposes, ro->npurposes);
	describe_list(b, "agency", ro->agencies, ro->nagencies);
	describe_list(b, "privacy", ro->privacy, ro->nprivacy);
	describe_list(b, "zone", ro->zones, ro->nzones);
	describe_list(b, "camera_unit", ro->camera_units, ro->ncamera_units);
	if (ro->emergency)
		buf_puts(b, " emergency");
	if (ro->own_campus)
		buf_puts(b, " own_campus (the requester's unit is the camera campus's level-2 body)");
	if (!ro->nrequester && !ro->nrequester_roles && !ro->nkinds && !ro->npurposes &&
	    !ro->nagencies && !ro->nprivacy && !ro->nzones && !ro->ncamera_units &&
	    !ro->emergency && !ro->own_campus)
		buf_puts(b, " any");
	buf_puts(b, "\n");
	if (ro->refuse.en[0]) {
		buf_printf(b, "    REFUSED: %s\n", pol_tr(&ro->refuse));
		return;
	}
	if (ro->grant_on_submit)
		buf_puts(b, "    granted on submission, no approval step\n");
	for (size_t i = 0; i < ro->nsteps; i++) {
		const struct pol_step *st = &ro->steps[i];
		char *roles = vg_strv_join(st->roles, st->nroles, "|");

		buf_printf(b, "    %zu. %s%s%s%s  [%s]\n", i + 1, roles, st->relation ? " of " : "",
		    policy_relation_name(st->relation), st->comment_required ?
		    " (written instruction)" : "", st->article);
		free(roles);
	}
	if (ro->noperator_roles) {
		char *ops = vg_strv_join(ro->operator_roles, ro->noperator_roles, "|");

		buf_printf(b, "    viewing run by: %s\n", ops);
		free(ops);
	}
	if (ro->escort_officer)
		buf_puts(b, "    escorted: the officer is among the viewers\n");
	if (ro->copy_hold[0])
		buf_printf(b, "    a granted copy is held as: %s\n", ro->copy_hold);
	if (ro->formal_letter)
		buf_puts(b, "    formal letter: a letter naming the use, the people who take the copy "
		    "and the manner\n");
	if (ro->ndestinations) {
		char *v = vg_strv_join(ro->destinations, ro->ndestinations, ", ");

		buf_printf(b, "    a copy may go to: %s\n", v);
		free(v);
	}
	policy_describe_viewers_required(ro, b);
	for (size_t i = 0; i < ro->nconditions; i++)
		buf_printf(b, "    condition: %s  [%s]\n", pol_tr(&ro->conditions[i].text),
		    ro->conditions[i].article);
	(void)p;
}

static void
describe_kinds(const struct vg_policy *p, struct vg_buf *b)
{
	buf_printf(b, "\nrequester kinds (default %s):\n", p->default_kind);
	for (size_t i = 0; i < p->nkinds; i++) {
		const struct pol_kind *k = &p->kinds[i];
		char *v;

		buf_printf(b, "  %-20s %s%s%s\n", k->id, pol_tr(&k->title),
		    k->article[0] ? "  per " : "", k->article);
		if (k->refuse.en[0])
			buf_printf(b, "      always REFUSED: %s\n", pol_tr(&k->refuse));
		if (k->nroles) {
			v = vg_strv_join(k->roles, k->nroles, ", ");
			buf_printf(b, "      filed by: %s\n", v);
			free(v);
		}
		if (k->external) {
			v = vg_strv_join(k->agencies, k->nagencies, ", ");
			buf_printf(b, "      external: agency, letter, officer and ID required; "
			    "agencies: %s%s\n", k->nagencies ? v : "any",
			    k->certificate_for_others ? " (others with a certificate)" : "");
			free(v);
		}
		if (k->escort_officer)
			buf_puts(b, "      every viewing, on any route, is escorted by the registering "
			    "officer\n");
	}
}

/* Which requester kinds are bound to the class mapping (classes linked to
 * cameras, teachers to classes, kept by whoever holds user.manage). */
static void
describe_class_mapping(const struct vg_policy *p, struct vg_buf *b)
{
	int any = 0;

	buf_puts(b, "\nclass mapping (classes linked to cameras, teachers to their classes; "
	    "managed with user.manage):\n");
	for (size_t i = 0; i < p->nkinds; i++)
		if (p->kinds[i].own_classes) {
			buf_printf(b, "  %-20s only cameras of classes the requester teaches  [%s]\n",
			    p->kinds[i].id, p->kinds[i].article);
			any = 1;
		}
	if (!any)
		buf_puts(b, "  not used by this profile\n");
}

/* A limit's article, or that the policy states none and it is the site's. */
static const char *
limit_source(const char *article)
{
	return article[0] ? article : "site setting; the policy states no number";
}

static void
describe_limits(const struct vg_policy *p, struct vg_buf *b)
{
	const struct pol_limits *l = &p->limits;

	buf_printf(b, "\nlimits: at most %d viewers at once per request [%s]; grants valid %d "
	    "days [%s]; ", l->viewers, limit_source(l->viewers_article), l->grant_days,
	    limit_source(l->grant_article));
	if (l->report_days)
		buf_printf(b, "usage report due %d days after use [%s]\n", l->report_days,
		    limit_source(l->report_article));
	else
		buf_puts(b, "no usage report due\n");
	if (p->rules.same_footage[0])
		buf_printf(b, "  the limit at once counts every request for the same footage  [%s]\n",
		    p->rules.same_footage);
}

static void
describe_hold(const struct pol_hold *h, struct vg_buf *b)
{
	char *v = vg_strv_join(h->roles, h->nroles, ", ");

	buf_printf(b, "  %-20s %s  [%s]\n      ", h->id, pol_tr(&h->title), h->article);
	if (h->days)
		buf_printf(b, "%d days", h->days);
	else
		buf_puts(b, "until released");
	if (h->max_days)
		buf_printf(b, ", at most %d days", h->max_days);
	if (h->after_release_days)
		buf_printf(b, ", kept %d days after release", h->after_release_days);
	buf_printf(b, "; placed by %s%s\n", h->nroles ? v : "hold.manage",
	    h->nterms ? "" : "; no minimum term");
	if (h->nterms) {
		buf_puts(b, "      minimum term, chosen when placed; never released before it ends, "
		    "by anyone:\n");
		for (size_t k = 0; k < h->nterms; k++)
			buf_printf(b, "        term %-6s %5d days  %s\n", h->terms[k].id,
			    h->terms[k].days, pol_tr(&h->terms[k].title));
	}
	free(v);
}

/* Every hard rule with the article it cites; "-" where it is switched off. */
static void
describe_rules(const struct vg_policy *p, struct vg_buf *b)
{
	const struct pol_rules *u = &p->rules;
	const struct { const char *name, *art; } v[] = {
		{ "self_approval", u->self_approval }, { "separate_signers", u->separate_signers },
		{ "signer_role", u->signer_role }, { "range_exists", u->range_exists },
		{ "view_no_copy", u->view_no_copy }, { "involved_party", u->involved_party },
		{ "grant_scope", u->grant_scope }, { "reject_reason", u->reject_reason },
		{ "identity", u->identity }, { "destination", u->destination },
		{ "use_until", u->use_until }, { "level3_no_accept", u->level3_no_accept },
		{ "applicants_only", u->applicants_only }, { "same_footage", u->same_footage },
	};

	buf_puts(b, "\nrules (the article each cites):\n");
	for (size_t i = 0; i < VG_ARRLEN(v); i++)
		buf_printf(b, "  %-20s %s\n", v[i].name, v[i].art[0] ? v[i].art : "-");
}

void
policy_describe_requests(const struct vg_policy *p, struct vg_buf *b)
{
	if (p->nkinds)
		describe_kinds(p, b);
	describe_class_mapping(p, b);
	if (p->nagencies) {
		buf_puts(b, "\nagencies:\n");
		for (size_t i = 0; i < p->nagencies; i++)
			buf_printf(b, "  %-20s %s\n", p->agencies[i].id, pol_tr(&p->agencies[i].title));
	}
	if (p->npurposes) {
		buf_puts(b, "\npurposes:\n");
		for (size_t i = 0; i < p->npurposes; i++) {
			const struct pol_purpose *u = &p->purposes[i];

			buf_printf(b, "  %-20s %s%s%s\n", u->id, pol_tr(&u->title),
			    u->article[0] ? "  per " : "", u->article);
			if (u->refuse.en[0])
				buf_printf(b, "      always REFUSED: %s\n", pol_tr(&u->refuse));
		}
	}
	policy_describe_destinations(p, b);
	if (p->nroutes) {
		buf_puts(b, "\nrouting table (first match wins, per camera):\n");
		for (size_t i = 0; i < p->nroutes; i++)
			describe_route(p, &p->routes[i], b);
	}
	describe_limits(p, b);
	if (p->nholds) {
		buf_puts(b, "\nhold categories:\n");
		for (size_t i = 0; i < p->nholds; i++)
			describe_hold(&p->holds[i], b);
	}
	describe_rules(p, b);
}
