/* screen-register.c — the authorised-personnel register: each entry's state, adding, renewing for the next school year, revoking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/register.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

/* At 80 columns the login, name, state and end; roles, training and the
 * scope or the reason it was revoked join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("LOGIN"), 10, 1, 0, 0 },
	{ N_("NAME"), 14, 2, 0, 0 },
	{ N_("STATE"), 14, 0, 0, 0 },
	{ N_("UNTIL"), 10, 0, 0, 0 },
	{ N_("ROLES"), 16, 1, 0, 0 },
	{ N_("TRAINED"), 10, 0, 2, 0 },
	{ N_("SCOPE / REASON"), 16, 2, 3, 0 },
};

static const struct ui_key keys[] = {
	{ "n", N_("add") }, { "e", N_("renew") }, { "x", N_("revoke") }, { "a", N_("all") },
	{ NULL, NULL }
};

char *
screen_register_waiting(struct ui *ui)
{
	int n = register_expiring_count(ui->site, ui->actor);

	if (n == 0)
		return xstrdup(_("no authorisation ends within 30 days"));
	return n == 1 ? xstrdup(_("1 authorisation ends within 30 days")) :
	    xasprintf(_("%d authorisations end within 30 days"), n);
}

static int
state_role(enum reg_state st)
{
	switch (st) {
	case REG_EXPIRING:
		return UI_WARN;
	case REG_EXPIRED:
	case REG_REVOKED:
		return UI_ERROR;
	case REG_RENEWED:
		return UI_DIM;
	default:
		return UI_NORMAL;
	}
}

static void
load(struct ui *ui, struct govlist *g)
{
	struct reg_entry *v;
	struct vg_err err;
	size_t n, soon = 0, shown = 0;

	if ((v = register_list(ui->site, ui->actor, &n, &err)) == NULL) {
		govlist_head(g, UI_ERROR, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], d1[32], d2[32];
		const char *cells[7] = { v[i].login, v[i].name, register_state_name(v[i].state),
			time_fmt_date(v[i].until_us, d1), v[i].roles,
			time_fmt_date(v[i].trained_on_us, d2),
			v[i].revoked_us ? v[i].revoke_reason : v[i].scope };

		soon += v[i].state == REG_EXPIRING;
		/* Without a: what holds now (valid, ending soon); a: every entry ever. */
		if (!g->all && v[i].state != REG_VALID && v[i].state != REG_EXPIRING)
			continue;
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		list_add(&g->list, id, state_role(v[i].state), cells);
		shown++;
	}
	govlist_head(g, soon ? UI_WARN : UI_NORMAL, g->all ? _("%zu entries, %zu ending within 30 "
	    "days (a: only those in force)") : _("%zu in force, %zu ending within 30 days (a: every "
	    "entry)"), shown, soon);
	register_free(v, n);
}

/* The login of a list row (its key is the entry's id). */
static char *
login_of(struct ui *ui, const char *key)
{
	struct reg_entry *v;
	struct vg_err err;
	char *login = NULL;
	size_t n;

	if (key == NULL || (v = register_list(ui->site, ui->actor, &n, &err)) == NULL)
		return NULL;
	for (size_t i = 0; i < n && login == NULL; i++) {
		char id[24];

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		if (strcmp(id, key) == 0)
			login = xstrdup(v[i].login);
	}
	register_free(v, n);
	return login;
}

/*---- Adding ----*/

static const struct ui_field_spec add_fields[] = {
	{ "login", N_("Person"), UF_CHOICE, 0, 0, 1, NULL },
	{ "trained_on", N_("Trained on"), UF_TEXT, 11, 10, 1, N_("YYYY-MM-DD") },
	{ "until", N_("Until"), UF_TEXT, 11, 10, 0, N_("empty: the next school year") },
	{ "scope", N_("Scope"), UF_TEXT, 0, 200, 0, NULL },
};

static int
form_date(struct ui_form *f, const char *field, int64_t *us, struct vg_err *err)
{
	const char *v = form_get(f, field);

	*us = 0;
	if (v[0] == '\0' || time_parse_date(v, us, err) == 0)
		return 0;
	snprintf(err->field, sizeof err->field, "%s", field);
	return -1;
}

static int
submit_add(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	int64_t trained, until;

	(void)ud;
	if (form_date(f, "trained_on", &trained, err) != 0 || form_date(f, "until", &until, err) != 0)
		return -1;
	if (authz_add(ui->site, ui->actor, form_get(f, "login"), trained, until,
	    form_get(f, "scope"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("%s is on the register."), form_get(f, "login"));
	return 0;
}

static void
open_add(struct ui *ui)
{
	struct ui_form *f = form_new(_("Add to the register"), add_fields, VG_ARRLEN(add_fields));
	struct vg_user **u;
	const char **vals, **labels;
	size_t n, k = 0;

	u = users_list(ui->site, &n);
	vals = xcalloc(n + 1, sizeof *vals);
	labels = xcalloc(n + 1, sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		if (u[i]->disabled)
			continue;
		vals[k] = u[i]->login;
		labels[k++] = xasprintf("%s · %s", u[i]->login, u[i]->name);
	}
	form_set_options(f, "login", k, vals, labels);
	if (k > 0)
		form_set(f, "login", vals[0]);
	form_set_note(f, _("HHKCS 2.1.5, 2.4.1: only people trained in safeguarding and data "
	    "security are authorised, until the start of the next school year."));
	for (size_t i = 0; i < k; i++)
		free((char *)labels[i]);
	free(vals);
	free(labels);
	users_free_list(u, n);
	ui_push(ui, screen_form_new(ui, f, submit_add, NULL, _("Add to the register")));
}

/*---- Renewing and revoking ----*/

static const struct ui_field_spec renew_fields[] = {
	{ "trained_on", N_("Trained on"), UF_TEXT, 11, 10, 0, N_("empty: as before") },
	{ "scope", N_("Scope"), UF_TEXT, 0, 200, 0, N_("empty: as before") },
};

static int
submit_renew(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *login = ud, *scope = form_get(f, "scope");
	int64_t trained, until;
	char d[32];

	if (form_date(f, "trained_on", &trained, err) != 0 ||
	    register_renew(ui->site, ui->actor, login, trained, scope[0] ? scope : NULL, &until,
	    err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("%s is authorised again until %s."), login,
	    time_fmt_date(until, d));
	return 0;
}

static const struct ui_field_spec revoke_fields[] = {
	{ "reason", N_("Reason"), UF_TEXT, 0, 500, 1, NULL },
};

static int
submit_revoke(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *login = ud;

	if (register_revoke(ui->site, ui->actor, login, form_get(f, "reason"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, _("The authorisation of %s is revoked."), login);
	return 0;
}

static void
open_person_form(struct ui *ui, const char *sel, int revoke)
{
	char *login = login_of(ui, sel), *title;
	struct ui_form *f;

	if (login == NULL)
		return;
	title = xasprintf(revoke ? _("Revoke %s") : _("Renew %s"), login);
	f = revoke ? form_new(title, revoke_fields, VG_ARRLEN(revoke_fields)) :
	    form_new(title, renew_fields, VG_ARRLEN(renew_fields));
	form_set_note(f, revoke ? _("The person can no longer use the system beyond filing a "
	    "request; open sessions end within seconds.") : _("HHKCS 2.4.1: authorised again for "
	    "the next school year."));
	ui_push(ui, screen_form_new(ui, f, revoke ? submit_revoke : submit_renew, login, title));
	free(title);
}

static int
key(struct ui *ui, struct govlist *g, wint_t ch, const char *sel)
{
	switch (ch) {
	case 'a':
		g->all = !g->all;
		return UI_HANDLED;
	case 'n':
		open_add(ui);
		return UI_HANDLED;
	case 'e':
	case 'x':
		open_person_form(ui, sel, ch == 'x');
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

static void
open_row(struct ui *ui, struct govlist *g, const char *key)
{
	(void)g;
	open_person_form(ui, key, 0);
}

static const struct govlist_def def = {
	cols, VG_ARRLEN(cols), N_("(nobody is on the register)"), keys, 10 * VG_USEC_PER_SEC,
	load, key, open_row, NULL
};

static const struct ui_screen_ops ops = GOVLIST_OPS(N_("Register"),
    N_("The authorised-personnel register (HHKCS 2.1.5, 2.4.1): who may operate the system, "
    "trained on what date, until when. Entries ending within 30 days are in yellow, expired "
    "and revoked ones in red. n adds a trained person; e (or Enter) renews the chosen person "
    "for the next school year; x revokes their authorisation with a reason. a shows every "
    "entry, also renewed, expired and revoked ones."));

struct ui_screen *
screen_register_new(struct ui *ui)
{
	struct vg_err err;

	if (actor_require(ui->site, ui->actor, "register.manage", &err) != 0) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return NULL;
	}
	return govlist_new(ui, &ops, &def);
}
