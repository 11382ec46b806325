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
