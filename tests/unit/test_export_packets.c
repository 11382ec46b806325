/* test_export_packets.c — vigil verify's packet comparison: a joined video against its segments, each way they can part. */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "core/gov/exports.h"
#include "core/util.h"
#include "recorder/export-video.h"

#define NSEG 3
#define SEG_US 2000000LL
#define START_US 1772359200000000LL	/* 2026-03-01 10:00:00 UTC */

static char *dir;
static int pack = -1;			/* every file below, one after the other, as in a tar */
static struct xv_part seg[NSEG], video_only, joined, flipped;

/*
 * Three 2-s fragmented MP4 segments as footage.py cuts them (H.264 high
 * profile with B-frames and AAC), one more with the video alone, and the
 * three joined by the exporter's own xv_join; all appended to one file at
 * known offsets, the way verify finds them in the archive.
 */
static void
ffmpeg(const char *args)
{
	char *cmd = xasprintf("cd '%s' && ffmpeg -nostdin -hide_banner -loglevel error -y %s",
	    dir, args);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
append(const char *file, const char *name, struct xv_part *p)
{
	char *path = vg_path_join(dir, file);
	size_t len;
	char *data = vg_read_file(path, &len, 64 << 20, NULL);

	assert_non_null(data);
	p->off = lseek(pack, 0, SEEK_END);
	p->size = (int64_t)len;
	p->name = name;
	assert_int_equal(write(pack, data, len), (ssize_t)len);
	free(data);
	free(path);
}

static void
join_segments(void)
{
	struct export_seg segs[NSEG];
	struct vg_err err;
	char *path = vg_path_join(dir, "joined.mp4");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int64_t size = 0;

	assert_true(fd >= 0);
	memset(segs, 0, sizeof segs);
	for (int i = 0; i < NSEG; i++) {
		segs[i].seq = i + 1;
		segs[i].start_us = START_US + i * SEG_US;
		segs[i].end_us = segs[i].start_us + SEG_US;
		segs[i].path = xasprintf("seg%08d.mp4", i);
	}
	assert_int_equal(xv_join(fd, 0, dir, segs, NSEG, "test", NULL, &size, &err), 0);
	assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
	for (int i = 0; i < NSEG; i++)
		free(segs[i].path);
	free(path);
}

static int
setup(void **state)
{
	char *path;

	(void)state;
	av_log_set_level(AV_LOG_QUIET);	/* the refusals below make libavformat talk */
	dir = tu_tmpdir();
	ffmpeg("-f lavfi -i testsrc2=s=320x240:r=25:d=6 -f lavfi -i sine=f=440:r=48000:d=6 "
	    "-c:v libx264 -preset veryfast -profile:v high -bf 3 -g 50 -keyint_min 50 "
	    "-sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k clip.mp4");
	ffmpeg("-i clip.mp4 -map 0 -c copy -f segment -segment_time 2 -reset_timestamps 1 "
	    "-segment_format mp4 -segment_format_options "
	    "movflags=empty_moov+default_base_moof+frag_keyframe seg%08d.mp4");
	ffmpeg("-i seg00000000.mp4 -map 0:v -c copy -movflags "
	    "empty_moov+default_base_moof+frag_keyframe video-only.mp4");
	join_segments();
	path = vg_path_join(dir, "pack");
	pack = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(pack >= 0);
	free(path);
	append("seg00000000.mp4", "seg-1.mp4", &seg[0]);
	append("seg00000001.mp4", "seg-2.mp4", &seg[1]);
	append("seg00000002.mp4", "seg-3.mp4", &seg[2]);
	append("video-only.mp4", "video-only.mp4", &video_only);
	append("joined.mp4", "video/cam.mp4", &joined);
	append("joined.mp4", "video/flipped.mp4", &flipped);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (pack >= 0)
		close(pack);
	tu_rm_rf(dir);
	free(dir);
	return 0;
}

static int
compare(const struct xv_part *segs, size_t n, const struct xv_part *video, struct vg_err *err)
{
	vg_err_clear(err);
	return xv_same_packets(pack, segs, n, video, NULL, err);
}

static void
test_joined_video_holds_its_segments_packets(void **state)
{
	struct vg_err err;

	(void)state;
	assert_int_equal(compare(seg, NSEG, &joined, &err), 0);
}

static void
test_a_missing_segment_is_told_by_packet_counts(void **state)
{
	struct xv_part two[] = { seg[0], seg[2] };
	struct vg_err err;

	(void)state;
	assert_int_equal(compare(two, 2, &joined, &err), -1);
	assert_contains(err.msg, "video/cam.mp4: stream 0 holds ");
	assert_contains(err.msg, "packets; its segments hold ");
	assert_int_equal(err.code, VG_REFUSED);
}

static void
test_reordered_segments_are_not_the_same_packets(void **state)
{
	struct xv_part swapped[] = { seg[1], seg[0], seg[2] };
	struct vg_err err;

	(void)state;
	assert_int_equal(compare(swapped, NSEG, &joined, &err), -1);
	assert_contains(err.msg, "video/cam.mp4: the packets of stream ");
	assert_contains(err.msg, " are not those of its segments");
}

static void
test_one_flipped_byte_in_a_packet_is_found(void **state)
{
	struct vg_err err;
	uint8_t b;
	/* Well inside the data, which follows the index in a fast-start file. */
	off_t at = (off_t)(flipped.off + flipped.size - flipped.size / 4);

	(void)state;
	assert_int_equal(pread(pack, &b, 1, at), 1);
	b ^= 0x01;
	assert_int_equal(pwrite(pack, &b, 1, at), 1);
	assert_int_equal(compare(seg, NSEG, &flipped, &err), -1);
	assert_contains(err.msg, "video/flipped.mp4: the packets of stream ");
	b ^= 0x01;
	assert_int_equal(pwrite(pack, &b, 1, at), 1);
	assert_int_equal(compare(seg, NSEG, &flipped, &err), 0);
}

static void
test_other_streams_are_told(void **state)
{
	struct xv_part mixed[] = { seg[0], video_only };
	struct vg_err err;

	(void)state;
	assert_int_equal(compare(&video_only, 1, &joined, &err), -1);
	assert_string_equal(err.msg, "video/cam.mp4 has 2 streams; its segments have 1");
	assert_int_equal(compare(mixed, 2, &joined, &err), -1);
	assert_string_equal(err.msg, "video-only.mp4 has 1 streams where 2 were expected");
}

static void
test_an_unreadable_file_is_named(void **state)
{
	struct xv_part garbage = { seg[0].off + 100, 4096, "video/garbage.mp4" };
	struct vg_err err;

	(void)state;
	assert_int_equal(compare(seg, NSEG, &garbage, &err), -1);
	assert_contains(err.msg, "video/garbage.mp4: ");
	assert_int_equal(err.code, VG_REFUSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_joined_video_holds_its_segments_packets),
		cmocka_unit_test(test_a_missing_segment_is_told_by_packet_counts),
		cmocka_unit_test(test_reordered_segments_are_not_the_same_packets),
		cmocka_unit_test(test_one_flipped_byte_in_a_packet_is_found),
		cmocka_unit_test(test_other_streams_are_told),
		cmocka_unit_test(test_an_unreadable_file_is_named),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
