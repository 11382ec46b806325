/* widget-form.c — the form widget: libform fields, libmenu pickers, checks and messages beside fields. */
#include "tui/console/widget-form.h"

#include <form.h>
#include <menu.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/util.h"

#define LABEL_MAX 24	/* cells for labels at most */
#define MSG_MIN 30	/* cells kept beside a field for its message */
#define FIELD_MAX 44	/* cells of a field at most */
#define MSG_CHOICE_MIN 12	/* cells kept beside a choice widened for its options */

struct ffield {
	const struct ui_field_spec	*spec;
	char				*value;		/* authoritative between rebuilds */
	char				**opt_values;
	char				**opt_labels;
	size_t				 nopts;
	char				*error;
	FIELD				*f;		/* NULL while hidden */
	int				 fw;		/* cells of the field as built */
	int				 hidden;
	int				 row;		/* among the shown fields */
};

struct ui_form {
	char		 *title;
	struct ffield	 *fields;
	size_t		  n;
	FIELD		**ff;		/* the shown fields, 2 buttons, NULL */
	int		 *map;		/* ff index -> field index; buttons n, n + 1 */
	size_t		  nshown;
	FORM		 *form;
	WINDOW		 *win, *sub;
	struct ui	 *ui;		/* from the last draw: rebuilds when fields show or hide */
	int		  y, x, h, w;	/* geometry the form was built for */
	int		  labelw, fieldw;
	char		 *general;	/* a message for no field */
	char		 *note;		/* text under the buttons */
	int		  focus;	/* field index (n, n + 1: the buttons), kept across rebuilds */
	form_change_fn	  on_change;
	void		 *change_ud;
};

static void	teardown(struct ui_form *);
static void	build(struct ui *, struct ui_form *, int, int, int, int);

static const struct ui_key keys_text[] = {
	{ "Tab", N_("next field") },
	{ "Enter", N_("next") },
	{ "Esc", N_("cancel") },
	{ NULL, NULL }
};
static const struct ui_key keys_choice[] = {
	{ "←→", N_("change") },
	{ "Enter", N_("choose") },
	{ "Tab", N_("next field") },
	{ "Esc", N_("cancel") },
	{ NULL, NULL }
};
static const struct ui_key keys_button[] = {
	{ "Enter", N_("press") },
	{ "Tab", N_("next field") },
	{ "Esc", N_("cancel") },
	{ NULL, NULL }
};

/*---- Values ----*/

static struct ffield *
find(struct ui_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].spec->name, name) == 0)
			return &f->fields[i];
	return NULL;
}

static int
is_text(const struct ffield *fd)
{
	return fd->spec->kind == UF_TEXT || fd->spec->kind == UF_PASSWORD ||
	    fd->spec->kind == UF_DATETIME;
}

/* libform keeps what is typed; copy it out (trailing padding removed). */
static void
sync_from_form(struct ui_form *f)
{
	if (f->form == NULL)
		return;
	form_driver(f->form, REQ_VALIDATION);
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];
		char *b;
		size_t len;

		if (!is_text(fd) || fd->f == NULL)
			continue;
		b = xstrdup(field_buffer(fd->f, 0));
		len = strlen(b);
		while (len > 0 && b[len - 1] == ' ')
			b[--len] = '\0';
		/* Unchanged values keep their storage: form_get results stay valid. */
		if (strcmp(b, fd->value) == 0) {
			free(b);
			continue;
		}
		free(fd->value);
		fd->value = b;
	}
}

static const char *
label_of(const struct ffield *fd, const char *value)
{
	for (size_t i = 0; i < fd->nopts; i++)
		if (strcmp(fd->opt_values[i], value) == 0)
			return fd->opt_labels[i];
	return value;
}

static int
has_option(const struct ffield *fd, const char *v, size_t len)
{
	for (size_t i = 0; i < fd->nopts; i++)
		if (strlen(fd->opt_values[i]) == len && strncmp(fd->opt_values[i], v, len) == 0)
			return 1;
	return 0;
}

/* What a choice or multi field shows in its cell. */
static char *
display_text(const struct ffield *fd)
{
	struct vg_buf b;
	size_t count = 0;

	if (fd->spec->kind == UF_CHOICE) {
		/* Cut to the field, so that the closing ">" shows. */
		char *in = ui_fit(fd->value[0] || has_option(fd, "", 0) ? label_of(fd, fd->value) :
		    _("(none)"), fd->fw > 5 ? fd->fw - 4 : 1), *t = xasprintf("< %s >", in);

		free(in);
		return t;
	}
	buf_init(&b);
	buf_puts(&b, "");
	for (const char *p = fd->value; *p;) {
		size_t k = strcspn(p, ",");
		char *v = xstrndup(p, k);

		buf_printf(&b, "%s%s", count++ ? ", " : "", v);
		free(v);
		p += k;
		if (*p == ',')
			p++;
	}
	if (count == 0) {
		buf_free(&b);
		return xasprintf("[ %s ]", _("none chosen: press Enter"));
	}
	{
		char *t = xasprintf("[%zu] %s", count, b.s), *cut = ui_fit(t, fd->fw > 1 ? fd->fw : 1);

		buf_free(&b);
		free(t);
		return cut;
	}
}

static void
show_value(struct ffield *fd)
{
	char *t, *safe;

	if (fd->f == NULL || is_text(fd))
		return;
	t = display_text(fd);
	safe = vg_text_printable(t);
	set_field_buffer(fd->f, 0, safe);
	free(safe);
	free(t);
}

void
form_set(struct ui_form *f, const char *name, const char *value)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	free(fd->value);
	/* what a field shows is typed again on saving: nothing that steers the terminal */
	fd->value = vg_text_printable(value ? value : "");
	if (fd->f != NULL && is_text(fd))
		set_field_buffer(fd->f, 0, fd->value);
	show_value(fd);
}

const char *
form_get(struct ui_form *f, const char *name)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	sync_from_form(f);
	return fd->value;
}

int64_t
form_get_time(struct ui_form *f, const char *name)
{
	const char *v = form_get(f, name);
	struct vg_err err;
	int64_t us = 0;

	if (v[0] == '\0' || time_parse(v, &us, &err) != 0)
		return 0;
	return us;
}

void
form_set_options(struct ui_form *f, const char *name, size_t n, const char *const *values,
    const char *const *labels)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	for (size_t i = 0; i < fd->nopts; i++) {
		free(fd->opt_values[i]);
		free(fd->opt_labels[i]);
	}
	free(fd->opt_values);
	free(fd->opt_labels);
	fd->opt_values = xcalloc(n + 1, sizeof *fd->opt_values);
	fd->opt_labels = xcalloc(n + 1, sizeof *fd->opt_labels);
	for (size_t i = 0; i < n; i++) {
		fd->opt_values[i] = xstrdup(values[i]);
		fd->opt_labels[i] = xstrdup(labels && labels[i] ? labels[i] : values[i]);
	}
	fd->nopts = n;
	show_value(fd);
}

/*---- Messages ----*/

void
form_field_error(struct ui_form *f, const char *name, const char *msg)
{
	struct ffield *fd = find(f, name);

	if (fd == NULL || fd->hidden) {
		free(f->general);
		f->general = msg ? xstrdup(msg) : NULL;
		return;
	}
	free(fd->error);
	fd->error = msg ? xstrdup(msg) : NULL;
}

void
form_set_error(struct ui_form *f, const struct vg_err *err)
{
	struct ffield *fd = find(f, err->field);

	if (fd == NULL || fd->hidden) {
		form_field_error(f, "", err->msg);
		return;
	}
	form_field_error(f, err->field, err->msg);
	form_focus_field(f, err->field);
}

const char *
form_error(struct ui_form *f, const char *name)
{
	struct ffield *fd = find(f, name);

	return fd ? fd->error : f->general;
}

/*---- Checks ----*/

/* One field's own rules; sets or clears its message.  0 when it passes. */
static int
check_field(struct ffield *fd)
{
	const char *v = fd->value;
	struct vg_err err;
	int64_t us;

	free(fd->error);
	fd->error = NULL;
	if (fd->hidden)
		return 0;
	if (v[0] == '\0') {
		if (fd->spec->required)
			fd->error = xstrdup(fd->spec->kind == UF_MULTI ?
			    _("choose at least one") : _("this field is required"));
		return fd->error ? -1 : 0;
	}
	if (vg_has_control(v) || !vg_valid_utf8(v)) {
		fd->error = xstrdup(_("plain text only, please"));
		return -1;
	}
	switch (fd->spec->kind) {
	case UF_DATETIME:
		if (time_parse(v, &us, &err) != 0)
			fd->error = xstrdup(err.msg);
		break;
	case UF_CHOICE:
		if (!has_option(fd, v, strlen(v)))
			fd->error = xasprintf(_("\"%s\" is not one of the choices"), v);
		break;
	case UF_MULTI:
		for (const char *p = v; *p;) {
			size_t k = strcspn(p, ",");

			if (!has_option(fd, p, k)) {
				fd->error = xasprintf(_("\"%.*s\" is not one of the choices"), (int)k, p);
				break;
			}
			p += k;
			if (*p == ',')
				p++;
		}
		break;
	default:
		break;
	}
	return fd->error ? -1 : 0;
}

int
form_check(struct ui_form *f)
{
	int first = -1;

	sync_from_form(f);
	free(f->general);
	f->general = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (check_field(&f->fields[i]) != 0 && first < 0)
			first = (int)i;
	if (first >= 0)
		form_focus_field(f, f->fields[first].spec->name);
	return first >= 0 ? -1 : 0;
}

/*---- Focus ----*/

static int
focus_index(struct ui_form *f)
{
	if (f->form != NULL)
		f->focus = f->map[field_index(current_field(f->form))];
	return f->focus;
}

const char *
form_focus(struct ui_form *f)
{
	int i = focus_index(f);

	return i >= 0 && (size_t)i < f->n ? f->fields[i].spec->name : "";
}

void
form_focus_field(struct ui_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].spec->name, name) == 0 && !f->fields[i].hidden) {
			f->focus = (int)i;
			if (f->form != NULL)
				set_current_field(f->form, f->fields[i].f);
		}
}

/*---- Fields that come and go ----*/

int
form_shown(struct ui_form *f, const char *name)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	return !fd->hidden;
}

/*
 * Shows or hides a field (e.g. those that only one requester kind needs).
 * A hidden field keeps its value but is neither checked nor drawn, and the
 * fields under it move up; the form is laid out again at once.
 */
void
form_show(struct ui_form *f, const char *name, int shown)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	if (fd->hidden == !shown)
		return;
	if (f->form != NULL)
		focus_index(f);
	fd->hidden = !shown;
	if (!shown) {
		free(fd->error);
		fd->error = NULL;
	}
	if (f->form != NULL) {
		teardown(f);
		build(f->ui, f, f->y, f->x, f->h, f->w);
	}
}

void
form_on_change(struct ui_form *f, form_change_fn fn, void *ud)
{
	f->on_change = fn;
	f->change_ud = ud;
}

static void
changed(struct ui_form *f, struct ffield *fd)
{
	if (f->on_change != NULL)
		f->on_change(f, fd->spec->name, f->change_ud);
}

void
form_set_note(struct ui_form *f, const char *text)
{
	free(f->note);
	f->note = text != NULL && text[0] ? xstrdup(text) : NULL;
}

/*---- Building (again whenever the size changes) ----*/

static void
teardown(struct ui_form *f)
{
	if (f->form != NULL) {
		sync_from_form(f);
		focus_index(f);
		unpost_form(f->form);
		free_form(f->form);
		f->form = NULL;
	}
	for (size_t i = 0; f->ff != NULL && f->ff[i] != NULL; i++)
		free_field(f->ff[i]);
	free(f->ff);
	f->ff = NULL;
	free(f->map);
	f->map = NULL;
	for (size_t i = 0; i < f->n; i++)
		f->fields[i].f = NULL;
	if (f->sub != NULL)
		delwin(f->sub);
	if (f->win != NULL)
		delwin(f->win);
	f->sub = f->win = NULL;
}

static FIELD *
button(const char *text, int row, int col)
{
	FIELD *b = new_field(1, ui_width(text), row, col, 0, 0);

	set_field_buffer(b, 0, text);
	field_opts_off(b, O_EDIT | O_AUTOSKIP);
	return b;
}

static void
build(struct ui *ui, struct ui_form *f, int y, int x, int h, int w)
{
	char *ok = xasprintf("[ %s ]", _("Save")), *cancel = xasprintf("[ %s ]", _("Cancel"));
	int fw;

	f->ui = ui;
	f->y = y, f->x = x, f->h = h, f->w = w;
	f->labelw = 0;
	for (size_t i = 0; i < f->n; i++) {
		int lw = ui_width(_(f->fields[i].spec->label)) + 2;

		if (lw > f->labelw)
			f->labelw = lw;
	}
	if (f->labelw > LABEL_MAX)
		f->labelw = LABEL_MAX;
	f->fieldw = w - 2 - f->labelw - 2 - MSG_MIN;
	if (f->fieldw > FIELD_MAX)
		f->fieldw = FIELD_MAX;
	if (f->fieldw < 10)
		f->fieldw = 10;
	f->win = newwin(h, w, y, x);
	f->sub = derwin(f->win, h - 2, w - 2 - f->labelw, 2, 1 + f->labelw);
	f->ff = xcalloc(f->n + 3, sizeof *f->ff);
	f->map = xcalloc(f->n + 2, sizeof *f->map);
	f->nshown = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];
		int max = fd->spec->max > 0 ? fd->spec->max : 200;

		fd->f = NULL;
		if (fd->hidden)
			continue;
		fw = fd->spec->width > 0 && fd->spec->width < f->fieldw ? fd->spec->width : f->fieldw;
		/* A choice as wide as its longest option, taking room from the messages
		 * beside it (they are shown in full under the buttons when cut). */
		if (fd->spec->kind == UF_CHOICE && fd->spec->width == 0) {
			int most = w - 2 - f->labelw - 2 - MSG_CHOICE_MIN;

			for (size_t k = 0; k < fd->nopts; k++)
				if (ui_width(fd->opt_labels[k]) + 4 > fw)
					fw = ui_width(fd->opt_labels[k]) + 4;
			if (fw > most)
				fw = most > f->fieldw ? most : f->fieldw;
		}
		fd->fw = fw;
		fd->row = (int)f->nshown;
		f->map[f->nshown] = (int)i;
		fd->f = f->ff[f->nshown++] = new_field(1, fw, fd->row, 0, 0, 0);
		field_opts_off(fd->f, O_AUTOSKIP | O_BLANK);
		if (is_text(fd)) {
			field_opts_off(fd->f, O_STATIC);
			set_max_field(fd->f, max);
			set_field_back(fd->f, ui_attr(ui, UI_FIELD));
			if (fd->spec->kind == UF_PASSWORD)
				field_opts_off(fd->f, O_PUBLIC);
			set_field_buffer(fd->f, 0, fd->value);
		} else {
			field_opts_off(fd->f, O_EDIT);
			show_value(fd);
		}
	}
	f->ff[f->nshown] = button(ok, (int)f->nshown + 1, 0);
	f->ff[f->nshown + 1] = button(cancel, (int)f->nshown + 1, ui_width(ok) + 2);
	f->map[f->nshown] = (int)f->n;
	f->map[f->nshown + 1] = (int)f->n + 1;
	f->form = new_form(f->ff);
	set_form_win(f->form, f->win);
	set_form_sub(f->form, f->sub);
	post_form(f->form);
	/* The focus stays where it was, or goes to the next field shown. */
	for (int i = f->focus; i >= 0 && i < (int)f->n + 2; i++) {
		FIELD *cur = i >= (int)f->n ? f->ff[f->nshown + (size_t)(i - (int)f->n)] :
		    f->fields[i].f;

		if (cur != NULL) {
			set_current_field(f->form, cur);
			f->focus = i;
			break;
		}
	}
	free(ok);
	free(cancel);
}

/*---- Drawing ----*/

/* Wrapped text from row y of the form's window; returns the next free row.  The
 * last row there is room for ends with "…" when the text goes on. */
static int
put_wrapped(struct ui_form *f, int y, int x, int w, const char *text, attr_t a)
{
	size_t n;
	char **lines = ui_wrap(text, w, &n);

	for (size_t i = 0; i < n && y < f->h; i++, y++) {
		if (y == f->h - 1 && i + 1 < n) {
			char *cut = xasprintf("%s…", lines[i]);

			ui_put(f->win, y, x, w, cut, a, 0);
			free(cut);
		} else
			ui_put(f->win, y, x, w, lines[i], a, 0);
	}
	ui_free_lines(lines, n);
	return y;
}

void
form_draw(struct ui *ui, struct ui_form *f, int y, int x, int h, int w)
{
	int cur, msgx, msgw, row, cut = -1;

	if (f->form == NULL || f->y != y || f->x != x || f->h != h || f->w != w) {
		teardown(f);
		build(ui, f, y, x, h, w);
	}
	cur = focus_index(f);
	ui_put(f->win, 0, 1, w - 2, f->title, ui_attr(ui, UI_HEADER), 1);
	ui_put(f->win, 1, 0, w, "", A_NORMAL, 1);
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];
		char *label;
		int fw = fd->fw, r = 2 + fd->row;

		if (fd->hidden)
			continue;
		label = xasprintf("%s%s", _(fd->spec->label), fd->spec->required ? "*" : "");
		ui_put(f->win, r, 0, 1, "", A_NORMAL, 1);
		ui_put(f->win, r, 1, f->labelw, label,
		    ui_attr(ui, (int)i == cur ? UI_HEADER : UI_NORMAL), 1);
		free(label);
		set_field_back(fd->f, ui_attr(ui, (int)i == cur ? UI_FIELD_FOCUS : UI_FIELD));
		/* Beside the field: its message, else its hint. */
		msgx = 1 + f->labelw + fw + 2;
		msgw = w - msgx;
		ui_put(f->win, r, 1 + f->labelw + fw, 2, "", A_NORMAL, 1);
		if (fd->error != NULL) {
			ui_put(f->win, r, msgx, msgw, fd->error, ui_attr(ui, UI_ERROR), 1);
			if ((int)i == cur && ui_width(fd->error) > msgw)
				cut = (int)i;
		} else
			ui_put(f->win, r, msgx, msgw, fd->spec->hint ? _(fd->spec->hint) : "",
			    ui_attr(ui, UI_DIM), 1);
	}
	ui_put(f->win, 2 + (int)f->nshown, 0, w, "", A_NORMAL, 1);
	for (size_t b = 0; b < 2; b++)
		set_field_back(f->ff[f->nshown + b], ui_attr(ui, cur == (int)(f->n + b) ?
		    UI_SELECTED : UI_NORMAL));
	/* Buttons' row: fill around them without touching them. */
	ui_put(f->win, 3 + (int)f->nshown, 0, 1 + f->labelw, "", A_NORMAL, 1);
	for (int r = 4 + (int)f->nshown; r < h; r++)
		ui_put(f->win, r, 0, w, "", A_NORMAL, 1);
	/* Under the buttons: a message for no field; the whole of the focused
	 * field's message when it was cut beside the field; then the note. */
	row = 5 + (int)f->nshown;
	if (f->general != NULL)
		row = put_wrapped(f, row, 1 + f->labelw, w - 2 - f->labelw, f->general,
		    ui_attr(ui, UI_ERROR));
	if (cut >= 0) {
		char *t = xasprintf("%s: %s", _(f->fields[cut].spec->label), f->fields[cut].error);

		row = put_wrapped(f, row, 1 + f->labelw, w - 2 - f->labelw, t, ui_attr(ui, UI_ERROR));
		free(t);
	}
	if (f->note != NULL)
		put_wrapped(f, row > 5 + (int)f->nshown ? row + 1 : row, 1, w - 2, f->note,
		    ui_attr(ui, UI_NORMAL));
}

void
form_overlay(struct ui *ui, struct ui_form *f)
{
	int cur = focus_index(f);

	if (f->win == NULL)
		return;
	touchwin(f->win);
	pos_form_cursor(f->form);
	wnoutrefresh(f->win);
	curs_set(cur >= 0 && (size_t)cur < f->n && is_text(&f->fields[cur]) ? 1 : 0);
	(void)ui;
}

/*---- Pickers (libmenu) ----*/

/*
 * A menu over the form: one option (choice) or several (multi, Space marks).
 * Returns 1 and updates the value when confirmed with Enter.
 */
static int
pick(struct ui *ui, struct ui_form *f, struct ffield *fd)
{
	int multi = fd->spec->kind == UF_MULTI, rows, w = 10, done = 0, ok = 0;
	ITEM **items;
	MENU *menu;
	WINDOW *win, *sub;
	struct ui_event ev;

	if (fd->nopts == 0) {
		ui_message(ui, UI_WARN, "%s", _("there is nothing to choose from"));
		return 0;
	}
	items = xcalloc(fd->nopts + 1, sizeof *items);
	for (size_t i = 0; i < fd->nopts; i++) {
		int lw = ui_width(fd->opt_labels[i]) + 6;

		items[i] = new_item(fd->opt_labels[i], "");
		set_item_userptr(items[i], fd->opt_values[i]);
		if (lw > w)
			w = lw;
	}
	if (w > ui->cols - 4)
		w = ui->cols - 4;
	rows = (int)fd->nopts < ui->rows - 8 ? (int)fd->nopts : ui->rows - 8;
	menu = new_menu(items);
	if (multi)
		menu_opts_off(menu, O_ONEVALUE);
	set_menu_mark(menu, multi ? "" : "> ");
	set_menu_format(menu, rows, 1);
	set_menu_fore(menu, ui_attr(ui, UI_SELECTED));
	win = newwin(rows + 4, w + 4, (ui->rows - rows - 4) / 2, (ui->cols - w - 4) / 2);
	sub = derwin(win, rows, w, 2, 2);
	keypad(win, TRUE);
	set_menu_win(menu, win);
	set_menu_sub(menu, sub);
	/* The frame first: posting draws the items inside it, and the menu keeps
	 * them drawn from then on (posting again would lose the marks). */
	ui_box(ui, win, 0, 0, rows + 4, w + 4, _(fd->spec->label));
	ui_put(win, rows + 2, 2, w, multi ? _("Space mark · Enter done · Esc cancel") :
	    _("Enter choose · Esc cancel"), ui_attr(ui, UI_DIM), 0);
	post_menu(menu);
	for (size_t i = 0; i < fd->nopts; i++) {
		size_t len = strlen(fd->opt_values[i]);

		for (const char *p = fd->value; *p;) {
			size_t k = strcspn(p, ",");

			if (k == len && strncmp(p, fd->opt_values[i], k) == 0) {
				if (multi)
					set_item_value(items[i], TRUE);
				else
					set_current_item(menu, items[i]);
			}
			p += k;
			if (*p == ',')
				p++;
		}
	}
	while (!done) {
		ui_draw(ui);
		touchwin(win);
		wnoutrefresh(win);
		doupdate();
		if (ui_read(ui, &ev) == ERR)
			continue;
		if (ev.is_key && ev.key == KEY_UP)
			menu_driver(menu, REQ_UP_ITEM);
		else if ((ev.is_key && ev.key == KEY_DOWN) || (!ev.is_key && ev.ch == 'j'))
			menu_driver(menu, REQ_DOWN_ITEM);
		else if (!ev.is_key && ev.ch == 'k')
			menu_driver(menu, REQ_UP_ITEM);
		else if (ev.is_key && ev.key == KEY_NPAGE)
			menu_driver(menu, REQ_SCR_DPAGE);
		else if (ev.is_key && ev.key == KEY_PPAGE)
			menu_driver(menu, REQ_SCR_UPAGE);
		else if (!ev.is_key && ev.ch == ' ' && multi)
			menu_driver(menu, REQ_TOGGLE_ITEM);
		else if (ui_is_enter(&ev))
			done = ok = 1;
		else if (!ev.is_key && ev.ch == UI_ESC)
			done = 1;
	}
	if (ok) {
		struct vg_buf b;

		buf_init(&b);
		buf_puts(&b, "");
		if (multi) {
			for (size_t i = 0; i < fd->nopts; i++)
				if (item_value(items[i]))
					buf_printf(&b, "%s%s", b.len ? "," : "", fd->opt_values[i]);
		} else
			buf_puts(&b, item_userptr(current_item(menu)));
		if (strcmp(fd->value, b.s) != 0) {
			free(fd->value);
			fd->value = buf_steal(&b);
			show_value(fd);
			check_field(fd);
			changed(f, fd);
		} else
			buf_free(&b);
	}
	unpost_menu(menu);
	free_menu(menu);
	for (size_t i = 0; i < fd->nopts; i++)
		free_item(items[i]);
	free(items);
	delwin(sub);
	delwin(win);
	touchwin(stdscr);
	return ok;
}

/* ←/→ on a choice steps through the options. */
static void
step_choice(struct ui_form *f, struct ffield *fd, int dir)
{
	size_t i = 0;

	if (fd->nopts == 0)
		return;
	for (; i < fd->nopts; i++)
		if (strcmp(fd->opt_values[i], fd->value) == 0)
			break;
	if (i == fd->nopts)
		i = dir > 0 ? fd->nopts - 1 : 0;
	i = (i + fd->nopts + (size_t)(dir > 0 ? 1 : fd->nopts - 1)) % fd->nopts;
	free(fd->value);
	fd->value = xstrdup(fd->opt_values[i]);
	show_value(fd);
	check_field(fd);
	changed(f, fd);
}

/*---- Keys ----*/

/* Leaving a field checks it, so a bad date is answered where it was typed. */
static void
move_focus(struct ui_form *f, int req)
{
	int cur = focus_index(f);

	if (form_driver(f->form, REQ_VALIDATION) == E_OK && cur >= 0 && (size_t)cur < f->n) {
		struct ffield *fd = &f->fields[cur];
		const char *before = fd->value;

		sync_from_form(f);
		if (fd->value[0] != '\0' || fd->error != NULL)
			check_field(fd);
		/* sync_from_form keeps the storage of an unchanged value. */
		if (fd->value != before)
			changed(f, fd);
	}
	form_driver(f->form, req);
	focus_index(f);
}

static int
key_on_field(struct ui *ui, struct ui_form *f, struct ffield *fd, const struct ui_event *ev)
{
	if (!is_text(fd)) {
		if ((ev->is_key && ev->key == KEY_LEFT) || (ev->is_key && ev->key == KEY_RIGHT)) {
			if (fd->spec->kind == UF_CHOICE)
				step_choice(f, fd, ev->key == KEY_RIGHT ? 1 : -1);
			return FORM_HANDLED;
		}
		if (ui_is_enter(ev) || (!ev->is_key && ev->ch == ' ')) {
			if (pick(ui, f, fd))
				move_focus(f, REQ_NEXT_FIELD);
			return FORM_HANDLED;
		}
		return FORM_NONE;
	}
	if (ev->is_key) {
		switch (ev->key) {
		case KEY_LEFT: form_driver(f->form, REQ_LEFT_CHAR); return FORM_HANDLED;
		case KEY_RIGHT: form_driver(f->form, REQ_RIGHT_CHAR); return FORM_HANDLED;
		case KEY_HOME: form_driver(f->form, REQ_BEG_FIELD); return FORM_HANDLED;
		case KEY_END: form_driver(f->form, REQ_END_FIELD); return FORM_HANDLED;
		case KEY_DC: form_driver(f->form, REQ_DEL_CHAR); return FORM_HANDLED;
		case KEY_BACKSPACE: form_driver(f->form, REQ_DEL_PREV); return FORM_HANDLED;
		default: return FORM_NONE;
		}
	}
	if (ui_is_backspace(ev)) {
		form_driver(f->form, REQ_DEL_PREV);
		return FORM_HANDLED;
	}
	if (ev->ch == UI_CTRL('u')) {
		form_driver(f->form, REQ_CLR_FIELD);
		return FORM_HANDLED;
	}
	if (ui_is_enter(ev)) {
		move_focus(f, REQ_NEXT_FIELD);
		return FORM_HANDLED;
	}
	if (ev->ch >= 0x20 && ev->ch != 0x7f && ev->ch != UI_ESC) {
		form_driver_w(f->form, OK, (wchar_t)ev->ch);
		return FORM_HANDLED;
	}
	return FORM_NONE;
}

int
form_key(struct ui *ui, struct ui_form *f, const struct ui_event *ev)
{
	int cur;

	if (f->form == NULL)
		return FORM_NONE;
	cur = focus_index(f);
	if (!ev->is_key && ev->ch == UI_ESC)
		return FORM_CANCEL;
	if ((ev->is_key && (ev->key == KEY_DOWN)) || (!ev->is_key && ev->ch == '\t')) {
		move_focus(f, REQ_NEXT_FIELD);
		return FORM_HANDLED;
	}
	if (ev->is_key && (ev->key == KEY_UP || ev->key == KEY_BTAB)) {
		move_focus(f, REQ_PREV_FIELD);
		return FORM_HANDLED;
	}
	if (cur == (int)f->n || cur == (int)f->n + 1) {
		if (ui_is_enter(ev) || (!ev->is_key && ev->ch == ' '))
			return cur == (int)f->n ? FORM_SUBMIT : FORM_CANCEL;
		if (ev->is_key && (ev->key == KEY_LEFT || ev->key == KEY_RIGHT)) {
			move_focus(f, ev->key == KEY_LEFT ? REQ_PREV_FIELD : REQ_NEXT_FIELD);
			return FORM_HANDLED;
		}
		return FORM_NONE;
	}
	if (cur >= 0 && (size_t)cur < f->n)
		return key_on_field(ui, f, &f->fields[cur], ev);
	return FORM_NONE;
}

const struct ui_key *
form_keys(struct ui_form *f)
{
	int cur = focus_index(f);

	if (cur < 0 || (size_t)cur >= f->n)
		return keys_button;
	return is_text(&f->fields[cur]) ? keys_text : keys_choice;
}

/*---- Life ----*/

struct ui_form *
form_new(const char *title, const struct ui_field_spec *specs, size_t n)
{
	struct ui_form *f = xcalloc(1, sizeof *f);

	f->title = xstrdup(title);
	f->n = n;
	f->fields = xcalloc(n, sizeof *f->fields);
	for (size_t i = 0; i < n; i++) {
		f->fields[i].spec = &specs[i];
		f->fields[i].value = xstrdup("");
	}
	return f;
}

void
form_free(struct ui_form *f)
{
	if (f == NULL)
		return;
	teardown(f);
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];

		for (size_t k = 0; k < fd->nopts; k++) {
			free(fd->opt_values[k]);
			free(fd->opt_labels[k]);
		}
		free(fd->opt_values);
		free(fd->opt_labels);
		free(fd->value);
		free(fd->error);
	}
	free(f->fields);
	free(f->general);
	free(f->note);
	free(f->title);
	free(f);
}
