/* cra.h — an H.265 CRA keyframe turned into the IDR picture it is on its own, to decode it alone. */
#ifndef VG_CRA_H
#define VG_CRA_H

#include <libavcodec/avcodec.h>

/*
 * A CRA picture (open GOP) is intra-coded like an IDR, but its slice headers
 * list the pictures before it that the leading pictures after it refer to.
 * Decoded on its own, libavcodec makes up every one of those it has not
 * seen: a grey frame each, allocated and filled (for 4K, six of them are
 * 75 MB and most of the decoding's CPU).  An IDR lists none.  This rewrites
 * every CRA slice of an Annex B packet (with its parameter sets in front)
 * as an IDR slice: the NAL type, and the picture order count and reference
 * picture set fields taken out of each slice header; the slice data is not
 * touched.  The header keeps its length modulo 8 (so the slice data stays
 * byte-aligned) by growing the PPS's num_extra_slice_header_bits by the
 * remainder.  Returns 1 with out made (an Annex B packet), 0 if pkt holds
 * no CRA slice, -1 if it does not parse or cannot be rewritten (pkt then
 * decodes as it is).
 */
int	cra_as_idr(const AVPacket *pkt, AVPacket *out);

#endif
