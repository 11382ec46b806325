/*
 * fuzz_h264refs.c — libFuzzer harness: the player's reading of H.264 slice headers
 * (recorder/h264refs.c) over a stream's parameter sets and packets from any bytes.
 *
 * Recorded footage is what a camera sent: the player reads each packet's slice headers
 * before its decoder does.  The input is the extradata (avcC when it starts with 1,
 * else Annex B) and then the packets, each behind two bytes of length (big-endian).
 */
#include <stdint.h>
#include <string.h>

#include <libavcodec/avcodec.h>

#include "core/util.h"
#include "recorder/h264refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next piece behind two bytes of length; 0 at the end. */
static int
piece(const uint8_t **p, size_t *n, const uint8_t **out, size_t *len)
{
	if (*n < 2)
		return 0;
	*len = (size_t)(*p)[0] << 8 | (*p)[1];
	*len = *len > *n - 2 ? *n - 2 : *len;
	*out = *p + 2;
	*p += 2 + *len;
	*n -= 2 + *len;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	AVCodecParameters *par = avcodec_parameters_alloc();
	struct h264refs *h;
	const uint8_t *pkt;
	size_t len;

	VG_ASSERT(par != NULL);
	par->codec_id = AV_CODEC_ID_H264;
	if (piece(&data, &size, &pkt, &len) && len > 0) {
		par->extradata = av_mallocz(len + AV_INPUT_BUFFER_PADDING_SIZE);
		VG_ASSERT(par->extradata != NULL);
		memcpy(par->extradata, pkt, len);
		par->extradata_size = (int)len;
	}
	h = h264refs_new(par);
	VG_ASSERT(h != NULL);
	while (piece(&data, &size, &pkt, &len)) {
		int r = h264refs_packet(h, pkt, len);

		/* once refused, never safe again */
		VG_ASSERT(r == 0 || !h264refs_safe(h));
		if (len > 0 && pkt[0] == 0xff)
			h264refs_reset(h);
	}
	h264refs_free(h);
	avcodec_parameters_free(&par);
	return 0;
}
