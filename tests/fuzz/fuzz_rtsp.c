/*
 * fuzz_rtsp.c — libFuzzer harness: the recorder's own RTSP client and RTP depacketizers
 * fed a camera's whole answer from any bytes.
 *
 * A camera is network input vigil does not control.  A thread plays the camera on a
 * loopback socket: it accepts the recorder's connection, sends the input as everything
 * the camera says (responses to OPTIONS/DESCRIBE/SETUP/PLAY, the SDP, then interleaved
 * RTP), and closes.  The client runs as the recorder runs it: src_open, then src_read
 * until the stream ends, then src_close.
 */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>

#include "core/util.h"
#include "recorder/source.h"
#include "tests/lib-camera.h"

static int		 lfd = -1;
static char		 url[64];
static const uint8_t	*cur;
static size_t		 cursize;
static sem_t		 go, done;

/* sem_wait returns early with EINTR when a signal arrives (libFuzzer's
 * time-out alarm, once a second), which let the input be freed while the
 * camera was still sending it. */
static void
wait_for(sem_t *sem)
{
	while (sem_wait(sem) != 0 && errno == EINTR)
		;
}

static void *
camera(void *arg)
{
	(void)arg;
	for (;;) {
		wait_for(&go);
		camera_say(lfd, cur, cursize);
		sem_post(&done);
	}
	return NULL;
}

static void
start(void)
{
	pthread_t th;

	if ((lfd = camera_listen("cam:secret@", url, sizeof url)) < 0) {
		perror("fuzz_rtsp: listen");
		_exit(1);
	}
	sem_init(&go, 0, 0);
	sem_init(&done, 0, 0);
	pthread_create(&th, NULL, camera, NULL);
	pthread_detach(th);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src_opts o;
	struct src *s;
	struct vg_err err;
	AVPacket *pkt;

	if (lfd < 0)
		start();
	cur = data;
	cursize = size;
	sem_post(&go);
	memset(&o, 0, sizeof o);
	o.url = url;
	o.io_timeout_us = 2000000;
	if ((s = src_open(&o, &err)) != NULL) {
		pkt = av_packet_alloc();
		for (int i = 0; i < 10000 && src_read(s, pkt, &err) == 0; i++) {
			if (pkt->stream_index < 0 || pkt->stream_index >= s->n || pkt->size < 0)
				__builtin_trap();
			av_packet_unref(pkt);
		}
		av_packet_free(&pkt);
		src_close(s);
	}
	wait_for(&done);
	return 0;
}
