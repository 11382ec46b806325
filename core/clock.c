/* clock.c — wall-clock time with test injection (see clock.h). */
#include "core/clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t fixed_us;

static int64_t
real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * VG_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* VIGIL_CLOCK_FILE kept open (clock_keep_file), or -1: opened by name each time. */
static int kept_fd = -1;

void
clock_keep_file(void)
{
	const char *path = getenv("VIGIL_CLOCK_FILE");

	if (kept_fd < 0 && path != NULL && *path != '\0')
		kept_fd = open(path, O_RDONLY | O_CLOEXEC);
}

/* The first line of VIGIL_CLOCK_FILE into line; 0, or -1. */
static int
clock_line(char *line, size_t n)
{
	const char *path = getenv("VIGIL_CLOCK_FILE");
	FILE *f;

	if (kept_fd >= 0) {
		ssize_t k = pread(kept_fd, line, n - 1, 0);
		char *nl;

		if (k <= 0)
			return -1;
		line[k] = '\0';
		if ((nl = strchr(line, '\n')) != NULL)
			nl[1] = '\0';
		return 0;
	}
	if (path == NULL || *path == '\0' || (f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(line, (int)n, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* Reads VIGIL_CLOCK_FILE; returns 1 and sets *us when it applies. */
static int
file_clock(int64_t *us)
{
	char line[64];
	long long v;
	char c;

	if (clock_line(line, sizeof line) != 0)
		return 0;
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
