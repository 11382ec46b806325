/* room.c — the control-room entry log: entries, exits, corrections, and entries left open past a shift. */
#include "core/gov/room.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/duty.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/gov/records-int.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define ENTRY_COLS "r.id, r.name, r.id_number, r.organisation, r.reason, r.escort, r.in_us, " \
	"COALESCE(r.out_us, 0), u.login, r.logged_us, COALESCE(r.shift_id, 0), " \
	"COALESCE(d.ended_us, 0), COALESCE(o.login, ''), COALESCE(r.corrects, 0), " \
	"(SELECT COALESCE(MAX(c.id), 0) FROM room_entries c WHERE c.corrects = r.id)"
#define ENTRY_FROM " FROM room_entries r JOIN users u ON u.id = r.logged_by " \
	"LEFT JOIN users o ON o.id = r.out_by LEFT JOIN duty_shifts d ON d.id = r.shift_id "
/* Not replaced by a correction. */
#define ENTRY_CURRENT "NOT EXISTS (SELECT 1 FROM room_entries c WHERE c.corrects = r.id)"

static const char *
article(struct vg_site *s)
{
	return s->pol->records.room_article;
}

/*---- Reading ----*/

static void
entry_fill(struct vg_site *s, struct vg_stmt *st, void *item, int64_t now)
{
	struct room_entry *e = item;

	e->id = db_col_int(st, 0);
	e->name = xstrdup(db_col_text(st, 1));
	e->id_number = xstrdup(db_col_text(st, 2));
	e->organisation = xstrdup(db_col_text(st, 3));
	e->reason = xstrdup(db_col_text(st, 4));
	e->escort = xstrdup(db_col_text(st, 5));
	e->in_us = db_col_int(st, 6);
	e->out_us = db_col_int(st, 7);
	e->logged_by = xstrdup(db_col_text(st, 8));
	e->logged_us = db_col_int(st, 9);
	e->shift_id = db_col_int(st, 10);
	e->shift_ended_us = db_col_int(st, 11);
	e->out_by = xstrdup(db_col_text(st, 12));
	e->corrects = db_col_int(st, 13);
	e->corrected_by = db_col_int(st, 14);
	/* Issue 14: an entry without exit by the end of the shift is flagged. */
	if (e->corrected_by == 0 && e->shift_id)
		e->flagged = e->shift_ended_us && (e->out_us == 0 || e->out_us > e->shift_ended_us);
	else if (e->corrected_by == 0)
		e->flagged = e->out_us == 0 && now - e->in_us > records_max_shift_us(s);
}

static struct room_entry *
entry_load(struct vg_site *s, int64_t id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " ENTRY_COLS ENTRY_FROM "WHERE r.id = ?");

	db_bind_int(st, 1, id);
	return records_row(s, st, sizeof(struct room_entry), entry_fill);
}

struct room_entry *
room_list(struct vg_site *s, const struct vg_actor *a, int all, size_t *n, struct vg_err *err)
{
	struct room_entry *v;

	*n = 0;
	if (records_may_read(s, a, "room.log", err) != 0)
		return NULL;
	v = records_rows(s, db_prepare(s->db, all ?
	    "SELECT " ENTRY_COLS ENTRY_FROM "ORDER BY r.in_us DESC, r.id DESC LIMIT 1000" :
	    "SELECT " ENTRY_COLS ENTRY_FROM "WHERE r.out_us IS NULL AND " ENTRY_CURRENT
	    " ORDER BY r.in_us, r.id"), sizeof *v, entry_fill, n);
	return v;
}

struct room_entry *
room_get(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	struct room_entry *e;

	if (records_may_read(s, a, "room.log", err) != 0)
		return NULL;
	if ((e = entry_load(s, id)) == NULL)
		vg_seterr(err, VG_NOTFOUND, _("no control-room entry %lld"), (long long)id);
	return e;
}

int64_t
room_inside_count(struct vg_site *s)
{
	return db_scalar(s->db, "SELECT COUNT(*) FROM room_entries r WHERE r.out_us IS NULL AND "
	    ENTRY_CURRENT, NULL, 0);
}

void
room_free_list(struct room_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].id_number);
		free(v[i].organisation);
		free(v[i].reason);
		free(v[i].escort);
		free(v[i].logged_by);
		free(v[i].out_by);
	}
	free(v);
}

const char *
room_state(const struct room_entry *e)
{
	if (e->corrected_by)
		return _("corrected");
	if (e->out_us == 0)
		return e->flagged ? _("inside after shift end") : _("inside");
	return e->flagged ? _("left after shift end") : _("left");
}

/*---- Entering and leaving ----*/

static int
check_spec(const struct vg_policy *pol, const struct room_spec *sp, int64_t now, struct vg_err *err)
{
	char t[32];

	if (vg_check_text(sp->name, 100, 1, "name", _("the name"), err) != 0 ||
	    vg_check_text(sp->id_number, 64, 1, "id_number", _("the ID"), err) != 0 ||
	    people_check_id(pol, sp->id_number, "id_number", err) != 0 ||
	    vg_check_text(sp->organisation, 200, 1, "organisation", _("the organisation"),
	    err) != 0 ||
	    vg_check_text(sp->reason, 2000, 1, "reason", _("the reason"), err) != 0 ||
	    vg_check_text(sp->escort, 100, 0, "escort", _("the escort"), err) != 0)
		return -1;
	if (sp->in_us > now)
		return vg_seterr_field(err, VG_USAGE, "at", _("%s is in the future: an entry is "
		    "logged when it happens, or after"), time_fmt(sp->in_us, t));
	return 0;
}

/* The one entry a correction replaces: current (not replaced already). */
static struct room_entry *
corrected_entry(struct vg_site *s, int64_t id, struct vg_err *err)
{
	struct room_entry *e = entry_load(s, id);

	if (e == NULL) {
		vg_seterr_field(err, VG_USAGE, "corrects", _("no control-room entry %lld to correct"),
		    (long long)id);
		return NULL;
	}
	if (e->corrected_by) {
		vg_seterr_field(err, VG_CONFLICT, "corrects", _("entry %lld was already corrected by "
		    "entry %lld: correct that one"), (long long)id, (long long)e->corrected_by);
		room_free_list(e, 1);
		return NULL;
	}
	return e;
}

/* The same ID cannot be inside twice. */
static int
check_not_inside(struct vg_site *s, const char *idn, int64_t except, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT r.id, r.in_us FROM room_entries r WHERE "
	    "r.id_number = ? AND r.out_us IS NULL AND r.id <> ? AND " ENTRY_CURRENT);
	char t[32];
	int r = 0;

	db_bind_text(st, 1, idn);
	db_bind_int(st, 2, except);
	if (db_step(st) == DB_ROW)
		r = vg_seterr_field(err, VG_CONFLICT, "id_number", _("the holder of ID %s is inside "
		    "since %s (entry %lld): record their exit first"), idn,
		    time_fmt(db_col_int(st, 1), t), (long long)db_col_int(st, 0));
	db_finalize(st);
	return r;
}

static int
insert_entry(struct vg_site *s, const struct vg_actor *a, const struct room_spec *sp,
    int64_t in, const struct room_entry *old, int64_t *id, struct vg_err *err)
{
	struct duty_shift *d = duty_current(s, a);
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO room_entries (name, id_number, "
	    "organisation, reason, escort, in_us, out_us, logged_by, logged_us, shift_id, out_by, "
	    "out_logged_us, corrects) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
	int64_t now = clock_now();
	char obj[32], t[32];
	int r;

	db_bind_text(st, 1, sp->name);
	db_bind_text(st, 2, sp->id_number);
	db_bind_text(st, 3, sp->organisation);
	db_bind_text(st, 4, sp->reason);
	db_bind_text(st, 5, sp->escort ? sp->escort : "");
	db_bind_int(st, 6, in);
	records_bind_opt(st, 7, old ? old->out_us : 0);
	db_bind_int(st, 8, a->user_id);
	db_bind_int(st, 9, now);
	/* A correction stays with the shift of the entry it corrects. */
	records_bind_opt(st, 10, old ? old->shift_id : d ? d->id : 0);
	records_bind_opt(st, 11, old && old->out_us ? a->user_id : 0);
	records_bind_opt(st, 12, old && old->out_us ? now : 0);
	records_bind_opt(st, 13, sp->corrects);
	r = db_run(st, s->db, err);
	db_finalize(st);
	duty_free_list(d, d ? 1 : 0);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	snprintf(obj, sizeof obj, "entry %lld", (long long)*id);
	return audit_appendf(s, a->display, "room.enter", obj, a->source, err,
	    "name=%s; id=%s; organisation=%s; reason=%s; escort=%s; in=%s; corrects=%lld; "
	    "article=%s", sp->name, sp->id_number, sp->organisation, sp->reason,
	    sp->escort ? sp->escort : "", time_fmt(in, t), (long long)sp->corrects, article(s));
}

int
room_enter(struct vg_site *s, const struct vg_actor *a, const struct room_spec *sp,
    int64_t *id, struct vg_err *err)
{
	struct room_entry *old = NULL;
	int64_t now = clock_now(), in;
	char t[32];
	int r = -1;

	if (actor_require(s, a, "room.log", err) != 0 || actor_need_person(a, err) != 0 ||
	    check_spec(s->pol, sp, now, err) != 0)
		return -1;
	if (sp->corrects && (old = corrected_entry(s, sp->corrects, err)) == NULL)
		return -1;
	in = sp->in_us ? sp->in_us : old ? old->in_us : now;
	if (old && old->out_us && old->out_us < in)
		vg_seterr_field(err, VG_USAGE, "at", _("entry %lld records the exit at %s, before "
		    "this entry time"), (long long)old->id, time_fmt(old->out_us, t));
	else if ((old != NULL && old->out_us != 0) ||
	    check_not_inside(s, sp->id_number, sp->corrects, err) == 0) {
		if (site_begin(s, err) == 0)
			r = site_end_tx(s, insert_entry(s, a, sp, in, old, id, err), err);
	}
	room_free_list(old, old ? 1 : 0);
	return r;
}

static int
leave_check(struct vg_site *s, const struct room_entry *e, int64_t out, int64_t now,
    struct vg_err *err)
{
	char t1[32], t2[32];

	if (e->corrected_by)
		return vg_seterr(err, VG_CONFLICT, _("entry %lld was replaced by entry %lld: record "
		    "the exit there"), (long long)e->id, (long long)e->corrected_by);
	if (e->out_us)
		return vg_seterr(err, VG_CONFLICT, _("%s already left the control room at %s "
		    "(entry %lld)"), e->name, time_fmt(e->out_us, t1), (long long)e->id);
	if (out > now)
		return vg_seterr_field(err, VG_USAGE, "at", _("%s is in the future"),
		    time_fmt(out, t1));
	if (out < e->in_us)
		return policy_refuse(err, "at", article(s), _("the exit at %s would come before the "
		    "entry at %s (entry %lld): an exit follows its entry"), time_fmt(out, t1),
		    time_fmt(e->in_us, t2), (long long)e->id);
	return 0;
}

int
room_leave(struct vg_site *s, const struct vg_actor *a, int64_t id, int64_t out_us,
    struct vg_err *err)
{
	struct room_entry *e;
	struct vg_stmt *st;
	int64_t now = clock_now(), out = out_us ? out_us : now;
	char obj[32], t[32];
	int r = -1;

	if (actor_require(s, a, "room.log", err) != 0 || actor_need_person(a, err) != 0)
		return -1;
	if ((e = entry_load(s, id)) == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no control-room entry %lld: an exit needs its "
		    "entry"), (long long)id);
	if (leave_check(s, e, out, now, err) != 0 || site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE room_entries SET out_us = ?, out_by = ?, out_logged_us = ? "
	    "WHERE id = ? AND out_us IS NULL");
	db_bind_int(st, 1, out);
	db_bind_int(st, 2, a->user_id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(obj, sizeof obj, "entry %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, "room.leave", obj, a->source, err,
		    "name=%s; out=%s; article=%s", e->name, time_fmt(out, t), article(s));
	r = site_end_tx(s, r, err);
out:
	room_free_list(e, 1);
	return r;
}

/* HHKCS 5.1.1: the school protects visitors' privacy.  A list on the duty desk's
 * screen is seen by whoever passes; it needs only enough of an ID to tell two
 * entries apart.  Each hidden character, one byte or several, becomes one '*'. */
const char *
room_masked_id(const char *id, char out[ROOM_MASKED_ID])
{
	size_t chars = 0, keep, seen = 0, o = 0;

	for (const char *p = id; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	keep = chars >= 8 ? 4 : chars / 2;
	for (const char *p = id; *p && o + 1 < ROOM_MASKED_ID; p++) {
		int lead = ((unsigned char)*p & 0xC0) != 0x80;

		seen += lead;
		if (seen + keep > chars)
			out[o++] = *p;
		else if (lead)
			out[o++] = '*';
	}
	out[o] = '\0';
	return out;
}
