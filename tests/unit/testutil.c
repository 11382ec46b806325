/* testutil.c — temporary sites and files for the unit tests. */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
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
