/* test_sdnotify.c — the sd_notify datagrams a service sends, read from a socket the test owns. */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/sdnotify.h"
#include "core/util.h"

/* A datagram socket bound to name ("@x": abstract), as systemd's manager holds one. */
static int
listen_dgram(const char *name)
{
	struct sockaddr_un sa;
	size_t n = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, name, n);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '@' ? 0 : 1))), 0);
	return fd;
}

/* The next datagram, or "" when none is waiting. */
static const char *
next_msg(int fd)
{
	static char buf[512];
	ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static char *
abstract_name(void)
{
	return xasprintf("@vigil-test-sdnotify-%ld-%ld", (long)getpid(), (long)clock_mono_us());
}

static void
test_ready_reaches_an_abstract_socket(void **state)
{
	char *name = abstract_name();
	int fd = listen_dgram(name);

	(void)state;
	setenv("NOTIFY_SOCKET", name, 1);
	sdn_init();
	assert_int_equal(sdn_sendf("READY=1\nSTATUS=recording %d cameras", 3), 1);
	assert_string_equal(next_msg(fd), "READY=1\nSTATUS=recording 3 cameras");
	assert_string_equal(next_msg(fd), "");
	close(fd);
	free(name);
}

static void
test_stopping_reaches_a_path_socket(void **state)
{
	char *dir = tu_tmpdir(), *path = vg_path_join(dir, "notify");
	int fd = listen_dgram(path);

	(void)state;
	setenv("NOTIFY_SOCKET", path, 1);
	sdn_init();
	assert_int_equal(sdn_send("STOPPING=1"), 1);
	assert_string_equal(next_msg(fd), "STOPPING=1");
	close(fd);
	tu_rm_rf(dir);
	free(path);
	free(dir);
}

/* What the service forks (connection processes, the console, a witness
 * command) must not find the socket and speak for it. */
static void
test_init_takes_the_variables_out_of_the_environment(void **state)
{
	(void)state;
	setenv("NOTIFY_SOCKET", "@vigil-test-unused", 1);
	setenv("WATCHDOG_USEC", "30000000", 1);
	setenv("WATCHDOG_PID", "1", 1);
	sdn_init();
	assert_null(getenv("NOTIFY_SOCKET"));
	assert_null(getenv("WATCHDOG_USEC"));
	assert_null(getenv("WATCHDOG_PID"));
}

static void
test_outside_systemd_nothing_is_sent(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	setenv("WATCHDOG_USEC", "1000000", 1);
	sdn_init();
	assert_int_equal(sdn_send("READY=1"), 0);
	assert_int_equal(sdn_sendf("STATUS=%s", "x"), 0);
	assert_int_equal(sdn_watchdog_usec(), 0);
	assert_int_equal(sdn_watchdog_ping(), 0);
	/* Not a path nor an abstract name (e.g. vsock): ignored, not misread. */
	setenv("NOTIFY_SOCKET", "vsock:2:1234", 1);
	sdn_init();
	assert_int_equal(sdn_send("READY=1"), 0);
}

static void
test_a_vanished_socket_is_a_failed_send(void **state)
{
	char *dir = tu_tmpdir(), *path = vg_path_join(dir, "gone");

	(void)state;
	setenv("NOTIFY_SOCKET", path, 1);
	sdn_init();
	assert_int_equal(sdn_send("READY=1"), -1);
	tu_rm_rf(dir);
	free(path);
	free(dir);
}

/* A watchdog meant for another process (WATCHDOG_PID) is not ours to ping. */
static void
test_watchdog_for_another_pid_is_ignored(void **state)
{
	char *name = abstract_name(), pid[32];
	int fd = listen_dgram(name);

	(void)state;
	snprintf(pid, sizeof pid, "%ld", (long)getpid() + 1);
	setenv("NOTIFY_SOCKET", name, 1);
	setenv("WATCHDOG_USEC", "20000000", 1);
	setenv("WATCHDOG_PID", pid, 1);
	sdn_init();
	assert_int_equal(sdn_watchdog_usec(), 0);
	assert_int_equal(sdn_watchdog_ping(), 0);
	assert_string_equal(next_msg(fd), "");
	setenv("NOTIFY_SOCKET", name, 1);
	setenv("WATCHDOG_USEC", "not a number", 1);
	sdn_init();
	assert_int_equal(sdn_watchdog_usec(), 0);
	close(fd);
	free(name);
}

/* Pings come at most twice per interval, and again once half of it passed. */
static void
test_watchdog_pings_twice_per_interval(void **state)
{
	char *name = abstract_name(), pid[32];
	int fd = listen_dgram(name), got = 0;
	int64_t deadline;

	(void)state;
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("NOTIFY_SOCKET", name, 1);
	setenv("WATCHDOG_USEC", "200000", 1);
	setenv("WATCHDOG_PID", pid, 1);
	sdn_init();
	assert_int_equal(sdn_watchdog_usec(), 200000);
	assert_int_equal(sdn_watchdog_ping(), 1);
	assert_string_equal(next_msg(fd), "WATCHDOG=1");
	assert_int_equal(sdn_watchdog_ping(), 0);	/* not due yet */
	assert_string_equal(next_msg(fd), "");
	deadline = clock_mono_us() + 20 * VG_USEC_PER_SEC;
	while (got == 0 && clock_mono_us() < deadline) {
		struct timespec ts = { 0, 10 * 1000000L };

		nanosleep(&ts, NULL);
		got = sdn_watchdog_ping();
	}
	assert_int_equal(got, 1);
	assert_string_equal(next_msg(fd), "WATCHDOG=1");
	close(fd);
	free(name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ready_reaches_an_abstract_socket),
		cmocka_unit_test(test_stopping_reaches_a_path_socket),
		cmocka_unit_test(test_init_takes_the_variables_out_of_the_environment),
		cmocka_unit_test(test_outside_systemd_nothing_is_sent),
		cmocka_unit_test(test_a_vanished_socket_is_a_failed_send),
		cmocka_unit_test(test_watchdog_for_another_pid_is_ignored),
		cmocka_unit_test(test_watchdog_pings_twice_per_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
