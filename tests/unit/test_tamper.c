/* test_tamper.c — covered, moved and motion judgements, and the latest-frame files. */
#include "tests/unit/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "recorder/frames.h"
#include "recorder/tamper.h"

/* A scene: diagonal bands and a bright block, lit by `light` (0..1). */
static void
scene(uint8_t *g, int variant, double light)
{
	for (int y = 0; y < TAMPER_H; y++)
		for (int x = 0; x < TAMPER_W; x++) {
			double v = variant == 0 ? ((x + y) / 6) % 2 * 120 + 60 :
			    (x / 8) % 2 * 90 + (y > TAMPER_H / 2) * 80 + 40;

			if (variant == 0 && x > 40 && x < 56 && y > 5 && y < 15)
				v = 230;
			g[y * TAMPER_W + x] = (uint8_t)fmin(255, v * light);
		}
}

static void
test_dark_or_uniform_is_covered(void **state)
{
	uint8_t g[TAMPER_N];

	(void)state;
	memset(g, 8, sizeof g);
	assert_true(tamper_covered(g));		/* black */
	memset(g, 140, sizeof g);
	assert_true(tamper_covered(g));		/* a grey wall, a bag */
	for (int i = 0; i < TAMPER_N; i++)
		g[i] = (uint8_t)(140 + i % 3);	/* slight noise is still uniform */
	assert_true(tamper_covered(g));
	scene(g, 0, 1.0);
	assert_false(tamper_covered(g));
	scene(g, 0, 0.5);			/* dusk is not covered */
	assert_false(tamper_covered(g));
}

static void
test_similarity_ignores_light_not_a_new_view(void **state)
{
	uint8_t a[TAMPER_N], b[TAMPER_N];

	(void)state;
	scene(a, 0, 1.0);
	scene(b, 0, 0.6);
	assert_true(tamper_similarity(a, b) > TAMPER_BACK_ABOVE);
	scene(b, 1, 1.0);
	assert_true(tamper_similarity(a, b) < TAMPER_MOVED_BELOW);
}

static void
test_motion_needs_enough_change(void **state)
{
	uint8_t a[TAMPER_N], b[TAMPER_N];

	(void)state;
	scene(a, 0, 1.0);
	memcpy(b, a, sizeof b);
	assert_false(tamper_motion(a, b));
	b[5] = (uint8_t)(a[5] + 100);		/* one pixel: noise */
	assert_false(tamper_motion(a, b));
	for (int y = 20; y < 30; y++)		/* someone walks in */
		for (int x = 10; x < 20; x++)
			b[y * TAMPER_W + x] = 250;
	assert_true(tamper_motion(a, b));
}

static void
test_states_change_only_after_repeated_samples(void **state)
{
	uint8_t ref[TAMPER_N], cur[TAMPER_N], dark[TAMPER_N];
	struct tamper_state t;

	(void)state;
	memset(&t, 0, sizeof t);
	scene(ref, 0, 1.0);
	scene(cur, 1, 1.0);
	memset(dark, 0, sizeof dark);
	/* Turned: an alarm on the third differing sample, not before. */
	for (int i = 1; i < TAMPER_MOVED_AFTER; i++)
		assert_int_equal(tamper_update(&t, ref, cur), 0);
	assert_int_equal(tamper_update(&t, ref, cur), TAMPER_BECAME_MOVED);
	assert_int_equal(tamper_update(&t, ref, cur), 0);	/* raised once */
	/* Covered: says nothing about the view, and needs two samples. */
	assert_int_equal(tamper_update(&t, ref, dark), 0);
	assert_int_equal(tamper_update(&t, ref, dark), TAMPER_BECAME_COVERED);
	assert_int_equal(t.moved, 1);
	/* Uncovered onto the old view: clear, then back after repeated samples. */
	assert_int_equal(tamper_update(&t, ref, ref), 0);
	assert_int_equal(tamper_update(&t, ref, ref), TAMPER_BECAME_CLEAR);
	assert_int_equal(tamper_update(&t, ref, ref), TAMPER_BECAME_BACK);
	assert_int_equal(t.moved, 0);
	/* One odd frame raises nothing. */
	assert_int_equal(tamper_update(&t, ref, cur), 0);
	assert_int_equal(tamper_update(&t, ref, ref), 0);
	assert_int_equal(t.moved, 0);
	/* Without a reference only covering is judged. */
	memset(&t, 0, sizeof t);
	for (int i = 0; i < 5; i++)
		assert_int_equal(tamper_update(&t, NULL, cur), 0);
}

static void
test_grey_averages_rgb(void **state)
{
	int w = 128, h = 72;
	uint8_t *rgb = xmalloc((size_t)w * h * 3), g[TAMPER_N];

	(void)state;
	for (int i = 0; i < w * h; i++) {
		rgb[3 * i] = 255;	/* pure red: luma about 76 */
		rgb[3 * i + 1] = 0;
		rgb[3 * i + 2] = 0;
	}
	tamper_grey(rgb, w, h, g);
	for (int i = 0; i < TAMPER_N; i++)
		assert_in_range(g[i], 74, 78);
	free(rgb);
}

static void
test_frame_files_round_trip(void **state)
{
	char *dir = tu_tmpdir(), *frames = xasprintf("%s/frames", dir), *path;
	struct vg_frame f = { 4, 2, 3, 1234567, NULL }, g;
	struct vg_err err;

	(void)state;
	assert_int_equal(vg_mkdirs(frames, 0750, &err), 0);
	f.pixels = xmalloc(24);
	for (int i = 0; i < 24; i++)
		f.pixels[i] = (uint8_t)(i * 10);
	path = frames_path(dir, "gate-1");
	assert_int_equal(frames_write_file(path, "gate-1", &f, 0, &err), 0);
	assert_int_equal(frames_load(dir, "gate-1", &g, &err), 0);
	assert_int_equal(g.width, 4);
	assert_int_equal(g.height, 2);
	assert_int_equal(g.channels, 3);
	assert_int_equal(g.ts_us, 1234567);
	assert_memory_equal(g.pixels, f.pixels, 24);
	frames_free(&g);
	/* What the console meets when the file is not a frame. */
	tu_write(path, "P6\n4 2\n255\nshort");
	assert_int_equal(frames_load(dir, "gate-1", &g, &err), -1);
	assert_contains(err.msg, "is not a frame image");
	assert_contains(err.msg, "gate-1.ppm");
	assert_int_equal(frames_load(dir, "nowhere", &g, &err), -1);
	assert_contains(err.msg, "nowhere.ppm");
	free(f.pixels);
	free(path);
	free(frames);
	tu_rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dark_or_uniform_is_covered),
		cmocka_unit_test(test_similarity_ignores_light_not_a_new_view),
		cmocka_unit_test(test_motion_needs_enough_change),
		cmocka_unit_test(test_states_change_only_after_repeated_samples),
		cmocka_unit_test(test_grey_averages_rgb),
		cmocka_unit_test(test_frame_files_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
