/* cmd-console.c — wall and play: commands that open the console, so they need a terminal (ssh -t). */
#include "tui/cli/cmd.h"

static int cmd_needs_terminal(struct cli_ctx *, struct args *);

static const struct arg_spec no_opts[] = { { NULL, 0, 0 } };
static const struct arg_spec play_opts[] = {
	{ "camera", 1, 0 }, { "at", 1, 0 }, { NULL, 0, 0 } };

/*
 * Over SSH with a terminal these never reach here: the connection opens the
 * console on the live wall or the player (tui/ssh/session-exec.c).  Listed
 * so that help shows them; without a terminal they say how to run them.
 */
const struct cli_cmd cmd_console_set[] = {
	{ .name = "wall", .run = cmd_needs_terminal, .spec = no_opts,
	  .usage = "wall",
	  .summary = N_("the console on the live wall (ssh -t HOST wall)") },
	{ .name = "play", .run = cmd_needs_terminal, .spec = play_opts,
	  .usage = "play VIEWING_ID [--camera ID] [--at TIME]",
	  .summary = N_("the console on your running viewing's player (ssh -t HOST play ID)") },
	{ .name = NULL },
};

static int
cmd_needs_terminal(struct cli_ctx *ctx, struct args *a)
{
	(void)a;
	return vg_seterr(&ctx->err, VG_USAGE, _("%s opens the console: it needs a terminal; "
	    "connect with ssh -t"), ctx->cmd->name);
}
