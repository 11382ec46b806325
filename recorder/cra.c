/* cra.c — rewriting H.265 CRA slices as IDR slices for a keyframe decoded alone (see cra.h). */
#include "recorder/cra.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "recorder/nalbits.h"
#include "recorder/sps.h"

#define NAL_IDR_N_LP	20
#define NAL_CRA		21
#define NAL_SPS		33
#define NAL_PPS		34
#define MAX_SPS		16
#define MAX_PPS		64
#define MAX_NALS	256

/* What a slice header needs from its PPS (7.3.2.3.1), and where its
 * num_extra_slice_header_bits lies in the RBSP. */
struct pps {
	int	seen, sps_id, dependent, output_flag, extra;
	size_t	extra_pos;
};

struct nal {
	const uint8_t	*p;
	size_t		 n;
	int		 type;
};

/* Where the bits to take out of a CRA slice header are: reserved flags end
 * at r, the non-IDR fields run from a to b (bit positions in the RBSP). */
struct cut {
	int	dependent, pps;
	size_t	r, a, b;
};

static int
nal_type(const uint8_t *p)
{
	return (p[0] >> 1) & 0x3f;
}

/* The Annex B buffer's NAL units; their count, or -1 if there are too many. */
static int
split(const uint8_t *p, size_t n, struct nal *out)
{
	const uint8_t *nal;
	size_t pos = 0, len;
	int count = 0;

	while (nb_next_nal(p, n, &pos, &nal, &len)) {
		if (len < 2)
			continue;
		if (count == MAX_NALS)
			return -1;
		out[count].p = nal;
		out[count].n = len;
		out[count].type = nal_type(nal);
		count++;
	}
	return count;
}

static int
ceil_log2(int v)
{
	int bits = 0;

	while ((1 << bits) < v)
		bits++;
	return bits;
}

/* Records a PPS; -1 if one of the same id said something else. */
static int
read_pps(const struct nal *u, struct pps *tab)
{
	uint8_t rbsp[64];
	struct nb_reader b;
	struct pps p = { 1, 0, 0, 0, 0, 0 };
	unsigned id;

	nb_init(&b, rbsp, nb_unescape(u->p, u->n, rbsp, sizeof rbsp));
	nb_u(&b, 16);
	id = nb_ue(&b);
	p.sps_id = (int)nb_ue(&b);
	p.dependent = (int)nb_u(&b, 1);
	p.output_flag = (int)nb_u(&b, 1);
	p.extra_pos = b.pos;
	p.extra = (int)nb_u(&b, 3);
	if (b.bad || id >= MAX_PPS || p.sps_id >= MAX_SPS)
		return -1;
	if (tab[id].seen && memcmp(&tab[id], &p, sizeof p) != 0)
		return -1;
	tab[id] = p;
	return 0;
}

/* The long-term reference fields of a slice header, read past. */
static void
skip_long_term(struct nb_reader *b, const struct sps_h265_slice *s)
{
	unsigned nsps = s->num_lt_sps > 0 ? nb_ue(b) : 0, npics = nb_ue(b);

	if (nsps + npics > 32) {
		b->bad = 1;
		return;
	}
	for (unsigned i = 0; i < nsps + npics && !b->bad; i++) {
		if (i < nsps) {
			if (s->num_lt_sps > 1)
				nb_u(b, ceil_log2(s->num_lt_sps));
		} else {
			nb_u(b, s->log2_poc_lsb);
			nb_u(b, 1);
		}
		if (nb_u(b, 1))		/* delta_poc_msb_present_flag */
			nb_ue(b);
	}
}

/* Finds the bits of a CRA slice header (7.3.6.1) that an IDR's lacks. */
static int
find_cut(struct nb_reader *b, const struct pps *ptab, const struct sps_info *stab, struct cut *c)
{
	const struct sps_h265_slice *s;
	const struct pps *pp;
	int first;
	unsigned id;

	memset(c, 0, sizeof *c);
	nb_u(b, 16);
	first = (int)nb_u(b, 1);
	nb_u(b, 1);			/* no_output_of_prior_pics_flag */
	id = nb_ue(b);
	if (b->bad || id >= MAX_PPS || !ptab[id].seen || !stab[ptab[id].sps_id].h265.slice_ok)
		return -1;
	pp = &ptab[id];
	s = &stab[pp->sps_id].h265;
	c->pps = (int)id;
	if (!first) {
		if (pp->dependent)
			c->dependent = (int)nb_u(b, 1);
		nb_u(b, ceil_log2(s->ctb_count));	/* slice_segment_address */
	}
	if (c->dependent)
		return b->bad ? -1 : 0;
	nb_u(b, pp->extra);
	c->r = b->pos;
	nb_ue(b);			/* slice_type */
	if (pp->output_flag)
		nb_u(b, 1);
	if (s->separate_colour_plane)
		nb_u(b, 2);
	c->a = b->pos;
	nb_u(b, s->log2_poc_lsb);
	if (!nb_u(b, 1)) {		/* short_term_ref_pic_set_sps_flag */
		if (sps_h265_st_rps(b, s->num_st_rps, s->num_st_rps, s->st_deltas) < 0)
			return -1;
	} else if (s->num_st_rps > 1)
		nb_u(b, ceil_log2(s->num_st_rps));
	if (s->long_term)
		skip_long_term(b, s);
	if (s->temporal_mvp)
		nb_u(b, 1);
	c->b = b->pos;
	return b->bad ? -1 : 0;
}

/* Appends a NAL unit behind a start code, its RBSP escaped. */
static int
emit(AVPacket *out, size_t *len, const uint8_t *rbsp, size_t n)
{
	size_t w;

	if (*len + 4 > (size_t)out->size)
		return -1;
	memcpy(out->data + *len, "\0\0\0\1", 4);
	*len += 4;
	w = nb_escape(rbsp, n, out->data + *len, (size_t)out->size - *len);
	if (w == 0)
		return -1;
	*len += w;
	return 0;
}

/* A CRA slice as an IDR slice: e reserved bits in, [a, b) out. */
static int
emit_slice(AVPacket *out, size_t *len, const uint8_t *rbsp, size_t n, const struct cut *c, int e)
{
	uint8_t *tmp = xmalloc(n + 1);
	struct nb_reader r;
	struct nb_writer w;
	int rc;

	nb_init(&r, rbsp, n);
	nb_winit(&w, tmp, n + 1);
	if (c->dependent)
		nb_copy(&w, &r, 0, n * 8);
	else {
		nb_copy(&w, &r, 0, c->r);
		nb_put(&w, 0, e);
		nb_copy(&w, &r, c->r, c->a);
		nb_copy(&w, &r, c->b, n * 8);
	}
	tmp[0] = (uint8_t)((tmp[0] & 0x81) | NAL_IDR_N_LP << 1);
	rc = w.bad || w.pos % 8 != 0 ? -1 : emit(out, len, tmp, w.pos / 8);
	free(tmp);
	return rc;
}

/* The parameter sets of the packet; -1 if they do not parse. */
static int
read_sets(const struct nal *u, int n, struct sps_info *stab, struct pps *ptab)
{
	for (int i = 0; i < n; i++) {
		struct sps_info si;

		if (u[i].type == NAL_SPS) {
			if (sps_parse(AV_CODEC_ID_HEVC, u[i].p, u[i].n, &si) != 0 ||
			    si.h265.sps_id >= MAX_SPS)
				return -1;
			stab[si.h265.sps_id] = si;
		} else if (u[i].type == NAL_PPS && read_pps(&u[i], ptab) != 0)
			return -1;
	}
	return 0;
}

/* The remainder every CRA slice header needs (the same for all), -1 if they
 * differ or do not parse, and whether there is a CRA slice at all. */
static int
common_remainder(const struct nal *u, int n, const struct sps_info *stab, const struct pps *ptab,
    uint8_t **rbsp, size_t *rlen, struct cut *cuts, uint64_t *used_pps, int *any)
{
	int e = -1;

	*any = 0;
	for (int i = 0; i < n; i++) {
		struct nb_reader b;

		if (u[i].type != NAL_CRA)
			continue;
		*any = 1;
		rbsp[i] = xmalloc(u[i].n);
		rlen[i] = nb_unescape(u[i].p, u[i].n, rbsp[i], u[i].n);
		nb_init(&b, rbsp[i], rlen[i]);
		if (find_cut(&b, ptab, stab, &cuts[i]) != 0)
			return -1;
		if (cuts[i].dependent)
			continue;
		*used_pps |= UINT64_C(1) << cuts[i].pps;
		if (e >= 0 && e != (int)((cuts[i].b - cuts[i].a) % 8))
			return -1;
		e = (int)((cuts[i].b - cuts[i].a) % 8);
		if (ptab[cuts[i].pps].extra + e > 7)
			return -1;
	}
	return e < 0 ? 0 : e;
}

/* A PPS with e more extra slice header bits. */
static int
emit_pps(AVPacket *out, size_t *len, const struct nal *u, const struct pps *pp, int e)
{
	uint8_t *rbsp = xmalloc(u->n);
	size_t n = nb_unescape(u->p, u->n, rbsp, u->n);
	struct nb_writer w;
	int rc;

	nb_winit(&w, rbsp, n);
	w.pos = pp->extra_pos;
	nb_put(&w, (unsigned)(pp->extra + e), 3);
	rc = emit(out, len, rbsp, n);
	free(rbsp);
	return rc;
}

static int
copy_nal(AVPacket *out, size_t *len, const struct nal *u)
{
	if (*len + 4 + u->n > (size_t)out->size)
		return -1;
	memcpy(out->data + *len, "\0\0\0\1", 4);
	memcpy(out->data + *len + 4, u->p, u->n);
	*len += 4 + u->n;
	return 0;
}

/* A PPS's pps_pic_parameter_set_id; -1 if it does not parse. */
static int
pps_id(const struct nal *u)
{
	uint8_t first[8];
	struct nb_reader b;
	unsigned id;

	nb_init(&b, first, nb_unescape(u->p, u->n, first, sizeof first));
	nb_u(&b, 16);
	id = nb_ue(&b);
	return b.bad || id >= MAX_PPS ? -1 : (int)id;
}

static int
rebuild(const struct nal *u, int n, uint8_t **rbsp, const size_t *rlen, const struct cut *cuts,
    const struct pps *ptab, uint64_t used_pps, int e, AVPacket *out)
{
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		int r, id = u[i].type == NAL_PPS && e > 0 ? pps_id(&u[i]) : -1;

		if (u[i].type == NAL_CRA)
			r = emit_slice(out, &len, rbsp[i], rlen[i], &cuts[i], e);
		else if (id >= 0 && (used_pps >> id & 1))
			r = emit_pps(out, &len, &u[i], &ptab[id], e);
		else
			r = copy_nal(out, &len, &u[i]);
		if (r != 0)
			return -1;
	}
	/* the decoder reads a little past the end: zeros there */
	memset(out->data + len, 0, AV_INPUT_BUFFER_PADDING_SIZE);
	out->size = (int)len;
	return 0;
}

int
cra_as_idr(const AVPacket *pkt, AVPacket *out)
{
	struct nal *u = xcalloc(MAX_NALS, sizeof *u);
	struct sps_info *stab = xcalloc(MAX_SPS, sizeof *stab);
	struct pps *ptab = xcalloc(MAX_PPS, sizeof *ptab);
	struct cut *cuts = xcalloc(MAX_NALS, sizeof *cuts);
	uint8_t **rbsp = xcalloc(MAX_NALS, sizeof *rbsp);
	size_t *rlen = xcalloc(MAX_NALS, sizeof *rlen);
	uint64_t used_pps = 0;
	int n, e, any = 0, r = -1;

	n = split(pkt->data, (size_t)pkt->size, u);
	if (n < 0 || read_sets(u, n, stab, ptab) != 0)
		goto out;
	e = common_remainder(u, n, stab, ptab, rbsp, rlen, cuts, &used_pps, &any);
	if (e < 0 || !any) {
		r = e < 0 ? -1 : 0;
		goto out;
	}
	/* Start codes may grow to 4 bytes; escaping the rewritten headers may
	 * add a byte or two each. */
	VG_ASSERT(av_new_packet(out, pkt->size + 8 * n + 64) == 0);
	if (rebuild(u, n, rbsp, rlen, cuts, ptab, used_pps, e, out) != 0) {
		av_packet_unref(out);
		goto out;
	}
	out->pts = pkt->pts;
	out->dts = pkt->dts;
	out->flags = pkt->flags;
	r = 1;
out:
	for (int i = 0; i < MAX_NALS; i++)
		free(rbsp[i]);
	free(rbsp);
	free(rlen);
	free(cuts);
	free(ptab);
	free(stab);
	free(u);
	return r;
}
