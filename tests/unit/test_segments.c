/* test_segments.c — segment files (names, layout, hashes) and their recovery after a crash. */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavformat/avformat.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/recovery.h"
#include "recorder/segmenter.h"
#include "recorder/storage.h"
#include "tests/unit/recorder-fixtures.h"

static struct vg_site *s;
static const int64_t T0 = INT64_C(1767225600) * RF_SEC;	/* 2026-01-01 00:00 UTC */
static AVCodecParameters *par;

static int
setup(void **state)
{
	(void)state;
	s = tu_site("default");
	rf_cameras(s, "{ id = \"gate\"; name = \"Gate\"; url = \"rtsp://x/y\"; }");
	/* MJPEG: an MP4 video track that needs no parameter sets, so made-up
	 * packets make a well-formed file. */
	par = avcodec_parameters_alloc();
	par->codec_type = AVMEDIA_TYPE_VIDEO;
	par->codec_id = AV_CODEC_ID_MJPEG;
	par->width = 320;
	par->height = 240;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	avcodec_parameters_free(&par);
	tu_site_close(s);
	return 0;
}

/* Records n frames at 25 fps (keyframe every 10) starting at dts base into
 * segment seq; returns the result. */
static struct seg_done
record(int64_t seq, int64_t base, int n, int annexb)
{
	struct seg_stream st = { par, { 1, 90000 }, annexb };
	struct seg_open_args a = { s->cfg.storage_dir, "gate", seq, T0 + (seq - 1) * 60 * RF_SEC,
	    &st, 1, 0, base };
	struct vg_err err;
	struct seg_done d;
	struct seg *g = seg_open(&a, &err);

	if (g == NULL)
		fail_msg("seg_open: %s", err.msg);
	for (int i = 0; i < n; i++) {
		AVPacket *p = av_packet_alloc();

		assert_int_equal(av_new_packet(p, 2000), 0);
		memset(p->data, 0x40 + i % 16, 2000);
		if (annexb) {	/* two NAL units: 4- and 3-byte start codes */
			memcpy(p->data, "\0\0\0\1", 4);
			memcpy(p->data + 1000, "\0\0\1", 3);
		}
		p->pts = p->dts = base + i * 3600;
		if (i % 10 == 0)
			p->flags |= AV_PKT_FLAG_KEY;
		if (seg_write(g, 0, p, &err) != 0)
			fail_msg("seg_write: %s", err.msg);
		av_packet_free(&p);
	}
	if (seg_close(g, base + n * 3600, &d, &err) != 0)
		fail_msg("seg_close: %s", err.msg);
	return d;
}

/* Video samples of a file as libavformat reads them back. */
static int
read_back(const char *rel, int64_t *dur_us, uint8_t *first, size_t firstlen, char *comment,
    size_t clen)
{
	char *path = vg_path_join(s->cfg.storage_dir, rel);
	AVFormatContext *fc = NULL;
	AVPacket *p = av_packet_alloc();
	int64_t end = 0;
	int n = 0;

	assert_int_equal(avformat_open_input(&fc, path, NULL, NULL), 0);
	if (comment != NULL) {
		AVDictionaryEntry *e = av_dict_get(fc->metadata, "comment", NULL, 0);

		snprintf(comment, clen, "%s", e ? e->value : "");
	}
	while (av_read_frame(fc, p) >= 0) {
		if (n == 0 && first != NULL)
			memcpy(first, p->data, firstlen);
		end = p->dts + p->duration;
		n++;
		av_packet_unref(p);
	}
	/* the track's duration: the sum of the sample durations in the fragments */
	if (fc->streams[0]->duration > 0)
		end = fc->streams[0]->duration;
	*dur_us = av_rescale_q(end, fc->streams[0]->time_base, AV_TIME_BASE_Q);
	av_packet_free(&p);
	avformat_close_input(&fc);
	free(path);
	return n;
}

static void
test_names_follow_the_layout(void **state)
{
	char cam[64], *rel = storage_relpath("gate-1", 42, T0 + 3600 * RF_SEC);
	int64_t seq, day;

	(void)state;
	assert_string_equal(rel, "gate-1/2026-01-01/gate-1-00000042.mp4");
	assert_int_equal(storage_parse(rel, cam, sizeof cam, &seq, &day), 0);
	assert_string_equal(cam, "gate-1");
	assert_int_equal(seq, 42);
	assert_int_equal(day, T0);
	assert_int_equal(storage_parse("gate-1/2026-01-01/gate-2-00000042.mp4", cam, sizeof cam,
	    &seq, &day), -1);
	assert_int_equal(storage_parse("gate-1/2026-13-01/gate-1-00000042.mp4", cam, sizeof cam,
	    &seq, &day), -1);
	assert_int_equal(storage_parse("gate-1/2026-01-01/gate-1-42.mp4", cam, sizeof cam, &seq,
	    &day), -1);
	assert_int_equal(storage_parse("../etc/2026-01-01/..-00000001.mp4", cam, sizeof cam, &seq,
	    &day), -1);
	assert_int_equal(storage_parse("gate-1/2026-01-01/gate-1-00000000.mp4", cam, sizeof cam,
	    &seq, &day), -1);
	free(rel);
}

static void
test_segment_is_whole_hashed_and_timed(void **state)
{
	struct seg_done d = record(1, 123456, 50, 0);
	char *full = vg_path_join(s->cfg.storage_dir, d.path), hex[65], comment[200];
	struct vg_err err;
	struct mp4_scan sc;
	struct stat sb;
	int64_t bytes, dur;
	int fd;

	(void)state;
	assert_string_equal(d.path, "gate/2026-01-01/gate-00000001.mp4");
	assert_int_equal(stat(full, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	/* the hash was taken as the bytes went out, and matches a second read */
	assert_int_equal(chain_hash_file(full, hex, &bytes, &err), 0);
	assert_string_equal(hex, d.sha256);
	assert_int_equal(bytes, d.bytes);
	assert_int_equal(bytes, sb.st_size);
	/* 50 frames of 40 ms */
	assert_int_equal(d.end_us - d.start_us, 2 * RF_SEC);
	assert_int_equal(read_back(d.path, &dur, NULL, 0, comment, sizeof comment), 50);
	assert_int_equal(dur, 2 * RF_SEC);
	assert_contains(comment, "vigil camera=gate seq=1 start_us=");
	/* ftyp, moov, then a fragment per keyframe: five */
	fd = open(full, O_RDONLY);
	assert_int_equal(recovery_scan_mp4(fd, sb.st_size, &sc), 0);
	close(fd);
	assert_true(sc.header);
	assert_int_equal(sc.fragments, 5);
	assert_int_equal(sc.complete, sb.st_size);
	free(full);
}

static void
test_annex_b_becomes_lengths(void **state)
{
	struct seg_done d = record(1, 0, 10, 1);
	uint8_t first[8];
	int64_t dur;

	(void)state;
	assert_int_equal(read_back(d.path, &dur, first, sizeof first, NULL, 0), 10);
	/* 00 00 00 01 + 996 bytes became a 4-byte length 996 */
	assert_int_equal(first[0], 0);
	assert_int_equal(first[1], 0);
	assert_int_equal(first[2], 996 >> 8);
	assert_int_equal(first[3], 996 & 0xff);
}

static void
test_existing_file_is_never_overwritten(void **state)
{
	struct seg_stream st = { par, { 1, 90000 }, 0 };
	struct seg_open_args a = { s->cfg.storage_dir, "gate", 1, T0, &st, 1, 0, 0 };
	struct seg_done d = record(1, 0, 10, 0);
	struct vg_err err;
	char hex[65];
	char *full = vg_path_join(s->cfg.storage_dir, d.path);

	(void)state;
	assert_null(seg_open(&a, &err));
	assert_contains(err.msg, "cannot create segment");
	assert_int_equal(chain_hash_file(full, hex, NULL, &err), 0);
	assert_string_equal(hex, d.sha256);
	free(full);
}

/* What the recorder's writer does once a segment is closed. */
static void
index_done(const struct seg_done *d)
{
	struct chain_seg seg = { "gate", d->seq, d->start_us, d->end_us, d->path, d->bytes, "", 0 };
	struct vg_err err;
	char chain[65];

	snprintf(seg.sha256, sizeof seg.sha256, "%s", d->sha256);
	assert_int_equal(site_begin(s, &err), 0);
	assert_int_equal(chain_index(s->db, &seg, chain, &err), 0);
	assert_int_equal(site_commit(s, &err), 0);
}

static int64_t
count(const char *sql)
{
	return db_scalar(s->db, sql, NULL, -1);
}

static void
test_recovery_cuts_back_to_the_last_whole_fragment(void **state)
{
	struct seg_done d1 = record(1, 0, 50, 0), d2 = record(2, 0, 50, 0);
	char *full = vg_path_join(s->cfg.storage_dir, d2.path), hex[65];
	struct recovery_report rep;
	struct vg_err err;
	struct mp4_scan sc;
	struct stat sb;
	int64_t dur, cut;
	int fd;
	FILE *f;

	(void)state;
	clock_set_fixed(T0 + RF_DAY);
	/* seq 1 indexed before the crash; seq 2 was being written: the power
	 * went half-way through its fourth fragment. */
	index_done(&d1);
	fd = open(full, O_RDONLY);
	assert_int_equal(recovery_scan_mp4(fd, d2.bytes, &sc), 0);
	close(fd);
	cut = sc.complete - 3000;	/* inside the last fragment's mdat */
	assert_int_equal(truncate(full, cut), 0);
	f = fopen(full, "ab");	/* and a torn write of garbage after it */
	fputs("\0\0\0\x20moof-half-written", f);
	fclose(f);
	assert_int_equal(recovery_run(s, "recorder", &rep, &err), 0);
	assert_int_equal(rep.files, 1);
	assert_int_equal(rep.truncated, 1);
	assert_int_equal(rep.skipped, 0);
	/* Whole fragments kept: 4 of 5, so 40 frames. */
	assert_int_equal(stat(full, &sb), 0);
	assert_true(sb.st_size < cut);
	assert_int_equal(read_back(d2.path, &dur, NULL, 0, NULL, 0), 40);
	assert_int_equal(count("SELECT recovered FROM segments WHERE seq = 2"), 1);
	assert_int_equal(count("SELECT end_us - start_us FROM segments WHERE seq = 2"), dur);
	assert_int_equal(count("SELECT start_us FROM segments WHERE seq = 2"), d2.start_us);
	assert_int_equal(chain_hash_file(full, hex, NULL, &err), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM audit WHERE action = 'segment.recover'"), 1);
	{
		struct chain_verify_opts o = { NULL, 0, 0 };
		struct chain_verify_report vr;

		assert_int_equal(chain_verify(s, &o, stderr, &vr, &err), 0);
		assert_int_equal(vr.segments, 2);
	}
	/* Running again finds nothing more to do. */
	assert_int_equal(recovery_run(s, "recorder", &rep, &err), 0);
	assert_int_equal(rep.files, 0);
	assert_int_equal(db_integrity_check(s->db, &err), 0);
	clock_set_fixed(0);
	free(full);
}

static void
test_recovery_keeps_a_file_without_header(void **state)
{
	char *rel = storage_relpath("gate", 1, T0), *full;
	struct recovery_report rep;
	struct vg_err err;
	struct stat sb;

	(void)state;
	assert_int_equal(storage_mkdirs(s->cfg.storage_dir, rel, &err), 0);
	full = vg_path_join(s->cfg.storage_dir, rel);
	{
		FILE *f = fopen(full, "wb");	/* cut inside the header */

		assert_int_equal(fwrite("\0\0\0\x18" "ftypiso5", 1, 12, f), 12);
		fclose(f);
	}
	assert_int_equal(recovery_run(s, "recorder", &rep, &err), 0);
	assert_int_equal(rep.files, 1);
	assert_int_equal(rep.truncated, 0);
	assert_int_equal(stat(full, &sb), 0);
	assert_int_equal(sb.st_size, 12);	/* nothing deleted */
	assert_int_equal(count("SELECT end_us - start_us FROM segments WHERE seq = 1"), 0);
	free(full);
	free(rel);
}

static void
test_recovery_refuses_a_taken_sequence_number(void **state)
{
	struct seg_done d1 = record(1, 0, 20, 0);
	char *other = storage_relpath("gate", 1, T0 + 2 * RF_DAY), *full;
	struct recovery_report rep;
	struct vg_err err;

	(void)state;
	index_done(&d1);
	/* A stray copy of seq 1 in another day's directory: left for an operator. */
	assert_int_equal(storage_mkdirs(s->cfg.storage_dir, other, &err), 0);
	full = vg_path_join(s->cfg.storage_dir, other);
	tu_write(full, "copy");
	assert_int_equal(recovery_file(s, "recorder", other, &rep, &err), -1);
	assert_contains(err.msg, "sequence number 1 is already taken");
	assert_int_equal(access(full, F_OK), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM segments"), 1);
	free(full);
	free(other);
}

/* Removes segment 1 so that the next test file can take its name. */
static void
unlink_segment(void)
{
	char *rel = storage_relpath("gate", 1, T0), *full = vg_path_join(s->cfg.storage_dir, rel);

	assert_int_equal(unlink(full), 0);
	free(full);
	free(rel);
}

/*
 * An H.264 camera's 10 pictures (NAL units behind 4-byte lengths, as the
 * recorder's clients give them), then a last packet holding only last_nal:
 * how many pictures the closed file has.
 */
static int
h264_pictures_kept(uint8_t last_nal)
{
	/* avcC of a 320x240 baseline stream: its SPS and PPS */
	static const uint8_t avcc[] = {
		1, 0x42, 0xc0, 0x1e, 0xff, 0xe1, 0, 14,
		0x67, 0x42, 0xc0, 0x1e, 0x8c, 0x8d, 0x40, 0xa0, 0xfd, 0x00, 0xf0, 0x88, 0x46, 0xa0,
		1, 0, 4, 0x68, 0xce, 0x3c, 0x80
	};
	AVCodecParameters *hp = avcodec_parameters_alloc();
	struct seg_stream st = { hp, { 1, 90000 }, 0 };
	struct seg_open_args a = { s->cfg.storage_dir, "gate", 1, T0, &st, 1, 0, 0 };
	struct vg_err err;
	struct seg_done d;
	struct seg *g;
	int64_t dur;
	int n;

	hp->codec_type = AVMEDIA_TYPE_VIDEO;
	hp->codec_id = AV_CODEC_ID_H264;
	hp->width = 320;
	hp->height = 240;
	hp->extradata = av_mallocz(sizeof avcc + AV_INPUT_BUFFER_PADDING_SIZE);
	memcpy(hp->extradata, avcc, sizeof avcc);
	hp->extradata_size = sizeof avcc;
	if ((g = seg_open(&a, &err)) == NULL)
		fail_msg("seg_open: %s", err.msg);
	for (int i = 0; i <= 10; i++) {
		AVPacket *p = av_packet_alloc();
		int last = i == 10, len = last ? 2 : 500;

		assert_int_equal(av_new_packet(p, 4 + len), 0);
		memset(p->data, 0x55, (size_t)(4 + len));
		p->data[0] = p->data[1] = 0;
		p->data[2] = (uint8_t)(len >> 8);
		p->data[3] = (uint8_t)len;
		/* an IDR slice, then non-IDR slices, then last_nal */
		p->data[4] = last ? last_nal : i == 0 ? 0x65 : 0x41;
		if (!last) {	/* first_mb 0, slice type I or P, PPS 0 */
			p->data[5] = i == 0 ? 0x88 : 0x9a;
			p->data[6] = 0x84;
		}
		p->pts = p->dts = i * 3600;
		if (i == 0)
			p->flags |= AV_PKT_FLAG_KEY;
		if (seg_write(g, 0, p, &err) != 0)
			fail_msg("seg_write: %s", err.msg);
		av_packet_free(&p);
	}
	if (seg_close(g, AV_NOPTS_VALUE, &d, &err) != 0)
		fail_msg("seg_close: %s", err.msg);
	n = read_back(d.path, &dur, NULL, 0, NULL, 0);
	avcodec_parameters_free(&hp);
	return n;
}

/* A stream that ends in the middle of a picture (libavformat's client hands
 * one over in several packets) leaves no sample without a slice at the end
 * of its file: decoders take none for a picture. */
static void
test_a_last_packet_without_a_slice_is_not_a_picture(void **state)
{
	(void)state;
	assert_int_equal(h264_pictures_kept(0x09), 10);	/* access unit delimiter */
	unlink_segment();
	assert_int_equal(h264_pictures_kept(0x06), 10);	/* SEI */
	unlink_segment();
	assert_int_equal(h264_pictures_kept(0x41), 11);	/* a slice: a picture */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_follow_the_layout),
		cmocka_unit_test_setup_teardown(test_segment_is_whole_hashed_and_timed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_annex_b_becomes_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_file_is_never_overwritten, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recovery_cuts_back_to_the_last_whole_fragment,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery_keeps_a_file_without_header, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recovery_refuses_a_taken_sequence_number, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_a_last_packet_without_a_slice_is_not_a_picture,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
