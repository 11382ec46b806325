/* source.h — a camera's stream: vigil's own RTSP client over TCP, or libavformat's. */
#ifndef VG_SOURCE_H
#define VG_SOURCE_H

#include <stdint.h>

#include <libavcodec/avcodec.h>

struct vg_err;
struct rtsp;
struct AVFormatContext;

#define SRC_MAX_STREAMS 4

struct src_stream {
	AVCodecParameters	*par;	/* codec, extradata, sizes when known */
	AVRational		 tb;
	int			 annexb;	/* video NAL units behind start codes, not lengths */
};

struct src_opts {
	const char	*url;
	int		 udp;		/* RTP over UDP: libavformat's client */
	int		 lavf;		/* libavformat's client even over TCP */
	int64_t		 io_timeout_us;	/* no data for this long is an error */
	int		(*cancelled)(void *arg);	/* polled while waiting */
	void		*arg;
};

/*
 * Why two clients: libavformat's RTSP demuxer reads interleaved RTP with
 * three small reads (and three polls) per packet, which is most of what a
 * stream-copy recorder spends; vigil's client reads whole socket buffers.
 * UDP transport, rtsps:// and recorder.rtsp_client = "libavformat" use
 * libavformat.  Both give the same thing: packets with pts = dts in the
 * stream's time base (cameras do not send B-frames), keyframes flagged, video
 * parameter sets in extradata.  vigil's client gives NAL units with 4-byte
 * lengths (the MP4 layout), libavformat's with Annex B start codes.
 */
struct src {
	int			 n;
	struct src_stream	 st[SRC_MAX_STREAMS];
	const char		*client;	/* "vigil" or "libavformat" */
	struct src_opts		 o;
	struct rtsp		*rtsp;
	struct AVFormatContext	*fc;
	int			 fc_map[SRC_MAX_STREAMS];	/* fc stream → st, or -1 */
	int64_t			 deadline;	/* mono µs for libavformat's interrupt */
};

struct src	*src_open(const struct src_opts *, struct vg_err *);
/* 0 with a packet, -1 with err (connection lost, timeout, cancelled). */
int		 src_read(struct src *, AVPacket *, struct vg_err *);
void		 src_close(struct src *);

/* The native client (rtsp.c). */
int		 rtsp_open(struct src *, struct vg_err *);
int		 rtsp_read(struct src *, AVPacket *, struct vg_err *);
void		 rtsp_close(struct src *);

#endif
