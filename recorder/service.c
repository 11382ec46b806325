/* service.c — `vigil record`: cameras, the index writer, health, disk, reload, retention. */
#include "recorder/recorder.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <libavformat/avformat.h>

#include "core/audit.h"
#include "core/camera-faults.h"
#include "core/camera-health.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/sdnotify.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/demand.h"
#include "recorder/frames.h"
#include "recorder/ingest.h"
#include "recorder/keyframe.h"
#include "recorder/recovery.h"
#include "recorder/retention.h"
#include "recorder/watchdog.h"

#define TICK_MS		250
#define STATE_EVERY_US	(5 * VG_USEC_PER_SEC)	/* changes of status are written at once */
#define ACK_EVERY_US	(1 * VG_USEC_PER_SEC)
#define DISK_EVERY_US	(5 * VG_USEC_PER_SEC)
#define DEMAND_EVERY_US	(500 * 1000)	/* consoles refresh their demand files every second */
#define HEADS_EVERY_US	(600 * VG_USEC_PER_SEC)
#define FAULTS_EVERY_US	(10 * VG_USEC_PER_SEC)
#define ACTOR		"recorder"
#define REC_MMAP_THRESHOLD (128 * 1024)

static volatile sig_atomic_t got_stop, got_hup;

struct service {
	struct vg_site		*site;
	const char		*config;
	struct rec_settings	 set;
	struct rec_queue	 q;
	struct rec_cam		**cams;
	size_t			 ncams;
	char			 node[64];
	int64_t			 started_us;
	int64_t			 next_state, next_ack, next_disk, next_heads, next_demand;
	char			*last_heads;
	int64_t			 last_ack_id;
	int			 disk_warned;
	int			 disk_pct_at_stop;
	pthread_t		 ret_th;
	int			 ret_running;
	atomic_int		 ret_stop;
	int			 lock_fd;
	struct rec_live		 writer;	/* the index writer's proof of life */
};

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
}

/*---- Database writes (this thread only) ----*/

static void
record_event(struct service *sv, const char *camera, const char *kind, const char *detail)
{
	struct vg_err err;
	int audited = strncmp(kind, "motion.", 7) != 0;

	if (site_begin(sv->site, &err) != 0 ||
	    camera_event_add(sv->site, ACTOR, ACTOR, camera, kind, detail, audited, &err) != 0 ||
	    site_commit(sv->site, &err) != 0) {
		site_rollback(sv->site);
		rec_log(_("cannot record event %s of %s: %s"), kind, camera ? camera : "-", err.msg);
		return;
	}
	rec_log(_("%s %s: %s"), camera ? camera : _("storage"), kind, detail);
}

static void
audit_service(struct service *sv, const char *action, const char *detail)
{
	struct vg_err err;
	const char *object = strcmp(action, "footage.heads") == 0 ? "segments" : sv->node;

	if (site_begin(sv->site, &err) != 0 ||
	    audit_append(sv->site, ACTOR, action, object, detail, ACTOR, &err) != 0 ||
	    site_commit(sv->site, &err) != 0) {
		site_rollback(sv->site);
		rec_log(_("cannot audit %s: %s"), action, err.msg);
	}
}

static struct rec_cam *
find_cam(struct service *sv, const char *id)
{
	for (size_t i = 0; i < sv->ncams; i++)
		if (strcmp(sv->cams[i]->cfg.id, id) == 0)
			return sv->cams[i];
	return NULL;
}

static void
set_status(struct service *sv, struct rec_cam *c, const char *status, const char *detail)
{
	if (strcmp(c->status, status) == 0)
		return;
	snprintf(c->status, sizeof c->status, "%s", status);
	c->status_since = clock_now();
	if (strcmp(status, "online") == 0 || strcmp(status, "offline") == 0)
		record_event(sv, c->cfg.id, status, detail);
	sv->next_state = 0;	/* write camera_state now */
}

/* DESIGN §5: the row comes after the file and its directory are synced, and
 * the chain link is computed here, one writer, in sequence order. */
static void
index_segment(struct service *sv, const char *camera, const struct seg_done *d)
{
	struct chain_seg s = { camera, d->seq, d->start_us, d->end_us, d->path, d->bytes, "", 0 };
	struct rec_cam *c = find_cam(sv, camera);
	struct vg_err err;
	char chain[65];

	snprintf(s.sha256, sizeof s.sha256, "%s", d->sha256);
	if (site_begin(sv->site, &err) != 0 || chain_index(sv->site->db, &s, chain, &err) != 0 ||
	    site_commit(sv->site, &err) != 0) {
		site_rollback(sv->site);
		rec_log(_("camera %s: cannot index %s: %s"), camera, d->path, err.msg);
		return;
	}
	if (c != NULL)
		c->last_seg_end = d->end_us;
}

static void
handle(struct service *sv, struct rec_msg *m)
{
	struct rec_cam *c = find_cam(sv, m->camera);
	struct recovery_report rep;
	struct vg_err err;

	switch (m->kind) {
	case MSG_SEGMENT:
		index_segment(sv, m->camera, &m->seg);
		break;
	case MSG_BROKEN:
		memset(&rep, 0, sizeof rep);
		if (m->seg.path[0] && recovery_file(sv->site, ACTOR, m->seg.path, &rep, &err) != 0)
			rec_log(_("camera %s: %s"), m->camera, err.msg);
		break;
	case MSG_EVENT:
		if (c != NULL) {
			if (strcmp(m->event, "covered") == 0)
				c->covered = 1;
			else if (strcmp(m->event, "covered.clear") == 0)
				c->covered = 0;
			else if (strcmp(m->event, "moved") == 0)
				c->moved = 1;
			else if (strcmp(m->event, "moved.clear") == 0 ||
			    strcmp(m->event, "reference") == 0)
				c->moved = 0;
			sv->next_state = 0;
		}
		record_event(sv, m->camera, m->event, m->detail);
		break;
	}
}

static void
write_state(struct service *sv)
{
	struct vg_stmt *st;
	struct vg_err err;
	int64_t now = clock_now(), mono = clock_mono_us();

	if (site_begin(sv->site, &err) != 0) {
		rec_log(_("cannot write camera state: %s"), err.msg);
		return;
	}
	st = db_prepare(sv->site->db, "INSERT INTO camera_state (camera, status, since_us, "
	    "recording, covered, moved, last_segment_end_us, last_frame_us, updated_us) "
	    "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(camera) DO UPDATE SET status = excluded.status, "
	    "since_us = excluded.since_us, recording = excluded.recording, "
	    "covered = excluded.covered, moved = excluded.moved, "
	    "last_segment_end_us = excluded.last_segment_end_us, "
	    "last_frame_us = excluded.last_frame_us, updated_us = excluded.updated_us");
	for (size_t i = 0; i < sv->ncams; i++) {
		struct rec_cam *c = sv->cams[i];
		int64_t last = atomic_load(&c->last_pkt_mono);

		db_reset(st);
		db_bind_text(st, 1, c->cfg.id);
		db_bind_text(st, 2, c->status);
		db_bind_int(st, 3, c->status_since);
		db_bind_int(st, 4, c->running && atomic_load(&c->recording));
		db_bind_int(st, 5, c->covered);
		db_bind_int(st, 6, c->moved);
		db_bind_int(st, 7, c->last_seg_end);
		db_bind_int(st, 8, last ? now - (mono - last) : 0);
		db_bind_int(st, 9, now);
		if (db_run(st, sv->site->db, &err) != 0)
			break;
	}
	db_finalize(st);
	st = db_prepare(sv->site->db, "INSERT INTO recorder_heartbeat (node, pid, started_us, "
	    "beat_us) VALUES (?,?,?,?) ON CONFLICT(node) DO UPDATE SET pid = excluded.pid, "
	    "started_us = excluded.started_us, beat_us = excluded.beat_us");
	db_bind_text(st, 1, sv->node);
	db_bind_int(st, 2, getpid());
	db_bind_int(st, 3, sv->started_us);
	db_bind_int(st, 4, now);
	if (db_run(st, sv->site->db, &err) != 0 || site_commit(sv->site, &err) != 0) {
		site_rollback(sv->site);
		rec_log(_("cannot write camera state: %s"), err.msg);
	}
	db_finalize(st);
}

/* Puts every camera's chain head in the audit log (see chain_heads), when it
 * moved since the last time. */
static void
record_heads(struct service *sv)
{
	char *h = chain_heads(sv->site->db);

	if (h[0] != '\0' && (sv->last_heads == NULL || strcmp(h, sv->last_heads) != 0)) {
		audit_service(sv, "footage.heads", h);
		free(sv->last_heads);
		sv->last_heads = h;
	} else
		free(h);
}

/*---- Cameras ----*/

static int
start_cam(struct service *sv, struct rec_cam *c)
{
	struct vg_err err;

	int64_t seq = chain_next_seq(sv->site->db, c->cfg.id);
	/* the newest segment by its number: one step in the (camera, seq)
	 * index, not a pass over the camera's history */
	int64_t end = db_scalar(sv->site->db, "SELECT end_us FROM segments WHERE camera = ? "
	    "ORDER BY seq DESC LIMIT 1", c->cfg.id, 0);

	/* A restarted camera's last segment may still wait in the queue, not
	 * indexed yet: its thread's own count is then ahead of the index. */
	c->next_seq = seq > c->next_seq ? seq : c->next_seq;
	c->prev_end_us = end > c->prev_end_us ? end : c->prev_end_us;
	if (c->last_seg_end == 0)
		c->last_seg_end = c->prev_end_us;
	atomic_store(&c->last_pkt_mono, 0);
	if (ingest_start(c, &err) != 0) {
		rec_log("%s", err.msg);
		return -1;
	}
	snprintf(c->status, sizeof c->status, "%s", "unknown");
	c->status_since = clock_now();
	return 0;
}

static void
stop_cam(struct rec_cam *c)
{
	ingest_request_stop(c);
	ingest_join(c);
}

static struct rec_cam *
new_cam(struct service *sv, const struct vg_camera *cfg)
{
	struct rec_cam *c = xcalloc(1, sizeof *c);

	camera_copy(&c->cfg, cfg);
	c->set = &sv->set;
	c->q = &sv->q;
	pthread_mutex_init(&c->mu, NULL);
	snprintf(c->status, sizeof c->status, "%s", cfg->enabled ? "unknown" : "disabled");
	c->status_since = clock_now();
	sv->cams = xrealloc(sv->cams, (sv->ncams + 1) * sizeof *sv->cams);
	sv->cams[sv->ncams++] = c;
	return c;
}

static void
free_cam(struct rec_cam *c)
{
	camera_free(&c->cfg);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

/* Cuts are staggered by each camera's place in the list (DESIGN §5), and so
 * are the first keyframe decodes, over the first tamper or thumbnail period. */
static void
assign_phases(struct service *sv)
{
	int64_t decode = (int64_t)sv->set.tamper_interval_s * 1000 / 2;

	if ((int64_t)sv->set.thumb_interval_s * 1000 < decode)
		decode = (int64_t)sv->set.thumb_interval_s * 1000;
	for (size_t i = 0; i < sv->ncams; i++) {
		sv->cams[i]->index = (int)i;
		sv->cams[i]->phase_ms = (int)((int64_t)i * sv->set.segment_seconds * 1000 /
		    (int64_t)sv->ncams);
		sv->cams[i]->decode_phase_ms = (int)((int64_t)i * decode / (int64_t)sv->ncams);
	}
}

/* A reference.ack newer than the reference on disk (acknowledged while the
 * recorder was down) asks for a new reference at start. */
static void
check_pending_ack(struct service *sv, struct rec_cam *c)
{
	char *path = ingest_reference_path(&sv->set, c->cfg.id);
	struct vg_frame f;
	struct vg_err err;
	int64_t ref_ts = 0, ack;

	if (frames_read_file(path, &f, &err) == 0) {
		ref_ts = f.ts_us;
		frames_free(&f);
	}
	ack = db_scalar(sv->site->db, "SELECT MAX(ts_us) FROM camera_events WHERE camera = ? AND "
	    "kind = 'reference.ack'", c->cfg.id, 0);
	if (ack > ref_ts && ref_ts != 0)
		atomic_store(&c->want_ref, 1);
	free(path);
}

static void
poll_acks(struct service *sv)
{
	struct vg_stmt *st = db_prepare(sv->site->db, "SELECT id, camera FROM camera_events "
	    "WHERE kind = 'reference.ack' AND id > ? ORDER BY id");

	db_bind_int(st, 1, sv->last_ack_id);
	while (db_step(st) == DB_ROW) {
		struct rec_cam *c = find_cam(sv, db_col_text(st, 1));

		sv->last_ack_id = db_col_int(st, 0);
		if (c != NULL) {
			atomic_store(&c->want_ref, 1);
			rec_log(_("camera %s: taking a new reference frame (acknowledged)"), c->cfg.id);
		}
	}
	db_finalize(st);
}

/*---- Live view ----*/

struct demand_scan_ctx {
	struct service	*sv;
	int		*width;
};

static void
on_demand(void *arg, const char *camera, int width)
{
	struct demand_scan_ctx *d = arg;

	for (size_t i = 0; i < d->sv->ncams; i++)
		if (strcmp(d->sv->cams[i]->cfg.id, camera) == 0)
			d->width[i] = width;
}

/* Which cameras consoles watch live, and how wide (demand.h); the camera
 * threads decode accordingly (pictures.c). */
static void
check_demand(struct service *sv)
{
	struct demand_scan_ctx d = { sv, xcalloc(sv->ncams + 1, sizeof *d.width) };

	demand_scan(sv->set.run_dir, on_demand, &d);
	for (size_t i = 0; i < sv->ncams; i++)
		atomic_store(&sv->cams[i]->demand_width, d.width[i]);
	free(d.width);
}

/*---- Health ----*/

/* DESIGN §9: a camera silent for offline_after_s is offline; data again, online. */
static void
check_health(struct service *sv)
{
	int64_t mono = clock_mono_us(), limit = (int64_t)sv->set.offline_after_s * VG_USEC_PER_SEC;

	for (size_t i = 0; i < sv->ncams; i++) {
		struct rec_cam *c = sv->cams[i];
		int64_t last = atomic_load(&c->last_pkt_mono);
		int64_t since = last > c->started_mono ? last : c->started_mono;

		if (!c->running)
			continue;
		if (strcmp(c->status, "offline") != 0 && mono - since > limit) {
			char why[512], detail[600];

			ingest_last_error(c, why, sizeof why);
			snprintf(detail, sizeof detail, _("no video for %lld s%s%s"),
			    (long long)((mono - since) / VG_USEC_PER_SEC), why[0] ? ": " : "", why);
			set_status(sv, c, "offline", detail);
		} else if (strcmp(c->status, "online") != 0 && last > c->started_mono &&
		    mono - last < limit) {
			set_status(sv, c, "online", _("video is arriving"));
		}
	}
}

/*
 * Issue 14: a camera offline, covered or moved for equipment.fault_after_min
 * gets a fault.  The rule is core's (camera_faults_sweep); the recorder runs
 * it because it runs all the time and writes the state the rule reads.
 */
static void
raise_faults(struct service *sv, int64_t mono)
{
	static int64_t next;	/* one recorder per process */
	struct vg_err err;
	int n;

	if (mono < next)
		return;
	next = mono + FAULTS_EVERY_US;
	if (camera_faults_sweep(sv->site, ACTOR, clock_now(), &n, &err) != 0)
		rec_log(_("cannot raise faults: %s"), err.msg);
	else if (n > 0)
		rec_log(_("raised %d faults for cameras in trouble too long"), n);
}

/* Storage use in percent; tests put a number in $VIGIL_DISK_USAGE_FILE. */
static int
disk_used_pct(const char *dir)
{
	const char *inj = getenv("VIGIL_DISK_USAGE_FILE");
	struct statvfs vfs;

	if (inj != NULL && *inj) {
		char *t = vg_read_file(inj, NULL, 64, NULL);
		long long v;

		if (t != NULL && vg_parse_int(vg_trim(t), 0, 100, &v) == 0) {
			free(t);
			return (int)v;
		}
		free(t);
	}
	if (statvfs(dir, &vfs) != 0 || vfs.f_blocks == 0)
		return -1;
	return (int)(100 - (100.0 * (double)vfs.f_bavail / (double)vfs.f_blocks));
}

/*
 * DESIGN §5: a full disk never makes room by deleting footage inside
 * retention.  At disk_stop_pct the running cameras of the lowest priority stop,
 * with an alarm; if use still grows, the next priority follows.  Below it
 * again (retention freed space, a disk was added) they all resume.
 */
static void
check_disk(struct service *sv)
{
	const struct vg_config *cfg = &sv->site->cfg;
	int pct = disk_used_pct(sv->set.storage_dir), lowest = 11, any_stopped = 0;
	char detail[256];

	if (pct < 0)
		return;
	if (pct >= cfg->rec_disk_warn_pct && !sv->disk_warned) {
		snprintf(detail, sizeof detail, _("storage %d%% full (warning at %d%%)"), pct,
		    cfg->rec_disk_warn_pct);
		record_event(sv, NULL, "disk.warn", detail);
		sv->disk_warned = 1;
	} else if (pct < cfg->rec_disk_warn_pct - 1 && sv->disk_warned) {
		snprintf(detail, sizeof detail, _("storage %d%% full"), pct);
		record_event(sv, NULL, "disk.ok", detail);
		sv->disk_warned = 0;
	}
	for (size_t i = 0; i < sv->ncams; i++) {
		struct rec_cam *c = sv->cams[i];

		any_stopped |= c->disk_stopped;
		if (c->running && c->cfg.priority < lowest)
			lowest = c->cfg.priority;
	}
	if (pct >= cfg->rec_disk_stop_pct && lowest <= 10 &&
	    (!any_stopped || pct > sv->disk_pct_at_stop)) {
		sv->disk_pct_at_stop = pct;
		for (size_t i = 0; i < sv->ncams; i++) {
			struct rec_cam *c = sv->cams[i];

			if (!c->running || c->cfg.priority != lowest)
				continue;
			stop_cam(c);
			c->disk_stopped = 1;
			set_status(sv, c, "stopped", "");
			snprintf(detail, sizeof detail, _("storage %d%% full (stop at %d%%): stopped, "
			    "lowest priority (%d) first; no footage inside retention is deleted"), pct,
			    cfg->rec_disk_stop_pct, lowest);
			record_event(sv, c->cfg.id, "disk.stop", detail);
		}
	} else if (pct < cfg->rec_disk_stop_pct - 1 && any_stopped) {
		for (size_t i = 0; i < sv->ncams; i++) {
			struct rec_cam *c = sv->cams[i];

			if (!c->disk_stopped)
				continue;
			c->disk_stopped = 0;
			if (c->cfg.enabled && start_cam(sv, c) == 0) {
				snprintf(detail, sizeof detail, _("storage %d%% full: recording again"), pct);
				record_event(sv, c->cfg.id, "disk.resume", detail);
			}
		}
	}
}

/*---- Reload (SIGHUP) ----*/

static int
needs_restart(const struct vg_camera *a, const struct vg_camera *b)
{
	return strcmp(a->url, b->url) != 0 || strcmp(a->transport, b->transport) != 0 ||
	    strcmp(a->mode, b->mode) != 0 || strcmp(a->privacy, b->privacy) != 0;
}

static void
reload(struct service *sv)
{
	struct vg_cameras cs;
	struct vg_err err;
	struct vg_buf started, restarted, stopped, same;
	int changed;

	if (site_sync_cameras(sv->site, ACTOR, ACTOR, &changed, &err) != 0 ||
	    cameras_load(sv->site->cfg.cameras_path, &cs, &err) != 0) {
		rec_log(_("reload: %s; the cameras keep recording as they were"), err.msg);
		return;
	}
	buf_init(&started);
	buf_init(&restarted);
	buf_init(&stopped);
	buf_init(&same);
	for (size_t i = 0; i < sv->ncams; i++)
		sv->cams[i]->seen = 0;
	for (size_t i = 0; i < cs.n; i++) {
		const struct vg_camera *n = &cs.v[i];
		struct rec_cam *c = find_cam(sv, n->id);
		int restart;

		if (c == NULL) {
			c = new_cam(sv, n);
			c->seen = 1;
			if (n->enabled && start_cam(sv, c) == 0)
				buf_printf(&started, " %s", n->id);
			continue;
		}
		c->seen = 1;
		restart = needs_restart(&c->cfg, n) || c->cfg.enabled != n->enabled;
		if (restart && c->running) {
			stop_cam(c);
			buf_printf(n->enabled ? &restarted : &stopped, " %s", n->id);
		} else if (!restart && (c->running || !n->enabled))
			buf_printf(&same, " %s", n->id);
		camera_free(&c->cfg);
		camera_copy(&c->cfg, n);
		if (!n->enabled) {
			set_status(sv, c, "disabled", "");
			continue;
		}
		if (!c->running && !c->disk_stopped && start_cam(sv, c) == 0 && !restart)
			buf_printf(&started, " %s", n->id);
	}
	for (size_t i = 0; i < sv->ncams; i++) {
		struct rec_cam *c = sv->cams[i];

		if (c->seen || strcmp(c->status, "removed") == 0)
			continue;
		if (c->running) {
			stop_cam(c);
			buf_printf(&stopped, " %s", c->cfg.id);
		}
		c->disk_stopped = 0;
		set_status(sv, c, "removed", "");
	}
	assign_phases(sv);
	rec_log(_("reload: started:%s; restarted:%s; stopped:%s; unchanged:%s"),
	    started.s ? started.s : _(" none"), restarted.s ? restarted.s : _(" none"),
	    stopped.s ? stopped.s : _(" none"), same.s ? same.s : _(" none"));
	buf_free(&started);
	buf_free(&restarted);
	buf_free(&stopped);
	buf_free(&same);
	cameras_free(&cs);
	sv->next_state = 0;
}

/*---- Retention thread ----*/

static struct vg_actor *
recorder_actor(void)
{
	struct vg_actor *a = actor_system(ACTOR);

	free(a->display);
	a->display = xstrdup(ACTOR);
	return a;
}

/* Retention runs on its own connection so a long pass never delays indexing
 * or the offline checks. */
static void *
retention_thread(void *arg)
{
	struct service *sv = arg;
	struct vg_actor *a = recorder_actor();
	struct vg_site *s = NULL;
	struct vg_err err;

	rec_block_signals();
	if (site_open(sv->config, 0, &s, &err) != 0) {
		rec_log(_("retention: %s"), err.msg);
		actor_free(a);
		return NULL;
	}
	while (!atomic_load(&sv->ret_stop)) {
		struct retention_report rep;
		int64_t next;

		if (retention_run(s, a, clock_now(), 0, &rep, &err) != 0)
			rec_log(_("retention: %s"), err.msg);
		else if (rep.segments > 0 || rep.held > 0 || rep.requested > 0)
			rec_log(_("retention: deleted %lld expired segments (%lld MiB); %lld expired "
			    "segments kept by holds, %lld for open requests"), (long long)rep.segments,
			    (long long)(rep.bytes >> 20), (long long)rep.held,
			    (long long)rep.requested);
		retention_report_free(&rep);
		next = clock_mono_us() + (int64_t)s->cfg.rec_retention_interval_s * VG_USEC_PER_SEC;
		while (!atomic_load(&sv->ret_stop) && clock_mono_us() < next)
			usleep(200000);
	}
	site_close(s);
	actor_free(a);
	return NULL;
}

/*---- Start and stop ----*/

/* One recorder per site: a lock in the run directory. */
static int
take_lock(struct service *sv, struct vg_err *err)
{
	char *path = vg_path_join(sv->set.run_dir, RECORDER_LOCK_FILE), pid[32];
	int n;

	sv->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (sv->lock_fd < 0) {
		vg_seterr(err, VG_FAILED, _("cannot open %s: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(sv->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		n = (int)read(sv->lock_fd, pid, sizeof pid - 1);
		pid[n > 0 ? n : 0] = '\0';
		vg_seterr(err, VG_CONFLICT, _("another recorder is running for this site (pid %s, "
		    "lock %s)"), vg_trim(pid), path);
		free(path);
		return -1;
	}
	n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(sv->lock_fd, 0) != 0 || pwrite(sv->lock_fd, pid, (size_t)n, 0) != n)
		rec_log(_("cannot write %s"), path);
	free(path);
	return 0;
}

static int
prepare_dirs(struct service *sv, struct vg_err *err)
{
	char *frames = vg_path_join(sv->set.run_dir, "frames");
	char *refs = vg_path_join(sv->set.data_dir, "references");
	char *demand = vg_path_join(sv->set.run_dir, DEMAND_DIR);
	/* consoles (another process, perhaps another user of the group) write
	 * their demand files there */
	int r = vg_mkdirs(sv->set.storage_dir, 0750, err) == 0 &&
	    vg_mkdirs(sv->set.run_dir, 0750, err) == 0 && vg_mkdirs(frames, 0750, err) == 0 &&
	    vg_mkdirs(refs, 0750, err) == 0 && vg_mkdirs(demand, 0770, err) == 0 ? 0 : -1;

	free(frames);
	free(refs);
	free(demand);
	return r;
}

static int
start(struct service *sv, struct vg_err *err)
{
	struct recovery_report rep;
	struct vg_cameras cs;
	char detail[256];
	int changed, n = 0;

	if (prepare_dirs(sv, err) != 0 || take_lock(sv, err) != 0)
		return -1;
	if (site_sync_cameras(sv->site, ACTOR, ACTOR, &changed, err) != 0 ||
	    cameras_load(sv->site->cfg.cameras_path, &cs, err) != 0)
		return -1;
	/* Before any camera writes: finish interrupted purges, index what a
	 * crash left unindexed. */
	if (retention_finish(sv->site, err) != 0 || recovery_run(sv->site, ACTOR, &rep, err) != 0) {
		cameras_free(&cs);
		return -1;
	}
	if (rep.files > 0 || rep.skipped > 0)
		rec_log(_("recovery: indexed %d segment files left by a crash (%d cut back to their "
		    "last whole fragment); %d could not be indexed"), rep.files, rep.truncated,
		    rep.skipped);
	for (size_t i = 0; i < cs.n; i++)
		new_cam(sv, &cs.v[i]);
	cameras_free(&cs);
	assign_phases(sv);
	sv->last_ack_id = db_scalar(sv->site->db, "SELECT MAX(id) FROM camera_events", NULL, 0);
	for (size_t i = 0; i < sv->ncams; i++) {
		struct rec_cam *c = sv->cams[i];

		if (!c->cfg.enabled)
			continue;
		check_pending_ack(sv, c);
		if (start_cam(sv, c) == 0)
			n++;
	}
	snprintf(detail, sizeof detail, "pid=%ld; cameras=%d; recovered=%d; truncated=%d",
	    (long)getpid(), n, rep.files, rep.truncated);
	audit_service(sv, "recorder.start", detail);
	rec_log(_("recording %d cameras for %s"), n, sv->site->cfg.site_name);
	if (pthread_create(&sv->ret_th, NULL, retention_thread, sv) == 0)
		sv->ret_running = 1;
	return 0;
}

static void
drain(struct service *sv, int timeout_ms)
{
	struct rec_msg *m = queue_take(&sv->q, timeout_ms);

	rec_live_tick(&sv->writer);
	while (m != NULL) {
		struct rec_msg *next = m->next;

		handle(sv, m);
		free(m);
		m = next;
	}
}

static void
run(struct service *sv)
{
	while (!got_stop) {
		int64_t mono;

		drain(sv, TICK_MS);
		if (got_hup) {
			got_hup = 0;
			sdn_send("RELOADING=1");
			reload(sv);
			sdn_send("READY=1");
		}
		rec_watchdog(sv->cams, sv->ncams, &sv->writer, NULL, 0);
		mono = clock_mono_us();
		check_health(sv);
		raise_faults(sv, mono);
		if (mono >= sv->next_ack) {
			poll_acks(sv);
			sv->next_ack = mono + ACK_EVERY_US;
		}
		if (mono >= sv->next_disk) {
			check_disk(sv);
			sv->next_disk = mono + DISK_EVERY_US;
		}
		if (mono >= sv->next_demand) {
			check_demand(sv);
			keyframe_idle(0);
			sv->next_demand = mono + DEMAND_EVERY_US;
		}
		if (mono >= sv->next_state) {
			write_state(sv);
			sv->next_state = mono + STATE_EVERY_US;
		}
		if (mono >= sv->next_heads) {
			if (sv->next_heads != 0)
				record_heads(sv);
			sv->next_heads = mono + HEADS_EVERY_US;
		}
	}
}

static void
shutdown_all(struct service *sv)
{
	for (size_t i = 0; i < sv->ncams; i++)
		ingest_request_stop(sv->cams[i]);
	for (size_t i = 0; i < sv->ncams; i++) {
		ingest_join(sv->cams[i]);
		if (strcmp(sv->cams[i]->status, "removed") != 0 &&
		    strcmp(sv->cams[i]->status, "disabled") != 0)
			snprintf(sv->cams[i]->status, sizeof sv->cams[i]->status, "%s", "unknown");
	}
	drain(sv, 0);
	write_state(sv);
	record_heads(sv);
	if (sv->ret_running) {
		atomic_store(&sv->ret_stop, 1);
		pthread_join(sv->ret_th, NULL);
	}
	audit_service(sv, "recorder.stop", "");
	rec_log("%s", _("stopped"));
}

static void
settings_from(struct rec_settings *set, const struct vg_config *cfg)
{
	set->storage_dir = cfg->storage_dir;
	set->run_dir = cfg->run_dir;
	set->data_dir = cfg->data_dir;
	set->segment_seconds = cfg->rec_segment_seconds;
	set->offline_after_s = cfg->rec_offline_after_s;
	set->thumb_interval_s = cfg->rec_thumb_interval_s;
	set->thumb_width = cfg->rec_thumb_width;
	set->tamper_interval_s = cfg->rec_tamper_interval_s;
	set->preroll_s = cfg->rec_motion_preroll_s;
	set->postroll_s = cfg->rec_motion_postroll_s;
	set->lavf = strcmp(cfg->rec_rtsp_client, "libavformat") == 0;
}

int
recorder_main(int argc, char **argv)
{
	struct service sv;
	struct sigaction sa;
	struct vg_err err;
	int r = 1;

	sdn_init();	/* before any thread or child: they must not inherit it */
	memset(&sv, 0, sizeof sv);
	sv.lock_fd = -1;
	sv.config = config_default_path();
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			sv.config = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			sv.config = argv[i] + 9;
		else {
			fprintf(stderr, "%s", _("usage: vigil record [--config PATH]\n"));
			return strcmp(argv[i], "--help") == 0 ? 0 : 2;
		}
	}
	/*
	 * A recorder's memory should stay flat for months.  Big buffers (a
	 * decoded 1080p picture is 3 MB, an I-frame a few hundred KB) are mapped
	 * on their own, so freeing one returns it to the system at once instead
	 * of leaving a hole in a heap; the heap gives back what it no longer
	 * uses beyond 1 MB; and one arena, so thirty camera threads (which
	 * allocate little, and rarely at once) do not each keep a heap of their
	 * own.  (A fixed threshold also stops glibc raising it after the first
	 * big free, which is what kept frame buffers on the heap before.)
	 */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, REC_MMAP_THRESHOLD);
	mallopt(M_TRIM_THRESHOLD, 1 << 20);
	av_log_set_level(AV_LOG_FATAL);
	avformat_network_init();
	if (site_open(sv.config, 0, &sv.site, &err) != 0) {
		fprintf(stderr, "vigil record: %s\n", err.msg);
		return vg_err_exit(&err);
	}
	/* A service speaks the site's language: its log and the event details
	 * the console shows. */
	i18n_set_language(sv.site->cfg.locale);
	settings_from(&sv.set, &sv.site->cfg);
	queue_init(&sv.q);
	if (gethostname(sv.node, sizeof sv.node) != 0)
		snprintf(sv.node, sizeof sv.node, "%s", "localhost");
	sv.started_us = clock_now();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (start(&sv, &err) != 0) {
		fprintf(stderr, "vigil record: %s\n", err.msg);
		r = vg_err_exit(&err);
		for (size_t i = 0; i < sv.ncams; i++)
			stop_cam(sv.cams[i]);
		goto out;
	}
	sdn_sendf("READY=1\nSTATUS=recording %zu cameras", sv.ncams);
	run(&sv);
	sdn_send("STOPPING=1");
	shutdown_all(&sv);
	r = 0;
out:
	for (size_t i = 0; i < sv.ncams; i++)
		free_cam(sv.cams[i]);
	free(sv.cams);
	free(sv.last_heads);
	queue_destroy(&sv.q);
	if (sv.lock_fd >= 0)
		close(sv.lock_fd);
	site_close(sv.site);
	keyframe_idle(1);
	avformat_network_deinit();
	return r;
}
