/* widget-list.c — the list widget: columns that fit the width, scrolling, sorting, filtering, marks. */
#include "tui/console/widget-list.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

#define MARK_CELLS 4	/* "[x] " */

static const struct ui_key keys_normal[] = {
	{ "Enter", N_("open") },
	{ "/", N_("filter") },
	{ "s", N_("sort") },
	{ NULL, NULL }
};
static const struct ui_key keys_multi[] = {
	{ "Space", N_("mark") },
	{ "Enter", N_("done") },
	{ "/", N_("filter") },
	{ "s", N_("sort") },
	{ NULL, NULL }
};
static const struct ui_key keys_filtering[] = {
	{ "Enter", N_("keep filter") },
	{ "Esc", N_("clear filter") },
	{ NULL, NULL }
};
static const struct ui_key keys_help[] = {
	{ "↑↓ j k", N_("move") },
	{ "PgUp PgDn", N_("a page up, down") },
	{ "Home End", N_("first, last") },
	{ "s", N_("sort by the next column") },
	{ "S", N_("reverse the order") },
	{ NULL, NULL }
};
static const struct ui_key keys_help_multi[] = {
	{ "↑↓ j k", N_("move") },
	{ "PgUp PgDn", N_("a page up, down") },
	{ "Home End", N_("first, last") },
	{ "Space", N_("mark or unmark") },
	{ "s", N_("sort by the next column") },
	{ "S", N_("reverse the order") },
	{ NULL, NULL }
};

void
list_init(struct ui_list *l, const struct ui_col *cols, size_t ncols, int multi)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->ncols = ncols;
	l->multi = multi;
	l->sort_col = -1;
	l->empty = N_("(nothing to show)");
}

void
list_cut(struct ui_list *l, size_t col, int least)
{
	VG_ASSERT(col < l->ncols);
	if (l->least == NULL)
		l->least = xcalloc(l->ncols, sizeof *l->least);
	l->least[col] = least;
}

/* How narrow a column may be cut: to its list_cut width, never below its title. */
static int
least_of(const struct ui_list *l, size_t c)
{
	int title;

	if (l->least == NULL || l->least[c] == 0)
		return 0;
	title = ui_width(vg_tr(l->cols[c].title));
	return l->least[c] > title ? l->least[c] : title;
}

static void
free_rows(struct ui_list *l)
{
	for (size_t i = 0; i < l->nrows; i++) {
		for (size_t c = 0; c < l->ncols; c++)
			free(l->rows[i].cells[c]);
		free(l->rows[i].cells);
		free(l->rows[i].key);
	}
	free(l->rows);
	l->rows = NULL;
	l->nrows = 0;
}

static void
free_marks(struct ui_list *l)
{
	for (size_t i = 0; i < l->nkeep_marks; i++)
		free(l->keep_marks[i]);
	free(l->keep_marks);
	l->keep_marks = NULL;
	l->nkeep_marks = 0;
}

const struct ui_row *
list_selected(const struct ui_list *l)
{
	if (l->nview == 0 || l->sel >= l->nview)
		return NULL;
	return &l->rows[l->view[l->sel]];
}

void
list_begin(struct ui_list *l)
{
	const struct ui_row *r = list_selected(l);

	free(l->keep_key);
	l->keep_key = r ? xstrdup(r->key) : NULL;
	free_marks(l);
	for (size_t i = 0; i < l->nrows; i++)
		if (l->rows[i].marked) {
			l->keep_marks = xrealloc(l->keep_marks, (l->nkeep_marks + 1) *
			    sizeof *l->keep_marks);
			l->keep_marks[l->nkeep_marks++] = xstrdup(l->rows[i].key);
		}
	free_rows(l);
}

void
list_add(struct ui_list *l, const char *key, int role, const char *const *cells)
{
	struct ui_row *r;

	l->rows = xrealloc(l->rows, (l->nrows + 1) * sizeof *l->rows);
	r = &l->rows[l->nrows++];
	r->key = xstrdup(key);
	r->role = role;
	r->marked = 0;
	r->cells = xcalloc(l->ncols, sizeof *r->cells);
	for (size_t c = 0; c < l->ncols; c++)
		r->cells[c] = xstrdup(cells[c] ? cells[c] : "");
	for (size_t i = 0; i < l->nkeep_marks; i++)
		if (strcmp(l->keep_marks[i], key) == 0)
			r->marked = 1;
}

/* Case-insensitive for ASCII; other text (Chinese) matches as typed. */
static int
row_matches(const struct ui_list *l, const struct ui_row *r)
{
	if (l->filter[0] == '\0')
		return 1;
	if (strcasestr(r->key, l->filter) != NULL)
		return 1;
	for (size_t c = 0; c < l->ncols; c++)
		if (strcasestr(r->cells[c], l->filter) != NULL)
			return 1;
	return 0;
}

static int
cmp_rows(const void *a, const void *b, void *ud)
{
	const struct ui_list *l = ud;
	const struct ui_row *ra = &l->rows[*(const size_t *)a], *rb = &l->rows[*(const size_t *)b];
	int c = l->sort_col, r;

	if (l->cols[c].numeric) {
		double x = strtod(ra->cells[c], NULL), y = strtod(rb->cells[c], NULL);

		r = x < y ? -1 : x > y;
	} else
		r = strcasecmp(ra->cells[c], rb->cells[c]);
	if (r == 0)
		r = strcmp(ra->key, rb->key);
	return l->sort_desc ? -r : r;
}

/* Recomputes the view after a filter or sort change, keeping the selected row. */
static void
refresh_view(struct ui_list *l, const char *keep)
{
	free(l->view);
	l->view = xcalloc(l->nrows + 1, sizeof *l->view);
	l->nview = 0;
	for (size_t i = 0; i < l->nrows; i++)
		if (row_matches(l, &l->rows[i]))
			l->view[l->nview++] = i;
	if (l->sort_col >= 0 && l->nview > 1)
		qsort_r(l->view, l->nview, sizeof *l->view, cmp_rows, l);
	if (keep != NULL)
		for (size_t i = 0; i < l->nview; i++)
			if (strcmp(l->rows[l->view[i]].key, keep) == 0) {
				l->sel = i;
				return;
			}
	if (l->sel >= l->nview)
		l->sel = l->nview ? l->nview - 1 : 0;
}

void
list_end(struct ui_list *l)
{
	refresh_view(l, l->keep_key);
	free(l->keep_key);
	l->keep_key = NULL;
	free_marks(l);
}

static void
refilter(struct ui_list *l)
{
	const struct ui_row *r = list_selected(l);
	char *keep = r ? xstrdup(r->key) : NULL;

	refresh_view(l, keep);
	free(keep);
}

/* Cells of the columns still shown, each with its separator. */
static int
layout_total(const struct ui_list *l, const int *widths)
{
	int total = 0;

	for (size_t c = 0; c < l->ncols; c++)
		if (widths[c] > 0)
			total += widths[c] + 1;
	return total;
}

/* Cuts the columns that allow it, the least important first, until the rest fit. */
static void
layout_cut(const struct ui_list *l, int avail, int *widths)
{
	int over = layout_total(l, widths) - avail;

	for (int pass = 0; over > 0 && pass < (int)l->ncols; pass++) {
		int worst = -1;

		for (size_t c = 0; c < l->ncols; c++)
			if (least_of(l, c) > 0 && widths[c] > least_of(l, c) &&
			    (worst < 0 || l->cols[c].priority > l->cols[worst].priority))
				worst = (int)c;
		if (worst < 0)
			return;
		{
			int give = widths[worst] - least_of(l, (size_t)worst);

			if (give > over)
				give = over;
			widths[worst] -= give;
			over -= give;
		}
	}
}

/* Shown columns (widths[c] > 0) at their own width, cut where they may be
 * until they fit; whether they fit. */
static int
layout_fits(const struct ui_list *l, int avail, int *widths)
{
	for (size_t c = 0; c < l->ncols; c++)
		if (widths[c] > 0)
			widths[c] = l->cols[c].min;
	if (layout_total(l, widths) <= avail)
		return 1;
	layout_cut(l, avail, widths);
	return layout_total(l, widths) <= avail;
}

/*
 * The least important columns are dropped until the rest fit at their own
 * width.  A dropped column that may be cut (list_cut) then comes back when
 * cutting makes room for it, the most important first: columns that must
 * show at 80 are cut short rather than dropped, while the extras of a wide
 * terminal never cut the others.
 */
void
list_layout(const struct ui_list *l, int w, int *widths)
{
	int spare, grow = 0, avail = w - (l->multi ? MARK_CELLS : 0) - 1;

	for (size_t c = 0; c < l->ncols; c++)
		widths[c] = l->cols[c].min;
	for (;;) {
		int worst = -1;

		if (layout_total(l, widths) <= avail)
			break;
		for (size_t c = 0; c < l->ncols; c++)
			if (widths[c] > 0 && l->cols[c].priority > 0 &&
			    (worst < 0 || l->cols[c].priority > l->cols[worst].priority))
				worst = (int)c;
		if (worst < 0)
			break;
		widths[worst] = 0;
	}
	for (int p = 1; p <= 9; p++)
		for (size_t c = 0; c < l->ncols; c++) {
			if (widths[c] != 0 || l->cols[c].priority != p || least_of(l, c) == 0)
				continue;
			widths[c] = l->cols[c].min;
			if (!layout_fits(l, avail, widths))
				widths[c] = 0;
		}
	layout_fits(l, avail, widths);
	spare = avail - layout_total(l, widths);
	for (size_t c = 0; c < l->ncols; c++)
		if (widths[c] > 0)
			grow += l->cols[c].grow;
	for (size_t c = 0; c < l->ncols && spare > 0 && grow > 0; c++)
		if (widths[c] > 0 && l->cols[c].grow > 0)
			widths[c] += spare * l->cols[c].grow / grow;
}

static void
draw_row(struct ui *ui, const struct ui_list *l, const struct ui_row *r, const int *widths,
    int y, int x, int w, attr_t attr, int header)
{
	int cx = x;

	ui_put(stdscr, y, x, w, "", attr, 1);
	if (l->multi) {
		ui_put(stdscr, y, cx, MARK_CELLS, header ? "" : r->marked ? "[x]" : "[ ]", attr, 1);
		cx += MARK_CELLS;
	}
	cx++;
	for (size_t c = 0; c < l->ncols; c++) {
		const char *text;
		char title[96];

		if (widths[c] == 0)
			continue;
		if (header) {
			snprintf(title, sizeof title, "%s%s", vg_tr(l->cols[c].title),
			    (int)c == l->sort_col ? (l->sort_desc ? " v" : " ^") : "");
			text = title;
		} else
			text = r->cells[c];
		if (l->cols[c].numeric && !header && ui_width(text) < widths[c])
			ui_put(stdscr, y, cx + widths[c] - ui_width(text), ui_width(text), text,
			    attr, 0);
		else
			ui_put(stdscr, y, cx, widths[c], text, attr, 0);
		cx += widths[c] + 1;
	}
	(void)ui;
}

void
list_draw(struct ui *ui, struct ui_list *l, int y, int x, int h, int w)
{
	int *widths = xcalloc(l->ncols + 1, sizeof *widths), visible = h - 2;
	char info[200];

	list_layout(l, w, widths);
	draw_row(ui, l, NULL, widths, y, x, w, ui_attr(ui, UI_HEADER), 1);
	if (visible < 1)
		visible = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)visible)
		l->top = l->sel - (size_t)visible + 1;
	if (l->nview == 0)
		ui_put(stdscr, y + 1, x + 1, w - 1, l->filter[0] ? _("(nothing matches the filter)") :
		    _(l->empty), ui_attr(ui, UI_DIM), 0);
	for (int i = 0; i < visible && l->top + (size_t)i < l->nview; i++) {
		size_t vi = l->top + (size_t)i;
		const struct ui_row *r = &l->rows[l->view[vi]];

		draw_row(ui, l, r, widths, y + 1 + i, x, w, vi == l->sel ?
		    ui_attr(ui, UI_SELECTED) : ui_attr(ui, (enum ui_role)r->role), 0);
	}
	/* The bottom line: position, and while there is a filter how many of
	 * all the rows it lets through. */
	snprintf(info, sizeof info, " %zu/%zu", l->nview ? l->sel + 1 : 0, l->nview);
	if (l->filtering || l->filter[0]) {
		size_t len = strlen(info);

		snprintf(info + len, sizeof info - len, "   /%s%s   ", l->filter,
		    l->filtering ? "_" : "");
		len = strlen(info);
		snprintf(info + len, sizeof info - len, ngettext("%zu of %zu row matches",
		    "%zu of %zu rows match", (unsigned long)l->nrows), l->nview, l->nrows);
	}
	ui_put(stdscr, y + h - 1, x, w, info, ui_attr(ui, l->filtering ? UI_FIELD_FOCUS :
	    UI_DIM), 1);
	/* While the filter is typed, q and ? are letters of it. */
	ui->typing |= l->filtering;
	free(widths);
}

static void
move_sel(struct ui_list *l, long delta)
{
	long s = (long)l->sel + delta;

	if (l->nview == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)l->nview)
		s = (long)l->nview - 1;
	l->sel = (size_t)s;
}

static int
filter_key(struct ui_list *l, const struct ui_event *ev)
{
	if (!ev->is_key && ev->ch == UI_ESC) {
		l->filter[0] = '\0';
		l->filtering = 0;
	} else if (ui_is_enter(ev))
		l->filtering = 0;
	else if (ui_is_backspace(ev))
		ui_text_backspace(l->filter);
	else if (!ev->is_key)
		ui_text_append(l->filter, sizeof l->filter, ev->ch);
	else
		return LIST_NONE;
	refilter(l);
	return LIST_HANDLED;
}

int
list_key(struct ui *ui, struct ui_list *l, const struct ui_event *ev)
{
	int page = ui->rows > 8 ? ui->rows - 8 : 1;

	if (l->filtering && filter_key(l, ev) == LIST_HANDLED)
		return LIST_HANDLED;
	if (ev->is_key) {
		switch (ev->key) {
		case KEY_UP: move_sel(l, -1); return LIST_HANDLED;
		case KEY_DOWN: move_sel(l, 1); return LIST_HANDLED;
		case KEY_PPAGE: move_sel(l, -page); return LIST_HANDLED;
		case KEY_NPAGE: move_sel(l, page); return LIST_HANDLED;
		case KEY_HOME: move_sel(l, -(long)l->nview); return LIST_HANDLED;
		case KEY_END: move_sel(l, (long)l->nview); return LIST_HANDLED;
		case KEY_ENTER: return l->nview ? LIST_ACTIVATE : LIST_HANDLED;
		default: return LIST_NONE;
		}
	}
	switch (ev->ch) {
	case 'k': move_sel(l, -1); return LIST_HANDLED;
	case 'j': move_sel(l, 1); return LIST_HANDLED;
	case 'g': move_sel(l, -(long)l->nview); return LIST_HANDLED;
	case 'G': move_sel(l, (long)l->nview); return LIST_HANDLED;
	case '/':
		l->filtering = 1;
		return LIST_HANDLED;
	case 's':
		l->sort_col = (l->sort_col + 1) % (int)l->ncols;
		refilter(l);
		return LIST_HANDLED;
	case 'S':
		l->sort_desc = !l->sort_desc;
		if (l->sort_col < 0)
			l->sort_col = 0;
		refilter(l);
		return LIST_HANDLED;
	case ' ':
		if (!l->multi || l->nview == 0)
			return LIST_NONE;
		l->rows[l->view[l->sel]].marked = !l->rows[l->view[l->sel]].marked;
		move_sel(l, 1);
		return LIST_MARK;
	case UI_ESC:
		if (l->filter[0] == '\0')
			return LIST_NONE;
		l->filter[0] = '\0';
		refilter(l);
		return LIST_HANDLED;
	case '\r':
	case '\n':
		return l->nview ? LIST_ACTIVATE : LIST_HANDLED;
	default:
		return LIST_NONE;
	}
}

const struct ui_key *
list_keys(const struct ui_list *l)
{
	if (l->filtering)
		return keys_filtering;
	return l->multi ? keys_multi : keys_normal;
}

const struct ui_key *
list_help_keys(const struct ui_list *l)
{
	return l->multi ? keys_help_multi : keys_help;
}

const struct ui_key *
list_screen_keys(const struct ui_list *l, const struct ui_key *own)
{
	return l->filtering ? list_keys(l) : own;
}

int
list_screen_key(struct ui *ui, struct ui_list *l, const struct ui_event *ev,
    void (*open)(struct ui *, void *, const char *), void *ud)
{
	const struct ui_row *r;

	switch (list_key(ui, l, ev)) {
	case LIST_ACTIVATE:
		if ((r = list_selected(l)) != NULL && open != NULL) {
			char *key = xstrdup(r->key);	/* open may reload the list */

			open(ui, ud, key);
			free(key);
		}
		return UI_HANDLED;
	case LIST_NONE:
		return UI_UNHANDLED;
	default:
		return UI_HANDLED;
	}
}

char *
list_marked_keys(const struct ui_list *l)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < l->nrows; i++)
		if (l->rows[i].marked)
			buf_printf(&b, "%s%s", b.len ? "," : "", l->rows[i].key);
	return buf_steal(&b);
}

void
list_free(struct ui_list *l)
{
	free_rows(l);
	free_marks(l);
	free(l->view);
	free(l->keep_key);
	free(l->least);
	l->view = NULL;
	l->keep_key = NULL;
	l->least = NULL;
}
