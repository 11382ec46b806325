/* test_xfer.c — what a download sent: ranges merged, so that resumed and out-of-order reads count right. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/ssh/xfer-int.h"

static void
test_sent_ranges_merge(void **state)
{
	struct xfer_dl d;
	static const struct { int64_t off, n; size_t runs; int64_t a0, b0; } steps[] = {
		{ 100, 50, 1, 100, 150 },	/* a resumed download starts late */
		{ 200, 50, 2, 100, 150 },	/* ahead of a gap */
		{ 150, 50, 1, 100, 250 },	/* the gap filled: one run */
		{ 120, 10, 1, 100, 250 },	/* sent again: nothing new */
		{ 0, 10, 2, 0, 10 },
		{ 10, 90, 1, 0, 250 },
		{ 260, 0, 1, 0, 250 },		/* nothing sent */
	};

	(void)state;
	memset(&d, 0, sizeof d);
	for (size_t i = 0; i < VG_ARRLEN(steps); i++) {
		xfer_dl_sent(&d, steps[i].off, steps[i].n);
		assert_int_equal(d.nruns, steps[i].runs);
		assert_int_equal(d.runs[0].a, steps[i].a0);
		assert_int_equal(d.runs[0].b, steps[i].b0);
	}
	assert_int_equal(d.bytes, 250 + 10);
	free(d.runs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sent_ranges_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
