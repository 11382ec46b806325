/* register.h — the authorised-personnel register as its keeper works it: states, renewal each school year, revocation. */
#ifndef VG_REGISTER_H
#define VG_REGISTER_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * HHKCS 2.1.5, 2.4.1: only trained people on the list the operations head
 * approves operate the system, and the list is authorised again at the start
 * of every school year and whenever someone moves.  An entry (users.h:
 * authz_add makes one) is valid from its grant until the start of the next
 * school year; renewing it makes a new entry for the school year after, and
 * revoking it ends it now with a reason.  Entries are never deleted.
 */

#define REGISTER_SOON_DAYS 30	/* "expiring within 30 days" (issue 13) */

enum reg_state {
	REG_VALID,
	REG_EXPIRING,		/* valid, ends within REGISTER_SOON_DAYS, not renewed */
	REG_RENEWED,		/* a later unrevoked entry of the same person follows it */
	REG_EXPIRED,
	REG_REVOKED
};

struct reg_entry {
	int64_t		 id;
	char		*login;
	char		*name;
	char		*roles;		/* "guard, ict" */
	char		*scope;
	int64_t		 trained_on_us;
	int64_t		 granted_us;
	int64_t		 until_us;
	char		*granted_by;
	int64_t		 revoked_us;
	char		*revoked_by;
	char		*revoke_reason;
	int64_t		 renews;	/* the entry this one renewed, or 0 */
	enum reg_state	 state;
};

/* Every entry, each person's newest first, as of now (register.manage, or
 * review.signoff for the review).  NULL with err when refused. */
struct reg_entry	*register_list(struct vg_site *, const struct vg_actor *, size_t *n,
			    struct vg_err *);
void			 register_free(struct reg_entry *, size_t n);
const char		*register_state_code(enum reg_state);	/* "valid" */
const char		*register_state_name(enum reg_state);	/* translated */

/* A new entry for the next school year after the person's newest unrevoked
 * entry (or after now, when it has ended): trained_on 0 and scope NULL keep
 * the last entry's.  *until gets the new end.  Audited as register.renew. */
int	register_renew(struct vg_site *, const struct vg_actor *, const char *login,
	    int64_t trained_on_us, const char *scope, int64_t *until, struct vg_err *);
/* Ends every valid entry of the person now, with the reason; audited as
 * register.revoke.  The person's sessions end within seconds (sshd). */
int	register_revoke(struct vg_site *, const struct vg_actor *, const char *login,
	    const char *reason, struct vg_err *);
/* People whose authorisation ends within REGISTER_SOON_DAYS and is not
 * renewed (0 for those who may not read the register). */
int	register_expiring_count(struct vg_site *, const struct vg_actor *);

#endif
