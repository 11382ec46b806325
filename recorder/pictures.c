/* pictures.c — a camera's decoded pictures: tamper checks, latest frames, live view, motion. */
#include "recorder/pictures.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libswscale/swscale.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/frames.h"
#include "recorder/ingest.h"
#include "recorder/keyframe.h"
#include "recorder/live.h"
#include "recorder/picsched.h"
#include "recorder/tamper.h"

/* A watched camera's frame file is written this often (at least twice a
 * second, demand.h). */
#define LIVE_EVERY_US	(400 * 1000)

struct pics {
	struct rec_cam		*c;
	int			 interior, motion_mode;
	uint8_t			 ref[TAMPER_N];
	int			 have_ref;
	struct tamper_state	 tamper;
	struct picsched		 sched;
	int64_t			 decode_warned_mono;
	/* live view */
	struct live		*live;
	int			 live_small;
	int64_t			 live_written;
	struct SwsContext	*live_sws;
	/* motion mode: the previous keyframe, small and grey */
	uint8_t			 prev_grey[TAMPER_N];
	int			 have_prev;
};

/*---- Reference and tamper ----*/

static void
load_reference(struct pics *ps)
{
	char *path = ingest_reference_path(ps->c->set, ps->c->cfg.id);
	struct vg_frame f;
	struct vg_err err;

	if (access(path, F_OK) == 0 && frames_read_file(path, &f, &err) == 0) {
		if (f.channels == 1 && f.width == TAMPER_W && f.height == TAMPER_H) {
			memcpy(ps->ref, f.pixels, TAMPER_N);
			ps->have_ref = 1;
		}
		frames_free(&f);
	}
	free(path);
}

static void
take_reference(struct pics *ps, const uint8_t grey[TAMPER_N], int64_t ts_us, const char *why)
{
	struct rec_cam *c = ps->c;
	char *path = ingest_reference_path(c->set, c->cfg.id);
	struct vg_frame f = { TAMPER_W, TAMPER_H, 1, ts_us, (uint8_t *)grey };
	struct vg_err err;

	if (frames_write_file(path, c->cfg.id, &f, 1, &err) != 0)
		rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
	memcpy(ps->ref, grey, TAMPER_N);
	ps->have_ref = 1;
	memset(&ps->tamper, 0, sizeof ps->tamper);
	ingest_event(c, "reference", "%s", why);
	free(path);
}

/* HHKCS 2.4.2, GUAT art. 13, GCU art. 7: nobody may cover or turn a camera;
 * the recorder notices both from a keyframe decoded every few seconds. */
static void
check_tamper(struct pics *ps, const uint8_t grey[TAMPER_N], int64_t ts)
{
	struct rec_cam *c = ps->c;
	int ch;
	double mean, sd;

	if (atomic_load(&c->want_ref) && !tamper_covered(grey)) {
		atomic_store(&c->want_ref, 0);
		take_reference(ps, grey, ts, _("reference frame re-acknowledged by an operator"));
		return;
	}
	if (!ps->have_ref && !tamper_covered(grey)) {
		take_reference(ps, grey, ts, _("first reference frame taken"));
		return;
	}
	ch = tamper_update(&ps->tamper, ps->have_ref ? ps->ref : NULL, grey);
	tamper_stats(grey, &mean, &sd);
	if (ch & TAMPER_BECAME_COVERED)
		ingest_event(c, "covered", _("image dark or uniform (mean %.0f, deviation %.1f)"),
		    mean, sd);
	if (ch & TAMPER_BECAME_CLEAR)
		ingest_event(c, "covered.clear", _("image normal again (mean %.0f, deviation %.1f)"),
		    mean, sd);
	if (ch & TAMPER_BECAME_MOVED)
		ingest_event(c, "moved", _("view differs from the reference frame (similarity %.2f)"),
		    ps->tamper.last_similarity);
	if (ch & TAMPER_BECAME_BACK)
		ingest_event(c, "moved.clear", _("view matches the reference frame again "
		    "(similarity %.2f)"), ps->tamper.last_similarity);
}

/*---- Frames for the console ----*/

/* HHKCS 2.2.5: interior cameras never feed the live view, so their frames
 * never reach the run directory the console reads. */
static void
write_frame(struct pics *ps, struct vg_frame *f, int64_t wall_us)
{
	struct rec_cam *c = ps->c;
	char *path;
	struct vg_err err;

	if (ps->interior)
		return;
	path = frames_path(c->set->run_dir, c->cfg.id);
	f->ts_us = wall_us;
	if (frames_write_file(path, c->cfg.id, f, 0, &err) != 0)
		rec_log(_("camera %s: %s"), c->cfg.id, err.msg);
	free(path);
}

static void
warn_decode(struct pics *ps, const char *msg)
{
	int64_t now = clock_mono_us();

	if (now - ps->decode_warned_mono > 60 * VG_USEC_PER_SEC) {
		rec_log(_("camera %s: %s"), ps->c->cfg.id, msg);
		ps->decode_warned_mono = now;
	}
}

/*---- Live view ----*/

static void
live_stop(struct pics *ps)
{
	live_close(ps->live);
	ps->live = NULL;
	sws_freeContext(ps->live_sws);
	ps->live_sws = NULL;
}

/*
 * Someone watches (width > 0): every picture goes to the camera's own
 * decoder, and every LIVE_EVERY_US its latest picture is written at the
 * width asked (the stream's own at most).  A picture shown at a quarter of
 * its width or less is decoded without deblocking.
 */
static void
live_step(struct pics *ps, const AVCodecParameters *par, int annexb, const AVPacket *p,
    int width, int64_t wall_us)
{
	int small = par->width > 0 && width * 4 <= par->width;
	int64_t now = clock_mono_us();
	const AVFrame *pic;
	struct vg_frame f;
	struct vg_err err;

	if (ps->live != NULL && ps->live_small != small)
		live_stop(ps);	/* a different view: deblocking on or off */
	if (ps->live == NULL) {
		if ((ps->live = live_open(par, small, &err)) == NULL) {
			warn_decode(ps, err.msg);
			return;
		}
		ps->live_small = small;
		ps->live_written = 0;
	}
	if (live_feed(ps->live, par, p, annexb) <= 0 || now - ps->live_written < LIVE_EVERY_US)
		return;
	pic = live_picture(ps->live);
	if (keyframe_scale(&ps->live_sws, pic, width, &f, &err) != 0) {
		warn_decode(ps, err.msg);
		return;
	}
	write_frame(ps, &f, wall_us);
	frames_free(&f);
	ps->live_written = now;
}

/*---- Keyframes ----*/

/* A picture for a keyframe's uses: the live decoder's when it has this
 * very picture, else the keyframe decoded on its own. */
static int
keyframe_picture(struct pics *ps, const AVCodecParameters *par, int annexb, const AVPacket *p,
    struct vg_frame *f)
{
	struct vg_err err;
	const AVFrame *pic = ps->live != NULL ? live_picture(ps->live) : NULL;

	if (pic != NULL && pic->pts == p->pts)
		return keyframe_scale(&ps->live_sws, pic, ps->c->set->thumb_width, f, &err);
	if (par->extradata_size == 0)
		return -1;	/* the stream's parameter sets are not known yet */
	if (keyframe_decode(par, p, annexb, ps->c->set->thumb_width, f, &err) != 0) {
		warn_decode(ps, err.msg);
		return -1;
	}
	return 0;
}

int
pics_video(struct pics *ps, const AVCodecParameters *par, int annexb, const AVPacket *p,
    int64_t wall_us)
{
	int64_t now = clock_mono_us();
	int width = ps->interior ? 0 : atomic_load(&ps->c->demand_width), what, moving = 0;
	struct vg_frame f;
	uint8_t grey[TAMPER_N];

	if (width > 0)
		live_step(ps, par, annexb, p, width, wall_us);
	else if (ps->live != NULL)
		live_stop(ps);
	if (!(p->flags & AV_PKT_FLAG_KEY))
		return 0;
	what = picsched_due(&ps->sched, now);
	if (ps->live != NULL)
		what &= ~PIC_THUMB;	/* the live view writes it more often anyway */
	if (what == 0 && !ps->motion_mode)
		return 0;
	if (keyframe_picture(ps, par, annexb, p, &f) != 0)
		return 0;
	tamper_grey(f.pixels, f.width, f.height, grey);
	if (what & PIC_THUMB)
		write_frame(ps, &f, wall_us);
	if (what & PIC_TAMPER)
		check_tamper(ps, grey, wall_us);
	if (what != 0)
		picsched_done(&ps->sched, what, now, tamper_pending(&ps->tamper));
	if (ps->motion_mode) {
		moving = ps->have_prev && tamper_motion(ps->prev_grey, grey);
		memcpy(ps->prev_grey, grey, TAMPER_N);
		ps->have_prev = 1;
	}
	frames_free(&f);
	return moving;
}

/*---- Life cycle ----*/

struct pics *
pics_new(struct rec_cam *c)
{
	struct pics *ps = xcalloc(1, sizeof *ps);

	ps->c = c;
	ps->interior = strcmp(c->cfg.privacy, "interior") == 0;
	ps->motion_mode = strcmp(c->cfg.mode, "motion") == 0;
	picsched_init(&ps->sched, c->set->tamper_interval_s, c->set->thumb_interval_s,
	    c->decode_phase_ms > 0 ? clock_mono_us() + (int64_t)c->decode_phase_ms * 1000 : 0);
	load_reference(ps);
	return ps;
}

void
pics_disconnected(struct pics *ps)
{
	live_stop(ps);
	ps->have_prev = 0;
}

void
pics_free(struct pics *ps)
{
	if (ps == NULL)
		return;
	live_stop(ps);
	free(ps);
}
