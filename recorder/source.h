/* source.h — a camera's stream: vigil's own RTSP client over TCP, or libavformat's. */
#ifndef VG_SOURCE_H
#define VG_SOURCE_H

#include <stdint.h>

#include <libavcodec/avcodec.h>

#include "recorder/dts.h"

struct vg_err;
struct rtsp;
struct AVFormatContext;

#define SRC_MAX_STREAMS 4
/* Inside the source layer a packet carries the monotonic µs it arrived at in
 * its opaque field; src_read hands it out as src.arrived and clears it. */
#define SRC_SET_ARRIVAL(pkt, us)	((pkt)->opaque = (void *)(intptr_t)(us))
#define SRC_ARRIVAL(pkt)		((int64_t)(intptr_t)(pkt)->opaque)
/* Packets held while a video stream's decoding times are worked out. */
#define SRC_FIFO 256

struct src_stream {
	AVCodecParameters	*par;	/* codec, extradata, sizes when known */
	AVRational		 tb;
	int			 annexb;	/* video NAL units behind start codes, not lengths */
};

/* A stream's clock as received, to take out jumps (source.c). */
struct src_clock {
	int	 seen;
	int64_t	 shift;			/* added to every timestamp since the last jump */
	int64_t	 newest, newest_at;	/* the newest timestamp (shifted), its arrival */
	int64_t	 prev;			/* the last timestamp (shifted) */
	int64_t	 step, win_step;	/* smallest step between units: known, this window */
	int	 win_n;
	int	 await_key;		/* pictures after a jump wait for a keyframe */
	int64_t	 dropped, prev_raw;		/* pictures dropped while waiting */
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
 * libavformat.  Both give the same thing: packets in the stream's time base
 * with the presentation times the camera sent, keyframes flagged, video
 * parameter sets in extradata.  vigil's client gives NAL units with 4-byte
 * lengths (the MP4 layout), libavformat's with Annex B start codes.  RTP
 * carries no decoding times: src_read gives H.264 and H.265 pictures theirs
 * (dts.h), holding the first few pictures of a stream with B-frames back
 * until it can.  A stream whose clock jumps (a camera that restarts it)
 * continues one unit after where it was, so footage stays continuous; in a
 * stream with B-frames the pictures between the jump and the next keyframe
 * cannot be placed (their order is in their slice headers) and are dropped.
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
	int64_t			 arrived;	/* mono µs the last packet read arrived */
	/* jumps of the streams' own clocks, and decoding times (source.c) */
	struct src_clock	 clk[SRC_MAX_STREAMS];
	int64_t			 jumps;		/* clock jumps taken out, for the log */
	struct dts_gen		 dts[SRC_MAX_STREAMS];
	int			 dts_on[SRC_MAX_STREAMS];
	int64_t			 last_pts[SRC_MAX_STREAMS];	/* the last picture's */
	int64_t			 last_dts[SRC_MAX_STREAMS];	/* or AV_NOPTS_VALUE: held */
	AVPacket		*fifo[SRC_FIFO];
	uint8_t			 fifo_same[SRC_FIFO];	/* another slice of the picture before */
	int			 fh, fn;
};

struct src	*src_open(const struct src_opts *, struct vg_err *);
/* 0 with a packet, -1 with err (connection lost, timeout, cancelled). */
int		 src_read(struct src *, AVPacket *, struct vg_err *);
/* Whether every stream's units are flowing on the common timeline (vigil's
 * client holds all but the pictures until the camera's RTCP reports line them
 * up, a few seconds at most); always for libavformat's client. */
int		 src_synced(const struct src *);
/* RTP packets that never arrived (gaps in their sequence numbers), over the
 * connection's streams; vigil's client only (libavformat's does not say). */
int64_t		 src_lost_packets(const struct src *);
/* The reorder depth of stream i as its decoding times assume it; -1 before
 * its parameter sets are known or for audio. */
int		 src_reorder_depth(const struct src *, int i);
void		 src_close(struct src *);

/* The native client (rtsp.c). */
int		 rtsp_open(struct src *, struct vg_err *);
int		 rtsp_read(struct src *, AVPacket *, struct vg_err *);	/* as src_read */
int64_t		 rtsp_lost(const struct src *);
int		 rtsp_synced(const struct src *);
void		 rtsp_close(struct src *);

#endif
