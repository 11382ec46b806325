/* faults.c — equipment faults: reporting, assigning, fixing with the time it took, and what is overdue. */
#include "core/gov/faults.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/camera-faults.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/equipment.h"
#include "core/gov/policy.h"
#include "core/gov/records-int.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define FAULT_COLS "f.id, f.equipment, f.cause, f.text, COALESCE(r.login, ''), f.reported_us, " \
	"COALESCE(f.began_us, 0), COALESCE(f.inspection_id, 0), COALESCE(g.login, ''), " \
	"COALESCE(g.name, ''), COALESCE(x.at_us, 0), COALESCE(fx.login, ''), " \
	"COALESCE(f.fixed_us, 0), COALESCE(f.fix_notes, '')"
/* x: the newest assignment of each fault. */
#define FAULT_FROM " FROM faults f LEFT JOIN users r ON r.id = f.reported_by " \
	"LEFT JOIN fault_assignments x ON x.id = (SELECT MAX(y.id) FROM fault_assignments y " \
	"WHERE y.fault_id = f.id) LEFT JOIN users g ON g.id = x.assignee " \
	"LEFT JOIN users fx ON fx.id = f.fixed_by "

static const char *
article(struct vg_site *s)
{
	return s->pol->records.fault_article;
}

static int64_t
fix_window(struct vg_site *s)
{
	return (int64_t)s->pol->records.fault_fix_days * 24 * RECORDS_HOUR_US;
}

static int
may_read(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	if (actor_can(s, a, "camera.status") || actor_can(s, a, "equipment.manage"))
		return 0;
	return records_may_read(s, a, "camera.status", err);
}

/*---- Reading ----*/

static void
fault_fill(struct vg_site *s, struct vg_stmt *st, void *item, int64_t now)
{
	struct vg_fault *f = item;

	f->id = db_col_int(st, 0);
	f->equipment = xstrdup(db_col_text(st, 1));
	f->cause = xstrdup(db_col_text(st, 2));
	f->text = xstrdup(db_col_text(st, 3));
	f->reported_by = xstrdup(db_col_text(st, 4));
	f->reported_us = db_col_int(st, 5);
	f->began_us = db_col_int(st, 6);
	f->inspection_id = db_col_int(st, 7);
	f->assignee = xstrdup(db_col_text(st, 8));
	f->assignee_name = xstrdup(db_col_text(st, 9));
	f->assigned_us = db_col_int(st, 10);
	f->fixed_by = xstrdup(db_col_text(st, 11));
	f->fixed_us = db_col_int(st, 12);
	f->fix_notes = xstrdup(db_col_text(st, 13));
	f->due_us = f->reported_us + fix_window(s);
	f->overdue = f->fixed_us == 0 && now > f->due_us;
}

static struct vg_fault *
fault_load(struct vg_site *s, int64_t id)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " FAULT_COLS FAULT_FROM "WHERE f.id = ?");

	db_bind_int(st, 1, id);
	return records_row(s, st, sizeof(struct vg_fault), fault_fill);
}

struct vg_fault *
faults_list(struct vg_site *s, const struct vg_actor *a, enum faults_filter which,
    const char *equipment, size_t *n, struct vg_err *err)
{
	static const char *const sql[] = {
		[FAULTS_OPEN] = "SELECT " FAULT_COLS FAULT_FROM "WHERE f.fixed_us IS NULL AND "
		    "(? IS NULL OR f.equipment = ?) AND ? >= 0 ORDER BY f.reported_us, f.id",
		[FAULTS_OVERDUE] = "SELECT " FAULT_COLS FAULT_FROM "WHERE f.fixed_us IS NULL AND "
		    "(? IS NULL OR f.equipment = ?) AND f.reported_us < ? ORDER BY f.reported_us, f.id",
		[FAULTS_ALL] = "SELECT " FAULT_COLS FAULT_FROM "WHERE (? IS NULL OR f.equipment = ?) "
		    "AND ? >= 0 ORDER BY f.reported_us DESC, f.id DESC LIMIT 1000",
	};
	struct vg_stmt *st;

	*n = 0;
	if (may_read(s, a, err) != 0)
		return NULL;
	st = db_prepare(s->db, sql[which]);
	db_bind_text(st, 1, equipment);
	db_bind_text(st, 2, equipment);
	db_bind_int(st, 3, which == FAULTS_OVERDUE ? clock_now() - fix_window(s) : 0);
	return records_rows(s, st, sizeof(struct vg_fault), fault_fill, n);
}

struct vg_fault *
faults_get(struct vg_site *s, const struct vg_actor *a, int64_t id, struct vg_err *err)
{
	struct vg_fault *f;

	if (may_read(s, a, err) != 0)
		return NULL;
	if ((f = fault_load(s, id)) == NULL)
		vg_seterr(err, VG_NOTFOUND, _("no fault %lld"), (long long)id);
	return f;
}

int64_t
faults_overdue_count(struct vg_site *s, const struct vg_actor *a)
{
	struct vg_err ignore;

	if (may_read(s, a, &ignore) != 0)
		return 0;
	return db_scalar_int(s->db, "SELECT COUNT(*) FROM faults WHERE fixed_us IS NULL AND "
	    "reported_us < ?", clock_now() - fix_window(s));
}

void
faults_free_list(struct vg_fault *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].equipment);
		free(v[i].cause);
		free(v[i].text);
		free(v[i].reported_by);
		free(v[i].assignee);
		free(v[i].assignee_name);
		free(v[i].fixed_by);
		free(v[i].fix_notes);
	}
	free(v);
}

char **
faults_assignees(struct vg_site *s, const struct vg_actor *a, size_t *n)
{
	struct vg_user **u;
	size_t nu;
	char **v;

	*n = 0;
	if (!actor_can(s, a, "equipment.manage"))
		return xcalloc(1, sizeof *v);
	u = users_list(s, &nu);
	v = xcalloc(nu + 1, sizeof *v);
	for (size_t i = 0; i < nu; i++) {
		struct vg_err ignore;
		struct vg_actor *x = actor_load(s, u[i]->login, "", &ignore);

		if (x != NULL && actor_can(s, x, "equipment.manage"))
			v[(*n)++] = xstrdup(u[i]->login);
		actor_free(x);
	}
	users_free_list(u, nu);
	return v;
}

const char *
faults_state(const struct vg_fault *f)
{
	if (f->fixed_us)
		return _("fixed");
	if (f->overdue)
		return _("overdue");
	return f->assignee[0] ? _("assigned") : _("unassigned");
}

const char *
faults_cause_label(const char *cause)
{
	static const struct {
		const char *cause, *label;
	} v[] = {
		{ "reported", N_("reported") }, { "inspection", N_("found at an inspection") },
		{ "offline", N_("camera offline") }, { "covered", N_("camera covered") },
		{ "moved", N_("camera moved") },
	};

	for (size_t i = 0; i < VG_ARRLEN(v); i++)
		if (strcmp(v[i].cause, cause) == 0)
			return _(v[i].label);
	return cause;
}

/*---- Reporting, assigning, fixing ----*/

int
faults_report(struct vg_site *s, const struct vg_actor *a, const char *equipment,
    const char *text, int64_t *id, struct vg_err *err)
{
	struct fault_new f = { equipment, "reported", text, a->user_id, 0, 0 };

	/* Issue 14: anyone who watches camera status reports a fault. */
	if (!actor_can(s, a, "equipment.manage") && actor_require(s, a, "camera.status", err) != 0)
		return -1;
	if (actor_need_person(a, err) != 0)
		return -1;
	if (equipment == NULL || !equipment_exists(s, equipment))
		return vg_seterr_field(err, VG_USAGE, "equipment", _("no equipment \"%s\" in the "
		    "inventory"), equipment ? equipment : "");
	if (vg_check_text(text, 2000, 1, "text", _("the description of the fault"), err) != 0 ||
	    site_begin(s, err) != 0)
		return -1;
	return site_end_tx(s, fault_insert(s, a->display, a->source, &f, id, err), err);
}

/* The fault, if it is still open. */
static struct vg_fault *
open_fault(struct vg_site *s, int64_t id, struct vg_err *err)
{
	struct vg_fault *f = fault_load(s, id);
	char t[32];

	if (f == NULL) {
		vg_seterr(err, VG_NOTFOUND, _("no fault %lld"), (long long)id);
		return NULL;
	}
	if (f->fixed_us) {
		vg_seterr(err, VG_CONFLICT, _("fault %lld was fixed by %s at %s"), (long long)id,
		    f->fixed_by, time_fmt(f->fixed_us, t));
		faults_free_list(f, 1);
		return NULL;
	}
	return f;
}

/* The assignee: a user who maintains the equipment (equipment.manage). */
static int64_t
assignee_id(struct vg_site *s, const char *login, struct vg_err *err)
{
	struct vg_actor *x;
	int64_t id = 0;

	if (login == NULL || (x = actor_load(s, login, "", err)) == NULL) {
		err->code = VG_USAGE;
		snprintf(err->field, sizeof err->field, "assignee");
		if (login == NULL)
			snprintf(err->msg, sizeof err->msg, "%s", _("name who fixes it"));
		return 0;
	}
	if (!actor_can(s, x, "equipment.manage"))
		policy_refuse(err, "assignee", article(s), _("none of %s's roles lets them maintain "
		    "the equipment: a fault is assigned to someone whose roles do"), login);
	else
		id = x->user_id;
	actor_free(x);
	return id;
}

int
faults_assign(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *login,
    struct vg_err *err)
{
	struct vg_fault *f;
	struct vg_stmt *st;
	int64_t uid;
	char obj[32];
	int r = -1;

	if (actor_require(s, a, "equipment.manage", err) != 0 ||
	    (f = open_fault(s, id, err)) == NULL)
		return -1;
	if ((uid = assignee_id(s, login, err)) == 0 || site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO fault_assignments (fault_id, assignee, by_id, at_us) "
	    "VALUES (?,?,?,?)");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, uid);
	records_bind_actor(st, 3, a);
	db_bind_int(st, 4, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(obj, sizeof obj, "fault %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, "fault.assign", obj, a->source, err,
		    "equipment=%s; assignee=%s; before=%s", f->equipment, login,
		    f->assignee[0] ? f->assignee : "-");
	r = site_end_tx(s, r, err);
out:
	faults_free_list(f, 1);
	return r;
}

int
faults_fix(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *notes,
    int64_t *took_us, struct vg_err *err)
{
	struct vg_fault *f;
	struct vg_stmt *st;
	int64_t now = clock_now();
	char obj[32];
	int r = -1;

	if (actor_require(s, a, "equipment.manage", err) != 0 ||
	    (f = open_fault(s, id, err)) == NULL)
		return -1;
	if (vg_check_text(notes, 2000, 1, "notes", _("what was done"), err) != 0 ||
	    site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE faults SET fixed_by = ?, fixed_us = ?, fix_notes = ? "
	    "WHERE id = ? AND fixed_us IS NULL");
	records_bind_actor(st, 1, a);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, notes);
	db_bind_int(st, 4, id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	*took_us = now - f->reported_us;
	snprintf(obj, sizeof obj, "fault %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, "fault.fix", obj, a->source, err,
		    "equipment=%s; took_s=%lld; overdue=%s; notes=%s; article=%s", f->equipment,
		    (long long)(*took_us / VG_USEC_PER_SEC), now > f->due_us ? "yes" : "no", notes,
		    article(s));
	r = site_end_tx(s, r, err);
out:
	faults_free_list(f, 1);
	return r;
}
