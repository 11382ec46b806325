/* test_rec_watchdog.c — the recorder pings systemd's watchdog only while all its threads run. */
#include "tests/unit/testutil.h"

#include <pthread.h>
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
#include "recorder/ingest.h"
#include "recorder/watchdog.h"

#define INTERVAL_US	200000		/* WATCHDOG_USEC for these tests */
#define PATIENCE_US	(30 * VG_USEC_PER_SEC)	/* generous: the machine is shared */

/* A camera thread as far as the watchdog can tell: it ticks each time round
 * its loop, and stalls while the test holds its gate. */
struct fake_cam {
	struct rec_cam	 c;
	pthread_mutex_t	 gate;
	atomic_int	 quit;
	pthread_t	 th;
};

static int sock = -1;

static void
nap_ms(int ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	nanosleep(&ts, NULL);
}

static void *
fake_thread(void *arg)
{
	struct fake_cam *f = arg;

	while (!atomic_load(&f->quit)) {
		pthread_mutex_lock(&f->gate);
		pthread_mutex_unlock(&f->gate);
		rec_live_tick(&f->c.live);
		nap_ms(5);
	}
	return NULL;
}

static void
fake_start(struct fake_cam *f, const char *id)
{
	memset(f, 0, sizeof *f);
	f->c.cfg.id = xstrdup(id);
	f->c.running = 1;
	f->c.started_mono = clock_mono_us();
	pthread_mutex_init(&f->gate, NULL);
	assert_int_equal(pthread_create(&f->th, NULL, fake_thread, f), 0);
}

static void
fake_stop(struct fake_cam *f)
{
	atomic_store(&f->quit, 1);
	pthread_join(f->th, NULL);
	pthread_mutex_destroy(&f->gate);
	free(f->c.cfg.id);
}

/* Pretends to be systemd: a socket for the datagrams and a watchdog for us. */
static int
setup(void **state)
{
	char *name = xasprintf("@vigil-test-recwd-%ld", (long)getpid()), pid[32];
	struct sockaddr_un sa;

	(void)state;
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path + 1, name + 1, strlen(name) - 1);
	assert_int_equal(bind(sock, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name))), 0);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("NOTIFY_SOCKET", name, 1);
	setenv("WATCHDOG_USEC", "200000", 1);
	setenv("WATCHDOG_PID", pid, 1);
	sdn_init();
	free(name);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	close(sock);
	return 0;
}

/* How many WATCHDOG=1 datagrams are waiting (and reads them). */
static int
pings_waiting(void)
{
	char buf[64];
	int n = 0;
	ssize_t r;

	while ((r = recv(sock, buf, sizeof buf, MSG_DONTWAIT)) > 0)
		n += r == 10 && memcmp(buf, "WATCHDOG=1", 10) == 0;
	return n;
}

/* Calls the watchdog as the service loop does (the writer ticks first) until
 * it returns want; the last "stalled" text goes to who. */
static int
until(struct rec_cam *const *cams, size_t n, struct rec_live *writer, int tick_writer, int want,
    char *who, size_t len)
{
	int64_t deadline = clock_mono_us() + PATIENCE_US;
	int r;

	do {
		if (tick_writer)
			rec_live_tick(writer);
		r = rec_watchdog(cams, n, writer, who, len);
		if (r != want)
			nap_ms(10);
	} while (r != want && clock_mono_us() < deadline);
	return r;
}

/* While every thread runs the pings go on; a camera thread that stalls stops
 * them for as long as it stays stalled; they resume when it runs again. */
static void
test_a_stalled_camera_thread_stops_the_pings(void **state)
{
	struct fake_cam a, b;
	struct rec_cam *cams[2] = { &a.c, &b.c };
	struct rec_live writer = { 0 };
	char who[80] = "";
	int64_t until_us;

	(void)state;
	fake_start(&a, "gate-1");
	fake_start(&b, "gym-2");
	pings_waiting();
	assert_int_equal(until(cams, 2, &writer, 1, 1, who, sizeof who), 1);
	assert_int_equal(pings_waiting(), 1);

	pthread_mutex_lock(&b.gate);	/* gym-2's thread hangs */
	assert_int_equal(until(cams, 2, &writer, 1, -1, who, sizeof who), -1);
	assert_string_equal(who, "camera gym-2");
	pings_waiting();
	/* Stalled for several intervals: not one ping more. */
	until_us = clock_mono_us() + 3 * INTERVAL_US;
	while (clock_mono_us() < until_us) {
		rec_live_tick(&writer);
		assert_int_equal(rec_watchdog(cams, 2, &writer, who, sizeof who), -1);
		nap_ms(10);
	}
	assert_int_equal(pings_waiting(), 0);

	pthread_mutex_unlock(&b.gate);
	assert_int_equal(until(cams, 2, &writer, 1, 1, who, sizeof who), 1);
	assert_int_equal(pings_waiting(), 1);
	fake_stop(&a);
	fake_stop(&b);
}

/* The index writer is a thread the watchdog watches too. */
static void
test_a_stalled_writer_stops_the_pings(void **state)
{
	struct fake_cam a;
	struct rec_cam *cams[1] = { &a.c };
	struct rec_live writer = { 0 };
	char who[80] = "";

	(void)state;
	fake_start(&a, "gate-1");
	rec_live_tick(&writer);
	assert_int_equal(until(cams, 1, &writer, 0, -1, who, sizeof who), -1);
	assert_string_equal(who, "the index writer");
	pings_waiting();
	assert_int_equal(until(cams, 1, &writer, 1, 1, who, sizeof who), 1);
	assert_int_equal(pings_waiting(), 1);
	fake_stop(&a);
}

/* A camera the service stopped (disk full, disabled) has no thread to wait for;
 * one just started counts from its start until its first tick. */
static void
test_stopped_and_new_cameras_do_not_withhold(void **state)
{
	struct rec_cam stopped, fresh;
	struct rec_cam *cams[2] = { &stopped, &fresh };
	struct rec_live writer = { 0 };

	(void)state;
	memset(&stopped, 0, sizeof stopped);
	memset(&fresh, 0, sizeof fresh);
	stopped.cfg.id = "old";
	atomic_store(&stopped.live.mono, 1);	/* ticked long ago, then stopped */
	fresh.cfg.id = "new";
	fresh.running = 1;
	fresh.started_mono = clock_mono_us() + PATIENCE_US;	/* "just now" for the test */
	pings_waiting();
	assert_int_equal(until(cams, 2, &writer, 1, 1, NULL, 0), 1);
	assert_int_equal(pings_waiting(), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_stalled_camera_thread_stops_the_pings),
		cmocka_unit_test(test_a_stalled_writer_stops_the_pings),
		cmocka_unit_test(test_stopped_and_new_cameras_do_not_withhold),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
