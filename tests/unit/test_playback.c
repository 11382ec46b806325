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

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

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

/*---- Open-GOP H.265 across a cut ----*/

/*
 * 4 s of open-GOP H.265 (x265: a CRA keyframe every 2 s, 3 B-frames, so the
 * CRA has leading pictures) cut at its second keyframe the way the recorder
 * cuts a segment: fragmented MP4, each file's times counted from its first
 * packet's decode time, which is the file's wall-clock start (as
 * seg_wall_us has it).  That puts every picture at START_US plus its time
 * in the clip: want[] (ascending) and start[] are
 * filled in, and *leading: the second file's pictures shown before its
 * keyframe; returns the number of pictures.
 */
static int
og_files(char *paths[2], int64_t start[2], int64_t *want, int *leading)
{
	char *src = xasprintf("%s/og.mp4", dir);
	char *cmd = xasprintf("ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi "
	    "-i testsrc2=s=%dx%d:r=25:d=4 -c:v libx265 -x265-params "
	    "keyint=50:min-keyint=50:open-gop=1:bframes=3:scenecut=0:log-level=error "
	    "-pix_fmt yuv420p '%s'", W, H, src);
	AVFormatContext *in = NULL, *out[2] = { NULL, NULL };
	AVPacket *pkt = av_packet_alloc();
	AVRational us = { 1, 1000000 }, tb;
	int64_t first_dts = 0, key = 0;
	int seg = -1, n = 0;

	assert_int_equal(system(cmd), 0);
	assert_int_equal(avformat_open_input(&in, src, NULL, NULL), 0);
	assert_true(avformat_find_stream_info(in, NULL) >= 0);
	tb = in->streams[0]->time_base;
	for (int k = 0; k < 2; k++) {
		AVDictionary *o = NULL;
		AVStream *st;

		paths[k] = xasprintf("%s/og-%d.mp4", dir, k);
		assert_int_equal(avformat_alloc_output_context2(&out[k], NULL, "mp4", paths[k]), 0);
		st = avformat_new_stream(out[k], NULL);
		assert_true(avcodec_parameters_copy(st->codecpar, in->streams[0]->codecpar) >= 0);
		st->codecpar->codec_tag = 0;
		st->time_base = tb;
		assert_true(avio_open(&out[k]->pb, paths[k], AVIO_FLAG_WRITE) >= 0);
		av_dict_set(&o, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0);
		av_dict_set(&o, "use_editlist", "0", 0);
		assert_true(avformat_write_header(out[k], &o) >= 0);
		av_dict_free(&o);
	}
	while (av_read_frame(in, pkt) >= 0) {
		if ((pkt->flags & AV_PKT_FLAG_KEY) && seg < 1) {
			seg++;
			first_dts = pkt->dts;
			start[seg] = START_US + av_rescale_q(pkt->dts, tb, us);
			key = pkt->pts;
		}
		want[n++] = START_US + av_rescale_q(pkt->pts, tb, us);
		*leading += seg == 1 && pkt->pts < key;
		pkt->pts -= first_dts;
		pkt->dts -= first_dts;
		pkt->stream_index = 0;
		av_packet_rescale_ts(pkt, tb, out[seg]->streams[0]->time_base);
		assert_true(av_interleaved_write_frame(out[seg], pkt) >= 0);
	}
	for (int k = 0; k < 2; k++) {
		assert_true(av_write_trailer(out[k]) >= 0);
		avio_closep(&out[k]->pb);
		avformat_free_context(out[k]);
	}
	assert_int_equal(seg, 1);
	qsort(want, (size_t)n, sizeof *want, cmp_i64);
	avformat_close_input(&in);
	av_packet_free(&pkt);
	free(cmd);
	free(src);
	return n;
}

/* Played through the cut, every picture of the clip is shown once, at its
 * time, the leading pictures after the CRA too (they refer to the file
 * before): the decoder goes on from one file into the next.  Stepping the
 * same.  A decoder opened at the CRA drops them (H.265 8.1.3). */
static void
test_open_gop_across_a_cut(void **state)
{
	char *paths[2];
	int64_t start[2], want[FRAMES + 8];
	int leading = 0, n = og_files(paths, start, want, &leading), got = 0;
	struct playback_file pf[2] = {
		{ paths[0], start[0], start[1] }, { paths[1], start[1], want[n - 1] + FRAME_US },
	};
	struct playback *p = playback_new(pf, 2);
	struct vg_frame f = { 0 };
	struct vg_err err;

	(void)state;
	assert_int_equal(n, FRAMES);
	/* x265's open GOP: the second file begins with a CRA and 3 leading pictures */
	assert_int_equal(leading, 3);
	/* every picture asked for in turn (no frames skipped: not in fast mode) */
	for (int k = 0; k < n; k++) {
		int r = playback_frame_at(p, want[k], W, H, &f, &err);

		if (r != 1)
			fail_msg("picture %d at +%lld us: %d (%s)", k, (long long)(want[k] - START_US),
			    r, r < 0 ? err.msg : "not shown");
		assert_int_equal(f.ts_us, want[k]);
		got++;
	}
	assert_int_equal(got, FRAMES);
	playback_free(p);
	/* stepping, paused */
	p = playback_new(pf, 2);
	assert_int_equal(playback_frame_at(p, want[0], W, H, &f, &err), 1);
	got = 1;
	while (playback_step(p, W, H, &f, &err) == 1) {
		assert_true(got < n);
		assert_int_equal(f.ts_us, want[got]);
		got++;
	}
	assert_int_equal(got, FRAMES);
	playback_free(p);
	frames_free(&f);
	free(paths[0]);
	free(paths[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs_follow_x264),
		cmocka_unit_test(test_refs_refuse_what_they_cannot_follow),
		cmocka_unit_test(test_pictures_the_same_skipping_or_not),
		cmocka_unit_test(test_step_after_skipping),
		cmocka_unit_test(test_open_gop_across_a_cut),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
