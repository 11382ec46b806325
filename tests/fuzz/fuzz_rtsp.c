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
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>

#include "core/util.h"
#include "recorder/source.h"

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
		char sink[4096];
		size_t off = 0;
		int fd;

		wait_for(&go);
		fd = accept(lfd, NULL, NULL);
		while (fd >= 0 && off < cursize) {
			ssize_t w = send(fd, cur + off, cursize - off, MSG_NOSIGNAL);

			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (fd >= 0) {
			shutdown(fd, SHUT_WR);
			while (read(fd, sink, sizeof sink) > 0)
				;
			close(fd);
		}
		sem_post(&done);
	}
	return NULL;
}

static void
start(void)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	pthread_t th;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 4) != 0 ||
	    getsockname(lfd, (struct sockaddr *)&sa, &sl) != 0) {
		perror("fuzz_rtsp: listen");
		_exit(1);
	}
	snprintf(url, sizeof url, "rtsp://cam:secret@127.0.0.1:%d/stream", ntohs(sa.sin_port));
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
