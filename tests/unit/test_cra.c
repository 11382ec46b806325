/* test_cra.c — an open GOP's CRA keyframe decoded alone as an IDR gives the same picture. */
#include "tests/unit/testutil.h"

#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavutil/md5.h>

#include "core/util.h"
#include "recorder/cra.h"
#include "recorder/nalbits.h"

/*
 * The second keyframe of a 64x64 clip by x265 with open GOPs (keyint 10, 3
 * B-frames, 2 slices a picture, crf 40, no info SEI): VPS, SPS, PPS and the
 * CRA picture's two slices, Annex B, as the camera's packet carries them.
 */
static const char cra_hex[] =
    "0000014601500000000140010c01ffff01600000030090000003000003001e9594090000"
    "000142010101600000030090000003000003001ea020810596565924caf0168080000003"
    "008000000c84000000014401c172b422400000012a01ac285a22270488de6acaa763dbde"
    "5bfd4aaaf0c44f1612b9497ca2e94f63573ac5aa0f03b005b183c838c5da8f3825c07c11"
    "4cf0eda3a641fdffb8864a7b7d87629fd64fe32abc8787f0f66ead05bb0bb21e1dcc653c"
    "a53b5ba53d3753db5ac05d5946ef19cd8f8f2a856732e912169d47ccdccd672d88963e21"
    "ecf7cdc5fd9bdf6aec9ab2062b259ed5497bc1beae31ab35915fa1a3cc097a030358e8c7"
    "e6608f6ea07813afc8b5ed73184b2ab414a0578a4ae6f046b62567f5a22341e5368492bf"
    "195cb373fa73e00c8297664a59b8855939fec411225d8ec33d3607c8f2ae752ec9fa876e"
    "a92a384f843c88305e3d0a41f9b031d8952a555d953fff6377a51433aa794b3563dbd2a7"
    "24470556fbf15f9793a0ed83a493d94dae09134268befe56adec8e87d13d68ae18796bfc"
    "8d0a5a3966dc711859deec37555a48046ad802b67293d91170631b264aac23f678cabac7"
    "7a5ba678d514dc4bc96f0af1631da8fe306ef4ffda1c5bce9384d80f7860f57c603a4a51"
    "3b11dea7c255ac9a9f424c3b0372cd9d13c37060ed86e49963f57a8fd4e55257282d9d16"
    "9ff50002bb6373785d12b28349c8f2459ceebf98a855d99b17d2a59db62b7ac6d3788518"
    "556f33a4d8ae7eb09fd19160da53ccb939725f564453743fd3b3404bb5f83cf9162dd8d9"
    "e818ccc03efaf8b809aeb4bd38ea0c42e7c7a81e2a6da14f4f4dacc6ce20e9a61986cf80"
    "00";
/* MD5 of that picture's planes (64x64 Y, 32x32 U and V, row by row) decoded
 * in sequence with the pictures before it: what the rewritten keyframe
 * decoded alone must give. */
static const char cra_md5[] = "8aed9fe421709bd17671b8e558df593a";

static AVPacket *
fixture(void)
{
	AVPacket *p = av_packet_alloc();
	size_t n = strlen(cra_hex) / 2;

	assert_non_null(p);
	assert_int_equal(av_new_packet(p, (int)n), 0);
	assert_int_equal(vg_unhex(cra_hex, p->data, n), 0);
	return p;
}

/* NAL unit types in an Annex B packet, in order; how many. */
static int
types(const AVPacket *p, int *out, int max)
{
	int n = 0;

	for (int i = 0; i + 3 < p->size && n < max; i++)
		if (p->data[i] == 0 && p->data[i + 1] == 0 && p->data[i + 2] == 1) {
			out[n++] = (p->data[i + 3] >> 1) & 0x3f;
			i += 2;
		}
	return n;
}

/* Decodes p alone (full quality) and gives the picture's MD5 in hex. */
static void
decode_md5(const AVPacket *p, char out[33])
{
	const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_HEVC);
	AVCodecContext *cc = avcodec_alloc_context3(codec);
	AVFrame *f = av_frame_alloc();
	struct AVMD5 *m = av_md5_alloc();
	uint8_t d[16];

	assert_non_null(cc);
	cc->thread_count = 1;
	assert_int_equal(avcodec_open2(cc, codec, NULL), 0);
	assert_int_equal(avcodec_send_packet(cc, p), 0);
	avcodec_send_packet(cc, NULL);
	assert_int_equal(avcodec_receive_frame(cc, f), 0);
	assert_int_equal(f->width, 64);
	av_md5_init(m);
	for (int pl = 0; pl < 3; pl++)
		for (int y = 0; y < (pl ? 32 : 64); y++)
			av_md5_update(m, f->data[pl] + y * f->linesize[pl], pl ? 32 : 64);
	av_md5_final(m, d);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	av_free(m);
	av_frame_free(&f);
	avcodec_free_context(&cc);
}

static void
test_cra_slices_become_idr_slices_and_nothing_else_changes_type(void **state)
{
	AVPacket *in = fixture(), *out = av_packet_alloc();
	int ti[16], to[16], ni, no;

	(void)state;
	assert_int_equal(cra_as_idr(in, out), 1);
	ni = types(in, ti, 16);
	no = types(out, to, 16);
	assert_int_equal(ni, no);
	for (int i = 0; i < ni; i++)
		assert_int_equal(to[i], ti[i] == 21 ? 20 : ti[i]);
	assert_int_equal(out->pts, in->pts);
	av_packet_free(&in);
	av_packet_free(&out);
}

static void
test_the_rewritten_keyframe_decodes_alone_to_the_picture_in_sequence(void **state)
{
	AVPacket *in = fixture(), *out = av_packet_alloc();
	char md5[33];

	(void)state;
	assert_int_equal(cra_as_idr(in, out), 1);
	decode_md5(out, md5);
	assert_string_equal(md5, cra_md5);
	av_packet_free(&in);
	av_packet_free(&out);
}

static void
test_a_packet_without_cra_is_left_alone_and_garbage_refused(void **state)
{
	AVPacket *in = fixture(), *out = av_packet_alloc(), *idr = av_packet_alloc();
	int t[16];

	(void)state;
	/* the rewritten packet has no CRA any more */
	assert_int_equal(cra_as_idr(in, out), 1);
	assert_int_equal(cra_as_idr(out, idr), 0);
	assert_int_equal(types(out, t, 16), types(in, t, 16));
	/* a slice whose PPS is not in the packet cannot be read */
	for (int i = 0; i + 3 < in->size; i++)
		if (in->data[i] == 0 && in->data[i + 1] == 0 && in->data[i + 2] == 1 &&
		    ((in->data[i + 3] >> 1) & 0x3f) == 34)
			in->data[i + 3] = 38 << 1;	/* the PPS becomes filler data */
	assert_int_equal(cra_as_idr(in, idr), -1);
	av_packet_free(&in);
	av_packet_free(&out);
	av_packet_free(&idr);
}

static void
test_escaping_round_trips(void **state)
{
	static const uint8_t rbsp[] = { 0, 0, 0, 1, 0, 0, 2, 5, 0, 0, 3, 0, 0 };
	uint8_t esc[32], back[32];
	size_t n = nb_escape(rbsp, sizeof rbsp, esc, sizeof esc);

	(void)state;
	assert_true(n > sizeof rbsp);
	for (size_t i = 2; i < n; i++)
		if (esc[i - 2] == 0 && esc[i - 1] == 0)
			assert_true(esc[i] == 3);
	assert_int_equal(nb_unescape(esc, n, back, sizeof back), sizeof rbsp);
	assert_memory_equal(back, rbsp, sizeof rbsp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cra_slices_become_idr_slices_and_nothing_else_changes_type),
		cmocka_unit_test(test_the_rewritten_keyframe_decodes_alone_to_the_picture_in_sequence),
		cmocka_unit_test(test_a_packet_without_cra_is_left_alone_and_garbage_refused),
		cmocka_unit_test(test_escaping_round_trips),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
