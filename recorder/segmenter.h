/* segmenter.h — one fragmented-MP4 segment file, stream copied and hashed as it goes. */
#ifndef VG_SEGMENTER_H
#define VG_SEGMENTER_H

#include <stdint.h>

#include <libavcodec/avcodec.h>

struct vg_err;
struct seg;

/* The mov muxer writes only the header (ftyp and moov, a few KiB) through
 * a buffer of this size, in one write. */
#define SEG_AVIO_BUFFER	(16 * 1024)
/* A fragment is flushed at each keyframe or when it reaches this size, in
 * one write (DESIGN §5: at least 64 KiB); it bounds both the pictures a
 * camera holds in memory and what a power cut can lose. */
#define SEG_FRAGMENT_MAX (64 * 1024)

struct seg_stream {
	const AVCodecParameters	*par;
	AVRational		 tb;
	int			 annexb;	/* packets need start codes turned into lengths */
};

struct seg_open_args {
	const char		*root;		/* paths.storage */
	const char		*camera;
	int64_t			 seq;
	int64_t			 start_us;	/* wall-clock time of the first packet */
	const struct seg_stream	*streams;
	int			 nstreams;
	int			 video;		/* index of the video stream */
	int64_t			 base_ts;	/* dts of the first (key) packet, video tb */
};

struct seg_done {
	char	 path[256];	/* relative to root */
	int64_t	 seq;
	int64_t	 start_us, end_us;
	int64_t	 bytes;
	char	 sha256[65];
};

/* Creates the file (mode 0640, never over an existing one) and writes the
 * header, which names the camera, seq and start time for recovery. */
struct seg	*seg_open(const struct seg_open_args *, struct vg_err *);
/* Writes one packet of stream i (timestamps in that stream's tb). */
int		 seg_write(struct seg *, int stream, const AVPacket *, struct vg_err *);
/* Media time from the segment's first packet to video timestamp ts, in µs. */
int64_t		 seg_span_us(const struct seg *, int64_t video_ts);
/* The wall-clock time a video timestamp of this segment stands for. */
int64_t		 seg_wall_us(const struct seg *, int64_t video_ts);
/*
 * Finishes the file: trailer, fsync of the file, then of its directory
 * (DESIGN §5 durability order: the index row comes after).  end_ts is the
 * video timestamp where the segment ends (the next segment's first keyframe)
 * or AV_NOPTS_VALUE to end one frame after the last.  Frees seg; on error the
 * file is left for recovery and the result still names it.
 */
int		 seg_close(struct seg *, int64_t end_ts, struct seg_done *, struct vg_err *);

#endif
