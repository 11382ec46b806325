/* cmd-basic.c — whoami and help: who you are, and what you can type. */
#include <string.h>

#include "core/cli.h"

#include "core/gov/policy.h"
#include "core/json.h"
#include "core/site.h"
#include "core/users.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"

static int cmd_whoami(struct cli_ctx *, struct args *);
static int cmd_help(struct cli_ctx *, struct args *);

static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec help_opts[] = { { "all", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_basic[] = {
	{ .name = "whoami", .run = cmd_whoami, .spec = json_opts,
	  .usage = "whoami [--json]",
	  .summary = N_("your login, name, roles and unit") },
	{ .name = "help", .run = cmd_help, .spec = help_opts,
	  .usage = "help [--all] [COMMAND]",
	  .summary = N_("the commands your roles can use (--all: every command), or one "
	    "command's usage") },
	{ .name = NULL },
};

static int
cmd_whoami(struct cli_ctx *ctx, struct args *a)
{
	struct vg_actor *ac = ctx->actor;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kstr(&j, "login", ac->login);
		json_kstr(&j, "name", ac->name);
		json_key(&j, "roles");
		json_arr(&j);
		for (size_t i = 0; i < ac->nroles; i++)
			json_str(&j, ac->roles[i]);
		json_end_arr(&j);
		json_kstr(&j, "unit", ac->unit);
		json_kbool(&j, "authorized", actor_authorized(ctx->site, ac));
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
		return 0;
	}
	/* People read the profile's titles; --json gives the codes. */
	fprintf(ctx->out, "%s (%s)\n", ac->login, ac->name);
	fprintf(ctx->out, _("roles: "));
	for (size_t i = 0; i < ac->nroles; i++)
		fprintf(ctx->out, "%s%s", i ? ", " : "", cmd_role_title(ctx, ac->roles[i]));
	fputc('\n', ctx->out);
	if (ac->unit[0])
		fprintf(ctx->out, _("unit: %s\n"), policy_unit_name(ctx->site->pol, ac->unit));
	fprintf(ctx->out, _("authorised-personnel register: %s\n"),
	    actor_authorized(ctx->site, ac) ? _("yes") : _("no"));
	return 0;
}

/*
 * The commands of every table (tui/cli/cmd.c's sets, and those main()
 * registers), so new families appear by themselves: only those the person's
 * roles can use (core decides, cli_offered), unless --all or one is asked
 * for by name.
 */
static int
cmd_help(struct cli_ctx *ctx, struct args *a)
{
	const char *want = a->npos > 0 ? a->pos[0] : NULL;
	int all = args_has(a, "all") || want != NULL, shown = 0, hidden = 0;

	if (args_npos(a, 0, 1, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (want == NULL)
		fprintf(ctx->out, "%s", all ? _("Commands (ssh HOST COMMAND ...):\n") :
		    _("Commands your roles can use (ssh HOST COMMAND ...):\n"));
	for (const struct cli_cmd *const *set = cmd_sets(); *set; set++)
		for (const struct cli_cmd *c = *set; c->name; c++) {
			int offered = cli_offered(ctx, c);

			if (want != NULL && strncmp(c->name, want, strlen(want)) != 0)
				continue;
			if (!all && !offered) {
				hidden++;
				continue;
			}
			fprintf(ctx->out, "  %s\n", c->usage);
			if (c->summary != NULL)
				fprintf(ctx->out, "      %s%s\n", _(c->summary), offered ? "" :
				    _(" (your roles cannot use it)"));
			shown++;
		}
	if (want != NULL && shown == 0)
		return vg_seterr(&ctx->err, VG_USAGE, _("no command \"%s\"; ssh HOST help lists them"),
		    want);
	if (want != NULL)
		return 0;
	if (hidden > 0)
		fprintf(ctx->out, ngettext("%d command your roles cannot use is left out: help --all "
		    "lists every command.\n", "%d commands your roles cannot use are left out: help "
		    "--all lists every command.\n", (unsigned long)hidden), hidden);
	fprintf(ctx->out, "%s", _("Times are YYYY-MM-DD HH:MM; over ssh write 2026-03-01T08:00, "
	    "or quote the whole command line.\n"));
	fprintf(ctx->out, "%s", _("Without a command, ssh -t HOST opens the console.\n"));
	return 0;
}
