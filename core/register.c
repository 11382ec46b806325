/* register.c — the authorised-personnel register: each entry's state, renewal for the next school year, revocation. */
#include "core/register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

#define DAY_US (INT64_C(86400) * VG_USEC_PER_SEC)

static int
may_read(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	/* HHKCS 3.5: the review reads the register too (who needs re-authorising). */
	if (actor_can(s, a, "review.signoff"))
		return 0;
	return actor_require(s, a, "register.manage", err);
}

static char *
roles_of(struct vg_site *s, int64_t uid)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT role FROM user_roles WHERE user_id = ? "
	    "ORDER BY role");
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	db_bind_int(st, 1, uid);
	while (db_step(st) == DB_ROW)
		buf_printf(&b, "%s%s", b.len ? ", " : "", db_col_text(st, 0));
	db_finalize(st);
	return buf_steal(&b);
}

/* The state of each entry; entries of one person are adjacent, newest first. */
static void
set_states(struct reg_entry *v, size_t n, int64_t now)
{
	for (size_t i = 0; i < n; i++) {
		struct reg_entry *e = &v[i];
		int later = 0;

		for (size_t j = 0; j < n; j++)
			later |= j != i && strcmp(v[j].login, e->login) == 0 && v[j].revoked_us == 0 &&
			    v[j].until_us > e->until_us && v[j].until_us > now;
		if (e->revoked_us != 0)
			e->state = REG_REVOKED;
		else if (e->until_us <= now)
			e->state = REG_EXPIRED;
		else if (later)
			e->state = REG_RENEWED;
		else if (e->until_us - now <= REGISTER_SOON_DAYS * DAY_US)
			e->state = REG_EXPIRING;
		else
			e->state = REG_VALID;
	}
}

static void
fill(struct vg_site *s, struct vg_stmt *st, struct reg_entry *e)
{
	e->id = db_col_int(st, 0);
	e->login = xstrdup(db_col_text(st, 1));
	e->name = xstrdup(db_col_text(st, 2));
	e->scope = xstrdup(db_col_text(st, 3));
	e->trained_on_us = db_col_int(st, 4);
	e->granted_us = db_col_int(st, 5);
	e->until_us = db_col_int(st, 6);
	e->granted_by = xstrdup(db_col_text(st, 7));
	e->revoked_us = db_col_isnull(st, 8) ? 0 : db_col_int(st, 8);
	e->revoked_by = xstrdup(db_col_text(st, 9));
	e->revoke_reason = xstrdup(db_col_text(st, 10));
	e->renews = db_col_isnull(st, 11) ? 0 : db_col_int(st, 11);
	e->roles = roles_of(s, db_col_int(st, 12));
}

struct reg_entry *
register_list(struct vg_site *s, const struct vg_actor *a, size_t *n, struct vg_err *err)
{
	struct vg_stmt *st;
	struct reg_entry *v;

	*n = 0;
	if (may_read(s, a, err) != 0)
		return NULL;
	st = db_prepare(s->db, "SELECT a.id, u.login, u.name, a.scope, a.trained_on_us, "
	    "a.granted_us, a.until_us, a.granted_by, a.revoked_us, a.revoked_by, a.revoke_reason, "
	    "a.renews, u.id FROM authorizations a JOIN users u ON u.id = a.user_id "
	    "ORDER BY u.login, a.until_us DESC, a.id DESC");
	v = xcalloc(1, sizeof *v);
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		memset(&v[*n], 0, sizeof *v);
		fill(s, st, &v[(*n)++]);
	}
	db_finalize(st);
	set_states(v, *n, clock_now());
	return v;
}

void
register_free(struct reg_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].login);
		free(v[i].name);
		free(v[i].roles);
		free(v[i].scope);
		free(v[i].granted_by);
		free(v[i].revoked_by);
		free(v[i].revoke_reason);
	}
	free(v);
}

const char *
register_state_code(enum reg_state st)
{
	static const char *const codes[] = { "valid", "expiring", "renewed", "expired",
		"revoked" };

	return codes[st];
}

const char *
register_state_name(enum reg_state st)
{
	switch (st) {
	case REG_VALID:
		return _("valid");
	case REG_EXPIRING:
		return _("expiring soon");
	case REG_RENEWED:
		return _("renewed");
	case REG_EXPIRED:
		return _("expired");
	case REG_REVOKED:
		return _("revoked");
	}
	return "?";
}

/*---- Renewal and revocation ----*/

/* The person's newest entry that was not revoked: id, until, training, scope. */
struct last_entry {
	int64_t	 id, uid, until_us, trained_on_us;
	char	*scope;
	int	 revoked;	/* their newest entry of all was revoked */
};

static int
last_entry(struct vg_site *s, const char *login, struct last_entry *le, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT a.id, u.id, a.until_us, a.trained_on_us, "
	    "a.scope, a.revoked_us IS NOT NULL FROM authorizations a JOIN users u ON "
	    "u.id = a.user_id WHERE u.login = ? ORDER BY a.granted_us DESC, a.id DESC LIMIT 1");
	int found;

	memset(le, 0, sizeof *le);
	db_bind_text(st, 1, login);
	if ((found = db_step(st) == DB_ROW)) {
		le->id = db_col_int(st, 0);
		le->uid = db_col_int(st, 1);
		le->until_us = db_col_int(st, 2);
		le->trained_on_us = db_col_int(st, 3);
		le->scope = xstrdup(db_col_text(st, 4));
		le->revoked = db_col_int(st, 5) != 0;
	}
	db_finalize(st);
	if (!found && db_scalar(s->db, "SELECT COUNT(*) FROM users WHERE login = ?", login, 0) > 0)
		return vg_seterr(err, VG_NOTFOUND, _("%s has no entry on the authorised-personnel "
		    "register to renew; add one"), login);
	if (!found)
		return vg_seterr_field(err, VG_NOTFOUND, "login", _("no user \"%s\""), login);
	if (le->revoked) {
		free(le->scope);
		return vg_seterr(err, VG_REFUSED, _("the last authorisation of %s was revoked: a "
		    "revoked person is authorised again only by a new entry, with training"), login);
	}
	return 0;
}

int
register_renew(struct vg_site *s, const struct vg_actor *a, const char *login,
    int64_t trained_on, const char *scope, int64_t *until, struct vg_err *err)
{
	struct last_entry le;
	int64_t now = clock_now();
	char t1[32], t2[32];
	struct vg_stmt *st;
	int r;

	if (actor_require(s, a, "register.manage", err) != 0 || last_entry(s, login, &le, err) != 0)
		return -1;
	if (trained_on == 0)
		trained_on = le.trained_on_us;
	if (scope == NULL)
		scope = le.scope;
	/* HHKCS 2.4.1: authorised again for the school year that follows. */
	*until = authz_default_until(s, le.until_us > now ? le.until_us : now);
	r = -1;
	if (trained_on > now)
		vg_seterr_field(err, VG_USAGE, "trained_on", _("the training date %s is in the future"),
		    time_fmt_date(trained_on, t1));
	else if (vg_check_text(scope, 200, 0, "scope", _("the scope"), err) == 0)
		r = site_begin(s, err);
	if (r != 0) {
		free(le.scope);
		return -1;
	}
	st = db_prepare(s->db, "INSERT INTO authorizations (user_id, scope, trained_on_us, "
	    "granted_us, until_us, granted_by, renews) VALUES (?,?,?,?,?,?,?)");
	db_bind_int(st, 1, le.uid);
	db_bind_text(st, 2, scope);
	db_bind_int(st, 3, trained_on);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, *until);
	db_bind_text(st, 6, a->display);
	db_bind_int(st, 7, le.id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "register.renew", login, a->source, err,
		    "renews=%lld; trained_on=%s; until=%s; scope=%s", (long long)le.id,
		    time_fmt_date(trained_on, t1), time_fmt_date(*until, t2), scope);
	free(le.scope);
	return site_end_tx(s, r, err);
}

int
register_revoke(struct vg_site *s, const struct vg_actor *a, const char *login,
    const char *reason, struct vg_err *err)
{
	struct vg_stmt *st;
	int64_t now = clock_now(), uid;
	int r, n;

	if (actor_require(s, a, "register.manage", err) != 0 ||
	    vg_check_text(reason, 500, 1, "reason", _("the reason"), err) != 0)
		return -1;
	uid = db_scalar(s->db, "SELECT id FROM users WHERE login = ?", login, 0);
	if (uid == 0)
		return vg_seterr_field(err, VG_NOTFOUND, "login", _("no user \"%s\""), login);
	if (!authz_valid(s, uid, now))
		return vg_seterr(err, VG_CONFLICT, _("%s holds no valid authorisation to revoke"),
		    login);
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE authorizations SET revoked_us = ?, revoked_by = ?, "
	    "revoke_reason = ? WHERE user_id = ? AND revoked_us IS NULL AND until_us > ?");
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, a->display);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, uid);
	db_bind_int(st, 5, now);
	r = db_run(st, s->db, err);
	n = db_changes(s->db);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "register.revoke", login, a->source, err,
		    "entries=%d; reason=%s", n, reason);
	return site_end_tx(s, r, err);
}

int
register_expiring_count(struct vg_site *s, const struct vg_actor *a)
{
	struct reg_entry *v;
	struct vg_err err;
	size_t n;
	int k = 0;

	if (!actor_can(s, a, "register.manage") || (v = register_list(s, a, &n, &err)) == NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		k += v[i].state == REG_EXPIRING;
	register_free(v, n);
	return k;
}
