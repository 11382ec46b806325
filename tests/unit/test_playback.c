/* test_playback.c — the player's decoding: B pictures skipped only where no P picture needs them, the same pictures either way. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavformat/avformat.h>

#include "core/util.h"
#include "recorder/frames.h"
#include "recorder/h264refs.h"

#define START_US 1000000000000LL
#define FRAME_US 40000			/* 25 fps */
#define FRAMES 100			/* 4 s */
#define W 320
#define H 240

static char *dir;

/*
 * 4 s of a moving test pattern as x264 writes it for cameras and the test
 * simulator: high profile, B-frames in a pyramid (the middle one a
 * reference), keyframe every 2 s.  With one reference frame no P picture
 * refers to a B picture; with three, P pictures do.  With 3 B-frames the I
 * and P pictures come 6.25 times a second, with 4 five times.
 */
static char *
clip(int refs, int bf)
{
	char *path = xasprintf("%s/refs%d-bf%d.mp4", dir, refs, bf);
	char *cmd = xasprintf("ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi "
	    "-i testsrc2=s=%dx%d:r=25:d=4 -c:v libx264 -preset veryfast -profile:v high "
	    "-bf %d -b_strategy 0 -refs %d -g 50 -keyint_min 50 -sc_threshold 0 "
	    "-pix_fmt yuv420p '%s'", W, H, bf, refs, path);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return path;
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

/* What h264refs says of each packet of the file: -1 at the first it refuses. */
static int
follow(const char *path, int *safe_after)
{
	AVFormatContext *fc = NULL;
	AVPacket *pkt = av_packet_alloc();
	struct h264refs *h;
	int vs, n = 0, refused = -1;

	assert_int_equal(avformat_open_input(&fc, path, NULL, NULL), 0);
	vs = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
	assert_true(vs >= 0);
	h = h264refs_new(fc->streams[vs]->codecpar);
	assert_non_null(h);
	*safe_after = -1;
	while (av_read_frame(fc, pkt) >= 0) {
		if (pkt->stream_index == vs) {
			if (h264refs_packet(h, pkt->data, (size_t)pkt->size) != 0 && refused < 0)
				refused = n;
			if (*safe_after < 0 && h264refs_safe(h))
				*safe_after = n;
			n++;
		}
		av_packet_unref(pkt);
	}
	assert_int_equal(n, FRAMES);
	assert_int_equal(h264refs_safe(h), refused < 0 && *safe_after >= 0);
	h264refs_free(h);
	av_packet_free(&pkt);
	avformat_close_input(&fc);
	return refused;
}

static void
test_refs_follow_x264(void **state)
{
	char *one = clip(1, 3), *three = clip(3, 3);
	int safe_after;

	(void)state;
	/* one reference frame: safe after the first P pictures past a B reference */
	assert_int_equal(follow(one, &safe_after), -1);
	assert_true(safe_after > 0 && safe_after < 20);
	/* three: the first P picture after a B reference may use it */
	assert_true(follow(three, &safe_after) > 0);
	assert_int_equal(safe_after, -1);
	free(one);
	free(three);
}

static void
test_refs_refuse_what_they_cannot_follow(void **state)
{
	AVCodecParameters *par = avcodec_parameters_alloc();
	struct h264refs *h;
	/* a slice whose PPS was never seen, behind a start code */
	static const uint8_t pkt[] = { 0, 0, 0, 1, 0x41, 0x9a, 0x02, 0x80 };

	(void)state;
	par->codec_id = AV_CODEC_ID_HEVC;
	assert_null(h264refs_new(par));		/* H.264 only */
	par->codec_id = AV_CODEC_ID_H264;
	h = h264refs_new(par);
	assert_non_null(h);
	assert_int_equal(h264refs_packet(h, pkt, sizeof pkt), -1);
	assert_int_equal(h264refs_packet(h, pkt, sizeof pkt), -1);	/* stays */
	assert_false(h264refs_safe(h));
	h264refs_free(h);
	avcodec_parameters_free(&par);
}

/*---- The pictures ----*/

static uint64_t
hash(const struct vg_frame *f)
{
	uint64_t v = 1469598103934665603ULL;
	size_t n = (size_t)f->width * (size_t)f->height * (size_t)f->channels;

	for (size_t i = 0; i < n; i++)
		v = (v ^ f->pixels[i]) * 1099511628211ULL;
	return v;
}

static int
index_of(const struct vg_frame *f)
{
	int i = (int)((f->ts_us - START_US + FRAME_US / 2) / FRAME_US);

	assert_true(i >= 0 && i < FRAMES);
	return i;
}

/* Whether frame i is a B picture: in each 2-s GOP of 50 frames, I, then
 * bf B and a P, and a P last before the next I. */
static int
is_b(int i, int bf)
{
	int j = i % 50;

	return j % (bf + 1) != 0 && j != 49;
}

static struct playback *
open_clip(const char *path)
{
	struct playback_file pf = { path, START_US, START_US + FRAMES * FRAME_US };

	return playback_new(&pf, 1);
}

/* Every frame, stepped through with nothing skipped: its picture's hash. */
static void
reference(const char *path, uint64_t *want)
{
	struct playback *p = open_clip(path);
	struct vg_frame f = { 0 };
	struct vg_err err;
	int n = 0;

	assert_int_equal(playback_frame_at(p, START_US, W, H, &f, &err), 1);
	do {
		assert_int_equal(f.channels, 4);
		want[index_of(&f)] = hash(&f);
		n++;
	} while (playback_step(p, W, H, &f, &err) == 1);
	assert_int_equal(n, FRAMES);
	frames_free(&f);
	playback_free(p);
}

/* Plays at 6 pictures a second up to `until` frames, checking each picture
 * against the reference; returns how many of them were B pictures after the
 * first 60 frames (the player measures the I and P pictures' rate first). */
static int
play(struct playback *p, struct vg_frame *f, const uint64_t *want, int until, int bf)
{
	struct vg_err err;
	int b = 0, shown = 0;

	playback_set_fast(p, 6);
	for (int k = 0; k * 25 / 6 < until; k++) {
		/* two frames in: a B reference picture is due at times the
		 * player shows, when it decodes them */
		int64_t t = START_US + 2 * FRAME_US + (int64_t)k * 1000000 / 6;
		int r = playback_frame_at(p, t, W, H, f, &err);

		assert_true(r == 0 || r == 1);
		if (r == 0)
			continue;
		assert_true(hash(f) == want[index_of(f)]);
		b += is_b(index_of(f), bf) && index_of(f) >= 60;
		shown++;
	}
	assert_true(shown >= until / 25 * 5);
	return b;
}

static void
test_pictures_the_same_skipping_or_not(void **state)
{
	uint64_t want[FRAMES];
	char *one = clip(1, 3), *three = clip(3, 3), *sparse = clip(1, 4);
	struct vg_frame f = { 0 };
	struct playback *p;

	(void)state;
	reference(one, want);
	p = open_clip(one);
	/* B pictures skipped: only I and P pictures shown, each as decoded in full */
	assert_int_equal(play(p, &f, want, 96, 3), 0);
	playback_free(p);
	reference(three, want);
	p = open_clip(three);
	/* P pictures use B pictures: those are decoded, and shown */
	assert_true(play(p, &f, want, 96, 3) > 0);
	playback_free(p);
	reference(sparse, want);
	p = open_clip(sparse);
	/* I and P pictures alone would be fewer than the 6 a second shown */
	assert_true(play(p, &f, want, 96, 4) > 0);
	playback_free(p);
	frames_free(&f);
	free(one);
	free(three);
	free(sparse);
}

/* Paused after playing with B pictures skipped, stepping shows every next
 * frame, B pictures too, as decoded in full. */
static void
test_step_after_skipping(void **state)
{
	uint64_t want[FRAMES];
	char *one = clip(1, 3);
	struct vg_frame f = { 0 };
	struct vg_err err;
	struct playback *p;
	int at;

	(void)state;
	reference(one, want);
	p = open_clip(one);
	play(p, &f, want, 76, 3);
	at = index_of(&f);
	assert_false(is_b(at, 3));	/* a P picture: B pictures were skipped */
	playback_set_fast(p, 0);
	for (int i = 1; i <= 6; i++) {
		assert_int_equal(playback_step(p, W, H, &f, &err), 1);
		assert_int_equal(index_of(&f), at + i);
		assert_true(hash(&f) == want[at + i]);
	}
	playback_free(p);
	frames_free(&f);
	free(one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs_follow_x264),
		cmocka_unit_test(test_refs_refuse_what_they_cannot_follow),
		cmocka_unit_test(test_pictures_the_same_skipping_or_not),
		cmocka_unit_test(test_step_after_skipping),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
