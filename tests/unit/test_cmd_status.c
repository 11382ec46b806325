/* test_cmd_status.c — the help, status and cameras SSH commands, behind their capabilities. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/site.h"
#include "core/status.h"
#include "core/users.h"
#include "tui/cli/cmd.h"

static struct vg_site *s;
static char *outbuf, *errbuf;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	tu_add_user(s, "gus", "guard", NULL);
	tu_add_user(s, "sam", "staff", NULL);
	tu_add_user(s, "ivy", "ict", NULL);
	{
		struct vg_actor *a = actor_system("test");
		struct vg_err err;

		assert_int_equal(authz_add(s, a, "gus", clock_now() - 86400 * VG_USEC_PER_SEC, 0,
		    "all", &err), 0);
		assert_int_equal(authz_add(s, a, "ivy", clock_now() - 86400 * VG_USEC_PER_SEC, 0,
		    "all", &err), 0);
		actor_free(a);
	}
	assert_int_equal(tu_sql_raw(s->cfg.db_path,
	    "INSERT INTO cameras (id, name, url, privacy, retention_days, mode, updated_us) VALUES "
	    "('gate-1', 'Main gate', 'rtsp://x/1', 'public', 30, 'continuous', 1),"
	    "('class-3a', 'Classroom', 'rtsp://x/2', 'interior', 30, 'continuous', 1),"
	    "('yard', 'Yard', 'rtsp://x/3', 'public', 30, 'continuous', 1),"
	    "('old', 'Removed', 'rtsp://x/4', 'public', 30, 'continuous', 1);"
	    "UPDATE cameras SET removed_us = 5 WHERE id = 'old';"
	    "INSERT INTO camera_state (camera, status, covered, moved, last_segment_end_us) VALUES "
	    "('gate-1', 'online', 0, 0, 1767225600000000), ('class-3a', 'offline', 0, 0, 0),"
	    "('yard', 'online', 0, 1, 0);"), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(outbuf);
	free(errbuf);
	outbuf = errbuf = NULL;
	tu_site_close(s);
	return 0;
}

/* Runs "ssh host WORDS" as login; output in outbuf/errbuf; returns the exit status. */
static int
run(const char *login, const char *line)
{
	struct vg_actor *a;
	struct vg_err err;
	size_t on = 0, en = 0;
	FILE *out, *errf;
	char **argv;
	int argc, r;

	free(outbuf);
	free(errbuf);
	out = open_memstream(&outbuf, &on);
	errf = open_memstream(&errbuf, &en);
	a = actor_load(s, login, "test", &err);
	assert_non_null(a);
	assert_int_equal(cmd_split(line, &argc, &argv, &err), 0);
	r = cmd_run(s, a, argc, argv, NULL, out, errf);
	cmd_free_argv(argc, argv);
	fclose(out);
	fclose(errf);
	actor_free(a);
	return r;
}

/* help lists what the person's roles can use; --all and a name show the rest. */
static void
test_help_lists_every_table(void **state)
{
	(void)state;
	assert_int_equal(run("sam", "help"), 0);
	assert_contains(outbuf, "whoami [--json]");
	assert_contains(outbuf, "request new --kind view|copy");
	assert_true(strstr(outbuf, "status [--json]") == NULL);
	assert_true(strstr(outbuf, "cameras [--json]") == NULL);
	assert_true(strstr(outbuf, "approve REF") == NULL);
	assert_contains(outbuf, "commands your roles cannot use are left out: help --all");
	assert_int_equal(run("gus", "help"), 0);
	assert_contains(outbuf, "cameras [--json]");
	assert_contains(outbuf, "each camera's state and its last recording");
	assert_true(strstr(outbuf, "status [--json]") == NULL);
	assert_int_equal(run("sam", "help --all"), 0);
	assert_contains(outbuf, "status [--json]");
	assert_contains(outbuf, "cameras [--json]");
	assert_contains(outbuf, "approve REF");
	assert_int_equal(run("sam", "--help"), 0);
	assert_true(strstr(outbuf, "cameras [--json]") == NULL);
	assert_int_equal(run("sam", "help cam"), 0);
	assert_contains(outbuf, "cameras [--json]");
	assert_contains(outbuf, "(your roles cannot use it)");
	assert_true(strstr(outbuf, "whoami") == NULL);
	assert_int_equal(run("sam", "help nothing"), 2);
	assert_contains(errbuf, "no command \"nothing\"");
	assert_int_equal(run("sam", "help a b"), 2);
}

static void
test_cameras_needs_camera_status(void **state)
{
	(void)state;
	assert_int_equal(run("sam", "cameras"), 1);
	assert_contains(errbuf, "your roles cannot see the cameras' status and alerts");
	assert_true(strstr(errbuf, "camera.status") == NULL);
	assert_int_equal(run("gus", "cameras"), 0);
	assert_contains(outbuf, "gate-1");
	assert_contains(outbuf, "2026-01-01 00:00:00");
	assert_true(strstr(outbuf, "Removed") == NULL);
	assert_int_equal(run("gus", "cameras --json"), 0);
	assert_contains(outbuf, "\"id\":\"class-3a\"");
	assert_contains(outbuf, "\"state\":\"offline\"");
	assert_contains(outbuf, "\"id\":\"yard\",\"name\":\"Yard\"");
	assert_contains(outbuf, "\"state\":\"moved\"");
	assert_contains(outbuf, "\"last_segment_end\":\"2026-01-01T00:00:00Z\"");
	assert_int_equal(run("gus", "cameras extra"), 2);
	assert_int_equal(run("gus", "cameras --all"), 2);
}

static void
test_status_needs_status_view(void **state)
{
	(void)state;
	assert_int_equal(run("gus", "status"), 1);
	assert_contains(errbuf, "your roles cannot see the site's status");
	assert_int_equal(run("ivy", "status"), 0);
	assert_contains(outbuf, "3: 1 online, 1 offline, 0 covered, 1 moved");
	assert_contains(outbuf, "never seen");
	assert_int_equal(run("ivy", "status --json"), 0);
	assert_contains(outbuf, "\"cameras\":{\"total\":3,\"online\":1,\"offline\":1");
}

static void
test_camera_words_worst_first(void **state)
{
	struct cam_status c;

	(void)state;
	memset(&c, 0, sizeof c);
	c.enabled = 1;
	c.status = "online";
	assert_string_equal(status_camera_word(&c), "online");
	c.moved = 1;
	assert_string_equal(status_camera_word(&c), "moved");
	c.covered = 1;
	assert_string_equal(status_camera_word(&c), "covered");
	c.status = "offline";
	assert_string_equal(status_camera_word(&c), "offline");
	c.enabled = 0;
	assert_string_equal(status_camera_word(&c), "disabled");
	c.enabled = 1;
	c.covered = c.moved = 0;
	c.status = "unknown";
	assert_string_equal(status_camera_word(&c), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_help_lists_every_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cameras_needs_camera_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_needs_status_view, setup, teardown),
		cmocka_unit_test(test_camera_words_worst_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
