/* sps.c — picture size and reorder depth from H.264 (7.3.2.1) and H.265 (7.3.2.2) SPS. */
#include "recorder/sps.h"

#include <string.h>

#include "recorder/bits.h"

/* The SPS fields the recorder needs lie within the first few hundred bytes. */
#define SPS_MAX_BYTES 1024

/*---- H.264 ----*/

static void
h264_scaling_list(struct bits *b, int size)
{
	int last = 8, next = 8;

	for (int j = 0; j < size && !b->bad; j++) {
		if (next != 0)
			next = (last + bits_se(b) + 256) % 256;
		last = next == 0 ? last : next;
	}
}

static void
h264_hrd(struct bits *b)
{
	unsigned cpb = bits_ue(b);

	bits_u(b, 8);	/* bit_rate_scale, cpb_size_scale */
	for (unsigned i = 0; i <= cpb && i < 32 && !b->bad; i++) {
		bits_ue(b);
		bits_ue(b);
		bits_u(b, 1);
	}
	bits_u(b, 20);	/* four 5-bit delays and lengths */
}

/* MaxDpbMbs by level_idc (Table A-1); 0 if unknown. */
static int
h264_max_dpb_mbs(int level, int set3)
{
	static const struct { int level, mbs; } t[] = {
		{ 9, 396 }, { 10, 396 }, { 11, 900 }, { 12, 2376 }, { 13, 2376 }, { 20, 2376 },
		{ 21, 4752 }, { 22, 8100 }, { 30, 8100 }, { 31, 18000 }, { 32, 20480 },
		{ 40, 32768 }, { 41, 32768 }, { 42, 34816 }, { 50, 110400 }, { 51, 184320 },
		{ 52, 184320 }, { 60, 696320 }, { 61, 696320 }, { 62, 696320 },
	};

	if (level == 11 && set3)
		return 396;	/* level 1b */
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].level == level)
			return t[i].mbs;
	return 0;
}

/* The VUI up to max_num_reorder_frames (E.1.1); -1 if it does not say. */
static int
h264_vui_reorder(struct bits *b)
{
	if (bits_u(b, 1) && bits_u(b, 8) == 255)	/* aspect_ratio_info: Extended_SAR */
		bits_u(b, 32);
	if (bits_u(b, 1))		/* overscan_info_present */
		bits_u(b, 1);
	if (bits_u(b, 1)) {		/* video_signal_type_present */
		bits_u(b, 4);
		if (bits_u(b, 1))
			bits_u(b, 24);
	}
	if (bits_u(b, 1)) {		/* chroma_loc_info_present */
		bits_ue(b);
		bits_ue(b);
	}
	if (bits_u(b, 1)) {		/* timing_info_present */
		bits_u(b, 32);
		bits_u(b, 32);
		bits_u(b, 1);
	}
	{
		int nal = (int)bits_u(b, 1), vcl;

		if (nal)
			h264_hrd(b);
		if ((vcl = (int)bits_u(b, 1)) != 0)
			h264_hrd(b);
		if (nal || vcl)
			bits_u(b, 1);	/* low_delay_hrd */
	}
	bits_u(b, 1);			/* pic_struct_present */
	if (!bits_u(b, 1) || b->bad)	/* bitstream_restriction */
		return -1;
	bits_u(b, 1);
	for (int i = 0; i < 4; i++)
		bits_ue(b);
	{
		unsigned reorder = bits_ue(b);

		return b->bad ? -1 : (int)(reorder > SPS_MAX_REORDER ? SPS_MAX_REORDER : reorder);
	}
}

static int
h264_high_profile(int profile)
{
	static const int p[] = { 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 };

	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		if (p[i] == profile)
			return 1;
	return 0;
}

/* An Exp-Golomb count plus base, kept below 1000 (beyond every limit the
 * standard sets): a broken stream's 2^31 does not overflow. */
static int
clamped(unsigned v, int base)
{
	return v > 999 ? 999 + base : (int)v + base;
}

static int
h264_sps(struct bits *b, struct sps_info *o)
{
	int profile, set3, level, poc_type, frame_mbs_only, reorder;
	unsigned wmbs, hmaps;

	bits_u(b, 8);			/* NAL header */
	profile = (int)bits_u(b, 8);
	set3 = (int)(bits_u(b, 8) >> 4) & 1;	/* constraint_set3_flag */
	level = (int)bits_u(b, 8);
	o->h264.id = clamped(bits_ue(b), 0);	/* seq_parameter_set_id */
	o->h264.chroma_array_type = 1;
	if (h264_high_profile(profile)) {
		unsigned chroma = bits_ue(b);

		o->h264.chroma_array_type = (int)chroma;
		if (chroma == 3 && (o->h264.separate_colour_plane = (int)bits_u(b, 1)) != 0)
			o->h264.chroma_array_type = 0;
		bits_ue(b);
		bits_ue(b);
		bits_u(b, 1);
		if (bits_u(b, 1))	/* seq_scaling_matrix_present */
			for (int i = 0; i < (chroma != 3 ? 8 : 12); i++)
				if (bits_u(b, 1))
					h264_scaling_list(b, i < 6 ? 16 : 64);
	}
	o->h264.log2_max_frame_num = clamped(bits_ue(b), 4);
	o->h264.poc_type = poc_type = (int)bits_ue(b);
	if (poc_type == 0)
		o->h264.log2_max_poc_lsb = clamped(bits_ue(b), 4);
	else if (poc_type == 1) {
		unsigned cycle;

		o->h264.delta_pic_order_always_zero = (int)bits_u(b, 1);
		bits_se(b);
		bits_se(b);
		cycle = bits_ue(b);
		for (unsigned i = 0; i < cycle && i < 256 && !b->bad; i++)
			bits_se(b);
	}
	o->h264.max_num_ref_frames = clamped(bits_ue(b), 0);
	bits_u(b, 1);
	wmbs = bits_ue(b) + 1;
	hmaps = bits_ue(b) + 1;
	o->h264.frame_mbs_only = frame_mbs_only = (int)bits_u(b, 1);
	if (!frame_mbs_only)
		bits_u(b, 1);
	bits_u(b, 1);			/* direct_8x8_inference */
	if (bits_u(b, 1))		/* frame_cropping */
		for (int i = 0; i < 4; i++)
			bits_ue(b);
	if (b->bad || wmbs > 1024 || hmaps > 1024)
		return -1;
	o->width = (int)wmbs * 16;
	o->height = (int)hmaps * 16 * (2 - frame_mbs_only);
	reorder = bits_u(b, 1) ? h264_vui_reorder(b) : -1;
	o->reorder_stated = reorder >= 0;
	if (reorder < 0) {
		/* Not stated: output order is decoding order for POC type 2 and
		 * intra-only profiles; otherwise the decoded picture buffer's
		 * size bounds it (A.3.1 h, MaxDpbFrames). */
		int mbs = h264_max_dpb_mbs(level, set3), frame = (int)(wmbs * hmaps) *
		    (2 - frame_mbs_only);

		if (poc_type == 2 || (set3 && (profile == 44 || profile >= 100)))
			reorder = 0;
		else if (mbs > 0 && frame > 0)
			reorder = mbs / frame;
		else
			reorder = SPS_MAX_REORDER;
	}
	o->reorder = reorder > SPS_MAX_REORDER ? SPS_MAX_REORDER : reorder;
	return 0;
}

/*---- H.265 ----*/

/* profile_tier_level (7.3.3) with profilePresentFlag = 1. */
static void
h265_ptl(struct bits *b, int sublayers)
{
	int prof[8] = { 0 }, lev[8] = { 0 };

	bits_u(b, 32);
	bits_u(b, 32);
	bits_u(b, 32);			/* general profile, flags, level: 96 bits */
	for (int i = 0; i < sublayers; i++) {
		prof[i] = (int)bits_u(b, 1);
		lev[i] = (int)bits_u(b, 1);
	}
	if (sublayers > 0)
		for (int i = sublayers; i < 8; i++)
			bits_u(b, 2);
	for (int i = 0; i < sublayers; i++) {
		if (prof[i]) {
			bits_u(b, 32);
			bits_u(b, 32);
			bits_u(b, 24);	/* 88 bits */
		}
		if (lev[i])
			bits_u(b, 8);
	}
}

static int
h265_sps(struct bits *b, struct sps_info *o)
{
	int sublayers, all;
	unsigned w, h, reorder = 0;

	bits_u(b, 16);			/* NAL header */
	bits_u(b, 4);			/* sps_video_parameter_set_id */
	sublayers = (int)bits_u(b, 3);	/* sps_max_sub_layers_minus1 */
	bits_u(b, 1);
	h265_ptl(b, sublayers);
	bits_ue(b);			/* sps_seq_parameter_set_id */
	if (bits_ue(b) == 3)		/* chroma_format_idc */
		bits_u(b, 1);
	w = bits_ue(b);
	h = bits_ue(b);
	if (bits_u(b, 1))		/* conformance_window */
		for (int i = 0; i < 4; i++)
			bits_ue(b);
	bits_ue(b);
	bits_ue(b);			/* bit depths */
	bits_ue(b);			/* log2_max_pic_order_cnt_lsb_minus4 */
	all = (int)bits_u(b, 1);	/* sps_sub_layer_ordering_info_present */
	for (int i = all ? 0 : sublayers; i <= sublayers; i++) {
		bits_ue(b);		/* sps_max_dec_pic_buffering_minus1 */
		reorder = bits_ue(b);	/* the highest sub-layer's counts */
		bits_ue(b);
	}
	if (b->bad || w == 0 || h == 0 || w > 16888 || h > 16888)
		return -1;
	o->width = (int)w;
	o->height = (int)h;
	o->reorder = reorder > SPS_MAX_REORDER ? SPS_MAX_REORDER : (int)reorder;
	o->reorder_stated = 1;
	return 0;
}

int
sps_parse(enum AVCodecID id, const uint8_t *nal, size_t n, struct sps_info *o)
{
	uint8_t rbsp[SPS_MAX_BYTES];
	struct bits b;

	memset(o, 0, sizeof *o);
	if (n < 4)
		return -1;
	if (id == AV_CODEC_ID_H264 ? (nal[0] & 0x1f) != 7 :
	    id != AV_CODEC_ID_HEVC || ((nal[0] >> 1) & 0x3f) != 33)
		return -1;
	b.p = rbsp;
	b.n = bits_unescape(nal, n, rbsp, sizeof rbsp);
	b.pos = 0;
	b.bad = 0;
	return id == AV_CODEC_ID_H264 ? h264_sps(&b, o) : h265_sps(&b, o);
}

/* The first NAL unit of Annex B data that parses as an SPS. */
static int
each_annexb(const uint8_t *p, size_t n, enum AVCodecID id, struct sps_info *o)
{
	size_t i = 0;

	while (i + 3 <= n) {
		size_t start, end;

		if (!(p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1)) {
			i++;
			continue;
		}
		start = i + 3;
		for (end = start; end + 3 <= n; end++)
			if (p[end] == 0 && p[end + 1] == 0 && (p[end + 2] == 1 || p[end + 2] == 0))
				break;
		if (end + 3 > n)
			end = n;
		if (sps_parse(id, p + start, end - start, o) == 0)
			return 0;
		i = end;
	}
	return -1;
}

int
sps_from_extradata(const AVCodecParameters *par, struct sps_info *o)
{
	const uint8_t *p = par->extradata;
	size_t n = par->extradata_size > 0 ? (size_t)par->extradata_size : 0;

	memset(o, 0, sizeof *o);
	if (n == 0 || p == NULL)
		return -1;
	if (par->codec_id == AV_CODEC_ID_H264 && p[0] == 1) {
		/* avcC: 5 bytes, then the count of SPS and each behind 2 bytes of length */
		size_t pos = 6;

		for (int i = 0; n >= 6 && i < (p[5] & 0x1f) && pos + 2 <= n; i++) {
			size_t len = (size_t)p[pos] << 8 | p[pos + 1];

			if (pos + 2 + len > n)
				break;
			if (sps_parse(par->codec_id, p + pos + 2, len, o) == 0)
				return 0;
			pos += 2 + len;
		}
		return -1;
	}
	return each_annexb(p, n, par->codec_id, o);
}
