/* test_util.c — the string helpers every module leans on. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/*
 * xstrndup stops at the string's end like strndup: the SSH password callback
 * cuts what the client sent at one byte past the longest password, and a short
 * password must not be read past its end (ASan's unit run catches the over-read).
 */
static void
test_xstrndup_stops_at_the_end(void **state)
{
	char *s = xstrdup("abc"), *t;

	(void)state;
	t = xstrndup(s, 1025);
	assert_string_equal(t, "abc");
	free(t);
	t = xstrndup(s, 2);
	assert_string_equal(t, "ab");
	free(t);
	t = xstrndup(s, 0);
	assert_string_equal(t, "");
	free(t);
	free(s);
}

/* A buffer of n bytes with no terminator is read to its n bytes and no further. */
static void
test_xstrndup_of_an_unterminated_buffer(void **state)
{
	char *b = xmalloc(4), *t;

	(void)state;
	memcpy(b, "wxyz", 4);
	t = xstrndup(b, 4);
	assert_string_equal(t, "wxyz");
	free(t);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xstrndup_stops_at_the_end),
		cmocka_unit_test(test_xstrndup_of_an_unterminated_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
