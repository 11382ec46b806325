/* recorder.h — the recorder as the rest of vigil sees it: the service, the admin commands. */
#ifndef VG_RECORDER_H
#define VG_RECORDER_H

#include "core/cli.h"

/* `vigil record [--config PATH]`: records every enabled camera until SIGTERM
 * or SIGINT; SIGHUP re-reads cameras.cfg.  Returns the exit status. */
int	recorder_main(int argc, char **argv);

/* `vigil admin` commands: retention run, footage verify, segments list,
 * camera ack (a core/cli.h table, ended by a NULL name). */
extern const struct cli_cmd recorder_admin_cmds[];

#endif
