/* test_cmd.c — splitting SSH exec strings and dispatching commands. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/site.h"
#include "core/users.h"
#include "tui/cli/cmd.h"

static void
test_split_words_and_quotes(void **state)
{
	int argc;
	char **argv;
	struct vg_err err;

	(void)state;
	assert_int_equal(cmd_split("  request new --reason 'lost bag' --viewer \"Li Lei:S1\" a\\ b ",
	    &argc, &argv, &err), 0);
	assert_int_equal(argc, 7);
	assert_string_equal(argv[0], "request");
	assert_string_equal(argv[3], "lost bag");
	assert_string_equal(argv[6], "a b");
	assert_string_equal(argv[5], "Li Lei:S1");
	cmd_free_argv(argc, argv);
	assert_int_equal(cmd_split("say \"a \\\"quoted\\\" word\" ''", &argc, &argv, &err), 0);
	assert_int_equal(argc, 3);
	assert_string_equal(argv[1], "a \"quoted\" word");
	assert_string_equal(argv[2], "");
	cmd_free_argv(argc, argv);
	assert_int_equal(cmd_split("", &argc, &argv, &err), 0);
	assert_int_equal(argc, 0);
	cmd_free_argv(argc, argv);
	assert_int_equal(cmd_split("echo 'unbalanced", &argc, &argv, &err), -1);
	assert_contains(err.msg, "unbalanced quote");
	assert_null(argv);
	/* inside "...", as in sh, a backslash escapes only " \ $ ` and newline */
	assert_int_equal(cmd_split("say \"C:\\dir\" \"a\\\\b\"", &argc, &argv, &err), 0);
	assert_string_equal(argv[1], "C:\\dir");
	assert_string_equal(argv[2], "a\\b");
	cmd_free_argv(argc, argv);
	/* for a glob (scp -f): what quotes or a backslash protect stays escaped */
	assert_int_equal(cmd_words("ls '*.tar' \\? [a]", 1, &argc, &argv, &err), 0);
	assert_string_equal(argv[1], "\\*.tar");
	assert_string_equal(argv[2], "\\?");
	assert_string_equal(argv[3], "[a]");
	cmd_free_argv(argc, argv);
}

static void
test_dispatch_unknown_and_whoami(void **state)
{
	struct vg_site *s = tu_site("default");
	struct vg_actor *a;
	struct vg_err err;
	char *outbuf = NULL, *errbuf = NULL;
	size_t on = 0, en = 0;
	FILE *out = open_memstream(&outbuf, &on), *errf = open_memstream(&errbuf, &en);
	char *v1[] = { "whoami" }, *v2[] = { "rm", "-rf" };

	(void)state;
	tu_add_user(s, "ann", "staff", NULL);
	a = actor_load(s, "ann", "test", &err);
	assert_int_equal(cmd_run(s, a, 1, v1, NULL, out, errf), 0);
	assert_int_equal(cmd_run(s, a, 2, v2, NULL, out, errf), 2);
	fclose(out);
	fclose(errf);
	assert_contains(outbuf, "ann (ann)");
	assert_contains(errbuf, "unknown command \"rm\"");
	free(outbuf);
	free(errbuf);
	actor_free(a);
	tu_site_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_words_and_quotes),
		cmocka_unit_test(test_dispatch_unknown_and_whoami),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
