/* config-hours.c — the site's working days and hours: checking the settings, and whether a time falls inside them. */
#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/util.h"

static const char *const day_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static int
day_index(const char *s, size_t len)
{
	for (int i = 0; i < 7; i++)
		if (len == 3 && strncmp(s, day_names[i], 3) == 0)
			return i;
	return -1;
}

/*
 * "mon-fri", "mon-fri,sun", "mon,wed,fri", "mon-sun": day names and ranges
 * (a range may wrap: "fri-mon").  Sets bit d of *mask for each day d (0 is
 * Sunday, as struct tm counts).  -1 when malformed.
 */
static int
parse_days(const char *s, unsigned *mask)
{
	char *copy = xstrdup(s), *save = NULL, *w;
	int r = 0;

	*mask = 0;
	for (w = strtok_r(copy, ",", &save); w && r == 0; w = strtok_r(NULL, ",", &save)) {
		char *dash;
		int a, b;

		w = vg_trim(w);
		dash = strchr(w, '-');
		a = day_index(w, dash ? (size_t)(dash - w) : strlen(w));
		b = dash ? day_index(dash + 1, strlen(dash + 1)) : a;
		if (a < 0 || b < 0) {
			r = -1;
			break;
		}
		for (int d = a;; d = (d + 1) % 7) {
			*mask |= 1u << d;
			if (d == b)
				break;
		}
	}
	free(copy);
	return r == 0 && *mask != 0 ? 0 : -1;
}

/* "07:00-19:00" as minutes since midnight, from < to. */
static int
parse_hours(const char *s, int *from, int *to)
{
	int h1, m1, h2, m2, len = 0;

	if (sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &len) != 4 ||
	    (size_t)len != strlen(s) || h1 < 0 || h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 ||
	    m1 > 59 || m2 < 0 || m2 > 59)
		return -1;
	*from = h1 * 60 + m1;
	*to = h2 * 60 + m2;
	return *from < *to && *to <= 24 * 60 ? 0 : -1;
}

int
config_check_days(const char *s, char *why, size_t n)
{
	unsigned mask;

	if (parse_days(s, &mask) != 0) {
		snprintf(why, n, _("\"%s\" is not a list of days (mon, tue, wed, thu, fri, sat, sun, "
		    "and ranges such as mon-fri)"), s);
		return -1;
	}
	return 0;
}

int
config_check_hours(const char *s, char *why, size_t n)
{
	int a, b;

	if (parse_hours(s, &a, &b) != 0) {
		snprintf(why, n, _("\"%s\" is not a span of hours HH:MM-HH:MM, the end after the "
		    "start"), s);
		return -1;
	}
	return 0;
}

int
config_working_time(const struct vg_config *cfg, int64_t us)
{
	time_t t = (time_t)(us / VG_USEC_PER_SEC);
	unsigned mask = 0x3e;		/* mon-fri when the settings are unreadable */
	int from = 7 * 60, to = 19 * 60, min;
	struct tm tm;

	if (cfg->working_days != NULL)
		parse_days(cfg->working_days, &mask);
	if (cfg->working_hours != NULL && parse_hours(cfg->working_hours, &from, &to) != 0) {
		from = 7 * 60;
		to = 19 * 60;
	}
	localtime_r(&t, &tm);
	min = tm.tm_hour * 60 + tm.tm_min;
	return (mask & (1u << tm.tm_wday)) != 0 && min >= from && min < to;
}

char *
config_working_text(const struct vg_config *cfg)
{
	return xasprintf("%s %s", cfg->working_days ? cfg->working_days : "mon-fri",
	    cfg->working_hours ? cfg->working_hours : "07:00-19:00");
}
