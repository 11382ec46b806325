/* sps.c — picture size and reorder depth from H.264 (7.3.2.1) and H.265 (7.3.2.2) SPS. */
#include "recorder/sps.h"

#include <string.h>

/* The SPS fields the recorder needs lie within the first few hundred bytes. */
#define SPS_MAX_BYTES 1024

/* A bit reader over an RBSP; reading past the end sets bad and yields 0. */
struct bits {
	const uint8_t	*p;
	size_t		 n, pos;	/* pos in bits */
	int		 bad;
};

static unsigned
u(struct bits *b, int n)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++, b->pos++) {
		if (b->pos >= b->n * 8) {
			b->bad = 1;
			return 0;
		}
		v = v << 1 | ((b->p[b->pos / 8] >> (7 - b->pos % 8)) & 1);
	}
	return v;
}

/* Exp-Golomb (9.1): values beyond 2^31 only come from a broken stream. */
static unsigned
ue(struct bits *b)
{
	int zeros = 0;

	while (!b->bad && u(b, 1) == 0)
		if (++zeros > 31) {
			b->bad = 1;
			return 0;
		}
	return ((1u << zeros) - 1) + u(b, zeros);
}

static int
se(struct bits *b)
{
	unsigned v = ue(b);

	return v & 1 ? (int)((v + 1) / 2) : -(int)(v / 2);
}

/* The NAL unit's payload without emulation prevention bytes (00 00 03). */
static size_t
unescape(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	int zeros = 0;

	for (size_t i = 0; i < n && o < cap; i++) {
		if (zeros >= 2 && in[i] == 3) {
			zeros = 0;
			continue;
		}
		zeros = in[i] == 0 ? zeros + 1 : 0;
		out[o++] = in[i];
	}
	return o;
}

/*---- H.264 ----*/

static void
h264_scaling_list(struct bits *b, int size)
{
	int last = 8, next = 8;

	for (int j = 0; j < size && !b->bad; j++) {
		if (next != 0)
			next = (last + se(b) + 256) % 256;
		last = next == 0 ? last : next;
	}
}

static void
h264_hrd(struct bits *b)
{
	unsigned cpb = ue(b);

	u(b, 8);	/* bit_rate_scale, cpb_size_scale */
	for (unsigned i = 0; i <= cpb && i < 32 && !b->bad; i++) {
		ue(b);
		ue(b);
		u(b, 1);
	}
	u(b, 20);	/* four 5-bit delays and lengths */
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
	if (u(b, 1) && u(b, 8) == 255)	/* aspect_ratio_info: Extended_SAR */
		u(b, 32);
	if (u(b, 1))			/* overscan_info_present */
		u(b, 1);
	if (u(b, 1)) {			/* video_signal_type_present */
		u(b, 4);
		if (u(b, 1))
			u(b, 24);
	}
	if (u(b, 1)) {			/* chroma_loc_info_present */
		ue(b);
		ue(b);
	}
	if (u(b, 1)) {			/* timing_info_present */
		u(b, 32);
		u(b, 32);
		u(b, 1);
	}
	{
		int nal = (int)u(b, 1), vcl;

		if (nal)
			h264_hrd(b);
		if ((vcl = (int)u(b, 1)) != 0)
			h264_hrd(b);
		if (nal || vcl)
			u(b, 1);	/* low_delay_hrd */
	}
	u(b, 1);			/* pic_struct_present */
	if (!u(b, 1) || b->bad)		/* bitstream_restriction */
		return -1;
	u(b, 1);
	for (int i = 0; i < 4; i++)
		ue(b);
	{
		unsigned reorder = ue(b);

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

static int
h264_sps(struct bits *b, struct sps_info *o)
{
	int profile, set3, level, poc_type, frame_mbs_only, reorder;
	unsigned wmbs, hmaps;

	u(b, 8);			/* NAL header */
	profile = (int)u(b, 8);
	set3 = (int)(u(b, 8) >> 4) & 1;	/* constraint_set3_flag */
	level = (int)u(b, 8);
	ue(b);				/* seq_parameter_set_id */
	if (h264_high_profile(profile)) {
		unsigned chroma = ue(b);

		if (chroma == 3)
			u(b, 1);
		ue(b);
		ue(b);
		u(b, 1);
		if (u(b, 1))		/* seq_scaling_matrix_present */
			for (int i = 0; i < (chroma != 3 ? 8 : 12); i++)
				if (u(b, 1))
					h264_scaling_list(b, i < 6 ? 16 : 64);
	}
	ue(b);				/* log2_max_frame_num_minus4 */
	poc_type = (int)ue(b);
	if (poc_type == 0)
		ue(b);
	else if (poc_type == 1) {
		unsigned cycle;

		u(b, 1);
		se(b);
		se(b);
		cycle = ue(b);
		for (unsigned i = 0; i < cycle && i < 256 && !b->bad; i++)
			se(b);
	}
	ue(b);				/* max_num_ref_frames */
	u(b, 1);
	wmbs = ue(b) + 1;
	hmaps = ue(b) + 1;
	frame_mbs_only = (int)u(b, 1);
	if (!frame_mbs_only)
		u(b, 1);
	u(b, 1);			/* direct_8x8_inference */
	if (u(b, 1))			/* frame_cropping */
		for (int i = 0; i < 4; i++)
			ue(b);
	if (b->bad || wmbs > 1024 || hmaps > 1024)
		return -1;
	o->width = (int)wmbs * 16;
	o->height = (int)hmaps * 16 * (2 - frame_mbs_only);
	reorder = u(b, 1) ? h264_vui_reorder(b) : -1;
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

	u(b, 32);
	u(b, 32);
	u(b, 32);			/* general profile, flags, level: 96 bits */
	for (int i = 0; i < sublayers; i++) {
		prof[i] = (int)u(b, 1);
		lev[i] = (int)u(b, 1);
	}
	if (sublayers > 0)
		for (int i = sublayers; i < 8; i++)
			u(b, 2);
	for (int i = 0; i < sublayers; i++) {
		if (prof[i]) {
			u(b, 32);
			u(b, 32);
			u(b, 24);	/* 88 bits */
		}
		if (lev[i])
			u(b, 8);
	}
}

static int
h265_sps(struct bits *b, struct sps_info *o)
{
	int sublayers, all;
	unsigned w, h, reorder = 0;

	u(b, 16);			/* NAL header */
	u(b, 4);			/* sps_video_parameter_set_id */
	sublayers = (int)u(b, 3);	/* sps_max_sub_layers_minus1 */
	u(b, 1);
	h265_ptl(b, sublayers);
	ue(b);				/* sps_seq_parameter_set_id */
	if (ue(b) == 3)			/* chroma_format_idc */
		u(b, 1);
	w = ue(b);
	h = ue(b);
	if (u(b, 1))			/* conformance_window */
		for (int i = 0; i < 4; i++)
			ue(b);
	ue(b);
	ue(b);				/* bit depths */
	ue(b);				/* log2_max_pic_order_cnt_lsb_minus4 */
	all = (int)u(b, 1);		/* sps_sub_layer_ordering_info_present */
	for (int i = all ? 0 : sublayers; i <= sublayers; i++) {
		ue(b);			/* sps_max_dec_pic_buffering_minus1 */
		reorder = ue(b);	/* the highest sub-layer's counts */
		ue(b);
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
	b.n = unescape(nal, n, rbsp, sizeof rbsp);
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
