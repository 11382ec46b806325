/* export-video.c — a camera's segments joined into one playable MP4 by stream copy, and a packet-by-packet comparison to prove it. */
#include "recorder/export-video.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>

#include "core/gov/exports.h"
#include "core/timefmt.h"
#include "core/util.h"

#define XV_IO_BUF	(1 << 20)
#define XV_WRITEBACK	(32 << 20)	/* start writing back every this many bytes */
#define XV_QUEUE_MAX	512	/* packets held until a segment's first video packet */
/* Room for the index of the joined file, which goes before its data: the mov
 * muxer's sample tables take at most about 44 bytes a sample (stsz, stts,
 * ctts, stss, co64, stsc); what is left over becomes a `free` box. */
#define XV_MOOV_PER_SAMPLE	48
#define XV_MOOV_BASE		(64 * 1024)

/*---- Opening segment files ----*/

/* An AVIO seek over a byte range of size bytes, where *pos is. */
static int64_t
range_seek(int64_t *pos, int64_t size, int64_t off, int whence)
{
	switch (whence & ~AVSEEK_FORCE) {
	case AVSEEK_SIZE:
		return size;
	case SEEK_SET:
		*pos = off;
		break;
	case SEEK_CUR:
		*pos += off;
		break;
	case SEEK_END:
		*pos = size + off;
		break;
	default:
		return AVERROR(EINVAL);
	}
	return *pos;
}

/* A byte range [off, off + size) of fd, read through a buffer of 1 MiB: a few
 * large reads where libavformat's own file reading makes many small ones. */
struct rio {
	int	 fd, own;	/* own: closed with the input */
	int64_t	 off, size, pos;
};

static int
rio_read(void *op, uint8_t *buf, int n)
{
	struct rio *r = op;
	int64_t left = r->size - r->pos;
	ssize_t k;

	if (left <= 0)
		return AVERROR_EOF;
	if (n > left)
		n = (int)left;
	do
		k = pread(r->fd, buf, (size_t)n, r->off + r->pos);
	while (k < 0 && errno == EINTR);
	if (k <= 0)
		return k == 0 ? AVERROR_EOF : AVERROR(errno);
	r->pos += k;
	return (int)k;
}

static int64_t
rio_seek(void *op, int64_t off, int whence)
{
	struct rio *r = op;

	return range_seek(&r->pos, r->size, off, whence);
}

static void
free_rio(AVIOContext *pb)
{
	struct rio *r = pb->opaque;

	if (r->own)
		close(r->fd);
	free(r);
	av_freep(&pb->buffer);
	avio_context_free(&pb);
}

/* The MP4 in the range as a demuxer's input in *ic; an AVERROR. */
static int
open_rio(int fd, int own, int64_t off, int64_t size, AVDictionary **opts, AVFormatContext **ic)
{
	struct rio *r = xmalloc(sizeof *r);
	uint8_t *buf = av_malloc(XV_IO_BUF);
	AVIOContext *pb;
	int a;

	*r = (struct rio){ .fd = fd, .own = own, .off = off, .size = size };
	VG_ASSERT(buf != NULL);
	pb = avio_alloc_context(buf, XV_IO_BUF, 0, r, rio_read, NULL, rio_seek);
	*ic = avformat_alloc_context();
	VG_ASSERT(pb != NULL && *ic != NULL);
	(*ic)->pb = pb;
	(*ic)->flags |= AVFMT_FLAG_CUSTOM_IO;
	if ((a = avformat_open_input(ic, NULL, av_find_input_format("mp4"), opts)) < 0)
		free_rio(pb);	/* libavformat freed *ic, not our input */
	return a;
}

static void
close_rio(AVFormatContext **ic)
{
	AVIOContext *pb;

	if (*ic == NULL)
		return;
	pb = (*ic)->pb;
	avformat_close_input(ic);
	if (pb != NULL)
		free_rio(pb);
}

/*---- Opening segment files ----*/

static AVFormatContext *
open_path(const char *root, const struct export_seg *g, struct vg_err *err)
{
	char *path = vg_path_join(root, g->path);
	AVFormatContext *ic = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC), r;

	free(path);
	if (fd < 0) {
		vg_seterr(err, VG_FAILED, _("segment %s cannot be read as MP4: %s"), g->path,
		    strerror(errno));
		return NULL;
	}
	if ((r = open_rio(fd, 1, 0, lseek(fd, 0, SEEK_END), NULL, &ic)) < 0) {
		char msg[128];

		av_strerror(r, msg, sizeof msg);
		vg_seterr(err, VG_FAILED, _("segment %s cannot be read as MP4: %s"), g->path, msg);
		return NULL;
	}
	if (ic->nb_streams == 0 || ic->nb_streams > XV_MAX_STREAMS) {
		vg_seterr(err, VG_FAILED, _("segment %s has %u streams"), g->path, ic->nb_streams);
		close_rio(&ic);
	}
	return ic;
}

/* Whether two segments' streams can share one MP4 file. */
static int
same_streams(const AVFormatContext *a, const AVFormatContext *b)
{
	if (a->nb_streams != b->nb_streams)
		return 0;
	for (unsigned i = 0; i < a->nb_streams; i++) {
		const AVCodecParameters *p = a->streams[i]->codecpar, *q = b->streams[i]->codecpar;

		if (p->codec_type != q->codec_type || p->codec_id != q->codec_id ||
		    p->width != q->width || p->height != q->height ||
		    p->sample_rate != q->sample_rate ||
		    p->ch_layout.nb_channels != q->ch_layout.nb_channels ||
		    p->extradata_size != q->extradata_size ||
		    (p->extradata_size > 0 && memcmp(p->extradata, q->extradata,
		    (size_t)p->extradata_size) != 0))
			return 0;
	}
	return 1;
}

int
xv_groups(const char *root, const struct export_seg *segs, size_t n, struct xv_group **groups,
    size_t *ngroups, struct vg_err *err)
{
	AVFormatContext *prev = NULL, *ic;

	*groups = NULL;
	*ngroups = 0;
	for (size_t i = 0; i < n; i++) {
		if ((ic = open_path(root, &segs[i], err)) == NULL) {
			close_rio(&prev);
			free(*groups);
			*groups = NULL;
			*ngroups = 0;
			return -1;
		}
		if (prev == NULL || !same_streams(prev, ic)) {
			*groups = xrealloc(*groups, (*ngroups + 1) * sizeof **groups);
			(*groups)[*ngroups].first = i;
			(*groups)[(*ngroups)++].count = 0;
		}
		(*groups)[*ngroups - 1].count++;
		close_rio(&prev);
		prev = ic;
	}
	close_rio(&prev);
	return 0;
}

/*---- Counting samples for the index's room ----*/

static uint64_t
be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* Samples in the trun boxes under moof/traf of [start, end): fragmented MP4
 * states them in its fragment headers, so the data need not be read. */
static int64_t
box_samples(int fd, int64_t start, int64_t end, int depth)
{
	int64_t off = start, total = 0;

	while (off + 8 <= end && depth < 3) {
		uint8_t h[16];
		uint64_t size;
		int hdr = 8;

		if (pread(fd, h, sizeof h, off) < 8)
			break;
		size = be(h, 4);
		if (size == 1) {
			size = be(h + 8, 8);
			hdr = 16;
		} else if (size == 0)
			size = (uint64_t)(end - off);
		if (size < (uint64_t)hdr || size > (uint64_t)(end - off))
			break;
		if (memcmp(h + 4, "moof", 4) == 0 || memcmp(h + 4, "traf", 4) == 0)
			total += box_samples(fd, off + hdr, off + (int64_t)size, depth + 1);
		else if (memcmp(h + 4, "trun", 4) == 0 && pread(fd, h, 8, off + hdr) == 8)
			total += (int64_t)be(h + 4, 4);
		off += (int64_t)size;
	}
	return total;
}

/* Samples of a segment: from its fragment headers, else by reading it. */
static int64_t
segment_samples(const char *root, const struct export_seg *g)
{
	char *path = vg_path_join(root, g->path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int64_t n = 0;
	struct vg_err err;
	AVFormatContext *ic;
	AVPacket *pkt;

	free(path);
	if (fd >= 0) {
		n = box_samples(fd, 0, lseek(fd, 0, SEEK_END), 0);
		close(fd);
	}
	if (n > 0 || (ic = open_path(root, g, &err)) == NULL)
		return n;
	pkt = av_packet_alloc();
	while (av_read_frame(ic, pkt) >= 0) {
		n++;
		av_packet_unref(pkt);
	}
	av_packet_free(&pkt);
	close_rio(&ic);
	return n;
}

/*---- Writing into the tar ----*/

/* libavformat writes the joined file through here, at its offset in the tar. */
struct wio {
	int	 fd;
	int64_t	 base, pos, end;
	int64_t	 synced;	/* early writeback started up to here */
	int	 err;
};

static int
wio_write(void *op, uint8_t *buf, int n)
{
	struct wio *w = op;
	int left = n;

	while (left > 0) {
		ssize_t k = pwrite(w->fd, buf, (size_t)left, w->base + w->pos);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			w->err = k < 0 ? errno : EIO;
			return AVERROR(w->err);
		}
		buf += k;
		left -= (int)k;
		w->pos += k;
	}
	if (w->pos > w->end)
		w->end = w->pos;
	/* The data goes out in order: start writing it back, so that the
	 * archive's one fsync finds little left (tar.c does the same). */
	if (w->pos - w->synced >= XV_WRITEBACK) {
		sync_file_range(w->fd, w->base + w->synced, w->pos - w->synced,
		    SYNC_FILE_RANGE_WRITE);
		w->synced = w->pos;
	}
	return n;
}

static int64_t
wio_seek(void *op, int64_t off, int whence)
{
	struct wio *w = op;

	return range_seek(&w->pos, w->end, off, whence);
}

/* The output: one stream per input stream, copied. */
static AVFormatContext *
open_output(const AVFormatContext *ic, struct wio *w, const char *title, int64_t start_us,
    struct vg_err *err)
{
	AVFormatContext *oc = NULL;
	uint8_t *buf;
	char iso[32];

	if (avformat_alloc_output_context2(&oc, NULL, "mp4", NULL) < 0) {
		vg_seterr(err, VG_FAILED, "%s", _("libavformat has no MP4 muxer"));
		return NULL;
	}
	for (unsigned i = 0; i < ic->nb_streams; i++) {
		AVStream *st = avformat_new_stream(oc, NULL);

		VG_ASSERT(st != NULL);
		avcodec_parameters_copy(st->codecpar, ic->streams[i]->codecpar);
		st->codecpar->codec_tag = 0;
		st->time_base = ic->streams[i]->time_base;
	}
	buf = av_malloc(XV_IO_BUF);
	VG_ASSERT(buf != NULL);
	oc->pb = avio_alloc_context(buf, XV_IO_BUF, 1, w, NULL, wio_write, wio_seek);
	VG_ASSERT(oc->pb != NULL);
	/* Through buf: a write of 1 MiB where each packet would be one. */
	oc->flush_packets = 0;
	oc->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT;
	av_dict_set(&oc->metadata, "title", title, 0);
	av_dict_set(&oc->metadata, "creation_time", time_fmt_iso(start_us, iso), 0);
	return oc;
}

static void
close_output(AVFormatContext *oc)
{
	if (oc == NULL)
		return;
	if (oc->pb != NULL) {
		av_freep(&oc->pb->buffer);
		avio_context_free(&oc->pb);
	}
	avformat_free_context(oc);
}

/*
 * Where one segment's packets go on the joined file's time line: at its
 * wall-clock start after the first segment's, so that a pause in recording
 * stays a pause; but never before the previous segment's video ended, so that
 * clock jitter between segments never makes two frames share a time.
 */
struct placing {
	int64_t	 offset_us;	/* the segment's start after the first one's */
	int64_t	 origin_us;	/* where its first video packet goes */
	int64_t	 base_us;	/* that packet's time, in the segment's own time line */
	int	 have_base;
	int	 video;		/* the video stream's index */
	int64_t	 video_end_us;	/* the end of the last video packet placed */
	int64_t	 last_dts[XV_MAX_STREAMS];	/* output time base */
	int64_t	 prev_in[XV_MAX_STREAMS];	/* the last dts placed, input time base */
	int64_t	 last_dur[XV_MAX_STREAMS];	/* input time base */
};

static void
set_base(struct placing *pl, int64_t base_us)
{
	pl->base_us = base_us;
	pl->origin_us = pl->offset_us > pl->video_end_us ? pl->offset_us : pl->video_end_us;
	pl->have_base = 1;
}

static int
put_packet(AVFormatContext *oc, const AVFormatContext *ic, struct placing *pl, AVPacket *pkt)
{
	int i = pkt->stream_index;
	AVRational in = ic->streams[i]->time_base, out = oc->streams[i]->time_base;
	int64_t add = av_rescale_q(pl->origin_us - pl->base_us, AV_TIME_BASE_Q, in);

	if (pkt->dts != AV_NOPTS_VALUE)
		pkt->dts += add;
	if (pkt->pts != AV_NOPTS_VALUE)
		pkt->pts += add;
	/* Without stream probing the demuxer leaves durations out; the muxer
	 * takes every sample's from the next one's time but the last one's from
	 * its packet: as long as the step before, or the file's end hides it. */
	if (pkt->dts != AV_NOPTS_VALUE && pl->prev_in[i] != AV_NOPTS_VALUE &&
	    pkt->dts > pl->prev_in[i])
		pl->last_dur[i] = pkt->dts - pl->prev_in[i];
	if (pkt->dts != AV_NOPTS_VALUE)
		pl->prev_in[i] = pkt->dts;
	if (pkt->duration <= 0)
		pkt->duration = pl->last_dur[i];
	if (i == pl->video && pkt->dts != AV_NOPTS_VALUE) {
		int64_t end = av_rescale_q(pkt->dts + pkt->duration, in, AV_TIME_BASE_Q);

		if (end > pl->video_end_us)
			pl->video_end_us = end;
	}
	av_packet_rescale_ts(pkt, in, out);
	/* Wall-clock starts can overlap by a frame; times only ever move forward. */
	if (pkt->dts != AV_NOPTS_VALUE && pkt->dts <= pl->last_dts[i]) {
		int64_t d = pl->last_dts[i] + 1 - pkt->dts;

		pkt->dts += d;
		if (pkt->pts != AV_NOPTS_VALUE)
			pkt->pts += d;
	}
	if (pkt->dts != AV_NOPTS_VALUE)
		pl->last_dts[i] = pkt->dts;
	pkt->pos = -1;
	return av_interleaved_write_frame(oc, pkt);
}

static int
video_stream(const AVFormatContext *ic)
{
	for (unsigned i = 0; i < ic->nb_streams; i++)
		if (ic->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
			return (int)i;
	return 0;
}

/* A packet's decoding time in µs of its segment's time line. */
static int64_t
packet_us(const AVFormatContext *ic, const AVPacket *p)
{
	return av_rescale_q(p->dts == AV_NOPTS_VALUE ? 0 : p->dts,
	    ic->streams[p->stream_index]->time_base, AV_TIME_BASE_Q);
}

/* Copies one segment's packets; the first ones wait for its first video
 * packet, whose time the segment's start stands for (segmenter.h). */
static int
copy_segment(AVFormatContext *oc, AVFormatContext *ic, struct placing *pl, atomic_int *stop)
{
	AVPacket *q[XV_QUEUE_MAX], *pkt = av_packet_alloc();
	int nq = 0, v = video_stream(ic), r = 0;

	pl->have_base = 0;
	pl->video = v;
	while (r >= 0 && av_read_frame(ic, pkt) >= 0) {
		if (stop != NULL && atomic_load(stop)) {
			r = AVERROR_EXIT;
			av_packet_unref(pkt);
			break;
		}
		if (!pl->have_base && (pkt->stream_index == v || nq == XV_QUEUE_MAX)) {
			/* The earliest packet held or this one: nothing goes before
			 * the segment's start, where an edit list would hide it. */
			int64_t base = packet_us(ic, pkt);

			for (int k = 0; k < nq; k++)
				if (packet_us(ic, q[k]) < base)
					base = packet_us(ic, q[k]);
			set_base(pl, base);
			for (int k = 0; k < nq && r >= 0; k++)
				r = put_packet(oc, ic, pl, q[k]);
		}
		if (!pl->have_base) {
			q[nq] = av_packet_alloc();
			av_packet_move_ref(q[nq++], pkt);
			continue;
		}
		if (r >= 0)
			r = put_packet(oc, ic, pl, pkt);
		av_packet_unref(pkt);
	}
	if (!pl->have_base && nq > 0) {
		set_base(pl, packet_us(ic, q[0]));
		for (int k = 0; k < nq && r >= 0; k++)
			r = put_packet(oc, ic, pl, q[k]);
	}
	for (int k = 0; k < nq; k++)
		av_packet_free(&q[k]);
	av_packet_free(&pkt);
	return r;
}

static int
av_fail(struct vg_err *err, const char *what, int r)
{
	char msg[128];

	av_strerror(r, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, "%s: %s", what, msg);
}

/* One attempt with room for `reserve` bytes of index. */
static int
join_once(int fd, int64_t base, const char *root, const struct export_seg *segs, size_t n,
    const char *title, int64_t reserve, atomic_int *stop, int64_t *size, struct vg_err *err)
{
	struct wio w = { .fd = fd, .base = base };
	struct placing pl;
	AVFormatContext *ic = NULL, *oc = NULL;
	AVDictionary *opts = NULL;
	int r = -1, a;

	memset(&pl, 0, sizeof pl);
	for (int i = 0; i < XV_MAX_STREAMS; i++) {
		pl.last_dts[i] = INT64_MIN;
		pl.prev_in[i] = AV_NOPTS_VALUE;
	}
	if ((ic = open_path(root, &segs[0], err)) == NULL ||
	    (oc = open_output(ic, &w, title, segs[0].start_us, err)) == NULL)
		goto out;
	av_dict_set_int(&opts, "moov_size", reserve, 0);
	if ((a = avformat_write_header(oc, &opts)) < 0) {
		av_fail(err, title, a);
		goto out;
	}
	for (size_t k = 0; k < n; k++) {
		if (k > 0) {
			close_rio(&ic);
			if ((ic = open_path(root, &segs[k], err)) == NULL)
				goto out;
		}
		pl.offset_us = segs[k].start_us - segs[0].start_us;
		if ((a = copy_segment(oc, ic, &pl, stop)) < 0) {
			av_fail(err, segs[k].path, a);
			goto out;
		}
	}
	if ((a = av_write_trailer(oc)) < 0) {
		av_fail(err, title, a);
		r = a == AVERROR(EINVAL) && w.err == 0 ? 1 : -1;	/* 1: the index did not fit */
		goto out;
	}
	if (w.err != 0) {
		vg_seterr(err, VG_FAILED, _("cannot write the joined video: %s"), strerror(w.err));
		goto out;
	}
	*size = w.end;
	r = 0;
out:
	av_dict_free(&opts);
	close_output(oc);
	close_rio(&ic);
	return r;
}

int
xv_join(int fd, int64_t base, const char *root, const struct export_seg *segs, size_t n,
    const char *title, atomic_int *stop, int64_t *size, struct vg_err *err)
{
	int64_t samples = 0, reserve;
	int r;

	for (size_t k = 0; k < n; k++)
		samples += segment_samples(root, &segs[k]);
	reserve = XV_MOOV_BASE + XV_MOOV_PER_SAMPLE * samples;
	/* An index larger than counted (samples the fragment headers did not
	 * state) gets a second try with room to spare. */
	if ((r = join_once(fd, base, root, segs, n, title, reserve, stop, size, err)) == 1)
		r = join_once(fd, base, root, segs, n, title, 4 * reserve, stop, size, err);
	return r == 0 ? 0 : -1;
}

/*---- Comparing packets ----*/

/*
 * The joined video and the segments are read side by side and their packets
 * compared byte for byte, stream by stream, in order: no digest of either is
 * needed, so each packet costs a memcmp rather than two passes of SHA-256.
 * The two files interleave their streams a little differently (the muxer
 * orders by time), so a packet waits in its side's queue for its partner;
 * reading goes to the side with less waiting, which keeps the queues to
 * about one interleaving window.
 */

/* More bytes waiting than this and the two files cannot be the same packets
 * in the same order: no muxer interleaves streams that far apart. */
#define XV_WAIT_MAX	((int64_t)256 << 20)

struct pq {
	AVPacket	**v;
	size_t		  head, n, cap;
};

struct xv_side {
	int			 fd;
	const struct xv_part	*parts;
	size_t			 nparts, next;
	AVFormatContext		*ic;
	const char		*name;		/* the file being read */
	int			 nstreams, eof;
	int			 codec[XV_MAX_STREAMS];
	int64_t			 packets[XV_MAX_STREAMS];
	struct pq		 q[XV_MAX_STREAMS];
	int64_t			 waiting;	/* bytes in the queues */
};

static void
pq_push(struct pq *q, AVPacket *p)
{
	if (q->head + q->n == q->cap) {
		if (q->head > 0) {
			memmove(q->v, q->v + q->head, q->n * sizeof *q->v);
			q->head = 0;
		} else {
			q->cap = q->cap ? q->cap * 2 : 64;
			q->v = xrealloc(q->v, q->cap * sizeof *q->v);
		}
	}
	q->v[q->head + q->n++] = p;
}

static AVPacket *
pq_pop(struct pq *q)
{
	AVPacket *p = q->v[q->head++];

	if (--q->n == 0)
		q->head = 0;
	return p;
}

static void
pq_free(struct pq *q)
{
	while (q->n > 0) {
		AVPacket *p = pq_pop(q);

		av_packet_free(&p);
	}
	free(q->v);
}

/* The streams of the file just opened: as many as, and the codecs of, the
 * side's first file. */
static int
side_streams(struct xv_side *s, struct vg_err *err)
{
	const AVFormatContext *ic = s->ic;

	if (ic->nb_streams == 0 || ic->nb_streams > XV_MAX_STREAMS)
		return vg_seterr(err, VG_REFUSED, _("%s has %u streams"), s->name, ic->nb_streams);
	if (s->nstreams == 0) {
		s->nstreams = (int)ic->nb_streams;
		for (unsigned i = 0; i < ic->nb_streams; i++)
			s->codec[i] = ic->streams[i]->codecpar->codec_id;
		return 0;
	}
	if ((int)ic->nb_streams != s->nstreams)
		return vg_seterr(err, VG_REFUSED, _("%s has %u streams where %d were expected"),
		    s->name, ic->nb_streams, s->nstreams);
	for (unsigned i = 0; i < ic->nb_streams; i++)
		if ((int)ic->streams[i]->codecpar->codec_id != s->codec[i])
			return vg_seterr(err, VG_REFUSED, _("%s: stream %u is another codec"), s->name,
			    i);
	return 0;
}

/* The side's next file, or eof. */
static int
side_open(struct xv_side *s, struct vg_err *err)
{
	AVDictionary *opts = NULL;
	const struct xv_part *p;
	int a;

	close_rio(&s->ic);
	if (s->next == s->nparts) {
		s->eof = 1;
		return 0;
	}
	p = &s->parts[s->next++];
	s->name = p->name;
	/* Every sample the file holds, whatever its edit lists show. */
	av_dict_set(&opts, "ignore_editlist", "1", 0);
	a = open_rio(s->fd, 0, p->off, p->size, &opts, &s->ic);
	av_dict_free(&opts);
	if (a < 0) {
		s->ic = NULL;
		av_fail(err, s->name, a);
		err->code = VG_REFUSED;
		return -1;
	}
	return side_streams(s, err);
}

/* The side's next packet into *pkt: 1, 0 at the end of its last file, -1. */
static int
side_read(struct xv_side *s, AVPacket *pkt, struct vg_err *err)
{
	int a;

	while (!s->eof) {
		if ((a = av_read_frame(s->ic, pkt)) >= 0) {
			s->packets[pkt->stream_index]++;
			return 1;
		}
		if (a != AVERROR_EOF) {
			av_fail(err, s->name, a);
			err->code = VG_REFUSED;
			return -1;
		}
		if (side_open(s, err) != 0)
			return -1;
	}
	return 0;
}

static int
same_packet(const AVPacket *a, const AVPacket *b)
{
	return a->size == b->size && (a->flags & AV_PKT_FLAG_KEY) == (b->flags & AV_PKT_FLAG_KEY) &&
	    memcmp(a->data, b->data, (size_t)a->size) == 0;
}

/* One packet read from side s: matched with the other side's first waiting
 * packet of its stream, else it waits (or, the other side being over, it
 * is only counted). */
static void
match(struct xv_side *s, struct xv_side *other, AVPacket **pkt, int *bad)
{
	int i = (*pkt)->stream_index;

	if (other->q[i].n > 0) {
		AVPacket *p = pq_pop(&other->q[i]);

		other->waiting -= p->size;
		bad[i] |= !same_packet(p, *pkt);
		av_packet_free(&p);
		av_packet_unref(*pkt);
	} else if (other->eof) {
		bad[i] = 1;
		av_packet_unref(*pkt);
	} else {
		s->waiting += (*pkt)->size;
		pq_push(&s->q[i], *pkt);
		*pkt = av_packet_alloc();
		VG_ASSERT(*pkt != NULL);
	}
}

/* What differs, in the order a person would want it told. */
static int
verdict(const struct xv_side *a, const struct xv_side *b, const int *bad, const char *name,
    struct vg_err *err)
{
	for (int i = 0; i < a->nstreams; i++) {
		if (b->packets[i] != a->packets[i])
			return vg_seterr(err, VG_REFUSED, _("%s: stream %d holds %lld packets; its "
			    "segments hold %lld"), name, i, (long long)b->packets[i],
			    (long long)a->packets[i]);
		if (bad[i] || a->q[i].n > 0 || b->q[i].n > 0)
			return vg_seterr(err, VG_REFUSED, _("%s: the packets of stream %d are not those "
			    "of its segments"), name, i);
	}
	return 0;
}

/* Both sides' first files open, with the same streams. */
static int
sides_open(struct xv_side *a, struct xv_side *b, const char *name, struct vg_err *err)
{
	if (side_open(a, err) != 0 || side_open(b, err) != 0)
		return -1;
	if (a->nstreams != b->nstreams)
		return vg_seterr(err, VG_REFUSED, _("%s has %d streams; its segments have %d"), name,
		    b->nstreams, a->nstreams);
	for (int i = 0; i < a->nstreams; i++)
		if (a->codec[i] != b->codec[i])
			return vg_seterr(err, VG_REFUSED, _("%s: stream %d is another codec than in its "
			    "segments"), name, i);
	return 0;
}

int
xv_same_packets(int fd, const struct xv_part *segs, size_t n, const struct xv_part *joined,
    const atomic_int *stop, struct vg_err *err)
{
	struct xv_side a = { .fd = fd, .parts = segs, .nparts = n };
	struct xv_side b = { .fd = fd, .parts = joined, .nparts = 1 };
	AVPacket *pkt = av_packet_alloc();
	int bad[XV_MAX_STREAMS] = { 0 }, r = -1, k;

	VG_ASSERT(pkt != NULL && n > 0);
	if (sides_open(&a, &b, joined->name, err) != 0)
		goto out;
	while (!(a.eof && b.eof)) {
		struct xv_side *s = a.eof ? &b : b.eof ? &a : a.waiting <= b.waiting ? &a : &b;

		if (stop != NULL && atomic_load(stop))
			goto out;
		if ((k = side_read(s, pkt, err)) < 0)
			goto out;
		if (k > 0)
			match(s, s == &a ? &b : &a, &pkt, bad);
		if (a.waiting + b.waiting > XV_WAIT_MAX) {
			/* Counted to the end, for the message. */
			for (int i = 0; i < XV_MAX_STREAMS; i++)
				bad[i] |= a.q[i].n > 0 || b.q[i].n > 0;
			while ((k = side_read(&a, pkt, err)) > 0)
				av_packet_unref(pkt);
			while (k == 0 && (k = side_read(&b, pkt, err)) > 0)
				av_packet_unref(pkt);
			if (k < 0)
				goto out;
		}
	}
	r = verdict(&a, &b, bad, joined->name, err);
out:
	for (int i = 0; i < XV_MAX_STREAMS; i++) {
		pq_free(&a.q[i]);
		pq_free(&b.q[i]);
	}
	close_rio(&a.ic);
	close_rio(&b.ic);
	av_packet_free(&pkt);
	return r;
}
