/* policy-destinations.c — where a copy may go: the profile's destination kinds and each route's. */
#include "core/gov/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/gov/policy-int.h"
#include "core/util.h"

POLICY_LOOKUP(policy_destination, pol_destination, destinations, id)

static int
load_destination(struct cfgr *r, config_setting_t *g, const char *where,
    const struct vg_policy *p, struct pol_destination *d)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", "agency",
	    "refuse", "refuse_zh", NULL };

	if (cfgr_only(r, g, where, keys) ||
	    cfgr_str(r, g, where, "id", NULL, &d->id) ||
	    policy_read_text(r, g, where, "title", d->id, &d->title) ||
	    cfgr_str(r, g, where, "article", "", &d->article) ||
	    cfgr_str(r, g, where, "agency", "", &d->agency) ||
	    policy_read_text(r, g, where, "refuse", "", &d->refuse))
		return -1;
	if (strcmp(d->id, "none") == 0)
		return cfgr_fail(r, g, where, "id", "%s",
		    _("\"none\" is built in: nothing left the viewing"));
	if (d->refuse.en[0] && !d->article[0])
		return cfgr_fail(r, g, where, "article", "%s", _("a refusal must cite its article"));
	if (d->agency[0] && policy_agency(p, d->agency) == NULL)
		return cfgr_fail(r, g, where, "agency", _("unknown agency \"%s\""), d->agency);
	return 0;
}

int
policy_load_destinations(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, config_root_setting(c), "", "destinations", &n, &failed);
	if (failed)
		return -1;
	p->destinations = xcalloc((size_t)n + 1, sizeof *p->destinations);
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		char where[40];

		snprintf(where, sizeof where, "destinations[%d]", i);
		p->ndestinations = (size_t)i + 1;
		if (load_destination(r, g, where, p, &p->destinations[i]) != 0)
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(p->destinations[j].id, p->destinations[i].id) == 0)
				return cfgr_fail(r, g, where, "id",
				    _("destination \"%s\" is defined twice"), p->destinations[i].id);
	}
	return 0;
}

/*
 * A route's destinations must be kinds of the profile that are not refused;
 * a route for copies must name at least one, so that where its copies may go
 * is a decision written in the profile rather than free text at the end.
 */
int
policy_load_route_destinations(struct cfgr *r, config_setting_t *g, const char *where,
    const struct vg_policy *p, struct pol_route *ro)
{
	int copies = 0;

	if (cfgr_strs(r, g, where, "destinations", &ro->destinations, &ro->ndestinations) != 0)
		return -1;
	for (size_t i = 0; i < ro->ndestinations; i++) {
		const struct pol_destination *d = policy_destination(p, ro->destinations[i]);

		if (d == NULL)
			return cfgr_fail(r, config_setting_get_member(g, "destinations"), where,
			    "destinations", _("unknown destination \"%s\""), ro->destinations[i]);
		if (d->refuse.en[0])
			return cfgr_fail(r, config_setting_get_member(g, "destinations"), where,
			    "destinations", _("destination \"%s\" is refused by the profile"), d->id);
	}
	for (size_t i = 0; i < ro->nkinds; i++)
		copies |= strcmp(ro->kinds[i], "copy") == 0;
	if (copies && !ro->refuse.en[0] && ro->ndestinations == 0)
		return cfgr_fail(r, g, where, "destinations", "%s",
		    _("a route for copies lists the destinations its copies may go to"));
	return 0;
}

void
policy_free_destinations(struct vg_policy *p)
{
	for (size_t i = 0; i < p->ndestinations; i++) {
		struct pol_destination *d = &p->destinations[i];

		free(d->id);
		policy_free_text(&d->title);
		free(d->article);
		free(d->agency);
		policy_free_text(&d->refuse);
	}
	free(p->destinations);
}

/* "police (Police), court (Court)": what a route allows, for a refusal. */
static char *
route_kinds(const struct vg_policy *p, const struct pol_route *ro)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < ro->ndestinations; i++) {
		const struct pol_destination *d = policy_destination(p, ro->destinations[i]);

		buf_printf(&b, "%s%s (%s)", i ? ", " : "", d->id, pol_tr(&d->title));
	}
	return buf_steal(&b);
}

int
policy_destination_allowed(const struct vg_policy *p, const struct pol_route *ro,
    const char *dest, const char *agency, struct vg_err *err)
{
	const struct pol_destination *d = dest ? policy_destination(p, dest) : NULL;
	char *kinds = route_kinds(p, ro);
	int r = -1;

	if (d == NULL)
		vg_seterr_field(err, VG_USAGE, "destination",
		    _("\"%s\" is not a destination of the %s profile; a copy under %s may go to: %s"),
		    dest ? dest : "", p->name, ro->id, kinds[0] ? kinds : _("nowhere"));
	else if (d->refuse.en[0])
		policy_refuse(err, "destination", d->article, "%s", pol_tr(&d->refuse));
	else if (!vg_strv_contains(ro->destinations, ro->ndestinations, d->id))
		policy_refuse(err, "destination", ro->article,
		    _("a copy under %s (%s) may go only to %s, not to %s"), ro->id,
		    pol_tr(&ro->title), kinds[0] ? kinds : _("nowhere"), pol_tr(&d->title));
	else if (d->agency[0] && (agency == NULL || strcmp(agency, d->agency) != 0))
		policy_refuse(err, "destination", d->article[0] ? d->article : ro->article,
		    _("a copy goes to %s only when %s asked for it, and this request is from %s"),
		    pol_tr(&d->title), pol_tr(&policy_agency(p, d->agency)->title),
		    agency && agency[0] ? agency : _("no outside body"));
	else
		r = 0;
	free(kinds);
	return r;
}

void
policy_describe_destinations(const struct vg_policy *p, struct vg_buf *b)
{
	if (p->ndestinations == 0) {
		buf_puts(b, "\ndestinations: none (no copy may leave a viewing)\n");
		return;
	}
	buf_puts(b, "\ndestinations (where a copy may go; \"none\": nothing left the viewing):\n");
	for (size_t i = 0; i < p->ndestinations; i++) {
		const struct pol_destination *d = &p->destinations[i];

		buf_printf(b, "  %-20s %s%s%s", d->id, pol_tr(&d->title),
		    d->article[0] ? "  per " : "", d->article);
		if (d->agency[0])
			buf_printf(b, "  [only for agency %s]", d->agency);
		buf_puts(b, "\n");
		if (d->refuse.en[0])
			buf_printf(b, "      always REFUSED: %s\n", pol_tr(&d->refuse));
	}
}
