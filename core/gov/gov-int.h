/* gov-int.h — what the procedure's modules (requests, approvals, viewings, holds,
 * reports) share inside core/gov and nobody outside needs. */
#ifndef VG_GOV_INT_H
#define VG_GOV_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/gov/policy.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

struct vg_request;
struct vg_viewing;
struct req_camera;

#define GOV_DAY_US (INT64_C(86400) * INT64_C(1000000))

/* A request by reference with no visibility check (requests.c). */
struct vg_request	*requests_load_any(struct vg_site *, const char *ref, struct vg_err *);
/* Whether a request's grant is active now (requests.c). */
int			 requests_grant_active(const struct vg_request *, int64_t now);
/* Whether the actor may submit, withdraw, file the usage report of, or run a
 * viewing of the request now: the checks the actions make, shared with
 * requests_actions so that the console offers exactly what would succeed. */
int	requests_submit_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	requests_withdraw_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	reports_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	viewings_check(struct vg_site *, const struct vg_actor *, const struct vg_request *,
	    struct vg_err *);
/* An open viewing's request reference (caller frees) and operator, or NULL
 * with the refusal: no such viewing, or it has ended (viewings.c). */
char	*viewings_open_ref(struct vg_site *, int64_t id, int64_t *operator_id, struct vg_err *);
/* An ID document number in a known format, else a refusal citing rules.identity
 * beside field; a person's name and ID the same way, each named for the
 * message by name_what and id_what (people.c). */
int	people_check_id(const struct vg_policy *, const char *id, const char *field,
	    struct vg_err *);
int	people_check_person(const struct vg_policy *, const char *name, const char *id,
	    const char *fname, const char *fid, const char *name_what, const char *id_what,
	    struct vg_err *);
/* A request's co-applicants: names and IDs, no ID twice (copies.c). */
struct req_person;
struct pol_plan;
struct req_draft;
int	copies_check_applicants(const struct vg_policy *, const struct req_person *, size_t n,
	    struct vg_err *);
/* What a copy request must state under its plan: the formal letter, the manner,
 * the people who take it, the hold term (copies.c). */
int	copies_check_terms(const struct vg_policy *, const struct pol_plan *,
	    const struct req_draft *, struct vg_err *);
/* Whether a request under this plan may carry a letter's reference. */
int	copies_letter_allowed(const struct pol_plan *);
/* What a grant's copy holds need (approvals.c), from a request or a draft. */
struct copies_grant {
	int64_t		 request_id;
	const char	*ref;
	const char	*kind;
	const char	*routes;	/* "a,b" */
	const char	*hold_term;
	char *const	*cameras;
	size_t		 ncameras;
	int64_t		 from_us, to_us;
};
int	copies_holds_tx(struct vg_site *, const struct vg_actor *, const struct copies_grant *,
	    struct vg_err *);

/* A limit's article, or "site setting" where the policy states no number. */
const char	*policy_site_setting(const char *article);

/* Viewers (viewers.c): who may view at a viewing of q and how many at once. */
struct viewing_person;
struct vg_user;
struct viewers_person {
	const char	*name;
	const char	*id_number;
	struct vg_user	*user;		/* a registered viewer, else NULL */
};
int	viewers_check(struct vg_site *, const struct vg_request *,
	    const struct viewing_person *, size_t n, struct viewers_person **, struct vg_err *);
void	viewers_free(struct viewers_person *, size_t n);
/* People at q's open viewings now; at open viewings of q's footage under any request. */
int64_t	viewers_now(struct vg_site *, const struct vg_request *);
int64_t	viewers_same_footage_now(struct vg_site *, const struct vg_request *);
/* "who [article]" for each registered viewer q's routes require. */
char	**viewers_required(struct vg_site *, const struct vg_request *, size_t *n);
/* Who may view where only applicants view, for the form; NULL elsewhere. */
char	*viewers_applicants_text(struct vg_site *, const struct vg_request *);

/* Every viewing of a request, oldest first, whoever may see it (viewings.c). */
struct vg_viewing	*viewings_of_request(struct vg_site *, int64_t request_id, size_t *n);
/* The exports made from a viewing's hand-over, "A.tar, B.tar" or "" (exports.c). */
char			*exports_of_viewing(struct vg_site *, int64_t viewing_id);
/* The /exports/ folder of the download tree (exports-download.c; downloads.h). */
struct dl_entry;
struct dl_file;
int	exports_dl_list(struct vg_site *, const struct vg_actor *, struct dl_entry **, size_t *n,
	    struct vg_err *);
int	exports_dl_lookup(struct vg_site *, const struct vg_actor *, const char *name,
	    struct dl_entry *, struct vg_err *);
int	exports_dl_open(struct vg_site *, const struct vg_actor *, const char *name,
	    const char *protocol, struct dl_file *, struct vg_err *);
int	exports_dl_close(struct vg_site *, const struct vg_actor *, struct dl_file *, int64_t from,
	    int64_t bytes, int complete, struct vg_err *);
/* Every camera not removed from cameras.cfg, ordered by id (requests-offer.c). */
struct req_camera	*requests_all_cameras(struct vg_site *, size_t *n);

#endif
