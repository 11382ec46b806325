/* rtp.h — RTP depacketizing: H.264 (RFC 6184), H.265 (RFC 7798) and AAC (RFC 3640). */
#ifndef VG_RTP_H
#define VG_RTP_H

#include <stddef.h>
#include <stdint.h>

/* Codecs a depacketizer knows. */
enum rtp_codec { RTP_H264 = 1, RTP_H265, RTP_AAC };

/*
 * What comes out: one access unit (a video picture with 4-byte Annex B start
 * codes before each NAL unit, or one AAC frame), its RTP timestamp extended
 * to 64 bits and counted from the stream's first packet, and whether it is a
 * keyframe (an IDR/IRAP picture a decoder can start from).
 */
typedef void (*rtp_emit_fn)(void *arg, const uint8_t *data, size_t len, int64_t ts, int key);

struct rtp_depay {
	enum rtp_codec	 codec;
	/* access unit being assembled */
	uint8_t		*au;
	size_t		 len, cap;
	int64_t		 au_ts;
	int		 au_open, au_key, au_broken;
	int		 gap;
	int		 fu_open;
	/* sequence and timestamp tracking */
	uint16_t	 seq;
	int		 seq_valid;
	uint32_t	 last_ts;
	int64_t		 wraps;
	int64_t		 first_ts;
	int		 ts_valid;
	/* AAC (mpeg4-generic) AU header layout from the SDP */
	int		 sizelength, indexlength, indexdeltalength;
	/* parameter sets seen in the stream (VPS, SPS, PPS), for cameras whose
	 * SDP does not carry them */
	uint8_t		 ps[3][512];
	size_t		 pslen[3];
	int64_t		 lost;		/* packets missing from the sequence */
};

void	rtp_depay_init(struct rtp_depay *, enum rtp_codec);
void	rtp_depay_free(struct rtp_depay *);
/* Feeds one RTP packet; 0, or -1 if it is not RTP at all. */
int	rtp_depay_packet(struct rtp_depay *, const uint8_t *pkt, size_t len, rtp_emit_fn, void *arg);
/* Annex B parameter sets collected in-band (VPS+SPS+PPS or SPS+PPS); 0 if incomplete. */
size_t	rtp_depay_extradata(const struct rtp_depay *, uint8_t *out, size_t cap);

#endif
