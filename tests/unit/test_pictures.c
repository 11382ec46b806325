/* test_pictures.c — tamper sampling finds changes within the interval; live-view demand files. */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/util.h"
#include "recorder/demand.h"
#include "recorder/picsched.h"
#include "recorder/tamper.h"

#define SEC INT64_C(1000000)

/*---- The tamper schedule ----*/

static uint8_t scene[TAMPER_N], turned[TAMPER_N], dark[TAMPER_N];

static void
make_scenes(void)
{
	for (int y = 0; y < TAMPER_H; y++)
		for (int x = 0; x < TAMPER_W; x++) {
			scene[y * TAMPER_W + x] = (uint8_t)(40 + (x * 3 + y * 5) % 180);
			turned[y * TAMPER_W + x] = (uint8_t)(((x / 8 + y / 6) % 2) ? 220 : 40);
		}
	memset(dark, 3, sizeof dark);
	assert_true(tamper_similarity(scene, turned) < TAMPER_MOVED_BELOW);
	assert_true(tamper_covered(dark));
}

struct run {
	int	 samples;		/* keyframes decoded */
	int64_t	 found;			/* when the change was raised, or -1 */
};

/*
 * A camera whose keyframes come every gop µs (the first at phase), watched
 * for `until` µs by the schedule; from `at` on it shows `after` instead of
 * the scene it was referenced on.
 */
static struct run
watch(int interval_s, int64_t gop, int64_t phase, int64_t at, const uint8_t *after,
    int64_t until)
{
	struct picsched ps;
	struct tamper_state ts;
	struct run r = { 0, -1 };

	picsched_init(&ps, interval_s, 3600, 0);
	memset(&ts, 0, sizeof ts);
	for (int64_t now = phase + 1; now < until; now += gop) {
		int what = picsched_due(&ps, now), ch;

		if (!(what & PIC_TAMPER)) {
			if (what)
				picsched_done(&ps, what, now, tamper_pending(&ts));
			continue;
		}
		r.samples++;
		ch = tamper_update(&ts, scene, now >= at ? after : scene);
		picsched_done(&ps, what, now, tamper_pending(&ts));
		if ((ch & (TAMPER_BECAME_COVERED | TAMPER_BECAME_MOVED)) && r.found < 0)
			r.found = now;
	}
	return r;
}

static void
test_covered_and_turned_cameras_are_found_within_the_tamper_interval(void **state)
{
	static const int intervals[] = { 6, 12, 30, 120 };
	static const int64_t gops[] = { SEC / 2, SEC, 2 * SEC, 5 * SEC };

	(void)state;
	make_scenes();
	for (size_t i = 0; i < VG_ARRLEN(intervals); i++)
		for (size_t g = 0; g < VG_ARRLEN(gops); g++) {
			int64_t I = intervals[i] * SEC, gop = gops[g];

			/* keyframes further apart than I/12 are the camera's doing */
			if (12 * gop > I)
				continue;
			for (int64_t at = 5 * SEC; at < 5 * SEC + I; at += I / 37 + 1) {
				struct run cov = watch(intervals[i], gop, at % gop, at, dark, at + 3 * I);
				struct run mov = watch(intervals[i], gop, at % gop, at, turned, at + 3 * I);

				assert_true(cov.found >= at);
				assert_true(mov.found >= at);
				if (cov.found - at > I || mov.found - at > I)
					fail_msg("interval %d s, GOP %lld ms, change at %lld ms: covered after "
					    "%lld ms, moved after %lld ms", intervals[i],
					    (long long)(gop / 1000), (long long)(at / 1000),
					    (long long)((cov.found - at) / 1000),
					    (long long)((mov.found - at) / 1000));
			}
		}
}

static void
test_an_unchanged_camera_costs_a_keyframe_every_half_interval(void **state)
{
	struct run r;

	(void)state;
	make_scenes();
	/* ten minutes at the default 30 s, a keyframe a second: 40 samples */
	r = watch(30, SEC, 0, INT64_MAX, dark, 600 * SEC);
	assert_int_equal(r.found, -1);
	assert_in_range(r.samples, 39, 42);
}

static void
test_one_odd_picture_raises_nothing(void **state)
{
	struct picsched ps;
	struct tamper_state ts;
	int raised = 0;

	(void)state;
	make_scenes();
	picsched_init(&ps, 30, 3600, 0);
	memset(&ts, 0, sizeof ts);
	/* someone walks past the lens for two seconds, once a minute */
	for (int64_t now = 1; now < 600 * SEC; now += SEC) {
		int what = picsched_due(&ps, now), dim = now % (60 * SEC) < 2 * SEC;

		if (!(what & PIC_TAMPER))
			continue;
		raised |= tamper_update(&ts, scene, dim ? dark : scene);
		picsched_done(&ps, what, now, tamper_pending(&ts));
	}
	assert_int_equal(raised, 0);
}

static void
test_latest_frames_come_every_thumb_interval_from_any_decode(void **state)
{
	struct picsched ps;
	int thumbs = 0;

	(void)state;
	picsched_init(&ps, 30, 60, 0);
	/* the first keyframe serves both; then a tamper sample every 10 s
	 * refreshes the latest frame too, so no decode is made for it alone */
	assert_int_equal(picsched_due(&ps, 1), PIC_TAMPER | PIC_THUMB);
	for (int64_t now = 1; now < 600 * SEC; now += SEC) {
		int what = picsched_due(&ps, now);

		if (what == PIC_THUMB)
			thumbs++;
		if (what)
			picsched_done(&ps, what, now, 0);
	}
	assert_int_equal(thumbs, 0);
	/* with rare tamper samples, the latest frame keeps its own pace */
	picsched_init(&ps, 3600, 5, 0);
	thumbs = 0;
	for (int64_t now = 1; now < 60 * SEC; now += SEC) {
		int what = picsched_due(&ps, now);

		thumbs += (what & PIC_THUMB) != 0;
		if (what)
			picsched_done(&ps, what, now, 0);
	}
	assert_in_range(thumbs, 11, 12);
	/* a camera staggered 4 s into the start decodes nothing before */
	picsched_init(&ps, 30, 60, 4 * SEC);
	assert_int_equal(picsched_due(&ps, 1), 0);
	assert_int_equal(picsched_due(&ps, 4 * SEC), PIC_TAMPER | PIC_THUMB);
}

/*---- Demand files ----*/

struct seen {
	char	 camera[8][40];
	int	 width[8];
	int	 n;
};

static void
collect(void *arg, const char *camera, int width)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	snprintf(s->camera[s->n], sizeof s->camera[0], "%s", camera);
	s->width[s->n++] = width;
}

static int
width_of(const struct seen *s, const char *camera)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->camera[i], camera) == 0)
			return s->width[i];
	return 0;
}

/* A demand file holding text, last touched age_s seconds before now. */
static void
demand_file(const char *dir, const char *name, const char *text, time_t now, int age_s)
{
	char *path = vg_path_join(dir, name);
	struct timespec t[2] = { { now - age_s, 0 }, { now - age_s, 0 } };

	tu_write(path, text);
	assert_int_equal(utimensat(AT_FDCWD, path, t, 0), 0);
	free(path);
}

static void
test_demand_takes_the_widest_fresh_request_per_camera(void **state)
{
	char *run = tu_tmpdir(), *dir = vg_path_join(run, DEMAND_DIR);
	time_t now = 1800000000;
	struct seen s;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(demand_scan_at(run, (int64_t)now * SEC, collect, &s), -1);	/* no dir */
	assert_int_equal(mkdir(dir, 0770), 0);
	demand_file(dir, "gate-1.4100", "320\n", now, 0);	/* a wall tile */
	demand_file(dir, "gate-1.4200", "1280", now, 1);	/* a large view */
	demand_file(dir, "yard.4100", "320", now, 2);
	demand_file(dir, "hall.3999", "1280", now, 4);		/* a console that crashed */
	demand_file(dir, "lobby.4300", "wide", now, 0);		/* not a width */
	demand_file(dir, "lobby.4301", "0", now, 0);
	demand_file(dir, "lobby.4302", "99999", now, 0);
	demand_file(dir, "notes.txt", "320", now, 0);		/* not <camera>.<pid> */
	demand_file(dir, ".gate-1.tmp", "320", now, 0);
	assert_int_equal(demand_scan_at(run, (int64_t)now * SEC, collect, &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(width_of(&s, "gate-1"), 1280);
	assert_int_equal(width_of(&s, "yard"), 320);
	assert_int_equal(width_of(&s, "hall"), 0);
	assert_int_equal(width_of(&s, "lobby"), 0);
	/* four seconds on, without refreshes, nobody watches any more */
	memset(&s, 0, sizeof s);
	assert_int_equal(demand_scan_at(run, (int64_t)(now + 4) * SEC, collect, &s), 0);
	assert_int_equal(s.n, 0);
	free(dir);
	tu_rm_rf(run);
	free(run);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_covered_and_turned_cameras_are_found_within_the_tamper_interval),
		cmocka_unit_test(test_an_unchanged_camera_costs_a_keyframe_every_half_interval),
		cmocka_unit_test(test_one_odd_picture_raises_nothing),
		cmocka_unit_test(test_latest_frames_come_every_thumb_interval_from_any_decode),
		cmocka_unit_test(test_demand_takes_the_widest_fresh_request_per_camera),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
