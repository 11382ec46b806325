/* viewings.h — supervised viewings of granted requests, and what was played. */
#ifndef VG_VIEWINGS_H
#define VG_VIEWINGS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct pol_destination;

/*
 * A viewer: their name and ID document number, and, for someone registered
 * in vigil, their login (or a name written "@LOGIN"): the name then comes
 * from the user, and their roles and unit count where a route requires a
 * kind of person among the viewers (GUAT art. 17(3), GCU art. 16(1)1) or the
 * requester themself (DLUT art. 15(1)4).
 */
struct viewing_person {
	const char	*name;
	const char	*id_number;
	const char	*login;		/* NULL or "": not a registered user */
};

struct vg_viewing_person {
	char	*name;
	char	*id_number;
	char	*login;		/* "" when not a registered user */
};

struct vg_viewing_range {
	char	*camera;
	int64_t	 from_us, to_us;
	int64_t	 logged_us;
};

struct vg_viewing {
	int64_t			  id;
	char			 *ref;		/* the request */
	char			 *operator_login;
	char			 *operator_name;
	char			 *source;
	int64_t			  started_us;
	int64_t			  ended_us;	/* 0 while open */
	int			  not_involved;
	char			 *notes;
	char			 *destination;	/* a destination kind, "none", or "" */
	char			 *recipient_name;
	char			 *recipient_id;
	int			  copied;
	char			 *exports;	/* the exports of the copy handed over: "REQ-2026-0004-E1.tar, ..." or "" */
	struct vg_viewing_person *people;
	size_t			  npeople;
	struct vg_viewing_range	 *ranges;
	size_t			  nranges;
};

/*
 * Starts a viewing run by the actor (the operator, viewing.run and the
 * route's operator roles): only inside an active grant; the viewers named with
 * an ID in a known format (a problem with one names its row, viewer_name_N or
 * viewer_id_N, in err->field); with the request's other open viewings, never
 * more people at once than the request was approved for, nor than the
 * profile's limit (where the profile says so, counted over every request for
 * the same footage); the declaration that no involved party takes part; where
 * the requester kind or route says, the registering officer among the
 * viewers; where the profile says, only the requester and the request's
 * co-applicants view; the registered viewers a route requires.
 */
int	viewings_start(struct vg_site *, const struct vg_actor *, const char *ref,
	    const struct viewing_person *, size_t n, int not_involved, int64_t *id,
	    struct vg_err *);
/* The checks of viewings_start without starting anything: the viewing form
 * runs them before it asks the operator to confirm. */
int	viewings_check_start(struct vg_site *, const struct vg_actor *, const char *ref,
	    const struct viewing_person *, size_t n, int not_involved, struct vg_err *);
/* Logs a range actually played: a camera of the grant, inside its range,
 * while the grant is active and the viewing open. */
int	viewings_play(struct vg_site *, const struct vg_actor *, int64_t id, const char *camera,
	    int64_t from_us, int64_t to_us, struct vg_err *);
/*
 * How a viewing ended: copied = a copy was handed over (copy grants only), to
 * a destination kind of the profile and a recipient named with their ID, as
 * requests_allow_destination decides; else destination is "none" (nothing
 * left the viewing) or empty where the profile does not ask the record to say.
 */
struct viewing_end {
	const char	*notes;
	int		 copied;
	const char	*destination;
	const char	*recipient;
	const char	*recipient_id;
};
/* Ends a viewing.  Starts the usage-report clock where the profile has one. */
int	viewings_end(struct vg_site *, const struct vg_actor *, int64_t id,
	    const struct viewing_end *, struct vg_err *);
/* The destination kinds a copy under REF's grant may go to (those every route
 * of it allows), for the end form; the caller frees the array only. */
const struct pol_destination **viewings_destinations(struct vg_site *, const char *ref,
	    size_t *n);

/* Viewings the actor may see (viewing.run or request.read_all: all; else
 * those of their own requests); ref NULL = all requests.  Viewers' ID numbers
 * longer than eight characters (resident identity cards, passports) come
 * masked but for their last four characters when viewings_ids_masked. */
struct vg_viewing	*viewings_list(struct vg_site *, const struct vg_actor *, const char *ref,
			    size_t *n);
/* Whether viewings_list masks ID numbers for the actor: unless they hold
 * audit.read or review.signoff. */
int			 viewings_ids_masked(struct vg_site *, const struct vg_actor *);
/* The viewings the actor runs now (open, with the actor as operator): the
 * console's running-viewing banner. */
struct vg_viewing	*viewings_running(struct vg_site *, const struct vg_actor *, size_t *n);
void			 viewings_free_list(struct vg_viewing *, size_t n);

/*
 * What a viewing of REF started by the actor now must satisfy, for the
 * viewing form: how many viewers may be named (the number approved, less
 * those viewing the request now, at most the profile's limit at once), the
 * registering officer who escorts external viewers where the route says so,
 * and the route's conditions.  Refuses as viewings_start would when the actor
 * may not run a viewing of REF now.
 */
struct viewing_terms {
	int	  max_viewers;
	int	  approved;		/* viewers the request was approved for */
	int	  limit;		/* the profile's limit at once */
	int	  viewing_now;		/* people at the request's open viewings */
	int	  copy;			/* a copy grant: the end may record a copy handed over */
	int64_t	  grant_until_us;
	char	 *escort_name;		/* NULL: no escort officer required */
	char	 *escort_id;
	char	 *escort_article;
	char	**conditions;		/* "text [article]", current language */
	size_t	  nconditions;
	char	**required;		/* registered viewers required: "who [article]" */
	size_t	  nrequired;
	char	 *applicants;		/* where only applicants view: "the requester, NAME (ID),
					 * ..."; else NULL */
};
int	viewings_terms(struct vg_site *, const struct vg_actor *, const char *ref,
	    struct viewing_terms *, struct vg_err *);
void	viewings_terms_free(struct viewing_terms *);

#endif
