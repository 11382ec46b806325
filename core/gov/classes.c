/* classes.c — the class mapping (GUAT art. 17(1)): classes, their cameras and their teachers. */
#include "core/gov/classes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/* A class id: 1-32 of [A-Za-z0-9_.-], starting with a letter or digit. */
static int
valid_class_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 32 || id[0] == '-' || id[0] == '_' || id[0] == '.')
		return 0;
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.'))
			return 0;
	return 1;
}

static int
class_exists(struct vg_site *s, const char *id)
{
	return db_scalar(s->db, "SELECT COUNT(*) FROM classes WHERE id = ?", id, 0) > 0;
}

int
classes_add(struct vg_site *s, const struct vg_actor *a, const char *id, const char *name,
    const char *unit, struct vg_err *err)
{
	struct vg_stmt *st;
	int r;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if (id == NULL || !valid_class_id(id))
		return vg_seterr_field(err, VG_USAGE, "id",
		    _("class id \"%s\" must be 1-32 letters, digits, '_', '-' or '.'"), id ? id : "");
	if (vg_check_text(name, 200, 1, "name", _("the class's name"), err) != 0)
		return -1;
	if (unit != NULL && unit[0] && policy_unit(s->pol, unit) == NULL)
		return vg_seterr_field(err, VG_USAGE, "unit",
		    _("unit \"%s\" is not a unit of the %s profile"), unit, s->pol->name);
	if (class_exists(s, id))
		return vg_seterr(err, VG_CONFLICT, _("class \"%s\" already exists"), id);
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO classes (id, name, unit, created_us) VALUES (?,?,?,?)");
	db_bind_text(st, 1, id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, unit ? unit : "");
	db_bind_int(st, 4, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "class.add", id, a->source, err,
		    "name=%s; unit=%s", name, unit ? unit : "");
	return site_end_tx(s, r, err);
}

/* The cameras and teachers named must exist; returns the teachers' user ids. */
static int64_t *
check_links(struct vg_site *s, char *const *cameras, size_t ncameras, char *const *teachers,
    size_t nteachers, struct vg_err *err)
{
	int64_t *ids = xcalloc(nteachers + 1, sizeof *ids);

	for (size_t i = 0; i < ncameras; i++) {
		struct site_camera c;

		if (site_camera_load(s, cameras[i], &c, err) != 0) {
			err->code = VG_USAGE;
			free(ids);
			return NULL;
		}
		site_camera_free(&c);
	}
	for (size_t i = 0; i < nteachers; i++) {
		struct vg_user *u = users_get(s, teachers[i]);

		if (u == NULL) {
			vg_seterr_field(err, VG_USAGE, "teacher", _("no user \"%s\""), teachers[i]);
			free(ids);
			return NULL;
		}
		ids[i] = u->id;
		users_free(u);
	}
	return ids;
}

static int
run_links(struct vg_site *s, const char *sql, const char *id, char *const *v, size_t n,
    const int64_t *ids, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, sql);
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		db_reset(st);
		db_bind_text(st, 1, id);
		if (ids != NULL)
			db_bind_int(st, 2, ids[i]);
		else
			db_bind_text(st, 2, v[i]);
		r = db_run(st, s->db, err);
	}
	db_finalize(st);
	return r;
}

int
classes_link(struct vg_site *s, const struct vg_actor *a, const char *id,
    char *const *cameras, size_t ncameras, char *const *teachers, size_t nteachers,
    int unlink, struct vg_err *err)
{
	int64_t *ids;
	char *cams, *who;
	int r;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if (!class_exists(s, id))
		return vg_seterr(err, VG_NOTFOUND, _("no class \"%s\""), id);
	if (ncameras == 0 && nteachers == 0)
		return vg_seterr(err, VG_USAGE, "%s", _("name at least one camera or teacher"));
	if ((ids = check_links(s, cameras, ncameras, teachers, nteachers, err)) == NULL)
		return -1;
	if (site_begin(s, err) != 0) {
		free(ids);
		return -1;
	}
	r = run_links(s, unlink ? "DELETE FROM class_cameras WHERE class_id = ? AND camera = ?" :
	    "INSERT OR IGNORE INTO class_cameras (class_id, camera) VALUES (?, ?)", id, cameras,
	    ncameras, NULL, err);
	if (r == 0)
		r = run_links(s, unlink ?
		    "DELETE FROM class_teachers WHERE class_id = ? AND user_id = ?" :
		    "INSERT OR IGNORE INTO class_teachers (class_id, user_id) VALUES (?, ?)", id,
		    teachers, nteachers, ids, err);
	cams = vg_strv_join(cameras, ncameras, ",");
	who = vg_strv_join(teachers, nteachers, ",");
	if (r == 0)
		r = audit_appendf(s, a->display, unlink ? "class.unlink" : "class.link", id,
		    a->source, err, "cameras=%s; teachers=%s", cams, who);
	free(cams);
	free(who);
	free(ids);
	return site_end_tx(s, r, err);
}

static char **
column(struct vg_site *s, const char *sql, const char *id, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, sql);
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	db_bind_text(st, 1, id);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(db_col_text(st, 0));
		v[*n] = NULL;
	}
	db_finalize(st);
	return v;
}

struct vg_class *
classes_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	struct vg_stmt *st;
	struct vg_class *v = xcalloc(1, sizeof *v);

	*n = 0;
	if (!actor_can(s, a, "request.read_all") && actor_require(s, a, "user.manage", err) != 0) {
		free(v);
		return NULL;
	}
	st = db_prepare(s->db, "SELECT id, name, unit FROM classes ORDER BY id");
	while (db_step(st) == DB_ROW) {
		struct vg_class *c;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		c = &v[(*n)++];
		c->id = xstrdup(db_col_text(st, 0));
		c->name = xstrdup(db_col_text(st, 1));
		c->unit = xstrdup(db_col_text(st, 2));
	}
	db_finalize(st);
	for (size_t i = 0; i < *n; i++) {
		v[i].cameras = column(s, "SELECT camera FROM class_cameras WHERE class_id = ? "
		    "ORDER BY camera", v[i].id, &v[i].ncameras);
		v[i].teachers = column(s, "SELECT u.login FROM class_teachers t JOIN users u "
		    "ON u.id = t.user_id WHERE t.class_id = ? ORDER BY u.login", v[i].id,
		    &v[i].nteachers);
	}
	return v;
}

void
classes_free_list(struct vg_class *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].unit);
		vg_strv_free(v[i].cameras, v[i].ncameras);
		vg_strv_free(v[i].teachers, v[i].nteachers);
	}
	free(v);
}

int
classes_teaches(struct vg_site *s, int64_t user_id, const char *camera)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM class_teachers t "
	    "JOIN class_cameras c ON c.class_id = t.class_id WHERE t.user_id = ? AND c.camera = ?");
	int yes;

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, camera);
	yes = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
	db_finalize(st);
	return yes;
}
