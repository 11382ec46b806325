/* widget-form.c — the form widget: text fields edited in display cells, choices, pickers, checks beside fields. */
#include "tui/console/widget-form.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/util.h"

/*
 * The form draws and edits its fields itself rather than through libform:
 * libform's fields count a wide (CJK) character as one column while the
 * terminal gives it two, so Chinese text scrolled wrongly and spilled over
 * the labels.  Here every position is measured in display cells
 * (ui_width), the cursor is a byte offset into the value, and a refused
 * value is selected so that typing replaces it.
 */

#define LABEL_MAX 24	/* cells for labels at most */
#define MSG_MIN 30	/* cells kept beside a field for its message */
#define FIELD_MAX 44	/* cells of a field at most */
#define MSG_CHOICE_MIN 12	/* cells kept beside a choice widened for its options */

struct ffield {
	const struct ui_field_spec	*spec;
	char				*value;
	char				*initial;	/* the value when the form was first drawn */
	char				**opt_values;
	char				**opt_labels;
	size_t				 nopts;
	char				*error;
	int				 hidden;
	int				 row;		/* among the shown fields, from layout() */
	int				 fw;		/* cells of the field, from layout() */
	size_t				 cur;		/* cursor: byte offset into value */
	size_t				 scroll;	/* first byte shown */
	int				 selected;	/* typing replaces the whole value */
};

struct ui_form {
	char		*title;
	struct ffield	*fields;
	size_t		 n;
	size_t		 nshown;
	int		 labelw;
	int		 drawn;		/* initial values taken */
	int		 cur_y, cur_x;	/* where the cursor goes, from the last draw; -1 none */
	char		*general;	/* a message for no field */
	char		*note;		/* text under the buttons */
	int		 focus;		/* field index; n, n + 1: the buttons */
	char		*entered;	/* the focused text field's value when the focus came */
	form_change_fn	 on_change;
	void		*change_ud;
};

static void	entered_now(struct ui_form *);

static const struct ui_key keys_text[] = {
	{ "Tab", N_("next field") },
	{ "Esc", N_("cancel") },
	{ NULL, NULL }
};
static const struct ui_key keys_refused[] = {
	{ "Tab", N_("check again") },
	{ "↓", N_("leave it as it is") },
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
/* What the help page adds to the status line's keys. */
static const struct ui_key keys_help[] = {
	{ "Shift-Tab", N_("previous field") },
	{ "↑↓", N_("previous, next field (a refused value stays as it is)") },
	{ "←→", N_("move in the text; change a choice") },
	{ "Home End", N_("start, end of the text") },
	{ "Ctrl-U", N_("clear the field") },
	{ "Space", N_("open a list to choose from") },
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

static size_t
max_bytes(const struct ffield *fd)
{
	return fd->spec->max > 0 ? (size_t)fd->spec->max : 200;
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

/* Whether the comma-separated list holds the value. */
static int
list_has(const char *list, const char *v)
{
	size_t len = strlen(v);

	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");

		if (k == len && strncmp(p, v, k) == 0)
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

/* What a choice or multi field shows in its cells. */
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

		buf_printf(&b, "%s%.*s", count++ ? ", " : "", (int)k, p);
		p += k + (p[k] == ',');
	}
	if (count == 0) {
		buf_free(&b);
		return xasprintf("[ %s ]", _("none chosen: press Enter"));
	}
	{
		char *t = xasprintf("[%zu] %s", count, b.s);

		buf_free(&b);
		return t;
	}
}

static void
set_value(struct ffield *fd, const char *v)
{
	free(fd->value);
	fd->value = xstrdup(v ? v : "");
	fd->cur = strlen(fd->value);
	fd->scroll = 0;
	fd->selected = 0;
}

void
form_set(struct ui_form *f, const char *name, const char *value)
{
	struct ffield *fd = find(f, name);
	/* what a field shows is typed again on saving: nothing that steers the terminal */
	char *safe = vg_text_printable(value ? value : "");

	VG_ASSERT(fd != NULL);
	set_value(fd, safe);
	free(safe);
}

const char *
form_get(struct ui_form *f, const char *name)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
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
}

int
form_dirty(struct ui_form *f)
{
	for (size_t i = 0; f->drawn && i < f->n; i++)
		if (strcmp(f->fields[i].value, f->fields[i].initial) != 0)
			return 1;
	return 0;
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

/* The focus on a refused field, its value selected so that typing replaces it. */
static void
focus_refused(struct ui_form *f, size_t i)
{
	struct ffield *fd = &f->fields[i];

	f->focus = (int)i;
	fd->cur = strlen(fd->value);
	fd->selected = is_text(fd) && fd->value[0] != '\0';
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
	focus_refused(f, (size_t)(fd - f->fields));
	entered_now(f);
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
			p += k + (p[k] == ',');
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

	free(f->general);
	f->general = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (check_field(&f->fields[i]) != 0 && first < 0)
			first = (int)i;
	if (first >= 0) {
		focus_refused(f, (size_t)first);
		entered_now(f);
	}
	return first >= 0 ? -1 : 0;
}

/*---- Focus ----*/

static void
entered_now(struct ui_form *f)
{
	free(f->entered);
	f->entered = f->focus >= 0 && f->focus < (int)f->n ?
	    xstrdup(f->fields[f->focus].value) : NULL;
}

const char *
form_focus(struct ui_form *f)
{
	return f->focus >= 0 && (size_t)f->focus < f->n ? f->fields[f->focus].spec->name : "";
}

void
form_focus_field(struct ui_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].spec->name, name) == 0 && !f->fields[i].hidden) {
			f->focus = (int)i;
			f->fields[i].cur = strlen(f->fields[i].value);
			f->fields[i].selected = 0;
			entered_now(f);
		}
}

/* The next shown field or button after (dir 1) or before (dir -1) the focus;
 * the focus itself at either end. */
static int
neighbour(struct ui_form *f, int dir)
{
	for (int i = f->focus + dir; i >= 0 && i < (int)f->n + 2; i += dir)
		if (i >= (int)f->n || !f->fields[i].hidden)
			return i;
	return f->focus;
}

static void
focus_to(struct ui_form *f, int i)
{
	f->focus = i;
	if (i < (int)f->n) {
		f->fields[i].cur = strlen(f->fields[i].value);
		f->fields[i].selected = 0;
	}
}

/* The focus on a shown field or button (a hidden one passes it on). */
static void
focus_valid(struct ui_form *f)
{
	if (f->focus < (int)f->n && f->fields[f->focus].hidden) {
		int next = neighbour(f, 1);

		focus_to(f, next != f->focus ? next : neighbour(f, -1));
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
 * fields under it move up.
 */
void
form_show(struct ui_form *f, const char *name, int shown)
{
	struct ffield *fd = find(f, name);

	VG_ASSERT(fd != NULL);
	if (fd->hidden == !shown)
		return;
	fd->hidden = !shown;
	if (!shown) {
		free(fd->error);
		fd->error = NULL;
	}
	focus_valid(f);
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
	focus_valid(f);
}

void
form_set_note(struct ui_form *f, const char *text)
{
	free(f->note);
	f->note = text != NULL && text[0] ? xstrdup(text) : NULL;
}

/*---- Layout and drawing ----*/

/* Label column, each shown field's row and width, for a form w cells wide. */
static void
layout(struct ui_form *f, int w)
{
	int fieldw;

	f->labelw = 0;
	for (size_t i = 0; i < f->n; i++) {
		int lw = ui_width(_(f->fields[i].spec->label)) + 2;

		if (!f->fields[i].hidden && lw > f->labelw)
			f->labelw = lw;
	}
	if (f->labelw > LABEL_MAX)
		f->labelw = LABEL_MAX;
	fieldw = w - 2 - f->labelw - 2 - MSG_MIN;
	if (fieldw > FIELD_MAX)
		fieldw = FIELD_MAX;
	if (fieldw < 10)
		fieldw = 10;
	f->nshown = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];
		int fw = fd->spec->width > 0 && fd->spec->width < fieldw ? fd->spec->width : fieldw;

		if (fd->hidden)
			continue;
		/* A choice as wide as its longest option, taking room from the messages
		 * beside it (they are shown in full under the buttons when cut). */
		if (fd->spec->kind == UF_CHOICE && fd->spec->width == 0) {
			int most = w - 2 - f->labelw - 2 - MSG_CHOICE_MIN;

			for (size_t k = 0; k < fd->nopts; k++)
				if (ui_width(fd->opt_labels[k]) + 4 > fw)
					fw = ui_width(fd->opt_labels[k]) + 4;
			if (fw > most)
				fw = most > fieldw ? most : fieldw;
		}
		fd->fw = fw;
		fd->row = (int)f->nshown++;
	}
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t
char_len(const char *s)
{
	size_t n = 1;

	if (*s == '\0')
		return 0;
	while (((unsigned char)s[n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* Start of the character before byte offset at. */
static size_t
char_before(const char *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)s[at] & 0xc0) == 0x80)
		at--;
	return at;
}

/* Cells of s[from, to). */
static int
cells_between(const char *s, size_t from, size_t to)
{
	char *t = xstrndup(s + from, to - from);
	int w = ui_width(t);

	free(t);
	return w;
}

/*
 * A text field: the part of the value around the cursor that fits in its
 * cells (the cursor keeps one cell for itself at the end); the rest is cut
 * with "…" on the right.  Returns the cursor's cell within the field.
 */
static int
draw_text_field(struct ui *ui, struct ffield *fd, int y, int x, attr_t a)
{
	int room = fd->fw > 1 ? fd->fw - 1 : 1, at;

	if (fd->scroll > fd->cur)
		fd->scroll = fd->cur;
	while (fd->scroll < fd->cur && cells_between(fd->value, fd->scroll, fd->cur) > room)
		fd->scroll += char_len(fd->value + fd->scroll);
	at = cells_between(fd->value, fd->scroll, fd->cur);
	if (fd->spec->kind == UF_PASSWORD) {
		ui_put(stdscr, y, x, fd->fw, "", a, 1);	/* typed, never shown */
		return 0;
	}
	ui_put(stdscr, y, x, fd->fw, fd->value + fd->scroll, fd->selected ?
	    ui_attr(ui, UI_SELECTED) : a, 1);
	return at;
}

/* Wrapped text from row y; returns the next free row.  The last row there is
 * room for ends with "…" when the text goes on. */
static int
put_wrapped(int y, int last, int x, int w, const char *text, attr_t a)
{
	size_t n;
	char **lines = ui_wrap(text, w, &n);

	for (size_t i = 0; i < n && y <= last; i++, y++) {
		if (y == last && i + 1 < n) {
			char *cut = xasprintf("%s…", lines[i]);

			ui_put(stdscr, y, x, w, cut, a, 0);
			free(cut);
		} else
			ui_put(stdscr, y, x, w, lines[i], a, 0);
	}
	ui_free_lines(lines, n);
	return y;
}

/* The field's row: label, value, and beside it its message (else its hint).
 * Returns 1 when the message was cut there. */
static int
draw_field(struct ui *ui, struct ui_form *f, struct ffield *fd, int y, int x, int w)
{
	int focused = fd - f->fields == f->focus, fx = x + 1 + f->labelw, msgx, cut = 0;
	attr_t a = ui_attr(ui, focused ? UI_FIELD_FOCUS : UI_FIELD);
	char *label = xasprintf("%s%s", _(fd->spec->label), fd->spec->required ? "*" : "");

	ui_put(stdscr, y, x + 1, f->labelw, label, ui_attr(ui, focused ? UI_HEADER : UI_NORMAL), 1);
	free(label);
	if (is_text(fd)) {
		int at = draw_text_field(ui, fd, y, fx, a);

		if (focused) {
			f->cur_y = y;
			f->cur_x = fx + at;
		}
	} else {
		char *t = display_text(fd);

		ui_put(stdscr, y, fx, fd->fw, t, a, 1);
		free(t);
	}
	msgx = fx + fd->fw + 2;
	if (fd->error != NULL) {
		ui_put(stdscr, y, msgx, x + w - msgx, fd->error, ui_attr(ui, UI_ERROR), 0);
		cut = ui_width(fd->error) > x + w - msgx;
	} else if (fd->spec->hint != NULL)
		ui_put(stdscr, y, msgx, x + w - msgx, _(fd->spec->hint), ui_attr(ui, UI_DIM), 0);
	return cut;
}

void
form_draw(struct ui *ui, struct ui_form *f, int y, int x, int h, int w)
{
	char *ok = xasprintf("[ %s ]", _("Save")), *cancel = xasprintf("[ %s ]", _("Cancel"));
	int row, cut = -1, by, last = y + h - 1;

	if (!f->drawn) {
		for (size_t i = 0; i < f->n; i++)
			f->fields[i].initial = xstrdup(f->fields[i].value);
		f->drawn = 1;
		entered_now(f);
	}
	focus_valid(f);
	layout(f, w);
	f->cur_y = f->cur_x = -1;
	ui_put(stdscr, y, x + 1, w - 2, f->title, ui_attr(ui, UI_HEADER), 0);
	for (size_t i = 0; i < f->n; i++)
		if (!f->fields[i].hidden && y + 2 + f->fields[i].row <= last &&
		    draw_field(ui, f, &f->fields[i], y + 2 + f->fields[i].row, x, w) &&
		    (int)i == f->focus)
			cut = (int)i;
	by = y + 3 + (int)f->nshown;
	ui_put(stdscr, by, x + 1 + f->labelw, ui_width(ok), ok,
	    ui_attr(ui, f->focus == (int)f->n ? UI_SELECTED : UI_NORMAL), 0);
	ui_put(stdscr, by, x + 1 + f->labelw + ui_width(ok) + 2, ui_width(cancel), cancel,
	    ui_attr(ui, f->focus == (int)f->n + 1 ? UI_SELECTED : UI_NORMAL), 0);
	/* Under the buttons: a message for no field; the whole of the focused
	 * field's message when it was cut beside the field; then the note. */
	row = by + 2;
	if (f->general != NULL)
		row = put_wrapped(row, last, x + 1 + f->labelw, w - 2 - f->labelw, f->general,
		    ui_attr(ui, UI_ERROR));
	if (cut >= 0) {
		char *t = xasprintf("%s: %s", _(f->fields[cut].spec->label), f->fields[cut].error);

		row = put_wrapped(row, last, x + 1 + f->labelw, w - 2 - f->labelw, t,
		    ui_attr(ui, UI_ERROR));
		free(t);
	}
	if (f->note != NULL)
		put_wrapped(row > by + 2 ? row + 1 : row, last, x + 1, w - 2, f->note,
		    ui_attr(ui, UI_NORMAL));
	free(ok);
	free(cancel);
}

void
form_overlay(struct ui *ui, struct ui_form *f)
{
	(void)ui;
	if (f->cur_y < 0)
		return;
	wmove(stdscr, f->cur_y, f->cur_x);
	wnoutrefresh(stdscr);
	curs_set(1);
}

/*---- Pickers ----*/

struct picker {
	struct ffield	*fd;
	int		 multi;
	char		*marks;		/* multi: one per option */
	size_t		 sel, top;
	int		 rows, w;
};

static void
picker_draw(struct ui *ui, struct picker *p, WINDOW *win)
{
	const char *help = p->multi ? _("Space mark · Enter done · Esc cancel") :
	    _("Enter choose · Esc cancel");

	ui_box(ui, win, 0, 0, p->rows + 4, p->w + 4, _(p->fd->spec->label));
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)p->rows)
		p->top = p->sel - (size_t)p->rows + 1;
	for (int r = 0; r < p->rows && p->top + (size_t)r < p->fd->nopts; r++) {
		size_t i = p->top + (size_t)r;
		int chosen = p->multi ? p->marks[i] : strcmp(p->fd->value, p->fd->opt_values[i]) == 0;
		/* The marks say what is chosen; the highlight is only the cursor. */
		char *line = xasprintf("%s %s", p->multi ? (chosen ? "[x]" : "[ ]") :
		    (chosen ? "(*)" : "( )"), p->fd->opt_labels[i]);

		ui_put(win, 2 + r, 2, p->w, line, ui_attr(ui, i == p->sel ? UI_SELECTED :
		    UI_NORMAL), 1);
		free(line);
	}
	ui_put(win, p->rows + 2, 2, p->w, help, ui_attr(ui, UI_DIM), 0);
}

static void
picker_move(struct picker *p, long delta)
{
	long s = (long)p->sel + delta;

	if (s < 0)
		s = 0;
	if (s >= (long)p->fd->nopts)
		s = (long)p->fd->nopts - 1;
	p->sel = (size_t)s;
}

/* One key; 1 done (Enter), -1 cancelled (Esc), 0 go on. */
static int
picker_key(struct picker *p, const struct ui_event *ev)
{
	if (ev->is_key) {
		switch (ev->key) {
		case KEY_UP: picker_move(p, -1); break;
		case KEY_DOWN: picker_move(p, 1); break;
		case KEY_PPAGE: picker_move(p, -p->rows); break;
		case KEY_NPAGE: picker_move(p, p->rows); break;
		case KEY_HOME: picker_move(p, -(long)p->fd->nopts); break;
		case KEY_END: picker_move(p, (long)p->fd->nopts); break;
		case KEY_ENTER: return 1;
		default: break;
		}
		return 0;
	}
	if (ui_is_enter(ev))
		return 1;
	if (ev->ch == UI_ESC)
		return -1;
	if (ev->ch == 'k')
		picker_move(p, -1);
	else if (ev->ch == 'j')
		picker_move(p, 1);
	else if (ev->ch == ' ' && p->multi)
		p->marks[p->sel] = !p->marks[p->sel];
	return 0;
}

/* The value the picker ends with. */
static char *
picker_value(const struct picker *p)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	if (!p->multi)
		buf_puts(&b, p->fd->opt_values[p->sel]);
	else
		for (size_t i = 0; i < p->fd->nopts; i++)
			if (p->marks[i])
				buf_printf(&b, "%s%s", b.len ? "," : "", p->fd->opt_values[i]);
	return buf_steal(&b);
}

/*
 * A list over the form: one option (choice) or several (multi: Space marks,
 * shown as [x] and [ ], the cursor as the highlight).  Returns 1 and updates
 * the value when confirmed with Enter.
 */
static int
pick(struct ui *ui, struct ui_form *f, struct ffield *fd)
{
	struct picker p = { fd, fd->spec->kind == UF_MULTI, NULL, 0, 0, 0, 10 };
	struct ui_event ev;
	WINDOW *win;
	int done = 0;

	if (fd->nopts == 0) {
		ui_message(ui, UI_WARN, "%s", _("there is nothing to choose from"));
		return 0;
	}
	p.marks = xcalloc(fd->nopts, 1);
	for (size_t i = 0; i < fd->nopts; i++) {
		int lw = ui_width(fd->opt_labels[i]) + 4;

		if (lw > p.w)
			p.w = lw;
		p.marks[i] = (char)list_has(fd->value, fd->opt_values[i]);
		if (!p.multi && strcmp(fd->value, fd->opt_values[i]) == 0)
			p.sel = i;
	}
	if (p.w < ui_width(_("Space mark · Enter done · Esc cancel")))
		p.w = ui_width(_("Space mark · Enter done · Esc cancel"));
	if (p.w > ui->cols - 6)
		p.w = ui->cols - 6;
	p.rows = (int)fd->nopts < ui->rows - 8 ? (int)fd->nopts : ui->rows - 8;
	win = newwin(p.rows + 4, p.w + 4, (ui->rows - p.rows - 4) / 2, (ui->cols - p.w - 4) / 2);
	while (done == 0) {
		ui_draw(ui);
		picker_draw(ui, &p, win);
		wnoutrefresh(win);
		curs_set(0);
		doupdate();
		if (ui_read(ui, &ev) == OK)
			done = picker_key(&p, &ev);
	}
	if (done > 0) {
		char *v = picker_value(&p);

		if (strcmp(fd->value, v) != 0) {
			set_value(fd, v);
			check_field(fd);
			changed(f, fd);
		}
		free(v);
	}
	free(p.marks);
	delwin(win);
	touchwin(stdscr);
	return done > 0;
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
	set_value(fd, fd->opt_values[i]);
	check_field(fd);
	changed(f, fd);
}

/*---- Editing ----*/

static void
text_insert(struct ffield *fd, wint_t ch)
{
	char mb[MB_LEN_MAX + 1] = "";
	size_t len;

	if (fd->selected)
		set_value(fd, "");
	if (!ui_text_append(mb, sizeof mb, ch))
		return;
	len = strlen(fd->value);
	if (len + strlen(mb) > max_bytes(fd))
		return;
	fd->value = xrealloc(fd->value, len + strlen(mb) + 1);
	memmove(fd->value + fd->cur + strlen(mb), fd->value + fd->cur, len - fd->cur + 1);
	memcpy(fd->value + fd->cur, mb, strlen(mb));
	fd->cur += strlen(mb);
}

/* Deletes the character before the cursor (back) or under it; a selected
 * value goes as a whole. */
static void
text_delete(struct ffield *fd, int back)
{
	size_t from = fd->cur, to = fd->cur;

	if (fd->selected) {
		set_value(fd, "");
		return;
	}
	if (back)
		from = char_before(fd->value, fd->cur);
	else
		to += char_len(fd->value + fd->cur);
	memmove(fd->value + from, fd->value + to, strlen(fd->value + to) + 1);
	fd->cur = from;
}

static int
text_key(struct ffield *fd, const struct ui_event *ev)
{
	if (ev->is_key) {
		switch (ev->key) {
		case KEY_LEFT: fd->cur = char_before(fd->value, fd->cur); break;
		case KEY_RIGHT: fd->cur += char_len(fd->value + fd->cur); break;
		case KEY_HOME: fd->cur = 0; break;
		case KEY_END: fd->cur = strlen(fd->value); break;
		case KEY_DC: text_delete(fd, 0); break;
		case KEY_BACKSPACE: text_delete(fd, 1); break;
		default: return FORM_NONE;
		}
	} else if (ui_is_backspace(ev))
		text_delete(fd, 1);
	else if (ev->ch == UI_CTRL('u'))
		set_value(fd, "");
	else if (ev->ch == UI_CTRL('a'))
		fd->cur = 0;
	else if (ev->ch == UI_CTRL('e'))
		fd->cur = strlen(fd->value);
	else if (ev->ch >= 0x20 && ev->ch != 0x7f)
		text_insert(fd, ev->ch);
	else
		return FORM_NONE;
	fd->selected = 0;
	return FORM_HANDLED;
}

/*---- Keys ----*/

/*
 * Leaving a field checks it, so a bad date is answered where it was typed
 * (an empty field is not checked until Save, so that Tab can pass it).
 * Tab and Enter (firm) leave a text field only when its value is accepted:
 * a refused one keeps the focus, selected, with its message beside it.  The
 * arrows and Shift-Tab move anyway, leaving the message beside the field.
 */
static void
move_focus(struct ui_form *f, int dir, int firm)
{
	int cur = f->focus, next;

	if (cur >= 0 && cur < (int)f->n) {
		struct ffield *fd = &f->fields[cur];

		if ((fd->value[0] != '\0' || fd->error != NULL) && check_field(fd) != 0 &&
		    firm && is_text(fd)) {
			focus_refused(f, (size_t)cur);
			return;
		}
	}
	next = neighbour(f, dir);
	/* Tab from the last button starts again at the first field; nothing wraps
	 * backwards to the buttons. */
	if (next == f->focus && dir > 0 && firm && f->focus == (int)f->n + 1) {
		f->focus = -1;
		next = neighbour(f, 1);
	}
	focus_to(f, next);
}

static int
key_on_field(struct ui *ui, struct ui_form *f, struct ffield *fd, const struct ui_event *ev)
{
	if (!is_text(fd)) {
		if (ev->is_key && (ev->key == KEY_LEFT || ev->key == KEY_RIGHT)) {
			if (fd->spec->kind == UF_CHOICE)
				step_choice(f, fd, ev->key == KEY_RIGHT ? 1 : -1);
			return FORM_HANDLED;
		}
		if (ui_is_enter(ev) || (!ev->is_key && ev->ch == ' ')) {
			if (pick(ui, f, fd))
				move_focus(f, 1, 0);
			return FORM_HANDLED;
		}
		return FORM_NONE;
	}
	if (ui_is_enter(ev)) {
		move_focus(f, 1, 1);
		return FORM_HANDLED;
	}
	return text_key(fd, ev);
}

/* A text field left with other text than it had when the focus came is a
 * change (the new-request form then shows who will approve). */
static void
left(struct ui_form *f, int was)
{
	if (was >= 0 && was < (int)f->n && is_text(&f->fields[was]) && f->entered != NULL &&
	    strcmp(f->entered, f->fields[was].value) != 0)
		changed(f, &f->fields[was]);
	entered_now(f);
}

int
form_key(struct ui *ui, struct ui_form *f, const struct ui_event *ev)
{
	int cur = f->focus, r = FORM_HANDLED;
	struct ffield *fd = cur < (int)f->n ? &f->fields[cur] : NULL;

	if (!ev->is_key && ev->ch == UI_ESC)
		r = FORM_CANCEL;
	else if (!ev->is_key && ev->ch == '\t')
		move_focus(f, 1, 1);
	else if (ev->is_key && ev->key == KEY_DOWN)
		move_focus(f, 1, 0);
	else if (ev->is_key && (ev->key == KEY_UP || ev->key == KEY_BTAB))
		move_focus(f, -1, 0);
	else if (fd == NULL) {
		if (ui_is_enter(ev) || (!ev->is_key && ev->ch == ' '))
			r = cur == (int)f->n ? FORM_SUBMIT : FORM_CANCEL;
		else if (ev->is_key && (ev->key == KEY_LEFT || ev->key == KEY_RIGHT))
			f->focus = ev->key == KEY_LEFT ? (int)f->n : (int)f->n + 1;
		else
			r = FORM_NONE;
	} else
		r = key_on_field(ui, f, fd, ev);
	if (f->focus != cur)
		left(f, cur);
	return r;
}

int
form_refused_here(struct ui_form *f)
{
	return f->focus >= 0 && f->focus < (int)f->n && f->fields[f->focus].error != NULL;
}

const struct ui_key *
form_keys(struct ui_form *f)
{
	if (f->focus < 0 || (size_t)f->focus >= f->n)
		return keys_button;
	if (!is_text(&f->fields[f->focus]))
		return keys_choice;
	return form_refused_here(f) ? keys_refused : keys_text;
}

const struct ui_key *
form_help_keys(struct ui_form *f)
{
	(void)f;
	return keys_help;
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
	f->cur_y = -1;
	return f;
}

void
form_free(struct ui_form *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++) {
		struct ffield *fd = &f->fields[i];

		for (size_t k = 0; k < fd->nopts; k++) {
			free(fd->opt_values[k]);
			free(fd->opt_labels[k]);
		}
		free(fd->opt_values);
		free(fd->opt_labels);
		free(fd->value);
		free(fd->initial);
		free(fd->error);
	}
	free(f->fields);
	free(f->general);
	free(f->note);
	free(f->title);
	free(f->entered);
	free(f);
}
