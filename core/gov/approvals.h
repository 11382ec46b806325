/* approvals.h — signing and rejecting the approval steps of a request. */
#ifndef VG_APPROVALS_H
#define VG_APPROVALS_H

struct vg_err;
struct vg_site;
struct vg_actor;
struct vg_request;

/*
 * Hard rules, each refused with its own message and article: the requester
 * never approves their own request; one person never signs two steps of the
 * same request; a step is signed only by someone holding one of its roles and
 * belonging to its unit where the profile says so; level-3 units never decide
 * (where the profile says so); the footage must still exist; a rejection has a
 * written reason; a step marked as a written instruction has a comment.
 */
int	approvals_approve(struct vg_site *, const struct vg_actor *, const char *ref,
	    const char *comment, int *granted, struct vg_err *);
int	approvals_reject(struct vg_site *, const struct vg_actor *, const char *ref,
	    const char *reason, struct vg_err *);
/* Whether the actor may decide the request's current step now: 0 with its
 * index in *step, or -1 with the refusal `approve` would give. */
int	approvals_can_sign(struct vg_site *, const struct vg_actor *, const struct vg_request *,
	    int *step, struct vg_err *);

#endif
