/* cli.h — the shape of a command (admin or SSH) and the dispatcher they share. */
#ifndef VG_CLI_H
#define VG_CLI_H

#include <stdio.h>

#include "core/args.h"
#include "core/util.h"

struct vg_site;
struct vg_actor;
struct cli_cmd;

/*
 * What a command runs with.  Commands print results to out and never to
 * stdout directly, so the same command serves `vigil admin` on a terminal
 * and `ssh user@host COMMAND` over a channel.  A command that fails fills
 * err and returns -1; the dispatcher prints the message and maps the code to
 * the exit status (0 done, 1 refused or failed, 2 usage).
 */
struct cli_ctx {
	const char		*prog;		/* "vigil admin", "vigil" — prefixes errors */
	const char		*config;	/* path to vigil.cfg */
	struct vg_site		*site;		/* opened before fn when needs_site */
	struct vg_actor		*actor;		/* who acts: system for admin, the user over SSH */
	FILE			*out;
	FILE			*errout;
	FILE			*in;		/* stdin, for --password-stdin */
	const struct cli_cmd	*cmd;		/* the command being run */
	struct vg_err		 err;
};

struct cli_cmd {
	const char		*name;		/* words: "user add", "request new" */
	const char		*usage;		/* "user add LOGIN --name TEXT ..." */
	const struct arg_spec	*spec;		/* options; { NULL } terminated */
	int			 needs_site;
	int			(*run)(struct cli_ctx *, struct args *);
	const char		*summary;	/* one line for help; may be NULL */
	/* Capabilities any of which makes the command useful, comma-separated
	 * ("request.file,request.read_all"): `help` lists it only for people who
	 * hold one.  NULL: everyone.  The command's core calls still decide. */
	const char		*caps;
};

/* Tables are arrays ended by an entry with name == NULL; sets end with NULL. */
const struct cli_cmd *cli_find(const struct cli_cmd *const *sets, int argc, char **argv,
			    int *nwords);
/*
 * Runs argv against the command sets: finds the command, parses its options
 * (plus `extra`, e.g. --config for admin), opens the site through open_site
 * when the command needs it (a --config option, if given, sets ctx->config
 * first), runs it, prints any error.  Returns the exit
 * status.  Unknown commands print the list and return 2.
 */
int	cli_dispatch(struct cli_ctx *, const struct cli_cmd *const *sets,
	    const struct arg_spec *extra, int (*open_site)(struct cli_ctx *),
	    int argc, char **argv);
/* The usage lines; for a person (not the system), only the commands their
 * roles can use (cli_offered). */
void	cli_usage(struct cli_ctx *, const struct cli_cmd *const *sets, FILE *);
/* Whether the command is for the acting person: they hold one of its caps. */
int	cli_offered(const struct cli_ctx *, const struct cli_cmd *);
/* A required option's value, or NULL with a usage error quoting the usage line. */
const char *cli_need(struct cli_ctx *, struct args *, const char *name);
/* Reads one line from ctx->in without its newline (for --password-stdin). */
char	*cli_read_line(struct cli_ctx *, const char *what);
/* Prints and frees a string (JSON output). */
void	 cli_print(struct cli_ctx *, char *);

#endif
