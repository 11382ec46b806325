/* admin.h — `vigil admin`: the scriptable administration commands. */
#ifndef VG_ADMIN_H
#define VG_ADMIN_H

struct cli_ctx;

int	admin_main(int argc, char **argv);
/* Opens the site named by ctx->config for a command that needs it. */
int	admin_open_site(struct cli_ctx *);

#endif
