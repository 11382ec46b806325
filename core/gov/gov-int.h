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
/* Every camera not removed from cameras.cfg, ordered by id (requests-offer.c). */
struct req_camera	*requests_all_cameras(struct vg_site *, size_t *n);

#endif
