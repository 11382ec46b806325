/* admin.h — `vigil admin`: the scriptable administration commands. */
#ifndef VG_ADMIN_H
#define VG_ADMIN_H

#include "core/args.h"
#include "core/util.h"

struct vg_site;
struct vg_actor;
struct admin_cmd;

struct admin {
	const struct admin_cmd	*cmd;	/* the command being run */
	const char	*config;	/* --config, $VIGIL_CONFIG or the default */
	struct vg_site	*site;
	struct vg_actor	*actor;
	struct vg_err	 err;
};

struct admin_cmd {
	const char		*name;	/* "user add" */
	const char		*usage;
	const struct arg_spec	*spec;	/* without --config, which all accept */
	int			 needs_site;
	int			(*fn)(struct admin *, struct args *);
};

int	admin_main(int argc, char **argv);
/* Opens the site named by --config (or VIGIL_CONFIG) for a command. */
int	admin_open_site(struct admin *);
/* Reads one line (the password) from stdin without its newline. */
char	*admin_read_stdin_line(struct vg_err *);

#endif
