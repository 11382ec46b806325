/* admin.h — `vigil admin`: the scriptable administration commands. */
#ifndef VG_ADMIN_H
#define VG_ADMIN_H

#include "core/cli.h"

struct cli_ctx;

/* Extra admin command tables (tui/admin-*.c). */
extern const struct cli_cmd admin_totp_cmds[];

/* `vigil admin`: the admin commands, and more (a table another module registers,
 * ended by a NULL name; main passes the recorder's). */
int	admin_main(int argc, char **argv, const struct cli_cmd *more);
/* Opens the site named by ctx->config for a command that needs it. */
int	admin_open_site(struct cli_ctx *);

#endif
