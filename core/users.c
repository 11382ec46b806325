/* users.c — users, roles, keys, the authorised-personnel register and actors. */
#include "core/users.h"

#include <ctype.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/keys.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

int
valid_login(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !islower((unsigned char)s[0]))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '.' && *s != '_' && *s != '-')
			return 0;
	return 1;
}

/*---- Reading ----*/

static void
load_roles(struct vg_site *s, int64_t id, char ***roles, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role");

	*roles = NULL;
	*n = 0;
	db_bind_int(st, 1, id);
	while (db_step(st) == DB_ROW) {
		*roles = xrealloc(*roles, (*n + 2) * sizeof **roles);
		(*roles)[(*n)++] = xstrdup(db_col_text(st, 0));
		(*roles)[*n] = NULL;
	}
	db_finalize(st);
}

#define USER_COLS "id, login, name, unit, locale, disabled, pw_hash IS NOT NULL, " \
	"totp_secret IS NOT NULL, created_us, agency"

static struct vg_user *
user_from_row(struct vg_site *s, struct vg_stmt *st)
{
	struct vg_user *u = xcalloc(1, sizeof *u);

	u->id = db_col_int(st, 0);
	u->login = xstrdup(db_col_text(st, 1));
	u->name = xstrdup(db_col_text(st, 2));
	u->unit = xstrdup(db_col_text(st, 3));
	u->locale = xstrdup(db_col_text(st, 4));
	u->disabled = (int)db_col_int(st, 5);
	u->has_password = (int)db_col_int(st, 6);
	u->has_totp = (int)db_col_int(st, 7);
	u->created_us = db_col_int(st, 8);
	u->agency = xstrdup(db_col_text(st, 9));
	load_roles(s, u->id, &u->roles, &u->nroles);
	return u;
}

struct vg_user *
users_get(struct vg_site *s, const char *login)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " USER_COLS " FROM users WHERE login = ?");
	struct vg_user *u = NULL;

	db_bind_text(st, 1, login);
	if (db_step(st) == DB_ROW)
		u = user_from_row(s, st);
	db_finalize(st);
	return u;
}

void
users_free(struct vg_user *u)
{
	if (u == NULL)
		return;
	vg_strv_free(u->roles, u->nroles);
	free(u->login);
	free(u->name);
	free(u->unit);
	free(u->agency);
	free(u->locale);
	free(u);
}

struct vg_user **
users_list(struct vg_site *s, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT " USER_COLS " FROM users ORDER BY login");
	struct vg_user **v = NULL;

	*n = 0;
	while (db_step(st) == DB_ROW) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = user_from_row(s, st);
	}
	db_finalize(st);
	return v;
}

void
users_free_list(struct vg_user **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		users_free(v[i]);
	free(v);
}

int
user_has_role(const struct vg_user *u, const char *role)
{
	return vg_strv_contains(u->roles, u->nroles, role);
}

/*---- Changing ----*/

/*
 * An agency marks the liaison of an outside body (the police, a court...):
 * a copy an outside body asked for goes to that body's liaison and to no one
 * else (HHKCS 2.5.3(i), GCU art. 16(2)3, GUAT art. 18, DLUT art. 15(2)2).  A
 * liaison is not of the school, so a user has a school unit or an agency,
 * never both: one of each would make the same person both an insider and an
 * outside body's receiver of copies.
 */
static int
check_agency(struct vg_site *s, const char *login, const char *unit, const char *agency,
    struct vg_err *err)
{
	struct vg_buf b;

	if (agency == NULL || agency[0] == '\0')
		return 0;
	if (policy_agency(s->pol, agency) == NULL) {
		buf_init(&b);
		buf_puts(&b, "");
		for (size_t i = 0; i < s->pol->nagencies; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", s->pol->agencies[i].id);
		vg_seterr_field(err, VG_USAGE, "agency", _("unknown agency \"%s\": the %s profile "
		    "has %s"), agency, s->pol->name, b.len ? b.s : "-");
		buf_free(&b);
		return -1;
	}
	if (unit != NULL && unit[0] != '\0')
		return vg_seterr_field(err, VG_USAGE, "agency", _("%s belongs to the school's unit "
		    "\"%s\" and cannot also be the liaison of agency \"%s\": an outside body's "
		    "liaison has no school unit"), login, unit, agency);
	return 0;
}

static int
check_spec(struct vg_site *s, const struct user_spec *sp, struct vg_err *err)
{
	struct vg_user *u;

	if (!valid_login(sp->login))
		return vg_seterr_field(err, VG_USAGE, "login",
		    _("\"%s\" is not a valid login: 1-32 characters, starting with a lower-case "
		    "letter, then lower-case letters, digits, '.', '_' or '-'"), sp->login);
	if (sp->name == NULL || sp->name[0] == '\0' || strlen(sp->name) > 200 ||
	    !vg_valid_utf8(sp->name) || vg_has_control(sp->name))
		return vg_seterr_field(err, VG_USAGE, "name", "%s",
		    _("the display name must be 1-200 bytes of plain text"));
	if (sp->nroles == 0)
		return vg_seterr_field(err, VG_USAGE, "role", "%s",
		    _("a user needs at least one role (--role ROLE)"));
	for (size_t i = 0; i < sp->nroles; i++) {
		if (policy_role(s->pol, sp->roles[i]) == NULL) {
			struct vg_buf b;

			buf_init(&b);
			for (size_t k = 0; k < s->pol->nroles; k++)
				buf_printf(&b, "%s%s", k ? ", " : "", s->pol->roles[k].name);
			vg_seterr_field(err, VG_USAGE, "role",
			    _("unknown role \"%s\": the %s profile has %s"), sp->roles[i],
			    s->pol->name, b.s);
			buf_free(&b);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(sp->roles[i], sp->roles[j]) == 0)
				return vg_seterr_field(err, VG_USAGE, "role",
				    _("role \"%s\" is given twice"), sp->roles[i]);
	}
	if (sp->unit != NULL && sp->unit[0] != '\0' && policy_unit(s->pol, sp->unit) == NULL)
		return vg_seterr_field(err, VG_USAGE, "unit",
		    _("unknown unit \"%s\": it is not in the %s profile"), sp->unit, s->pol->name);
	if (check_agency(s, sp->login, sp->unit, sp->agency, err) != 0)
		return -1;
	if (sp->locale != NULL && sp->locale[0] != '\0' && strcmp(sp->locale, "en") != 0 &&
	    strcmp(sp->locale, "zh_CN") != 0)
		return vg_seterr_field(err, VG_USAGE, "locale",
		    _("\"%s\" is not a supported language (en, zh_CN)"), sp->locale);
	if (sp->password != NULL && auth_password_acceptable(sp->password, err) != 0)
		return -1;
	if ((u = users_get(s, sp->login)) != NULL) {
		users_free(u);
		return vg_seterr_field(err, VG_CONFLICT, "login", _("user \"%s\" already exists"),
		    sp->login);
	}
	return 0;
}

static int
insert_key(struct vg_site *s, int64_t uid, const struct vg_pubkey *k, struct vg_err *err)
{
	struct vg_stmt *st;
	int r;

	if (db_scalar(s->db, "SELECT COUNT(*) FROM user_keys WHERE fingerprint = ?",
	    k->fingerprint, 0) > 0)
		return vg_seterr_field(err, VG_CONFLICT, "key",
		    _("key %s is already registered"), k->fingerprint);
	st = db_prepare(s->db, "INSERT INTO user_keys (user_id, type, blob, bits, fingerprint, "
	    "comment, added_us) VALUES (?,?,?,?,?,?,?)");
	db_bind_int(st, 1, uid);
	db_bind_text(st, 2, k->type);
	db_bind_text(st, 3, k->b64);
	db_bind_int(st, 4, k->bits);
	db_bind_text(st, 5, k->fingerprint);
	db_bind_text(st, 6, k->comment);
	db_bind_int(st, 7, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

int
users_add(struct vg_site *s, const struct vg_actor *a, const struct user_spec *sp,
    struct vg_err *err)
{
	char hash[128];
	struct vg_stmt *st;
	struct vg_buf roles;
	int64_t uid, now = clock_now();
	int r = -1;

	if (actor_require(s, a, "user.manage", err) != 0 || check_spec(s, sp, err) != 0)
		return -1;
	if (sp->password != NULL && auth_hash_password(sp->password, hash, err) != 0)
		return -1;
	buf_init(&roles);
	if (site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO users (login, name, unit, locale, pw_hash, disabled, "
	    "created_us, updated_us, agency) VALUES (?,?,?,?,?,0,?,?,?)");
	db_bind_text(st, 1, sp->login);
	db_bind_text(st, 2, sp->name);
	db_bind_text(st, 3, sp->unit ? sp->unit : "");
	db_bind_text(st, 4, sp->locale ? sp->locale : "");
	db_bind_text(st, 5, sp->password ? hash : NULL);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	db_bind_text(st, 8, sp->agency ? sp->agency : "");
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		goto fail;
	uid = db_last_id(s->db);
	st = db_prepare(s->db, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
	for (size_t i = 0; i < sp->nroles && r == 0; i++) {
		db_reset(st);
		db_bind_int(st, 1, uid);
		db_bind_text(st, 2, sp->roles[i]);
		r = db_run(st, s->db, err);
		buf_printf(&roles, "%s%s", i ? "," : "", sp->roles[i]);
	}
	db_finalize(st);
	if (r == 0 && sp->key != NULL)
		r = insert_key(s, uid, sp->key, err);
	if (r == 0)
		r = audit_appendf(s, a->display, "user.add", sp->login, a->source, err,
		    "name=%s; roles=%s; unit=%s; agency=%s; password=%s; key=%s", sp->name, roles.s,
		    sp->unit ? sp->unit : "", sp->agency ? sp->agency : "", sp->password ? "set" : "none",
		    sp->key ? sp->key->fingerprint : "none");
	if (r != 0)
		goto fail;
	r = site_commit(s, err);
	goto out;
fail:
	site_rollback(s);
	r = -1;
out:
	sodium_memzero(hash, sizeof hash);
	buf_free(&roles);
	return r;
}

/* Looks a user up for a change; refuses unknown logins with a clear message. */
static struct vg_user *
need_user(struct vg_site *s, const char *login, struct vg_err *err)
{
	struct vg_user *u = users_get(s, login);

	if (u == NULL)
		vg_seterr_field(err, VG_NOTFOUND, "login", _("no user \"%s\""), login);
	return u;
}

/* Runs one UPDATE on a user row plus its audit entry, in one transaction. */
static int
update_user(struct vg_site *s, const struct vg_actor *a, struct vg_user *u, const char *sql,
    const char *text, int64_t num, const char *action, const char *detail, struct vg_err *err)
{
	struct vg_stmt *st;
	int r;

	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, sql);
	if (text != NULL) {
		db_bind_text(st, 1, text);
		db_bind_int(st, 2, clock_now());
		db_bind_int(st, 3, u->id);
	} else {
		db_bind_int(st, 1, num);
		db_bind_int(st, 2, clock_now());
		db_bind_int(st, 3, u->id);
	}
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_append(s, a->display, action, u->login, detail, a->source, err);
	if (r != 0) {
		site_rollback(s);
		return -1;
	}
	return site_commit(s, err);
}

int
users_set_password(struct vg_site *s, const struct vg_actor *a, const char *login,
    const char *pw, struct vg_err *err)
{
	struct vg_user *u;
	char hash[128];
	int r = -1;

	/* Anyone may change their own password; others' need user.manage. */
	if (!(a->user_id != 0 && strcmp(a->login, login) == 0) &&
	    actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	if (auth_password_acceptable(pw, err) == 0 && auth_hash_password(pw, hash, err) == 0)
		r = update_user(s, a, u, "UPDATE users SET pw_hash = ?, updated_us = ? WHERE id = ?",
		    hash, 0, "user.passwd", "password changed", err);
	sodium_memzero(hash, sizeof hash);
	users_free(u);
	return r;
}

int
users_add_key(struct vg_site *s, const struct vg_actor *a, const char *login,
    const struct vg_pubkey *k, struct vg_err *err)
{
	struct vg_user *u;
	int r;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	if ((r = site_begin(s, err)) == 0) {
		r = insert_key(s, u->id, k, err);
		if (r == 0)
			r = audit_appendf(s, a->display, "user.key.add", login, a->source, err,
			    "type=%s; bits=%d; fingerprint=%s", k->type, k->bits, k->fingerprint);
		if (r == 0)
			r = site_commit(s, err);
		else
			site_rollback(s);
	}
	users_free(u);
	return r;
}

int
users_disable(struct vg_site *s, const struct vg_actor *a, const char *login,
    struct vg_err *err)
{
	struct vg_user *u;
	int r;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	if (u->disabled) {
		users_free(u);
		return vg_seterr(err, VG_CONFLICT, _("user \"%s\" is already disabled"), login);
	}
	r = update_user(s, a, u, "UPDATE users SET disabled = ?, updated_us = ? WHERE id = ?",
	    NULL, 1, "user.disable", "disabled", err);
	users_free(u);
	return r;
}

int
users_set_locale(struct vg_site *s, const struct vg_actor *a, const char *login,
    const char *locale, struct vg_err *err)
{
	struct vg_user *u;
	char detail[64];
	int r;

	if (!(a->user_id != 0 && strcmp(a->login, login) == 0) &&
	    actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if (locale[0] != '\0' && strcmp(locale, "en") != 0 && strcmp(locale, "zh_CN") != 0)
		return vg_seterr_field(err, VG_USAGE, "locale",
		    _("\"%s\" is not a supported language (en, zh_CN)"), locale);
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	snprintf(detail, sizeof detail, "locale=%s", locale);
	r = update_user(s, a, u, "UPDATE users SET locale = ?, updated_us = ? WHERE id = ?",
	    locale, 0, "user.locale", detail, err);
	users_free(u);
	return r;
}

int
users_set_agency(struct vg_site *s, const struct vg_actor *a, const char *login,
    const char *agency, struct vg_err *err)
{
	struct vg_user *u;
	char detail[96];
	int r = -1;

	if (actor_require(s, a, "user.manage", err) != 0)
		return -1;
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	if (check_agency(s, login, u->unit, agency, err) == 0) {
		snprintf(detail, sizeof detail, "agency=%s; was=%s", agency, u->agency);
		r = update_user(s, a, u, "UPDATE users SET agency = ?, updated_us = ? WHERE id = ?",
		    agency, 0, "user.agency", detail, err);
	}
	users_free(u);
	return r;
}

struct user_key_info *
users_keys(struct vg_site *s, int64_t uid, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT id, type, bits, fingerprint, comment, "
	    "blob, added_us FROM user_keys WHERE user_id = ? ORDER BY id");
	struct user_key_info *v = NULL;

	*n = 0;
	db_bind_int(st, 1, uid);
	while (db_step(st) == DB_ROW) {
		struct user_key_info *k;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		k = &v[(*n)++];
		k->id = db_col_int(st, 0);
		snprintf(k->type, sizeof k->type, "%s", db_col_text(st, 1));
		k->bits = (int)db_col_int(st, 2);
		snprintf(k->fingerprint, sizeof k->fingerprint, "%s", db_col_text(st, 3));
		k->comment = xstrdup(db_col_text(st, 4));
		k->b64 = xstrdup(db_col_text(st, 5));
		k->added_us = db_col_int(st, 6);
	}
	db_finalize(st);
	return v;
}

void
users_free_keys(struct user_key_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].comment);
		free(v[i].b64);
	}
	free(v);
}

int
users_key_matches(struct vg_site *s, int64_t uid, const char *type, const char *b64)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT COUNT(*) FROM user_keys WHERE user_id = ? AND type = ? AND blob = ?");
	int ok;

	db_bind_int(st, 1, uid);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, b64);
	ok = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
	db_finalize(st);
	return ok;
}

/*---- The authorised-personnel register ----*/

/* HHKCS 2.4.1: the list is re-authorised at the start of each school year. */
int64_t
authz_default_until(struct vg_site *s, int64_t now)
{
	int y, m, d, sm = 9, sd = 1;
	int64_t t;

	sscanf(s->cfg.school_year_start, "%d-%d", &sm, &sd);
	time_ymd(now, &y, &m, &d);
	t = time_from_ymd(y, sm, sd);
	if (t <= now)
		t = time_from_ymd(y + 1, sm, sd);
	return t;
}

int
authz_add(struct vg_site *s, const struct vg_actor *a, const char *login, int64_t trained_on,
    int64_t until, const char *scope, struct vg_err *err)
{
	struct vg_user *u;
	struct vg_stmt *st;
	int64_t now = clock_now();
	char t1[32], t2[32];
	int r;

	if (actor_require(s, a, "register.manage", err) != 0)
		return -1;
	if ((u = need_user(s, login, err)) == NULL)
		return -1;
	if (until == 0)
		until = authz_default_until(s, now);
	r = -1;
	if (u->disabled)
		vg_seterr(err, VG_REFUSED, _("user \"%s\" is disabled and cannot be authorised"), login);
	else if (trained_on > now)
		vg_seterr_field(err, VG_USAGE, "trained_on",
		    _("the training date %s is in the future"), time_fmt_date(trained_on, t1));
	else if (until <= now)
		vg_seterr_field(err, VG_USAGE, "until",
		    _("the authorisation would end %s, which is not in the future"),
		    time_fmt_date(until, t1));
	else if (!vg_valid_utf8(scope) || vg_has_control(scope) || strlen(scope) > 200)
		vg_seterr_field(err, VG_USAGE, "scope", "%s",
		    _("the scope must be at most 200 bytes of plain text"));
	else
		r = 0;
	if (r != 0 || site_begin(s, err) != 0) {
		users_free(u);
		return -1;
	}
	st = db_prepare(s->db, "INSERT INTO authorizations (user_id, scope, trained_on_us, "
	    "granted_us, until_us, granted_by) VALUES (?,?,?,?,?,?)");
	db_bind_int(st, 1, u->id);
	db_bind_text(st, 2, scope);
	db_bind_int(st, 3, trained_on);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, until);
	db_bind_text(st, 6, a->display);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = audit_appendf(s, a->display, "register.authorize", login, a->source, err,
		    "trained_on=%s; until=%s; scope=%s", time_fmt_date(trained_on, t1),
		    time_fmt_date(until, t2), scope);
	if (r == 0)
		r = site_commit(s, err);
	else
		site_rollback(s);
	users_free(u);
	return r;
}

struct vg_authz *
authz_list(struct vg_site *s, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT a.id, a.user_id, u.login, u.name, a.scope, "
	    "a.trained_on_us, a.granted_us, a.until_us, a.granted_by, a.revoked_us "
	    "FROM authorizations a JOIN users u ON u.id = a.user_id ORDER BY u.login, a.id");
	struct vg_authz *v = NULL;

	*n = 0;
	while (db_step(st) == DB_ROW) {
		struct vg_authz *z;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		z = &v[(*n)++];
		z->id = db_col_int(st, 0);
		z->user_id = db_col_int(st, 1);
		z->login = xstrdup(db_col_text(st, 2));
		z->name = xstrdup(db_col_text(st, 3));
		z->scope = xstrdup(db_col_text(st, 4));
		z->trained_on_us = db_col_int(st, 5);
		z->granted_us = db_col_int(st, 6);
		z->until_us = db_col_int(st, 7);
		z->granted_by = xstrdup(db_col_text(st, 8));
		z->revoked_us = db_col_isnull(st, 9) ? 0 : db_col_int(st, 9);
	}
	db_finalize(st);
	return v;
}

void
authz_free_list(struct vg_authz *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].login);
		free(v[i].name);
		free(v[i].scope);
		free(v[i].granted_by);
	}
	free(v);
}

int
authz_valid(struct vg_site *s, int64_t uid, int64_t now)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM authorizations WHERE "
	    "user_id = ? AND revoked_us IS NULL AND granted_us <= ? AND until_us > ?");
	int ok;

	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, now);
	ok = db_step(st) == DB_ROW && db_col_int(st, 0) > 0;
	db_finalize(st);
	return ok;
}

/*---- Actors ----*/

struct vg_actor *
actor_system(const char *source)
{
	struct vg_actor *a = xcalloc(1, sizeof *a);
	struct passwd *pw = getpwuid(getuid());

	a->system = 1;
	a->login = xstrdup("admin");
	a->display = xasprintf("admin(%s)", pw ? pw->pw_name : "?");
	a->source = xstrdup(source);
	a->name = xstrdup("vigil admin");
	a->unit = xstrdup("");
	return a;
}

struct vg_actor *
actor_load(struct vg_site *s, const char *login, const char *source, struct vg_err *err)
{
	struct vg_user *u = users_get(s, login);
	struct vg_actor *a;

	if (u == NULL) {
		vg_seterr(err, VG_NOTFOUND, _("no user \"%s\""), login);
		return NULL;
	}
	if (u->disabled) {
		vg_seterr(err, VG_REFUSED, _("user \"%s\" is disabled"), login);
		users_free(u);
		return NULL;
	}
	a = xcalloc(1, sizeof *a);
	a->user_id = u->id;
	a->login = xstrdup(u->login);
	a->display = xstrdup(u->login);
	a->source = xstrdup(source);
	a->name = xstrdup(u->name);
	a->unit = xstrdup(u->unit);
	a->roles = u->roles;
	a->nroles = u->nroles;
	u->roles = NULL;
	u->nroles = 0;
	users_free(u);
	return a;
}

void
actor_free(struct vg_actor *a)
{
	if (a == NULL)
		return;
	vg_strv_free(a->roles, a->nroles);
	free(a->login);
	free(a->display);
	free(a->source);
	free(a->name);
	free(a->unit);
	free(a);
}

int
actor_has_role(const struct vg_actor *a, const char *role)
{
	return vg_strv_contains(a->roles, a->nroles, role);
}

/*
 * A console session lasts hours.  Whether the person is still enabled, and
 * still on the register, is read from the database at every check, so that
 * disabling someone or revoking or outliving their authorisation takes effect
 * at their next action, not their next login (HHKCS 2.4.1).
 */
static int
actor_enabled(struct vg_site *s, const struct vg_actor *a)
{
	return a->system || db_scalar(s->db, "SELECT disabled FROM users WHERE login = ?",
	    a->login, 1) == 0;
}

int
actor_authorized(struct vg_site *s, const struct vg_actor *a)
{
	return a->system || authz_valid(s, a->user_id, clock_now());
}

int
actor_can(struct vg_site *s, const struct vg_actor *a, const char *cap)
{
	int authorized = -1;	/* read when a role first needs it */

	VG_ASSERT(cap_known(cap));
	if (a->system)
		return 1;
	if (!actor_enabled(s, a))
		return 0;
	for (size_t i = 0; i < a->nroles; i++) {
		const struct pol_role *ro = policy_role(s->pol, a->roles[i]);

		if (ro == NULL || !policy_role_has_cap(ro, cap))
			continue;
		/* DESIGN §8, HHKCS 2.1.4/2.4.1: beyond filing a request, only people on
		 * the authorised-personnel register with an unexpired authorisation. */
		if (strcmp(cap, "request.file") == 0 || !ro->needs_authorization)
			return 1;
		if (authorized < 0)
			authorized = actor_authorized(s, a);
		if (authorized)
			return 1;
	}
	return 0;
}

/* Whether a role of the actor holds the capability, register or not. */
static int
roles_hold(struct vg_site *s, const struct vg_actor *a, const char *cap)
{
	for (size_t i = 0; i < a->nroles; i++) {
		const struct pol_role *ro = policy_role(s->pol, a->roles[i]);

		if (ro != NULL && policy_role_has_cap(ro, cap))
			return 1;
	}
	return 0;
}

/* The refusal names what the person cannot do in words (cap_words_of), never
 * the capability's internal name. */
int
actor_require(struct vg_site *s, const struct vg_actor *a, const char *cap,
    struct vg_err *err)
{
	if (actor_can(s, a, cap))
		return 0;
	if (!actor_enabled(s, a))
		return vg_seterr(err, VG_REFUSED, _("user \"%s\" is disabled"), a->login);
	if (roles_hold(s, a, cap))
		return vg_seterr(err, VG_REFUSED,
		    _("your roles let you %s only with an unexpired authorisation on the "
		    "authorised-personnel register, and you hold none"), cap_words_of(cap));
	return vg_seterr(err, VG_REFUSED, _("your roles cannot %s"), cap_words_of(cap));
}

/* actor_require said of someone other than the person acting (a copy's
 * recipient): their login, and what they cannot do in the caller's words. */
int
actor_require_of(struct vg_site *s, const struct vg_actor *a, const char *cap,
    const char *what, struct vg_err *err)
{
	if (actor_can(s, a, cap))
		return 0;
	if (!actor_enabled(s, a))
		return vg_seterr(err, VG_REFUSED, _("user \"%s\" is disabled"), a->login);
	if (roles_hold(s, a, cap))
		return vg_seterr(err, VG_REFUSED, _("%s may %s only with an unexpired authorisation "
		    "on the authorised-personnel register, and holds none"), a->login, what);
	return vg_seterr(err, VG_REFUSED, _("none of %s's roles lets them %s"), a->login, what);
}

int
actor_can_any(struct vg_site *s, const struct vg_actor *a, const char *caps)
{
	size_t n;
	char **v;
	int r = 0;

	if (caps == NULL || caps[0] == '\0')
		return 1;
	v = vg_split_list(caps, &n);
	for (size_t i = 0; i < n && !r; i++)
		r = actor_can(s, a, v[i]);
	vg_strv_free(v, n);
	return r;
}

int
actor_need_person(const struct vg_actor *a, struct vg_err *err)
{
	if (a->system || a->user_id == 0)
		return vg_seterr(err, VG_REFUSED, "%s",
		    _("only a person acts on requests and viewings, not vigil admin: use "
		    "vigil exec --user LOGIN or ssh"));
	return 0;
}
