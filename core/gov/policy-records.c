/* policy-records.c — the records side of a profile: duty event kinds, fault deadlines, their articles. */
#include "core/gov/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cfgread.h"
#include "core/gov/policy-int.h"
#include "core/util.h"

/* What a profile without a records group gets: the kinds issue 14 names. */
static const struct {
	const char *id, *en, *zh;
} default_kinds[] = {
	{ "patrol", "Patrol", "巡查" },
	{ "incident", "Incident", "异常情况" },
	{ "camera_fault", "Camera or equipment fault", "设备故障" },
	{ "visitor", "Visitor", "来访人员" },
	{ "other", "Other", "其他" },
};

#define DEFAULT_FIX_DAYS 7

const struct pol_duty_kind *
policy_duty_kind(const struct vg_policy *p, const char *id)
{
	return POLICY_FIND(p->records.duty_kinds, p->records.nduty_kinds, id, id);
}

static void
default_records(struct pol_records *rc)
{
	rc->duty_kinds = xcalloc(VG_ARRLEN(default_kinds), sizeof *rc->duty_kinds);
	for (size_t i = 0; i < VG_ARRLEN(default_kinds); i++) {
		rc->duty_kinds[i].id = xstrdup(default_kinds[i].id);
		rc->duty_kinds[i].title.en = xstrdup(default_kinds[i].en);
		rc->duty_kinds[i].title.zh = xstrdup(default_kinds[i].zh);
		rc->duty_kinds[i].article = xstrdup("");
	}
	rc->nduty_kinds = VG_ARRLEN(default_kinds);
}

static int
load_kinds(struct cfgr *r, config_setting_t *g, struct pol_records *rc)
{
	static const char *const keys[] = { "id", "title", "title_zh", "article", NULL };
	config_setting_t *list;
	int n, failed;

	list = cfgr_list(r, g, "records", "duty_event_kinds", &n, &failed);
	if (failed)
		return -1;
	if (n == 0) {
		default_records(rc);
		return 0;
	}
	rc->duty_kinds = xcalloc((size_t)n, sizeof *rc->duty_kinds);
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
		struct pol_duty_kind *k = &rc->duty_kinds[i];
		char where[48];

		snprintf(where, sizeof where, "records.duty_event_kinds[%d]", i);
		rc->nduty_kinds = (size_t)i + 1;
		if (cfgr_only(r, e, where, keys) ||
		    cfgr_str(r, e, where, "id", NULL, &k->id) ||
		    cfgr_str(r, e, where, "title", k->id, &k->title.en) ||
		    cfgr_str(r, e, where, "title_zh", k->title.en, &k->title.zh) ||
		    cfgr_str(r, e, where, "article", "", &k->article))
			return -1;
		for (int j = 0; j < i; j++)
			if (strcmp(rc->duty_kinds[j].id, k->id) == 0)
				return cfgr_fail(r, e, where, "id",
				    _("duty event kind \"%s\" is defined twice"), k->id);
	}
	return 0;
}

int
policy_load_records(struct cfgr *r, config_t *c, struct vg_policy *p)
{
	static const char *const keys[] = { "duty_article", "duty_event_kinds", "alarm_kind",
	    "room_article", "equipment_article", "fault_fix_days", "fault_article", NULL };
	config_setting_t *g = config_lookup(c, "records");
	struct pol_records *rc = &p->records;

	if (g == NULL)
		g = config_root_setting(c);	/* absent: every default below */
	else if (!config_setting_is_group(g))
		return cfgr_fail(r, g, "", "records", "%s", _("must be a group { ... }"));
	else if (cfgr_only(r, g, "records", keys) != 0)
		return -1;
	if (load_kinds(r, g, rc) ||
	    cfgr_str(r, g, "records", "duty_article", "", &rc->duty_article) ||
	    cfgr_str(r, g, "records", "alarm_kind", rc->duty_kinds[rc->nduty_kinds - 1].id,
	    &rc->alarm_kind) ||
	    cfgr_str(r, g, "records", "room_article", "", &rc->room_article) ||
	    cfgr_str(r, g, "records", "equipment_article", "", &rc->equipment_article) ||
	    cfgr_int(r, g, "records", "fault_fix_days", DEFAULT_FIX_DAYS, 1, 365,
	    &rc->fault_fix_days) ||
	    cfgr_str(r, g, "records", "fault_article", "", &rc->fault_article))
		return -1;
	if (policy_duty_kind(p, rc->alarm_kind) == NULL)
		return cfgr_fail(r, config_setting_get_member(g, "alarm_kind") ?
		    config_setting_get_member(g, "alarm_kind") : g, "records", "alarm_kind",
		    _("\"%s\" is not one of the duty_event_kinds"), rc->alarm_kind);
	return 0;
}

void
policy_free_records(struct vg_policy *p)
{
	struct pol_records *rc = &p->records;

	for (size_t i = 0; i < rc->nduty_kinds; i++) {
		free(rc->duty_kinds[i].id);
		free(rc->duty_kinds[i].title.en);
		free(rc->duty_kinds[i].title.zh);
		free(rc->duty_kinds[i].article);
	}
	free(rc->duty_kinds);
	free(rc->alarm_kind);
	free(rc->duty_article);
	free(rc->room_article);
	free(rc->equipment_article);
	free(rc->fault_article);
}

static void
per(struct vg_buf *b, const char *article)
{
	if (article != NULL && article[0])
		buf_printf(b, "  [%s]", article);
	buf_puts(b, "\n");
}

void
policy_describe_records(const struct vg_policy *p, struct vg_buf *b)
{
	const struct pol_records *rc = &p->records;

	buf_puts(b, "\nduty log: shifts, events and handovers");
	per(b, rc->duty_article);
	buf_puts(b, "  duty event kinds:\n");
	for (size_t i = 0; i < rc->nduty_kinds; i++) {
		const struct pol_duty_kind *k = &rc->duty_kinds[i];

		buf_printf(b, "    %-18s %s%s", k->id, pol_tr(&k->title),
		    strcmp(k->id, rc->alarm_kind) == 0 ? " (camera alarms)" : "");
		per(b, k->article);
	}
	buf_puts(b, "control-room entry log: name, ID, organisation, reason, escort, in and out");
	per(b, rc->room_article);
	buf_puts(b, "equipment: inventory and inspections");
	per(b, rc->equipment_article);
	buf_printf(b, "faults: fixed within %d days (fault_fix_days), else overdue", rc->fault_fix_days);
	per(b, rc->fault_article);
}
