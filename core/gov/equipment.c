/* equipment.c — the equipment inventory: cameras from cameras.cfg, items added by hand, inspections. */
#include "core/gov/equipment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/camera-faults.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/gov/records-int.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

const char *const equipment_kinds[] = { "camera", "recorder", "storage", "network", "monitor",
	"other" };
const size_t equipment_nkinds = VG_ARRLEN(equipment_kinds);

static const char *const kind_labels[] = { N_("camera"), N_("recorder"), N_("storage"),
	N_("network"), N_("monitor"), N_("other") };

static const char *
article(struct vg_site *s)
{
	return s->pol->records.equipment_article;
}

const char *
equipment_kind_label(const char *kind)
{
	for (size_t i = 0; i < equipment_nkinds; i++)
		if (strcmp(kind, equipment_kinds[i]) == 0)
			return _(kind_labels[i]);
	return kind;
}

const char *
equipment_result_label(const char *result)
{
	if (strcmp(result, "ok") == 0)
		return _("in order");
	if (strcmp(result, "fault") == 0)
		return _("fault found");
	return result;
}

static int
may_read(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	if (actor_can(s, a, "equipment.manage") || actor_can(s, a, "camera.status"))
		return 0;
	return records_may_read(s, a, "equipment.manage", err);
}

/* The newest description of a tag, or 0. */
static int64_t
newest_row(struct vg_site *s, const char *tag)
{
	return db_scalar(s->db, "SELECT COALESCE(MAX(id), 0) FROM equipment WHERE tag = ?", tag, 0);
}

int
equipment_exists(struct vg_site *s, const char *tag)
{
	return records_camera_known(s, tag) || newest_row(s, tag) != 0;
}

/*---- Reading ----*/

/* Inspections and faults of one item, as of now. */
static void
fill_status(struct vg_site *s, struct vg_equipment *e, int64_t now)
{
	int64_t due = (int64_t)s->pol->records.fault_fix_days * 24 * RECORDS_HOUR_US;
	struct vg_stmt *st = db_prepare(s->db, "SELECT i.at_us, i.result FROM inspections i "
	    "WHERE i.equipment = ? AND NOT EXISTS (SELECT 1 FROM inspections c WHERE "
	    "c.corrects = i.id) ORDER BY i.at_us DESC, i.id DESC LIMIT 1");

	db_bind_text(st, 1, e->tag);
	if (db_step(st) == DB_ROW) {
		e->inspected_us = db_col_int(st, 0);
		e->inspection = xstrdup(db_col_text(st, 1));
	} else
		e->inspection = xstrdup("");
	db_finalize(st);
	st = db_prepare(s->db, "SELECT COUNT(*), COALESCE(SUM(reported_us + ? < ?), 0) FROM faults "
	    "WHERE equipment = ? AND fixed_us IS NULL");
	db_bind_int(st, 1, due);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, e->tag);
	if (db_step(st) == DB_ROW) {
		e->open_faults = db_col_int(st, 0);
		e->overdue_faults = db_col_int(st, 1);
	}
	db_finalize(st);
}

static void
add_item(struct vg_equipment **v, size_t *n, const char *tag, const char *kind,
    const char *name, const char *location)
{
	struct vg_equipment *e;

	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	e = &(*v)[(*n)++];
	memset(e, 0, sizeof *e);
	e->tag = xstrdup(tag);
	e->kind = xstrdup(kind);
	e->name = xstrdup(name);
	e->location = xstrdup(location);
	e->maintainer = xstrdup("");
}

static struct vg_equipment *
find_item(struct vg_equipment *v, size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].tag, tag) == 0)
			return &v[i];
	return NULL;
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vg_equipment *)a)->tag, ((const struct vg_equipment *)b)->tag);
}

/* Cameras as cameras.cfg has them, then the newest description of each tag
 * (a camera keeps its name and location from cameras.cfg). */
static struct vg_equipment *
load_items(struct vg_site *s, const char *only, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, name, location FROM cameras WHERE "
	    "removed_us IS NULL AND (? IS NULL OR id = ?)");
	struct vg_equipment *v = NULL;

	*n = 0;
	db_bind_text(st, 1, only);
	db_bind_text(st, 2, only);
	while (db_step(st) == DB_ROW)
		add_item(&v, n, db_col_text(st, 0), "camera", db_col_text(st, 1), db_col_text(st, 2));
	db_finalize(st);
	st = db_prepare(s->db, "SELECT id, tag, kind, name, location, COALESCE(installed_us, 0), "
	    "maintainer FROM equipment WHERE id IN (SELECT MAX(id) FROM equipment GROUP BY tag) "
	    "AND (? IS NULL OR tag = ?)");
	db_bind_text(st, 1, only);
	db_bind_text(st, 2, only);
	while (db_step(st) == DB_ROW) {
		struct vg_equipment *e = find_item(v, *n, db_col_text(st, 1));

		if (e == NULL && strcmp(db_col_text(st, 2), "camera") == 0)
			continue;	/* a camera removed from cameras.cfg */
		if (e == NULL)
			add_item(&v, n, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
			    db_col_text(st, 4));
		e = find_item(v, *n, db_col_text(st, 1));
		e->row_id = db_col_int(st, 0);
		e->installed_us = db_col_int(st, 5);
		free(e->maintainer);
		e->maintainer = xstrdup(db_col_text(st, 6));
	}
	db_finalize(st);
	if (*n > 1)
		qsort(v, *n, sizeof *v, tag_cmp);
	return v;
}

struct vg_equipment *
equipment_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	struct vg_equipment *v;
	int64_t now = clock_now();

	*n = 0;
	if (may_read(s, a, err) != 0)
		return NULL;
	v = load_items(s, NULL, n);
	for (size_t i = 0; i < *n; i++)
		fill_status(s, &v[i], now);
	return v != NULL ? v : xcalloc(1, sizeof *v);
}

struct vg_equipment *
equipment_get(struct vg_site *s, const struct vg_actor *a, const char *tag, struct vg_err *err)
{
	struct vg_equipment *v;
	size_t n;

	if (may_read(s, a, err) != 0)
		return NULL;
	v = load_items(s, tag, &n);
	if (n == 0) {
		free(v);
		vg_seterr_field(err, VG_NOTFOUND, "equipment", _("no equipment \"%s\" in the "
		    "inventory"), tag);
		return NULL;
	}
	fill_status(s, v, clock_now());
	return v;
}

void
equipment_free_list(struct vg_equipment *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].tag);
		free(v[i].kind);
		free(v[i].name);
		free(v[i].location);
		free(v[i].maintainer);
		free(v[i].inspection);
	}
	free(v);
}

struct vg_inspection *
equipment_inspections(struct vg_site *s, const struct vg_actor *a, const char *tag, size_t *n)
{
	struct vg_stmt *st;
	struct vg_inspection *v = xcalloc(1, sizeof *v);
	struct vg_err ignore;

	*n = 0;
	if (may_read(s, a, &ignore) != 0)
		return v;
	st = db_prepare(s->db, "SELECT i.id, i.result, i.notes, COALESCE(u.login, ''), i.at_us, "
	    "COALESCE(i.corrects, 0), (SELECT COALESCE(MAX(c.id), 0) FROM inspections c WHERE "
	    "c.corrects = i.id), (SELECT COALESCE(MAX(f.id), 0) FROM faults f WHERE "
	    "f.inspection_id = i.id) FROM inspections i LEFT JOIN users u ON u.id = i.by_id "
	    "WHERE i.equipment = ? ORDER BY i.at_us DESC, i.id DESC");
	db_bind_text(st, 1, tag);
	while (db_step(st) == DB_ROW) {
		struct vg_inspection *x;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		x = &v[(*n)++];
		x->id = db_col_int(st, 0);
		x->equipment = xstrdup(tag);
		x->result = xstrdup(db_col_text(st, 1));
		x->notes = xstrdup(db_col_text(st, 2));
		x->by = xstrdup(db_col_text(st, 3));
		x->at_us = db_col_int(st, 4);
		x->corrects = db_col_int(st, 5);
		x->corrected_by = db_col_int(st, 6);
		x->fault_id = db_col_int(st, 7);
	}
	db_finalize(st);
	return v;
}

void
equipment_free_inspections(struct vg_inspection *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].equipment);
		free(v[i].result);
		free(v[i].notes);
		free(v[i].by);
	}
	free(v);
}

/*---- Adding ----*/

static int
check_kind(const char *kind, struct vg_err *err)
{
	for (size_t i = 0; kind != NULL && i < equipment_nkinds; i++)
		if (strcmp(kind, equipment_kinds[i]) == 0)
			return 0;
	return vg_seterr_field(err, VG_USAGE, "kind", _("the kind must be one of camera, recorder, "
	    "storage, network, monitor, other"));
}

/* A camera's tag is its id in cameras.cfg; other tags are not camera ids. */
static int
check_tag(struct vg_site *s, const struct equipment_spec *sp, struct vg_err *err)
{
	int camera = sp->tag != NULL && records_camera_known(s, sp->tag);

	if (sp->tag == NULL || !valid_camera_id(sp->tag))
		return vg_seterr_field(err, VG_USAGE, "tag", _("\"%s\" is not a tag: 1 to 32 "
		    "lower-case letters, digits, - and _"), sp->tag ? sp->tag : "");
	if (strcmp(sp->kind, "camera") == 0 && !camera)
		return vg_seterr_field(err, VG_USAGE, "tag", _("no camera \"%s\" in cameras.cfg: "
		    "cameras join the inventory from there"), sp->tag);
	if (strcmp(sp->kind, "camera") != 0 && camera)
		return vg_seterr_field(err, VG_USAGE, "kind", _("\"%s\" is a camera: its kind is "
		    "camera"), sp->tag);
	return 0;
}

static int
check_spec(struct vg_site *s, const struct equipment_spec *sp, int64_t *corrects,
    struct vg_err *err)
{
	if (check_kind(sp->kind, err) != 0 || check_tag(s, sp, err) != 0 ||
	    vg_check_text(sp->name, 100, strcmp(sp->kind, "camera") != 0, "name", _("the name"),
	    err) != 0 ||
	    vg_check_text(sp->location, 200, 0, "location", _("the location"), err) != 0 ||
	    vg_check_text(sp->maintainer, 200, 0, "maintainer", _("the maintainer"), err) != 0)
		return -1;
	if (sp->installed_us > clock_now())
		return vg_seterr_field(err, VG_USAGE, "installed", "%s",
		    _("the installation date is in the future"));
	*corrects = newest_row(s, sp->tag);
	if (*corrects != 0 && !sp->correct)
		return vg_seterr_field(err, VG_CONFLICT, "tag", _("%s is in the inventory already: "
		    "a new description replaces it only as a correction"), sp->tag);
	if (*corrects == 0 && sp->correct)
		return vg_seterr_field(err, VG_USAGE, "corrects", _("%s has no description to "
		    "correct yet"), sp->tag);
	return 0;
}

/* A camera's name in cameras.cfg (its tag if it has none). */
static char *
camera_name(struct vg_site *s, const char *tag)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name FROM cameras WHERE id = ?");
	char *name;

	db_bind_text(st, 1, tag);
	name = xstrdup(db_step(st) == DB_ROW ? db_col_text(st, 0) : tag);
	db_finalize(st);
	return name;
}

static int
insert_item(struct vg_site *s, const struct vg_actor *a, const struct equipment_spec *sp,
    int64_t corrects, int64_t *id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO equipment (tag, kind, name, location, "
	    "installed_us, maintainer, added_by, added_us, corrects) VALUES (?,?,?,?,?,?,?,?,?)");
	char *cam_name = NULL, t[32];
	int r;

	if (sp->name == NULL || sp->name[0] == '\0')
		cam_name = camera_name(s, sp->tag);
	db_bind_text(st, 1, sp->tag);
	db_bind_text(st, 2, sp->kind);
	db_bind_text(st, 3, cam_name ? cam_name : sp->name);
	db_bind_text(st, 4, sp->location ? sp->location : "");
	records_bind_opt(st, 5, sp->installed_us);
	db_bind_text(st, 6, sp->maintainer ? sp->maintainer : "");
	records_bind_actor(st, 7, a);
	db_bind_int(st, 8, clock_now());
	records_bind_opt(st, 9, corrects);
	r = db_run(st, s->db, err);
	db_finalize(st);
	free(cam_name);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	return audit_appendf(s, a->display, "equipment.add", sp->tag, a->source, err,
	    "row=%lld; kind=%s; name=%s; location=%s; installed=%s; maintainer=%s; corrects=%lld; "
	    "article=%s", (long long)*id, sp->kind, sp->name ? sp->name : "",
	    sp->location ? sp->location : "", sp->installed_us ? time_fmt_date(sp->installed_us, t) :
	    "-", sp->maintainer ? sp->maintainer : "", (long long)corrects, article(s));
}

int
equipment_add(struct vg_site *s, const struct vg_actor *a, const struct equipment_spec *sp,
    int64_t *id, struct vg_err *err)
{
	int64_t corrects = 0;

	if (actor_require(s, a, "equipment.manage", err) != 0 ||
	    check_spec(s, sp, &corrects, err) != 0 || site_begin(s, err) != 0)
		return -1;
	return site_end_tx(s, insert_item(s, a, sp, corrects, id, err), err);
}

/*---- Inspections ----*/

/* Whether inspection id is of this tag. */
static int
inspection_of(struct vg_site *s, int64_t id, const char *tag)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM inspections WHERE id = ? AND "
	    "equipment = ?");
	int yes;

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, tag);
	yes = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
	db_finalize(st);
	return yes;
}

static int
check_inspection(struct vg_site *s, const char *tag, const char *result, const char *notes,
    int64_t corrects, struct vg_err *err)
{
	if (tag == NULL || !equipment_exists(s, tag))
		return vg_seterr_field(err, VG_NOTFOUND, "equipment", _("no equipment \"%s\" in the "
		    "inventory"), tag ? tag : "");
	if (result == NULL || (strcmp(result, "ok") != 0 && strcmp(result, "fault") != 0))
		return vg_seterr_field(err, VG_USAGE, "result", "%s",
		    _("the result must be ok or fault"));
	if (vg_check_text(notes, 2000, strcmp(result, "fault") == 0, "notes", _("the notes"),
	    err) != 0)
		return -1;
	if (corrects && !inspection_of(s, corrects, tag))
		return vg_seterr_field(err, VG_USAGE, "corrects", _("no inspection %lld of %s to "
		    "correct"), (long long)corrects, tag);
	return 0;
}

int
equipment_inspect(struct vg_site *s, const struct vg_actor *a, const char *tag,
    const char *result, const char *notes, int64_t corrects, int64_t *id, int64_t *fault_id,
    struct vg_err *err)
{
	struct vg_stmt *st;
	int r;

	*fault_id = 0;
	if (actor_require(s, a, "equipment.manage", err) != 0 ||
	    check_inspection(s, tag, result, notes, corrects, err) != 0 || site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO inspections (equipment, result, notes, by_id, at_us, "
	    "corrects) VALUES (?,?,?,?,?,?)");
	db_bind_text(st, 1, tag);
	db_bind_text(st, 2, result);
	db_bind_text(st, 3, notes ? notes : "");
	records_bind_actor(st, 4, a);
	db_bind_int(st, 5, clock_now());
	records_bind_opt(st, 6, corrects);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0) {
		*id = db_last_id(s->db);
		r = audit_appendf(s, a->display, "equipment.inspect", tag, a->source, err,
		    "inspection=%lld; result=%s; corrects=%lld; notes=%s; article=%s", (long long)*id,
		    result, (long long)corrects, notes ? notes : "", article(s));
	}
	/* GCU art. 10: a fault found at an inspection is reported at once. */
	if (r == 0 && strcmp(result, "fault") == 0) {
		struct fault_new f = { tag, "inspection", notes, a->user_id, 0, *id };

		r = fault_insert(s, a->display, a->source, &f, fault_id, err);
	}
	return site_end_tx(s, r, err);
}
