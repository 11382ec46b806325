/* widget-text.c — the text page widget: lays out headings, label blocks and paragraphs, and scrolls. */
#include "tui/console/widget-text.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

enum { TL_HEADING, TL_FIELD, TL_PARA };

struct ui_text_line {
	int	 kind;
	char	*label;
	char	*text;
	int	 role;
	int	 indent;
};

/* One row as laid out for a width. */
struct row {
	const char	*label;		/* only on the first row of a field */
	char		*text;
	int		 x;		/* where text starts */
	int		 labelw;
	attr_t		 attr;
};

void
text_init(struct ui_text *t)
{
	memset(t, 0, sizeof *t);
}

void
text_clear(struct ui_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->lines[i].label);
		free(t->lines[i].text);
	}
	free(t->lines);
	t->lines = NULL;
	t->n = 0;
}

void
text_free(struct ui_text *t)
{
	text_clear(t);
}

static void
add(struct ui_text *t, int kind, const char *label, const char *text, int role, int indent)
{
	struct ui_text_line *l;

	t->lines = xrealloc(t->lines, (t->n + 1) * sizeof *t->lines);
	l = &t->lines[t->n++];
	l->kind = kind;
	l->label = label ? xstrdup(label) : NULL;
	l->text = xstrdup(text ? text : "");
	l->role = role;
	l->indent = indent;
}

void
text_heading(struct ui_text *t, const char *s)
{
	add(t, TL_HEADING, NULL, s, UI_HEADER, 0);
}

void
text_field(struct ui_text *t, const char *label, const char *value, int role)
{
	add(t, TL_FIELD, label, value, role, 0);
}

void
text_para(struct ui_text *t, int indent, int role, const char *s)
{
	add(t, TL_PARA, NULL, s, role, indent);
}

static void
push_row(struct row **v, size_t *n, const char *label, const char *text, size_t len, int x,
    int labelw, attr_t attr)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[*n].label = label;
	(*v)[*n].text = xstrndup(text, len);
	(*v)[*n].x = x;
	(*v)[*n].labelw = labelw;
	(*v)[*n].attr = attr;
	(*n)++;
}

/* The widest label of the block of fields starting at line i, at most w / 3. */
static int
block_labelw(const struct ui_text *t, size_t i, int w)
{
	int lw = 0;

	for (; i < t->n && t->lines[i].kind == TL_FIELD; i++)
		if (ui_width(t->lines[i].label) > lw)
			lw = ui_width(t->lines[i].label);
	return lw > w / 3 ? w / 3 : lw;
}

static struct row *
layout(struct ui *ui, const struct ui_text *t, int w, size_t *np)
{
	struct row *v = NULL;
	size_t n = 0;
	int lw = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct ui_text_line *l = &t->lines[i];
		int x = 0;
		char **lines;
		size_t k;

		if (l->kind == TL_FIELD && (i == 0 || t->lines[i - 1].kind != TL_FIELD))
			lw = block_labelw(t, i, w);
		if (l->kind == TL_HEADING) {
			if (n > 0)
				push_row(&v, &n, NULL, "", 0, 0, 0, A_NORMAL);
			push_row(&v, &n, NULL, l->text, strlen(l->text), 0, 0, ui_attr(ui, UI_HEADER));
			continue;
		}
		x = l->kind == TL_FIELD ? lw + 2 : l->indent;
		lines = ui_wrap(l->text, w - x > 8 ? w - x : 8, &k);
		if (k == 0)
			push_row(&v, &n, l->kind == TL_FIELD ? l->label : NULL, "", 0, x, lw,
			    ui_attr(ui, (enum ui_role)l->role));
		for (size_t j = 0; j < k; j++)
			push_row(&v, &n, j == 0 && l->kind == TL_FIELD ? l->label : NULL, lines[j],
			    strlen(lines[j]), x, lw, ui_attr(ui, (enum ui_role)l->role));
		ui_free_lines(lines, k);
	}
	*np = n;
	return v;
}

void
text_draw(struct ui *ui, struct ui_text *t, int y, int x, int h, int w)
{
	size_t n;
	struct row *v;
	int more;

	w -= 2;		/* a margin each side */
	x += 1;
	v = layout(ui, t, w, &n);
	t->rows = h;
	t->total = (int)n;
	if (t->top > t->total - h)
		t->top = t->total - h;
	if (t->top < 0)
		t->top = 0;
	more = t->top + h < t->total;
	for (int r = 0; r < h; r++) {
		size_t i = (size_t)(t->top + r);

		ui_put(stdscr, y + r, x - 1, w + 2, "", A_NORMAL, 1);
		if (i >= n)
			continue;
		if (r == h - 1 && more) {
			/* The last row says there is more, and how to see it. */
			char *m = xasprintf("↓ %s (%d/%d)", _("more below: ↓ or PgDn"), t->top + h,
			    t->total);

			ui_put(stdscr, y + r, x, w, m, ui_attr(ui, UI_DIM), 0);
			free(m);
			continue;
		}
		if (v[i].label != NULL)
			ui_put(stdscr, y + r, x, v[i].labelw, v[i].label, ui_attr(ui, UI_HEADER), 0);
		ui_put(stdscr, y + r, x + v[i].x, w - v[i].x, v[i].text, v[i].attr, 0);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

int
text_key(struct ui_text *t, const struct ui_event *ev)
{
	int page = t->rows > 2 ? t->rows - 2 : 1;

	if (ev->is_key) {
		switch (ev->key) {
		case KEY_UP: t->top--; break;
		case KEY_DOWN: t->top++; break;
		case KEY_PPAGE: t->top -= page; break;
		case KEY_NPAGE: t->top += page; break;
		case KEY_HOME: t->top = 0; break;
		case KEY_END: t->top = t->total; break;
		default: return UI_UNHANDLED;
		}
	} else if (ev->ch == 'j')
		t->top++;
	else if (ev->ch == 'k')
		t->top--;
	else
		return UI_UNHANDLED;
	if (t->top > t->total - t->rows)
		t->top = t->total - t->rows;
	if (t->top < 0)
		t->top = 0;
	return UI_HANDLED;
}
