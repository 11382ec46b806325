/* h264refs.c — whether an H.264 stream's P pictures refer only to I and P pictures, from its slice headers. */
#include "recorder/h264refs.h"

#include <limits.h>
#include <string.h>

#include "core/util.h"
#include "recorder/nalbits.h"
#include "recorder/sps.h"

#define MAX_SPS 32
#define MAX_PPS 256
#define MAX_REFS 16		/* reference frames a decoder holds (A.3.1) */
#define MAX_LIST 32		/* num_ref_idx_l0_active_minus1 <= 31 */
#define MAX_OPS 64		/* list modifications or MMCOs read from one slice */
#define MAX_DIFF (1 << 16)	/* frame_num is at most 16 bits (7.4.2.1.1) */
/* A slice header up to its reference marking fits in this, weight tables too. */
#define HEADER_BYTES 1024
/* P pictures after B reference pictures, referring to none of them, before
 * skipping B pictures is trusted. */
#define EVIDENCE 2

enum { SLICE_P, SLICE_B, SLICE_I, SLICE_SP, SLICE_SI };

struct pps {
	int	present, sps;
	int	bottom_field_pic_order, redundant_pic_cnt;
	int	num_ref_idx[2];
	int	weighted_pred, weighted_bipred;
};

struct ref {
	int	frame_num;	/* -1: no picture */
	int	b;		/* a B picture, or the gap a decoder skipping B holds instead */
};

/* Short-term reference frames, oldest first. */
struct dpb {
	struct ref	r[MAX_REFS];
	int		n;
};

struct slice {
	int	type, idr, ref_idc, frame_num, redundant;
	int	nref0;
	int	nmods, mods[MAX_OPS][2];	/* modification_of_pic_nums_idc, abs_diff */
	int	adaptive, nmmco, mmco[MAX_OPS];	/* MMCO 1: difference_of_pic_nums_minus1 */
};

struct h264refs {
	int		 nal_len;	/* bytes of each NAL unit's length (avcC); 0: start codes */
	struct sps_h264	 sps[MAX_SPS];
	int		 sps_present[MAX_SPS];
	struct pps	 pps[MAX_PPS];
	struct dpb	 real;		/* as the stream marks them */
	struct dpb	 skipping;	/* as a decoder skipping B pictures holds them */
	int		 prev_ref_fn;	/* -1: none since the last reset */
	int		 evidence, unsafe;
	int		 last_b;
};

/*---- Parameter sets ----*/

static void
read_sps(struct h264refs *h, const uint8_t *nal, size_t n)
{
	struct sps_info si;

	/* out of the standard's ranges: slices that use it are not followed */
	if (sps_parse(AV_CODEC_ID_H264, nal, n, &si) == 0 && si.h264.id >= 0 &&
	    si.h264.id < MAX_SPS && si.h264.log2_max_frame_num <= 16 &&
	    si.h264.log2_max_poc_lsb <= 16 && si.h264.max_num_ref_frames >= 0 &&
	    si.h264.max_num_ref_frames <= MAX_REFS) {
		h->sps[si.h264.id] = si.h264;
		h->sps_present[si.h264.id] = 1;
	}
}

static void
read_pps(struct h264refs *h, const uint8_t *nal, size_t n)
{
	uint8_t rbsp[64];
	struct nb_reader b = { rbsp, 0, 8, 0 };
	struct pps p;
	unsigned id, sps;

	memset(&p, 0, sizeof p);
	b.n = nb_unescape(nal, n, rbsp, sizeof rbsp);
	id = nb_ue(&b);
	sps = nb_ue(&b);
	p.sps = sps < MAX_SPS ? (int)sps : MAX_SPS;	/* beyond: not present */
	nb_u(&b, 1);				/* entropy_coding_mode */
	p.bottom_field_pic_order = (int)nb_u(&b, 1);
	if (nb_ue(&b) != 0)			/* slice groups: not followed */
		b.bad = 1;
	for (int l = 0; l < 2; l++) {
		unsigned v = nb_ue(&b);

		p.num_ref_idx[l] = v < MAX_LIST ? (int)v + 1 : MAX_LIST + 1;
	}
	p.weighted_pred = (int)nb_u(&b, 1);
	p.weighted_bipred = (int)nb_u(&b, 2);
	nb_se(&b);
	nb_se(&b);
	nb_se(&b);				/* QP and chroma QP offsets */
	nb_u(&b, 2);				/* deblocking control, constrained intra */
	p.redundant_pic_cnt = (int)nb_u(&b, 1);
	p.present = !b.bad && p.sps < MAX_SPS && p.num_ref_idx[0] <= MAX_LIST &&
	    p.num_ref_idx[1] <= MAX_LIST;
	if (id < MAX_PPS)
		h->pps[id] = p;		/* one that does not read leaves none */
}

/*---- Slice headers (7.3.3) ----*/

/* ref_pic_list_modification for one list; into s (P slices) or read past. */
static int
read_mods(struct nb_reader *b, struct slice *s)
{
	if (!nb_u(b, 1))
		return 0;
	for (int i = 0; i < MAX_OPS && !b->bad; i++) {
		unsigned idc = nb_ue(b), v;

		if (idc == 3)
			return 0;
		if (idc > 2)
			return -1;		/* MVC's: not in these profiles */
		if ((v = nb_ue(b)) >= MAX_DIFF)
			return -1;
		if (s == NULL)
			continue;
		if (idc == 2)
			return -1;		/* a long-term picture */
		s->mods[s->nmods][0] = (int)idc;
		s->mods[s->nmods][1] = (int)v;
		s->nmods++;
	}
	return -1;
}

static void
read_weights(struct nb_reader *b, int n, int chroma)
{
	for (int i = 0; i < n && !b->bad; i++) {
		if (nb_u(b, 1)) {
			nb_se(b);
			nb_se(b);
		}
		if (chroma && nb_u(b, 1))
			for (int k = 0; k < 4; k++)
				nb_se(b);
	}
}

static int
read_marking(struct nb_reader *b, struct slice *s)
{
	if (s->idr) {
		nb_u(b, 1);			/* no_output_of_prior_pics */
		return nb_u(b, 1) ? -1 : 0;	/* long_term_reference_flag */
	}
	if (!(s->adaptive = (int)nb_u(b, 1)))
		return 0;
	for (int i = 0; i < MAX_OPS && !b->bad; i++) {
		unsigned op = nb_ue(b), v;

		if (op == 0)
			return 0;
		if (op != 1)
			return -1;		/* long-term pictures, or MMCO 5 */
		if ((v = nb_ue(b)) >= MAX_DIFF)
			return -1;
		s->mmco[s->nmmco++] = (int)v;
	}
	return -1;
}

/* The slice header, after the slice type, as far as list 0 and marking. */
static int
read_refs(struct nb_reader *b, const struct sps_h264 *sps, const struct pps *pps, struct slice *s)
{
	int n1 = pps->num_ref_idx[1], p = s->type == SLICE_P || s->type == SLICE_SP;

	s->nref0 = pps->num_ref_idx[0];
	if (s->type == SLICE_B)
		nb_u(b, 1);			/* direct_spatial_mv_pred */
	if ((p || s->type == SLICE_B) && nb_u(b, 1)) {
		unsigned n0 = nb_ue(b), v = s->type == SLICE_B ? nb_ue(b) : 0;

		s->nref0 = n0 < MAX_LIST ? (int)n0 + 1 : MAX_LIST + 1;
		n1 = v < MAX_LIST ? (int)v + 1 : MAX_LIST + 1;
	}
	if (s->nref0 > MAX_LIST || n1 > MAX_LIST)
		return -1;
	if (s->type != SLICE_I && s->type != SLICE_SI && read_mods(b, p ? s : NULL) != 0)
		return -1;
	if (s->type == SLICE_B && read_mods(b, NULL) != 0)
		return -1;
	if ((pps->weighted_pred && p) || (pps->weighted_bipred == 1 && s->type == SLICE_B)) {
		nb_ue(b);
		if (sps->chroma_array_type != 0)
			nb_ue(b);		/* the denominators */
		read_weights(b, s->nref0, sps->chroma_array_type != 0);
		if (s->type == SLICE_B)
			read_weights(b, n1, sps->chroma_array_type != 0);
	}
	if (s->ref_idc != 0 && read_marking(b, s) != 0)
		return -1;
	return b->bad ? -1 : 0;
}

static int
read_slice(struct h264refs *h, const uint8_t *nal, size_t n, struct slice *s,
    const struct sps_h264 **spsp)
{
	uint8_t rbsp[HEADER_BYTES];
	struct nb_reader b = { rbsp, 0, 8, 0 };
	const struct sps_h264 *sps;
	const struct pps *pps;
	unsigned type, id;

	memset(s, 0, sizeof *s);
	b.n = nb_unescape(nal, n, rbsp, sizeof rbsp);
	s->ref_idc = (nal[0] >> 5) & 3;
	s->idr = (nal[0] & 0x1f) == 5;
	nb_ue(&b);				/* first_mb_in_slice */
	type = nb_ue(&b);
	id = nb_ue(&b);
	if (b.bad || type > 9 || id >= MAX_PPS || !h->pps[id].present ||
	    !h->sps_present[h->pps[id].sps])
		return -1;
	s->type = (int)type % 5;
	pps = &h->pps[id];
	*spsp = sps = &h->sps[pps->sps];
	if (sps->separate_colour_plane)
		nb_u(&b, 2);
	s->frame_num = (int)nb_u(&b, sps->log2_max_frame_num);
	if (!sps->frame_mbs_only && nb_u(&b, 1))
		return -1;			/* a field picture: not followed */
	if (s->idr)
		nb_ue(&b);			/* idr_pic_id */
	if (sps->poc_type == 0) {
		nb_u(&b, sps->log2_max_poc_lsb);
		if (pps->bottom_field_pic_order)
			nb_se(&b);
	} else if (sps->poc_type == 1 && !sps->delta_pic_order_always_zero) {
		nb_se(&b);
		if (pps->bottom_field_pic_order)
			nb_se(&b);
	}
	if (pps->redundant_pic_cnt && nb_ue(&b) != 0) {
		s->redundant = 1;		/* decoders with the primary ignore it */
		return 0;
	}
	return read_refs(&b, sps, pps, s);
}

/*---- Reference pictures (8.2.4, 8.2.5) ----*/

/* FrameNumWrap (8-27): pictures before a wrap of frame_num count negative. */
static int
wrap(int fn, int cur, int max_fn)
{
	return fn > cur ? fn - max_fn : fn;
}

static void
drop(struct dpb *d, int i)
{
	memmove(&d->r[i], &d->r[i + 1], (size_t)(d->n - i - 1) * sizeof d->r[0]);
	d->n--;
}

static int
find(const struct dpb *d, int pic_num, int cur, int max_fn)
{
	for (int i = 0; i < d->n; i++)
		if (wrap(d->r[i].frame_num, cur, max_fn) == pic_num)
			return i;
	return -1;
}

/* List 0 of a P slice (8.2.4.2.1, 8.2.4.3.1): -1 if it names a picture not held. */
static int
list0(const struct dpb *d, const struct slice *s, int max_fn, struct ref *l)
{
	int n = s->nref0, pred = s->frame_num, k = 0;

	for (int i = 0; i <= n; i++) {
		l[i].frame_num = -1;
		l[i].b = 0;
	}
	/* by PicNum, highest first: the most recent in decoding order */
	for (int i = d->n - 1; i >= 0 && k < n; i--)
		l[k++] = d->r[i];
	for (int i = 0; i < s->nmods && i < n; i++) {
		int num = s->mods[i][0] == 0 ? pred - (s->mods[i][1] + 1) : pred + (s->mods[i][1] + 1);
		int at, m = i + 1;

		num += num < 0 ? max_fn : num >= max_fn ? -max_fn : 0;
		pred = num;
		num = num > s->frame_num ? num - max_fn : num;
		if ((at = find(d, num, s->frame_num, max_fn)) < 0)
			return -1;
		memmove(&l[i + 1], &l[i], (size_t)(n - i) * sizeof l[0]);
		l[i] = d->r[at];
		for (int c = i + 1; c <= n; c++)
			if (l[c].frame_num < 0 ||
			    wrap(l[c].frame_num, s->frame_num, max_fn) != num)
				l[m++] = l[c];
	}
	return 0;
}

/* 1 when the P slice may use only I and P pictures that a decoder skipping B
 * pictures holds too and a B picture was there to refer to; 0 the same
 * without a B picture; -1 when it may refer to a B picture or cannot be followed. */
static int
check_p(const struct h264refs *h, const struct slice *s, int max_fn)
{
	struct ref l[MAX_LIST + 1];
	int any_b = 0;

	/* none held: a picture was missed (the first after a seek is a keyframe) */
	if (h->real.n == 0 || list0(&h->real, s, max_fn, l) != 0)
		return -1;
	for (int i = 0; i < s->nref0; i++) {
		int at;

		if (l[i].frame_num < 0)
			continue;	/* no picture there: nothing to refer to */
		at = find(&h->skipping, wrap(l[i].frame_num, s->frame_num, max_fn), s->frame_num,
		    max_fn);
		if (l[i].b || at < 0 || h->skipping.r[at].b)
			return -1;
	}
	for (int i = 0; i < h->real.n; i++)
		any_b |= h->real.r[i].b;
	return any_b;
}

static void
sliding(struct dpb *d, int max_refs)
{
	if (d->n > 0 && d->n >= (max_refs > 1 ? max_refs : 1))
		drop(d, 0);
}

static void
mark_one(struct dpb *d, const struct slice *s, int adaptive, int max_fn, int max_refs)
{
	if (adaptive)
		for (int i = 0; i < s->nmmco; i++) {
			int at = find(d, s->frame_num - (s->mmco[i] + 1), s->frame_num, max_fn);

			if (at >= 0)
				drop(d, at);
		}
	else
		sliding(d, max_refs);
	if (d->n == MAX_REFS)
		drop(d, 0);
	d->r[d->n].frame_num = s->frame_num;
	d->r[d->n].b = s->type == SLICE_B;
	d->n++;
}

/* The picture decoded: it becomes a reference picture if it is one. */
static void
mark(struct h264refs *h, const struct slice *s, const struct sps_h264 *sps)
{
	int max_fn = 1 << sps->log2_max_frame_num;

	if (s->ref_idc == 0)
		return;
	if (s->idr)
		h->real.n = h->skipping.n = 0;
	mark_one(&h->real, s, s->adaptive, max_fn, sps->max_num_ref_frames);
	/* A skipped B picture is a frame_num gap to the decoder: a frame in
	 * its place by the sliding window, its own marking never read. */
	mark_one(&h->skipping, s, s->adaptive && s->type != SLICE_B, max_fn,
	    sps->max_num_ref_frames);
	h->prev_ref_fn = s->frame_num;
}

/*---- Packets ----*/

/* The next NAL unit of a packet at *pos: length-prefixed or after a start code. */
static int
next_nal(const uint8_t *p, size_t n, int len_bytes, size_t *pos, const uint8_t **nal,
    size_t *len)
{
	size_t i = *pos, end;

	if (len_bytes > 0)
		return nb_next_len_nal(p, n, len_bytes, pos, nal, len);
	while (i + 3 <= n && !(p[i] == 0 && p[i + 1] == 0 && p[i + 2] == 1))
		i++;
	if (i + 3 > n)
		return 0;
	i += 3;
	for (end = i; end + 3 <= n; end++)
		if (p[end] == 0 && p[end + 1] == 0 && p[end + 2] <= 1)
			break;
	end = end + 3 <= n ? end : n;
	*nal = p + i;
	*len = end - i;
	*pos = end;
	return *len > 0;
}

/* One slice NAL unit: its checks; the picture's first slice kept for marking. */
static int
slice_nal(struct h264refs *h, const uint8_t *nal, size_t len, struct slice *pic,
    const struct sps_h264 **pic_sps, int *evidence)
{
	struct slice s;
	const struct sps_h264 *sps;
	int max_fn, r;

	if (read_slice(h, nal, len, &s, &sps) != 0)
		return -1;
	if (s.redundant)
		return 0;
	max_fn = 1 << sps->log2_max_frame_num;
	if (*pic_sps == NULL) {
		/* a gap in frame_num (8.2.5.2) is a loss: not followed */
		if (!s.idr && (h->prev_ref_fn < 0 ? h->real.n > 0 :
		    s.frame_num != (h->prev_ref_fn + 1) % max_fn))
			return -1;
		*pic = s;
		*pic_sps = sps;
	}
	if (s.type != SLICE_P && s.type != SLICE_SP)
		return 0;
	if ((r = check_p(h, &s, max_fn)) < 0)
		return -1;
	*evidence |= r;
	return 0;
}

int
h264refs_packet(struct h264refs *h, const uint8_t *data, size_t n)
{
	struct slice pic;
	const struct sps_h264 *pic_sps = NULL;
	const uint8_t *nal;
	size_t pos = 0, len;
	int evidence = 0;

	while (!h->unsafe && next_nal(data, n, h->nal_len, &pos, &nal, &len)) {
		int type = nal[0] & 0x1f;

		if (type == 7)
			read_sps(h, nal, len);
		else if (type == 8)
			read_pps(h, nal, len);
		else if ((type == 1 || type == 5) &&
		    slice_nal(h, nal, len, &pic, &pic_sps, &evidence) != 0)
			h->unsafe = 1;
		else if (type == 2 || type == 20)
			h->unsafe = 1;	/* data partitions, MVC: not followed */
	}
	if (h->unsafe)
		return -1;
	if (pic_sps != NULL) {
		mark(h, &pic, pic_sps);
		h->last_b = pic.type == SLICE_B;
	}
	h->evidence += evidence;
	return 0;
}

/*---- The stream ----*/

static void
parameter_sets(struct h264refs *h, const uint8_t *p, size_t n)
{
	size_t pos = 6;

	if (n < 7 || p[0] != 1) {
		const uint8_t *nal;
		size_t len, at = 0;

		while (next_nal(p, n, 0, &at, &nal, &len))
			if ((nal[0] & 0x1f) == 7)
				read_sps(h, nal, len);
			else if ((nal[0] & 0x1f) == 8)
				read_pps(h, nal, len);
		return;
	}
	h->nal_len = (p[4] & 3) + 1;
	/* avcC: SPS count, each behind two bytes of length; then the PPS */
	for (int set = 0, count = p[5] & 0x1f; set < 2; set++) {
		for (int i = 0; i < count && pos + 2 <= n; i++) {
			size_t len = (size_t)p[pos] << 8 | p[pos + 1];

			if (len == 0 || pos + 2 + len > n)
				return;
			if (set == 0)
				read_sps(h, p + pos + 2, len);
			else
				read_pps(h, p + pos + 2, len);
			pos += 2 + len;
		}
		if (pos >= n)
			return;
		count = p[pos++];
	}
}

struct h264refs *
h264refs_new(const AVCodecParameters *par)
{
	struct h264refs *h;

	if (par->codec_id != AV_CODEC_ID_H264)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->prev_ref_fn = -1;
	if (par->extradata != NULL && par->extradata_size > 0)
		parameter_sets(h, par->extradata, (size_t)par->extradata_size);
	return h;
}

void
h264refs_free(struct h264refs *h)
{
	free(h);
}

void
h264refs_reset(struct h264refs *h)
{
	h->real.n = h->skipping.n = 0;
	h->prev_ref_fn = -1;
}

int
h264refs_last_was_b(const struct h264refs *h)
{
	return h->last_b;
}

int
h264refs_safe(const struct h264refs *h)
{
	return h != NULL && !h->unsafe && h->evidence >= EVIDENCE;
}
