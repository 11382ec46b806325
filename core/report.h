/* report.h — a self-contained HTML report (tables, inline SVG bar charts) and its CSV, from a plain document model. */
#ifndef VG_REPORT_H
#define VG_REPORT_H

#include <stddef.h>

/*
 * A report is built as a document — a title, a few facts, bar charts and
 * tables — and then written out: rpt_html as one HTML file with its style and
 * its charts inline (no script, nothing fetched: it opens anywhere, off line,
 * years later), rpt_csv as the rows of every table.  Pure: no I/O, no
 * database, so the writers are tested on their own.  Text is UTF-8 and
 * escaped here; callers pass it as people should read it.
 */

struct rpt_table {
	char	 *id;		/* a short name: the CSV's section, the HTML's id */
	char	 *title;
	size_t	  ncols;
	char	**cols;
	size_t	  nrows;
	char	**cells;	/* nrows * ncols */
};

struct rpt_bar {
	char	*label;
	double	 value[2];
};

struct rpt_chart {
	char		*id;
	char		*title;
	char		*unit;		/* after each value: "%", "" */
	size_t		 nseries;	/* 1 or 2 */
	char		*series[2];
	struct rpt_bar	*bars;
	size_t		 nbars;
};

struct rpt_fact {
	char	*label;
	char	*value;
	int	 alert;		/* shown as a warning */
};

struct rpt_doc {
	char			*title;
	char			*subtitle;
	char			*lang;		/* "en", "zh-CN" */
	struct rpt_fact		*facts;
	size_t			 nfacts;
	struct rpt_chart	*charts;
	size_t			 ncharts;
	struct rpt_table	*tables;
	size_t			 ntables;
	char			*footer;
};

void	rpt_init(struct rpt_doc *, const char *title, const char *subtitle, const char *lang);
void	rpt_free(struct rpt_doc *);
void	rpt_fact(struct rpt_doc *, const char *label, int alert, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	rpt_footer(struct rpt_doc *, const char *text);
/* A table with ncols column titles (const char *), filled by rpt_row. */
struct rpt_table *rpt_table(struct rpt_doc *, const char *id, const char *title, size_t ncols,
	    ...);
/* One row: ncols strings (NULL shows as empty). */
void	rpt_row(struct rpt_table *, ...);
void	rpt_rowv(struct rpt_table *, const char *const *cells);
/* A horizontal bar chart of one or two series. */
struct rpt_chart *rpt_chart(struct rpt_doc *, const char *id, const char *title,
	    const char *unit, const char *series1, const char *series2);
void	rpt_bar(struct rpt_chart *, const char *label, double v1, double v2);

/* The whole report as one HTML document (caller frees). */
char	*rpt_html(const struct rpt_doc *);
/*
 * Every table as CSV (RFC 4180, CRLF line ends): for each table a header line
 * "section" and its column titles, then one line per row with the table's id
 * first; a blank line between tables.  Caller frees.
 */
char	*rpt_csv(const struct rpt_doc *);

#endif
