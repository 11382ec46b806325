/* test_xfer.c — what a download sent: ranges merged, so that resumed and out-of-order reads count right, and only what the channel took. */
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
		xfer_dl_run_add(&d, steps[i].off, steps[i].n);
		assert_int_equal(d.nruns, steps[i].runs);
		assert_int_equal(d.runs[0].a, steps[i].a0);
		assert_int_equal(d.runs[0].b, steps[i].b0);
	}
	assert_int_equal(d.bytes, 250 + 10);
	free(d.runs);
}

/* Parts put in the output count once the connection process says the channel took them. */
static void
test_counted_when_acked(void **state)
{
	struct xfer x;
	struct xfer_dl d;

	(void)state;
	memset(&x, 0, sizeof x);
	memset(&d, 0, sizeof d);
	x.nout = 9;		/* a header, then 100 bytes from the file's map */
	x.next = 100;
	xfer_dl_sent(&x, &d, 0, 100);
	x.written = 109;
	xfer_dl_sent(&x, &d, 100, 100);	/* ends at 218 */
	x.acked = 108;		/* one byte short of the first part */
	xfer_dl_take_acked(&x, &d);
	assert_int_equal(d.nruns, 0);
	assert_int_equal(d.bytes, 0);
	x.acked = 109;
	xfer_dl_take_acked(&x, &d);
	assert_int_equal(d.nruns, 1);
	assert_int_equal(d.bytes, 100);
	assert_int_equal(d.nparts, 1);
	x.acked = 218;
	xfer_dl_take_acked(&x, &d);
	assert_int_equal(d.runs[0].b, 200);
	assert_int_equal(d.bytes, 200);
	assert_int_equal(d.nparts, 0);
	free(d.runs);
	free(d.parts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sent_ranges_merge),
		cmocka_unit_test(test_counted_when_acked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
