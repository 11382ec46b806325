/* site.c — opening a site, its transactions, `init`, and the camera mirror. */
#include "core/site.h"

#include <dirent.h>
#include <errno.h>
#include <libssh/libssh.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/policy.h"
#include "core/timefmt.h"
#include "core/util.h"

int
site_load_public_key(struct vg_site *s, struct vg_err *err)
{
	char *pkp = vg_path_join(s->cfg.keys_dir, "signing.pub"), *pk;
	int r = -1;

	if (s->have_pk) {
		free(pkp);
		return 0;
	}
	if ((pk = vg_read_file(pkp, NULL, 1024, err)) != NULL) {
		if (vg_unhex(vg_trim(pk), s->sign_pk, sizeof s->sign_pk) != 0)
			vg_seterr(err, VG_FAILED, _("%s is not a site public key"), pkp);
		else
			r = 0;
	}
	s->have_pk = r == 0;
	free(pk);
	free(pkp);
	return r;
}

int
site_load_signing_key(struct vg_site *s, struct vg_err *err)
{
	char *skp = vg_path_join(s->cfg.keys_dir, "signing.key");
	char *pkp = vg_path_join(s->cfg.keys_dir, "signing.pub");
	char *sk = NULL, *pk = NULL;
	uint8_t derived[32];
	int r = -1;

	if ((pk = vg_read_file(pkp, NULL, 1024, err)) == NULL)
		goto out;
	if (vg_unhex(vg_trim(pk), s->sign_pk, sizeof s->sign_pk) != 0) {
		vg_seterr(err, VG_FAILED, _("%s is not a site public key"), pkp);
		goto out;
	}
	if ((sk = vg_read_file(skp, NULL, 1024, err)) == NULL)
		goto out;
	if (vg_unhex(vg_trim(sk), s->sign_sk, sizeof s->sign_sk) != 0) {
		vg_seterr(err, VG_FAILED, _("%s is not a site signing key"), skp);
		goto out;
	}
	crypto_sign_ed25519_sk_to_pk(derived, s->sign_sk);
	if (memcmp(derived, s->sign_pk, sizeof derived) != 0) {
		vg_seterr(err, VG_FAILED, _("%s does not belong to %s"), skp, pkp);
		goto out;
	}
	s->have_sk = s->have_pk = 1;
	r = 0;
out:
	if (sk != NULL)
		sodium_memzero(sk, strlen(sk));
	free(sk);
	free(pk);
	free(skp);
	free(pkp);
	return r;
}

int
site_open(const char *path, int flags, struct vg_site **out, struct vg_err *err)
{
	struct vg_site *s = xcalloc(1, sizeof *s);

	(void)flags;
	*out = NULL;
	if (sodium_init() < 0) {
		free(s);
		return vg_seterr(err, VG_FAILED, "%s", _("libsodium cannot initialise"));
	}
	if (config_load(path, &s->cfg, err) != 0) {
		free(s);
		return -1;
	}
	if (time_set_zone(s->cfg.timezone, err) != 0 ||
	    (s->pol = policy_load(s->cfg.policy_path, err)) == NULL ||
	    (s->db = db_open(s->cfg.db_path, 0, err)) == NULL) {
		site_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
site_close(struct vg_site *s)
{
	if (s == NULL)
		return;
	db_close(s->db);
	policy_free(s->pol);
	config_free(&s->cfg);
	sodium_memzero(s->sign_sk, sizeof s->sign_sk);
	free(s);
}

int
site_begin(struct vg_site *s, struct vg_err *err)
{
	s->tx_audit_id = 0;
	return db_begin(s->db, err);
}

int
site_commit(struct vg_site *s, struct vg_err *err)
{
	struct vg_err aerr;

	if (db_commit(s->db, err) != 0) {
		s->tx_audit_id = 0;
		return -1;
	}
	if (s->tx_audit_id != 0 &&
	    audit_publish_head(s, s->tx_audit_id, s->tx_audit_hash, &aerr) != 0)
		fprintf(stderr, "vigil: warning: %s\n", aerr.msg);
	s->tx_audit_id = 0;
	return 0;
}

void
site_rollback(struct vg_site *s)
{
	db_rollback(s->db);
	s->tx_audit_id = 0;
}

/*---- Policy directory ----*/

static int
has_default(const char *dir)
{
	char *p = vg_path_join(dir, "default.cfg");
	int ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

char *
site_policy_dir(void)
{
	const char *env = getenv("VIGIL_POLICY_DIR");
	char *dir, *cand;

	if (env && *env)
		return xstrdup(env);
	if ((dir = vg_exe_dir()) != NULL) {
		cand = xasprintf("%s/../etc/policies", dir);
		if (has_default(cand)) {
			free(dir);
			return cand;
		}
		free(cand);
		cand = xasprintf("%s/../share/vigil/policies", dir);
		free(dir);
		if (has_default(cand))
			return cand;
		free(cand);
	}
	return xstrdup("/usr/share/vigil/policies");
}

/*---- Cameras against the policy ----*/

int
site_camera_retention(struct vg_site *s, const struct vg_camera *c)
{
	int days, min;
	const char *art;

	if (c->retention_days > 0)
		return c->retention_days;
	policy_retention(s->pol, c->privacy, c->zone, &days, &min, &art);
	return days;
}

int
site_check_camera(struct vg_site *s, const struct vg_camera *c, const char *file,
    struct vg_err *err)
{
	const char *art;
	char at[320];
	int days, min, max;

	if (c->line > 0)
		snprintf(at, sizeof at, "%s:%d: camera \"%s\"", file, c->line, c->id);
	else
		snprintf(at, sizeof at, "%s: camera \"%s\"", file, c->id);
	/* The policy's bounds are rules: a camera outside them is refused with the
	 * article (a file that holds one is a configuration error: see the sync). */
	policy_retention(s->pol, c->privacy, c->zone, &days, &min, &art);
	if (c->retention_days > 0 && c->retention_days < min)
		return vg_seterr(err, VG_REFUSED,
		    _("%s: retention_days %d is below the policy minimum %d%s%s"), at,
		    c->retention_days, min, art[0] ? _(" required by ") : "", art);
	max = policy_retention_max(s->pol, c->privacy, c->zone, &art);
	if (max && site_camera_retention(s, c) > max)
		return vg_seterr(err, VG_REFUSED,
		    _("%s: retention_days %d is above the policy maximum %d%s%s: footage is deleted "
		    "after it unless held"), at, site_camera_retention(s, c), max,
		    art[0] ? _(" set by ") : "", art);
	if (c->unit[0] && s->pol->nunits > 0 && policy_unit(s->pol, c->unit) == NULL)
		return vg_seterr(err, VG_CONFIG, _("%s: unit \"%s\" is not a unit of the policy profile"),
		    at, c->unit);
	if (c->zone[0] && !policy_zone_known(s->pol, c->zone)) {
		struct vg_buf b;

		buf_init(&b);
		for (size_t i = 0; i < s->pol->nzones; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", s->pol->zones[i]);
		vg_seterr(err, VG_CONFIG, _("%s: zone \"%s\" is not one of the profile's zones (%s)"),
		    at, c->zone, b.s ? b.s : _("none defined"));
		buf_free(&b);
		return -1;
	}
	return 0;
}

int
site_check_profile(struct vg_site *s, struct vg_policy *pol, struct vg_err *err)
{
	struct vg_policy *was = s->pol;
	struct vg_cameras cs;
	int r = 0;

	if (cameras_load(s->cfg.cameras_path, &cs, err) != 0)
		return -1;
	/* The checks read the site's profile: let them read the new one meanwhile. */
	s->pol = pol;
	for (size_t i = 0; i < cs.n && r == 0; i++)
		r = site_check_camera(s, &cs.v[i], s->cfg.cameras_path, err);
	s->pol = was;
	cameras_free(&cs);
	return r;
}

static int
sync_units(struct vg_site *s, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "INSERT INTO units (id, name, level, parent, campus) VALUES (?,?,?,?,?) "
	    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, level = excluded.level, "
	    "parent = excluded.parent, campus = excluded.campus");
	int r = 0;

	for (size_t i = 0; i < s->pol->nunits && r == 0; i++) {
		const struct pol_unit *u = &s->pol->units[i];

		db_reset(st);
		db_bind_text(st, 1, u->id);
		db_bind_text(st, 2, u->name);
		db_bind_int(st, 3, u->level);
		db_bind_text(st, 4, u->parent[0] ? u->parent : NULL);
		db_bind_text(st, 5, u->campus);
		r = db_run(st, s->db, err);
	}
	db_finalize(st);
	return r;
}

/* Describes how a stored camera row differs from the config; "" if not at all. */
static void
camera_diff(struct vg_stmt *st, const struct vg_camera *c, int retention, struct vg_buf *b)
{
	const char *names[] = { "name", "location", "unit", "url", "privacy", "zone", "mode",
	    "transport" };
	const char *vals[] = { c->name, c->location, c->unit, c->url, c->privacy, c->zone,
	    c->mode, c->transport };

	for (int i = 0; i < 8; i++)
		if (strcmp(db_col_text(st, i), vals[i]) != 0)
			buf_printf(b, "%s%s", b->len ? "," : "", names[i]);
	if (db_col_int(st, 8) != retention)
		buf_printf(b, "%sretention_days %lld->%d", b->len ? "," : "",
		    (long long)db_col_int(st, 8), retention);
	if (db_col_int(st, 9) != c->priority)
		buf_printf(b, "%spriority", b->len ? "," : "");
	if (db_col_int(st, 10) != c->enabled)
		buf_printf(b, "%senabled=%d", b->len ? "," : "", c->enabled);
	if (!db_col_isnull(st, 11))
		buf_printf(b, "%srestored", b->len ? "," : "");
}

static int
upsert_camera(struct vg_site *s, const struct vg_camera *c, int retention, int64_t now,
    struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db,
	    "INSERT INTO cameras (id, name, location, unit, url, privacy, zone, retention_days, "
	    "mode, transport, priority, enabled, removed_us, updated_us) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?) ON CONFLICT(id) DO UPDATE SET "
	    "name = excluded.name, location = excluded.location, unit = excluded.unit, "
	    "url = excluded.url, privacy = excluded.privacy, zone = excluded.zone, "
	    "retention_days = excluded.retention_days, mode = excluded.mode, "
	    "transport = excluded.transport, priority = excluded.priority, "
	    "enabled = excluded.enabled, removed_us = NULL, updated_us = excluded.updated_us");
	int r;

	db_bind_text(st, 1, c->id);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->location);
	db_bind_text(st, 4, c->unit);
	db_bind_text(st, 5, c->url);
	db_bind_text(st, 6, c->privacy);
	db_bind_text(st, 7, c->zone);
	db_bind_int(st, 8, retention);
	db_bind_text(st, 9, c->mode);
	db_bind_text(st, 10, c->transport);
	db_bind_int(st, 11, c->priority);
	db_bind_int(st, 12, c->enabled);
	db_bind_int(st, 13, now);
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

static int
sync_one(struct vg_site *s, const struct vg_camera *c, const char *actor, const char *source,
    int *changed, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name, location, unit, url, privacy, zone, "
	    "mode, transport, retention_days, priority, enabled, removed_us FROM cameras WHERE id = ?");
	int retention = site_camera_retention(s, c), exists, r = 0;
	struct vg_buf diff;

	buf_init(&diff);
	db_bind_text(st, 1, c->id);
	exists = db_step(st) == DB_ROW;
	if (exists)
		camera_diff(st, c, retention, &diff);
	db_finalize(st);
	if (!exists || diff.len > 0) {
		r = upsert_camera(s, c, retention, clock_now(), err);
		if (r == 0 && !exists)
			r = audit_appendf(s, actor, "camera.add", c->id, source, err,
			    "name=%s; privacy=%s; retention_days=%d; mode=%s", c->name, c->privacy,
			    retention, c->mode);
		else if (r == 0)
			r = audit_appendf(s, actor, "camera.change", c->id, source, err,
			    "changed=%s", diff.s);
		(*changed)++;
	}
	buf_free(&diff);
	return r;
}

int
site_sync_cameras(struct vg_site *s, const char *actor, const char *source, int *changed,
    struct vg_err *err)
{
	struct vg_cameras cs;
	struct vg_stmt *st;
	int r = -1;

	*changed = 0;
	if (cameras_load(s->cfg.cameras_path, &cs, err) != 0)
		return -1;
	for (size_t i = 0; i < cs.n; i++)
		if (site_check_camera(s, &cs.v[i], s->cfg.cameras_path, err) != 0) {
			err->code = VG_CONFIG;	/* the file is at fault */
			goto out;
		}
	if (site_begin(s, err) != 0)
		goto out;
	if (sync_units(s, err) != 0)
		goto fail;
	for (size_t i = 0; i < cs.n; i++)
		if (sync_one(s, &cs.v[i], actor, source, changed, err) != 0)
			goto fail;
	/* Cameras gone from the file are marked removed, never deleted: footage refers to them. */
	st = db_prepare(s->db, "SELECT id FROM cameras WHERE removed_us IS NULL");
	while (db_step(st) == DB_ROW) {
		const char *id = db_col_text(st, 0);
		struct vg_stmt *up;

		if (cameras_find(&cs, id) != NULL)
			continue;
		up = db_prepare(s->db, "UPDATE cameras SET removed_us = ?, updated_us = ? WHERE id = ?");
		db_bind_int(up, 1, clock_now());
		db_bind_int(up, 2, clock_now());
		db_bind_text(up, 3, id);
		r = db_run(up, s->db, err);
		db_finalize(up);
		if (r != 0 || audit_append(s, actor, "camera.remove", id, "removed from cameras.cfg",
		    source, err) != 0) {
			db_finalize(st);
			goto fail;
		}
		(*changed)++;
	}
	db_finalize(st);
	r = site_commit(s, err);
	goto out;
fail:
	r = -1;
	site_rollback(s);
out:
	cameras_free(&cs);
	return r;
}

/*---- init ----*/

int
site_write_keys(const char *keys_dir, uint8_t pk[32], struct vg_err *err)
{
	uint8_t sk[64];
	char skhex[130], pkhex[66];
	char *skp = vg_path_join(keys_dir, "signing.key");
	char *pkp = vg_path_join(keys_dir, "signing.pub");
	char *hkp = vg_path_join(keys_dir, "ssh_host_ed25519_key");
	char *hkpub = vg_path_join(keys_dir, "ssh_host_ed25519_key.pub");
	ssh_key hk = NULL;
	char *b64 = NULL;
	int r = -1;

	crypto_sign_keypair(pk, sk);
	vg_hex(sk, sizeof sk, skhex);
	vg_hex(pk, 32, pkhex);
	strcat(skhex, "\n");
	strcat(pkhex, "\n");
	if (vg_write_file_atomic(skp, skhex, strlen(skhex), 0600, err) != 0 ||
	    vg_write_file_atomic(pkp, pkhex, strlen(pkhex), 0644, err) != 0)
		goto out;
	if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &hk) != SSH_OK ||
	    ssh_pki_export_privkey_file(hk, NULL, NULL, NULL, hkp) != SSH_OK ||
	    chmod(hkp, 0600) != 0 ||
	    ssh_pki_export_pubkey_base64(hk, &b64) != SSH_OK) {
		vg_seterr(err, VG_FAILED, _("cannot create the SSH host key %s"), hkp);
		goto out;
	}
	{
		char *line = xasprintf("ssh-ed25519 %s vigil-host\n", b64);

		r = vg_write_file_atomic(hkpub, line, strlen(line), 0644, err);
		free(line);
	}
out:
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(skhex, sizeof skhex);
	ssh_key_free(hk);
	ssh_string_free_char(b64);
	free(skp);
	free(pkp);
	free(hkp);
	free(hkpub);
	return r;
}

int
site_init_db(const char *cfgpath, const char *policy_name, const uint8_t pk[32], const char *actor,
    struct vg_err *err)
{
	struct vg_site *s;
	struct vg_db *db;
	struct vg_stmt *st;
	char pkhex[65], now[32];
	int r = -1;
	struct vg_config cfg;

	if (config_load(cfgpath, &cfg, err) != 0)
		return -1;
	db = db_open(cfg.db_path, DB_OPEN_CREATE, err);
	config_free(&cfg);
	if (db == NULL)
		return -1;
	db_close(db);
	if (site_open(cfgpath, 0, &s, err) != 0)
		return -1;
	vg_hex(pk, 32, pkhex);
	snprintf(now, sizeof now, "%lld", (long long)clock_now());
	if (site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO meta (key, value) VALUES ('site_name', ?), "
	    "('signing_pk', ?), ('created_us', ?), ('policy', ?)");
	db_bind_text(st, 1, s->cfg.site_name);
	db_bind_text(st, 2, pkhex);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, policy_name);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0)
		r = sync_units(s, err);
	if (r == 0)
		r = audit_appendf(s, actor, "site.init", s->cfg.site_name, "cli", err,
		    "policy=%s; signing_pk=%s", policy_name, pkhex);
	if (r == 0)
		r = site_commit(s, err);
	else
		site_rollback(s);
out:
	site_close(s);
	return r;
}

char *
site_init_profile(const char *policy_name, const char *site_name, struct vg_err *err)
{
	char *poldir = site_policy_dir(), *src = NULL;
	struct vg_policy *pol;

	if (sodium_init() < 0)
		vg_seterr(err, VG_FAILED, "%s", _("libsodium cannot initialise"));
	else if (strchr(policy_name, '/') != NULL || policy_name[0] == '\0' ||
	    policy_name[0] == '.')
		vg_seterr(err, VG_USAGE, _("\"%s\" is not a policy name"), policy_name);
	else if (site_name[0] == '\0' || !vg_valid_utf8(site_name) || vg_has_control(site_name))
		vg_seterr(err, VG_USAGE, "%s", _("the site name must be non-empty plain text"));
	else {
		src = xasprintf("%s/%s.cfg", poldir, policy_name);
		if (access(src, R_OK) != 0) {
			vg_seterr(err, VG_USAGE, _("no policy profile \"%s\" in %s"), policy_name,
			    poldir);
			free(src);
			src = NULL;
		} else if ((pol = policy_load(src, err)) == NULL) {
			free(src);
			src = NULL;
		} else
			policy_free(pol);
	}
	free(poldir);
	return src;
}

int
site_write_profile(const char *dir, const char *policy_src, struct vg_err *err)
{
	static const char empty[] = "# cameras.cfg — the cameras this site records; "
	    "see vigil-cameras.cfg(5).\n"
	    "cameras = ( );\n";
	char *text, *p;
	size_t len;
	int r;

	if ((text = vg_read_file(policy_src, &len, 1 << 20, err)) == NULL)
		return -1;
	p = vg_path_join(dir, "policy.cfg");
	r = vg_write_file_atomic(p, text, len, 0640, err);
	free(p);
	free(text);
	if (r != 0)
		return -1;
	p = vg_path_join(dir, "cameras.cfg");
	r = vg_write_file_atomic(p, empty, strlen(empty), 0640, err);
	free(p);
	return r;
}

int
site_init(const char *dir, const char *policy_name, const char *site_name, const char *actor,
    struct vg_err *err)
{
	static const char *const subdirs[] = { "data", "storage", "exports", "run" };
	char *src = NULL, *cfgpath = NULL, *p;
	uint8_t pk[32];
	int created = 0, r = -1;
	struct stat sb;

	if ((src = site_init_profile(policy_name, site_name, err)) == NULL)
		goto out;
	if (stat(dir, &sb) == 0) {
		p = vg_path_join(dir, "vigil.cfg");
		if (access(p, F_OK) == 0) {
			free(p);
			vg_seterr(err, VG_CONFLICT,
			    _("%s already holds a vigil site; refusing to overwrite it"), dir);
			goto out;
		}
		free(p);
		if (!S_ISDIR(sb.st_mode) || !vg_dir_is_empty(dir)) {
			vg_seterr(err, VG_CONFLICT,
			    _("%s exists and is not an empty directory; refusing to write into it"), dir);
			goto out;
		}
	} else {
		if (vg_mkdirs(dir, 0750, err) != 0)
			goto out;
		created = 1;
	}
	for (size_t i = 0; i < VG_ARRLEN(subdirs); i++) {
		p = vg_path_join(dir, subdirs[i]);
		r = vg_mkdirs(p, 0750, err);
		free(p);
		if (r != 0)
			goto undo;
	}
	p = vg_path_join(dir, "keys");
	r = vg_mkdirs(p, 0700, err);
	if (r == 0)
		r = site_write_keys(p, pk, err);
	free(p);
	if (r != 0)
		goto undo;
	if ((r = site_write_profile(dir, src, err)) != 0)
		goto undo;
	cfgpath = vg_path_join(dir, "vigil.cfg");
	r = config_write_new(cfgpath, site_name, "policy.cfg", err);
	if (r == 0)
		r = site_init_db(cfgpath, policy_name, pk, actor, err);
	if (r == 0)
		goto out;
undo:
	r = -1;
	if (created)
		vg_remove_tree(dir);
	else
		vg_empty_tree(dir);
out:
	free(cfgpath);
	free(src);
	return r;
}

int
site_camera_load(struct vg_site *s, const char *id, struct site_camera *c, struct vg_err *err)
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
site_camera_free(struct site_camera *c)
{
	free(c->id);
	free(c->privacy);
	free(c->zone);
	free(c->unit);
	memset(c, 0, sizeof *c);
}

int
site_end_tx(struct vg_site *s, int r, struct vg_err *err)
{
	if (r == 0)
		return site_commit(s, err);
	site_rollback(s);
	return -1;
}
