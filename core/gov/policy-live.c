/* policy-live.c — the profile's `live` group: which cameras the live view may show, and to whom. */
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/gov/policy-int.h"
#include "core/gov/policy.h"
#include "core/util.h"

/*
 * live = { interior_article = "HHKCS 2.2.5";
 *          sensitive_roles = [ "security_head" ]; sensitive_article = "..."; };
 * All optional.  Without sensitive_roles every live.view role sees sensitive
 * cameras; interior cameras are never shown, whatever the profile says
 * (DESIGN §6: a hard rule), the article only says where it is written.
 */
int
policy_load_live(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "interior_article", "sensitive_roles",
	    "sensitive_article", NULL };
	config_setting_t *g = config_lookup(c, "live");
	struct pol_live *l = &p->live;

	if (g == NULL)
		g = config_root_setting(c);
	else if (!config_setting_is_group(g))
		return cfgr_fail(r, g, "", "live", "%s", _("must be a group { ... }"));
	else if (cfgr_only(r, g, "live", keys) != 0)
		return -1;
	l->sensitive_limited = config_setting_get_member(g, "sensitive_roles") != NULL &&
	    g != config_root_setting(c);
	if (cfgr_str(r, g, "live", "interior_article", "", &l->interior_article) ||
	    cfgr_str(r, g, "live", "sensitive_article", "", &l->sensitive_article))
		return -1;
	if (!l->sensitive_limited)
		return 0;
	if (cfgr_strs(r, g, "live", "sensitive_roles", &l->sensitive_roles,
	    &l->nsensitive_roles) != 0)
		return -1;
	for (size_t i = 0; i < l->nsensitive_roles; i++)
		if (policy_role(p, l->sensitive_roles[i]) == NULL)
			return cfgr_fail(r, config_setting_get_member(g, "sensitive_roles"), "live",
			    "sensitive_roles", _("\"%s\" is not a role of this profile"),
			    l->sensitive_roles[i]);
	return 0;
}

void
policy_free_live(struct vg_policy *p)
{
	free(p->live.interior_article);
	free(p->live.sensitive_article);
	cfgr_free_strs(p->live.sensitive_roles, p->live.nsensitive_roles);
	memset(&p->live, 0, sizeof p->live);
}

void
policy_describe_live(const struct vg_policy *p, struct vg_buf *b)
{
	const struct pol_live *l = &p->live;

	buf_puts(b, "\nlive view:\n  interior cameras: never shown");
	if (l->interior_article[0])
		buf_printf(b, " per %s", l->interior_article);
	buf_puts(b, "\n  sensitive cameras: ");
	if (!l->sensitive_limited)
		buf_puts(b, "every role with live.view");
	else if (l->nsensitive_roles == 0)
		buf_puts(b, "no role");
	else
		for (size_t i = 0; i < l->nsensitive_roles; i++)
			buf_printf(b, "%s%s", i ? ", " : "", l->sensitive_roles[i]);
	if (l->sensitive_limited && l->sensitive_article[0])
		buf_printf(b, " per %s", l->sensitive_article);
	buf_puts(b, "\n");
}
