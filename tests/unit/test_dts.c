/* test_dts.c — reorder depth from real SPS, and decoding times that rise and precede presentation. */
#include "tests/unit/testutil.h"

#include <string.h>

#include "core/util.h"
#include "recorder/dts.h"
#include "recorder/sps.h"

#define TICK 3600	/* one frame at 25 fps on a 90 kHz clock */

/* SPS as x264 (high profile, 3 B-frames with pyramid) and x265 (main, 4
 * B-frames) wrote them for the test clips h264bf and h265bf, 320x240. */
static const char sps_x264[] = "6764000dacd94141fb011000000300100000030320f1429960";
static const char sps_x265[] = "42010101600000030090000003000003003ca00a080f165959a4932bc05a"
    "020000030002000003003210";

static size_t
unhex(const char *hex, uint8_t *out)
{
	size_t n = strlen(hex) / 2;

	assert_int_equal(vg_unhex(hex, out, n), 0);
	return n;
}

/*---- A small bit writer for SPS the encoders above do not make ----*/

struct bw {
	uint8_t	b[64];
	size_t	pos;
};

static void
put(struct bw *w, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--, w->pos++)
		if ((v >> i) & 1)
			w->b[w->pos / 8] |= (uint8_t)(0x80 >> (w->pos % 8));
}

static void
put_ue(struct bw *w, unsigned v)
{
	int len = 0;

	while ((v + 1) >> (len + 1))
		len++;
	put(w, 0, len);
	put(w, v + 1, len + 1);
}

/* A main-profile 1080p SPS with no VUI, POC type poc. */
static size_t
sps_no_vui(int poc, int level, uint8_t *out)
{
	struct bw w;

	memset(&w, 0, sizeof w);
	put(&w, 0x67, 8);
	put(&w, 77, 8);		/* main */
	put(&w, 0, 8);
	put(&w, (unsigned)level, 8);
	put_ue(&w, 0);		/* sps id */
	put_ue(&w, 0);		/* log2_max_frame_num - 4 */
	put_ue(&w, (unsigned)poc);
	if (poc == 0)
		put_ue(&w, 2);
	put_ue(&w, 3);		/* max_num_ref_frames */
	put(&w, 0, 1);
	put_ue(&w, 119);	/* 120 MBs wide */
	put_ue(&w, 67);		/* 68 high */
	put(&w, 1, 1);		/* frame_mbs_only */
	put(&w, 1, 1);		/* direct_8x8 */
	put(&w, 0, 1);		/* no cropping */
	put(&w, 0, 1);		/* no VUI */
	put(&w, 1, 1);		/* rbsp stop bit */
	memcpy(out, w.b, (w.pos + 7) / 8);
	return (w.pos + 7) / 8;
}

/*---- SPS ----*/

/* The clips are 320x240 and both encoders state 2 reordered frames (what
 * ffprobe calls has_b_frames). */
static void
assert_clip_sps(enum AVCodecID id, const uint8_t *nal, size_t n)
{
	struct sps_info si;

	assert_int_equal(sps_parse(id, nal, n, &si), 0);
	assert_int_equal(si.width, 320);
	assert_int_equal(si.height, 240);
	assert_int_equal(si.reorder, 2);
	assert_true(si.reorder_stated);
}

static void
test_sps_of_x264_high_profile_states_two_reordered_frames(void **state)
{
	uint8_t nal[64];
	size_t n = unhex(sps_x264, nal);
	struct sps_info si;

	(void)state;
	assert_clip_sps(AV_CODEC_ID_H264, nal, n);
	/* cut short, it is refused rather than guessed */
	assert_int_equal(sps_parse(AV_CODEC_ID_H264, nal, 6, &si), -1);
	/* a PPS is not an SPS */
	nal[0] = 0x68;
	assert_int_equal(sps_parse(AV_CODEC_ID_H264, nal, n, &si), -1);
}

static void
test_sps_of_x265_states_its_reorder_depth(void **state)
{
	uint8_t nal[64];
	size_t n = unhex(sps_x265, nal);
	struct sps_info si;

	(void)state;
	assert_clip_sps(AV_CODEC_ID_HEVC, nal, n);
	assert_int_equal(sps_parse(AV_CODEC_ID_H264, nal, n, &si), -1);
}

static void
test_sps_without_vui_is_bounded_by_the_level(void **state)
{
	uint8_t nal[64];
	size_t n;
	struct sps_info si;

	(void)state;
	/* level 4.0: MaxDpbMbs 32768 over 8160 MBs a frame = 4 frames */
	n = sps_no_vui(0, 40, nal);
	assert_int_equal(sps_parse(AV_CODEC_ID_H264, nal, n, &si), 0);
	assert_int_equal(si.width, 1920);
	assert_int_equal(si.height, 1088);
	assert_int_equal(si.reorder, 4);
	assert_false(si.reorder_stated);
	/* POC type 2: output order is decoding order */
	n = sps_no_vui(2, 40, nal);
	assert_int_equal(sps_parse(AV_CODEC_ID_H264, nal, n, &si), 0);
	assert_int_equal(si.reorder, 0);
}

static void
test_sps_found_in_avcc_and_annexb_extradata(void **state)
{
	uint8_t nal[64], ed[160];
	size_t n = unhex(sps_x264, nal), k = 0;
	AVCodecParameters par;
	struct sps_info si;

	(void)state;
	/* avcC, as vigil's client builds it */
	memset(&par, 0, sizeof par);
	par.codec_id = AV_CODEC_ID_H264;
	ed[k++] = 1;
	ed[k++] = nal[1];
	ed[k++] = nal[2];
	ed[k++] = nal[3];
	ed[k++] = 0xff;
	ed[k++] = 0xe1;
	ed[k++] = 0;
	ed[k++] = (uint8_t)n;
	memcpy(ed + k, nal, n);
	k += n;
	par.extradata = ed;
	par.extradata_size = (int)k;
	assert_int_equal(sps_from_extradata(&par, &si), 0);
	assert_int_equal(si.reorder, 2);
	/* Annex B, VPS first, as libavformat's client and H.265 give it */
	k = 0;
	memcpy(ed + k, "\0\0\0\1\x40\x01\x0c\x01", 8);
	k += 8;
	memcpy(ed + k, "\0\0\1", 3);
	k += 3;
	n = unhex(sps_x265, ed + k);
	k += n;
	par.codec_id = AV_CODEC_ID_HEVC;
	par.extradata_size = (int)k;
	assert_int_equal(sps_from_extradata(&par, &si), 0);
	assert_int_equal(si.reorder, 2);
	par.extradata_size = 0;
	assert_int_equal(sps_from_extradata(&par, &si), -1);
}

/*---- Decoding times ----*/

/* Presentation order of a 3-B-frame pyramid in decoding order, as x264 sends
 * it: I0 P4 B2 b1 b3 P8 B6 b5 b7 ... (in frames), from base. */
static int64_t
pyramid_pts(int n, int64_t base)
{
	static const int pat[4] = { 4, 2, 1, 3 };

	if (n == 0)
		return base;
	return base + (int64_t)(((n - 1) / 4) * 4 + pat[(n - 1) % 4]) * TICK;
}

/* Feeds count pictures; checks every DTS rises and precedes its PTS, and
 * returns how many came out. */
static int
feed(struct dts_gen *g, const int64_t *pts, int count, int64_t *dts)
{
	int64_t out[DTS_MAX_OUT];
	int got = 0;

	for (int i = 0; i < count; i++) {
		int k = dts_push(g, pts[i], out);

		for (int j = 0; j < k; j++) {
			dts[got] = out[j];
			if (got > 0)
				assert_true(dts[got] > dts[got - 1]);
			assert_true(dts[got] <= pts[got]);
			got++;
		}
	}
	return got;
}

static void
test_dts_without_reordering_is_the_pts(void **state)
{
	struct dts_gen g;
	int64_t pts[50], dts[50];

	(void)state;
	for (int i = 0; i < 50; i++)
		pts[i] = 1000 + (int64_t)i * TICK;
	dts_init(&g, 0, 2 * 90000);
	assert_int_equal(feed(&g, pts, 50, dts), 50);
	for (int i = 0; i < 50; i++)
		assert_int_equal(dts[i], pts[i]);
}

static void
test_dts_of_a_b_frame_pyramid_follow_the_presentation_two_frames_behind(void **state)
{
	struct dts_gen g;
	int64_t pts[101], dts[101], out[DTS_MAX_OUT];
	int64_t base = 126000;

	(void)state;
	for (int i = 0; i < 101; i++)
		pts[i] = pyramid_pts(i, base);
	dts_init(&g, 2, 2 * 90000);
	/* the first 2*2+1 pictures are held to learn the frame interval */
	for (int i = 0; i < 4; i++)
		assert_int_equal(dts_push(&g, pts[i], out), 0);
	dts_init(&g, 2, 2 * 90000);
	assert_int_equal(feed(&g, pts, 101, dts), 101);
	/* as an encoder stamps them: the sorted PTS, two frames back */
	for (int i = 0; i < 101; i++)
		assert_int_equal(dts[i], base + (int64_t)(i - 2) * TICK);
	assert_int_equal(g.deepened, 0);
	assert_int_equal(g.clamped, 0);
}

static void
test_dts_learn_a_deeper_reordering_than_stated(void **state)
{
	struct dts_gen g;
	int64_t pts[200], dts[200], out[DTS_MAX_OUT];
	int got;

	(void)state;
	for (int i = 0; i < 200; i++)
		pts[i] = pyramid_pts(i, 0);
	/* the SPS claimed no reordering: the first reordered picture shows it */
	dts_init(&g, 0, 2 * 90000);
	got = 0;
	for (int i = 0; i < 200; i++) {
		int k = dts_push(&g, pts[i], out);

		for (int j = 0; j < k; j++) {
			dts[got] = out[j];
			if (got > 0)
				assert_true(dts[got] > dts[got - 1]);
			/* once learnt, every DTS precedes its PTS again */
			if (got > 20)
				assert_true(dts[got] <= pts[got]);
			got++;
		}
	}
	assert_int_equal(got, 200);
	assert_int_equal(g.depth, 2);
	assert_int_equal(g.deepened, 2);
}

static void
test_dts_start_over_when_the_camera_clock_jumps(void **state)
{
	struct dts_gen g;
	int64_t pts[60], dts[60];
	int got;

	(void)state;
	for (int i = 0; i < 30; i++)
		pts[i] = pyramid_pts(i, 900000);
	/* the camera restarts its clock 10 s back */
	for (int i = 30; i < 60; i++)
		pts[i] = pyramid_pts(i - 30, 0);
	dts_init(&g, 2, 2 * 90000);
	got = 0;
	{
		int64_t out[DTS_MAX_OUT];

		for (int i = 0; i < 60; i++) {
			int k = dts_push(&g, pts[i], out);

			for (int j = 0; j < k; j++)
				dts[got++] = out[j];
		}
	}
	assert_int_equal(got, 60);
	assert_int_equal(g.restarts, 1);
	/* each timeline on its own is as an encoder would stamp it */
	for (int i = 0; i < 30; i++)
		assert_int_equal(dts[i], 900000 + (int64_t)(i - 2) * TICK);
	for (int i = 30; i < 60; i++)
		assert_int_equal(dts[i], (int64_t)(i - 30 - 2) * TICK);
}

static void
test_dts_stay_sound_when_pictures_are_lost(void **state)
{
	struct dts_gen g;
	int64_t pts[120], dts[120];
	int n = 0;

	(void)state;
	/* a damaged stream: every seventh picture never arrives */
	for (int i = 0; i < 140 && n < 120; i++)
		if (i % 7 != 5)
			pts[n++] = pyramid_pts(i, 5000);
	dts_init(&g, 2, 2 * 90000);
	assert_int_equal(feed(&g, pts, n, dts), n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sps_of_x264_high_profile_states_two_reordered_frames),
		cmocka_unit_test(test_sps_of_x265_states_its_reorder_depth),
		cmocka_unit_test(test_sps_without_vui_is_bounded_by_the_level),
		cmocka_unit_test(test_sps_found_in_avcc_and_annexb_extradata),
		cmocka_unit_test(test_dts_without_reordering_is_the_pts),
		cmocka_unit_test(test_dts_of_a_b_frame_pyramid_follow_the_presentation_two_frames_behind),
		cmocka_unit_test(test_dts_learn_a_deeper_reordering_than_stated),
		cmocka_unit_test(test_dts_start_over_when_the_camera_clock_jumps),
		cmocka_unit_test(test_dts_stay_sound_when_pictures_are_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
