/* test_report.c — the report writer: HTML with its tables and inline SVG charts, CSV, escaping. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/report.h"
#include "core/timefmt.h"
#include "core/util.h"

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static void
sample(struct rpt_doc *d)
{
	struct rpt_table *t;
	struct rpt_chart *c;

	rpt_init(d, "Review <2026-03>", "Test & School", "en");
	rpt_fact(d, "State", 0, "%s", "open");
	rpt_fact(d, "Audit verify", 1, "failed: entry %d", 7);
	t = rpt_table(d, "viewings", "Viewings", 3, "ID", "WHO", "NOTE");
	rpt_row(t, "1", "gus", "said \"hi\", left");
	rpt_row(t, "2", "李雷", NULL);
	rpt_table(d, "exports", "Exports", 2, "NAME", "STATE");
	c = rpt_chart(d, "weeks", "Per week", "", "requests", "viewings");
	rpt_bar(c, "03-01–03-07", 4, 2);
	rpt_bar(c, "03-08–03-14", 2, 0);
	c = rpt_chart(d, "uptime", "Uptime", "%", NULL, NULL);
	rpt_bar(c, "gate-1", 100, 0);
	rpt_bar(c, "yard", 50, 0);
}

static void
test_html_tables_charts_escaped(void **state)
{
	struct rpt_doc d;
	char *html;

	(void)state;
	sample(&d);
	html = rpt_html(&d);
	assert_contains(html, "<!DOCTYPE html>");
	assert_contains(html, "<title>Review &lt;2026-03&gt;</title>");
	assert_contains(html, "Test &amp; School");
	assert_contains(html, "<table data-section=\"viewings\">");
	assert_contains(html, "<td>said &quot;hi&quot;, left</td>");
	assert_contains(html, "<td>李雷</td>");
	/* An empty table says so instead of drawing an empty table. */
	assert_contains(html, "<p class=\"empty\" data-section=\"exports\">-</p>");
	assert_contains(html, "<h2 id=\"viewings\">Viewings (2)</h2>");
	assert_int_equal(count(html, "<svg "), 2);
	/* Two series: four bars; the largest value is the full width. */
	assert_int_equal(count(html, "class=\"bar\""), 6);
	assert_contains(html, "width=\"260\" height=\"7\" fill=\"#3b6ea8\"><title>03-01–03-07: 4");
	assert_contains(html, "width=\"130\" height=\"14\" fill=\"#3b6ea8\"><title>yard: 50%");
	assert_contains(html, "<dd class=\"alert\">failed: entry 7</dd>");
	/* Self-contained: nothing fetched, no script. */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "href="));
	free(html);
	rpt_free(&d);
}

static void
test_csv_rows_quoted(void **state)
{
	struct rpt_doc d;
	char *csv;

	(void)state;
	sample(&d);
	csv = rpt_csv(&d);
	assert_string_equal(csv,
	    "section,ID,WHO,NOTE\r\n"
	    "viewings,1,gus,\"said \"\"hi\"\", left\"\r\n"
	    "viewings,2,李雷,\"\"\r\n"
	    "\r\n"
	    "section,NAME,STATE\r\n");
	free(csv);
	rpt_free(&d);
}

static void
test_working_hours(void **state)
{
	struct vg_config cfg;
	char why[200];

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.working_days = "mon-fri";
	cfg.working_hours = "07:00-19:00";
	/* 2026-03-02 is a Monday (UTC). */
	assert_true(config_working_time(&cfg, time_from_ymd(2026, 3, 2) + 7 * INT64_C(3600000000)));
	assert_false(config_working_time(&cfg, time_from_ymd(2026, 3, 2) + 19 * INT64_C(3600000000)));
	assert_false(config_working_time(&cfg, time_from_ymd(2026, 3, 1) + 10 * INT64_C(3600000000)));
	cfg.working_days = "fri-mon";
	assert_true(config_working_time(&cfg, time_from_ymd(2026, 3, 1) + 10 * INT64_C(3600000000)));
	assert_int_equal(config_check_days("mon-fri,sun", why, sizeof why), 0);
	assert_int_equal(config_check_days("monday", why, sizeof why), -1);
	assert_contains(why, "is not a list of days");
	assert_int_equal(config_check_hours("19:00-07:00", why, sizeof why), -1);
	assert_contains(why, "the end after the start");
	assert_int_equal(config_check_hours("00:00-24:00", why, sizeof why), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_tables_charts_escaped),
		cmocka_unit_test(test_csv_rows_quoted),
		cmocka_unit_test(test_working_hours),
	};

	time_set_zone("UTC", NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
