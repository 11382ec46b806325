/* bench_floor.c — what no recorder built on these libraries can go below: their memory, and a keyframe decode's. */
/*
 *   bench_floor libs
 *   bench_floor decode CLIP [WIDTH]
 *
 * libs: links and initialises exactly the libraries `vigil record` needs
 * (libavformat, libavcodec, libswscale, libavutil, SQLite, libsodium,
 * libconfig), does nothing else and prints "rss_kb=N", its peak resident set:
 * the memory any recorder made of Debian's builds of them starts from.
 *
 * decode: the same, then decodes every keyframe of CLIP (an MPEG-TS file) the
 * way the recorder does for a tamper check or a latest frame (recorder/
 * keyframe.c: the shared warm decoder, scaled to WIDTH, 320 by default), and
 * prints "keyframes=N ms=X rss_kb=N": the CPU milliseconds of one decode (the
 * mean over all but the first, which opens the decoder) and the peak resident
 * set of a process that has decoded one such keyframe and holds nothing else
 * (the clip's demuxing aside, a few hundred KB).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <libavformat/avformat.h>
#include <libconfig.h>
#include <libswscale/swscale.h>
#include <sodium.h>
#include <sqlite3.h>

#include "core/util.h"
#include "recorder/frames.h"
#include "recorder/keyframe.h"
#include "tests/bench/bench-cpu.h"

static long
peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* What the recorder's start does with each library, and no more. */
static void
init_libs(void)
{
	config_t c;

	/* The recorder's allocator settings (recorder/service.c). */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1 << 20);
	if (sodium_init() < 0 || sqlite3_initialize() != SQLITE_OK) {
		fprintf(stderr, "bench_floor: cannot initialise libsodium or SQLite\n");
		exit(1);
	}
	config_init(&c);
	config_destroy(&c);
	avformat_network_init();
	VG_ASSERT(swscale_version() > 0);
}

/* Writes the clip's video keyframes to out: the codec id, then each as a
 * 32-bit length and its bytes (Annex B, as MPEG-TS carries them). */
static int
extract(const char *clip, const char *out)
{
	AVFormatContext *fc = NULL;
	AVPacket *pkt = av_packet_alloc();
	FILE *o;
	int vi, n = 0;

	VG_ASSERT(pkt != NULL);
	if (avformat_open_input(&fc, clip, NULL, NULL) < 0) {
		fprintf(stderr, "bench_floor: cannot read %s\n", clip);
		return 1;
	}
	if ((vi = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0)) < 0) {
		fprintf(stderr, "bench_floor: %s has no video\n", clip);
		return 1;
	}
	if ((o = fopen(out, "wb")) == NULL) {
		perror(out);
		return 1;
	}
	fwrite(&fc->streams[vi]->codecpar->codec_id, sizeof(int32_t), 1, o);
	while (av_read_frame(fc, pkt) >= 0) {
		if (pkt->stream_index == vi && (pkt->flags & AV_PKT_FLAG_KEY)) {
			uint32_t len = (uint32_t)pkt->size;

			fwrite(&len, sizeof len, 1, o);
			fwrite(pkt->data, 1, len, o);
			n++;
		}
		av_packet_unref(pkt);
	}
	av_packet_free(&pkt);
	avformat_close_input(&fc);
	if (fclose(o) != 0 || n < 2) {
		fprintf(stderr, "bench_floor: %s: %d keyframes written; 2 or more are needed\n",
		    out, n);
		return 1;
	}
	return 0;
}

/* Decodes every keyframe extract wrote, as the recorder does. */
static int
decode(const char *in, int width)
{
	AVCodecParameters *par = avcodec_parameters_alloc();
	AVPacket *pkt = av_packet_alloc();
	FILE *f = fopen(in, "rb");
	int32_t id;
	uint32_t len;
	int n = 0;
	double t = 0;

	VG_ASSERT(par != NULL && pkt != NULL);
	if (f == NULL || fread(&id, sizeof id, 1, f) != 1) {
		fprintf(stderr, "bench_floor: cannot read %s\n", in);
		return 1;
	}
	par->codec_type = AVMEDIA_TYPE_VIDEO;
	par->codec_id = (enum AVCodecID)id;
	while (fread(&len, sizeof len, 1, f) == 1) {
		struct vg_frame fr;
		struct vg_err err;
		double t0;

		if (len > 64u << 20 || av_new_packet(pkt, (int)len) != 0 ||
		    fread(pkt->data, 1, len, f) != len) {
			fprintf(stderr, "bench_floor: %s is cut short\n", in);
			return 1;
		}
		pkt->flags |= AV_PKT_FLAG_KEY;
		t0 = bench_cpu_ms();
		if (keyframe_decode(par, pkt, 1, width, &fr, &err) != 0) {
			fprintf(stderr, "bench_floor: %s: keyframe %d: %s\n", in, n + 1, err.msg);
			return 1;
		}
		if (n > 0)
			t += bench_cpu_ms() - t0;
		frames_free(&fr);
		av_packet_unref(pkt);
		n++;
	}
	fclose(f);
	av_packet_free(&pkt);
	avcodec_parameters_free(&par);
	if (n < 2) {
		fprintf(stderr, "bench_floor: %s has %d keyframes; 2 or more are needed\n", in, n);
		return 1;
	}
	printf("keyframes=%d ms=%.1f rss_kb=%ld\n", n, t / (n - 1), peak_kb());
	keyframe_idle(1);
	return 0;
}

int
main(int argc, char **argv)
{
	init_libs();
	if (argc == 2 && strcmp(argv[1], "libs") == 0) {
		printf("rss_kb=%ld\n", peak_kb());
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "keyframes") == 0)
		return extract(argv[2], argv[3]);
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "decode") == 0)
		return decode(argv[2], argc == 4 ? atoi(argv[3]) : 320);
	fprintf(stderr, "usage: bench_floor libs | keyframes CLIP OUT | decode KEYFRAMES [WIDTH]\n");
	return 2;
}
