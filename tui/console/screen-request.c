/* screen-request.c — one request: what was asked, the approval steps, the viewings and the whole timeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "core/gov/viewings.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-text.h"

/* The actions core allows now, each with its key. */
static const struct {
	int		 act;
	const char	*key;
	const char	*what;
	void		(*run)(struct ui *, const char *ref);
} actions[] = {
	{ REQ_ACT_DECIDE, "a", N_("approve"), govui_approve },
	{ REQ_ACT_DECIDE, "x", N_("reject"), govui_reject },
	{ REQ_ACT_VIEW, "v", N_("start viewing"), govui_viewing_start },
	{ REQ_ACT_SUBMIT, "s", N_("submit"), govui_submit },
	{ REQ_ACT_REPORT, "u", N_("report"), govui_report },
	{ REQ_ACT_WITHDRAW, "w", N_("withdraw"), govui_withdraw },
};

struct detail {
	char		*ref;
	struct ui_text	 text;
	int		 acts;
	struct ui_key	 keys[VG_ARRLEN(actions) + 4];
};

static void
add_steps(struct ui_text *t, const struct vg_request *q)
{
	char when[32];

	text_heading(t, _("Approval steps"));
	if (q->nsteps == 0)
		text_para(t, 2, UI_NORMAL, _("none: granted when filed"));
	for (size_t i = 0; i < q->nsteps; i++) {
		const struct req_step *x = &q->steps[i];
		char *line;

		if (x->decision[0])
			line = xasprintf(_("%d. %s [%s]: %s by %s (%s) %s%s%s"), x->step, x->title,
			    x->article, strcmp(x->decision, "approved") == 0 ? _("approved") :
			    _("rejected"), x->signer_name, x->signer, govui_time(x->decided_us, when),
			    x->comment[0] ? " · " : "", x->comment);
		else
			line = xasprintf(_("%d. %s [%s]: %s"), x->step, x->title, x->article,
			    (int)i == q->current ? _("waiting") : _("not yet"));
		text_para(t, 2, x->decision[0] == 'r' ? UI_ERROR : x->decision[0] ? UI_GOOD :
		    (int)i == q->current ? UI_WARN : UI_DIM, line);
		free(line);
	}
}

static void
add_viewings(struct ui *ui, struct ui_text *t, const struct vg_request *q)
{
	size_t n;
	struct vg_viewing *v = viewings_list(ui->site, ui->actor, q->ref, &n);
	char a[32];

	if (n > 0)
		text_heading(t, _("Viewings"));
	for (size_t i = n; i-- > 0;) {
		struct vg_buf w;
		char *line, *range;

		buf_init(&w);
		buf_puts(&w, "");
		for (size_t k = 0; k < v[i].npeople; k++)
			buf_printf(&w, _("%s%s (%s)"), k ? _(", ") : "", v[i].people[k].name,
			    v[i].people[k].id_number);
		range = v[i].ended_us ? govui_range(v[i].started_us, v[i].ended_us) :
		    xasprintf(_("%s, still running"), govui_time(v[i].started_us, a));
		line = xasprintf(_("Viewing %lld run by %s (%s), %s. Viewers: %s."),
		    (long long)v[i].id, v[i].operator_name, v[i].operator_login, range, w.s);
		free(range);
		text_para(t, 2, v[i].ended_us ? UI_NORMAL : UI_WARN, line);
		free(line);
		if (v[i].notes[0] || v[i].destination[0]) {
			char *copy = !v[i].copied ? xstrdup("") : v[i].exports[0] ?
			    xasprintf(_(" (a copy was handed over: export %s)"), v[i].exports) :
			    xstrdup(_(" (a copy was handed over)"));

			line = xasprintf(_("Notes: %s. Footage went to: %s%s."),
			    v[i].notes[0] ? v[i].notes : "-", v[i].destination[0] ?
			    v[i].destination : "-", copy);
			free(copy);
			text_para(t, 4, UI_DIM, line);
			free(line);
		}
		buf_free(&w);
	}
	if (n > 0 && viewings_ids_masked(ui->site, ui->actor))
		text_para(t, 2, UI_DIM, _("ID numbers show only their last four characters: your "
		    "roles do not read the record in full."));
	viewings_free_list(v, n);
}

static void
add_timeline(struct ui *ui, struct ui_text *t, const struct vg_request *q)
{
	size_t n;
	struct req_event *ev = requests_timeline(ui->site, q, &n);

	text_heading(t, _("Timeline"));
	for (size_t i = 0; i < n; i++) {
		char when[32], *line;

		line = xasprintf("%s%s%s%s%s", govui_event_label(ev[i].what),
		    ev[i].who[0] ? " · " : "", ev[i].who, ev[i].detail[0] ? " · " : "",
		    ev[i].detail);
		text_field(t, govui_time(ev[i].ts_us, when), line,
		    strcmp(ev[i].what, "report_overdue") == 0 ? UI_ERROR :
		    strcmp(ev[i].what, "report_due") == 0 ? UI_WARN : UI_NORMAL);
		free(line);
	}
	requests_free_timeline(ev, n);
}

static void
load(struct ui *ui, struct detail *d, struct vg_request *q)
{
	struct ui_text *t = &d->text;
	char *cams = vg_strv_join(q->cameras, q->ncameras, ", "), *range = govui_range(q->from_us, q->to_us);
	char *who, *s, a[32];
	size_t k = 0;
	int role;

	text_clear(t);
	s = xasprintf("%s · %s", q->ref, requests_status_name(q->status));
	text_heading(t, s);
	free(s);
	who = xasprintf("%s (%s)%s%s", q->requester_name, q->requester,
	    q->requester_unit[0] ? ", " : "", q->requester_unit[0] ?
	    policy_unit_name(ui->site->pol, q->requester_unit) : "");
	text_field(t, _("Requester"), who, UI_NORMAL);
	free(who);
	text_field(t, _("As"), govui_requester_kind_title(ui, q->requester_kind), UI_NORMAL);
	s = xasprintf("%s%s", govui_kind_label(q->kind), q->emergency ? _(" (emergency)") : "");
	text_field(t, _("Kind"), s, UI_NORMAL);
	free(s);
	text_field(t, _("Purpose"), q->purpose_title, UI_NORMAL);
	text_field(t, _("Reason"), q->reason, UI_NORMAL);
	text_field(t, _("Cameras"), cams, UI_NORMAL);
	text_field(t, _("Range"), range, UI_NORMAL);
	s = govui_footage(ui, q, &role);
	text_field(t, _("Footage"), s, role);
	free(s);
	s = xasprintf("%d", q->viewers);
	text_field(t, _("Viewers"), s, UI_NORMAL);
	free(s);
	if (q->agency[0]) {
		s = xasprintf(_("%s, letter %s, officer %s (ID %s)%s%s"),
		    govui_agency_title(ui, q->agency), q->letter, q->officer, q->officer_id,
		    q->certificate[0] ? _(", certificate ") : "", q->certificate);
		text_field(t, _("Agency"), s, UI_NORMAL);
		free(s);
	}
	if (q->use_until_us)
		text_field(t, _("Use until"), govui_time(q->use_until_us, a), UI_NORMAL);
	if (q->grant_until_us)
		text_field(t, _("Granted until"), govui_time(q->grant_until_us, a),
		    q->status == REQ_GRANTED ? UI_GOOD : UI_NORMAL);
	if (q->report_filed_us)
		text_field(t, _("Usage report"), q->report_text, UI_NORMAL);
	free(cams);
	free(range);
	add_steps(t, q);
	add_viewings(ui, t, q);
	add_timeline(ui, t, q);
	d->acts = requests_actions(ui->site, ui->actor, q);
	for (size_t i = 0; i < VG_ARRLEN(actions); i++)
		if (d->acts & actions[i].act)
			d->keys[k++] = (struct ui_key){ actions[i].key, actions[i].what };
	d->keys[k++] = (struct ui_key){ "c", N_("views") };
	d->keys[k++] = (struct ui_key){ "↑↓", N_("scroll") };
	d->keys[k] = (struct ui_key){ NULL, NULL };
}

/* Reloads; a request that can no longer be seen closes the screen. */
static int
reload(struct ui *ui, struct detail *d)
{
	struct vg_err err;
	struct vg_request *q = requests_get(ui->site, ui->actor, d->ref, &err);

	if (q == NULL) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return -1;
	}
	load(ui, d, q);
	requests_free(q);
	return 0;
}

static void
detail_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct detail *d = s->data;

	text_draw(ui, &d->text, y, x, h, w);
}

/* The reference view of each camera asked for (issue 11): which view, not the incident. */
static void
show_views(struct ui *ui, struct detail *d)
{
	struct vg_err err;
	struct vg_request *q = requests_get(ui->site, ui->actor, d->ref, &err);

	if (q == NULL) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return;
	}
	ui_push(ui, screen_views_new(ui, q->cameras, q->ncameras));
	requests_free(q);
}

static int
detail_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct detail *d = s->data;

	if (text_key(&d->text, ev) == UI_HANDLED)
		return UI_HANDLED;
	if (ev->is_key)
		return UI_UNHANDLED;
	if (ev->ch == 'r') {
		if (reload(ui, d) == 0)
			ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	if (ev->ch == 'c') {
		show_views(ui, d);
		return UI_HANDLED;
	}
	for (size_t i = 0; i < VG_ARRLEN(actions); i++)
		if ((d->acts & actions[i].act) && ev->ch == (wint_t)actions[i].key[0]) {
			char *ref = xstrdup(d->ref);

			actions[i].run(ui, ref);
			/* A form pushed over this screen reloads it when it closes. */
			if (ui_top(ui) == s)
				reload(ui, d);
			free(ref);
			return UI_HANDLED;
		}
	return UI_UNHANDLED;
}

static void
detail_resume(struct ui *ui, struct ui_screen *s)
{
	reload(ui, s->data);
}

static const struct ui_key *
detail_keys(struct ui *ui, struct ui_screen *s)
{
	struct detail *d = s->data;

	(void)ui;
	return d->keys;
}

static void
detail_free(struct ui_screen *s)
{
	struct detail *d = s->data;

	text_free(&d->text);
	free(d->ref);
	free(d);
}

static const struct ui_screen_ops detail_ops = {
	.title = N_("Request"),
	.draw = detail_draw,
	.key = detail_key,
	.keys = detail_keys,
	.resume = detail_resume,
	.free = detail_free,
	.help = N_("One request: who asked, for what, which cameras and times; each approval "
	    "step with who signed it and what they wrote; the viewings with their viewers; and "
	    "the timeline from filing to the usage report. The status line shows what you may "
	    "do with it now: approve or reject it, start a viewing, withdraw it, or file the "
	    "usage report. r reloads."),
};

struct ui_screen *
screen_request_detail(struct ui *ui, const char *ref)
{
	struct detail *d = xcalloc(1, sizeof *d);
	struct ui_screen *s;

	d->ref = xstrdup(ref);
	text_init(&d->text);
	if (reload(ui, d) != 0) {
		text_free(&d->text);
		free(d->ref);
		free(d);
		return NULL;
	}
	s = ui_screen_new(&detail_ops, d);
	snprintf(s->title, sizeof s->title, _("Request %s"), ref);
	return s;
}
