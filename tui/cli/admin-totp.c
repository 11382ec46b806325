/* admin-totp.c — `vigil admin user totp`: enrolling and removing a user's one-time code. */
#include <stdio.h>
#include <stdlib.h>

#include "core/cli.h"
#include "core/totp.h"
#include "tui/cli/admin.h"

static int cmd_user_totp(struct cli_ctx *, struct args *);

static const struct arg_spec totp_opts[] = { { "remove", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd admin_totp_cmds[] = {
	{ .name = "user totp", .run = cmd_user_totp, .spec = totp_opts, .needs_site = 1,
	  .usage = "user totp LOGIN [--remove]",
	  .summary =
	    N_("enrol a one-time code for a user (prints the otpauth:// URI once), or remove it") },
	{ .name = NULL },
};

static int
cmd_user_totp(struct cli_ctx *ctx, struct args *a)
{
	char *uri;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (args_has(a, "remove")) {
		if (totp_remove(ctx->site, ctx->actor, a->pos[0], &ctx->err) != 0)
			return -1;
		fprintf(ctx->out, _("removed the one-time code of %s\n"), a->pos[0]);
		return 0;
	}
	if ((uri = totp_enrol(ctx->site, ctx->actor, a->pos[0], &ctx->err)) == NULL)
		return -1;
	fprintf(ctx->out, _("one-time code enrolled for %s; any earlier one no longer works.\n"
	    "Give this to them for their authenticator app (it is shown only now):\n"),
	    a->pos[0]);
	fprintf(ctx->out, "%s\n", uri);
	free(uri);
	return 0;
}
