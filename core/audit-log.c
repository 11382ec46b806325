/* audit-log.c — reading the audit log by filter, a page at a time, for those who review it. */
#include "core/audit-log.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

/*
 * The WHERE clause is put together from fixed pieces; every value is bound.
 * Parameters, in order: the cursor (twice), from (twice), to (twice), actor
 * (twice), the action's LIKE pattern (twice), the object's (twice).
 */
#define FILTER_SQL \
	"(? = 0 OR id %s ?) AND (? = 0 OR ts_us >= ?) AND (? = 0 OR ts_us < ?) AND " \
	"(? IS NULL OR actor = ?) AND (? IS NULL OR action LIKE ? ESCAPE '\\') AND " \
	"(? IS NULL OR object LIKE ? ESCAPE '\\') AND (? = 1 OR kind = 'entry')"

/* text as a LIKE pattern matching itself literally, with % where asked. */
static char *
like_pattern(const char *text, int lead, int trail)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, lead ? "%" : "");
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_add(&b, "\\", 1);
		buf_add(&b, p, 1);
	}
	if (trail)
		buf_add(&b, "%", 1);
	return buf_steal(&b);
}

static void
bind_opt_text(struct vg_stmt *st, int *k, const char *v)
{
	db_bind_text(st, (*k)++, v);
	db_bind_text(st, (*k)++, v);
}

static void
bind_pair(struct vg_stmt *st, int *k, int64_t v)
{
	db_bind_int(st, (*k)++, v);
	db_bind_int(st, (*k)++, v);
}

static void
bind_filter(struct vg_stmt *st, const struct audit_filter *f, int64_t cursor)
{
	char *act = f->action && *f->action ? like_pattern(f->action, 0, 1) : NULL;
	char *obj = f->object && *f->object ? like_pattern(f->object, 1, 1) : NULL;
	int k = 1;

	bind_pair(st, &k, cursor);
	bind_pair(st, &k, f->from_us);
	bind_pair(st, &k, f->to_us);
	bind_opt_text(st, &k, f->actor && *f->actor ? f->actor : NULL);
	bind_opt_text(st, &k, act);
	bind_opt_text(st, &k, obj);
	db_bind_int(st, k, f->seals != 0);
	free(act);
	free(obj);
}

int
audit_filter_check(const struct audit_filter *f, struct vg_err *err)
{
	const char *texts[3] = { f->actor, f->action, f->object };
	const char *names[3] = { "actor", "action", "object" };

	for (int i = 0; i < 3; i++)
		if (texts[i] != NULL && vg_check_text(texts[i], 200, 0, names[i], names[i], err) != 0)
			return -1;
	if (f->from_us != 0 && f->to_us != 0 && f->to_us <= f->from_us)
		return vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range is not after its start"));
	return 0;
}

static void
row_fill(struct vg_stmt *st, struct audit_row *r)
{
	r->id = db_col_int(st, 0);
	r->ts_us = db_col_int(st, 1);
	r->kind = xstrdup(db_col_text(st, 2));
	r->actor = xstrdup(db_col_text(st, 3));
	r->action = xstrdup(db_col_text(st, 4));
	r->object = xstrdup(db_col_text(st, 5));
	r->detail = xstrdup(db_col_text(st, 6));
	r->source = xstrdup(db_col_text(st, 7));
}

int
audit_log_page(struct vg_site *s, const struct vg_actor *a, const struct audit_filter *f,
    int64_t cursor, int newest_first, size_t limit, struct audit_page *p, struct vg_err *err)
{
	struct vg_stmt *st;
	char *where, *sql;

	memset(p, 0, sizeof *p);
	if (actor_require(s, a, "audit.read", err) != 0 || audit_filter_check(f, err) != 0)
		return -1;
	if (limit == 0 || limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	where = xasprintf(FILTER_SQL, newest_first ? "<" : ">");
	sql = xasprintf("SELECT id, ts_us, kind, actor, action, object, detail, source FROM audit "
	    "WHERE %s ORDER BY id %s LIMIT ?", where, newest_first ? "DESC" : "ASC");
	st = db_prepare(s->db, sql);
	bind_filter(st, f, cursor);
	db_bind_int(st, 14, (int64_t)limit + 1);
	p->v = xcalloc(limit + 1, sizeof *p->v);
	while (db_step(st) == DB_ROW) {
		if (p->n == limit) {
			p->more = 1;
			break;
		}
		row_fill(st, &p->v[p->n++]);
	}
	db_finalize(st);
	free(sql);
	free(where);
	return 0;
}

int64_t
audit_log_count(struct vg_site *s, const struct vg_actor *a, const struct audit_filter *f,
    struct vg_err *err)
{
	struct vg_stmt *st;
	char *where, *sql;
	int64_t n = -1;

	if (actor_require(s, a, "audit.read", err) != 0 || audit_filter_check(f, err) != 0)
		return -1;
	where = xasprintf(FILTER_SQL, ">");
	sql = xasprintf("SELECT COUNT(*) FROM audit WHERE %s", where);
	st = db_prepare(s->db, sql);
	bind_filter(st, f, 0);
	if (db_step(st) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	free(sql);
	free(where);
	return n;
}

void
audit_page_free(struct audit_page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].kind);
		free(p->v[i].actor);
		free(p->v[i].action);
		free(p->v[i].object);
		free(p->v[i].detail);
		free(p->v[i].source);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}

int
audit_log_verify(struct vg_site *s, const struct vg_actor *a, struct audit_report *rep,
    struct vg_err *err)
{
	if (actor_require(s, a, "audit.verify", err) != 0)
		return -1;
	return audit_verify(s, rep, err);
}
