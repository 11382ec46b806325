/* duty.c — the duty log: starting and ending shifts, events, camera alarms, handovers acknowledged. */
#include "core/gov/duty.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/records-int.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

/* The camera events a guard is offered for the log (issue 14: offline,
 * covered, moved, disk). */
#define ALARM_KINDS "('offline','covered','moved','disk.warn','disk.stop','record.error')"

#define SHIFT_COLS "d.id, u.login, u.name, d.desk, d.started_us, COALESCE(d.ended_us, 0), " \
	"COALESCE(d.handover, ''), COALESCE(a.login, ''), COALESCE(a.name, ''), " \
	"COALESCE(d.acked_shift, 0), COALESCE(d.acked_us, 0), " \
	"(SELECT COUNT(*) FROM duty_events e WHERE e.shift_id = d.id)"
#define SHIFT_FROM " FROM duty_shifts d JOIN users u ON u.id = d.guard_id " \
	"LEFT JOIN users a ON a.id = d.acked_by "

static const char *
article(struct vg_site *s)
{
	return s->pol->records.duty_article;
}

/*---- Reading ----*/

static void
shift_fill(struct vg_site *s, struct vg_stmt *st, void *item, int64_t now)
{
	struct duty_shift *d = item;

	d->id = db_col_int(st, 0);
	d->guard = xstrdup(db_col_text(st, 1));
	d->guard_name = xstrdup(db_col_text(st, 2));
	d->desk = xstrdup(db_col_text(st, 3));
	d->started_us = db_col_int(st, 4);
	d->ended_us = db_col_int(st, 5);
	d->handover = xstrdup(db_col_text(st, 6));
	d->acked_by = xstrdup(db_col_text(st, 7));
	d->acked_by_name = xstrdup(db_col_text(st, 8));
	d->acked_shift = db_col_int(st, 9);
	d->acked_us = db_col_int(st, 10);
	d->nevents = db_col_int(st, 11);
	d->overdue = d->ended_us == 0 && now - d->started_us > records_max_shift_us(s);
}

/* Shifts from "SELECT SHIFT_COLS SHIFT_FROM ..." with parameters bound. */
static struct duty_shift *
shifts_from(struct vg_site *s, struct vg_stmt *st, size_t *n)
{
	return records_rows(s, st, sizeof(struct duty_shift), shift_fill, n);
}

/* One shift with no visibility check; NULL if there is none. */
static struct duty_shift *
shift_load(struct vg_site *s, int64_t id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " SHIFT_COLS SHIFT_FROM "WHERE d.id = ?");

	db_bind_int(st, 1, id);
	return records_row(s, st, sizeof(struct duty_shift), shift_fill);
}

struct duty_shift *
duty_current(struct vg_site *s, const struct vg_actor *a)
{
	struct vg_stmt *st;

	if (a->system)
		return NULL;
	st = db_prepare(s->db, "SELECT " SHIFT_COLS SHIFT_FROM
	    "WHERE d.guard_id = ? AND d.ended_us IS NULL ORDER BY d.id DESC LIMIT 1");
	db_bind_int(st, 1, a->user_id);
	return records_row(s, st, sizeof(struct duty_shift), shift_fill);
}

struct duty_shift *
duty_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	*n = 0;
	if (records_may_read(s, a, "duty.log", err) != 0)
		return NULL;
	return shifts_from(s, db_prepare(s->db, "SELECT " SHIFT_COLS SHIFT_FROM
	    "ORDER BY d.id DESC LIMIT 500"), n);
}

static void
load_events(struct vg_site *s, struct duty_shift *d)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT e.id, e.at_us, e.logged_us, e.kind, e.text, "
	    "e.cameras, COALESCE(e.camera_event_id, 0), COALESCE(e.corrects, 0), "
	    "(SELECT COALESCE(MAX(c.id), 0) FROM duty_events c WHERE c.corrects = e.id) "
	    "FROM duty_events e WHERE e.shift_id = ? ORDER BY e.at_us, e.id");

	db_bind_int(st, 1, d->id);
	while (db_step(st) == DB_ROW) {
		struct duty_event *e;

		d->events = xrealloc(d->events, (d->nev + 1) * sizeof *d->events);
		e = &d->events[d->nev++];
		e->id = db_col_int(st, 0);
		e->shift_id = d->id;
		e->at_us = db_col_int(st, 1);
		e->logged_us = db_col_int(st, 2);
		e->kind = xstrdup(db_col_text(st, 3));
		e->text = xstrdup(db_col_text(st, 4));
		e->cameras = xstrdup(db_col_text(st, 5));
		e->alarm_id = db_col_int(st, 6);
		e->corrects = db_col_int(st, 7);
		e->corrected_by = db_col_int(st, 8);
	}
	db_finalize(st);
}

struct duty_shift *
duty_get(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	struct duty_shift *d;

	if (records_may_read(s, a, "duty.log", err) != 0)
		return NULL;
	if ((d = shift_load(s, id)) == NULL) {
		vg_seterr(err, VG_NOTFOUND, _("no duty shift %lld"), (long long)id);
		return NULL;
	}
	load_events(s, d);
	return d;
}

struct duty_shift *
duty_handovers(struct vg_site *s, const struct vg_actor *a, const char *desk, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " SHIFT_COLS SHIFT_FROM
	    "WHERE d.desk = ? AND d.ended_us IS NOT NULL AND d.acked_us IS NULL "
	    "AND d.guard_id <> ? ORDER BY d.ended_us, d.id");

	db_bind_text(st, 1, desk);
	db_bind_int(st, 2, a->user_id);
	return shifts_from(s, st, n);
}

struct duty_alarm *
duty_alarms(struct vg_site *s, const struct vg_actor *a, int64_t shift_id, size_t *n)
{
	struct duty_shift *d = shift_load(s, shift_id);
	struct duty_alarm *v = xcalloc(1, sizeof *v);
	struct vg_stmt *st;

	*n = 0;
	if (d == NULL || !actor_can(s, a, "duty.log")) {
		duty_free_list(d, d ? 1 : 0);
		return v;
	}
	st = db_prepare(s->db, "SELECT e.id, COALESCE(e.camera, ''), e.kind, e.detail, e.ts_us "
	    "FROM camera_events e WHERE e.kind IN " ALARM_KINDS " AND e.ts_us >= ? AND e.ts_us <= ? "
	    "AND NOT EXISTS (SELECT 1 FROM duty_events l WHERE l.camera_event_id = e.id) "
	    "ORDER BY e.ts_us, e.id");
	db_bind_int(st, 1, d->started_us);
	db_bind_int(st, 2, d->ended_us ? d->ended_us : clock_now());
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[*n].id = db_col_int(st, 0);
		v[*n].camera = xstrdup(db_col_text(st, 1));
		v[*n].kind = xstrdup(db_col_text(st, 2));
		v[*n].detail = xstrdup(db_col_text(st, 3));
		v[*n].ts_us = db_col_int(st, 4);
		(*n)++;
	}
	db_finalize(st);
	duty_free_list(d, 1);
	return v;
}

char *
duty_last_desk(struct vg_site *s, const struct vg_actor *a)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT desk FROM duty_shifts ORDER BY "
	    "(guard_id = ?) DESC, id DESC LIMIT 1");
	char *desk;

	db_bind_int(st, 1, a->user_id);
	desk = xstrdup(db_step(st) == DB_ROW ? db_col_text(st, 0) : "");
	db_finalize(st);
	return desk;
}

struct req_camera *
duty_cameras(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	*n = 0;
	if (actor_require(s, a, "duty.log", err) != 0)
		return NULL;
	return requests_all_cameras(s, n);
}

void
duty_free_list(struct duty_shift *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].guard);
		free(v[i].guard_name);
		free(v[i].desk);
		free(v[i].handover);
		free(v[i].acked_by);
		free(v[i].acked_by_name);
		for (size_t k = 0; k < v[i].nev; k++) {
			free(v[i].events[k].kind);
			free(v[i].events[k].text);
			free(v[i].events[k].cameras);
		}
		free(v[i].events);
	}
	free(v);
}

void
duty_free_alarms(struct duty_alarm *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].camera);
		free(v[i].kind);
		free(v[i].detail);
	}
	free(v);
}

const char *
duty_state(const struct duty_shift *d)
{
	if (d->ended_us == 0)
		return d->overdue ? _("overdue") : _("on duty");
	return d->acked_us ? _("handed over") : _("handover waiting");
}

const char *
duty_kind_title(struct vg_site *s, const char *kind)
{
	const struct pol_duty_kind *k = policy_duty_kind(s->pol, kind);

	return k != NULL ? pol_tr(&k->title) : kind;
}

char *
duty_alarm_text(const struct duty_alarm *al)
{
	static const struct {
		const char *kind, *what;
	} words[] = {
		{ "offline", N_("offline") }, { "covered", N_("covered") }, { "moved", N_("moved") },
		{ "disk.warn", N_("storage filling up") }, { "disk.stop", N_("storage full") },
		{ "record.error", N_("footage cannot be written") },
	};
	const char *what = al->kind;

	for (size_t i = 0; i < VG_ARRLEN(words); i++)
		if (strcmp(words[i].kind, al->kind) == 0)
			what = _(words[i].what);
	if (al->camera[0])
		return xasprintf(_("camera %s %s: %s"), al->camera, what, al->detail);
	return xasprintf("%s: %s", what, al->detail);
}

/*---- Starting and ending ----*/

/* The actor's open shift, or a refusal saying they are on none. */
static struct duty_shift *
need_open_shift(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	struct duty_shift *d = duty_current(s, a);

	if (d == NULL)
		policy_refuse(err, "", article(s), "%s",
		    _("you are not on a duty shift: start one first"));
	return d;
}

int
duty_start(struct vg_site *s, const struct vg_actor *a, const char *desk, int64_t *id,
    struct vg_err *err)
{
	struct duty_shift *d;
	struct vg_stmt *st;
	char t[32], obj[32];
	int r;

	if (actor_require(s, a, "duty.log", err) != 0 || actor_need_person(a, err) != 0 ||
	    vg_check_text(desk, 64, 1, "desk", _("the desk"), err) != 0)
		return -1;
	if ((d = duty_current(s, a)) != NULL) {
		vg_seterr(err, VG_CONFLICT, _("you are already on shift %lld at %s since %s: end it "
		    "with a handover first"), (long long)d->id, d->desk, time_fmt(d->started_us, t));
		duty_free_list(d, 1);
		return -1;
	}
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO duty_shifts (guard_id, desk, started_us, source) "
	    "VALUES (?,?,?,?)");
	db_bind_int(st, 1, a->user_id);
	db_bind_text(st, 2, desk);
	db_bind_int(st, 3, clock_now());
	db_bind_text(st, 4, a->source);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		*id = db_last_id(s->db);
		snprintf(obj, sizeof obj, "shift %lld", (long long)*id);
		r = audit_appendf(s, a->display, "duty.start", obj, a->source, err,
		    "desk=%s; article=%s", desk, article(s));
	}
	return site_end_tx(s, r, err);
}

int
duty_end(struct vg_site *s, const struct vg_actor *a, const char *handover, int64_t *id,
    struct vg_err *err)
{
	struct duty_shift *d;
	struct vg_stmt *st;
	char obj[32];
	int r = -1;

	if (actor_require(s, a, "duty.log", err) != 0 || (d = need_open_shift(s, a, err)) == NULL)
		return -1;
	/* GCU art. 14(3): the handover leaves nothing out; it is never blank. */
	if (vg_check_text(handover, 4000, 1, "handover", _("the handover note"), err) != 0 ||
	    site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE duty_shifts SET ended_us = ?, handover = ? "
	    "WHERE id = ? AND ended_us IS NULL");
	db_bind_int(st, 1, clock_now());
	db_bind_text(st, 2, handover);
	db_bind_int(st, 3, d->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	*id = d->id;
	snprintf(obj, sizeof obj, "shift %lld", (long long)d->id);
	if (r == 0)
		r = audit_appendf(s, a->display, "duty.end", obj, a->source, err,
		    "desk=%s; events=%lld; handover=%s; article=%s", d->desk, (long long)d->nevents,
		    handover, article(s));
	r = site_end_tx(s, r, err);
out:
	duty_free_list(d, 1);
	return r;
}

/* Why the actor may not acknowledge this shift's handover, or 0. */
static int
ack_check(struct vg_site *s, const struct vg_actor *a, const struct duty_shift *h,
    const struct duty_shift *mine, struct vg_err *err)
{
	char t[32];

	if (h->ended_us == 0)
		return vg_seterr(err, VG_CONFLICT, _("shift %lld has not ended: there is no handover "
		    "to acknowledge yet"), (long long)h->id);
	if (h->acked_us)
		return vg_seterr(err, VG_CONFLICT, _("the handover of shift %lld was acknowledged by "
		    "%s at %s"), (long long)h->id, h->acked_by, time_fmt(h->acked_us, t));
	if (strcmp(h->guard, a->login) == 0)
		return policy_refuse(err, "", article(s), _("the handover of shift %lld is yours: the "
		    "next guard acknowledges it"), (long long)h->id);
	if (strcmp(h->desk, mine->desk) != 0)
		return policy_refuse(err, "", article(s), _("the handover of shift %lld is for desk "
		    "%s; you are on shift at %s"), (long long)h->id, h->desk, mine->desk);
	return 0;
}

int
duty_ack(struct vg_site *s, const struct vg_actor *a, int64_t shift_id, struct vg_err *err)
{
	struct duty_shift *mine = NULL, *h = NULL;
	struct vg_stmt *st;
	char obj[32];
	int r = -1;

	if (actor_require(s, a, "duty.log", err) != 0)
		return -1;
	if ((h = shift_load(s, shift_id)) == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no duty shift %lld"), (long long)shift_id);
	if ((mine = need_open_shift(s, a, err)) == NULL || ack_check(s, a, h, mine, err) != 0 ||
	    site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE duty_shifts SET acked_by = ?, acked_shift = ?, acked_us = ? "
	    "WHERE id = ? AND acked_us IS NULL");
	db_bind_int(st, 1, a->user_id);
	db_bind_int(st, 2, mine->id);
	db_bind_int(st, 3, clock_now());
	db_bind_int(st, 4, h->id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(obj, sizeof obj, "shift %lld", (long long)h->id);
	if (r == 0)
		r = audit_appendf(s, a->display, "duty.ack", obj, a->source, err,
		    "by_shift=%lld; from=%s; desk=%s; article=%s", (long long)mine->id, h->guard,
		    h->desk, article(s));
	r = site_end_tx(s, r, err);
out:
	duty_free_list(mine, mine ? 1 : 0);
	duty_free_list(h, 1);
	return r;
}

/*---- Events ----*/

/* The shift an event goes into: the actor's own, open.  GCU art. 14(3): a
 * shift that has ended is handed over and never changed. */
static struct duty_shift *
event_shift(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	struct duty_shift *d;
	char t[32];

	if (id == 0)
		return need_open_shift(s, a, err);
	if ((d = shift_load(s, id)) == NULL) {
		vg_seterr(err, VG_NOTFOUND, _("no duty shift %lld"), (long long)id);
		return NULL;
	}
	if (d->ended_us != 0)
		vg_seterr(err, VG_CONFLICT, _("shift %lld ended at %s and can no longer be changed: "
		    "record a correction in your present shift"), (long long)id,
		    time_fmt(d->ended_us, t));
	else if (strcmp(d->guard, a->login) != 0)
		policy_refuse(err, "", article(s), _("shift %lld is %s's: only the guard on a shift "
		    "records in it"), (long long)id, d->guard);
	else
		return d;
	duty_free_list(d, 1);
	return NULL;
}

static int
check_kind(struct vg_site *s, const char *kind, struct vg_err *err)
{
	const struct pol_records *rc = &s->pol->records;
	struct vg_buf b;

	if (kind != NULL && policy_duty_kind(s->pol, kind) != NULL)
		return 0;
	buf_init(&b);
	for (size_t i = 0; i < rc->nduty_kinds; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", rc->duty_kinds[i].id);
	vg_seterr_field(err, VG_USAGE, "kind", _("the event kind must be one of the %s profile's: "
	    "%s"), s->pol->name, b.s);
	buf_free(&b);
	return -1;
}

static int
check_event(struct vg_site *s, const struct duty_shift *d, const struct duty_event_spec *sp,
    int64_t at, struct vg_err *err)
{
	char t1[32], t2[32];

	if (check_kind(s, sp->kind, err) != 0 ||
	    vg_check_text(sp->text, 2000, 1, "text", _("the event's text"), err) != 0 ||
	    records_check_cameras(s, sp->cameras, sp->ncameras, err) != 0)
		return -1;
	if (at < d->started_us || at > clock_now())
		return vg_seterr_field(err, VG_USAGE, "at", _("%s is outside your shift, which "
		    "began at %s: an event is logged for when it happened, up to now"),
		    time_fmt(at, t1), time_fmt(d->started_us, t2));
	if (sp->corrects && db_scalar_int(s->db, "SELECT COUNT(*) FROM duty_events WHERE id = ?",
	    sp->corrects) == 0)
		return vg_seterr_field(err, VG_USAGE, "corrects", _("no duty event %lld to correct"),
		    (long long)sp->corrects);
	return 0;
}

/* Inserts and audits one event, inside the caller's transaction. */
static int
insert_event(struct vg_site *s, const struct vg_actor *a, const struct duty_shift *d,
    const struct duty_event_spec *sp, int64_t at, int64_t alarm, int64_t *id,
    struct vg_err *err)
{
	char *cams = vg_strv_join((char *const *)sp->cameras, sp->ncameras, ",");
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO duty_events (shift_id, at_us, "
	    "logged_us, kind, text, cameras, camera_event_id, corrects) VALUES (?,?,?,?,?,?,?,?)");
	char obj[32], t[32];
	int r;

	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, clock_now());
	db_bind_text(st, 4, sp->kind);
	db_bind_text(st, 5, sp->text);
	db_bind_text(st, 6, cams);
	records_bind_opt(st, 7, alarm);
	records_bind_opt(st, 8, sp->corrects);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		*id = db_last_id(s->db);
		snprintf(obj, sizeof obj, "shift %lld", (long long)d->id);
		r = audit_appendf(s, a->display, "duty.event", obj, a->source, err,
		    "event=%lld; kind=%s; at=%s; cameras=%s; alarm=%lld; corrects=%lld; text=%s",
		    (long long)*id, sp->kind, time_fmt(at, t), cams, (long long)alarm,
		    (long long)sp->corrects, sp->text);
	}
	free(cams);
	return r;
}

int
duty_event_add(struct vg_site *s, const struct vg_actor *a, const struct duty_event_spec *sp,
    int64_t *id, struct vg_err *err)
{
	struct duty_shift *d;
	int64_t at;
	int r = -1;

	if (actor_require(s, a, "duty.log", err) != 0 ||
	    (d = event_shift(s, a, sp->shift_id, err)) == NULL)
		return -1;
	at = sp->at_us ? sp->at_us : clock_now();
	if (check_event(s, d, sp, at, err) == 0 && site_begin(s, err) == 0)
		r = site_end_tx(s, insert_event(s, a, d, sp, at, 0, id, err), err);
	duty_free_list(d, 1);
	return r;
}

int
duty_log_alarm(struct vg_site *s, const struct vg_actor *a, int64_t alarm_id, int64_t *id,
    struct vg_err *err)
{
	struct duty_event_spec sp;
	struct duty_shift *d;
	struct duty_alarm *v;
	const char *cam[1];
	size_t n, i;
	char *text;
	int r = -1;

	if (actor_require(s, a, "duty.log", err) != 0 || (d = need_open_shift(s, a, err)) == NULL)
		return -1;
	v = duty_alarms(s, a, d->id, &n);
	for (i = 0; i < n && v[i].id != alarm_id; i++)
		;
	if (i == n) {
		vg_seterr(err, VG_CONFLICT, _("camera alarm %lld is not one of your shift's alarms "
		    "waiting for the log"), (long long)alarm_id);
		goto out;
	}
	memset(&sp, 0, sizeof sp);
	text = duty_alarm_text(&v[i]);
	cam[0] = v[i].camera;
	sp.kind = s->pol->records.alarm_kind;
	sp.text = text;
	sp.cameras = cam;
	sp.ncameras = v[i].camera[0] ? 1 : 0;
	if (site_begin(s, err) == 0)
		r = site_end_tx(s, insert_event(s, a, d, &sp, v[i].ts_us, alarm_id, id, err), err);
	free(text);
out:
	duty_free_alarms(v, n);
	duty_free_list(d, 1);
	return r;
}
