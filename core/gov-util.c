/* gov-util.c — small helpers shared by the request lifecycle modules (gov-int.h). */
#include "core/gov-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

int
gov_refuse(struct vg_err *err, const char *field, const char *article, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (article != NULL && article[0] != '\0')
		return vg_seterr_field(err, VG_REFUSED, field ? field : "", "%s: %s", article, msg);
	return vg_seterr_field(err, VG_REFUSED, field ? field : "", "%s", msg);
}

int
gov_check_text(const char *s, size_t max, int required, const char *field, const char *what,
    struct vg_err *err)
{
	const char *p;
	int blank = 1;

	if (s == NULL)
		s = "";
	for (p = s; *p; p++)
		if (*p != ' ' && *p != '\t')
			blank = 0;
	if (required && blank)
		return vg_seterr_field(err, VG_USAGE, field, _("%s is required"), what);
	if (!vg_valid_utf8(s) || vg_has_control(s))
		return vg_seterr_field(err, VG_USAGE, field, _("%s must be plain text"), what);
	if (strlen(s) > max)
		return vg_seterr_field(err, VG_USAGE, field, _("%s is longer than %zu bytes"), what,
		    max);
	return 0;
}

int
gov_camera_load(struct vg_site *s, const char *id, struct gov_camera *c, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT id, privacy, zone, unit, retention_days FROM cameras WHERE id = ?");
	struct vg_camera vc;
	int r = -1;

	memset(c, 0, sizeof *c);
	db_bind_text(st, 1, id);
	if (db_step(st) == DB_ROW) {
		c->id = xstrdup(db_col_text(st, 0));
		c->privacy = xstrdup(db_col_text(st, 1));
		c->zone = xstrdup(db_col_text(st, 2));
		c->unit = xstrdup(db_col_text(st, 3));
		memset(&vc, 0, sizeof vc);
		vc.privacy = c->privacy;
		vc.zone = c->zone;
		vc.retention_days = (int)db_col_int(st, 4);
		c->retention_days = site_camera_retention(s, &vc);
		r = 0;
	} else
		vg_seterr_field(err, VG_NOTFOUND, "cameras", _("no camera \"%s\""), id);
	db_finalize(st);
	return r;
}

void
gov_camera_free(struct gov_camera *c)
{
	free(c->id);
	free(c->privacy);
	free(c->zone);
	free(c->unit);
	memset(c, 0, sizeof *c);
}

char **
gov_split(const char *s, size_t *n)
{
	char *copy = xstrdup(s ? s : ""), *save = NULL, *w;
	char **v = xcalloc(1, sizeof *v);

	*n = 0;
	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		w = vg_trim(w);
		if (*w == '\0')
			continue;
		v = xrealloc(v, (*n + 2) * sizeof *v);
		v[(*n)++] = xstrdup(w);
		v[*n] = NULL;
	}
	free(copy);
	return v;
}

void
gov_free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
gov_join(char *const *v, size_t n, const char *sep)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? sep : "", v[i]);
	return buf_steal(&b);
}

int
gov_need_person(const struct vg_actor *a, struct vg_err *err)
{
	if (a->system || a->user_id == 0)
		return vg_seterr(err, VG_REFUSED, "%s",
		    _("only a person acts on requests and viewings, not vigil admin: use "
		    "vigil exec --user LOGIN or ssh"));
	return 0;
}

int64_t
gov_count(struct vg_site *s, const char *sql, int64_t arg)
{
	struct vg_stmt *st = db_prepare(s->db, sql);
	int64_t v = 0;

	db_bind_int(st, 1, arg);
	if (db_step(st) == DB_ROW)
		v = db_col_int(st, 0);
	db_finalize(st);
	return v;
}

int
gov_end_tx(struct vg_site *s, int r, struct vg_err *err)
{
	if (r == 0)
		return site_commit(s, err);
	site_rollback(s);
	return -1;
}
