/* records.c — helpers the records share, and what the monthly review counts in them. */
#include "core/gov/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/gov/records-int.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

int
records_may_read(struct vg_site *s, const struct vg_actor *a, const char *cap,
    struct vg_err *err)
{
	if (actor_can(s, a, "review.signoff"))
		return 0;
	return actor_require(s, a, cap, err);
}

void
records_bind_actor(struct vg_stmt *st, int idx, const struct vg_actor *a)
{
	records_bind_opt(st, idx, a->system ? 0 : a->user_id);
}

void
records_bind_opt(struct vg_stmt *st, int idx, int64_t v)
{
	if (v != 0)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

int
records_camera_known(struct vg_site *s, const char *id)
{
	return db_scalar(s->db, "SELECT COUNT(*) FROM cameras WHERE id = ? AND removed_us IS NULL",
	    id, 0) > 0;
}

int
records_check_cameras(struct vg_site *s, const char **cams, size_t n, struct vg_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!records_camera_known(s, cams[i]))
			return vg_seterr_field(err, VG_USAGE, "cameras", _("no camera \"%s\""), cams[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(cams[i], cams[j]) == 0)
				return vg_seterr_field(err, VG_USAGE, "cameras",
				    _("camera \"%s\" is named twice"), cams[i]);
	}
	return 0;
}

void *
records_rows(struct vg_site *s, struct vg_stmt *st, size_t size, records_fill_fn fill, size_t *n)
{
	char *v = xcalloc(1, size);
	int64_t now = clock_now();

	*n = 0;
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * size);
		memset(v + *n * size, 0, size);
		fill(s, st, v + *n * size, now);
		(*n)++;
	}
	db_finalize(st);
	return v;
}

void *
records_row(struct vg_site *s, struct vg_stmt *st, size_t size, records_fill_fn fill)
{
	size_t n;
	void *v = records_rows(s, st, size, fill, &n);

	if (n == 0) {
		free(v);
		return NULL;
	}
	return v;
}

int64_t
records_max_shift_us(struct vg_site *s)
{
	return (int64_t)s->cfg.duty_max_shift_h * RECORDS_HOUR_US;
}

/*---- The monthly review ----*/

/* One count over [from, to), the bounds bound as parameters 1 and 2 (and 3
 * and 4 when the query names them twice), then extra. */
static int64_t
count(struct vg_site *s, const char *sql, int64_t from, int64_t to, int nbounds, int64_t extra)
{
	struct vg_stmt *st = db_prepare(s->db, sql);
	int64_t v = 0;
	int k = 1;

	for (int i = 0; i < nbounds; i++) {
		db_bind_int(st, k++, from);
		db_bind_int(st, k++, to);
	}
	if (extra >= 0)
		db_bind_int(st, k, extra);
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

static void
add_finding(struct records_month *m, const char *what, int64_t id, int64_t at_us, char *text)
{
	struct records_finding *f;

	m->findings = xrealloc(m->findings, (m->nfindings + 1) * sizeof *m->findings);
	f = &m->findings[m->nfindings++];
	snprintf(f->what, sizeof f->what, "%s", what);
	f->id = id;
	f->at_us = at_us;
	f->text = text;
}

/* Shifts overdue at the month's end: open then, started longer than the
 * longest shift before it (ended later, or not yet). */
static void
overdue_shifts(struct vg_site *s, struct records_month *m, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT d.id, u.login, d.desk, d.started_us "
	    "FROM duty_shifts d JOIN users u ON u.id = d.guard_id WHERE d.started_us < ? "
	    "AND d.started_us + ? < ? AND (d.ended_us IS NULL OR d.ended_us > d.started_us + ?) "
	    "AND d.started_us + ? >= ? ORDER BY d.id");
	int64_t max = records_max_shift_us(s);
	char t[32];

	db_bind_int(st, 1, to);
	db_bind_int(st, 2, max);
	db_bind_int(st, 3, to);
	db_bind_int(st, 4, max);
	db_bind_int(st, 5, max);
	db_bind_int(st, 6, from);
	while (db_step(st) == DB_ROW) {
		m->shifts_overdue++;
		add_finding(m, "shift_overdue", db_col_int(st, 0), db_col_int(st, 3),
		    xasprintf(_("shift %lld of %s at %s, started %s, was open longer than %d h"),
		    (long long)db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		    time_fmt(db_col_int(st, 3), t), s->cfg.duty_max_shift_h));
	}
	db_finalize(st);
}

/* Room entries of the month without an exit by the end of their shift. */
static void
flagged_entries(struct vg_site *s, struct records_month *m, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT r.id, r.name, r.in_us, d.id FROM "
	    "room_entries r JOIN duty_shifts d ON d.id = r.shift_id WHERE r.in_us >= ? AND "
	    "r.in_us < ? AND d.ended_us IS NOT NULL AND (r.out_us IS NULL OR r.out_us > d.ended_us) "
	    "AND NOT EXISTS (SELECT 1 FROM room_entries c WHERE c.corrects = r.id) ORDER BY r.id");
	char t[32];

	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	while (db_step(st) == DB_ROW) {
		m->room_flagged++;
		add_finding(m, "room_open", db_col_int(st, 0), db_col_int(st, 2),
		    xasprintf(_("%s entered the control room at %s and had not left when shift %lld "
		    "ended"), db_col_text(st, 1), time_fmt(db_col_int(st, 2), t),
		    (long long)db_col_int(st, 3)));
	}
	db_finalize(st);
}

/* Faults overdue at the month's end: reported more than fault_fix_days
 * before it and not fixed by then (fixed later, or not yet). */
static void
overdue_faults(struct vg_site *s, struct records_month *m, int64_t to)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, equipment, reported_us, text FROM faults "
	    "WHERE reported_us + ? < ? AND (fixed_us IS NULL OR fixed_us >= ?) ORDER BY id");
	int64_t due = (int64_t)s->pol->records.fault_fix_days * 24 * RECORDS_HOUR_US;
	char t[32];

	db_bind_int(st, 1, due);
	db_bind_int(st, 2, to);
	db_bind_int(st, 3, to);
	while (db_step(st) == DB_ROW) {
		m->faults_overdue++;
		add_finding(m, "fault_overdue", db_col_int(st, 0), db_col_int(st, 2),
		    xasprintf(_("fault %lld on %s, reported %s, was not fixed within %d days: %s"),
		    (long long)db_col_int(st, 0), db_col_text(st, 1), time_fmt(db_col_int(st, 2), t),
		    s->pol->records.fault_fix_days, db_col_text(st, 3)));
	}
	db_finalize(st);
}

int
records_month(struct vg_site *s, const struct vg_actor *a, int year, int month,
    struct records_month *m, struct vg_err *err)
{
	int64_t from, to;

	memset(m, 0, sizeof *m);
	if (actor_require(s, a, "review.signoff", err) != 0)
		return -1;
	if (year < 2000 || year > 9999 || month < 1 || month > 12)
		return vg_seterr(err, VG_USAGE, _("%04d-%02d is not a month"), year, month);
	from = time_from_ymd(year, month, 1);
	to = month == 12 ? time_from_ymd(year + 1, 1, 1) : time_from_ymd(year, month + 1, 1);
	m->from_us = from;
	m->to_us = to;
	m->shifts = count(s, "SELECT COUNT(*) FROM duty_shifts WHERE started_us >= ? AND "
	    "started_us < ?", from, to, 1, -1);
	m->handovers = count(s, "SELECT COUNT(*) FROM duty_shifts WHERE ended_us >= ? AND "
	    "ended_us < ?", from, to, 1, -1);
	m->handovers_acked = count(s, "SELECT COUNT(*) FROM duty_shifts WHERE ended_us >= ? AND "
	    "ended_us < ? AND acked_us IS NOT NULL AND acked_us < ?", from, to, 1, to);
	m->duty_events = count(s, "SELECT COUNT(*) FROM duty_events WHERE at_us >= ? AND "
	    "at_us < ?", from, to, 1, -1);
	m->room_entries = count(s, "SELECT COUNT(*) FROM room_entries r WHERE in_us >= ? AND "
	    "in_us < ? AND NOT EXISTS (SELECT 1 FROM room_entries c WHERE c.corrects = r.id)",
	    from, to, 1, -1);
	m->faults_opened = count(s, "SELECT COUNT(*) FROM faults WHERE reported_us >= ? AND "
	    "reported_us < ?", from, to, 1, -1);
	m->faults_fixed = count(s, "SELECT COUNT(*) FROM faults WHERE fixed_us >= ? AND "
	    "fixed_us < ?", from, to, 1, -1);
	m->inspections = count(s, "SELECT COUNT(*) FROM inspections WHERE at_us >= ? AND "
	    "at_us < ?", from, to, 1, -1);
	overdue_shifts(s, m, from, to);
	flagged_entries(s, m, from, to);
	overdue_faults(s, m, to);
	return 0;
}

void
records_month_free(struct records_month *m)
{
	for (size_t i = 0; i < m->nfindings; i++)
		free(m->findings[i].text);
	free(m->findings);
	memset(m, 0, sizeof *m);
}
