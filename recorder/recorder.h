/* recorder.h — the recorder as the rest of vigil sees it: the service, the admin commands. */
/*
 * recorder/ is `vigil record`: one thread per camera (source, rtsp, rtp, ingest)
 * remuxing into fragmented-MP4 segments (segmenter) hashed as written (sha256,
 * chain), one writer thread for the index (service), recovery after a crash,
 * retention, tamper and motion checks on decoded keyframes, and the latest
 * frames it leaves in run/ for the console (frames.h, the one recorder header
 * tui/console may use).  This header is what main() registers.
 */
#ifndef VG_RECORDER_H
#define VG_RECORDER_H

#include "core/cli.h"

/* `vigil record [--config PATH]`: records every enabled camera until SIGTERM
 * or SIGINT; SIGHUP re-reads cameras.cfg.  Returns the exit status. */
int	recorder_main(int argc, char **argv);

/* Commands for vigil admin and over SSH: retention run, footage verify,
 * segments list, camera ack (a core/cli.h table, ended by a NULL name).  Each
 * checks the acting user's capability through core/. */
extern const struct cli_cmd recorder_cmds[];

/* `export create` (cmd-export.c): builds an export's bundle, so it is the
 * recorder's; registered for SSH by main(). */
extern const struct cli_cmd export_cmds[];

/* `vigil verify FILE.tar [--key KEY]` (verify.c): checks an export offline;
 * returns the exit status. */
int	verify_main(int argc, char **argv);

#endif
