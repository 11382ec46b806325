/* policy-viewers.c — whom a route's viewings must count among their registered viewers. */
#include "core/gov/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/gov/policy-int.h"
#include "core/util.h"

/*
 * One requirement: { requester = true; } (the requester themself), or
 * { roles = [...]; unit = "requester_unit" | UNIT; } (someone holding one of
 * the roles, any role when none, in that unit); each with a title saying who
 * that is in the policy's words and the article.
 */
static int
load_req(struct cfgr *r, config_setting_t *e, const char *where, const struct pol_route *ro,
    const struct vg_policy *p, struct pol_viewer_req *q)
{
	static const char *const keys[] = { "title", "title_zh", "article", "requester", "roles",
	    "unit", NULL };
	char *unit = NULL;

	if (cfgr_only(r, e, where, keys) ||
	    policy_read_text(r, e, where, "title", NULL, &q->title) ||
	    cfgr_str(r, e, where, "article", ro->article, &q->article) ||
	    cfgr_bool(r, e, where, "requester", 0, &q->requester) ||
	    cfgr_strs(r, e, where, "roles", &q->roles, &q->nroles) ||
	    cfgr_str(r, e, where, "unit", "", &unit)) {
		free(unit);
		return -1;
	}
	q->requester_unit = strcmp(unit, "requester_unit") == 0;
	q->unit = q->requester_unit ? xstrdup("") : unit;
	if (q->requester_unit)
		free(unit);
	if (q->unit[0] && policy_unit(p, q->unit) == NULL)
		return cfgr_fail(r, e, where, "unit",
		    _("must be \"\", requester_unit or a unit of the profile, not \"%s\""), q->unit);
	for (size_t i = 0; i < q->nroles; i++)
		if (policy_role(p, q->roles[i]) == NULL)
			return cfgr_fail(r, config_setting_get_member(e, "roles"), where, "roles",
			    _("unknown role \"%s\""), q->roles[i]);
	if (q->requester && (q->nroles || q->unit[0] || q->requester_unit))
		return cfgr_fail(r, e, where, "requester", "%s",
		    _("the requester is one person: no roles or unit beside requester = true"));
	if (!q->requester && !q->nroles && !q->unit[0] && !q->requester_unit)
		return cfgr_fail(r, e, where, "roles", "%s",
		    _("say who: requester = true, or roles and/or a unit"));
	return 0;
}

int
policy_load_viewers_required(struct cfgr *r, config_setting_t *g, const char *where,
    const struct vg_policy *p, struct pol_route *ro)
{
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, g, where, "viewers_required", &n, &failed);
	if (failed)
		return -1;
	ro->viewers_required = xcalloc((size_t)n + 1, sizeof *ro->viewers_required);
	for (int i = 0; i < n; i++) {
		char w[80];

		snprintf(w, sizeof w, "%s.viewers_required[%d]", where, i);
		ro->nviewers_required = (size_t)i + 1;
		if (load_req(r, config_setting_get_elem(list, (unsigned)i), w, ro, p,
		    &ro->viewers_required[i]) != 0)
			return -1;
	}
	return 0;
}

void
policy_free_viewers_required(struct pol_route *ro)
{
	for (size_t i = 0; i < ro->nviewers_required; i++) {
		struct pol_viewer_req *q = &ro->viewers_required[i];

		policy_free_text(&q->title);
		free(q->article);
		cfgr_free_strs(q->roles, q->nroles);
		free(q->unit);
	}
	free(ro->viewers_required);
}

void
policy_describe_viewers_required(const struct pol_route *ro, struct vg_buf *b)
{
	for (size_t i = 0; i < ro->nviewers_required; i++) {
		const struct pol_viewer_req *q = &ro->viewers_required[i];
		char *roles = vg_strv_join(q->roles, q->nroles, "|");

		buf_printf(b, "    registered viewer required: %s (", pol_tr(&q->title));
		if (q->requester)
			buf_puts(b, "the requester");
		else
			buf_printf(b, "%s%s%s", q->nroles ? roles : "any role",
			    q->requester_unit ? " of requester_unit" : q->unit[0] ? " of " : "",
			    q->unit);
		buf_printf(b, ")  [%s]\n", q->article);
		free(roles);
	}
}
