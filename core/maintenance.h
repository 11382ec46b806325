/* maintenance.h — ICT's long checks (retention, footage verify, chain heads) as every front end reaches them. */
#ifndef VG_MAINTENANCE_H
#define VG_MAINTENANCE_H

#include <stdint.h>
#include <stdio.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * The retention pass and footage verify live in recorder/, which the console
 * and core/gov may not include; main() registers the recorder's
 * implementation here once, before any command, console or connection runs
 * (the same point that registers the recorder's commands), so that the
 * console's Maintenance screen and the monthly review run exactly what
 * `retention run` and `footage verify` run.  Each checks the actor's
 * capability itself.
 */

/* Where a long run reports how far it got: one short line at a time. */
struct maint_progress {
	void	(*fn)(void *ud, const char *line);
	void	*ud;
};

struct maint_footage {
	int64_t	cameras;
	int64_t	segments;	/* files hashed */
	int64_t	bytes;
	int64_t	problems;
	int64_t	recording;	/* newest files the running recorder is still writing */
};

struct maint_ops {
	/* A retention pass (or its preview) as of as_of; what went and what was
	 * kept, one line each, on out.  0, or -1 with err. */
	int	(*retention)(struct vg_site *, const struct vg_actor *, int64_t as_of,
		    int dry_run, FILE *out, const struct maint_progress *, struct vg_err *);
	/* footage verify over a camera (NULL all) and range (0 unbounded): each
	 * problem a line on out.  0 intact, 1 problems found, -1 with err. */
	int	(*footage_verify)(struct vg_site *, const struct vg_actor *, const char *camera,
		    int64_t from_us, int64_t to_us, FILE *out, const struct maint_progress *,
		    struct maint_footage *, struct vg_err *);
	/* Each camera's newest chain link, "gate=12:0123456789abcdef; ..." (caller
	 * frees), or NULL when nothing is recorded. */
	char	*(*chain_heads)(struct vg_site *);
};

void			 maint_register(const struct maint_ops *);
/* What main() registered; NULL in a program without the recorder. */
const struct maint_ops	*maint_ops(void);
/* Calls p's function with a formatted line (p or its function may be NULL). */
void			 maint_progressf(const struct maint_progress *, const char *fmt, ...)
			    __attribute__((format(printf, 2, 3)));

#endif
