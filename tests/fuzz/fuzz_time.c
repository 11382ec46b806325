/* fuzz_time.c — libFuzzer harness: times and dates typed into commands and forms. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/timefmt.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	struct vg_err err;
	int64_t t;
	char out[32];

	setenv("TZ", "UTC", 1);
	if (time_parse(s, &t, &err) == 0) {
		/* What parses prints back as a real date-time. */
		time_fmt(t, out);
		VG_ASSERT(strlen(out) == 19 || t == 0);
	}
	free(s);
	return 0;
}
