/* test_config.c — vigil.cfg and cameras.cfg: each kind of error has its own message. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/util.h"

static char *dir;

static char *
write_cfg(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);

	tu_write(p, text);
	return p;
}

static int
setup(void **state)
{
	(void)state;
	dir = tu_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	tu_rm_rf(dir);
	free(dir);
	return 0;
}

static void
test_valid_config_with_defaults(void **state)
{
	char *p = write_cfg("ok.cfg", "site = { name = \"School\"; };\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), 0);
	assert_string_equal(c.site_name, "School");
	assert_int_equal(c.rec_segment_seconds, 60);
	assert_int_equal(c.ssh_lockout_failures, 5);
	assert_int_equal(c.ssh_lockout_window_s, 900);
	/* Relative paths are resolved against the file's directory. */
	assert_non_null(strstr(c.data_dir, dir));
	assert_non_null(strstr(c.db_path, "/data/vigil.db"));
	config_free(&c);
	free(p);
}

static void
test_missing_file(void **state)
{
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load("/nonexistent/vigil.cfg", &c, &err), -1);
	assert_int_equal(err.code, VG_CONFIG);
	assert_contains(err.msg, "cannot read /nonexistent/vigil.cfg");
	assert_contains(err.msg, "No such file");
}

static void
test_syntax_error_names_line(void **state)
{
	char *p = write_cfg("syn.cfg", "site = {\n  name = \"x\";\n  timezone = ;\n};\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "syn.cfg:3: syntax error");
	free(p);
}

static void
test_unknown_key_names_line_and_setting(void **state)
{
	char *p = write_cfg("unk.cfg", "site = { name = \"x\"; };\nrecorder = {\n"
	    "  segment_secnds = 30;\n};\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "unk.cfg:3: recorder.segment_secnds: unknown setting");
	free(p);
}

static void
test_unknown_group(void **state)
{
	char *p = write_cfg("grp.cfg", "site = { name = \"x\"; };\nrecordr = { a = 1; };\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "grp.cfg:2: recordr: unknown setting");
	free(p);
}

static void
test_bad_value_names_range(void **state)
{
	char *p = write_cfg("bad.cfg", "site = { name = \"x\"; };\nrecorder = {\n"
	    "  segment_seconds = 1;\n};\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "bad.cfg:3: recorder.segment_seconds: \"1\" must be a whole "
	    "number from 2 to 3600");
	free(p);
}

static void
test_bad_type_and_bad_zone(void **state)
{
	char *p = write_cfg("type.cfg", "site = { name = 5; };\n");
	char *q = write_cfg("tz.cfg", "site = { name = \"x\"; timezone = \"Mars/Olympus\"; };\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "type.cfg:1: site.name: must be a quoted string");
	assert_int_equal(config_load(q, &c, &err), -1);
	assert_contains(err.msg, "site.timezone: unknown time zone \"Mars/Olympus\"");
	free(p);
	free(q);
}

static void
test_required_setting_missing(void **state)
{
	char *p = write_cfg("req.cfg", "recorder = { segment_seconds = 30; };\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "site.name: required setting is missing");
	free(p);
}

static void
test_disk_thresholds_ordered(void **state)
{
	char *p = write_cfg("disk.cfg", "site = { name = \"x\"; };\nrecorder = { "
	    "disk_warn_pct = 90; disk_stop_pct = 80; };\n");
	struct vg_config c;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_load(p, &c, &err), -1);
	assert_contains(err.msg, "disk_stop_pct (80) must be above recorder.disk_warn_pct (90)");
	free(p);
}

static void
test_set_validates_and_leaves_file_unchanged(void **state)
{
	const char *text = "site = { name = \"x\"; };\n";
	char *p = write_cfg("set.cfg", text), *after, *old = NULL, *v = NULL;
	struct vg_err err;

	(void)state;
	assert_int_equal(config_set(p, "recorder.segment_seconds", "abc", NULL, &err), -1);
	assert_contains(err.msg, "recorder.segment_seconds: \"abc\" must be a whole number");
	assert_int_equal(config_set(p, "no.such", "1", NULL, &err), -1);
	assert_contains(err.msg, "unknown setting \"no.such\"");
	assert_int_equal(config_set(p, "site.locale", "fr", NULL, &err), -1);
	assert_contains(err.msg, "not a supported language");
	after = vg_read_file(p, NULL, 4096, &err);
	assert_string_equal(after, text);
	free(after);
	assert_int_equal(config_set(p, "recorder.segment_seconds", "30", &old, &err), 0);
	assert_string_equal(old, "60");
	assert_int_equal(config_get(p, "recorder.segment_seconds", &v, &err), 0);
	assert_string_equal(v, "30");
	free(old);
	free(v);
	free(p);
}

static void
test_cameras_valid(void **state)
{
	char *p = write_cfg("cams.cfg", "cameras = (\n"
	    "  { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://10.0.0.1/s\"; },\n"
	    "  { id = \"lab\"; name = \"Lab\"; url = \"rtsp://10.0.0.2/s\"; privacy = \"interior\";\n"
	    "    retention_days = 90; mode = \"motion\"; transport = \"udp\"; priority = 2; }\n);\n");
	struct vg_cameras cs;
	struct vg_err err;

	(void)state;
	assert_int_equal(cameras_load(p, &cs, &err), 0);
	assert_int_equal(cs.n, 2);
	assert_string_equal(cs.v[0].privacy, "public");
	assert_string_equal(cs.v[0].mode, "continuous");
	assert_int_equal(cs.v[0].retention_days, 0);
	assert_string_equal(cs.v[1].transport, "udp");
	assert_int_equal(cs.v[1].priority, 2);
	cameras_free(&cs);
	free(p);
}

static void
test_camera_duplicate_id(void **state)
{
	char *p = write_cfg("dup.cfg", "cameras = (\n"
	    "  { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://10.0.0.1/s\"; },\n"
	    "  { id = \"gate-1\"; name = \"Gate 2\"; url = \"rtsp://10.0.0.2/s\"; }\n);\n");
	struct vg_cameras cs;
	struct vg_err err;

	(void)state;
	assert_int_equal(cameras_load(p, &cs, &err), -1);
	assert_contains(err.msg, "dup.cfg:3: camera \"gate-1\": duplicate id (first defined at line 2)");
	free(p);
}

static void
test_camera_errors(void **state)
{
	static const struct { const char *body, *msg; } cases[] = {
		{ "{ id = \"a\"; name = \"A\"; url = \"http://x/\"; }", "is not an rtsp:// or rtsps:// URL" },
		{ "{ id = \"a\"; name = \"A\"; url = \"rtsp://x/\"; privacy = \"secret\"; }",
		  "privacy \"secret\" must be public, sensitive or interior" },
		{ "{ id = \"A B\"; name = \"A\"; url = \"rtsp://x/\"; }", "id must be 1-32 characters" },
		{ "{ id = \"a\"; name = \"A\"; url = \"rtsp://x/\"; mode = \"sometimes\"; }",
		  "mode \"sometimes\" must be continuous or motion" },
		{ "{ id = \"a\"; name = \"A\"; url = \"rtsp://x/\"; retention_days = 0; }",
		  "cameras[0].retention_days: 0 must be from 1 to 3650" },
		{ "{ id = \"a\"; name = \"A\"; url = \"rtsp://x/\"; colour = true; }",
		  "cameras[0].colour: unknown setting" },
		{ "{ id = \"a\"; url = \"rtsp://x/\"; }", "cameras[0].name: required setting is missing" },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(cases); i++) {
		char *text = xasprintf("cameras = (\n  %s\n);\n", cases[i].body);
		char *p = write_cfg("c.cfg", text);
		struct vg_cameras cs;
		struct vg_err err;

		assert_int_equal(cameras_load(p, &cs, &err), -1);
		assert_contains(err.msg, cases[i].msg);
		assert_contains(err.msg, "c.cfg:2");
		free(text);
		free(p);
	}
}

static void
test_cameras_save_roundtrip(void **state)
{
	char *p = write_cfg("rt.cfg", "cameras = ( );\n");
	struct vg_cameras cs, back;
	struct vg_camera c = { .id = "g", .name = "Gate \"north\"", .location = "",
	    .unit = "", .url = "rtsp://h/s", .privacy = "public", .zone = "", .mode = "continuous",
	    .transport = "tcp", .retention_days = 30, .priority = 5, .enabled = 1 };
	struct vg_err err;

	(void)state;
	cs.v = &c;
	cs.n = 1;
	assert_int_equal(cameras_save(p, &cs, &err), 0);
	assert_int_equal(cameras_load(p, &back, &err), 0);
	assert_int_equal(back.n, 1);
	assert_string_equal(back.v[0].name, "Gate \"north\"");
	cameras_free(&back);
	/* An invalid camera is refused and the file stays as it was. */
	c.privacy = "bogus";
	assert_int_equal(cameras_save(p, &cs, &err), -1);
	assert_int_equal(cameras_load(p, &back, &err), 0);
	assert_string_equal(back.v[0].privacy, "public");
	cameras_free(&back);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_config_with_defaults),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_syntax_error_names_line),
		cmocka_unit_test(test_unknown_key_names_line_and_setting),
		cmocka_unit_test(test_unknown_group),
		cmocka_unit_test(test_bad_value_names_range),
		cmocka_unit_test(test_bad_type_and_bad_zone),
		cmocka_unit_test(test_required_setting_missing),
		cmocka_unit_test(test_disk_thresholds_ordered),
		cmocka_unit_test(test_set_validates_and_leaves_file_unchanged),
		cmocka_unit_test(test_cameras_valid),
		cmocka_unit_test(test_camera_duplicate_id),
		cmocka_unit_test(test_camera_errors),
		cmocka_unit_test(test_cameras_save_roundtrip),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
