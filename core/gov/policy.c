/* policy.c — loads and checks a policy profile; pure look-ups over it. */
#include "core/gov/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/gov/policy-int.h"
#include "core/util.h"

static int
load_meta(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "name", "title", "source", NULL };
	config_setting_t *g = config_lookup(c, "profile");

	if (g == NULL || !config_setting_is_group(g))
		return cfgr_fail(r, config_root_setting(c), "", "profile", "%s",
		    _("required group profile = { name = ...; title = ...; } is missing"));
	return cfgr_only(r, g, "profile", keys) ||
	    cfgr_str(r, g, "profile", "name", NULL, &p->name) ||
	    cfgr_str(r, g, "profile", "title", "", &p->title) ||
	    cfgr_str(r, g, "profile", "source", "", &p->source);
}

static int
load_roles(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "name", "title", "title_zh", "caps",
	    "needs_authorization", "totp", "article", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "roles", &n, &failed);
	if (failed)
		return -1;
	if (n == 0)
		return cfgr_fail(r, config_root_setting(c), "", "roles", "%s",
		    _("a profile must define at least one role"));
	p->roles = xcalloc((size_t)n, sizeof *p->roles);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_role *ro = &p->roles[i];
		char where[32];

		snprintf(where, sizeof where, "roles[%d]", i);
		p->nroles = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "name", NULL, &ro->name) ||
		    cfgr_str(r, g, where, "title", ro->name, &ro->title) ||
		    cfgr_str(r, g, where, "title_zh", ro->title, &ro->title_zh) ||
		    cfgr_strs(r, g, where, "caps", &ro->caps, &ro->ncaps) ||
		    cfgr_bool(r, g, where, "needs_authorization", 1, &ro->needs_authorization) ||
		    cfgr_bool(r, g, where, "totp", 0, &ro->totp) ||
		    cfgr_str(r, g, where, "article", "", &ro->article))
			return -1;
		for (size_t k = 0; k < ro->ncaps; k++)
			if (!cap_known(ro->caps[k]))
				return cfgr_fail(r, config_setting_get_member(g, "caps"), where,
				    "caps", _("unknown capability \"%s\""), ro->caps[k]);
		for (int j = 0; j < i; j++)
			if (strcmp(p->roles[j].name, ro->name) == 0)
				return cfgr_fail(r, g, where, "name",
				    _("role \"%s\" is defined twice"), ro->name);
	}
	return 0;
}

static int
load_units(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "id", "name", "name_zh", "level", "parent", "campus",
	    NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "units", &n, &failed);
	if (failed)
		return -1;
	p->units = xcalloc((size_t)n, sizeof *p->units);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct pol_unit *u = &p->units[i];
		char where[32];

		snprintf(where, sizeof where, "units[%d]", i);
		p->nunits = (size_t)i + 1;
		if (cfgr_only(r, g, where, keys) ||
		    cfgr_str(r, g, where, "id", NULL, &u->id) ||
		    cfgr_str(r, g, where, "name", u->id, &u->name) ||
		    cfgr_str(r, g, where, "name_zh", u->name, &u->name_zh) ||
		    cfgr_int(r, g, where, "level", 2, 1, 3, &u->level) ||
		    cfgr_str(r, g, where, "parent", "", &u->parent) ||
		    cfgr_str(r, g, where, "campus", "", &u->campus))
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(p->units[j].id, u->id) == 0)
				return cfgr_fail(r, g, where, "id", _("unit \"%s\" is defined twice"),
				    u->id);
	}
	for (size_t i = 0; i < p->nunits; i++)
		if (p->units[i].parent[0] && policy_unit(p, p->units[i].parent) == NULL)
			return cfgr_fail(r, config_setting_get_elem(list, (unsigned)i), "units",
			    "parent", _("unit \"%s\" names unknown parent \"%s\""),
			    p->units[i].id, p->units[i].parent);
	return 0;
}

/* A retention's bounds: days within [min_days, max_days] (max 0 = none). */
static int
check_bounds(struct cfgr *r, config_setting_t *g, const char *where, int days, int min,
    int max)
{
	if (days < min)
		return cfgr_fail(r, g, where, "days", _("%d is below min_days %d"), days, min);
	if (max && days > max)
		return cfgr_fail(r, g, where, "days", _("%d is above max_days %d"), days, max);
	return 0;
}

static int
load_retention_rule(struct cfgr *r, config_setting_t *e, const char *where,
    const struct vg_policy *p, struct pol_retention *t)
{
	static const char *const rkeys[] = { "privacy", "zone", "days", "min_days", "max_days",
	    "article", "max_article", NULL };

	if (cfgr_only(r, e, where, rkeys) ||
	    cfgr_str(r, e, where, "privacy", "", &t->privacy) ||
	    cfgr_str(r, e, where, "zone", "", &t->zone) ||
	    cfgr_int(r, e, where, "days", 0, 1, 3650, &t->days) ||
	    cfgr_int(r, e, where, "min_days", 1, 1, 3650, &t->min_days) ||
	    cfgr_int(r, e, where, "max_days", 0, 0, 3650, &t->max_days) ||
	    cfgr_str(r, e, where, "article", "", &t->article) ||
	    cfgr_str(r, e, where, "max_article", t->article, &t->max_article))
		return -1;
	if (t->days == 0)
		return cfgr_fail(r, e, where, "days", "%s", _("required setting is missing"));
	if (t->privacy[0] && strcmp(t->privacy, "public") && strcmp(t->privacy, "sensitive") &&
	    strcmp(t->privacy, "interior"))
		return cfgr_fail(r, e, where, "privacy",
		    _("\"%s\" must be public, sensitive or interior"), t->privacy);
	if (t->zone[0] && !policy_zone_known(p, t->zone))
		return cfgr_fail(r, e, where, "zone",
		    _("zone \"%s\" is not in the profile's zones list"), t->zone);
	return check_bounds(r, e, where, t->days, t->min_days, t->max_days);
}

static int
load_retention(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "default_days", "min_days", "max_days", "article",
	    "max_article", "rules", NULL };
	config_setting_t *g = config_lookup(c, "retention"), *list;
	int n, failed;

	if (g == NULL || !config_setting_is_group(g))
		return cfgr_fail(r, config_root_setting(c), "", "retention", "%s",
		    _("required group retention = { default_days = ...; } is missing"));
	if (cfgr_only(r, g, "retention", keys) ||
	    cfgr_int(r, g, "retention", "default_days", 30, 1, 3650, &p->default_days) ||
	    cfgr_int(r, g, "retention", "min_days", 1, 1, 3650, &p->default_min_days) ||
	    cfgr_int(r, g, "retention", "max_days", 0, 0, 3650, &p->default_max_days) ||
	    cfgr_str(r, g, "retention", "article", "", &p->retention_article) ||
	    cfgr_str(r, g, "retention", "max_article", p->retention_article,
	    &p->retention_max_article))
		return -1;
	if (p->default_days < p->default_min_days)
		return cfgr_fail(r, g, "retention", "default_days",
		    _("%d is below min_days %d"), p->default_days, p->default_min_days);
	if (p->default_max_days && p->default_days > p->default_max_days)
		return cfgr_fail(r, g, "retention", "default_days",
		    _("%d is above max_days %d"), p->default_days, p->default_max_days);
	list = cfgr_list(r, g, "retention", "rules", &n, &failed);
	if (failed)
		return -1;
	p->retention = xcalloc((size_t)n, sizeof *p->retention);
	for (int i = 0; i < n; i++) {
		char where[40];

		snprintf(where, sizeof where, "retention.rules[%d]", i);
		p->nretention = (size_t)i + 1;
		if (load_retention_rule(r, config_setting_get_elem(list, (unsigned)i), where, p,
		    &p->retention[i]) != 0)
			return -1;
	}
	return 0;
}

struct vg_policy *
policy_load(const char *path, struct vg_err *err)
{
	static const char *const top[] = { "profile", "roles", "units", "zones", "retention",
	    "default_requester_kind", "requester_kinds", "agencies", "purposes", "destinations",
	    "routes", "holds", "limits", "rules", "records", "live", NULL };
	struct vg_policy *p = xcalloc(1, sizeof *p);
	struct cfgr r = { path, err };
	config_t c;

	if (cfgr_open(&c, path, err) != 0) {
		free(p);
		return NULL;
	}
	p->path = xstrdup(path);
	if (cfgr_only(&r, config_root_setting(&c), "", top) ||
	    load_meta(&r, &c, p) ||
	    cfgr_strs(&r, config_root_setting(&c), "", "zones", &p->zones, &p->nzones) ||
	    load_roles(&r, &c, p) ||
	    load_units(&r, &c, p) ||
	    load_retention(&r, &c, p) ||
	    policy_load_requests(&r, &c, p) ||
	    policy_load_records(&r, &c, p) ||
	    policy_load_live(&r, &c, p)) {
		config_destroy(&c);
		policy_free(p);
		return NULL;
	}
	config_destroy(&c);
	return p;
}

void
policy_free(struct vg_policy *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nroles; i++) {
		struct pol_role *ro = &p->roles[i];

		free(ro->name);
		free(ro->title);
		free(ro->title_zh);
		cfgr_free_strs(ro->caps, ro->ncaps);
		free(ro->article);
	}
	free(p->roles);
	for (size_t i = 0; i < p->nunits; i++) {
		free(p->units[i].id);
		free(p->units[i].name);
		free(p->units[i].name_zh);
		free(p->units[i].parent);
		free(p->units[i].campus);
	}
	free(p->units);
	cfgr_free_strs(p->zones, p->nzones);
	for (size_t i = 0; i < p->nretention; i++) {
		free(p->retention[i].privacy);
		free(p->retention[i].zone);
		free(p->retention[i].article);
		free(p->retention[i].max_article);
	}
	free(p->retention);
	free(p->retention_article);
	free(p->retention_max_article);
	policy_free_requests(p);
	policy_free_records(p);
	policy_free_live(p);
	free(p->path);
	free(p->name);
	free(p->title);
	free(p->source);
	free(p);
}

/*---- Look-ups ----*/

/* The element of an array of structs whose string member at key_off equals key. */
const void *
policy_find(const void *base, size_t n, size_t size, size_t key_off, const char *key)
{
	const char *p = base;

	for (size_t i = 0; i < n; i++, p += size) {
		const char *k;

		memcpy(&k, p + key_off, sizeof k);
		if (k != NULL && strcmp(k, key) == 0)
			return p;
	}
	return NULL;
}

POLICY_LOOKUP(policy_role, pol_role, roles, name)
POLICY_LOOKUP(policy_unit, pol_unit, units, id)

int
policy_zone_known(const struct vg_policy *p, const char *zone)
{
	return vg_strv_contains(p->zones, p->nzones, zone);
}

int
policy_role_has_cap(const struct pol_role *ro, const char *cap)
{
	return vg_strv_contains(ro->caps, ro->ncaps, cap);
}

/* The most specific retention rule for a camera: zone and class, then zone,
 * then class; NULL = the profile's default. */
static const struct pol_retention *
retention_rule(const struct vg_policy *p, const char *privacy, const char *zone)
{
	const struct pol_retention *best = NULL;
	int best_score = -1;

	for (size_t i = 0; i < p->nretention; i++) {
		const struct pol_retention *t = &p->retention[i];
		int score = 0;

		if (t->zone[0]) {
			if (strcmp(t->zone, zone) != 0)
				continue;
			score += 2;
		}
		if (t->privacy[0]) {
			if (strcmp(t->privacy, privacy) != 0)
				continue;
			score += 1;
		}
		if (score > best_score) {
			best = t;
			best_score = score;
		}
	}
	return best;
}

void
policy_retention(const struct vg_policy *p, const char *privacy, const char *zone,
    int *days, int *min_days, const char **article)
{
	const struct pol_retention *best = retention_rule(p, privacy, zone);

	if (best != NULL) {
		*days = best->days;
		*min_days = best->min_days;
		*article = best->article;
	} else {
		*days = p->default_days;
		*min_days = p->default_min_days;
		*article = p->retention_article;
	}
}

int
policy_retention_max(const struct vg_policy *p, const char *privacy, const char *zone,
    const char **article)
{
	const struct pol_retention *best = retention_rule(p, privacy, zone);

	*article = best ? best->max_article : p->retention_max_article;
	return best ? best->max_days : p->default_max_days;
}

/* "30 days (at least 30, at most 30) per ART" for policy check. */
static void
describe_retention(struct vg_buf *b, int days, int min, int max, const char *art,
    const char *max_art)
{
	buf_printf(b, "%d days (at least %d", days, min);
	if (max)
		buf_printf(b, ", at most %d, then deleted unless held", max);
	else
		buf_puts(b, "; the policy states no maximum");
	buf_puts(b, ")");
	if (art[0])
		buf_printf(b, " per %s", art);
	if (max && strcmp(max_art, art) != 0)
		buf_printf(b, "; maximum per %s", max_art);
	buf_puts(b, "\n");
}

void
policy_describe(const struct vg_policy *p, struct vg_buf *b)
{
	buf_printf(b, "profile %s: %s\n", p->name, p->title);
	if (p->source[0])
		buf_printf(b, "source: %s\n", p->source);
	buf_puts(b, "\nroles:\n");
	for (size_t i = 0; i < p->nroles; i++) {
		const struct pol_role *ro = &p->roles[i];

		buf_printf(b, "  %-18s %s%s%s\n", ro->name, ro->title,
		    ro->needs_authorization ? " [register]" : "", ro->totp ? " [totp]" : "");
		buf_puts(b, "      caps:");
		for (size_t k = 0; k < ro->ncaps; k++)
			buf_printf(b, " %s", ro->caps[k]);
		buf_puts(b, ro->ncaps ? "\n" : " (none)\n");
		if (ro->article[0])
			buf_printf(b, "      per %s\n", ro->article);
	}
	if (p->nunits) {
		buf_puts(b, "\nunits:\n");
		for (size_t i = 0; i < p->nunits; i++)
			buf_printf(b, "  %-18s level %d%s%s  %s\n", p->units[i].id,
			    p->units[i].level, p->units[i].campus[0] ? "  campus " : "",
			    p->units[i].campus, p->units[i].name);
	}
	buf_puts(b, "\nretention: by default ");
	describe_retention(b, p->default_days, p->default_min_days, p->default_max_days,
	    p->retention_article, p->retention_max_article);
	for (size_t i = 0; i < p->nretention; i++) {
		const struct pol_retention *t = &p->retention[i];

		buf_printf(b, "  %s%s%s: ", t->privacy[0] ? t->privacy : "any class",
		    t->zone[0] ? ", zone " : "", t->zone);
		describe_retention(b, t->days, t->min_days, t->max_days, t->article, t->max_article);
	}
	policy_describe_requests(p, b);
	policy_describe_records(p, b);
	policy_describe_live(p, b);
}
