/* timefmt.c — local-time parsing and printing for the site's time zone. */
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"

int
time_zone_valid(const char *tz)
{
	char *path;
	int ok;

	if (tz[0] == '\0' || strcmp(tz, "UTC") == 0)
		return 1;
	if (strstr(tz, "..") != NULL || tz[0] == '/')
		return 0;
	path = xasprintf("/usr/share/zoneinfo/%s", tz);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

int
time_set_zone(const char *tz, struct vg_err *err)
{
	if (tz == NULL || tz[0] == '\0')
		return 0;
	if (!time_zone_valid(tz))
		return vg_seterr(err, VG_CONFIG, _("unknown time zone \"%s\""), tz);
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int64_t
local_to_us(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return (int64_t)t * VG_USEC_PER_SEC;
}

int64_t
time_from_ymd(int y, int m, int d)
{
	return local_to_us(y, m, d, 0, 0, 0);
}

void
time_ymd(int64_t us, int *y, int *m, int *d)
{
	time_t t = (time_t)(us / VG_USEC_PER_SEC);
	struct tm tm;

	localtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

/*
 * "YYYY-MM-DD HH:MM[:SS]", or the ISO 8601 form with a T between the date
 * and the time ("2026-11-28T10:00"): ssh joins a command's words with
 * spaces, so a time without one passes through it unquoted.
 */
static int
parse_fields(const char *given, int want_time, int64_t *us, struct vg_err *err)
{
	char s[32];
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, len = (int)strlen(given);

	snprintf(s, sizeof s, "%s", given);
	if (want_time && len > 10 && (s[10] == 'T' || s[10] == 't'))
		s[10] = ' ';
	if (len >= (int)sizeof s)
		goto bad;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10 && n == len) {
		;
	} else if (want_time != 0 &&
	    sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6 &&
	    n == 19 && n == len) {
		;
	} else if (want_time != 0 &&
	    sscanf(s, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 &&
	    n == 16 && n == len) {
		;
	} else
		goto bad;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59 ||
	    h < 0 || mi < 0 || sec < 0)
		goto bad;
	*us = local_to_us(y, mo, d, h, mi, sec);
	return 0;
bad:
	if (want_time)
		return vg_seterr(err, VG_USAGE,
		    _("\"%s\" is not a time: use YYYY-MM-DD HH:MM[:SS] (or YYYY-MM-DDTHH:MM)"),
		    given);
	return vg_seterr(err, VG_USAGE, _("\"%s\" is not a date: use YYYY-MM-DD"), given);
}

int
time_parse(const char *s, int64_t *us, struct vg_err *err)
{
	return parse_fields(s, 1, us, err);
}

int
time_parse_date(const char *s, int64_t *us, struct vg_err *err)
{
	return parse_fields(s, 0, us, err);
}

/* Local time, to the second or only the date; 0 (no time) prints "-". */
static char *
fmt_local(int64_t us, char out[32], int date_only)
{
	time_t t = (time_t)(us / VG_USEC_PER_SEC);
	struct tm tm;

	if (us == 0) {
		snprintf(out, 32, "-");
		return out;
	}
	localtime_r(&t, &tm);
	if (date_only)
		strftime(out, 32, "%Y-%m-%d", &tm);
	else
		strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
	return out;
}

char *
time_fmt(int64_t us, char out[32])
{
	return fmt_local(us, out, 0);
}

char *
time_fmt_date(int64_t us, char out[32])
{
	return fmt_local(us, out, 1);
}

char *
time_fmt_iso(int64_t us, char out[32])
{
	time_t t = (time_t)(us / VG_USEC_PER_SEC);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

/* "2 d 3 h", "1 h 5 min", "12 min", "40 s": the two largest units that apply. */
char *
time_fmt_span(int64_t us, char out[48])
{
	int64_t s = us < 0 ? 0 : us / VG_USEC_PER_SEC;
	long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;

	if (d > 0)
		snprintf(out, 48, _("%lld d %lld h"), d, h);
	else if (h > 0)
		snprintf(out, 48, _("%lld h %lld min"), h, m);
	else if (m > 0)
		snprintf(out, 48, _("%lld min"), m);
	else
		snprintf(out, 48, _("%lld s"), (long long)s);
	return out;
}
