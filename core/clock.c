/* clock.c — wall-clock time with test injection (see clock.h). */
#include "core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t fixed_us;

static int64_t
real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * VG_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Reads VIGIL_CLOCK_FILE; returns 1 and sets *us when it applies. */
static int
file_clock(int64_t *us)
{
	const char *path = getenv("VIGIL_CLOCK_FILE");
	FILE *f;
	char line[64];
	long long v;
	char c;

	if (path == NULL || *path == '\0' || (f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof line, f) == NULL) {
		fclose(f);
		return 0;
	}
	fclose(f);
	if (sscanf(line, "@%lld", &v) == 1) {
		*us = (int64_t)v * VG_USEC_PER_SEC;
		return 1;
	}
	if (sscanf(line, "%c%lld", &c, &v) == 2 && (c == '+' || c == '-')) {
		*us = real_now() + (c == '-' ? -v : v) * VG_USEC_PER_SEC;
		return 1;
	}
	return 0;
}

int64_t
clock_now(void)
{
	int64_t us;

	if (fixed_us != 0)
		return fixed_us;
	if (file_clock(&us))
		return us;
	return real_now();
}

void
clock_set_fixed(int64_t us)
{
	fixed_us = us;
}

void
clock_advance(int64_t us)
{
	if (fixed_us != 0)
		fixed_us += us;
}

int64_t
clock_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * VG_USEC_PER_SEC + ts.tv_nsec / 1000;
}
