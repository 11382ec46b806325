/* site.h — one vigil site: its configuration, policy, database and keys. */
/*
 * core/ is the site: everything the recorder and the front ends share.  db.c is
 * the one file that calls SQLite; migrations.c holds the schema; config, clock,
 * audit, users (roles, capabilities, the register), auth, keys, json and i18n
 * are the infrastructure every other part uses.  The procedure a school's policy
 * sets (requests, approvals, viewings, holds) lives in core/gov/.  core/ never
 * includes recorder/ or tui/; the only file of core/gov/ it uses is the policy
 * profile, which a site loads.
 */
#ifndef VG_SITE_H
#define VG_SITE_H

#include <stdint.h>
#include <sys/types.h>

#include "core/config.h"

struct vg_err;
struct vg_db;
struct vg_policy;

struct vg_site {
	struct vg_config	 cfg;
	struct vg_policy	*pol;
	struct vg_db		*db;
	uint8_t			 sign_sk[64];	/* Ed25519 (libsodium layout) */
	uint8_t			 sign_pk[32];
	int			 have_sk;
	int			 have_pk;	/* sign_pk loaded (with or without sign_sk) */
	/* Set by audit_append inside a transaction; the anchor follows the commit. */
	int64_t			 tx_audit_id;
	char			 tx_audit_hash[65];
};

#define SITE_NO_SIGNING_KEY 0x1	/* read-only tools that never append to the audit */

int	 site_open(const char *config_path, int flags, struct vg_site **, struct vg_err *);
void	 site_close(struct vg_site *);

/* Policy-relevant changes run between site_begin and site_commit, with their
 * audit entries, so that the change and its record land together. */
int	 site_begin(struct vg_site *, struct vg_err *);
int	 site_commit(struct vg_site *, struct vg_err *);
void	 site_rollback(struct vg_site *);
/* Ends a transaction: commits when r is 0, else rolls back; returns the
 * outcome (a failed commit is -1 with err set). */
int	 site_end_tx(struct vg_site *, int r, struct vg_err *);

/* Creates DIR with vigil.cfg, cameras.cfg, the database and keys. */
int	 site_init(const char *dir, const char *policy_name, const char *site_name,
	     const char *actor, struct vg_err *);
/* The pieces of init that `init --system` (site-system.c) shares: the shipped
 * profile's path after checking both names (NULL with err); policy.cfg and an
 * empty cameras.cfg in dir; the signing and host keys in keys_dir; the
 * database with its first audit entry. */
char	*site_init_profile(const char *policy_name, const char *site_name, struct vg_err *);
int	 site_write_profile(const char *dir, const char *policy_src, struct vg_err *);
int	 site_write_keys(const char *keys_dir, uint8_t pk[32], struct vg_err *);
int	 site_init_db(const char *cfgpath, const char *policy_name, const uint8_t pk[32],
	     const char *actor, struct vg_err *);

/* `init --system`: the site in ROOT/etc/vigil (configuration, profile, keys),
 * ROOT/var/lib/vigil (database, footage, exports), ROOT/var/log/vigil (audit
 * witness) and ROOT/run/vigil, owned by user and its group (only root can
 * give them away) with the modes of DESIGN §8.  root "" is the real one. */
struct site_system {
	const char	*root;
	const char	*user;
	const char	*policy;
	const char	*site_name;
	const char	*actor;
};
int	 site_init_system(const struct site_system *, char **cfgpath, struct vg_err *);
/* Root working on a site that belongs to another user (the packaged site
 * belongs to vigil) becomes that user, so that nothing it writes (the audit
 * anchor, the witness, cameras.cfg, the database's journal) turns into root's
 * and locks the services out.  Does nothing for anyone else. */
int	 site_become_owner(const char *cfgpath, struct vg_err *);
/* The site's owner, whose the services and its files are: the owner of
 * vigil.cfg and that user's group (the file's group for a user with no
 * passwd entry).  1 when that is root or vigil.cfg cannot be read: nothing to
 * become or give away. */
int	 site_owner(const char *cfgpath, uid_t *uid, gid_t *gid);

/* Where shipped policy profiles are found ($VIGIL_POLICY_DIR, next to the
 * binary's source tree, then /usr/share/vigil/policies). */
char	*site_policy_dir(void);

/* Checks a camera against the policy (retention minimum and maximum, unit,
 * zone); retention outside the policy's bounds is refused (VG_REFUSED). */
int	 site_check_camera(struct vg_site *, const struct vg_camera *, const char *file,
	     struct vg_err *);
/* Checks every camera of cameras.cfg against another profile, before a site
 * switches to it (retention bounds, units, zones). */
int	 site_check_profile(struct vg_site *, struct vg_policy *, struct vg_err *);
/* Effective retention in days of a camera (its own, or the policy default). */
int	 site_camera_retention(struct vg_site *, const struct vg_camera *);
/* A camera as the database mirrors it. */
struct site_camera {
	char	*id;
	char	*privacy;
	char	*zone;
	char	*unit;
	int	 retention_days;	/* effective (site_camera_retention) */
};
int	 site_camera_load(struct vg_site *, const char *id, struct site_camera *,
	     struct vg_err *);
void	 site_camera_free(struct site_camera *);
/* Loads cameras.cfg, checks it against the policy and mirrors it into the
 * database, auditing what changed.  *changed counts added/changed/removed. */
int	 site_sync_cameras(struct vg_site *, const char *actor, const char *source,
	     int *changed, struct vg_err *);

/* Reads the signing key pair (0600) from the keys directory. */
int	 site_load_signing_key(struct vg_site *, struct vg_err *);
/* Reads only the public half (keys/signing.pub): enough to verify. */
int	 site_load_public_key(struct vg_site *, struct vg_err *);

#endif
