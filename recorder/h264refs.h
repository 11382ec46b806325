/* h264refs.h — whether an H.264 stream's P pictures refer only to I and P pictures, from its slice headers. */
#ifndef VG_H264REFS_H
#define VG_H264REFS_H

#include <stddef.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

/*
 * A player showing a few pictures a second from footage with B-frames may
 * skip decoding every B picture (AVDISCARD_BIDIR) only if no I or P picture
 * refers to one: x264 with --b-pyramid and one reference frame never lets a
 * P picture refer to a B picture, x264 with three does, and then the P
 * pictures decode wrong without an error.  This follows the stream in
 * decoding order, packet by packet (one access unit each, as MP4 stores
 * them), before the decoder gets it: it reads every slice header up to the
 * reference marking (7.3.3), keeps the decoder's short-term reference
 * pictures as the stream marks them (8.2.5) and as a decoder holds them
 * when it skips the B pictures (frame_num gaps, 8.2.5.2), and checks each P
 * slice's list 0 (8.2.4).  Field pictures, long-term references and slice
 * headers it cannot read make it give up: the stream is then not known to
 * be safe.
 */
struct h264refs;

/* For a stream's codec parameters (SPS and PPS from its avcC or Annex B
 * extradata); NULL if the stream is not H.264. */
struct h264refs	*h264refs_new(const AVCodecParameters *);
void		 h264refs_free(struct h264refs *);
/* After a seek: the pictures held so far are no longer the decoder's. */
void		 h264refs_reset(struct h264refs *);
/*
 * One packet in decoding order.  0 when every P slice in it refers only to
 * I and P pictures that a decoder skipping B pictures also holds; -1 when
 * one may refer to a B picture, or when the packet cannot be followed.
 * After -1 the stream stays unsafe.
 */
int		 h264refs_packet(struct h264refs *, const uint8_t *data, size_t n);
/* Whether skipping B pictures is known safe so far: a few P pictures came
 * after B reference pictures without referring to them, and none did. */
int		 h264refs_safe(const struct h264refs *);
/* Whether the last packet that h264refs_packet took was a B picture. */
int		 h264refs_last_was_b(const struct h264refs *);

#endif
