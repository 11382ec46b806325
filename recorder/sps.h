/* sps.h — what the recorder reads from H.264 and H.265 sequence parameter sets. */
#ifndef VG_SPS_H
#define VG_SPS_H

#include <stddef.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

/* A stream may reorder at most this many pictures (both standards' DPB limit). */
#define SPS_MAX_REORDER 16

struct sps_info {
	int	width, height;		/* coded picture size, before cropping */
	/*
	 * How many pictures may precede a picture in decoding order and follow
	 * it in output order: 0 for streams without B-frames.  From the SPS
	 * (H.264 VUI max_num_reorder_frames, H.265 sps_max_num_reorder_pics)
	 * when it says; otherwise the most the profile and level allow.
	 */
	int	reorder;
	int	reorder_stated;		/* the SPS said so itself */
	/* H.264 only: what reading its slice headers takes (7.4.2.1.1) */
	struct sps_h264 {
		int	id;
		int	chroma_array_type;	/* 0 with separate colour planes */
		int	separate_colour_plane;
		int	log2_max_frame_num;
		int	poc_type, log2_max_poc_lsb, delta_pic_order_always_zero;
		int	max_num_ref_frames;
		int	frame_mbs_only;
	} h264;
	/* H.265: what it takes to read a slice header (7.3.6.1), when
	 * slice_ok says the SPS parsed that far (cra.c uses it). */
	struct sps_h265_slice {
		int	slice_ok;
		int	sps_id;
		int	separate_colour_plane;
		int	log2_poc_lsb;
		int	ctb_count;		/* PicSizeInCtbsY */
		int	num_st_rps;
		uint8_t	st_deltas[64];		/* NumDeltaPocs of each */
		int	long_term, num_lt_sps;
		int	temporal_mvp;
	} h265;
};

/* Parses one SPS NAL unit (header included, emulation prevention bytes in
 * place); 0, or -1 if it is not one or is cut short. */
int	sps_parse(enum AVCodecID, const uint8_t *nal, size_t n, struct sps_info *);
/* The first SPS in a stream's extradata: avcC, or NAL units behind start
 * codes; 0, or -1 if there is none that parses. */
int	sps_from_extradata(const AVCodecParameters *, struct sps_info *);
/* An H.265 st_ref_pic_set(idx) (7.3.7) read past; its NumDeltaPocs, or -1
 * when it does not parse (deltas: the earlier sets' counts). */
struct nb_reader;
int	sps_h265_st_rps(struct nb_reader *, int idx, int num, const uint8_t *deltas);

#endif
