/* gov-ui.c — wording shared by the governance screens: kinds, statuses, events, times, the profile's titles. */
#include "tui/console/gov-ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/coverage.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

char *
govui_time(int64_t us, char out[32])
{
	if (us == 0) {
		snprintf(out, 32, "-");
		return out;
	}
	time_fmt(us, out);
	out[16] = '\0';		/* to the minute */
	return out;
}

char *
govui_range(int64_t from_us, int64_t to_us)
{
	char a[32], b[32];

	govui_time(from_us, a);
	govui_time(to_us, b);
	if (strncmp(a, b, 10) == 0)
		return xasprintf("%s – %s", a, b + 11);
	return xasprintf("%s – %s", a, b);
}

const char *
govui_kind_label(const char *kind)
{
	return requests_kind_name(kind);
}

const char *
govui_privacy_label(const char *p)
{
	static const char *const classes[] = { N_("public"), N_("sensitive"), N_("interior") };

	for (size_t i = 0; i < VG_ARRLEN(classes); i++)
		if (strcmp(p, classes[i]) == 0)
			return _(classes[i]);
	return p;
}

int
govui_status_role(enum req_status st)
{
	switch (st) {
	case REQ_GRANTED: return UI_GOOD;
	case REQ_SUBMITTED: return UI_NORMAL;
	case REQ_REJECTED: return UI_ERROR;
	case REQ_DRAFT: return UI_WARN;
	default: return UI_DIM;
	}
}

const char *
govui_requester_kind_title(const struct ui *ui, const char *kind)
{
	const struct pol_kind *k = policy_kind(ui->site->pol, kind);

	return k ? pol_tr(&k->title) : kind;
}

const char *
govui_agency_title(const struct ui *ui, const char *agency)
{
	const struct pol_agency *a = policy_agency(ui->site->pol, agency);

	return a ? pol_tr(&a->title) : agency;
}

const char *
govui_hold_title(const struct ui *ui, const char *category)
{
	const struct pol_hold *h = policy_hold(ui->site->pol, category);

	return h && h->title.en[0] ? pol_tr(&h->title) : category;
}

const char *
govui_event_label(const char *what)
{
	return requests_event_name(what);
}

/* Zone kinds are the profile's own codes; the shipped profiles' are worded here. */
const char *
govui_zone_label(const char *zone)
{
	static const struct { const char *code, *words; } zones[] = {
		{ "entrance", N_("entrance") }, { "perimeter", N_("perimeter") },
		{ "corridor", N_("corridor") }, { "classroom", N_("classroom") },
		{ "office", N_("office") }, { "key_location", N_("key location") },
		{ "public_area", N_("public area") }, { "building", N_("building") },
		{ "exam_room", N_("exam room") }, { "laboratory", N_("laboratory") },
		{ "sports", N_("sports ground") }, { "research", N_("research area") },
		{ "gate", N_("gate") }, { "road", N_("road") }, { "dormitory", N_("dormitory") },
		{ "public_building", N_("public building") }, { "venue", N_("venue") },
		{ "exam_paper_room", N_("exam paper room") },
		{ "monitoring_centre", N_("monitoring centre") },
	};

	for (size_t i = 0; i < VG_ARRLEN(zones); i++)
		if (strcmp(zone, zones[i].code) == 0)
			return _(zones[i].words);
	return zone;
}

char *
govui_next(const struct vg_request *q)
{
	char t[32];

	if (q->current >= 0)
		return xasprintf(_("step %d: %s"), q->steps[q->current].step,
		    q->steps[q->current].title);
	if (q->report_due_us && !q->report_filed_us)
		return xasprintf(_("report due %s"), govui_time(q->report_due_us, t));
	if (q->status == REQ_GRANTED)
		return xasprintf(_("view until %s"), govui_time(q->grant_until_us, t));
	return xstrdup("");
}

/* Issue 11: what footage the range holds, one line per camera, so that no one
 * decides on an empty range unknowingly. */
char *
govui_footage(struct ui *ui, const struct vg_request *q, int *role)
{
	struct coverage *v;
	struct vg_err err;
	struct vg_buf b;
	size_t n;

	*role = UI_NORMAL;
	if (coverage_of(ui->site, ui->actor, q->cameras, q->ncameras, q->from_us, q->to_us, &v,
	    &n, &err) != 0)
		return xstrdup(err.msg);
	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		buf_printf(&b, "%s%s", i ? "\n" : "", v[i].line);
		if (v[i].recorded_us < v[i].range_us)
			*role = UI_WARN;
	}
	coverage_free(v, n);
	return buf_steal(&b);
}
