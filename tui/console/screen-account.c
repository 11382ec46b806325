/* screen-account.c — my account: login methods, registered keys, changing the password and the language. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/i18n.h"
#include "core/prefs.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/graphics.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"
#include "tui/console/widget-list.h"

static const struct ui_col key_cols[] = {
	{ N_("TYPE"), 12, 0, 0, 0 },
	{ N_("BITS"), 5, 0, 3, 1 },
	{ N_("FINGERPRINT"), 50, 0, 0, 0 },
	{ N_("COMMENT"), 10, 1, 2, 0 },
	{ N_("ADDED"), 10, 0, 4, 0 },
};

static const struct ui_key account_keys[] = {
	{ "p", N_("change password") },
	{ "l", N_("language") },
	{ "g", N_("pictures") },
	{ NULL, NULL }
};

static const struct ui_field_spec pw_fields[] = {
	{ "current", N_("Current password"), UF_PASSWORD, 0, 1024, 0,
	  N_("empty if you have none") },
	{ "new", N_("New password"), UF_PASSWORD, 0, 1024, 1, N_("at least 10 characters") },
	{ "repeat", N_("New password again"), UF_PASSWORD, 0, 1024, 1, NULL },
};

static const struct ui_field_spec lang_fields[] = {
	{ "language", N_("Language"), UF_CHOICE, 30, 0, 0, NULL },
};

static const struct ui_field_spec gfx_fields[] = {
	{ "graphics", N_("Pictures"), UF_CHOICE, 40, 0, 0,
	  N_("how footage is drawn on your terminal") },
};

struct account {
	struct vg_user	*user;
	char		*graphics;	/* the setting: auto, sixel, kitty, blocks, none */
	struct ui_list	 keys;
};

static void
load(struct ui *ui, struct account *a)
{
	struct user_key_info *k;
	size_t n;

	users_free(a->user);
	a->user = users_get(ui->site, ui->actor->login);
	free(a->graphics);
	a->graphics = prefs_graphics(ui->site, ui->actor);
	k = users_keys(ui->site, ui->actor->user_id, &n);
	list_begin(&a->keys);
	for (size_t i = 0; i < n; i++) {
		char bits[16], added[32], key[32];
		const char *cells[5];

		snprintf(bits, sizeof bits, "%d", k[i].bits);
		snprintf(key, sizeof key, "%lld", (long long)k[i].id);
		cells[0] = k[i].type;
		cells[1] = bits;
		cells[2] = k[i].fingerprint;
		cells[3] = k[i].comment;
		cells[4] = time_fmt_date(k[i].added_us, added);
		list_add(&a->keys, key, UI_NORMAL, cells);
	}
	list_end(&a->keys);
	users_free_keys(k, n);
}

static const char *
language_name(const char *code)
{
	if (strcmp(code, "zh_CN") == 0)
		return "简体中文";
	if (strcmp(code, "en") == 0)
		return "English";
	return _("as your terminal's LANG says, else the site's");
}

/* The graphics settings in the console's language. */
static const char *
graphics_name(const char *mode)
{
	static const struct { const char *mode, *label; } names[] = {
		{ "auto", N_("as the terminal answers") },
		{ "sixel", N_("sixel images") },
		{ "kitty", N_("kitty images") },
		{ "blocks", N_("coloured blocks") },
		{ "none", N_("no pictures, text only") },
	};

	for (size_t i = 0; i < VG_ARRLEN(names); i++)
		if (mode != NULL && strcmp(names[i].mode, mode) == 0)
			return _(names[i].label);
	return mode != NULL ? mode : "";
}

static void
account_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct account *a = s->data;
	const char *labels[6] = { _("Login:"), _("Name:"), _("Password:"), _("One-time code:"),
	    _("Language:"), _("Pictures:") };
	const char *vals[6];
	char *pictures;
	int lw = 0;

	if (a->user == NULL)
		return;
	pictures = xasprintf(_("%s (now: %s)"), graphics_name(a->graphics),
	    gfx_mode_name(gfx_mode(ui)));
	vals[0] = a->user->login;
	vals[1] = a->user->name;
	vals[2] = a->user->has_password ? _("set") : _("none (you log in with a key)");
	vals[3] = a->user->has_totp ? _("enrolled") : _("not enrolled");
	vals[4] = language_name(a->user->locale);
	vals[5] = pictures;
	for (int i = 0; i < 6; i++)
		if (ui_width(labels[i]) > lw)
			lw = ui_width(labels[i]);
	for (int i = 0; i < 6; i++) {
		ui_put(stdscr, y + 1 + i, x + 2, lw, labels[i], ui_attr(ui, UI_HEADER), 0);
		ui_put(stdscr, y + 1 + i, x + 3 + lw, w - 4 - lw, vals[i], A_NORMAL, 0);
	}
	free(pictures);
	ui_put(stdscr, y + 8, x + 2, w - 3, _("Your SSH keys (an administrator adds them):"),
	    ui_attr(ui, UI_HEADER), 0);
	a->keys.empty = N_("(no keys: you log in with your password)");
	list_draw(ui, &a->keys, y + 9, x, h - 9, w);
}

/*---- Change password ----*/

static int
submit_password(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	(void)ud;
	if (strcmp(form_get(f, "new"), form_get(f, "repeat")) != 0)
		return vg_seterr_field(err, VG_USAGE, "repeat", "%s",
		    _("the two new passwords differ"));
	if (auth_change_password(ui->site, ui->actor, form_get(f, "current"),
	    form_get(f, "new"), err) != 0)
		return -1;
	ui_message(ui, UI_GOOD, "%s", _("Your password has been changed."));
	return 0;
}

static void
open_password(struct ui *ui)
{
	struct ui_form *f = form_new(_("Change your password"), pw_fields, VG_ARRLEN(pw_fields));

	ui_push(ui, screen_form_new(ui, f, submit_password, NULL, _("Change password")));
}

/*---- Language ----*/

static int
submit_language(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *v = form_get(f, "language");

	(void)ud;
	if (users_set_locale(ui->site, ui->actor, ui->actor->login, v, err) != 0) {
		snprintf(err->field, sizeof err->field, "language");
		return -1;
	}
	console_language(ui, v);
	ui_message(ui, UI_GOOD, "%s", _("The console now speaks your language."));
	return 0;
}

static void
open_language(struct ui *ui, struct account *a)
{
	static const char *const values[] = { "", "en", "zh_CN" };
	const char *labels[3];
	struct ui_form *f = form_new(_("Console language"), lang_fields, VG_ARRLEN(lang_fields));

	labels[0] = language_name("");
	labels[1] = "English";
	labels[2] = "简体中文";
	form_set_options(f, "language", 3, values, labels);
	form_set(f, "language", a->user ? a->user->locale : "");
	ui_push(ui, screen_form_new(ui, f, submit_language, NULL, _("Language")));
}

/*---- Pictures ----*/

static int
submit_graphics(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	const char *v = form_get(f, "graphics");

	(void)ud;
	if (prefs_set_graphics(ui->site, ui->actor, v, err) != 0)
		return -1;
	gfx_apply_setting(ui, v);
	ui_message(ui, UI_GOOD, _("Footage is now drawn as: %s."), gfx_mode_name(gfx_mode(ui)));
	return 0;
}

static void
open_graphics(struct ui *ui, struct account *a)
{
	const char *labels[5];
	struct ui_form *f = form_new(_("Pictures of footage"), gfx_fields, VG_ARRLEN(gfx_fields));

	for (size_t i = 0; i < 5; i++)
		labels[i] = graphics_name(prefs_graphics_modes[i]);
	form_set_options(f, "graphics", 5, prefs_graphics_modes, labels);
	form_set(f, "graphics", a->graphics ? a->graphics : "auto");
	ui_push(ui, screen_form_new(ui, f, submit_graphics, NULL, _("Pictures")));
}

static int
account_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct account *a = s->data;

	if (!a->keys.filtering && !ev->is_key && ev->ch == 'g') {
		open_graphics(ui, a);
		return UI_HANDLED;
	}
	if (!a->keys.filtering && !ev->is_key && ev->ch == 'p') {
		open_password(ui);
		return UI_HANDLED;
	}
	if (!a->keys.filtering && !ev->is_key && ev->ch == 'l') {
		open_language(ui, a);
		return UI_HANDLED;
	}
	return list_screen_key(ui, &a->keys, ev, NULL, a);	/* a key row has nothing more */
}

static void
account_resume(struct ui *ui, struct ui_screen *s)
{
	load(ui, s->data);
}

static const struct ui_key *
account_keys_fn(struct ui *ui, struct ui_screen *s)
{
	struct account *a = s->data;

	(void)ui;
	return list_screen_keys(&a->keys, account_keys);
}

static const struct ui_key *
account_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct account *a = s->data;

	(void)ui;
	return list_help_keys(&a->keys);
}

static void
account_free(struct ui_screen *s)
{
	struct account *a = s->data;

	users_free(a->user);
	free(a->graphics);
	list_free(&a->keys);
	free(a);
}

static const struct ui_screen_ops account_ops = {
	.title = N_("My account"),
	.draw = account_draw,
	.key = account_key,
	.keys = account_keys_fn,
	.help_keys = account_help_keys,
	.resume = account_resume,
	.free = account_free,
	.help = N_("Your login and how you log in. p changes your password (you need the current "
	    "one); l sets the console's language for you; g chooses how footage is drawn on "
	    "your terminal (as it answers, sixel, kitty, coloured blocks or none). Keys are registered by an "
	    "administrator with vigil admin user key add; a one-time code is enrolled with "
	    "vigil admin user totp."),
};

struct ui_screen *
screen_account_new(struct ui *ui)
{
	struct account *a = xcalloc(1, sizeof *a);

	list_init(&a->keys, key_cols, VG_ARRLEN(key_cols), 0);
	load(ui, a);
	return ui_screen_new(&account_ops, a);
}
