/* test_rtp.c — RTP depacketizing rebuilds whole pictures and drops damaged ones. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "recorder/rtp.h"

struct unit {
	uint8_t	 data[4096];
	size_t	 len;
	int64_t	 ts;
	int	 key;
};

static struct unit units[16];
static int nunits;

static int
collect(void *arg, uint8_t *data, size_t len, size_t cap, int64_t ts, int key, int can_keep)
{
	(void)arg;
	assert_true(!can_keep || cap >= len + RTP_PADDING);
	assert_true(nunits < 16 && len <= sizeof units[0].data);
	if (can_keep)	/* pictures come padded with zeros */
		for (int i = 0; i < RTP_PADDING; i++)
			assert_int_equal(data[len + i], 0);
	memcpy(units[nunits].data, data, len);
	units[nunits].len = len;
	units[nunits].ts = ts;
	units[nunits].key = key;
	nunits++;
	return 0;
}

/* An RTP packet: version 2, payload type 96, the given seq, timestamp, marker. */
static size_t
rtp(uint8_t *out, uint16_t seq, uint32_t ts, int marker, const uint8_t *pl, size_t n)
{
	out[0] = 0x80;
	out[1] = (uint8_t)(96 | (marker ? 0x80 : 0));
	out[2] = (uint8_t)(seq >> 8);
	out[3] = (uint8_t)seq;
	out[4] = (uint8_t)(ts >> 24);
	out[5] = (uint8_t)(ts >> 16);
	out[6] = (uint8_t)(ts >> 8);
	out[7] = (uint8_t)ts;
	memset(out + 8, 0x11, 4);	/* SSRC */
	memcpy(out + 12, pl, n);
	return 12 + n;
}

static int
feed(struct rtp_depay *d, uint16_t seq, uint32_t ts, int marker, const uint8_t *pl, size_t n)
{
	uint8_t pkt[2048];

	return rtp_depay_packet(d, pkt, rtp(pkt, seq, ts, marker, pl, n), collect, NULL);
}

static int
reset(void **state)
{
	(void)state;
	nunits = 0;
	memset(units, 0, sizeof units);
	return 0;
}

/* Expected picture: each NAL unit behind its 4-byte length. */
static size_t
lengths(uint8_t *out, const uint8_t *const *nals, const size_t *sizes, int n)
{
	size_t o = 0;

	for (int i = 0; i < n; i++) {
		out[o++] = 0;
		out[o++] = 0;
		out[o++] = (uint8_t)(sizes[i] >> 8);
		out[o++] = (uint8_t)sizes[i];
		memcpy(out + o, nals[i], sizes[i]);
		o += sizes[i];
	}
	return o;
}

/* Unit i is these NAL units, a keyframe or not, at ts (-1: any time). */
static void
expect_unit(int i, const uint8_t *const *nals, const size_t *sizes, int n, int key, int64_t ts)
{
	uint8_t want[1024];
	size_t len = lengths(want, nals, sizes, n);

	assert_true(i < nunits);
	assert_int_equal(units[i].len, len);
	assert_memory_equal(units[i].data, want, len);
	assert_int_equal(units[i].key, key);
	if (ts >= 0)
		assert_int_equal(units[i].ts, ts);
}

/* Exactly one keyframe came out, and it is this one NAL unit. */
static void
expect_one_keyframe(const uint8_t *nal, size_t size)
{
	const uint8_t *nals[] = { nal };
	size_t sizes[] = { size };

	assert_int_equal(nunits, 1);
	expect_unit(0, nals, sizes, 1, 1, -1);
}

static void
test_h264_single_and_stap_a(void **state)
{
	static const uint8_t sps[] = { 0x67, 0x42, 0xc0, 0x1e, 0xd9 };
	static const uint8_t pps[] = { 0x68, 0xcb, 0x8c };
	static const uint8_t idr[] = { 0x65, 0x88, 0x84, 0x00, 0x33 };
	static const uint8_t p1[] = { 0x41, 0x9a, 0x02 };
	uint8_t stap[64], want[128];
	const uint8_t *nals[] = { sps, pps, idr };
	size_t sizes[] = { sizeof sps, sizeof pps, sizeof idr }, n = 0;
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	/* STAP-A carrying SPS and PPS, then the IDR alone, same timestamp. */
	stap[n++] = 24;
	for (int i = 0; i < 2; i++) {
		stap[n++] = 0;
		stap[n++] = (uint8_t)sizes[i];
		memcpy(stap + n, nals[i], sizes[i]);
		n += sizes[i];
	}
	assert_int_equal(feed(&d, 1000, 90000, 0, stap, n), 0);
	assert_int_equal(feed(&d, 1001, 90000, 1, idr, sizeof idr), 0);
	assert_int_equal(feed(&d, 1002, 93600, 1, p1, sizeof p1), 0);
	assert_int_equal(nunits, 2);
	expect_unit(0, nals, sizes, 3, 1, 0);
	assert_int_equal(units[1].key, 0);
	assert_int_equal(units[1].ts, 3600);
	/* The in-band parameter sets make an avcC. */
	n = rtp_depay_extradata(&d, want, sizeof want);
	assert_true(n > 11);
	assert_int_equal(want[0], 1);
	assert_int_equal(want[1], sps[1]);
	assert_int_equal(want[5], 0xe1);
	rtp_depay_free(&d);
}

/* NAL units with no picture under a timestamp of their own (a camera that
 * sends its parameter sets apart, with the marker set, or a delimiter whose
 * clock restarted before the picture's packets) go with the picture that
 * follows, at its time: never a sample with no picture in it. */
static void
test_no_picture_alone(void **state)
{
	static const uint8_t aud[] = { 0x09, 0xf0 };
	static const uint8_t sps[] = { 0x67, 0x42, 0xc0, 0x1e, 0xd9 };
	static const uint8_t idr[] = { 0x65, 0x88, 0x84, 0x00, 0x33 };
	static const uint8_t p1[] = { 0x41, 0x9a, 0x02 };
	const uint8_t *nals[] = { aud, sps, idr };
	size_t sizes[] = { sizeof aud, sizeof sps, sizeof idr };
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	assert_int_equal(feed(&d, 7, 90000, 0, aud, sizeof aud), 0);
	assert_int_equal(feed(&d, 8, 91000, 1, sps, sizeof sps), 0);
	assert_int_equal(nunits, 0);
	assert_int_equal(feed(&d, 9, 93600, 1, idr, sizeof idr), 0);
	assert_int_equal(nunits, 1);
	expect_unit(0, nals, sizes, 3, 1, 3600);
	/* a picture's own delimiter, same timestamp: as always */
	assert_int_equal(feed(&d, 10, 97200, 0, aud, sizeof aud), 0);
	assert_int_equal(feed(&d, 11, 97200, 1, p1, sizeof p1), 0);
	assert_int_equal(nunits, 2);
	assert_int_equal(units[1].ts, 7200);
	assert_int_equal(units[1].len, 4 + sizeof aud + 4 + sizeof p1);
	rtp_depay_free(&d);
}

static void
test_h264_fu_a_is_reassembled(void **state)
{
	uint8_t nal[600], fu[300];
	struct rtp_depay d;

	(void)state;
	nal[0] = 0x65;	/* IDR, nal_ref_idc 3 */
	for (size_t i = 1; i < sizeof nal; i++)
		nal[i] = (uint8_t)(i * 13);
	rtp_depay_init(&d, RTP_H264);
	/* three fragments: start, middle, end */
	for (int k = 0; k < 3; k++) {
		size_t from = 1 + (size_t)k * 200, len = k == 2 ? sizeof nal - from : 200;

		fu[0] = (uint8_t)((nal[0] & 0xe0) | 28);
		fu[1] = (uint8_t)((k == 0 ? 0x80 : 0) | (k == 2 ? 0x40 : 0) | (nal[0] & 0x1f));
		memcpy(fu + 2, nal + from, len);
		assert_int_equal(feed(&d, (uint16_t)(7 + k), 5000, k == 2, fu, 2 + len), 0);
	}
	expect_one_keyframe(nal, sizeof nal);
	rtp_depay_free(&d);
}

static void
test_lost_fragment_drops_the_picture(void **state)
{
	static const uint8_t p1[] = { 0x41, 0x9a, 0x02 };
	uint8_t fu[64];
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	fu[0] = 0x7c;	/* FU-A, nri 3 */
	fu[1] = 0x85;	/* start, IDR */
	memset(fu + 2, 0xaa, 20);
	assert_int_equal(feed(&d, 1, 100, 0, fu, 22), 0);
	fu[1] = 0x45;	/* end; the middle (seq 2) never came */
	assert_int_equal(feed(&d, 3, 100, 1, fu, 22), 0);
	assert_int_equal(nunits, 0);
	assert_int_equal(d.lost, 1);
	/* The next picture arrives whole and is kept. */
	assert_int_equal(feed(&d, 4, 3700, 1, p1, sizeof p1), 0);
	assert_int_equal(nunits, 1);
	assert_int_equal(units[0].ts, 3600);
	rtp_depay_free(&d);
}

static void
test_duplicates_and_late_packets_are_ignored(void **state)
{
	static const uint8_t p1[] = { 0x41, 0x9a, 0x02 };
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	assert_int_equal(feed(&d, 10, 100, 1, p1, sizeof p1), 0);
	assert_int_equal(feed(&d, 10, 100, 1, p1, sizeof p1), 0);
	assert_int_equal(feed(&d, 9, 50, 1, p1, sizeof p1), 0);
	assert_int_equal(nunits, 1);
	assert_int_equal(d.lost, 0);
	rtp_depay_free(&d);
}

static void
test_timestamps_survive_the_32_bit_wrap(void **state)
{
	static const uint8_t p1[] = { 0x41, 0x9a, 0x02 };
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	assert_int_equal(feed(&d, 65535, 0xfffff000u, 1, p1, sizeof p1), 0);
	assert_int_equal(feed(&d, 0, 0x00000200u, 1, p1, sizeof p1), 0);	/* seq wraps too */
	assert_int_equal(nunits, 2);
	assert_int_equal(units[1].ts - units[0].ts, 0x1200);
	assert_int_equal(d.lost, 0);
	rtp_depay_free(&d);
}

static void
test_h265_fragments_and_irap(void **state)
{
	uint8_t nal[400], fu[300];
	struct rtp_depay d;

	(void)state;
	nal[0] = 19 << 1;	/* IDR_W_RADL */
	nal[1] = 1;
	for (size_t i = 2; i < sizeof nal; i++)
		nal[i] = (uint8_t)i;
	rtp_depay_init(&d, RTP_H265);
	for (int k = 0; k < 2; k++) {
		size_t from = 2 + (size_t)k * 200, len = k == 1 ? sizeof nal - from : 200;

		fu[0] = 49 << 1;
		fu[1] = 1;
		fu[2] = (uint8_t)((k == 0 ? 0x80 : 0x40) | 19);
		memcpy(fu + 3, nal + from, len);
		assert_int_equal(feed(&d, (uint16_t)(100 + k), 9000, k == 1, fu, 3 + len), 0);
	}
	expect_one_keyframe(nal, sizeof nal);
	rtp_depay_free(&d);
}

static void
test_aac_au_headers_split_frames(void **state)
{
	uint8_t pl[64];
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_AAC);	/* sizelength 13, indexlength 3 */
	/* AU-headers-length 32 bits: two headers, sizes 5 and 7 */
	pl[0] = 0;
	pl[1] = 32;
	pl[2] = (uint8_t)(5 >> 5);
	pl[3] = (uint8_t)((5 & 0x1f) << 3);
	pl[4] = (uint8_t)(7 >> 5);
	pl[5] = (uint8_t)((7 & 0x1f) << 3);
	memset(pl + 6, 0xa1, 5);
	memset(pl + 11, 0xb2, 7);
	assert_int_equal(feed(&d, 1, 48000, 1, pl, 18), 0);
	assert_int_equal(nunits, 2);
	assert_int_equal(units[0].len, 5);
	assert_int_equal(units[0].data[0], 0xa1);
	assert_int_equal(units[1].len, 7);
	assert_int_equal(units[1].data[0], 0xb2);
	assert_int_equal(units[1].ts - units[0].ts, 1024);
	/* A header that claims more than the packet holds gives nothing for it. */
	pl[3] = (uint8_t)((31 & 0x1f) << 3);
	pl[2] = 0x10;
	assert_int_equal(feed(&d, 2, 49024, 1, pl, 18), 0);
	assert_int_equal(nunits, 2);
	rtp_depay_free(&d);
}

static void
test_not_rtp_is_refused(void **state)
{
	uint8_t junk[20] = { 0x40, 0x60 };	/* version 1 */
	struct rtp_depay d;

	(void)state;
	rtp_depay_init(&d, RTP_H264);
	assert_int_equal(rtp_depay_packet(&d, junk, sizeof junk, collect, NULL), -1);
	assert_int_equal(rtp_depay_packet(&d, junk, 5, collect, NULL), -1);
	junk[0] = 0x90;	/* version 2 with an extension longer than the packet */
	junk[14] = 0xff;
	junk[15] = 0xff;
	assert_int_equal(rtp_depay_packet(&d, junk, sizeof junk, collect, NULL), -1);
	junk[0] = 0xa0;	/* padding longer than the payload */
	junk[19] = 200;
	assert_int_equal(rtp_depay_packet(&d, junk, sizeof junk, collect, NULL), -1);
	assert_int_equal(nunits, 0);
	rtp_depay_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_h264_single_and_stap_a, reset),
		cmocka_unit_test_setup(test_no_picture_alone, reset),
		cmocka_unit_test_setup(test_h264_fu_a_is_reassembled, reset),
		cmocka_unit_test_setup(test_lost_fragment_drops_the_picture, reset),
		cmocka_unit_test_setup(test_duplicates_and_late_packets_are_ignored, reset),
		cmocka_unit_test_setup(test_timestamps_survive_the_32_bit_wrap, reset),
		cmocka_unit_test_setup(test_h265_fragments_and_irap, reset),
		cmocka_unit_test_setup(test_aac_au_headers_split_frames, reset),
		cmocka_unit_test_setup(test_not_rtp_is_refused, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
