/* table.c — column-aligned text tables; widths counted in terminal cells. */
#include "tui/cli/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/util.h"

static void
add_row(struct table *t, va_list ap)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++) {
		const char *c = va_arg(ap, const char *);

		t->cells[t->nrows * t->ncols + i] = xstrdup(c ? c : "");
	}
	t->nrows++;
}

void
table_init(struct table *t, size_t ncols, ...)
{
	va_list ap;

	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	va_start(ap, ncols);
	add_row(t, ap);
	va_end(ap);
}

void
table_row(struct table *t, ...)
{
	va_list ap;

	va_start(ap, t);
	add_row(t, ap);
	va_end(ap);
}

void
table_print_indented(struct table *t, FILE *f, int indent, int skip_header)
{
	int *w = xcalloc(t->ncols, sizeof *w);

	for (size_t r = skip_header ? 1 : 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			int cw = vg_text_width(t->cells[r * t->ncols + c]);

			if (cw > w[c])
				w[c] = cw;
		}
	for (size_t r = skip_header ? 1 : 0; r < t->nrows; r++) {
		fprintf(f, "%*s", indent, "");
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];

			fputs(cell, f);
			if (c + 1 < t->ncols)
				fprintf(f, "%*s", w[c] - vg_text_width(cell) + 2, "");
		}
		fputc('\n', f);
	}
	free(w);
}

void
table_print(struct table *t, FILE *f)
{
	table_print_indented(t, f, 0, 0);
}

void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}
