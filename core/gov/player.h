/* player.h — what a viewing's player may open: the grant's cameras over the grant's range, nothing else. */
#ifndef VG_PLAYER_H
#define VG_PLAYER_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct footage_span;

/* The grant a running viewing may play. */
struct player_grant {
	int64_t	  viewing_id;
	char	 *ref;
	char	**cameras;		/* the request's cameras, in its order */
	size_t	  ncameras;
	int64_t	  from_us, to_us;	/* the granted range */
	int64_t	  grant_until_us;
	char	 *camera;		/* the camera asked for (the first if none was) */
	int64_t	  at_us;		/* where to start: asked for, else the first footage */
};

/*
 * Opens the player of viewing ID for the actor: viewing.run, the viewing
 * open and run by the actor, its request's grant active (grant_scope).  A
 * camera (NULL: the grant's first) must be one of the grant's and a time
 * (0: the start of the first footage, else of the range) inside the granted
 * range: anything else is refused with the rule (GCU art. 16(1)3, DLUT art.
 * 15(1): viewing is of the approved content only).
 */
int	 player_open(struct vg_site *, const struct vg_actor *, int64_t viewing_id,
	     const char *camera, int64_t at_us, struct player_grant *, struct vg_err *);
void	 player_grant_free(struct player_grant *);
/* The same checks for a later move inside the player (another camera, a typed time). */
int	 player_check(struct vg_site *, const struct vg_actor *, const struct player_grant *,
	     const char *camera, int64_t at_us, struct vg_err *);

/* One segment file to decode: absolute path and the wall-clock times it covers. */
struct player_file {
	char	*path;
	int64_t	 start_us, end_us;
};

/*
 * The segment files of a granted camera that overlap [from_us, to_us)
 * clipped to the grant, in order; checks as player_check does first, so a
 * grant that ended meanwhile opens nothing more.
 */
int	 player_files(struct vg_site *, const struct vg_actor *, const struct player_grant *,
	     const char *camera, int64_t from_us, int64_t to_us, struct player_file **,
	     size_t *n, struct vg_err *);
void	 player_files_free(struct player_file *, size_t n);

/*
 * The timeline of a granted camera over the grant: recorded stretches and
 * gaps with their reasons (footage_coverage), and *held the stretches of it
 * that holds keep past retention.
 */
int	 player_timeline(struct vg_site *, const struct vg_actor *, const struct player_grant *,
	     const char *camera, struct footage_span **, size_t *n, struct footage_span **held,
	     size_t *nheld, struct vg_err *);

#endif
