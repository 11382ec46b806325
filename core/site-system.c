/* site-system.c — `vigil admin init --system`: a site laid out where a system service keeps one. */
#include "core/site.h"

#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/util.h"

/* The three trees a package owns (FHS): configuration and keys, state, logs. */
enum { T_ETC, T_LIB, T_LOG, T_RUN, T_N };

struct layout {
	char	*top[T_N];		/* ROOT/etc/vigil, /var/lib/vigil, /var/log/vigil, /run/vigil */
	int	 made[T_N];		/* created by us: removed again on failure */
	uid_t	 uid;
	gid_t	 gid;
	int	 give;			/* chown what we make to uid:gid */
};

static void
layout_init(struct layout *L, const char *root)
{
	static const char *const rel[T_N] = { "/etc/vigil", "/var/lib/vigil", "/var/log/vigil",
	    "/run/vigil" };
	size_t n = strlen(root);

	while (n > 0 && root[n - 1] == '/')
		n--;
	memset(L, 0, sizeof *L);
	for (int i = 0; i < T_N; i++)
		L->top[i] = xasprintf("%.*s%s", (int)n, root, rel[i]);
}

static void
layout_free(struct layout *L)
{
	for (int i = 0; i < T_N; i++)
		free(L->top[i]);
}

/* The owner: a system user the package made (or, for a test, the caller). */
static int
find_owner(struct layout *L, const char *user, struct vg_err *err)
{
	struct passwd *pw = getpwnam(user);

	if (pw == NULL)
		return vg_seterr(err, VG_NOTFOUND, _("no user \"%s\": the package makes it, or "
		    "make it with: adduser --system --group %s"), user, user);
	L->uid = pw->pw_uid;
	L->gid = pw->pw_gid;
	L->give = geteuid() == 0;
	if (!L->give && pw->pw_uid != geteuid())
		return vg_seterr(err, VG_REFUSED, _("only root can make a site owned by \"%s\"; "
		    "run it as root"), user);
	return 0;
}

/* Each tree is new or an empty directory (the package's postinst makes them
 * empty); /run/vigil may hold what a service left there. */
static int
check_free(struct layout *L, struct vg_err *err)
{
	char *cfg = vg_path_join(L->top[T_ETC], "vigil.cfg");
	int have = access(cfg, F_OK) == 0;
	struct stat sb;

	free(cfg);
	if (have)
		return vg_seterr(err, VG_CONFLICT,
		    _("%s already holds a vigil site; refusing to overwrite it"), L->top[T_ETC]);
	for (int i = 0; i < T_RUN; i++)
		if (stat(L->top[i], &sb) == 0 && !vg_dir_is_empty(L->top[i]))
			return vg_seterr(err, VG_CONFLICT, _("%s exists and is not an empty "
			    "directory; refusing to write into it"), L->top[i]);
	return 0;
}

static int
make_dir(struct layout *L, int t, const char *sub, int mode, struct vg_err *err)
{
	char *p = sub ? vg_path_join(L->top[t], sub) : xstrdup(L->top[t]);
	struct stat sb;
	int r;

	if (sub == NULL && stat(p, &sb) != 0) {
		char *parent = vg_dirname(p);

		/* Under --root the parents are made as a system has them. */
		L->made[t] = 1;
		r = vg_mkdirs(parent, 0755, err);
		free(parent);
		if (r != 0) {
			free(p);
			return -1;
		}
	}
	r = vg_mkdirs(p, mode, err);
	if (r == 0 && chmod(p, (mode_t)mode) != 0)
		r = vg_seterr(err, VG_FAILED, _("cannot set the mode of %s: %s"), p, strerror(errno));
	free(p);
	return r;
}

/* DESIGN §8: keys 0700/0600, everything else 0750; footage, the database and
 * the witness get their modes from the code that writes them. */
static int
make_dirs(struct layout *L, struct vg_err *err)
{
	static const struct { int t; const char *sub; int mode; } dirs[] = {
		{ T_ETC, NULL, 0750 }, { T_ETC, "keys", 0700 }, { T_LIB, NULL, 0750 },
		{ T_LIB, "data", 0750 }, { T_LIB, "storage", 0750 }, { T_LIB, "exports", 0750 },
		{ T_LOG, NULL, 0750 }, { T_RUN, NULL, 0750 },
	};

	for (size_t i = 0; i < VG_ARRLEN(dirs); i++)
		if (make_dir(L, dirs[i].t, dirs[i].sub, dirs[i].mode, err) != 0)
			return -1;
	return 0;
}

static uid_t give_uid;
static gid_t give_gid;

static int
give_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return lchown(path, give_uid, give_gid) == 0 ? 0 : -1;
}

/* Everything made belongs to the service's user, so that the services (and
 * `vigil admin` run as that user) can use it. */
static int
give_away(struct layout *L, struct vg_err *err)
{
	if (!L->give)
		return 0;
	give_uid = L->uid;
	give_gid = L->gid;
	for (int i = 0; i < T_N; i++)
		if (nftw(L->top[i], give_one, 16, FTW_PHYS) != 0)
			return vg_seterr(err, VG_FAILED, _("cannot give %s to its owner: %s"),
			    L->top[i], strerror(errno));
	return 0;
}

/* After a failure: trees we made go, trees that were empty are emptied. */
static void
undo(struct layout *L)
{
	for (int i = 0; i < T_RUN; i++) {
		if (L->made[i])
			vg_remove_tree(L->top[i]);
		else
			vg_empty_tree(L->top[i]);
	}
}

static int
write_config(struct layout *L, const char *cfgpath, const char *site_name, struct vg_err *err)
{
	char *data = vg_path_join(L->top[T_LIB], "data");
	char *storage = vg_path_join(L->top[T_LIB], "storage");
	char *exports = vg_path_join(L->top[T_LIB], "exports");
	char *keys = vg_path_join(L->top[T_ETC], "keys");
	char *witness = vg_path_join(L->top[T_LOG], "audit-heads");
	/* A service for the campus, not for this machine alone: every address. */
	const char *const kv[] = { "site.name", site_name, "ssh.listen", "0.0.0.0:2222",
	    "paths.data", data,
	    "paths.storage", storage, "paths.exports", exports, "paths.run", L->top[T_RUN],
	    "paths.keys", keys, "audit.witness_file", witness };
	int r = config_write_with(cfgpath, kv, VG_ARRLEN(kv) / 2, err);

	free(data);
	free(storage);
	free(exports);
	free(keys);
	free(witness);
	return r;
}

int
site_init_system(const struct site_system *o, char **cfgpath, struct vg_err *err)
{
	struct layout L;
	char *src, *keys = NULL;
	uint8_t pk[32];
	int r = -1;

	*cfgpath = NULL;
	layout_init(&L, o->root ? o->root : "");
	if ((src = site_init_profile(o->policy, o->site_name, err)) == NULL ||
	    find_owner(&L, o->user, err) != 0 || check_free(&L, err) != 0)
		goto out;
	*cfgpath = vg_path_join(L.top[T_ETC], "vigil.cfg");
	keys = vg_path_join(L.top[T_ETC], "keys");
	if (make_dirs(&L, err) == 0 && site_write_profile(L.top[T_ETC], src, err) == 0 &&
	    site_write_keys(keys, pk, err) == 0 &&
	    write_config(&L, *cfgpath, o->site_name, err) == 0 &&
	    site_init_db(*cfgpath, o->policy, pk, o->actor, err) == 0 &&
	    give_away(&L, err) == 0)
		r = 0;
	else {
		undo(&L);
		free(*cfgpath);
		*cfgpath = NULL;
	}
out:
	free(keys);
	free(src);
	layout_free(&L);
	return r;
}

int
site_owner(const char *cfgpath, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	struct stat sb;

	if (stat(cfgpath, &sb) != 0 || sb.st_uid == 0)
		return 1;
	pw = getpwuid(sb.st_uid);
	*uid = sb.st_uid;
	*gid = pw ? pw->pw_gid : sb.st_gid;
	return 0;
}

int
site_become_owner(const char *cfgpath, struct vg_err *err)
{
	struct passwd *pw;
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0 || site_owner(cfgpath, &uid, &gid) != 0)
		return 0;	/* not root, no site (site_open says so), or root's own */
	pw = getpwuid(uid);
	if ((pw ? initgroups(pw->pw_name, gid) : setgroups(0, NULL)) != 0 || setgid(gid) != 0 ||
	    setuid(uid) != 0)
		return vg_seterr(err, VG_FAILED, _("cannot become %s, the owner of %s: %s"),
		    pw ? pw->pw_name : "?", cfgpath, strerror(errno));
	return 0;
}
