/* test_scp_glob.c — scp -f words split as a shell splits them: what quoting keeps literal for the globs. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/ssh/scp-glob.h"

static void
words_are(const char *command, const char *const *want, int nwant)
{
	struct vg_err err;
	char **w;
	int n;

	assert_int_equal(scp_words(command, &w, &n, &err), 0);
	assert_int_equal(n, nwant);
	for (int i = 0; i < n; i++)
		assert_string_equal(w[i], want[i]);
	vg_strv_free(w, (size_t)n);
}

/* Unquoted, * ? [ { stay patterns; quoted or backslashed, they are escaped
 * so that fnmatch and brace expansion take them literally. */
static void
test_quotes_make_pattern_characters_literal(void **state)
{
	(void)state;
	words_are("scp -f /exports/*.tar", (const char *const[]){ "scp", "-f", "/exports/*.tar" }, 3);
	words_are("scp -f '/exports/*.tar'", (const char *const[]){ "scp", "-f", "/exports/\\*.tar" },
	    3);
	words_are("scp -f \"/e/{a,b}?\" x\\*y",
	    (const char *const[]){ "scp", "-f", "/e/\\{a\\,b\\}\\?", "x\\*y" }, 4);
	words_are("scp  -r -f 'a b'\"c d\"  ", (const char *const[]){ "scp", "-r", "-f", "a bc d" }, 4);
	words_are("scp -f \"a\\\"b\\\\c\"", (const char *const[]){ "scp", "-f", "a\"b\\\\c" }, 3);
}

static void
test_unescape_gives_the_plain_name(void **state)
{
	char *p;

	(void)state;
	p = scp_unescape("/e/\\{a\\,b\\}\\?x\\\\y");
	assert_string_equal(p, "/e/{a,b}?x\\y");
	free(p);
}

static void
test_an_unbalanced_quote_is_a_usage_error(void **state)
{
	struct vg_err err;
	char **w;
	int n;

	(void)state;
	assert_int_equal(scp_words("scp -f '/exports/x.tar", &w, &n, &err), -1);
	assert_int_equal(err.code, VG_USAGE);
	assert_string_equal(err.msg, "the command has an unbalanced quote");
	assert_null(w);
	assert_int_equal(n, 0);
}

/* Words without a wildcard are opened as they are: no site is needed to
 * see what the braces made of them. */
static void
expands_to(const char *word, const char *want)
{
	struct scp_item *items = NULL;
	size_t n = 0;
	struct vg_buf b;

	scp_expand(NULL, NULL, word, 0, &items, &n);
	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", items[i].kind == SCP_FILE ? items[i].path :
		    items[i].why);
	assert_string_equal(b.s, want);
	buf_free(&b);
	scp_free_items(items, n);
}

static void
test_braces_expand_as_bash_does(void **state)
{
	(void)state;
	expands_to("/e/{a,b}{c,d}.tar", "/e/ac.tar /e/ad.tar /e/bc.tar /e/bd.tar");
	expands_to("x{a,b{1,2}}y", "xay xb1y xb2y");
	expands_to("x{b,a,}", "xb xa x");
	expands_to("{a}{}", "{a}{}");
	expands_to("\\{a\\,b\\}", "{a,b}");
	expands_to("{a,b", "{a,b");
}

/* bash's sequence expressions, which the legacy client sends unexpanded
 * ("scp -O host:'/exports/REQ-2026-0004-E{1..3}.tar' ."). */
static void
test_sequences_expand_as_bash_does(void **state)
{
	(void)state;
	expands_to("/e/E{1..3}.tar", "/e/E1.tar /e/E2.tar /e/E3.tar");
	expands_to("x{3..1}", "x3 x2 x1");
	expands_to("{08..11}", "08 09 10 11");
	expands_to("{-2..2..2}y", "-2y 0y 2y");
	expands_to("{1..10..-4}", "1 5 9");
	expands_to("{-05..5..5}", "-05 000 005");
	expands_to("{a..c}{1..2}", "a1 a2 b1 b2 c1 c2");
	expands_to("{C..A}", "C B A");
	expands_to("{a,{1..2}}", "a 1 2");
	/* Not sequences: left as they are, as bash leaves them. */
	expands_to("{1..}", "{1..}");
	expands_to("{a..3}", "{a..3}");
	expands_to("{1...3}", "{1...3}");
	expands_to("{ab..c}", "{ab..c}");
	expands_to("\\{1..3\\}", "{1..3}");
	expands_to("{1\\..3}", "{1..3}");
}

/* ~ is the top of the tree (the user's home); quoted, it is a name. */
static void
test_tilde_is_the_top_of_the_tree(void **state)
{
	(void)state;
	expands_to("~/exports/x.tar", "/exports/x.tar");
	expands_to("~", "/");
	expands_to("\\~/x", "~/x");
	expands_to("a~/x", "a~/x");
	expands_to("~{/a,/b}", "/a /b");
	words_are("scp -f '~/x' ~/y", (const char *const[]){ "scp", "-f", "\\~/x", "~/y" }, 4);
}

/* Forty pairs of braces would be a trillion names: refused at once. */
static void
test_brace_bombs_are_refused(void **state)
{
	struct vg_buf w;

	(void)state;
	buf_init(&w);
	buf_puts(&w, "/exports/");
	for (int i = 0; i < 40; i++)
		buf_puts(&w, "{a,b}");
	expands_to(w.s, "its braces give more than 1024 names");
	buf_free(&w);
	expands_to("/exports/{1..999999999999999999}", "its braces give more than 1024 names");
	expands_to("{-999999999999999999..999999999999999999..999999999999999999}",
	    "-999999999999999999 0 999999999999999999");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_make_pattern_characters_literal),
		cmocka_unit_test(test_unescape_gives_the_plain_name),
		cmocka_unit_test(test_an_unbalanced_quote_is_a_usage_error),
		cmocka_unit_test(test_braces_expand_as_bash_does),
		cmocka_unit_test(test_sequences_expand_as_bash_does),
		cmocka_unit_test(test_tilde_is_the_top_of_the_tree),
		cmocka_unit_test(test_brace_bombs_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
