/* rtp.c — turning RTP payloads back into access units (H.264, H.265, AAC). */
#include "recorder/rtp.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const uint8_t start_code[4] = { 0, 0, 0, 1 };	/* also the length placeholder */

void
rtp_depay_init(struct rtp_depay *d, enum rtp_codec c)
{
	memset(d, 0, sizeof *d);
	d->codec = c;
	d->sizelength = 13;
	d->indexlength = 3;
	d->indexdeltalength = 3;
}

void
rtp_depay_free(struct rtp_depay *d)
{
	free(d->au);
	d->au = NULL;
	d->len = d->cap = 0;
}

/*
 * Pictures' buffers come back (rtp_buffer_put, when the segment that held
 * them is written) on the same camera thread: keeping a few for the next
 * pictures saves a malloc, a free and the allocator's consolidation per
 * picture, hundreds of times a second.  Only a P- or B-frame's size is kept:
 * a keyframe's buffer (hundreds of KB, once a GOP) goes back to the system,
 * or thirty cameras would each hold a few of them for nothing.
 */
#define SPARE_BUFFERS	4
#define SPARE_MAX_CAP	(64 * 1024)
static _Thread_local struct {
	uint8_t	*p;
	size_t	 cap;
} spare[SPARE_BUFFERS];

void
rtp_buffer_put(uint8_t *p, size_t cap)
{
	for (int i = 0; i < SPARE_BUFFERS && cap <= SPARE_MAX_CAP; i++)
		if (spare[i].p == NULL) {
			spare[i].p = p;
			spare[i].cap = cap;
			return;
		}
	free(p);
}

static uint8_t *
buffer_get(size_t min, size_t *cap)
{
	int best = -1;

	for (int i = 0; i < SPARE_BUFFERS; i++)
		if (spare[i].p != NULL && spare[i].cap >= min &&
		    (best < 0 || spare[i].cap < spare[best].cap))
			best = i;
	if (best >= 0) {
		uint8_t *p = spare[best].p;

		*cap = spare[best].cap;
		spare[best].p = NULL;
		return p;
	}
	*cap = min;
	return xmalloc(min);
}

void
rtp_buffers_release(void)
{
	for (int i = 0; i < SPARE_BUFFERS; i++) {
		free(spare[i].p);
		spare[i].p = NULL;
	}
}

static void
au_add(struct rtp_depay *d, const uint8_t *p, size_t n)
{
	if (d->len + n > RTP_MAX_UNIT) {
		d->au_broken = 1;	/* a picture that never ends: drop it, keep memory */
		d->len = 0;
		return;
	}
	if (d->au == NULL)
		d->au = buffer_get(d->typical > 8192 ? d->typical * 3 / 2 : 12288, &d->cap);
	if (d->len + n + RTP_PADDING > d->cap) {
		size_t cap = d->cap;

		while (cap < d->len + n + RTP_PADDING)
			cap *= 2;
		d->au = xrealloc(d->au, cap);
		d->cap = cap;
	}
	memcpy(d->au + d->len, p, n);
	d->len += n;
}

/* A NAL unit starts: room for its length, filled in when it ends. */
static void
nal_begin(struct rtp_depay *d)
{
	d->nal_start = d->len;
	au_add(d, start_code, sizeof start_code);
}

static void
nal_end(struct rtp_depay *d)
{
	size_t n = d->len - d->nal_start - 4;

	d->au[d->nal_start] = (uint8_t)(n >> 24);
	d->au[d->nal_start + 1] = (uint8_t)(n >> 16);
	d->au[d->nal_start + 2] = (uint8_t)(n >> 8);
	d->au[d->nal_start + 3] = (uint8_t)n;
}

static int64_t
extend_ts(struct rtp_depay *d, uint32_t ts)
{
	if (!d->ts_valid) {
		d->ts_valid = 1;
		d->last_ts = ts;
		d->first_ts = ts;
		return 0;
	}
	/* A timestamp far below the last one has wrapped past 2^32. */
	if (ts < d->last_ts && d->last_ts - ts > 0x80000000u)
		d->wraps++;
	d->last_ts = ts;
	return d->wraps * (INT64_C(1) << 32) + (int64_t)ts - d->first_ts;
}

static void
au_emit(struct rtp_depay *d, rtp_emit_fn emit, void *arg)
{
	if (d->fu_open)
		d->au_broken = 1;	/* a fragment never finished */
	if (d->au_open && d->len > 0 && !d->au_broken) {
		memset(d->au + d->len, 0, RTP_PADDING);
		d->typical = (d->typical * 7 + d->len) / 8;
		if (emit(arg, d->au, d->len, d->cap, d->au_ts, d->au_key, 1)) {
			d->au = NULL;	/* the callback keeps it */
			d->cap = 0;
		}
	}
	d->len = 0;
	d->au_open = d->au_key = d->au_broken = d->fu_open = d->au_pic = 0;
}

/* Notes what a NAL unit is: a keyframe, or a parameter set to remember. */
static void
nal_note(struct rtp_depay *d, int type, const uint8_t *nal, size_t n)
{
	int slot = -1;

	if (d->codec == RTP_H264) {
		if (type == 5)
			d->au_key = 1;
		d->au_pic |= type >= 1 && type <= 5;
		slot = type == 7 ? 1 : type == 8 ? 2 : -1;
	} else {
		if (type >= 16 && type <= 21)
			d->au_key = 1;
		d->au_pic |= type <= 31;
		slot = type == 32 ? 0 : type == 33 ? 1 : type == 34 ? 2 : -1;
	}
	if (slot >= 0 && nal != NULL && n <= sizeof d->ps[slot]) {
		memcpy(d->ps[slot], nal, n);
		d->pslen[slot] = n;
	}
}

static int
nal_type(const struct rtp_depay *d, const uint8_t *nal)
{
	return d->codec == RTP_H264 ? nal[0] & 0x1f : (nal[0] >> 1) & 0x3f;
}

static void
add_nal(struct rtp_depay *d, const uint8_t *nal, size_t n)
{
	if (n == 0)
		return;
	nal_note(d, nal_type(d, nal), nal, n);
	nal_begin(d);
	au_add(d, nal, n);
	nal_end(d);
}

/* Aggregation packets (H.264 STAP-A, H.265 AP): 16-bit size, NAL, repeated. */
static void
aggregate(struct rtp_depay *d, const uint8_t *p, size_t n, size_t off)
{
	while (off + 2 <= n) {
		size_t sz = (size_t)p[off] << 8 | p[off + 1];

		off += 2;
		if (off + sz > n) {
			d->au_broken = 1;
			return;
		}
		add_nal(d, p + off, sz);
		off += sz;
	}
}

/* Fragmentation units (H.264 FU-A, H.265 FU): the NAL header is rebuilt
 * from the first fragment; a fragment without its start is useless. */
static void
fragment(struct rtp_depay *d, const uint8_t *p, size_t n)
{
	size_t hl = d->codec == RTP_H264 ? 2 : 3;
	uint8_t fu, hdr[2];
	int type;

	if (n < hl) {
		d->au_broken = 1;
		return;
	}
	fu = p[hl - 1];
	type = d->codec == RTP_H264 ? fu & 0x1f : fu & 0x3f;
	if (fu & 0x80) {
		nal_note(d, type, NULL, 0);
		nal_begin(d);
		if (d->codec == RTP_H264) {
			hdr[0] = (uint8_t)((p[0] & 0xe0) | type);
			au_add(d, hdr, 1);
		} else {
			hdr[0] = (uint8_t)((p[0] & 0x81) | (type << 1));
			hdr[1] = p[1];
			au_add(d, hdr, 2);
		}
		d->fu_open = 1;
	} else if (!d->fu_open) {
		d->au_broken = 1;
		return;
	}
	au_add(d, p + hl, n - hl);
	if (fu & 0x40) {
		d->fu_open = 0;
		nal_end(d);
	}
}

static void
video_payload(struct rtp_depay *d, const uint8_t *p, size_t n)
{
	int t;

	if (n < 1)
		return;
	t = nal_type(d, p);
	if (d->codec == RTP_H264) {
		if (t >= 1 && t <= 23)
			add_nal(d, p, n);
		else if (t == 24)
			aggregate(d, p, n, 1);
		else if (t == 28)
			fragment(d, p, n);
	} else {
		if (n < 2)
			return;
		if (t <= 47)
			add_nal(d, p, n);
		else if (t == 48)
			aggregate(d, p, n, 2);
		else if (t == 49)
			fragment(d, p, n);
	}
}

static unsigned
bits(const uint8_t *p, size_t *pos, int n)
{
	unsigned v = 0;

	for (int i = 0; i < n; i++, (*pos)++)
		v = v << 1 | ((p[*pos / 8] >> (7 - *pos % 8)) & 1);
	return v;
}

/* RFC 3640 (AAC-hbr/lbr): AU-headers-length, the AU headers, then the AUs. */
static void
aac_payload(struct rtp_depay *d, const uint8_t *p, size_t n, int64_t ts, rtp_emit_fn emit,
    void *arg)
{
	size_t hbits, hbytes, pos = 0, off;
	unsigned sizes[64];
	int k = 0;

	if (n < 2)
		return;
	hbits = (size_t)p[0] << 8 | p[1];
	hbytes = (hbits + 7) / 8;
	if (2 + hbytes > n || d->sizelength <= 0)
		return;
	while (pos + (size_t)d->sizelength <= hbits && k < 64) {
		int il = k == 0 ? d->indexlength : d->indexdeltalength;

		sizes[k++] = bits(p + 2, &pos, d->sizelength);
		if (pos + (size_t)il > hbits)
			break;
		pos += (size_t)il;
	}
	off = 2 + hbytes;
	for (int i = 0; i < k; i++) {
		if (off + sizes[i] > n)
			break;
		emit(arg, (uint8_t *)p + off, sizes[i], 0, ts + (int64_t)i * 1024, 1, 0);
		off += sizes[i];
	}
}

int
rtp_depay_packet(struct rtp_depay *d, const uint8_t *b, size_t len, rtp_emit_fn emit,
    void *arg)
{
	size_t hl;
	uint16_t seq;
	uint32_t ts;
	int marker;
	int64_t ext;

	if (len < 12 || (b[0] >> 6) != 2)
		return -1;
	hl = 12 + 4 * (size_t)(b[0] & 0x0f);
	if (b[0] & 0x10) {	/* header extension */
		if (hl + 4 > len)
			return -1;
		hl += 4 + 4 * ((size_t)b[hl + 2] << 8 | b[hl + 3]);
	}
	if (b[0] & 0x20) {	/* padding */
		if (b[len - 1] > len - hl)
			return -1;
		len -= b[len - 1];
	}
	if (hl > len)
		return -1;
	marker = b[1] & 0x80;
	seq = (uint16_t)(b[2] << 8 | b[3]);
	ts = (uint32_t)b[4] << 24 | (uint32_t)b[5] << 16 | (uint32_t)b[6] << 8 | b[7];
	if (d->seq_valid && (int16_t)(seq - d->seq) <= 0)
		return 0;	/* duplicate or late: already past it */
	ext = extend_ts(d, ts);
	if (d->seq_valid) {
		int16_t delta = (int16_t)(seq - d->seq);

		if (delta > 1) {
			/* Lost packets: inside this picture, or at the end of the last
			 * one and perhaps the head of this one. */
			d->lost += delta - 1;
			d->au_broken |= d->au_open;
			d->fu_open = 0;
			d->gap = !(d->au_open && ext == d->au_ts);
		}
	}
	d->seq = seq;
	d->seq_valid = 1;
	if (d->codec == RTP_AAC) {
		aac_payload(d, b + hl, len - hl, ext, emit, arg);
		return 0;
	}
	/* A new timestamp ends the picture; NAL units with no picture (a
	 * delimiter, SEI, parameter sets sent with a timestamp of their own)
	 * go with the picture that follows and take its time: alone they would
	 * be a sample a decoder finds no picture in. */
	if (d->au_open && ext != d->au_ts && !d->au_pic && !d->au_broken)
		d->au_ts = ext;
	if (d->au_open && ext != d->au_ts)
		au_emit(d, emit, arg);
	if (!d->au_open) {
		d->au_open = 1;
		d->au_ts = ext;
		d->au_broken = d->gap;
		d->gap = 0;
	}
	video_payload(d, b + hl, len - hl);
	if (marker && (d->au_pic || d->au_broken))
		au_emit(d, emit, arg);
	return 0;
}

size_t
rtp_avcc(const uint8_t *sps, size_t spslen, const uint8_t *pps, size_t ppslen, uint8_t *out,
    size_t cap)
{
	size_t n = 0;

	if (spslen < 4 || ppslen < 1 || 11 + spslen + ppslen > cap)
		return 0;
	out[n++] = 1;		/* configurationVersion */
	out[n++] = sps[1];	/* profile, compatibility, level from the SPS */
	out[n++] = sps[2];
	out[n++] = sps[3];
	out[n++] = 0xff;	/* 4-byte NAL lengths */
	out[n++] = 0xe1;	/* one SPS */
	out[n++] = (uint8_t)(spslen >> 8);
	out[n++] = (uint8_t)spslen;
	memcpy(out + n, sps, spslen);
	n += spslen;
	out[n++] = 1;		/* one PPS */
	out[n++] = (uint8_t)(ppslen >> 8);
	out[n++] = (uint8_t)ppslen;
	memcpy(out + n, pps, ppslen);
	return n + ppslen;
}

size_t
rtp_depay_extradata(const struct rtp_depay *d, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int first = d->codec == RTP_H265 ? 0 : 1;

	if (d->codec == RTP_H264)
		return rtp_avcc(d->ps[1], d->pslen[1], d->ps[2], d->pslen[2], out, cap);
	for (int i = first; i < 3; i++) {
		if (d->pslen[i] == 0 || n + 4 + d->pslen[i] > cap)
			return 0;
		memcpy(out + n, start_code, 4);
		memcpy(out + n + 4, d->ps[i], d->pslen[i]);
		n += 4 + d->pslen[i];
	}
	return n;
}
