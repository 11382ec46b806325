/* args.h — "--name value" option parsing shared by admin and SSH commands. */
#ifndef VG_ARGS_H
#define VG_ARGS_H

#include <stddef.h>

struct vg_err;

struct arg_spec {
	const char	*name;		/* without the dashes: "role" */
	int		 has_value;
	int		 repeat;	/* may be given more than once */
};

struct arg_opt {
	const char	*name;
	const char	*value;		/* "" for flags */
};

struct args {
	const char	**pos;
	size_t		  npos;
	struct arg_opt	 *opt;
	size_t		  nopt;
};

/* Parses argv[0..argc); "--" ends options.  Unknown options and missing
 * values are usage errors naming the option. */
int		 args_parse(int argc, char **argv, const struct arg_spec *specs,
		    struct args *, struct vg_err *);
void		 args_free(struct args *);
const char	*args_get(const struct args *, const char *name);	/* last, or NULL */
int		 args_has(const struct args *, const char *name);
/* All values of a repeatable option, in order; caller frees the array. */
const char	**args_all(const struct args *, const char *name, size_t *n);
/* Exactly n positional arguments, or a usage error quoting the usage line. */
int		 args_npos(const struct args *, size_t min, size_t max, const char *usage,
		    struct vg_err *);

#endif
