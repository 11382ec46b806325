/* policy-int.h — what policy.c and policy-requests.c share inside the policy module. */
#ifndef VG_POLICY_INT_H
#define VG_POLICY_INT_H

#include <libconfig.h>

struct cfgr;
struct vg_policy;
struct vg_buf;

/* Reads requester kinds, agencies, purposes, routes, holds, limits and rules. */
int	policy_load_requests(struct cfgr *, config_t *, struct vg_policy *);
void	policy_free_requests(struct vg_policy *);
void	policy_describe_requests(const struct vg_policy *, struct vg_buf *);

#endif
