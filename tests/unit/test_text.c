/* test_text.c — time parsing, JSON escaping, argument parsing, UTF-8 checks. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/args.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/timefmt.h"
#include "core/util.h"

static void
test_time_parse_valid_and_invalid(void **state)
{
	static const char *const bad[] = { "", "2026-13-01", "2026-02-29 10:00", "2026-01-01 24:00",
	    "2026-1-1", "2026-01-01X10:00", "yesterday", "2026-01-01 10:00:60", "2026-01-01 10:00 ",
	    "2026-01-01T", "2026-02-29T10:00", "2026-01-01T24:00", "2026-01-01 T10:00",
	    "2026-01-01T10:00:00:00", "2026-01-01T10:00Z" };
	struct vg_err err;
	int64_t t;
	char out[32];

	(void)state;
	setenv("TZ", "UTC", 1);
	assert_int_equal(time_parse("2026-03-04 05:06", &t, &err), 0);
	assert_string_equal(time_fmt(t, out), "2026-03-04 05:06:00");
	assert_int_equal(time_parse("2024-02-29 23:59:59", &t, &err), 0);
	assert_int_equal(time_parse("2026-03-04", &t, &err), 0);
	assert_string_equal(time_fmt_iso(t, out), "2026-03-04T00:00:00Z");
	for (size_t i = 0; i < VG_ARRLEN(bad); i++) {
		if (time_parse(bad[i], &t, &err) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(err.code, VG_USAGE);
		assert_contains(err.msg, "YYYY-MM-DD");
	}
	assert_int_equal(time_parse_date("2026-03-04 10:00", &t, &err), -1);
}

/* ssh joins a command's words with spaces: the ISO form with a T passes through unquoted. */
static void
test_time_parse_accepts_iso_t(void **state)
{
	int64_t a, b;
	struct vg_err err;
	char out[32];

	(void)state;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	assert_int_equal(time_parse("2026-11-28T10:00", &a, &err), 0);
	assert_int_equal(time_parse("2026-11-28 10:00", &b, &err), 0);
	assert_true(a == b);
	assert_string_equal(time_fmt(a, out), "2026-11-28 10:00:00");
	assert_int_equal(time_parse("2026-11-28t10:00:30", &a, &err), 0);
	assert_string_equal(time_fmt(a, out), "2026-11-28 10:00:30");
	assert_int_equal(time_parse("2024-02-29T23:59:59", &a, &err), 0);
	/* A date alone takes no T; the message names the form that works over ssh. */
	assert_int_equal(time_parse_date("2026-11-28T10:00", &a, &err), -1);
	assert_int_equal(time_parse("2026-11-28T25:00", &a, &err), -1);
	assert_contains(err.msg, "\"2026-11-28T25:00\" is not a time");
	assert_contains(err.msg, "YYYY-MM-DDTHH:MM");
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_time_zone_applies(void **state)
{
	struct vg_err err;
	int64_t t;
	char out[32];

	(void)state;
	assert_int_equal(time_set_zone("Asia/Shanghai", &err), 0);
	assert_int_equal(time_parse("2026-03-04 08:00", &t, &err), 0);
	assert_string_equal(time_fmt_iso(t, out), "2026-03-04T00:00:00Z");
	assert_int_equal(time_set_zone("Nowhere/City", &err), -1);
	assert_int_equal(time_set_zone("../../etc/passwd", &err), -1);
	time_set_zone("UTC", &err);
}

static void
test_json_escapes(void **state)
{
	struct json j;
	char *s;

	(void)state;
	json_init(&j);
	json_obj(&j);
	json_kstr(&j, "a", "q\"b\\s\nt\x01 中");
	json_kint(&j, "n", -5);
	json_key(&j, "l");
	json_arr(&j);
	json_str(&j, "x");
	json_bool(&j, 1);
	json_null(&j);
	json_end_arr(&j);
	json_end_obj(&j);
	s = json_done(&j);
	assert_string_equal(s, "{\"a\":\"q\\\"b\\\\s\\nt\\u0001 中\",\"n\":-5,\"l\":[\"x\",true,null]}\n");
	free(s);
}

static void
test_args_parse(void **state)
{
	static const struct arg_spec spec[] = { { "role", 1, 1 }, { "json", 0, 0 },
		{ "name", 1, 0 }, { NULL, 0, 0 } };
	char *v1[] = { "alice", "--role", "a", "--role=b", "--json", "--name", "A B", "--", "--x" };
	char *v2[] = { "--nope" };
	char *v3[] = { "--name" };
	char *v4[] = { "--name", "a", "--name", "b" };
	struct args a;
	struct vg_err err;
	const char **roles;
	size_t n;

	(void)state;
	assert_int_equal(args_parse(9, v1, spec, &a, &err), 0);
	assert_int_equal(a.npos, 2);
	assert_string_equal(a.pos[1], "--x");
	roles = args_all(&a, "role", &n);
	assert_int_equal(n, 2);
	assert_string_equal(roles[1], "b");
	assert_true(args_has(&a, "json"));
	assert_string_equal(args_get(&a, "name"), "A B");
	free(roles);
	args_free(&a);
	assert_int_equal(args_parse(1, v2, spec, &a, &err), -1);
	assert_contains(err.msg, "unknown option --nope");
	assert_int_equal(args_parse(1, v3, spec, &a, &err), -1);
	assert_contains(err.msg, "--name needs a value");
	assert_int_equal(args_parse(4, v4, spec, &a, &err), -1);
	assert_contains(err.msg, "--name is given twice");
}

static void
test_utf8_validation(void **state)
{
	(void)state;
	assert_true(vg_valid_utf8("plain 中文 ✓"));
	assert_false(vg_valid_utf8("\xc0\xaf"));		/* overlong */
	assert_false(vg_valid_utf8("\xed\xa0\x80"));		/* surrogate */
	assert_false(vg_valid_utf8("\xe4\xb8"));		/* truncated */
	assert_true(vg_has_control("a\x1b[2J"));
	assert_false(vg_has_control("a b"));
}


/* Issue 16 item 7: C1 controls and bidi overrides are refused like C0 controls. */
static void
test_c1_and_bidi_are_controls(void **state)
{
	static const char *const bad[] = { "a\xc2\x9b" "2Jb", "a\xc2\x80", "a\xc2\x85z",
	    "a\xc2\x9f", "invoice\xe2\x80\xaegnp.exe", "\xe2\x80\xaa", "\xe2\x80\xab",
	    "\xe2\x80\xac", "\xe2\x80\xad", "x\xe2\x81\xa6y", "\xe2\x81\xa7", "\xe2\x81\xa8",
	    "\xe2\x81\xa9", "tab\there", "del\x7f" };
	static const char *const good[] = { "Li Min 李敏", "caf\xc3\xa9", "\xc2\xa0nbsp",
	    "\xe2\x80\xa9" "ps", "\xe2\x80\x8f" "rlm", "\xe2\x81\xaa", "\xc2\xa1" };
	struct vg_err err;

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(bad); i++) {
		if (!vg_has_control(bad[i]))
			fail_msg("accepted bad[%zu]", i);
		assert_int_equal(vg_check_text(bad[i], 100, 1, "reason", "the reason", &err), -1);
		assert_contains(err.msg, "must be plain text");
	}
	for (size_t i = 0; i < VG_ARRLEN(good); i++)
		if (vg_has_control(good[i]))
			fail_msg("refused good[%zu]", i);
}

static char *
escaped(const char *s)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	vg_escape_text(&b, s, strlen(s));
	return buf_steal(&b);
}

/* Output: nothing stored reaches a terminal raw. */
static void
test_output_is_escaped(void **state)
{
	char *e, *out = NULL;
	size_t n = 0;
	FILE *mem, *f;

	(void)state;
	e = escaped("ok 中文\tline\n");
	assert_string_equal(e, "ok 中文\tline\n");
	free(e);
	e = escaped("a\x1b[2J\r\xc2\x9b" "1m\xe2\x80\xae" "x\xe2\x81\xa9\xff");
	assert_string_equal(e, "a\\x1b[2J\\x0d\\u009b1m\\u202ex\\u2069\\xff");
	free(e);
	/* a character cut by a write boundary is joined again, not escaped */
	mem = open_memstream(&out, &n);
	f = vg_escape_stream(mem);
	fputs("\xe4\xb8", f);
	fflush(f);
	fputs("\xad \xc2", f);
	fflush(f);
	fputs("\x9b!", f);
	fclose(f);
	fclose(mem);
	assert_string_equal(out, "\xe4\xb8\xad \\u009b!");
	free(out);
	e = vg_text_printable("a\xc2\x9b\xe2\x80\xae" "b\x01");
	assert_string_equal(e, "a??b?");
	free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse_valid_and_invalid),
		cmocka_unit_test(test_time_parse_accepts_iso_t),
		cmocka_unit_test(test_time_zone_applies),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_args_parse),
		cmocka_unit_test(test_utf8_validation),
		cmocka_unit_test(test_c1_and_bidi_are_controls),
		cmocka_unit_test(test_output_is_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
