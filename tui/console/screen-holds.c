/* screen-holds.c — holds that keep footage past retention: the list, placing one, releasing one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/holds.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns: id, category, cameras, range and state; the end, who placed
 * it and why join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("ID"), 4, 0, 0, 1 },
	{ N_("CATEGORY"), 16, 2, 0, 0 },
	{ N_("CAMERAS"), 10, 1, 0, 0 },
	{ N_("RANGE"), 24, 0, 0, 0 },
	{ N_("STATE"), 12, 0, 0, 0 },
	{ N_("UNTIL"), 16, 0, 2, 0 },
	{ N_("PLACED BY"), 10, 0, 3, 0 },
	{ N_("REASON"), 16, 2, 4, 0 },
};

static const struct ui_key keys[] = {
	{ "p", N_("place") },
	{ "x", N_("release") },
	{ "a", N_("all") },
	{ "/", N_("filter") },
	{ NULL, NULL }
};

static void
load(struct ui *ui, struct govlist *g)
{
	struct vg_hold *v;
	struct vg_err err;
	size_t n;
	int64_t now = clock_now();

	if ((v = holds_list(ui->site, ui->actor, !g->all, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], until[32], *cams = vg_strv_join(v[i].cameras, v[i].ncameras, ", ");
		char *range = govui_range(v[i].from_us, v[i].to_us);
		const char *cells[8] = { id, govui_hold_title(ui, v[i].category), cams, range,
		    holds_state(&v[i], now), v[i].until_us ? govui_time(v[i].until_us, until) :
		    _("until released"), v[i].placed_by[0] ? v[i].placed_by : _("the system"),
		    v[i].reason };

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		list_add(&g->list, id, v[i].active ? UI_NORMAL : UI_DIM, cells);
		free(cams);
		free(range);
	}
	if (g->all)
		govlist_head(g, UI_NORMAL, ngettext("%zu hold, in force or not (a: only those in "
		    "force)", "%zu holds, in force or not (a: only those in force)",
		    (unsigned long)n), n);
	else
		govlist_head(g, UI_NORMAL, ngettext("%zu hold in force (a: all of them)",
		    "%zu holds in force (a: all of them)", (unsigned long)n), n);
	holds_free_list(v, n);
}

/*---- Placing ----*/

static const struct ui_field_spec place_fields[] = {
	{ "category", N_("Category"), UF_CHOICE, 0, 0, 1, NULL },
	{ "cameras", N_("Cameras"), UF_MULTI, 0, 0, 1, N_("Enter: choose") },
	{ "from", N_("From"), UF_DATETIME, 17, 16, 1, N_("YYYY-MM-DD HH:MM") },
	{ "to", N_("To"), UF_DATETIME, 17, 16, 1, N_("YYYY-MM-DD HH:MM") },
	{ "until", N_("Keep until"), UF_DATETIME, 17, 16, 0, N_("empty: the category's") },
	{ "reason", N_("Reason"), UF_TEXT, 0, 2000, 1, NULL },
};

static int
submit_place(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct hold_spec sp;
	const char **cams = NULL, *c;
	char **own = NULL, *ask, *range;
	size_t n = 0;
	int64_t id;
	int yes, r = -1;

	(void)ud;
	memset(&sp, 0, sizeof sp);
	for (c = form_get(f, "cameras"); *c;) {
		size_t k = strcspn(c, ",");

		own = xrealloc(own, (n + 1) * sizeof *own);
		own[n++] = xstrndup(c, k);
		c += k + (c[k] == ',');
	}
	cams = (const char **)own;
	sp.category = form_get(f, "category");
	sp.cameras = cams;
	sp.ncameras = n;
	sp.from_us = form_get_time(f, "from");
	sp.to_us = form_get_time(f, "to");
	sp.until_us = form_get_time(f, "until");
	sp.reason = form_get(f, "reason");
	if (holds_check(ui->site, ui->actor, &sp, err) != 0)
		goto out;
	range = govui_range(sp.from_us, sp.to_us);
	ask = xasprintf(_("Keep the footage of %s, %s, past its retention as \"%s\"?"),
	    form_get(f, "cameras"), range, govui_hold_title(ui, sp.category));
	yes = ui_dialog_confirm(ui, _("Place a hold"), ask);
	free(ask);
	free(range);
	if (!yes)
		vg_err_clear(err);
	else if (holds_place(ui->site, ui->actor, &sp, &id, err) == 0) {
		ui_message(ui, UI_GOOD, _("Hold %lld is placed."), (long long)id);
		r = 0;
	}
out:
	for (size_t i = 0; i < n; i++)
		free(own[i]);
	free(own);
	return r;
}

static void
open_place(struct ui *ui)
{
	const struct pol_hold **cats;
	struct req_camera *cams;
	struct vg_err err;
	struct ui_form *f;
	const char **vals, **labels;
	size_t ncats, ncams, most;

	if ((cams = holds_cameras(ui->site, ui->actor, &ncams, &err)) == NULL) {
		ui_dialog_message(ui, _("Cannot place a hold"), err.msg);
		return;
	}
	cats = holds_categories(ui->site, ui->actor, &ncats);
	most = ncats > ncams ? ncats : ncams;
	vals = xcalloc(most + 1, sizeof *vals);
	labels = xcalloc(most + 1, sizeof *labels);
	f = form_new(_("Keep footage past its retention"), place_fields, VG_ARRLEN(place_fields));
	for (size_t i = 0; i < ncats; i++) {
		vals[i] = cats[i]->id;
		labels[i] = cats[i]->title.en[0] ? pol_tr(&cats[i]->title) : cats[i]->id;
	}
	form_set_options(f, "category", ncats, vals, labels);
	if (ncats > 0)
		form_set(f, "category", cats[0]->id);
	for (size_t i = 0; i < ncams; i++) {
		vals[i] = cams[i].id;
		labels[i] = xasprintf("%s · %s%s%s", cams[i].id, cams[i].name,
		    cams[i].location[0] ? " · " : "", cams[i].location);
	}
	form_set_options(f, "cameras", ncams, vals, labels);
	for (size_t i = 0; i < ncams; i++)
		free((char *)labels[i]);
	free(vals);
	free(labels);
	free(cats);
	requests_free_cameras(cams, ncams);
	ui_push(ui, screen_form_new(ui, f, submit_place, NULL, _("Place a hold")));
}

/*---- Releasing ----*/

static const struct ui_field_spec release_fields[] = {
	{ "reason", N_("Reason"), UF_TEXT, 0, 2000, 0, N_("why it may go") },
};

static int
submit_release(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t id = *(int64_t *)ud;
	char *ask = xasprintf(_("Release hold %lld? Footage it kept may then leave retention."),
	    (long long)id);
	int yes = ui_dialog_confirm(ui, _("Release a hold"), ask);

	free(ask);
	if (!yes) {
		vg_err_clear(err);
		return -1;
	}
	if (holds_release(ui->site, ui->actor, id, form_get(f, "reason"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("Hold %lld is released."), (long long)id);
	return 0;
}

static void
open_release(struct ui *ui, const char *key)
{
	struct vg_hold *h;
	struct vg_err err;
	struct ui_form *f;
	long long id;
	int64_t *ud;
	char *title, *note, *range, *cams;

	if (vg_parse_int(key, 1, INT64_MAX, &id) != 0 || (h = holds_get(ui->site, id)) == NULL)
		return;
	if (holds_may_manage(ui->site, ui->actor, h->category, &err) != 0) {
		ui_dialog_message(ui, _("Cannot release"), err.msg);
		holds_free_list(h, 1);
		return;
	}
	title = xasprintf(_("Release hold %lld"), id);
	f = form_new(title, release_fields, VG_ARRLEN(release_fields));
	range = govui_range(h->from_us, h->to_us);
	cams = vg_strv_join(h->cameras, h->ncameras, ", ");
	note = xasprintf(_("%s: %s, %s.\nPlaced by %s: %s"), govui_hold_title(ui, h->category),
	    cams, range, h->placed_by[0] ? h->placed_by : _("the system"), h->reason);
	form_set_note(f, note);
	ud = xmalloc(sizeof *ud);
	*ud = id;
	ui_push(ui, screen_form_new(ui, f, submit_release, ud, _("Release a hold")));
	free(note);
	free(range);
	free(cams);
	free(title);
	holds_free_list(h, 1);
}

/*---- The screen ----*/

static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	(void)g;
	open_release(ui, key);
}

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	switch (ch) {
	case 'a':
		g->all = !g->all;
		return UI_HANDLED;
	case 'p':
		open_place(ui);
		return UI_HANDLED;
	case 'x':
		if (sel != NULL)
			open_release(ui, sel);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(no holds)"), keys, 5 * VG_USEC_PER_SEC, load, key, open_row,
	NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Holds"),
    N_("Holds keep footage past its retention, for an investigation or a case. p places "
    "one (the categories offered are those your roles may place); x or Enter releases the "
    "selected hold; a switches between the holds in force and all of them; r reloads."));

struct ui_screen *
screen_holds_new(struct ui *ui)
{
	return govlist_new(ui, &ops, &def);
}
