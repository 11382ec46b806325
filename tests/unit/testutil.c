/* testutil.c — temporary sites and files for the unit tests. */
#include "tests/unit/testutil.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = xasprintf("%s/vigil-unit-XXXXXX", base && *base ? base : "/tmp");

	if (mkdtemp(t) == NULL)
		vg_fatal("mkdtemp %s failed", t);
	return t;
}

void
tu_rm_rf(const char *path)
{
	vg_remove_tree(path);
}

struct vg_site *
tu_site(const char *policy)
{
	char *dir = tu_tmpdir(), *site = xasprintf("%s/site", dir), *cfg;
	struct vg_site *s = NULL;
	struct vg_err err;

	if (getenv("VIGIL_POLICY_DIR") == NULL)
		setenv("VIGIL_POLICY_DIR", "etc/policies", 1);
	if (site_init(site, policy, "Unit Test School", "test", &err) != 0)
		vg_fatal("site_init: %s", err.msg);
	cfg = xasprintf("%s/vigil.cfg", site);
	if (site_open(cfg, 0, &s, &err) != 0)
		vg_fatal("site_open: %s", err.msg);
	free(cfg);
	free(site);
	free(dir);
	return s;
}

void
tu_site_close(struct vg_site *s)
{
	char *dir = vg_dirname(s->cfg.dir);

	site_close(s);
	tu_rm_rf(dir);
	free(dir);
}

void
tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		vg_fatal("cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

int
tu_sql_raw(const char *dbpath, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;
	int r;

	if (sqlite3_open(dbpath, &h) != SQLITE_OK)
		return -1;
	r = sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK ? 0 : -1;
	if (r != 0)
		fprintf(stderr, "tu_sql_raw: %s\n", msg);
	sqlite3_free(msg);
	sqlite3_close(h);
	return r;
}

void
tu_assert_contains(const char *hay, const char *needle, const char *f, int l)
{
	if (hay == NULL || strstr(hay, needle) == NULL) {
		fprintf(stderr, "%s:%d: expected to find \"%s\" in \"%s\"\n", f, l, needle,
		    hay ? hay : "(null)");
		_fail(f, l);
	}
}

void
tu_add_user(struct vg_site *s, const char *login, const char *roles, const char *unit)
{
	struct vg_actor *a = actor_system("test");
	struct user_spec sp;
	const char *rv[16];
	char *copy = xstrdup(roles), *save = NULL, *r;
	struct vg_err err;

	memset(&sp, 0, sizeof sp);
	sp.nroles = 0;
	for (r = strtok_r(copy, ",", &save); r && sp.nroles < 16; r = strtok_r(NULL, ",", &save))
		rv[sp.nroles++] = r;
	sp.login = login;
	sp.name = login;
	sp.roles = rv;
	sp.unit = unit;
	sp.password = "correct horse battery";
	if (users_add(s, a, &sp, &err) != 0)
		vg_fatal("tu_add_user %s: %s", login, err.msg);
	free(copy);
	actor_free(a);
}

void
tu_agency(struct vg_site *s, const char *login, const char *agency)
{
	struct vg_actor *a = actor_system("test");
	struct vg_err err;

	if (users_set_agency(s, a, login, agency, &err) != 0)
		vg_fatal("tu_agency %s: %s", login, err.msg);
	actor_free(a);
}

struct vg_site *
tu_site_cameras(const char *policy, const char *cameras, int64_t now_us)
{
	struct vg_site *s;
	struct vg_err err;
	int changed;

	clock_set_fixed(now_us);
	s = tu_site(policy);
	tu_write(s->cfg.cameras_path, cameras);
	if (site_sync_cameras(s, "test", "test", &changed, &err) != 0)
		vg_fatal("tu_site_cameras: %s", err.msg);
	return s;
}

struct vg_actor *
tu_person(struct vg_site *s, const char *login, const char *roles, const char *unit)
{
	struct vg_actor *sys = actor_system("test"), *a;
	struct vg_err err;

	tu_add_user(s, login, roles, unit);
	if (authz_add(s, sys, login, clock_now() - INT64_C(86400000000), 0, "all", &err) != 0)
		vg_fatal("tu_person %s: %s", login, err.msg);
	actor_free(sys);
	if ((a = actor_load(s, login, "test", &err)) == NULL)
		vg_fatal("tu_person %s: %s", login, err.msg);
	return a;
}

/*
 * Appends a row as someone who can write the database but cannot read the
 * signing key: a correct link and hash, and a signature that is empty or made
 * with another key.
 */
void
tu_audit_link(const char *prev, const struct vg_buf *canon, char out[65])
{
	crypto_hash_sha256_state hs;
	uint8_t p[32], h[32];

	vg_unhex(prev, p, 32);
	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, p, 32);
	crypto_hash_sha256_update(&hs, (const uint8_t *)canon->s, canon->len);
	crypto_hash_sha256_final(&hs, h);
	vg_hex(h, 32, out);
}

int64_t
tu_audit_forge(struct vg_site *s, const char *action, const char *object, const char *detail,
    int other_key)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	uint8_t pk[32], sk[64], sig[64];
	char prev[65], hex[65], sighex[129] = "", *sql, *text;
	int64_t id, ts = clock_now();
	struct vg_buf c;

	assert_int_equal(db_step(st), DB_ROW);
	id = db_col_int(st, 0) + 1;
	snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
	db_finalize(st);
	buf_init(&c);
	audit_canonical(&c, id, ts, "entry", "mallory", action, object, detail, "sql");
	tu_audit_link(prev, &c, hex);
	buf_free(&c);
	if (other_key) {
		crypto_sign_keypair(pk, sk);
		text = xasprintf("vigil-audit-entry-v1\n%lld\n%s", (long long)id, hex);
		crypto_sign_detached(sig, NULL, (uint8_t *)text, strlen(text), sk);
		vg_hex(sig, 64, sighex);
		free(text);
	}
	sql = xasprintf("INSERT INTO audit (id, ts_us, kind, actor, action, object, detail, source, "
	    "prev_hash, hash, sig) VALUES (%lld, %lld, 'entry', 'mallory', '%s', '%s', '%s', 'sql', "
	    "'%s', '%s', '%s');", (long long)id, (long long)ts, action, object, detail,
	    prev, hex, sighex);
	assert_int_equal(tu_sql_raw(s->cfg.db_path, sql), 0);
	free(sql);
	return id;
}
