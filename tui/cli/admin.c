/* admin.c — `vigil admin`: dispatch and the site, user, camera and audit commands. */
#include "tui/cli/admin.h"

#include "core/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/json.h"
#include "core/keys.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/status.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_init(struct cli_ctx *, struct args *);
static int cmd_user_add(struct cli_ctx *, struct args *);
static int cmd_user_list(struct cli_ctx *, struct args *);
static int cmd_user_passwd(struct cli_ctx *, struct args *);
static int cmd_user_key_add(struct cli_ctx *, struct args *);
static int cmd_user_disable(struct cli_ctx *, struct args *);
static int cmd_user_locale(struct cli_ctx *, struct args *);
static int cmd_user_agency(struct cli_ctx *, struct args *);
static int cmd_authorize(struct cli_ctx *, struct args *);
static int cmd_authorizations(struct cli_ctx *, struct args *);
static int cmd_camera_add(struct cli_ctx *, struct args *);
static int cmd_camera_list(struct cli_ctx *, struct args *);
static int cmd_config_set(struct cli_ctx *, struct args *);
static int cmd_config_get(struct cli_ctx *, struct args *);
static int cmd_config_list(struct cli_ctx *, struct args *);
static int cmd_policy_check(struct cli_ctx *, struct args *);

static const struct arg_spec no_opts[] = { { NULL, 0, 0 } };
static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec init_opts[] = {
	{ "dir", 1, 0 }, { "policy", 1, 0 }, { "site", 1, 0 }, { "system", 0, 0 }, { "root", 1, 0 },
	{ "user", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec user_add_opts[] = {
	{ "name", 1, 0 }, { "role", 1, 1 }, { "unit", 1, 0 }, { "agency", 1, 0 }, { "key", 1, 0 },
	{ "password-stdin", 0, 0 }, { "locale", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec pw_opts[] = { { "password-stdin", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec authz_opts[] = {
	{ "trained-on", 1, 0 }, { "until", 1, 0 }, { "scope", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec cam_opts[] = {
	{ "url", 1, 0 }, { "name", 1, 0 }, { "location", 1, 0 }, { "privacy", 1, 0 },
	{ "retention-days", 1, 0 }, { "mode", 1, 0 }, { "unit", 1, 0 }, { "zone", 1, 0 },
	{ "transport", 1, 0 }, { "priority", 1, 0 }, { NULL, 0, 0 } };

static const struct cli_cmd admin_cmds[] = {
	{ .name = "init", .run = cmd_init, .spec = init_opts,
	  .usage = "init --dir DIR | --system [--root DIR] [--user NAME] [--policy NAME] [--site NAME]",
	  .summary = N_("create a new site") },
	{ .name = "user add", .run = cmd_user_add, .spec = user_add_opts, .needs_site = 1,
	  .usage = "user add LOGIN --name TEXT --role ROLE [--role ROLE...] [--unit UNIT | "
	    "--agency AGENCY] [--key FILE] [--password-stdin] [--locale en|zh_CN]",
	  .summary = N_("add a user") },
	{ .name = "user list", .run = cmd_user_list, .spec = json_opts, .needs_site = 1,
	  .usage = "user list [--json]",
	  .summary = N_("list users") },
	{ .name = "user passwd", .run = cmd_user_passwd, .spec = pw_opts, .needs_site = 1,
	  .usage = "user passwd LOGIN --password-stdin",
	  .summary = N_("set a user's password") },
	{ .name = "user key add", .run = cmd_user_key_add, .spec = no_opts, .needs_site = 1,
	  .usage = "user key add LOGIN FILE",
	  .summary = N_("register an SSH public key") },
	{ .name = "user disable", .run = cmd_user_disable, .spec = no_opts, .needs_site = 1,
	  .usage = "user disable LOGIN",
	  .summary = N_("disable a user") },
	{ .name = "user locale", .run = cmd_user_locale, .spec = no_opts, .needs_site = 1,
	  .usage = "user locale LOGIN en|zh_CN",
	  .summary = N_("set a user's console language") },
	{ .name = "user agency", .run = cmd_user_agency, .spec = no_opts, .needs_site = 1,
	  .usage = "user agency LOGIN AGENCY|none",
	  .summary = N_("set the outside body a liaison belongs to") },
	{ .name = "authorize", .run = cmd_authorize, .spec = authz_opts, .needs_site = 1,
	  .usage = "authorize LOGIN --trained-on DATE [--until DATE] [--scope TEXT]",
	  .summary = N_("add to the authorised-personnel register") },
	{ .name = "authorizations", .run = cmd_authorizations, .spec = json_opts, .needs_site = 1,
	  .usage = "authorizations [--json]",
	  .summary = N_("list the authorised-personnel register") },
	{ .name = "camera add", .run = cmd_camera_add, .spec = cam_opts, .needs_site = 1,
	  .usage = "camera add ID --url URL --name TEXT [--location TEXT] "
	    "[--privacy public|sensitive|interior] [--retention-days N] [--mode continuous|motion] "
	    "[--unit UNIT] [--zone ZONE] [--transport tcp|udp] [--priority 1-10]",
	  .summary = N_("add a camera") },
	{ .name = "camera list", .run = cmd_camera_list, .spec = json_opts, .needs_site = 1,
	  .usage = "camera list [--json]",
	  .summary = N_("list cameras") },
	{ .name = "config set", .run = cmd_config_set, .spec = no_opts, .needs_site = 1,
	  .usage = "config set KEY VALUE",
	  .summary = N_("change a setting") },
	{ .name = "config get", .run = cmd_config_get, .spec = no_opts,
	  .usage = "config get KEY",
	  .summary = N_("print a setting") },
	{ .name = "config list", .run = cmd_config_list, .spec = no_opts,
	  .usage = "config list",
	  .summary = N_("list every setting") },
	{ .name = "status", .run = cmd_status_run, .spec = json_opts, .needs_site = 1,
	  .usage = "status [--json]",
	  .summary = N_("site status") },
	{ .name = "policy check", .run = cmd_policy_check, .spec = no_opts,
	  .usage = "policy check FILE",
	  .summary = N_("validate a policy profile") },
	{ .name = NULL },
};

/*---- Plumbing ----*/


/* Hides a password embedded in a camera URL. */
static char *
url_redact(const char *url)
{
	const char *at = strchr(url, '@'), *scheme = strstr(url, "://"), *colon;

	if (at == NULL || scheme == NULL || at < scheme)
		return xstrdup(url);
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (colon == NULL)
		return xstrdup(url);
	return xasprintf("%.*s:***%s", (int)(colon - url), url, at);
}

/*---- init ----*/

/* --system: the site in /etc/vigil, /var/lib/vigil and /var/log/vigil (see site.h). */
static int
init_system(struct cli_ctx *ctx, struct args *a, const char *actor, char **cfg)
{
	struct site_system o = { args_get(a, "root"), args_get(a, "user"), args_get(a, "policy"),
	    args_get(a, "site"), actor };

	if (args_get(a, "dir") != NULL)
		return vg_seterr(&ctx->err, VG_USAGE, "%s",
		    _("give either --dir DIR or --system, not both"));
	o.user = o.user ? o.user : "vigil";
	o.policy = o.policy ? o.policy : "default";
	o.site_name = o.site_name ? o.site_name : "vigil site";
	return site_init_system(&o, cfg, &ctx->err);
}

static int
cmd_init(struct cli_ctx *ctx, struct args *a)
{
	const char *usage = ctx->cmd->usage;
	int sys = args_has(a, "system");
	const char *dir = sys ? NULL : cli_need(ctx, a, "dir");
	const char *policy = args_get(a, "policy");
	const char *name = args_get(a, "site");
	struct vg_actor *actor;
	char *cfg = NULL, *where;
	int r;

	if ((!sys && dir == NULL) || args_npos(a, 0, 0, usage, &ctx->err) != 0)
		return -1;
	if (!sys && (args_get(a, "root") != NULL || args_get(a, "user") != NULL))
		return vg_seterr(&ctx->err, VG_USAGE, "%s",
		    _("--root and --user go with --system"));
	actor = actor_system("cli");
	if (sys)
		r = init_system(ctx, a, actor->display, &cfg);
	else
		r = site_init(dir, policy ? policy : "default", name ? name : "vigil site",
		    actor->display, &ctx->err);
	actor_free(actor);
	if (r != 0)
		return -1;
	if (cfg == NULL)
		cfg = vg_path_join(dir, "vigil.cfg");
	where = vg_dirname(cfg);
	fprintf(ctx->out, _("created site in %s\n"), where);
	free(where);
	fprintf(ctx->out, _("configuration: %s\n"), cfg);
	fprintf(ctx->out, _("use: export VIGIL_CONFIG=%s\n"), cfg);
	free(cfg);
	return 0;
}

/*---- users ----*/

static int
cmd_user_add(struct cli_ctx *ctx, struct args *a)
{
	const char *usage = ctx->cmd->usage;
	const char *name = cli_need(ctx, a, "name"), *keyfile = args_get(a, "key");
	struct user_spec sp;
	struct vg_pubkey key;
	char *pw = NULL;
	size_t nroles;
	int r = -1;

	memset(&key, 0, sizeof key);
	if (name == NULL || args_npos(a, 1, 1, usage, &ctx->err) != 0)
		return -1;
	memset(&sp, 0, sizeof sp);
	sp.login = a->pos[0];
	sp.name = name;
	sp.roles = args_all(a, "role", &nroles);
	sp.nroles = nroles;
	sp.unit = args_get(a, "unit");
	sp.agency = args_get(a, "agency");
	sp.locale = args_get(a, "locale");
	if (keyfile != NULL) {
		if (key_parse_file(keyfile, &key, &ctx->err) != 0)
			goto out;
		sp.key = &key;
	}
	if (args_has(a, "password-stdin")) {
		if ((pw = cli_read_line(ctx, "--password-stdin")) == NULL)
			goto out;
		sp.password = pw;
	}
	if (sp.key == NULL && sp.password == NULL) {
		vg_seterr(&ctx->err, VG_USAGE, "%s",
		    _("a user needs a way to log in: give --key FILE or --password-stdin"));
		goto out;
	}
	if ((r = users_add(ctx->site, ctx->actor, &sp, &ctx->err)) == 0)
		fprintf(ctx->out, _("added user %s\n"), sp.login);
out:
	if (pw != NULL) {
		memset(pw, 0, strlen(pw));
		free(pw);
	}
	key_free(&key);
	free(sp.roles);
	return r;
}

static int
cmd_user_list(struct cli_ctx *ctx, struct args *a)
{
	size_t n;
	struct vg_user **v;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	v = users_list(ctx->site, &n);
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++) {
			size_t nk;
			struct user_key_info *k = users_keys(ctx->site, v[i]->id, &nk);

			json_obj(&j);
			json_kstr(&j, "login", v[i]->login);
			json_kstr(&j, "name", v[i]->name);
			json_key(&j, "roles");
			json_arr(&j);
			for (size_t r = 0; r < v[i]->nroles; r++)
				json_str(&j, v[i]->roles[r]);
			json_end_arr(&j);
			json_kstr(&j, "unit", v[i]->unit);
			json_kstr(&j, "agency", v[i]->agency);
			json_kstr(&j, "locale", v[i]->locale);
			json_kbool(&j, "disabled", v[i]->disabled);
			json_kbool(&j, "password", v[i]->has_password);
			json_kbool(&j, "totp", v[i]->has_totp);
			json_kbool(&j, "authorized", authz_valid(ctx->site, v[i]->id, clock_now()));
			json_key(&j, "keys");
			json_arr(&j);
			for (size_t x = 0; x < nk; x++)
				json_str(&j, k[x].fingerprint);
			json_end_arr(&j);
			json_ktime(&j, "created", v[i]->created_us);
			json_end_obj(&j);
			users_free_keys(k, nk);
		}
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 7, _("LOGIN"), _("NAME"), _("ROLES"), _("UNIT"), _("AGENCY"),
		    _("LOGIN BY"), _("STATE"));
		for (size_t i = 0; i < n; i++) {
			size_t nk;
			struct user_key_info *k = users_keys(ctx->site, v[i]->id, &nk);
			char *roles = vg_strv_join(v[i]->roles, v[i]->nroles, ","), by[64];

			snprintf(by, sizeof by, "%s%s%zu %s", v[i]->has_password ? _("password") : "",
			    v[i]->has_password ? ", " : "", nk, nk == 1 ? _("key") : _("keys"));
			table_row(&t, v[i]->login, v[i]->name, roles, v[i]->unit, v[i]->agency, by,
			    v[i]->disabled ? _("disabled") :
			    authz_valid(ctx->site, v[i]->id, clock_now()) ? _("authorised") : _("active"));
			free(roles);
			users_free_keys(k, nk);
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	users_free_list(v, n);
	return 0;
}

static int
cmd_user_passwd(struct cli_ctx *ctx, struct args *a)
{
	const char *usage = ctx->cmd->usage;
	char *pw;
	int r;

	if (args_npos(a, 1, 1, usage, &ctx->err) != 0)
		return -1;
	if (!args_has(a, "password-stdin"))
		return vg_seterr(&ctx->err, VG_USAGE, _("--password-stdin is required; usage: %s"),
		    usage);
	if ((pw = cli_read_line(ctx, "--password-stdin")) == NULL)
		return -1;
	r = users_set_password(ctx->site, ctx->actor, a->pos[0], pw, &ctx->err);
	memset(pw, 0, strlen(pw));
	free(pw);
	if (r == 0)
		fprintf(ctx->out, _("password changed for %s\n"), a->pos[0]);
	return r;
}

static int
cmd_user_key_add(struct cli_ctx *ctx, struct args *a)
{
	struct vg_pubkey k;
	int r;

	if (args_npos(a, 2, 2, ctx->cmd->usage, &ctx->err) != 0 ||
	    key_parse_file(a->pos[1], &k, &ctx->err) != 0)
		return -1;
	r = users_add_key(ctx->site, ctx->actor, a->pos[0], &k, &ctx->err);
	if (r == 0)
		fprintf(ctx->out, _("added %s key %s for %s\n"), k.type, k.fingerprint, a->pos[0]);
	key_free(&k);
	return r;
}

static int
cmd_user_disable(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    users_disable(ctx->site, ctx->actor, a->pos[0], &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("disabled user %s\n"), a->pos[0]);
	return 0;
}

static int
cmd_user_locale(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 2, 2, ctx->cmd->usage, &ctx->err) != 0 ||
	    users_set_locale(ctx->site, ctx->actor, a->pos[0], a->pos[1], &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("language of %s set to %s\n"), a->pos[0], a->pos[1]);
	return 0;
}

/* "none" clears the agency: the user is no longer an outside body's liaison. */
static int
cmd_user_agency(struct cli_ctx *ctx, struct args *a)
{
	const char *agency;

	if (args_npos(a, 2, 2, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	agency = strcmp(a->pos[1], "none") == 0 ? "" : a->pos[1];
	if (users_set_agency(ctx->site, ctx->actor, a->pos[0], agency, &ctx->err) != 0)
		return -1;
	if (agency[0] != '\0')
		fprintf(ctx->out, _("%s is the liaison of agency %s\n"), a->pos[0], agency);
	else
		fprintf(ctx->out, _("%s is no agency's liaison\n"), a->pos[0]);
	return 0;
}

/*---- the register ----*/

static int
cmd_authorize(struct cli_ctx *ctx, struct args *a)
{
	const char *usage = ctx->cmd->usage;
	const char *trained = cli_need(ctx, a, "trained-on"), *until = args_get(a, "until");
	const char *scope = args_get(a, "scope");
	int64_t t = 0, u = 0;
	char d[32];

	if (trained == NULL || args_npos(a, 1, 1, usage, &ctx->err) != 0)
		return -1;
	if (time_parse_date(trained, &t, &ctx->err) != 0 ||
	    (until != NULL && time_parse_date(until, &u, &ctx->err) != 0))
		return -1;
	if (authz_add(ctx->site, ctx->actor, a->pos[0], t, u, scope ? scope : "all", &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("authorised %s until %s\n"), a->pos[0],
	    time_fmt_date(u ? u : authz_default_until(ctx->site, clock_now()), d));
	return 0;
}

static const char *
authz_state(const struct vg_authz *z, int64_t now)
{
	if (z->revoked_us)
		return _("revoked");
	if (z->until_us <= now)
		return _("expired");
	return _("valid");
}

static int
cmd_authorizations(struct cli_ctx *ctx, struct args *a)
{
	size_t n;
	struct vg_authz *v;
	int64_t now = clock_now();

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	v = authz_list(ctx->site, &n);
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++) {
			json_obj(&j);
			json_kint(&j, "id", v[i].id);
			json_kstr(&j, "login", v[i].login);
			json_kstr(&j, "name", v[i].name);
			json_kstr(&j, "scope", v[i].scope);
			json_ktime(&j, "trained_on", v[i].trained_on_us);
			json_ktime(&j, "granted", v[i].granted_us);
			json_ktime(&j, "until", v[i].until_us);
			json_kstr(&j, "granted_by", v[i].granted_by);
			json_kbool(&j, "valid", !v[i].revoked_us && v[i].until_us > now);
			json_end_obj(&j);
		}
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 7, _("LOGIN"), _("NAME"), _("SCOPE"), _("TRAINED"), _("UNTIL"),
		    _("GRANTED BY"), _("STATE"));
		for (size_t i = 0; i < n; i++) {
			char d1[32], d2[32];

			table_row(&t, v[i].login, v[i].name, v[i].scope,
			    time_fmt_date(v[i].trained_on_us, d1), time_fmt_date(v[i].until_us, d2),
			    v[i].granted_by, authz_state(&v[i], now));
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	authz_free_list(v, n);
	return 0;
}

/*---- cameras ----*/

static int
cmd_camera_add(struct cli_ctx *ctx, struct args *a)
{
	const char *usage = ctx->cmd->usage;
	const char *url = cli_need(ctx, a, "url"), *name;
	struct vg_cameras cs;
	struct vg_camera c;
	struct vg_camera *grown;
	char *old = NULL;
	size_t oldlen = 0;
	long long n;
	int changed, r = -1;

	if (url == NULL || (name = cli_need(ctx, a, "name")) == NULL ||
	    args_npos(a, 1, 1, usage, &ctx->err) != 0)
		return -1;
	memset(&c, 0, sizeof c);
	c.id = (char *)a->pos[0];
	c.url = (char *)url;
	c.name = (char *)name;
	c.location = (char *)(args_get(a, "location") ? args_get(a, "location") : "");
	c.unit = (char *)(args_get(a, "unit") ? args_get(a, "unit") : "");
	c.zone = (char *)(args_get(a, "zone") ? args_get(a, "zone") : "");
	c.privacy = (char *)(args_get(a, "privacy") ? args_get(a, "privacy") : "public");
	c.mode = (char *)(args_get(a, "mode") ? args_get(a, "mode") : "continuous");
	c.transport = (char *)(args_get(a, "transport") ? args_get(a, "transport") : "tcp");
	c.enabled = 1;
	c.priority = 5;
	if (args_has(a, "retention-days")) {
		if (vg_parse_int(args_get(a, "retention-days"), 1, 3650, &n) != 0)
			return vg_seterr(&ctx->err, VG_USAGE,
			    _("--retention-days \"%s\" must be a whole number from 1 to 3650"),
			    args_get(a, "retention-days"));
		c.retention_days = (int)n;
	}
	if (args_has(a, "priority")) {
		if (vg_parse_int(args_get(a, "priority"), 1, 10, &n) != 0)
			return vg_seterr(&ctx->err, VG_USAGE,
			    _("--priority \"%s\" must be a whole number from 1 to 10"),
			    args_get(a, "priority"));
		c.priority = (int)n;
	}
	if (camera_check(&c, ctx->site->cfg.cameras_path, &ctx->err) != 0 ||
	    site_check_camera(ctx->site, &c, ctx->site->cfg.cameras_path, &ctx->err) != 0)
		return -1;
	if (c.retention_days == 0)
		c.retention_days = site_camera_retention(ctx->site, &c);
	if (cameras_load(ctx->site->cfg.cameras_path, &cs, &ctx->err) != 0)
		return -1;
	if (cameras_find(&cs, c.id) != NULL) {
		vg_seterr(&ctx->err, VG_CONFLICT, _("camera \"%s\" already exists in %s"), c.id,
		    ctx->site->cfg.cameras_path);
		goto out;
	}
	if ((old = vg_read_file(ctx->site->cfg.cameras_path, &oldlen, 16 << 20, &ctx->err)) == NULL)
		goto out;
	grown = xrealloc(cs.v, (cs.n + 1) * sizeof *cs.v);
	cs.v = grown;
	camera_copy(&cs.v[cs.n++], &c);
	if (cameras_save(ctx->site->cfg.cameras_path, &cs, &ctx->err) != 0)
		goto out;
	if (site_sync_cameras(ctx->site, ctx->actor->display, ctx->actor->source, &changed,
	    &ctx->err) != 0) {
		struct vg_err e2;

		/* Put the file back so the config and the database agree. */
		vg_write_file_atomic(ctx->site->cfg.cameras_path, old, oldlen, 0640, &e2);
		goto out;
	}
	fprintf(ctx->out, ngettext("added camera %s (retention %d day)\n",
	    "added camera %s (retention %d days)\n", (unsigned long)c.retention_days), c.id,
	    c.retention_days);
	r = 0;
out:
	free(old);
	cameras_free(&cs);
	return r;
}

static int
cmd_camera_list(struct cli_ctx *ctx, struct args *a)
{
	struct vg_cameras cs;
	struct json j;
	struct table t;
	int json = args_has(a, "json");

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    cameras_load(ctx->site->cfg.cameras_path, &cs, &ctx->err) != 0)
		return -1;
	if (json) {
		json_init(&j);
		json_arr(&j);
	} else
		table_init(&t, 8, _("ID"), C_("camera", "NAME"), _("LOCATION"), _("PRIVACY"), _("ZONE"),
		    _("RETENTION"), _("MODE"), _("URL"));
	for (size_t i = 0; i < cs.n; i++) {
		const struct vg_camera *c = &cs.v[i];
		char *url = url_redact(c->url), days[32];
		int ret = site_camera_retention(ctx->site, c);

		if (json) {
			json_obj(&j);
			json_kstr(&j, "id", c->id);
			json_kstr(&j, "name", c->name);
			json_kstr(&j, "location", c->location);
			json_kstr(&j, "unit", c->unit);
			json_kstr(&j, "url", url);
			json_kstr(&j, "privacy", c->privacy);
			json_kstr(&j, "zone", c->zone);
			json_kint(&j, "retention_days", ret);
			json_kstr(&j, "mode", c->mode);
			json_kstr(&j, "transport", c->transport);
			json_kint(&j, "priority", c->priority);
			json_kbool(&j, "enabled", c->enabled);
			json_end_obj(&j);
		} else {
			snprintf(days, sizeof days, ngettext("%d day", "%d days", (unsigned long)ret),
			    ret);
			table_row(&t, c->id, c->name, c->location, c->privacy, c->zone, days,
			    c->enabled ? c->mode : _("disabled"), url);
		}
		free(url);
	}
	if (json) {
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		table_print(&t, ctx->out);
		table_free(&t);
	}
	cameras_free(&cs);
	return 0;
}

/*---- configuration ----*/

static int
cmd_config_set(struct cli_ctx *ctx, struct args *a)
{
	const char *key, *value;
	char *old = NULL;
	int r = -1;

	if (args_npos(a, 2, 2, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	key = a->pos[0];
	value = a->pos[1];
	if (strcmp(key, "policy.profile") == 0) {
		char *p = vg_path_join(ctx->site->cfg.dir, value);
		struct vg_policy *pol = policy_load(p, &ctx->err);

		free(p);
		if (pol == NULL)
			return -1;
		/* The cameras must fit the new profile's retention bounds and names. */
		if (site_check_profile(ctx->site, pol, &ctx->err) != 0) {
			policy_free(pol);
			return -1;
		}
		policy_free(pol);
	}
	if (site_begin(ctx->site, &ctx->err) != 0)
		return -1;
	if (config_set(ctx->config, key, value, &old, &ctx->err) != 0)
		goto fail;
	if (audit_appendf(ctx->site, ctx->actor->display, "config.set", key, ctx->actor->source,
	    &ctx->err, "old=%s; new=%s", old, value) != 0 ||
	    site_commit(ctx->site, &ctx->err) != 0) {
		struct vg_err e2;

		config_set(ctx->config, key, old, NULL, &e2);	/* undo: keep file and log in step */
		goto fail;
	}
	fprintf(ctx->out, "%s = %s\n", key, value);
	r = 0;
	goto out;
fail:
	site_rollback(ctx->site);
out:
	free(old);
	return r;
}

static int
cmd_config_get(struct cli_ctx *ctx, struct args *a)
{
	char *v;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    config_get(ctx->config, a->pos[0], &v, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, "%s\n", v);
	free(v);
	return 0;
}

/* Every setting with its default and meaning (no site needed). */
static int
cmd_config_list(struct cli_ctx *ctx, struct args *a)
{
	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	for (size_t i = 0; i < cfg_nkeys; i++) {
		const struct cfg_key *k = &cfg_keys[i];

		if (k->type == CFG_INT)
			fprintf(ctx->out, "%-32s %-16s %lld..%lld  %s\n", k->key, k->dflt, k->min, k->max,
			    _(k->help));
		else
			fprintf(ctx->out, "%-32s %-16s %s\n", k->key, k->dflt ? k->dflt : _("(required)"),
			    _(k->help));
	}
	return 0;
}

/*---- status, policy ----*/

static int
cmd_policy_check(struct cli_ctx *ctx, struct args *a)
{
	struct vg_policy *p;
	struct vg_buf b;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if ((p = policy_load(a->pos[0], &ctx->err)) == NULL)
		return -1;
	buf_init(&b);
	policy_describe(p, &b);
	fputs(b.s, ctx->out);
	fprintf(ctx->out, _("%s: profile is valid\n"), a->pos[0]);
	buf_free(&b);
	policy_free(p);
	return 0;
}

/*---- Dispatch ----*/

int
admin_open_site(struct cli_ctx *ctx)
{
	if (ctx->site != NULL)
		return 0;
	if (site_become_owner(ctx->config, &ctx->err) != 0)
		return -1;
	return site_open(ctx->config, 0, &ctx->site, &ctx->err);
}

int
admin_main(int argc, char **argv, const struct cli_cmd *more)
{
	static const struct arg_spec extra[] = { { "config", 1, 0 }, { NULL, 0, 0 } };
	const struct cli_cmd *const sets[] = { admin_cmds, admin_totp_cmds, cmd_classes_set,
	    cmd_audit_set, cmd_register_set, cmd_maint_set, more, NULL };
	struct cli_ctx ctx;
	int r;

	memset(&ctx, 0, sizeof ctx);
	ctx.prog = "vigil admin";
	ctx.out = stdout;
	ctx.errout = stderr;
	ctx.in = stdin;
	if (isatty(STDERR_FILENO)) {	/* long runs say how far they got */
		ctx.progress = cli_tty_progress;
		ctx.progress_ud = stderr;
	}
	ctx.config = config_default_path();
	/* "vigil admin --config PATH COMMAND ..." as well as after the command. */
	while (argc >= 1 && strncmp(argv[0], "--config", 8) == 0) {
		if (argv[0][8] == '=') {
			ctx.config = argv[0] + 9;
			argc--, argv++;
		} else if (argv[0][8] == '\0' && argc >= 2) {
			ctx.config = argv[1];
			argc -= 2, argv += 2;
		} else
			break;
	}
	ctx.actor = actor_system("cli");
	r = cli_dispatch(&ctx, sets, extra, admin_open_site, argc, argv);
	actor_free(ctx.actor);
	site_close(ctx.site);
	return r;
}
