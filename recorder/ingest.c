/* ingest.c — a camera's thread: connect, remux into segments, frames, tamper, motion. */
#include "recorder/ingest.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavformat/avformat.h>

#include "core/clock.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/keyframe.h"
#include "recorder/pictures.h"
#include "recorder/rtp.h"
#include "recorder/source.h"

#define BACKOFF_MIN_US	(1 * VG_USEC_PER_SEC)
#define BACKOFF_MAX_US	(30 * VG_USEC_PER_SEC)
/* Segment start times follow the stream's own clock while it agrees with
 * the wall clock to within this; beyond it the difference is a clock jump. */
#define CLOCK_TOLERANCE_US (3 * VG_USEC_PER_SEC)
#define THREAD_STACK	(1 << 20)

/* State of one connection, on the camera thread's stack. */
struct conn {
	struct rec_cam		*c;
	struct src		*s;
	int			 in_video, in_audio;	/* source stream indexes, or -1 */
	int			 nseg;
	struct seg_stream	 segst[2];
	int			 map[SRC_MAX_STREAMS];	/* source stream → segment stream */
	struct seg		*seg;
	int			 first;		/* the connection's first segment is not cut yet */
	int			 anchored;
	int64_t			 anchor_wall, anchor_ts;
	int64_t			 latest_ts;	/* newest video timestamp */
	int64_t			 latest_mono;	/* when it arrived (mono) */
	int64_t			 jumps;		/* clock jumps the source took out, logged */
	int			 behind_reported;
	int			 warned_extradata;
	int64_t			 open_fail_mono;
	char			 posted_error[512];	/* last record.error raised */
	/* a cut waiting for the sound to catch up (continuous) */
	int			 cutting;
	int64_t			 cut_ts;	/* the new segment's keyframe, video tb */
	AVPacket		**held;		/* it and the pictures after it */
	int			 nheld, capheld;
	/* motion mode */
	AVPacket		**buf;		/* pre-roll: whole GOPs, oldest first */
	int			*bufst;
	int			 nbuf, capbuf;
	int64_t			 motion_until;	/* video ts; recording continues until then */
};

/*---- Plumbing ----*/

void
rec_log(const char *fmt, ...)
{
	char line[1024], t[32];
	va_list ap;
	int n;

	n = snprintf(line, sizeof line, "%s vigil record: ", time_fmt(clock_now(), t));
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	fputs(line, stderr);
}

void
queue_init(struct rec_queue *q)
{
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->head = q->tail = NULL;
}

void
queue_destroy(struct rec_queue *q)
{
	while (q->head != NULL) {
		struct rec_msg *m = q->head;

		q->head = m->next;
		free(m);
	}
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
}

void
queue_push(struct rec_queue *q, struct rec_msg *m)
{
	m->next = NULL;
	pthread_mutex_lock(&q->mu);
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

struct rec_msg *
queue_take(struct rec_queue *q, int timeout_ms)
{
	struct rec_msg *m;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->mu);
	while (q->head == NULL)
		if (pthread_cond_timedwait(&q->cv, &q->mu, &ts) != 0)
			break;
	m = q->head;
	q->head = q->tail = NULL;
	pthread_mutex_unlock(&q->mu);
	return m;
}

void
ingest_event(struct rec_cam *c, const char *kind, const char *fmt, ...)
{
	struct rec_msg *m = xcalloc(1, sizeof *m);
	va_list ap;

	m->kind = MSG_EVENT;
	snprintf(m->camera, sizeof m->camera, "%s", c->cfg.id);
	snprintf(m->event, sizeof m->event, "%s", kind);
	va_start(ap, fmt);
	vsnprintf(m->detail, sizeof m->detail, fmt, ap);
	va_end(ap);
	queue_push(c->q, m);
}

static void
set_error(struct rec_cam *c, const char *msg)
{
	pthread_mutex_lock(&c->mu);
	snprintf(c->last_error, sizeof c->last_error, "%s", msg);
	pthread_mutex_unlock(&c->mu);
}

void
ingest_last_error(struct rec_cam *c, char *out, size_t n)
{
	pthread_mutex_lock(&c->mu);
	snprintf(out, n, "%s", c->last_error);
	pthread_mutex_unlock(&c->mu);
}

char *
ingest_reference_path(const struct rec_settings *set, const char *camera)
{
	return xasprintf("%s/references/%s.pgm", set->data_dir, camera);
}

void
rec_block_signals(void)
{
	sigset_t sigs;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
}

static int
is_cancelled(void *arg)
{
	struct rec_cam *c = arg;

	rec_live_tick(&c->live);	/* polled while a read waits on the camera */
	return atomic_load(&c->stop);
}

/* Sleeps up to us, waking early when asked to stop. */
static void
nap(struct rec_cam *c, int64_t us)
{
	int64_t end = clock_mono_us() + us;

	while (!atomic_load(&c->stop) && clock_mono_us() < end) {
		struct timespec ts = { 0, 100 * 1000000L };

		rec_live_tick(&c->live);
		nanosleep(&ts, NULL);
	}
}

static int64_t
video_us(const struct conn *k, int64_t ts)
{
	return av_rescale_q(ts, k->s->st[k->in_video].tb, AV_TIME_BASE_Q);
}

/*---- Segments ----*/

/* The wall-clock time the packet just read arrived at (it may have been held
 * a moment while the stream's timing was worked out). */
static int64_t
arrival_wall(const struct conn *k)
{
	int64_t held = clock_mono_us() - k->s->arrived;

	return clock_now() - (k->s->arrived > 0 && held > 0 ? held : 0);
}

/*
 * DESIGN §9: a segment's times are the wall clock plus media duration.  The
 * wall clock is read when a connection's first picture arrives (the anchor)
 * and compared with the stream's own clock at every cut: if it ran ahead (a
 * jump forward) the anchor moves to the new time and the jump is logged; if
 * it fell behind (a jump back), times carry on from the stream so footage is
 * never reordered, and that is logged too.  No segment starts before the
 * camera's last one ended.
 */
static void
anchor(struct conn *k, int64_t ts)
{
	struct rec_cam *c = k->c;
	int64_t now = arrival_wall(k);
	char t1[32], t2[32];

	k->anchored = 1;
	k->anchor_ts = ts;
	k->anchor_wall = now;
	if (now + CLOCK_TOLERANCE_US < c->prev_end_us) {
		k->anchor_wall = c->prev_end_us;
		k->behind_reported = 1;
		ingest_event(c, "clock", _("wall clock %s is %lld s behind the footage already "
		    "recorded (up to %s); segment times carry on from there"), time_fmt(now, t1),
		    (long long)((c->prev_end_us - now) / VG_USEC_PER_SEC),
		    time_fmt(c->prev_end_us, t2));
	}
}

/* The start time of a segment beginning at video timestamp ts; latest is the
 * newest timestamp received (ts is older for a motion camera's pre-roll). */
static int64_t
segment_start(struct conn *k, int64_t ts, int64_t latest)
{
	struct rec_cam *c = k->c;
	int64_t now = arrival_wall(k), predicted, start;
	char t1[32];

	predicted = k->anchor_wall + video_us(k, latest - k->anchor_ts);
	if (now - predicted > CLOCK_TOLERANCE_US) {
		ingest_event(c, "clock", _("wall clock jumped %lld s ahead of the stream; segments "
		    "continue at %s"), (long long)((now - predicted) / VG_USEC_PER_SEC),
		    time_fmt(now, t1));
		k->anchor_wall = now;
		k->anchor_ts = latest;
		k->behind_reported = 0;
	} else if (predicted - now > CLOCK_TOLERANCE_US) {
		if (!k->behind_reported)
			ingest_event(c, "clock", _("wall clock fell %lld s behind the stream; segment "
			    "times follow the stream so footage stays in order"),
			    (long long)((predicted - now) / VG_USEC_PER_SEC));
		k->behind_reported = 1;
	} else
		k->behind_reported = 0;
	start = k->anchor_wall + video_us(k, ts - k->anchor_ts);
	if (start < c->prev_end_us)
		start = c->prev_end_us;
	return start;
}

/* Fills in the picture size from the parameter sets when the source did not. */
static int
ensure_video_params(struct conn *k, const AVPacket *key)
{
	AVCodecParameters *par = k->s->st[k->in_video].par;

	if (par->extradata_size == 0) {
		if (!k->warned_extradata)
			rec_log(_("camera %s: waiting for the stream's parameter sets"), k->c->cfg.id);
		k->warned_extradata = 1;
		return -1;
	}
	if (par->width <= 0 || par->height <= 0) {
		int w, h;

		if (keyframe_size(par, key, k->s->st[k->in_video].annexb, &w, &h) != 0)
			return -1;
		par->width = w;
		par->height = h;
	}
	return 0;
}

/* Footage that cannot be written is an alarm, raised once per distinct reason. */
static void
record_error(struct conn *k, const char *msg)
{
	if (strcmp(k->posted_error, msg) == 0)
		return;
	snprintf(k->posted_error, sizeof k->posted_error, "%s", msg);
	ingest_event(k->c, "record.error", _("footage is not being recorded: %s"), msg);
}

static int
open_segment(struct conn *k, const AVPacket *key)
{
	struct rec_cam *c = k->c;
	struct seg_open_args a;
	struct vg_err err;
	int64_t now = clock_mono_us();

	if (k->open_fail_mono != 0 && now - k->open_fail_mono < 5 * VG_USEC_PER_SEC)
		return -1;	/* after a failure, try again a little later */
	if (ensure_video_params(k, key) != 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.root = c->set->storage_dir;
	a.camera = c->cfg.id;
	a.seq = c->next_seq;
	a.start_us = segment_start(k, key->dts, k->latest_ts);
	a.streams = k->segst;
	a.nstreams = k->nseg;
	a.video = 0;
	a.base_ts = key->dts;
	if ((k->seg = seg_open(&a, &err)) == NULL) {
		rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
		set_error(c, err.msg);
		record_error(k, err.msg);
		k->open_fail_mono = now;
		/* A file of that name exists (left by a crash): the index will
		 * have it after recovery; use the next number. */
		if (strstr(err.msg, strerror(EEXIST)) != NULL)
			c->next_seq++;
		return -1;
	}
	k->open_fail_mono = 0;
	k->posted_error[0] = '\0';
	c->next_seq++;
	atomic_store(&c->recording, 1);
	return 0;
}

static void
close_segment(struct conn *k, int64_t end_ts)
{
	struct rec_cam *c = k->c;
	struct rec_msg *m = xcalloc(1, sizeof *m);
	struct vg_err err;
	struct seg_done d;

	snprintf(m->camera, sizeof m->camera, "%s", c->cfg.id);
	if (seg_close(k->seg, end_ts, &d, &err) == 0) {
		m->kind = MSG_SEGMENT;
		m->seg = d;
		c->prev_end_us = d.end_us;
	} else {
		rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
		record_error(k, err.msg);
		m->kind = MSG_BROKEN;
		m->seg = d;
		snprintf(m->detail, sizeof m->detail, "%s", err.msg);
	}
	k->seg = NULL;
	k->first = 0;
	atomic_store(&c->recording, 0);
	queue_push(c->q, m);
}

static void
write_packet(struct conn *k, int segstream, const AVPacket *p)
{
	struct vg_err err;

	if (seg_write(k->seg, segstream, p, &err) != 0) {
		rec_log(_("camera %s: %s"), k->c->cfg.id, err.msg);
		set_error(k->c, err.msg);
		close_segment(k, AV_NOPTS_VALUE);
	}
}

/* Long enough to cut: segment_seconds, plus this camera's stagger on a
 * connection's first segment so cameras do not all fsync at once.  Never
 * while the sound is still held (src_synced): it belongs in this segment. */
static int
time_to_cut(const struct conn *k, int64_t ts)
{
	int64_t target = (int64_t)k->c->set->segment_seconds * VG_USEC_PER_SEC;

	if (!src_synced(k->s))
		return 0;
	if (k->first)
		target += (int64_t)k->c->phase_ms * 1000;
	return seg_span_us(k->seg, ts) >= target;
}

/*---- Motion mode: the pre-roll buffer ----*/

static void
preroll_clear(struct conn *k)
{
	for (int i = 0; i < k->nbuf; i++)
		av_packet_free(&k->buf[i]);
	k->nbuf = 0;
}

/* Keeps whole GOPs reaching at least preroll_s back from the newest packet. */
static void
preroll_add(struct conn *k, int segstream, const AVPacket *p)
{
	int64_t preroll = av_rescale_q((int64_t)k->c->set->preroll_s * VG_USEC_PER_SEC,
	    AV_TIME_BASE_Q, k->s->st[k->in_video].tb);
	int key = segstream == 0 && (p->flags & AV_PKT_FLAG_KEY);

	if (k->nbuf == 0 && !key)
		return;	/* a buffer always starts with a keyframe */
	if (key) {
		/* Drop the oldest GOP while the next one still reaches back far enough. */
		for (;;) {
			int second = -1;

			for (int i = 1; i < k->nbuf; i++)
				if (k->bufst[i] == 0 && (k->buf[i]->flags & AV_PKT_FLAG_KEY)) {
					second = i;
					break;
				}
			if (second < 0 && k->nbuf > 0 && p->dts - k->buf[0]->dts > preroll) {
				preroll_clear(k);	/* the whole buffer is older than the pre-roll */
				break;
			}
			if (second < 0 || p->dts - k->buf[second]->dts < preroll)
				break;
			for (int i = 0; i < second; i++)
				av_packet_free(&k->buf[i]);
			memmove(k->buf, k->buf + second, (size_t)(k->nbuf - second) * sizeof *k->buf);
			memmove(k->bufst, k->bufst + second, (size_t)(k->nbuf - second) *
			    sizeof *k->bufst);
			k->nbuf -= second;
		}
	}
	if (k->nbuf == k->capbuf) {
		k->capbuf = k->capbuf ? k->capbuf * 2 : 256;
		k->buf = xrealloc(k->buf, (size_t)k->capbuf * sizeof *k->buf);
		k->bufst = xrealloc(k->bufst, (size_t)k->capbuf * sizeof *k->bufst);
	}
	k->buf[k->nbuf] = av_packet_clone(p);
	VG_ASSERT(k->buf[k->nbuf] != NULL);
	k->bufst[k->nbuf++] = segstream;
}

/* Motion seen: a segment starts at the oldest buffered keyframe. */
static void
preroll_flush(struct conn *k)
{
	if (k->nbuf == 0 || open_segment(k, k->buf[0]) != 0)
		return;
	for (int i = 0; i < k->nbuf && k->seg != NULL; i++)
		write_packet(k, k->bufst[i], k->buf[i]);
	preroll_clear(k);
}

/*---- The connection ----*/

static int
pick_streams(struct conn *k, struct vg_err *err)
{
	const AVOutputFormat *mp4 = av_guess_format("mp4", NULL, NULL);
	struct vg_buf dropped;

	k->in_video = k->in_audio = -1;
	for (int i = 0; i < SRC_MAX_STREAMS; i++)
		k->map[i] = -1;
	buf_init(&dropped);
	for (int i = 0; i < k->s->n; i++) {
		const AVCodecParameters *par = k->s->st[i].par;

		if (par->codec_type == AVMEDIA_TYPE_VIDEO && k->in_video < 0 &&
		    (par->codec_id == AV_CODEC_ID_H264 || par->codec_id == AV_CODEC_ID_HEVC))
			k->in_video = i;
		else if (par->codec_type == AVMEDIA_TYPE_AUDIO && k->in_audio < 0 &&
		    avformat_query_codec(mp4, par->codec_id, FF_COMPLIANCE_NORMAL) == 1 &&
		    (par->codec_id != AV_CODEC_ID_AAC || par->extradata_size > 0))
			k->in_audio = i;
		else
			buf_printf(&dropped, "%s%s", dropped.len ? ", " : "",
			    avcodec_get_name(par->codec_id));
	}
	if (k->in_video < 0) {
		vg_seterr(err, VG_FAILED, _("the camera sends no H.264 or H.265 video (it sends: %s)"),
		    dropped.s ? dropped.s : _("nothing"));
		buf_free(&dropped);
		return -1;
	}
	if (dropped.len > 0)
		rec_log(_("camera %s: not recording %s (not H.264/H.265 video or MP4 audio)"),
		    k->c->cfg.id, dropped.s);
	buf_free(&dropped);
	k->map[k->in_video] = 0;
	k->segst[0].par = k->s->st[k->in_video].par;
	k->segst[0].tb = k->s->st[k->in_video].tb;
	k->segst[0].annexb = k->s->st[k->in_video].annexb;
	k->nseg = 1;
	if (k->in_audio >= 0) {
		k->map[k->in_audio] = 1;
		k->segst[1].par = k->s->st[k->in_audio].par;
		k->segst[1].tb = k->s->st[k->in_audio].tb;
		k->nseg = 2;
	}
	return 0;
}

static void
describe_connection(const struct conn *k)
{
	const AVCodecParameters *v = k->s->st[k->in_video].par;

	rec_log(_("camera %s: connected (%s%s%s, %s client)"), k->c->cfg.id,
	    avcodec_get_name(v->codec_id), k->in_audio >= 0 ? " + " : "",
	    k->in_audio >= 0 ? avcodec_get_name(k->s->st[k->in_audio].par->codec_id) : "",
	    k->s->client);
}

/*---- Cutting where the sound has caught up ----*/

/*
 * Sound and pictures of the same instant do not arrive together: a camera
 * sends its sound in its own bursts, often a few hundred milliseconds
 * behind.  Cut at a keyframe the moment it comes, and the sound of the last
 * moments before it would arrive for a segment already closed.  So the cut
 * waits: the keyframe and the pictures after it are held, sound before the
 * keyframe still goes to the old segment, and the first sound at or after
 * it (or CUT_WAIT_US of pictures without any) makes the cut.
 */
#define CUT_WAIT_US (1500 * 1000)

static void
hold_picture(struct conn *k, const AVPacket *p)
{
	if (k->nheld == k->capheld) {
		k->capheld = k->capheld ? k->capheld * 2 : 64;
		k->held = xrealloc(k->held, (size_t)k->capheld * sizeof *k->held);
	}
	k->held[k->nheld] = av_packet_clone(p);
	VG_ASSERT(k->held[k->nheld] != NULL);
	k->nheld++;
}

static void
finish_cut(struct conn *k)
{
	if (k->seg != NULL)
		close_segment(k, k->cut_ts);
	if (open_segment(k, k->held[0]) == 0)
		for (int i = 0; i < k->nheld && k->seg != NULL; i++)
			write_packet(k, 0, k->held[i]);
	for (int i = 0; i < k->nheld; i++)
		av_packet_free(&k->held[i]);
	k->nheld = 0;
	k->cutting = 0;
}

static void
cut_step(struct conn *k, int ss, const AVPacket *p)
{
	AVRational vtb = k->s->st[k->in_video].tb;

	if (ss == 0) {
		hold_picture(k, p);
		if (video_us(k, p->dts - k->cut_ts) > CUT_WAIT_US)
			finish_cut(k);
		return;
	}
	if (av_rescale_q(p->dts, k->s->st[k->in_audio].tb, vtb) >= k->cut_ts)
		finish_cut(k);
	if (k->seg != NULL)
		write_packet(k, ss, p);
}

/* One packet of a continuous camera. */
static void
continuous(struct conn *k, int ss, const AVPacket *p)
{
	int key = ss == 0 && (p->flags & AV_PKT_FLAG_KEY);

	if (k->cutting) {
		cut_step(k, ss, p);
		return;
	}
	if (k->seg != NULL && key && time_to_cut(k, p->dts)) {
		if (k->in_audio >= 0) {
			k->cutting = 1;
			k->cut_ts = p->dts;
			hold_picture(k, p);
			return;
		}
		close_segment(k, p->dts);
	}
	if (k->seg == NULL && (!key || open_segment(k, p) != 0))
		return;
	write_packet(k, ss, p);
}

/* One packet of a motion camera (policy 000 §3.1: motion recording to save storage). */
static void
motion(struct conn *k, int ss, const AVPacket *p, int moving)
{
	struct rec_cam *c = k->c;
	int key = ss == 0 && (p->flags & AV_PKT_FLAG_KEY);
	AVRational tb = k->s->st[k->in_video].tb;

	if (moving && ss == 0) {
		k->motion_until = p->dts + av_rescale_q((int64_t)c->set->postroll_s *
		    VG_USEC_PER_SEC, AV_TIME_BASE_Q, tb);
		if (k->seg == NULL) {
			preroll_add(k, ss, p);
			preroll_flush(k);
			if (k->seg != NULL)
				ingest_event(c, "motion.start", _("motion seen; recording with %d s before it"),
				    c->set->preroll_s);
			return;
		}
	}
	if (k->seg == NULL) {
		preroll_add(k, ss, p);
		return;
	}
	if (key && time_to_cut(k, p->dts))
		close_segment(k, p->dts);
	if (k->seg == NULL && open_segment(k, p) != 0)
		return;
	write_packet(k, ss, p);
	if (ss == 0 && k->seg != NULL && p->dts >= k->motion_until) {
		close_segment(k, AV_NOPTS_VALUE);
		ingest_event(c, "motion.end", _("no motion for %d s"), c->set->postroll_s);
	}
}

/*
 * The stream's own clock stepped back, or ahead by more than the time that
 * passed: a camera that restarted its clock.  What is open is closed where
 * it was, and times start again from the wall clock at the next picture, so
 * no segment mixes two timelines.
 */
static int
clock_jumped(const struct conn *k, int64_t dts, int64_t mono)
{
	if (!k->anchored)
		return 0;
	return dts < k->latest_ts ||
	    video_us(k, dts - k->latest_ts) > mono - k->latest_mono + CLOCK_TOLERANCE_US;
}

static void
restart_timeline(struct conn *k, int64_t dts)
{
	if (k->cutting)
		finish_cut(k);
	rec_log(_("camera %s: the stream's clock jumped by %lld ms; times start again from "
	    "the wall clock"), k->c->cfg.id, (long long)(video_us(k, dts - k->latest_ts) / 1000));
	if (k->seg != NULL)
		close_segment(k, AV_NOPTS_VALUE);
	preroll_clear(k);
	k->anchored = 0;
}

/* A video picture for the decoded pictures' uses (pictures.h); 1 if a motion
 * camera's keyframe shows motion. */
static int
pictures(struct conn *k, struct pics *ps, const AVPacket *p)
{
	const struct src_stream *st = &k->s->st[k->in_video];
	int64_t wall = k->seg ? seg_wall_us(k->seg, p->dts) : arrival_wall(k);

	if ((p->flags & AV_PKT_FLAG_KEY) && ensure_video_params(k, p) != 0)
		return 0;
	return pics_video(ps, st->par, st->annexb, p, wall);
}

/* Reads the stream until it fails or the camera is stopped. */
static void
run_connection(struct conn *k, struct pics *ps)
{
	struct rec_cam *c = k->c;
	AVPacket *p = av_packet_alloc();
	struct vg_err err;
	int motion_mode = strcmp(c->cfg.mode, "motion") == 0;

	VG_ASSERT(p != NULL);
	k->first = 1;
	while (!atomic_load(&c->stop)) {
		int ss, moving = 0;
		int64_t mono;

		if (src_read(k->s, p, &err) != 0) {
			if (!atomic_load(&c->stop)) {
				rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
				set_error(c, err.msg);
			}
			break;
		}
		mono = clock_mono_us();
		atomic_store(&c->last_pkt_mono, mono);
		if (k->s->jumps != k->jumps) {
			k->jumps = k->s->jumps;
			rec_log(_("camera %s: the camera's clock jumped; its footage continues where it "
			    "was (%lld jumps so far)"), c->cfg.id, (long long)k->jumps);
		}
		rec_live_tick(&c->live);
		ss = k->map[p->stream_index];
		if (ss < 0) {
			av_packet_unref(p);
			continue;
		}
		if (ss == 0) {
			if (clock_jumped(k, p->dts, k->s->arrived))
				restart_timeline(k, p->dts);
			if (!k->anchored)
				anchor(k, p->dts);
			k->latest_ts = p->dts;
			k->latest_mono = k->s->arrived;
		}
		if (ss == 0)
			moving = pictures(k, ps, p);
		if (motion_mode)
			motion(k, ss, p, moving);
		else
			continuous(k, ss, p);
		av_packet_unref(p);
	}
	if (k->cutting)
		finish_cut(k);
	if (k->seg != NULL)
		close_segment(k, AV_NOPTS_VALUE);
	preroll_clear(k);
	av_packet_free(&p);
}

static void *
cam_thread(void *arg)
{
	struct rec_cam *c = arg;
	struct pics *ps;
	int64_t backoff = BACKOFF_MIN_US;
	int64_t io = (int64_t)(c->set->offline_after_s < 15 ? c->set->offline_after_s : 15) *
	    VG_USEC_PER_SEC;

	rec_block_signals();
	ps = pics_new(c);
	while (!atomic_load(&c->stop)) {
		struct src_opts o = { c->cfg.url, strcmp(c->cfg.transport, "udp") == 0, c->set->lavf,
		    io < 2 * VG_USEC_PER_SEC ? 2 * VG_USEC_PER_SEC : io, is_cancelled, c };
		struct conn k;
		struct vg_err err;
		int64_t before = atomic_load(&c->last_pkt_mono);

		memset(&k, 0, sizeof k);
		k.c = c;
		if ((k.s = src_open(&o, &err)) == NULL || pick_streams(&k, &err) != 0) {
			if (!atomic_load(&c->stop)) {
				char last[512];

				ingest_last_error(c, last, sizeof last);
				if (strcmp(last, err.msg) != 0)
					rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
				set_error(c, err.msg);
			}
			src_close(k.s);
			nap(c, backoff);
			backoff = backoff * 2 > BACKOFF_MAX_US ? BACKOFF_MAX_US : backoff * 2;
			continue;
		}
		describe_connection(&k);
		run_connection(&k, ps);
		if (src_lost_packets(k.s) > 0)
			rec_log(_("camera %s: %lld RTP packets were lost on this connection"), c->cfg.id,
			    (long long)src_lost_packets(k.s));
		pics_disconnected(ps);
		src_close(k.s);
		free(k.buf);
		free(k.bufst);
		free(k.held);
		/* A connection that delivered footage resets the back-off. */
		if (atomic_load(&c->last_pkt_mono) != before)
			backoff = BACKOFF_MIN_US;
		if (!atomic_load(&c->stop)) {
			nap(c, backoff);
			backoff = backoff * 2 > BACKOFF_MAX_US ? BACKOFF_MAX_US : backoff * 2;
		}
	}
	pics_free(ps);
	rtp_buffers_release();
	return NULL;
}

int
ingest_start(struct rec_cam *c, struct vg_err *err)
{
	pthread_attr_t at;
	int r;

	atomic_store(&c->stop, 0);
	atomic_store(&c->recording, 0);
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, THREAD_STACK);
	r = pthread_create(&c->th, &at, cam_thread, c);
	pthread_attr_destroy(&at);
	if (r != 0)
		return vg_seterr(err, VG_FAILED, _("camera %s: cannot start its thread: %s"),
		    c->cfg.id, strerror(r));
	c->running = 1;
	c->started_mono = clock_mono_us();
	return 0;
}

void
ingest_request_stop(struct rec_cam *c)
{
	atomic_store(&c->stop, 1);
}

void
ingest_join(struct rec_cam *c)
{
	if (!c->running)
		return;
	pthread_join(c->th, NULL);
	c->running = 0;
	atomic_store(&c->recording, 0);
}
