/* holds.h — holds that keep footage past retention, and whether footage still exists. */
#ifndef VG_HOLDS_H
#define VG_HOLDS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * A hold keeps the footage of its cameras in [from_us, to_us) past
 * retention.  It is active while released_us is NULL and until_us is NULL or
 * in the future; the recorder's retention pass skips what an active hold
 * covers.  Releasing a hold whose category keeps footage after release
 * (after_release_days) closes it instead: until_us becomes the end of that
 * period.  A hold of a category with minimum terms (DLUT art. 15(2)3: the
 * limitation period of the case) is placed for one of them and is not
 * released before it ends, by anyone (a trigger in the database too).
 */
struct hold_spec {
	const char	 *category;
	const char	**cameras;
	size_t		  ncameras;
	int64_t		  from_us, to_us;
	int64_t		  until_us;	/* 0: the category's length */
	const char	 *reason;
	const char	 *term;		/* the category's minimum term, where it has them */
};

struct vg_hold {
	int64_t	  id;
	char	 *category;
	char	 *reason;
	char	**cameras;
	size_t	  ncameras;
	int64_t	  from_us, to_us;
	char	 *placed_by;	/* login, "" for the system */
	int64_t	  placed_us;
	int64_t	  until_us;	/* 0 = until released */
	char	 *released_by;
	int64_t	  released_us;
	char	 *release_reason;
	char	 *closed_by;
	int64_t	  closed_us;
	char	 *close_reason;
	char	 *request;	/* REF of the grant that placed it, or "" */
	char	 *term;		/* the minimum term's id, or "" */
	int64_t	  min_until_us;	/* not released before this; 0 = no minimum */
	int	  active;
};

int	holds_place(struct vg_site *, const struct vg_actor *, const struct hold_spec *,
	    int64_t *id, struct vg_err *);
/* What holds_place checks, without placing anything (the form asks to confirm after). */
int	holds_check(struct vg_site *, const struct vg_actor *, const struct hold_spec *,
	    struct vg_err *);
int	holds_release(struct vg_site *, const struct vg_actor *, int64_t id, const char *reason,
	    struct vg_err *);
/* All holds (active_only: those in force now), newest first, for those who
 * manage holds or read all requests; NULL with err otherwise. */
struct vg_hold	*holds_list(struct vg_site *, const struct vg_actor *, int active_only,
		    size_t *n, struct vg_err *);
struct vg_hold	*holds_get(struct vg_site *, int64_t id);
void		 holds_free_list(struct vg_hold *, size_t n);
/* "active", "closed" (kept until its end), "released", "ended". */
const char	*holds_state(const struct vg_hold *, int64_t now);

/*
 * Whether the footage of a camera in [from_us, to_us) still exists by policy:
 * the part older than the camera's effective retention must be covered by
 * active holds.  Refuses naming the camera, the retention and the article
 * (rules.range_exists); NOTFOUND for an unknown camera.  *kept_until gets
 * when the earliest of it leaves retention (0 if it already has).
 */
int	holds_range_exists(struct vg_site *, const char *camera, int64_t from_us, int64_t to_us,
	    int64_t now, int64_t *kept_until, struct vg_err *);

/*---- For the console's hold screen ----*/

struct pol_hold;
struct req_camera;

/* 0 if the actor may place and release holds of this category (hold.manage
 * and, where the profile names them, one of the category's roles); else -1
 * with the refusal. */
int	holds_may_manage(struct vg_site *, const struct vg_actor *, const char *category,
	    struct vg_err *);
/* The categories the actor may place, in the profile's order (caller frees
 * the array only). */
const struct pol_hold **holds_categories(struct vg_site *, const struct vg_actor *, size_t *n);
/* Every camera not removed, for the hold form; needs hold.manage.  Free with
 * requests_free_cameras. */
struct req_camera *holds_cameras(struct vg_site *, const struct vg_actor *, size_t *n,
		    struct vg_err *);

/* Places a hold inside the caller's transaction (a grant's copy hold, for the
 * term the request chose where the category has terms). */
int	holds_place_tx(struct vg_site *, const struct vg_actor *, const char *category,
	    const char *term, char *const *cameras, size_t ncameras, int64_t from_us,
	    int64_t to_us, const char *reason, int64_t request_id, int64_t *id, struct vg_err *);

#endif
