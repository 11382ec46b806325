/* sps.c — picture size and reorder depth from H.264 (7.3.2.1) and H.265 (7.3.2.2) SPS. */
#include "recorder/sps.h"

#include <string.h>

#include "recorder/nalbits.h"

/* The SPS fields the recorder needs lie within the first few hundred bytes. */
#define SPS_MAX_BYTES 1024

/*---- H.264 ----*/

static void
h264_scaling_list(struct nb_reader *b, int size)
{
	int last = 8, next = 8;

	for (int j = 0; j < size && !b->bad; j++) {
		if (next != 0) {
			int delta = nb_se(b);	/* delta_scale: -128..127 (7.4.2.1.1.1) */

			if (delta < -128 || delta > 127) {
				b->bad = 1;
				return;
			}
			next = (last + delta + 256) % 256;
		}
		last = next == 0 ? last : next;
	}
}

static void
h264_hrd(struct nb_reader *b)
{
	unsigned cpb = nb_ue(b);

	nb_u(b, 8);	/* bit_rate_scale, cpb_size_scale */
	for (unsigned i = 0; i <= cpb && i < 32 && !b->bad; i++) {
		nb_ue(b);
		nb_ue(b);
		nb_u(b, 1);
	}
	nb_u(b, 20);	/* four 5-bit delays and lengths */
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
h264_vui_reorder(struct nb_reader *b)
{
	if (nb_u(b, 1) && nb_u(b, 8) == 255)	/* aspect_ratio_info: Extended_SAR */
		nb_u(b, 32);
	if (nb_u(b, 1))			/* overscan_info_present */
		nb_u(b, 1);
	if (nb_u(b, 1)) {			/* video_signal_type_present */
		nb_u(b, 4);
		if (nb_u(b, 1))
			nb_u(b, 24);
	}
	if (nb_u(b, 1)) {			/* chroma_loc_info_present */
		nb_ue(b);
		nb_ue(b);
	}
	if (nb_u(b, 1)) {			/* timing_info_present */
		nb_u(b, 32);
		nb_u(b, 32);
		nb_u(b, 1);
	}
	{
		int nal = (int)nb_u(b, 1), vcl;

		if (nal)
			h264_hrd(b);
		if ((vcl = (int)nb_u(b, 1)) != 0)
			h264_hrd(b);
		if (nal || vcl)
			nb_u(b, 1);	/* low_delay_hrd */
	}
	nb_u(b, 1);			/* pic_struct_present */
	if (!nb_u(b, 1) || b->bad)		/* bitstream_restriction */
		return -1;
	nb_u(b, 1);
	for (int i = 0; i < 4; i++)
		nb_ue(b);
	{
		unsigned reorder = nb_ue(b);

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
h264_sps(struct nb_reader *b, struct sps_info *o)
{
	int profile, set3, level, poc_type, frame_mbs_only, reorder;
	unsigned wmbs, hmaps;

	nb_u(b, 8);			/* NAL header */
	profile = (int)nb_u(b, 8);
	set3 = (int)(nb_u(b, 8) >> 4) & 1;	/* constraint_set3_flag */
	level = (int)nb_u(b, 8);
	o->h264.id = clamped(nb_ue(b), 0);	/* seq_parameter_set_id */
	o->h264.chroma_array_type = 1;
	if (h264_high_profile(profile)) {
		unsigned chroma = nb_ue(b);

		o->h264.chroma_array_type = (int)chroma;
		if (chroma == 3 && (o->h264.separate_colour_plane = (int)nb_u(b, 1)) != 0)
			o->h264.chroma_array_type = 0;
		nb_ue(b);
		nb_ue(b);
		nb_u(b, 1);
		if (nb_u(b, 1))		/* seq_scaling_matrix_present */
			for (int i = 0; i < (chroma != 3 ? 8 : 12); i++)
				if (nb_u(b, 1))
					h264_scaling_list(b, i < 6 ? 16 : 64);
	}
	o->h264.log2_max_frame_num = clamped(nb_ue(b), 4);
	o->h264.poc_type = poc_type = (int)nb_ue(b);
	if (poc_type == 0)
		o->h264.log2_max_poc_lsb = clamped(nb_ue(b), 4);
	else if (poc_type == 1) {
		unsigned cycle;

		o->h264.delta_pic_order_always_zero = (int)nb_u(b, 1);
		nb_se(b);
		nb_se(b);
		cycle = nb_ue(b);
		for (unsigned i = 0; i < cycle && i < 256 && !b->bad; i++)
			nb_se(b);
	}
	o->h264.max_num_ref_frames = clamped(nb_ue(b), 0);
	nb_u(b, 1);
	wmbs = nb_ue(b) + 1;
	hmaps = nb_ue(b) + 1;
	o->h264.frame_mbs_only = frame_mbs_only = (int)nb_u(b, 1);
	if (!frame_mbs_only)
		nb_u(b, 1);
	nb_u(b, 1);			/* direct_8x8_inference */
	if (nb_u(b, 1))			/* frame_cropping */
		for (int i = 0; i < 4; i++)
			nb_ue(b);
	if (b->bad || wmbs > 1024 || hmaps > 1024)
		return -1;
	o->width = (int)wmbs * 16;
	o->height = (int)hmaps * 16 * (2 - frame_mbs_only);
	reorder = nb_u(b, 1) ? h264_vui_reorder(b) : -1;
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
h265_ptl(struct nb_reader *b, int sublayers)
{
	int prof[8] = { 0 }, lev[8] = { 0 };

	nb_u(b, 32);
	nb_u(b, 32);
	nb_u(b, 32);			/* general profile, flags, level: 96 bits */
	for (int i = 0; i < sublayers; i++) {
		prof[i] = (int)nb_u(b, 1);
		lev[i] = (int)nb_u(b, 1);
	}
	if (sublayers > 0)
		for (int i = sublayers; i < 8; i++)
			nb_u(b, 2);
	for (int i = 0; i < sublayers; i++) {
		if (prof[i]) {
			nb_u(b, 32);
			nb_u(b, 32);
			nb_u(b, 24);	/* 88 bits */
		}
		if (lev[i])
			nb_u(b, 8);
	}
}

/* scaling_list_data (7.3.4), read past. */
static void
h265_scaling_lists(struct nb_reader *b)
{
	for (int size = 0; size < 4; size++)
		for (int m = 0; m < 6 && !b->bad; m += size == 3 ? 3 : 1) {
			int coefs = 1 << (4 + (size << 1));

			if (!nb_u(b, 1)) {	/* scaling_list_pred_mode_flag */
				nb_ue(b);
				continue;
			}
			if (size > 1)
				nb_se(b);	/* scaling_list_dc_coef_minus8 */
			for (int i = 0; i < (coefs < 64 ? coefs : 64) && !b->bad; i++)
				nb_se(b);
		}
}

int
sps_h265_st_rps(struct nb_reader *b, int idx, int num, const uint8_t *deltas)
{
	int n = 0;

	if (idx != 0 && nb_u(b, 1)) {	/* inter_ref_pic_set_prediction_flag */
		int ref = idx - 1;

		if (idx == num)
			ref = idx - (int)(nb_ue(b) + 1);	/* delta_idx_minus1 */
		nb_u(b, 1);
		nb_ue(b);		/* delta_rps_sign, abs_delta_rps_minus1 */
		if (ref < 0 || ref >= idx)
			return -1;
		for (int j = 0; j <= deltas[ref] && !b->bad; j++)
			if (nb_u(b, 1) || nb_u(b, 1))	/* used_by_curr_pic, use_delta */
				n++;
	} else {
		unsigned neg = nb_ue(b), pos = nb_ue(b);

		if (neg > 16 || pos > 16 || neg + pos > 16)
			return -1;
		for (unsigned i = 0; i < neg + pos && !b->bad; i++) {
			nb_ue(b);
			nb_u(b, 1);
		}
		n = (int)(neg + pos);
	}
	return b->bad || n > 16 ? -1 : n;
}

/* From log2_min_luma_coding_block_size on (7.3.2.2): what slice headers need. */
static void
h265_slice_fields(struct nb_reader *b, struct sps_h265_slice *o, unsigned w, unsigned h)
{
	int min_cb = (int)nb_ue(b) + 3, ctb = min_cb + (int)nb_ue(b), ctbs;

	for (int i = 0; i < 4; i++)
		nb_ue(b);		/* transform sizes and depths */
	if (nb_u(b, 1) && nb_u(b, 1))	/* scaling lists enabled, and in the SPS */
		h265_scaling_lists(b);
	nb_u(b, 1);			/* amp_enabled_flag */
	nb_u(b, 1);			/* sample_adaptive_offset_enabled_flag */
	if (nb_u(b, 1)) {		/* pcm_enabled_flag */
		nb_u(b, 8);
		nb_ue(b);
		nb_ue(b);
		nb_u(b, 1);
	}
	if (b->bad || ctb < 4 || ctb > 6)
		return;
	ctbs = (int)(((w + (1u << ctb) - 1) >> ctb) * ((h + (1u << ctb) - 1) >> ctb));
	o->ctb_count = ctbs;
	o->num_st_rps = (int)nb_ue(b);
	if (o->num_st_rps > 64)
		return;
	for (int i = 0; i < o->num_st_rps; i++) {
		int n = sps_h265_st_rps(b, i, o->num_st_rps, o->st_deltas);

		if (n < 0)
			return;
		o->st_deltas[i] = (uint8_t)n;
	}
	if ((o->long_term = (int)nb_u(b, 1)) != 0) {
		o->num_lt_sps = (int)nb_ue(b);
		if (o->num_lt_sps > 32)
			return;
		for (int i = 0; i < o->num_lt_sps; i++)
			nb_u(b, o->log2_poc_lsb + 1);
	}
	o->temporal_mvp = (int)nb_u(b, 1);
	o->slice_ok = !b->bad;
}

static int
h265_sps(struct nb_reader *b, struct sps_info *o)
{
	int sublayers, all;
	unsigned w, h, reorder = 0;

	nb_u(b, 16);			/* NAL header */
	nb_u(b, 4);			/* sps_video_parameter_set_id */
	sublayers = (int)nb_u(b, 3);	/* sps_max_sub_layers_minus1 */
	nb_u(b, 1);
	h265_ptl(b, sublayers);
	o->h265.sps_id = (int)nb_ue(b);	/* sps_seq_parameter_set_id */
	if (nb_ue(b) == 3)		/* chroma_format_idc */
		o->h265.separate_colour_plane = (int)nb_u(b, 1);
	w = nb_ue(b);
	h = nb_ue(b);
	if (nb_u(b, 1))			/* conformance_window */
		for (int i = 0; i < 4; i++)
			nb_ue(b);
	nb_ue(b);
	nb_ue(b);			/* bit depths */
	o->h265.log2_poc_lsb = (int)nb_ue(b) + 4;
	all = (int)nb_u(b, 1);		/* sps_sub_layer_ordering_info_present */
	for (int i = all ? 0 : sublayers; i <= sublayers; i++) {
		nb_ue(b);		/* sps_max_dec_pic_buffering_minus1 */
		reorder = nb_ue(b);	/* the highest sub-layer's counts */
		nb_ue(b);
	}
	if (b->bad || w == 0 || h == 0 || w > 16888 || h > 16888)
		return -1;
	o->width = (int)w;
	o->height = (int)h;
	o->reorder = reorder > SPS_MAX_REORDER ? SPS_MAX_REORDER : (int)reorder;
	o->reorder_stated = 1;
	if (o->h265.log2_poc_lsb <= 16)
		h265_slice_fields(b, &o->h265, w, h);
	return 0;
}

int
sps_parse(enum AVCodecID id, const uint8_t *nal, size_t n, struct sps_info *o)
{
	uint8_t rbsp[SPS_MAX_BYTES];
	struct nb_reader b;

	memset(o, 0, sizeof *o);
	if (n < 4)
		return -1;
	if (id == AV_CODEC_ID_H264 ? (nal[0] & 0x1f) != 7 :
	    id != AV_CODEC_ID_HEVC || ((nal[0] >> 1) & 0x3f) != 33)
		return -1;
	nb_init(&b, rbsp, nb_unescape(nal, n, rbsp, sizeof rbsp));
	return id == AV_CODEC_ID_H264 ? h264_sps(&b, o) : h265_sps(&b, o);
}

/* The first NAL unit of Annex B data that parses as an SPS. */
static int
each_annexb(const uint8_t *p, size_t n, enum AVCodecID id, struct sps_info *o)
{
	const uint8_t *nal;
	size_t pos = 0, len;

	while (nb_next_nal(p, n, &pos, &nal, &len))
		if (sps_parse(id, nal, len, o) == 0)
			return 0;
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
