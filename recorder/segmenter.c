/* segmenter.c — fragmented-MP4 segment files, hashed as they are written, fsynced on close. */
#include "recorder/segmenter.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <libavformat/avformat.h>
#include <libavutil/mathematics.h>

#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/nalbits.h"
#include "recorder/storage.h"

#define SEG_MAX_STREAMS	4
#define SEG_IOV		512

/*
 * The layout (ISO/IEC 14496-12): ftyp and moov, written by libavformat's mov
 * muxer (it knows every codec's sample entry), then one moof+mdat fragment at
 * each video keyframe or every SEG_FRAGMENT_MAX bytes, written here with one
 * writev straight from the packets' buffers.  The mov muxer would copy each
 * fragment twice through a growing buffer first, which cost a recorder of
 * sixteen cameras more CPU than reading them.
 */

struct sample {
	AVPacket	*pkt;
	int64_t		 dts;		/* output time base */
	int64_t		 cts;		/* pts - dts, output time base */
	uint32_t	 dur;
	int		 key;
};

struct seg_track {
	enum AVCodecID	 codec;
	AVRational	 in_tb, out_tb;
	int		 annexb;
	int64_t		 base;		/* first timestamp kept, in in_tb */
	int64_t		 last_dts;	/* rebased, in in_tb */
	AVPacket	*pending;	/* held until the next packet gives its duration */
	int64_t		 pending_dur;	/* its duration when known (audio) */
	int64_t		 pending_src;	/* its timestamp as it came, before any nudge */
	struct sample	*s;		/* samples of the fragment being gathered */
	int		 n, cap;
	int64_t		 last_sample_dur;	/* in_tb, for the last sample at close */
};

struct seg {
	int			 fd;
	int			 werr;		/* errno of a failed write */
	char			*full;
	struct chain_hash	 hash;
	int64_t			 bytes;
	struct seg_done		 done;
	int			 video;
	int			 ntracks;
	struct seg_track	 tr[SEG_MAX_STREAMS];
	int64_t			 nvideo;	/* video samples written */
	int64_t			 vend;		/* end of the last video sample (in_tb, rebased) */
	int64_t			 frag_bytes;
	uint32_t		 frag_seq;
};

/*---- Writing and hashing ----*/

/* Writes everything in iov, hashing exactly the bytes that reach the file. */
static int
write_iov(struct seg *s, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(s->fd, iov, n > SEG_IOV ? SEG_IOV : n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			s->werr = errno;
			return -1;
		}
		s->bytes += w;
		while (w > 0 && n > 0) {
			size_t take = (size_t)w < iov->iov_len ? (size_t)w : iov->iov_len;

			chain_hash_update(&s->hash, iov->iov_base, take);
			iov->iov_base = (uint8_t *)iov->iov_base + take;
			iov->iov_len -= take;
			w -= (ssize_t)take;
			if (iov->iov_len == 0) {
				iov++;
				n--;
			}
		}
	}
	return 0;
}

/* libavformat writes the header through here. */
static int
header_write_cb(void *opaque, uint8_t *buf, int n)
{
	struct seg *s = opaque;
	struct iovec v = { buf, (size_t)n };

	return write_iov(s, &v, 1) == 0 ? n : AVERROR(s->werr);
}

/*---- Boxes ----*/

static uint8_t *
be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static uint8_t *
be64(uint8_t *p, uint64_t v)
{
	return be32(be32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

static uint8_t *
box(uint8_t *p, uint32_t size, const char *type)
{
	p = be32(p, size);
	memcpy(p, type, 4);
	return p + 4;
}

static size_t
traf_size(const struct seg_track *t, int with_cts)
{
	/* traf + tfhd + tfdt (v1) + trun header + per sample */
	return 8 + 16 + 20 + 20 + (size_t)t->n * (with_cts ? 16 : 12);
}

static int
needs_cts(const struct seg_track *t)
{
	for (int i = 0; i < t->n; i++)
		if (t->s[i].cts != 0)
			return 1;
	return 0;
}

/*
 * One fragment: moof (mfhd, then per track tfhd with default-base-is-moof,
 * tfdt and a trun giving each sample's duration, size and flags), then mdat
 * with the samples track after track.
 */
static int
flush_fragment(struct seg *s, struct vg_err *err)
{
	size_t moof = 8 + 16, data = 0, off;
	struct iovec *iov;
	uint8_t *hdr, *p;
	int niov = 0, total = 0, r;

	for (int i = 0; i < s->ntracks; i++) {
		if (s->tr[i].n > 0)
			moof += traf_size(&s->tr[i], needs_cts(&s->tr[i]));
		total += s->tr[i].n;
		for (int k = 0; k < s->tr[i].n; k++)
			data += (size_t)s->tr[i].s[k].pkt->size;
	}
	if (total == 0)
		return 0;
	hdr = xmalloc(moof + 8);
	iov = xmalloc((size_t)(total + 1) * sizeof *iov);
	p = box(hdr, (uint32_t)moof, "moof");
	p = box(p, 16, "mfhd");
	p = be32(p, 0);
	p = be32(p, ++s->frag_seq);
	off = moof + 8;
	for (int i = 0; i < s->ntracks; i++) {
		struct seg_track *t = &s->tr[i];
		int cts = needs_cts(t);

		if (t->n == 0)
			continue;
		p = box(p, (uint32_t)traf_size(t, cts), "traf");
		p = box(p, 16, "tfhd");
		p = be32(p, 0x020000);		/* default-base-is-moof */
		p = be32(p, (uint32_t)i + 1);	/* track_ID, as the mov muxer numbered them */
		p = box(p, 20, "tfdt");
		p = be32(p, 0x01000000);	/* version 1: 64-bit decode time */
		p = be64(p, (uint64_t)t->s[0].dts);
		p = box(p, (uint32_t)(20 + (size_t)t->n * (cts ? 16 : 12)), "trun");
		/* data-offset, sample duration, size, flags (and composition offset) */
		p = be32(p, (cts ? 0x01000000u : 0) | 0x000701u | (cts ? 0x000800u : 0));
		p = be32(p, (uint32_t)t->n);
		p = be32(p, (uint32_t)off);
		for (int k = 0; k < t->n; k++) {
			struct sample *x = &t->s[k];

			p = be32(p, x->dur);
			p = be32(p, (uint32_t)x->pkt->size);
			/* sync: depends on no other; else depends on others, not sync */
			p = be32(p, x->key ? 0x02000000u : 0x01010000u);
			if (cts)
				p = be32(p, (uint32_t)(int32_t)x->cts);
			iov[++niov].iov_base = x->pkt->data;
			iov[niov].iov_len = (size_t)x->pkt->size;
			off += (size_t)x->pkt->size;
		}
	}
	box(p, (uint32_t)(8 + data), "mdat");
	iov[0].iov_base = hdr;
	iov[0].iov_len = moof + 8;
	r = write_iov(s, iov, niov + 1);
	free(iov);
	free(hdr);
	for (int i = 0; i < s->ntracks; i++) {
		for (int k = 0; k < s->tr[i].n; k++)
			av_packet_free(&s->tr[i].s[k].pkt);
		s->tr[i].n = 0;
	}
	s->frag_bytes = 0;
	if (r != 0)
		return vg_seterr(err, VG_FAILED, _("cannot write segment %s: %s"), s->full,
		    strerror(s->werr));
	return 0;
}

/* The held packet of track i joins the fragment, now that its duration is known. */
static void
add_sample(struct seg *s, int i, int64_t duration)
{
	struct seg_track *t = &s->tr[i];
	struct sample *x;
	AVPacket *p = t->pending;
	int64_t d0, d1;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->s = xrealloc(t->s, (size_t)t->cap * sizeof *t->s);
	}
	x = &t->s[t->n++];
	d0 = av_rescale_q(p->dts, t->in_tb, t->out_tb);
	d1 = av_rescale_q(p->dts + duration, t->in_tb, t->out_tb);
	x->dts = d0;
	x->cts = av_rescale_q(p->pts, t->in_tb, t->out_tb) - d0;
	x->dur = d1 > d0 ? (uint32_t)(d1 - d0) : 0;
	x->key = i != s->video || (p->flags & AV_PKT_FLAG_KEY);
	if (i == s->video) {
		s->nvideo++;
		s->vend = p->dts + duration;
	}
	x->pkt = av_packet_alloc();
	VG_ASSERT(x->pkt != NULL);
	av_packet_move_ref(x->pkt, p);
	t->last_sample_dur = duration;
	s->frag_bytes += x->pkt->size;
}

/* Where the next start code (00 00 01) begins at or after p, or end. */
static const uint8_t *
next_start(const uint8_t *p, const uint8_t *end)
{
	for (; p + 3 <= end; p++)
		if (p[0] == 0 && p[1] == 0 && p[2] == 1)
			return p;
	return end;
}

/* An Annex B picture (libavformat's client) in the MP4 layout: each NAL unit
 * behind its length in 4 bytes instead of a start code. */
static void
to_lengths(const AVPacket *in, AVPacket *out)
{
	const uint8_t *p = in->data, *end = in->data + in->size, *nal;
	uint8_t *o;

	VG_ASSERT(av_new_packet(out, in->size + 16) == 0);
	o = out->data;
	nal = next_start(p, end);
	while (nal < end) {
		const uint8_t *body = nal + 3, *stop = next_start(body, end), *last = stop;
		size_t n;

		while (last > body && last[-1] == 0 && stop < end)
			last--;	/* the zero before a 4-byte start code */
		n = (size_t)(last - body);
		if (n > 0 && (size_t)(o - out->data) + 4 + n <= (size_t)out->size) {
			o = be32(o, (uint32_t)n);
			memcpy(o, body, n);
			o += n;
		}
		nal = stop;
	}
	out->size = (int)(o - out->data);
	av_packet_copy_props(out, in);
}

/* libavformat's client can hand a picture over in several packets with one
 * timestamp; a sample is the whole picture. */
static void
append_to_pending(struct seg_track *t, const AVPacket *in)
{
	AVPacket *more = av_packet_alloc(), *both = av_packet_alloc();

	VG_ASSERT(more != NULL && both != NULL);
	if (t->annexb)
		to_lengths(in, more);
	else
		VG_ASSERT(av_packet_ref(more, in) == 0);
	VG_ASSERT(av_new_packet(both, t->pending->size + more->size) == 0);
	memcpy(both->data, t->pending->data, (size_t)t->pending->size);
	memcpy(both->data + t->pending->size, more->data, (size_t)more->size);
	av_packet_copy_props(both, t->pending);
	both->flags |= more->flags & AV_PKT_FLAG_KEY;
	av_packet_unref(t->pending);
	av_packet_move_ref(t->pending, both);
	av_packet_free(&both);
	av_packet_free(&more);
}

/*---- The segment ----*/

static void
seg_free(struct seg *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < s->ntracks; i++) {
		av_packet_free(&s->tr[i].pending);
		for (int k = 0; k < s->tr[i].n; k++)
			av_packet_free(&s->tr[i].s[k].pkt);
		free(s->tr[i].s);
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->hash.ctx != NULL)
		chain_hash_free(&s->hash);
	free(s->full);
	free(s);
}

static int
av_fail(struct vg_err *err, const char *what, const char *path, int code)
{
	char msg[AV_ERROR_MAX_STRING_SIZE];

	av_strerror(code, msg, sizeof msg);
	return vg_seterr(err, VG_FAILED, _("%s %s: %s"), what, path, msg);
}

/* ftyp and moov from the mov muxer, through header_write_cb; it also tells
 * each track's time scale. */
static int
write_header(struct seg *s, const struct seg_open_args *a, struct vg_err *err)
{
	AVFormatContext *oc = NULL;
	AVDictionary *opts = NULL;
	uint8_t *buf;
	char meta[160], iso[32];
	int r;

	if ((r = avformat_alloc_output_context2(&oc, NULL, "mp4", NULL)) < 0)
		return av_fail(err, _("cannot start segment"), s->full, r);
	for (int i = 0; i < a->nstreams; i++) {
		AVStream *st = avformat_new_stream(oc, NULL);

		VG_ASSERT(st != NULL);
		if ((r = avcodec_parameters_copy(st->codecpar, a->streams[i].par)) < 0) {
			av_fail(err, _("cannot start segment"), s->full, r);
			goto out;
		}
		st->codecpar->codec_tag = 0;
		st->time_base = a->streams[i].tb;
	}
	/* Recovery reads the start time back from here after a crash. */
	snprintf(meta, sizeof meta, "vigil camera=%s seq=%lld start_us=%lld", a->camera,
	    (long long)a->seq, (long long)a->start_us);
	av_dict_set(&oc->metadata, "comment", meta, 0);
	av_dict_set(&oc->metadata, "creation_time", time_fmt_iso(a->start_us, iso), 0);
	buf = av_malloc(SEG_AVIO_BUFFER);
	VG_ASSERT(buf != NULL);
	oc->pb = avio_alloc_context(buf, SEG_AVIO_BUFFER, 1, s, NULL, header_write_cb, NULL);
	VG_ASSERT(oc->pb != NULL);
	oc->pb->seekable = 0;
	oc->flags |= AVFMT_FLAG_CUSTOM_IO;
	av_dict_set(&opts, "movflags", "empty_moov+default_base_moof", 0);
	r = avformat_write_header(oc, &opts);
	av_dict_free(&opts);
	if (r >= 0)
		avio_flush(oc->pb);
	if (r < 0 || s->werr != 0) {
		av_fail(err, _("cannot write the header of segment"), s->full,
		    s->werr ? AVERROR(s->werr) : r);
		r = -1;
		goto out;
	}
	for (int i = 0; i < a->nstreams; i++)
		s->tr[i].out_tb = oc->streams[i]->time_base;
	r = 0;
out:
	if (oc->pb != NULL) {
		av_freep(&oc->pb->buffer);
		avio_context_free(&oc->pb);
	}
	avformat_free_context(oc);
	return r;
}

struct seg *
seg_open(const struct seg_open_args *a, struct vg_err *err)
{
	struct seg *s = xcalloc(1, sizeof *s);
	char *rel;

	VG_ASSERT(a->nstreams > 0 && a->nstreams <= SEG_MAX_STREAMS);
	s->fd = -1;
	rel = storage_relpath(a->camera, a->seq, a->start_us);
	snprintf(s->done.path, sizeof s->done.path, "%s", rel);
	free(rel);
	s->done.seq = a->seq;
	s->done.start_us = a->start_us;
	s->full = vg_path_join(a->root, s->done.path);
	s->video = a->video;
	s->ntracks = a->nstreams;
	for (int i = 0; i < a->nstreams; i++) {
		s->tr[i].codec = a->streams[i].par->codec_id;
		s->tr[i].in_tb = a->streams[i].tb;
		s->tr[i].annexb = a->streams[i].annexb;
		s->tr[i].base = av_rescale_q(a->base_ts, a->streams[a->video].tb, a->streams[i].tb);
		s->tr[i].last_dts = INT64_MIN;
		s->tr[i].pending = av_packet_alloc();
		VG_ASSERT(s->tr[i].pending != NULL);
	}
	if (storage_mkdirs(a->root, s->done.path, err) != 0)
		goto fail;
	/* O_EXCL: footage already on disk is never written over. */
	s->fd = open(s->full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (s->fd < 0 || fchmod(s->fd, 0640) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot create segment %s: %s"), s->full, strerror(errno));
		goto fail;
	}
	chain_hash_init(&s->hash);
	if (write_header(s, a, err) != 0)
		goto fail;
	return s;
fail:
	if (s->fd >= 0 && s->bytes == 0)
		unlink(s->full);	/* nothing recorded in it yet: not footage */
	seg_free(s);
	return NULL;
}

int
seg_write(struct seg *s, int i, const AVPacket *in, struct vg_err *err)
{
	struct seg_track *t = &s->tr[i];
	int64_t dts = in->dts != AV_NOPTS_VALUE ? in->dts : in->pts, pts;
	int key = i == s->video && (in->flags & AV_PKT_FLAG_KEY);

	VG_ASSERT(i >= 0 && i < s->ntracks);
	if (dts == AV_NOPTS_VALUE || dts < t->base)
		return 0;	/* before the segment's first keyframe (audio) or untimed */
	if (i == s->video && t->pending->data != NULL && dts == t->pending_src) {
		append_to_pending(t, in);	/* another slice of the same picture */
		return 0;
	}
	t->pending_src = dts;
	dts -= t->base;
	pts = in->pts != AV_NOPTS_VALUE ? in->pts - t->base : dts;
	/* Strictly increasing dts: a camera that stutters gets its timestamps
	 * nudged forward, never reordered. */
	if (t->last_dts != INT64_MIN && dts <= t->last_dts)
		dts = t->last_dts + 1;
	if (pts < dts)
		pts = dts;
	if (t->pending->data != NULL)
		add_sample(s, i, dts - t->pending->dts);
	/* A fragment ends before each keyframe, or when it has grown big. */
	if ((key || s->frag_bytes >= SEG_FRAGMENT_MAX) && flush_fragment(s, err) != 0)
		return -1;
	if (t->annexb)
		to_lengths(in, t->pending);
	else if (av_packet_ref(t->pending, in) < 0)
		vg_fatal("out of memory");
	t->pending->dts = dts;
	t->pending->pts = pts;
	t->pending_dur = in->duration;
	t->last_dts = dts;
	return 0;
}

int64_t
seg_span_us(const struct seg *s, int64_t video_ts)
{
	const struct seg_track *t = &s->tr[s->video];

	return av_rescale_q(video_ts - t->base, t->in_tb, AV_TIME_BASE_Q);
}

int64_t
seg_wall_us(const struct seg *s, int64_t video_ts)
{
	return s->done.start_us + seg_span_us(s, video_ts);
}

/* One frame's duration, from the average so far (40 ms if unknown). */
static int64_t
frame_duration(const struct seg *s)
{
	const struct seg_track *t = &s->tr[s->video];

	if (s->nvideo >= 1 && s->vend > 0)
		return s->vend / s->nvideo > 0 ? s->vend / s->nvideo : 1;
	return av_rescale_q(40000, AV_TIME_BASE_Q, t->in_tb);
}

/*
 * Whether a picture held last (its NAL units behind 4-byte lengths) has a
 * slice.  libavformat's client hands a picture over in several packets; a
 * stream that ends in the middle of one can leave only its delimiter or SEI,
 * which no decoder takes for a picture ("missing picture in access unit").
 * Units that do not parse count as a slice: nothing is dropped on a guess.
 */
static int
has_slice(enum AVCodecID codec, const AVPacket *p)
{
	const uint8_t *nal;
	size_t pos = 0, len, n = (size_t)p->size;

	if (codec != AV_CODEC_ID_H264 && codec != AV_CODEC_ID_HEVC)
		return 1;
	while (nb_next_len_nal(p->data, n, 4, &pos, &nal, &len)) {
		int type = codec == AV_CODEC_ID_H264 ? nal[0] & 0x1f : (nal[0] >> 1) & 0x3f;

		/* H.264 7.4.1.2: types 1-5; H.265 7.4.2.2: types 0-31 */
		if (codec == AV_CODEC_ID_H264 ? type >= 1 && type <= 5 : type <= 31)
			return 1;
	}
	return pos != n;
}

int
seg_close(struct seg *s, int64_t end_ts, struct seg_done *out, struct vg_err *err)
{
	char *dir;

	for (int i = 0; i < s->ntracks; i++) {
		struct seg_track *t = &s->tr[i];
		int64_t d;

		if (t->pending->data == NULL)
			continue;
		if (i == s->video && !has_slice(t->codec, t->pending)) {
			av_packet_unref(t->pending);	/* the stream ended inside a picture */
			continue;
		}
		if (i == s->video)
			d = end_ts != AV_NOPTS_VALUE && end_ts - t->base > t->pending->dts ?
			    end_ts - t->base - t->pending->dts : frame_duration(s);
		else
			d = t->pending_dur > 0 ? t->pending_dur : t->last_sample_dur;
		add_sample(s, i, d);
	}
	if (flush_fragment(s, err) != 0)
		goto fail;
	if (fsync(s->fd) != 0 || close(s->fd) != 0) {
		s->fd = -1;
		vg_seterr(err, VG_FAILED, _("cannot sync segment %s: %s"), s->full, strerror(errno));
		goto fail;
	}
	s->fd = -1;
	dir = vg_dirname(s->full);
	vg_fsync_dir(dir);
	free(dir);
	s->done.end_us = s->done.start_us +
	    av_rescale_q(s->vend, s->tr[s->video].in_tb, AV_TIME_BASE_Q);
	s->done.bytes = s->bytes;
	chain_hash_final(&s->hash, s->done.sha256);
	*out = s->done;
	seg_free(s);
	return 0;
fail:
	*out = s->done;	/* the name, for recovery */
	seg_free(s);
	return -1;
}

