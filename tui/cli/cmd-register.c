/* cmd-register.c — the authorised-personnel register over SSH and in vigil admin: list, add, renew, revoke. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/json.h"
#include "core/register.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_register_list(struct cli_ctx *, struct args *);
static int cmd_register_add(struct cli_ctx *, struct args *);
static int cmd_register_renew(struct cli_ctx *, struct args *);
static int cmd_register_revoke(struct cli_ctx *, struct args *);

static const struct arg_spec list_opts[] = {
	{ "state", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec add_opts[] = {
	{ "trained-on", 1, 0 }, { "until", 1, 0 }, { "scope", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec renew_opts[] = {
	{ "trained-on", 1, 0 }, { "scope", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec revoke_opts[] = { { "reason", 1, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_register_set[] = {
	{ .name = "register list", .run = cmd_register_list, .spec = list_opts, .needs_site = 1,
	  .usage = "register list [--state valid|expiring|renewed|expired|revoked] [--json]",
	  .summary = N_("the authorised-personnel register with each entry's state"),
	  .caps = "register.manage" },
	{ .name = "register add", .run = cmd_register_add, .spec = add_opts, .needs_site = 1,
	  .usage = "register add LOGIN --trained-on DATE [--until DATE] [--scope TEXT]",
	  .summary = N_("put someone trained on the register"),
	  .caps = "register.manage" },
	{ .name = "register renew", .run = cmd_register_renew, .spec = renew_opts, .needs_site = 1,
	  .usage = "register renew LOGIN [--trained-on DATE] [--scope TEXT]",
	  .summary = N_("authorise someone again for the next school year"),
	  .caps = "register.manage" },
	{ .name = "register revoke", .run = cmd_register_revoke, .spec = revoke_opts,
	  .needs_site = 1, .usage = "register revoke LOGIN --reason TEXT",
	  .summary = N_("end someone's authorisation now, with the reason"),
	  .caps = "register.manage" },
	{ .name = NULL },
};

static void
entry_json(struct json *j, const struct reg_entry *e)
{
	json_obj(j);
	json_kint(j, "id", e->id);
	json_kstr(j, "login", e->login);
	json_kstr(j, "name", e->name);
	json_kstr(j, "roles", e->roles);
	json_kstr(j, "scope", e->scope);
	json_kstr(j, "state", register_state_code(e->state));
	json_ktime(j, "trained_on", e->trained_on_us);
	json_ktime(j, "granted", e->granted_us);
	json_ktime(j, "until", e->until_us);
	json_kstr(j, "granted_by", e->granted_by);
	json_ktime(j, "revoked", e->revoked_us);
	json_kstr(j, "revoked_by", e->revoked_by);
	json_kstr(j, "revoke_reason", e->revoke_reason);
	if (e->renews)
		json_kint(j, "renews", e->renews);
	else
		json_kstr(j, "renews", NULL);
	json_end_obj(j);
}

static int
state_wanted(struct cli_ctx *ctx, const char *want, const struct reg_entry *e)
{
	(void)ctx;
	return want == NULL || strcmp(want, register_state_code(e->state)) == 0;
}

static int
cmd_register_list(struct cli_ctx *ctx, struct args *a)
{
	const char *want = args_get(a, "state");
	struct reg_entry *v;
	struct table t;
	struct json j;
	int json = args_has(a, "json");
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (want != NULL && strcmp(want, "valid") != 0 && strcmp(want, "expiring") != 0 &&
	    strcmp(want, "renewed") != 0 && strcmp(want, "expired") != 0 &&
	    strcmp(want, "revoked") != 0)
		return vg_seterr(&ctx->err, VG_USAGE, _("--state: \"%s\" is not one of valid, "
		    "expiring, renewed, expired, revoked"), want);
	if ((v = register_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (json) {
		json_init(&j);
		json_arr(&j);
	} else
		table_init(&t, 7, _("LOGIN"), _("NAME"), _("ROLES"), _("STATE"), _("TRAINED"),
		    _("UNTIL"), _("SCOPE / REASON"));
	for (size_t i = 0; i < n; i++) {
		char d1[32], d2[32];

		if (!state_wanted(ctx, want, &v[i]))
			continue;
		if (json)
			entry_json(&j, &v[i]);
		else
			table_row(&t, v[i].login, v[i].name, v[i].roles,
			    register_state_name(v[i].state), time_fmt_date(v[i].trained_on_us, d1),
			    time_fmt_date(v[i].until_us, d2), v[i].revoked_us ? v[i].revoke_reason :
			    v[i].scope);
	}
	if (json) {
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		table_print(&t, ctx->out);
		table_free(&t);
	}
	register_free(v, n);
	return 0;
}

static int
opt_date(struct cli_ctx *ctx, struct args *a, const char *opt, int64_t *us)
{
	const char *v = args_get(a, opt);

	char msg[sizeof ctx->err.msg];

	*us = 0;
	if (v == NULL || time_parse_date(v, us, &ctx->err) == 0)
		return 0;
	snprintf(msg, sizeof msg, "%s", ctx->err.msg);	/* not formatted over itself */
	return vg_seterr(&ctx->err, VG_USAGE, "--%s: %s", opt, msg);
}

static int
cmd_register_add(struct cli_ctx *ctx, struct args *a)
{
	const char *trained = cli_need(ctx, a, "trained-on");
	int64_t t_us, until;
	char d[32];

	if (trained == NULL || args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    opt_date(ctx, a, "trained-on", &t_us) != 0 || opt_date(ctx, a, "until", &until) != 0)
		return -1;
	if (authz_add(ctx->site, ctx->actor, a->pos[0], t_us, until,
	    args_get(a, "scope") ? args_get(a, "scope") : "", &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("%s is on the register until %s\n"), a->pos[0],
	    time_fmt_date(until ? until : authz_default_until(ctx->site, clock_now()), d));
	return 0;
}

static int
cmd_register_renew(struct cli_ctx *ctx, struct args *a)
{
	int64_t t_us, until;
	char d[32];

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    opt_date(ctx, a, "trained-on", &t_us) != 0 ||
	    register_renew(ctx->site, ctx->actor, a->pos[0], t_us, args_get(a, "scope"), &until,
	    &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("%s is authorised again until %s\n"), a->pos[0],
	    time_fmt_date(until, d));
	return 0;
}

static int
cmd_register_revoke(struct cli_ctx *ctx, struct args *a)
{
	const char *reason = cli_need(ctx, a, "reason");

	if (reason == NULL || args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    register_revoke(ctx->site, ctx->actor, a->pos[0], reason, &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("the authorisation of %s is revoked\n"), a->pos[0]);
	return 0;
}
