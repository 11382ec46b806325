/* report.c — writes a report document as one self-contained HTML file with inline SVG charts, and as CSV. */
#include "core/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/*---- Building ----*/

void
rpt_init(struct rpt_doc *d, const char *title, const char *subtitle, const char *lang)
{
	memset(d, 0, sizeof *d);
	d->title = xstrdup(title);
	d->subtitle = xstrdup(subtitle ? subtitle : "");
	d->lang = xstrdup(lang ? lang : "en");
	d->footer = xstrdup("");
}

void
rpt_fact(struct rpt_doc *d, const char *label, int alert, const char *fmt, ...)
{
	struct rpt_fact *f;
	va_list ap;

	d->facts = xrealloc(d->facts, (d->nfacts + 1) * sizeof *d->facts);
	f = &d->facts[d->nfacts++];
	f->label = xstrdup(label);
	f->alert = alert;
	va_start(ap, fmt);
	f->value = xvasprintf(fmt, ap);
	va_end(ap);
}

void
rpt_footer(struct rpt_doc *d, const char *text)
{
	free(d->footer);
	d->footer = xstrdup(text);
}

struct rpt_table *
rpt_table(struct rpt_doc *d, const char *id, const char *title, size_t ncols, ...)
{
	struct rpt_table *t;
	va_list ap;

	d->tables = xrealloc(d->tables, (d->ntables + 1) * sizeof *d->tables);
	t = &d->tables[d->ntables++];
	memset(t, 0, sizeof *t);
	t->id = xstrdup(id);
	t->title = xstrdup(title);
	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof *t->cols);
	va_start(ap, ncols);
	for (size_t i = 0; i < ncols; i++)
		t->cols[i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	return t;
}

void
rpt_rowv(struct rpt_table *t, const char *const *cells)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void
rpt_row(struct rpt_table *t, ...)
{
	const char **cells = xcalloc(t->ncols, sizeof *cells);
	va_list ap;

	va_start(ap, t);
	for (size_t i = 0; i < t->ncols; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	rpt_rowv(t, cells);
	free(cells);
}

struct rpt_chart *
rpt_chart(struct rpt_doc *d, const char *id, const char *title, const char *unit,
    const char *series1, const char *series2)
{
	struct rpt_chart *c;

	d->charts = xrealloc(d->charts, (d->ncharts + 1) * sizeof *d->charts);
	c = &d->charts[d->ncharts++];
	memset(c, 0, sizeof *c);
	c->id = xstrdup(id);
	c->title = xstrdup(title);
	c->unit = xstrdup(unit ? unit : "");
	c->nseries = series2 ? 2 : 1;
	c->series[0] = xstrdup(series1 ? series1 : "");
	c->series[1] = series2 ? xstrdup(series2) : NULL;
	return c;
}

void
rpt_bar(struct rpt_chart *c, const char *label, double v1, double v2)
{
	c->bars = xrealloc(c->bars, (c->nbars + 1) * sizeof *c->bars);
	c->bars[c->nbars].label = xstrdup(label);
	c->bars[c->nbars].value[0] = v1;
	c->bars[c->nbars].value[1] = v2;
	c->nbars++;
}

void
rpt_free(struct rpt_doc *d)
{
	for (size_t i = 0; i < d->nfacts; i++) {
		free(d->facts[i].label);
		free(d->facts[i].value);
	}
	for (size_t i = 0; i < d->ncharts; i++) {
		struct rpt_chart *c = &d->charts[i];

		for (size_t j = 0; j < c->nbars; j++)
			free(c->bars[j].label);
		free(c->bars);
		free(c->id);
		free(c->title);
		free(c->unit);
		free(c->series[0]);
		free(c->series[1]);
	}
	for (size_t i = 0; i < d->ntables; i++) {
		struct rpt_table *t = &d->tables[i];

		vg_strv_free(t->cols, t->ncols);
		vg_strv_free(t->cells, t->nrows * t->ncols);
		free(t->id);
		free(t->title);
	}
	free(d->facts);
	free(d->charts);
	free(d->tables);
	free(d->title);
	free(d->subtitle);
	free(d->lang);
	free(d->footer);
	memset(d, 0, sizeof *d);
}

/*---- HTML ----*/

/* Text as HTML character data or an attribute value. */
static void
esc(struct vg_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_add(b, s, 1);
		}
	}
}

static const char style[] =
    "body{font-family:sans-serif;margin:2em;color:#222;max-width:72em}"
    "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em}"
    ".sub{color:#555;margin-top:0}"
    "dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
    "dl.facts dt{font-weight:bold}dl.facts dd{margin:0}.alert{color:#b00020}"
    "table{border-collapse:collapse;width:100%;font-size:.9em}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}tbody tr:nth-child(even){background:#fafafa}"
    "figure{display:inline-block;margin:1em 2em 1em 0;vertical-align:top}"
    "figcaption{font-weight:bold;margin-bottom:.3em}.empty{color:#777;font-style:italic}"
    "footer{margin-top:2em;color:#555;font-size:.85em;white-space:pre-wrap}"
    "@media print{body{margin:0}}";

static void
html_facts(struct vg_buf *b, const struct rpt_doc *d)
{
	if (d->nfacts == 0)
		return;
	buf_puts(b, "<dl class=\"facts\">\n");
	for (size_t i = 0; i < d->nfacts; i++) {
		buf_puts(b, "<dt>");
		esc(b, d->facts[i].label);
		buf_puts(b, d->facts[i].alert ? "</dt><dd class=\"alert\">" : "</dt><dd>");
		esc(b, d->facts[i].value);
		buf_puts(b, "</dd>\n");
	}
	buf_puts(b, "</dl>\n");
}

#define BAR_H	14
#define ROW_GAP	6
#define BAR_W	260
#define VAL_W	70

static const char *const colours[2] = { "#3b6ea8", "#d08a2e" };

/* A label's width in the chart: about 7 px a cell, CJK two cells. */
static int
label_width(const struct rpt_chart *c)
{
	int w = 40;

	for (size_t i = 0; i < c->nbars; i++) {
		int lw = vg_text_width(c->bars[i].label) * 7 + 10;

		if (lw > w)
			w = lw;
	}
	return w > 220 ? 220 : w;
}

static double
chart_max(const struct rpt_chart *c)
{
	double m = 0;

	for (size_t i = 0; i < c->nbars; i++)
		for (size_t k = 0; k < c->nseries; k++)
			if (c->bars[i].value[k] > m)
				m = c->bars[i].value[k];
	return m > 0 ? m : 1;
}

static void
svg_legend(struct vg_buf *b, const struct rpt_chart *c, int y)
{
	for (size_t k = 0; k < c->nseries; k++) {
		buf_printf(b, "<rect x=\"%zu\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
		    "<text x=\"%zu\" y=\"%d\" font-size=\"11\">", 4 + k * 140, y, colours[k],
		    18 + k * 140, y + 9);
		esc(b, c->series[k]);
		buf_puts(b, "</text>\n");
	}
}

static void
svg_bar(struct vg_buf *b, const struct rpt_chart *c, size_t i, int lw, int y, double max)
{
	const struct rpt_bar *bar = &c->bars[i];
	int h = c->nseries == 2 ? BAR_H / 2 : BAR_H;

	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">", lw - 6,
	    y + BAR_H - 3);
	esc(b, bar->label);
	buf_puts(b, "</text>\n");
	for (size_t k = 0; k < c->nseries; k++) {
		double v = bar->value[k];
		int w = (int)(v / max * BAR_W + 0.5);

		buf_printf(b, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"%s\"><title>", lw, y + (int)k * h, w, h, colours[k]);
		esc(b, bar->label);
		buf_printf(b, ": %g%s</title></rect>\n", v, c->unit);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%g", lw + w + 4,
		    y + (int)k * h + h - 1, c->nseries == 2 ? 8 : 11, v);
		esc(b, c->unit);
		buf_puts(b, "</text>\n");
	}
}

static void
html_chart(struct vg_buf *b, const struct rpt_chart *c)
{
	int lw = label_width(c), top = c->nseries == 2 ? 18 : 4;
	int width = lw + BAR_W + VAL_W, height = top + (int)c->nbars * (BAR_H + ROW_GAP) + 4;
	double max = chart_max(c);

	buf_printf(b, "<figure id=\"chart-%s\"><figcaption>", c->id);
	esc(b, c->title);
	buf_puts(b, "</figcaption>\n");
	if (c->nbars == 0) {
		buf_puts(b, "<p class=\"empty\">-</p></figure>\n");
		return;
	}
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", width, height, width, height);
	esc(b, c->title);
	buf_puts(b, "\">\n");
	if (c->nseries == 2)
		svg_legend(b, c, 2);
	for (size_t i = 0; i < c->nbars; i++)
		svg_bar(b, c, i, lw, top + (int)i * (BAR_H + ROW_GAP), max);
	buf_puts(b, "</svg></figure>\n");
}

static void
html_table(struct vg_buf *b, const struct rpt_table *t)
{
	buf_printf(b, "<h2 id=\"%s\">", t->id);
	esc(b, t->title);
	buf_printf(b, " (%zu)</h2>\n", t->nrows);
	if (t->nrows == 0) {
		buf_printf(b, "<p class=\"empty\" data-section=\"%s\">-</p>\n", t->id);
		return;
	}
	buf_printf(b, "<table data-section=\"%s\">\n<thead><tr>", t->id);
	for (size_t i = 0; i < t->ncols; i++) {
		buf_puts(b, "<th>");
		esc(b, t->cols[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		buf_puts(b, "<tr>");
		for (size_t i = 0; i < t->ncols; i++) {
			buf_puts(b, "<td>");
			esc(b, t->cells[r * t->ncols + i]);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table>\n");
}

char *
rpt_html(const struct rpt_doc *d)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
	esc(&b, d->lang);
	buf_puts(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(&b, d->title);
	buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
	esc(&b, d->title);
	buf_puts(&b, "</h1>\n<p class=\"sub\">");
	esc(&b, d->subtitle);
	buf_puts(&b, "</p>\n");
	html_facts(&b, d);
	for (size_t i = 0; i < d->ncharts; i++)
		html_chart(&b, &d->charts[i]);
	for (size_t i = 0; i < d->ntables; i++)
		html_table(&b, &d->tables[i]);
	if (d->footer[0] != '\0') {
		buf_puts(&b, "<footer>");
		esc(&b, d->footer);
		buf_puts(&b, "</footer>\n");
	}
	buf_puts(&b, "</body>\n</html>\n");
	return buf_steal(&b);
}

/*---- CSV ----*/

static void
csv_field(struct vg_buf *b, const char *s, int first)
{
	if (!first)
		buf_add(b, ",", 1);
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\0') {
		buf_puts(b, s);
		return;
	}
	buf_add(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			buf_add(b, "\"", 1);
		buf_add(b, s, 1);
	}
	buf_add(b, "\"", 1);
}

char *
rpt_csv(const struct rpt_doc *d)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < d->ntables; i++) {
		const struct rpt_table *t = &d->tables[i];

		if (i > 0)
			buf_puts(&b, "\r\n");
		csv_field(&b, "section", 1);
		for (size_t c = 0; c < t->ncols; c++)
			csv_field(&b, t->cols[c], 0);
		buf_puts(&b, "\r\n");
		for (size_t r = 0; r < t->nrows; r++) {
			csv_field(&b, t->id, 1);
			for (size_t c = 0; c < t->ncols; c++)
				csv_field(&b, t->cells[r * t->ncols + c], 0);
			buf_puts(&b, "\r\n");
		}
	}
	return buf_steal(&b);
}
