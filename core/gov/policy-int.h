/* policy-int.h — what policy.c and policy-requests.c share inside the policy module. */
#ifndef VG_POLICY_INT_H
#define VG_POLICY_INT_H

#include <libconfig.h>
#include <stddef.h>

struct cfgr;
struct vg_policy;
struct vg_buf;

/* Look-up by a string member over the profile's arrays: POLICY_FIND(p->kinds,
 * p->nkinds, id, "police") is the kind whose id is "police", or NULL. */
const void *policy_find(const void *base, size_t n, size_t size, size_t key_off,
	    const char *key);
#define POLICY_FIND(arr, n, member, key) \
	((const __typeof__(*(arr)) *)policy_find((arr), (n), sizeof *(arr), \
	    offsetof(__typeof__(*(arr)), member), (key)))
/* Defines the look-up fn(p, key) over the profile's array p->arr (p->n##arr long). */
#define POLICY_LOOKUP(fn, type, arr, member) \
	const struct type *fn(const struct vg_policy *p, const char *key) \
	{ \
		return POLICY_FIND(p->arr, p->n##arr, member, key); \
	}

struct pol_text;
struct pol_route;

/* Reads KEY and KEY_zh (defaulting to KEY) into t; dflt NULL = required. */
int	policy_read_text(struct cfgr *, config_setting_t *, const char *where, const char *key,
	    const char *dflt, struct pol_text *);
void	policy_free_text(struct pol_text *);

/* Destinations (policy-destinations.c): the profile's list, and a route's. */
int	policy_load_destinations(struct cfgr *, config_t *, struct vg_policy *);
int	policy_load_route_destinations(struct cfgr *, config_setting_t *, const char *where,
	    const struct vg_policy *, struct pol_route *);
void	policy_free_destinations(struct vg_policy *);
void	policy_describe_destinations(const struct vg_policy *, struct vg_buf *);

/* Who a route's viewings must count among their viewers (policy-viewers.c). */
int	policy_load_viewers_required(struct cfgr *, config_setting_t *, const char *where,
	    const struct vg_policy *, struct pol_route *);
void	policy_free_viewers_required(struct pol_route *);
void	policy_describe_viewers_required(const struct pol_route *, struct vg_buf *);

/* Reads requester kinds, agencies, purposes, routes, holds, limits and rules. */
int	policy_load_requests(struct cfgr *, config_t *, struct vg_policy *);
void	policy_free_requests(struct vg_policy *);
void	policy_describe_requests(const struct vg_policy *, struct vg_buf *);
/* The `live` group (policy-live.c). */
int	policy_load_live(struct cfgr *, config_t *, struct vg_policy *);
void	policy_free_live(struct vg_policy *);
void	policy_describe_live(const struct vg_policy *, struct vg_buf *);

/* The records group: duty event kinds, fault_fix_days (policy-records.c). */
int	policy_load_records(struct cfgr *, config_t *, struct vg_policy *);
void	policy_free_records(struct vg_policy *);
void	policy_describe_records(const struct vg_policy *, struct vg_buf *);

#endif
