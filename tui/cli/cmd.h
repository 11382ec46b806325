/* cmd.h — commands reachable as `ssh user@host COMMAND ...` (and `vigil exec`). */
/*
 * tui/cli/ holds main() and the command sets: `vigil admin` (admin*.c) and the
 * SSH command grammar (cmd*.c), each a table of struct cli_cmd filled by field
 * name and run by core/cli.c's dispatcher.  Commands print; core/ decides.
 */
#ifndef VG_CMD_H
#define VG_CMD_H

#include <stdio.h>

#include "core/cli.h"

struct vg_site;
struct vg_actor;

/* The command tables, one per family (tui/cmd-*.c), ended by NULL. */
extern const struct cli_cmd cmd_basic[];
extern const struct cli_cmd cmd_requests_set[];	/* cmd-requests.c */
extern const struct cli_cmd cmd_viewings_set[];	/* cmd-viewings.c */
extern const struct cli_cmd cmd_holds_set[];		/* cmd-holds.c */
extern const struct cli_cmd cmd_classes_set[];		/* cmd-classes.c; vigil admin too */
extern const struct cli_cmd cmd_duty_set[];		/* cmd-duty.c */
extern const struct cli_cmd cmd_room_set[];		/* cmd-room.c */
extern const struct cli_cmd cmd_equipment_set[];	/* cmd-equipment.c */
extern const struct cli_cmd cmd_faults_set[];		/* cmd-faults.c */
extern const struct cli_cmd cmd_exports_set[];		/* cmd-exports.c */
extern const struct cli_cmd cmd_audit_set[];		/* cmd-audit.c; vigil admin too */
extern const struct cli_cmd cmd_review_set[];		/* cmd-review.c */
extern const struct cli_cmd cmd_register_set[];	/* cmd-register.c; vigil admin too */
extern const struct cli_cmd cmd_maint_set[];		/* cmd-maint.c; vigil admin too */
extern const struct cli_cmd cmd_status_cmds[];
extern const struct cli_cmd cmd_console_set[];	/* cmd-console.c: wall, play */

const struct cli_cmd *const *cmd_sets(void);
/* Adds a command set that another module provides (main() registers the
 * recorder's); call before any command runs. */
void	cmd_register(const struct cli_cmd *);
/* `status`: the site summary, for SSH and for `vigil admin status` alike. */
int	cmd_status_run(struct cli_ctx *, struct args *);

/* Where the next cmd_run's long runs report progress (a terminal); NULL: nowhere. */
void	cmd_set_progress(void (*fn)(void *ud, const char *line), void *ud);
/*
 * Runs one command as an authenticated user: the same capability checks as
 * the console, because every command calls into core/, which checks them.
 * Output goes to out/errout; returns the exit status (0, 1 refused, 2 usage).
 */
int	cmd_run(struct vg_site *, struct vg_actor *, int argc, char **argv,
	    FILE *in, FILE *out, FILE *errout);
/* Splits an SSH exec string into words as sh does, expanding nothing:
 * whitespace separates, '...' and "..." quote, a backslash escapes (inside
 * "..." only " \ $ ` and newline).  keep_glob: a quoted or escaped
 * character that brace, tilde or glob expansion gives a meaning to (* ? [ ]
 * { } , ~ \) stays behind a backslash, for a glob to take literally (scp -f).  -1
 * with err (and no words) on an unbalanced quote. */
int	cmd_words(const char *line, int keep_glob, int *argc, char ***argv, struct vg_err *);
/* cmd_words with nothing kept escaped. */
int	cmd_split(const char *line, int *argc, char ***argv, struct vg_err *);
void	cmd_free_argv(int argc, char **argv);
/* `vigil exec --user LOGIN [--config PATH] COMMAND ...`: run one as LOGIN locally. */
int	cmd_exec_main(int argc, char **argv);

#endif
