/* rtp.h — RTP depacketizing: H.264 (RFC 6184), H.265 (RFC 7798) and AAC (RFC 3640). */
#ifndef VG_RTP_H
#define VG_RTP_H

#include <stddef.h>
#include <stdint.h>

/* Codecs a depacketizer knows. */
enum rtp_codec { RTP_H264 = 1, RTP_H265, RTP_AAC };

/*
 * What comes out: one access unit (a video picture, or one AAC frame), its
 * RTP timestamp extended to 64 bits and counted from the stream's first
 * packet, and whether it is a keyframe (an IDR/IRAP picture a decoder can
 * start from).  Pictures come with each NAL unit preceded by its length in 4
 * bytes, the MP4 layout, so segments take them as they are.  A picture's
 * buffer (cap bytes, RTP_PADDING zeros after the data) may be kept by the
 * callback (returning 1), which gives it back with rtp_buffer_put; AAC frames
 * point into the packet.
 * with RTP_PADDING zero bytes after it, and the callback may keep it
 * (returning 1: it frees it later); AAC frames point into the packet.
 */
#define RTP_PADDING 64
/* A larger picture is a broken or hostile stream, not footage. */
#define RTP_MAX_UNIT (16 << 20)
typedef int (*rtp_emit_fn)(void *arg, uint8_t *data, size_t len, size_t cap, int64_t ts,
    int key, int can_keep);

struct rtp_depay {
	enum rtp_codec	 codec;
	/* access unit being assembled */
	uint8_t		*au;
	size_t		 len, cap;
	int64_t		 au_ts;
	int		 au_open, au_key, au_broken;
	int		 au_pic;	/* it holds a slice of a picture */
	int		 gap;
	size_t		 nal_start;	/* where the open NAL unit's length goes (H.264) */
	size_t		 typical;	/* recent picture size, to size the next buffer */
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
/* Parameter sets collected in-band as MP4 extradata: avcC for H.264, Annex B
 * VPS+SPS+PPS for H.265; 0 while incomplete. */
size_t	rtp_depay_extradata(const struct rtp_depay *, uint8_t *out, size_t cap);
/* Gives a kept picture buffer back for reuse by this thread's next pictures. */
void	rtp_buffer_put(uint8_t *, size_t cap);
/* Frees this thread's spare buffers (when the thread ends). */
void	rtp_buffers_release(void);
/* avcC from an SPS and a PPS (NAL units without start codes); 0 if they do not fit. */
size_t	rtp_avcc(const uint8_t *sps, size_t spslen, const uint8_t *pps, size_t ppslen,
	    uint8_t *out, size_t cap);

#endif
