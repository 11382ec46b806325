/* test_rtsp_limits.c — what the recorder's RTSP client takes from a camera at most, and what it refuses. */
#include "tests/unit/testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>

#include "core/util.h"
#include "recorder/source.h"
#include "tests/lib-camera.h"

/* rtsp.c's bounds on a camera's messages. */
#define MAX_HEAD	(16 * 1024)
#define MAX_BODY	(64 * 1024)
#define MAX_FRAME	65535		/* an interleaved frame's 16-bit length */

/*---- A camera that says what it is given (tests/lib-camera.h), on a thread ----*/

struct camera {
	int		 lfd;
	char		 url[64];
	struct vg_buf	 says;
	pthread_t	 th;
};

static void *
camera_main(void *arg)
{
	struct camera *c = arg;

	camera_say(c->lfd, c->says.s, c->says.len);
	return NULL;
}

static void
camera_start(struct camera *c)
{
	c->lfd = camera_listen("", c->url, sizeof c->url);
	assert_true(c->lfd >= 0);
	assert_int_equal(pthread_create(&c->th, NULL, camera_main, c), 0);
}

static void
camera_stop(struct camera *c)
{
	pthread_join(c->th, NULL);
	close(c->lfd);
	buf_free(&c->says);
}

static struct src *
open_camera(struct camera *c, struct vg_err *err)
{
	struct src_opts o;

	memset(&o, 0, sizeof o);
	o.url = c->url;
	o.io_timeout_us = 3000000;
	return src_open(&o, err);
}

/*---- What the camera says ----*/

/* A DESCRIBE answer whose header is head_len bytes (at least 120) and whose
 * SDP is body_len (at least 300), each padded with one long line. */
static void
describe(struct vg_buf *b, size_t head_len, size_t body_len)
{
	static const char sdp[] =
	    "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\na=control:*\r\n"
	    "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
	    "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHoyNQKD9APCIRqA=,aM48gA==\r\n"
	    "a=control:stream=0\r\n";
	size_t start = b->len, pad;
	char head[160];
	int n = snprintf(head, sizeof head, "RTSP/1.0 200 OK\r\nCSeq: 1\r\n"
	    "Content-Base: rtsp://127.0.0.1/stream/\r\nContent-Length: %zu\r\n", body_len);

	buf_add(b, head, (size_t)n);
	/* one header line "X-Pad: xxx…\r\n" takes the header to head_len */
	pad = head_len - (size_t)n - 2 - 9;
	buf_add(b, "X-Pad: ", 7);
	for (size_t i = 0; i < pad; i++)
		buf_add(b, "x", 1);
	buf_add(b, "\r\n\r\n", 4);
	assert_int_equal(b->len - start, head_len);
	start = b->len;
	buf_add(b, sdp, sizeof sdp - 1);
	pad = body_len - (sizeof sdp - 1) - 2 - 4;
	buf_add(b, "a=", 2);
	for (size_t i = 0; i < pad; i++)
		buf_add(b, "p", 1);
	buf_add(b, "\r\n", 2);
	buf_add(b, "\r\n", 2);	/* an empty last line */
	assert_int_equal(b->len - start, body_len);
}

static void
setup_and_play(struct vg_buf *b)
{
	buf_printf(b, "RTSP/1.0 200 OK\r\nCSeq: 2\r\n"
	    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: 1234\r\n\r\n");
	buf_printf(b, "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 1234\r\n\r\n");
}

/* An interleaved frame on channel 0 holding an RTP packet of len bytes: one
 * IDR slice NAL unit at RTP time ts, the picture's last packet. */
static void
rtp_idr(struct vg_buf *b, size_t len, uint16_t seq, uint32_t ts)
{
	uint8_t h[4 + 12 + 4] = {
		'$', 0, (uint8_t)(len >> 8), (uint8_t)len,
		0x80, 0x80 | 96, (uint8_t)(seq >> 8), (uint8_t)seq,
		(uint8_t)(ts >> 24), (uint8_t)(ts >> 16), (uint8_t)(ts >> 8), (uint8_t)ts,
		0, 0, 0, 1,
		0x65, 0x88, 0x84, 0x00	/* IDR, first slice of an I picture */
	};

	assert_true(len >= 16 && len <= MAX_FRAME);
	buf_add(b, (const char *)h, sizeof h);
	for (size_t i = sizeof h - 4; i < len; i++)
		buf_add(b, "\x55", 1);
}

/*---- Tests ----*/

/* The largest answer the client allows (a header of MAX_HEAD and an SDP of
 * MAX_BODY) and the largest interleaved frame there is both get through:
 * its read buffer holds either whole. */
static void
test_the_largest_answer_and_frame_a_camera_may_send_get_through(void **state)
{
	struct camera c;
	struct vg_err err;
	struct src *s;
	AVPacket *pkt = av_packet_alloc();
	int biggest = 0;

	(void)state;
	buf_init(&c.says);
	describe(&c.says, MAX_HEAD, MAX_BODY);
	setup_and_play(&c.says);
	rtp_idr(&c.says, 200, 1, 0);
	rtp_idr(&c.says, MAX_FRAME, 2, 3600);
	for (int i = 0; i < 4; i++)
		rtp_idr(&c.says, 200, (uint16_t)(3 + i), (uint32_t)(7200 + 3600 * i));
	camera_start(&c);
	s = open_camera(&c, &err);
	if (s == NULL)
		fail_msg("the largest answer was refused: %s", err.msg);
	while (src_read(s, pkt, &err) == 0) {
		if (pkt->size > biggest)
			biggest = pkt->size;
		av_packet_unref(pkt);
	}
	/* the slice came whole: its NAL unit behind a 4-byte length */
	assert_int_equal(biggest, 4 + (MAX_FRAME - 12));
	av_packet_free(&pkt);
	src_close(s);
	camera_stop(&c);
}

static void
refused(void (*say)(struct vg_buf *), const char *why)
{
	struct camera c;
	struct vg_err err;
	struct src *s;

	buf_init(&c.says);
	say(&c.says);
	camera_start(&c);
	s = open_camera(&c, &err);
	assert_null(s);
	assert_contains(err.msg, why);
	camera_stop(&c);
}

static void
body_one_too_many(struct vg_buf *b)
{
	describe(b, 200, MAX_BODY + 1);
}

static void
head_too_long(struct vg_buf *b)
{
	buf_printf(b, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Pad: ");
	for (int i = 0; i < MAX_HEAD; i++)
		buf_add(b, "y", 1);
	buf_printf(b, "\r\n\r\n");
}

static void
test_an_answer_past_the_limits_is_refused_by_name(void **state)
{
	(void)state;
	refused(body_one_too_many, "the camera sent an oversized response");
	refused(head_too_long, "the camera sent a response header that is too long");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_largest_answer_and_frame_a_camera_may_send_get_through),
		cmocka_unit_test(test_an_answer_past_the_limits_is_refused_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
