/* screen-request-new.c — the new-request form: what, why, which cameras and when; who will approve, before filing. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* The fields, named as core names them in vg_err.field (requests.h). */
enum {
	F_KIND, F_REQUESTER, F_PURPOSE, F_CAMERAS, F_FROM, F_TO, F_VIEWERS, F_REASON,
	F_USE_UNTIL, F_EMERGENCY, F_AGENCY, F_LETTER, F_OFFICER, F_OFFICER_ID, F_CERTIFICATE,
	F_COUNT
};

static const struct ui_field_spec fields[F_COUNT] = {
	[F_KIND] = { "kind", N_("View or copy"), UF_CHOICE, 24, 0, 1, NULL },
	[F_REQUESTER] = { "requester_kind", N_("Requesting as"), UF_CHOICE, 0, 0, 1, NULL },
	[F_PURPOSE] = { "purpose", N_("Purpose"), UF_CHOICE, 0, 0, 1, NULL },
	[F_CAMERAS] = { "cameras", N_("Cameras"), UF_MULTI, 0, 0, 1,
	  N_("Enter: choose") },
	[F_FROM] = { "from", N_("From"), UF_DATETIME, 17, 16, 1, N_("YYYY-MM-DD HH:MM") },
	[F_TO] = { "to", N_("To"), UF_DATETIME, 17, 16, 1, N_("YYYY-MM-DD HH:MM") },
	[F_VIEWERS] = { "viewers", N_("Viewers"), UF_TEXT, 6, 20, 1,
	  N_("how many people will watch") },
	[F_REASON] = { "reason", N_("Reason"), UF_TEXT, 0, 2000, 1, NULL },
	[F_USE_UNTIL] = { "use_until", N_("Use until"), UF_DATETIME, 17, 16, 1,
	  N_("YYYY-MM-DD HH:MM") },
	[F_EMERGENCY] = { "emergency", N_("Emergency"), UF_CHOICE, 10, 0, 1, NULL },
	[F_AGENCY] = { "agency", N_("Agency"), UF_CHOICE, 0, 0, 1, NULL },
	[F_LETTER] = { "letter", N_("Official letter"), UF_TEXT, 0, 200, 1,
	  N_("its reference") },
	[F_OFFICER] = { "officer", N_("Officer"), UF_TEXT, 0, 200, 1, N_("name") },
	[F_OFFICER_ID] = { "officer_id", N_("Officer's ID"), UF_TEXT, 0, 200, 1, NULL },
	[F_CERTIFICATE] = { "certificate", N_("Certificate"), UF_TEXT, 0, 200, 0,
	  N_("police or judicial") },
};

struct newreq {
	struct ui	*ui;
	struct req_form	 rf;
	char		**cams;		/* the draft's cameras, from the last read */
	size_t		  ncams;
};

static void
free_cams(struct newreq *nr)
{
	for (size_t i = 0; i < nr->ncams; i++)
		free(nr->cams[i]);
	free(nr->cams);
	nr->cams = NULL;
	nr->ncams = 0;
}

static void
newreq_free(void *ud)
{
	struct newreq *nr = ud;

	requests_form_free(&nr->rf);
	free_cams(nr);
	free(nr);
}

static int
external_kind(struct newreq *nr, const char *kind)
{
	for (size_t i = 0; i < nr->rf.nkinds; i++)
		if (strcmp(nr->rf.kinds[i]->id, kind) == 0)
			return nr->rf.kinds[i]->external;
	return 0;
}

/*
 * The draft the form holds now; -1 when something the form itself checks
 * is missing or wrong (err says which field).  Strings point into the form.
 */
static int
read_draft(struct newreq *nr, struct ui_form *f, struct req_draft *d, struct vg_err *err)
{
	const char *v = form_get(f, "viewers"), *c;
	long long n = 1;

	memset(d, 0, sizeof *d);
	free_cams(nr);
	d->kind = form_get(f, "kind");
	d->requester_kind = form_get(f, "requester_kind");
	d->purpose = form_get(f, "purpose");
	d->reason = form_get(f, "reason");
	for (c = form_get(f, "cameras"); *c;) {
		size_t k = strcspn(c, ",");

		nr->cams = xrealloc(nr->cams, (nr->ncams + 1) * sizeof *nr->cams);
		nr->cams[nr->ncams++] = xstrndup(c, k);
		c += k + (c[k] == ',');
	}
	d->cameras = (const char **)nr->cams;
	d->ncameras = nr->ncams;
	d->from_us = form_get_time(f, "from");
	d->to_us = form_get_time(f, "to");
	/* Say what is wrong with the number given; how many the profile allows is
	 * core's to say (requests_preview). */
	if (v[0] && vg_parse_int(v, LLONG_MIN, LLONG_MAX, &n) != 0)
		return vg_seterr_field(err, VG_USAGE, "viewers",
		    _("\"%s\" is not a number of people: give a whole number, such as 2"), v);
	if (n < 1)
		return vg_seterr_field(err, VG_USAGE, "viewers",
		    _("%lld people cannot watch: at least 1 person must"), n);
	if (n > 999999)
		return vg_seterr_field(err, VG_USAGE, "viewers",
		    _("%lld people is far more than can view footage together"), n);
	d->viewers = (int)n;
	if (form_shown(f, "use_until"))
		d->use_until_us = form_get_time(f, "use_until");
	if (form_shown(f, "emergency"))
		d->emergency = strcmp(form_get(f, "emergency"), "yes") == 0;
	if (form_shown(f, "agency")) {
		d->agency = form_get(f, "agency");
		d->letter = form_get(f, "letter");
		d->officer = form_get(f, "officer");
		d->officer_id = form_get(f, "officer_id");
		d->certificate = form_get(f, "certificate");
	}
	if (d->from_us == 0 || d->to_us == 0)
		return vg_seterr_field(err, VG_USAGE, d->from_us ? "to" : "from", "%s",
		    _("this field is required"));
	return 0;
}

/* "Who will have to approve, in order: 1. ... 2. ..." with the conditions. */
static char *
describe_preview(const struct req_preview *pv)
{
	struct vg_buf b;

	buf_init(&b);
	if (pv->grant_on_submit || pv->nsteps == 0)
		buf_printf(&b, "%s", _("No approval is needed: it is granted when filed."));
	else {
		buf_printf(&b, "%s", _("Who will have to approve, in order:"));
		for (size_t i = 0; i < pv->nsteps; i++)
			buf_printf(&b, "\n  %d. %s [%s]%s", pv->steps[i].step, pv->steps[i].title,
			    pv->steps[i].article, pv->steps[i].comment_required ?
			    _(" (a written instruction)") : "");
	}
	for (size_t i = 0; i < pv->nconditions; i++)
		buf_printf(&b, "\n%s %s", i == 0 ? _("Conditions:") : "  ", pv->conditions[i]);
	return buf_steal(&b);
}

/* Shows the external authority's fields only for that kind, and who will approve. */
static void
on_change(struct ui_form *f, const char *name, void *ud)
{
	struct newreq *nr = ud;
	static const char *const ext[] = { "agency", "letter", "officer", "officer_id",
	    "certificate" };
	struct req_preview pv;
	struct req_draft d;
	struct vg_err err;
	int external = external_kind(nr, form_get(f, "requester_kind"));

	(void)name;
	for (size_t i = 0; i < VG_ARRLEN(ext); i++)
		form_show(f, ext[i], external);
	vg_err_clear(&err);
	if (read_draft(nr, f, &d, &err) == 0 &&
	    requests_preview(nr->ui->site, nr->ui->actor, &d, &pv, &err) == 0) {
		char *t = describe_preview(&pv);

		form_set_note(f, t);
		free(t);
		requests_preview_free(&pv);
	} else
		form_set_note(f, _("Who will have to approve is shown here once the form is "
		    "filled in."));
}

/*
 * Save: core checks the draft and says who must approve (a refusal lands
 * beside its field); the person confirms having seen it; core files it.
 */
static int
submit(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct newreq *nr = ud;
	struct req_preview pv;
	struct req_draft d;
	struct vg_request *q;
	char *ref = NULL, *text, *range, *cams, *ask;
	int yes;

	if (read_draft(nr, f, &d, err) != 0 ||
	    requests_preview(ui->site, ui->actor, &d, &pv, err) != 0)
		return -1;
	text = describe_preview(&pv);
	range = govui_range(d.from_us, d.to_us);
	cams = vg_strv_join(nr->cams, nr->ncams, ", ");
	ask = xasprintf(_("File this request to %s the footage of %s, %s?\n\n%s"),
	    govui_kind_label(d.kind), cams, range, text);
	yes = ui_dialog_confirm(ui, _("File the request"), ask);
	free(ask);
	free(cams);
	free(range);
	free(text);
	requests_preview_free(&pv);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	if (requests_create(ui->site, ui->actor, &d, 1, &ref, err) != 0)
		return -1;
	q = requests_get(ui->site, ui->actor, ref, err);
	if (q != NULL && q->current >= 0)
		ui_message(ui, UI_GOOD, _("Filed %s. It now waits for step 1: %s."), ref,
		    q->steps[q->current].title);
	else
		ui_message(ui, UI_GOOD, _("Filed %s: %s."), ref,
		    q ? requests_status_name(q->status) : "");
	requests_free(q);
	free(ref);
	return 0;
}

static void
set_choices(struct ui_form *f, struct newreq *nr)
{
	const struct req_form *rf = &nr->rf;
	static const char *const kinds[] = { "view", "copy" };
	static const char *const yesno[] = { "no", "yes" };
	const char *kind_labels[2] = { _("view footage"), _("copy footage") };
	const char *yn_labels[2] = { _("no"), _("yes") };
	size_t n = rf->nkinds > rf->npurposes ? rf->nkinds : rf->npurposes;
	const char **vals, **labels;

	if (rf->nagencies > n)
		n = rf->nagencies;
	if (rf->ncameras > n)
		n = rf->ncameras;
	vals = xcalloc(n + 1, sizeof *vals);
	labels = xcalloc(n + 1, sizeof *labels);
	form_set_options(f, "kind", 2, kinds, kind_labels);
	form_set(f, "kind", "view");
	for (size_t i = 0; i < rf->nkinds; i++) {
		vals[i] = rf->kinds[i]->id;
		labels[i] = pol_tr(&rf->kinds[i]->title);
	}
	form_set_options(f, "requester_kind", rf->nkinds, vals, labels);
	form_set(f, "requester_kind", rf->default_kind ? rf->default_kind : "");
	for (size_t i = 0; i < rf->npurposes; i++) {
		vals[i] = rf->purposes[i]->id;
		labels[i] = pol_tr(&rf->purposes[i]->title);
	}
	form_set_options(f, "purpose", rf->npurposes, vals, labels);
	for (size_t i = 0; i < rf->nagencies; i++) {
		vals[i] = rf->agencies[i]->id;
		labels[i] = pol_tr(&rf->agencies[i]->title);
	}
	form_set_options(f, "agency", rf->nagencies, vals, labels);
	/* Each camera with its name, location and privacy class. */
	for (size_t i = 0; i < rf->ncameras; i++) {
		const struct req_camera *c = &rf->cameras[i];

		vals[i] = c->id;
		labels[i] = xasprintf("%s · %s%s%s · %s", c->id, c->name, c->location[0] ? " · " : "",
		    c->location, govui_privacy_label(c->privacy));
	}
	form_set_options(f, "cameras", rf->ncameras, vals, labels);
	for (size_t i = 0; i < rf->ncameras; i++)
		free((char *)labels[i]);
	form_set_options(f, "emergency", 2, yesno, yn_labels);
	form_set(f, "emergency", "no");
	free(vals);
	free(labels);
}

/* F2: the reference views of the cameras ticked, or of all offered (issue 11). */
static void
show_views(struct ui *ui, struct ui_form *f, void *ud)
{
	struct newreq *nr = ud;
	size_t n;
	char **cams = vg_split_list(form_get(f, "cameras"), &n);

	if (n == 0) {
		vg_strv_free(cams, n);
		cams = xcalloc(nr->rf.ncameras + 1, sizeof *cams);
		for (n = 0; n < nr->rf.ncameras; n++)
			cams[n] = xstrdup(nr->rf.cameras[n].id);
	}
	ui_push(ui, screen_views_new(ui, cams, n));
	vg_strv_free(cams, n);
}

struct ui_screen *
screen_request_new(struct ui *ui)
{
	struct newreq *nr = xcalloc(1, sizeof *nr);
	struct ui_form *f;
	struct ui_screen *s;
	struct vg_err err;

	nr->ui = ui;
	if (requests_form(ui->site, ui->actor, &nr->rf, &err) != 0) {
		ui_dialog_message(ui, _("New request"), err.msg);
		newreq_free(nr);
		return NULL;
	}
	f = form_new(_("Request to view or copy footage"), fields, F_COUNT);
	set_choices(f, nr);
	form_set(f, "viewers", "1");
	form_show(f, "use_until", nr->rf.use_until);
	form_show(f, "emergency", nr->rf.emergency);
	form_on_change(f, on_change, nr);
	on_change(f, "", nr);
	s = screen_form_new(ui, f, submit, nr, _("New request"));
	screen_form_set_free(s, newreq_free);
	screen_form_set_key(s, KEY_F(2), "F2", N_("camera views"), show_views);
	return s;
}
