/* policy.h — a school's CCTV policy profile (etc/policies/NAME.cfg), as data. */
#ifndef VG_POLICY_H
#define VG_POLICY_H

#include <stddef.h>

struct vg_err;
struct vg_buf;

/*
 * Capabilities are fixed in code (caps.c) so that a profile cannot invent one
 * that nothing enforces; a profile only says which roles hold which.
 */
extern const char *const vg_caps[];
extern const size_t vg_ncaps;
int	cap_known(const char *);

struct pol_role {
	char	 *name;
	char	 *title;
	char	 *title_zh;
	char	**caps;
	size_t	  ncaps;
	int	  needs_authorization;	/* must be on the authorised-personnel register */
	int	  totp;			/* second factor required at login */
	char	 *article;
};

struct pol_unit {
	char	*id;
	char	*name;
	int	 level;		/* DLUT art. 7: 1, 2 or 3 */
	char	*parent;
	char	*campus;
};

/* Retention for a camera class or zone kind; the camera's own retention_days
 * may not go below min_days (never "configurable except towards stricter"). */
struct pol_retention {
	char	*privacy;	/* "" = any */
	char	*zone;		/* "" = any */
	int	 days;		/* default for cameras that do not say */
	int	 min_days;
	char	*article;
};

struct vg_policy {
	char			*path;
	char			*name;
	char			*title;
	char			*source;
	struct pol_role		*roles;
	size_t			 nroles;
	struct pol_unit		*units;
	size_t			 nunits;
	char			**zones;
	size_t			 nzones;
	struct pol_retention	*retention;	/* most specific first is not required */
	size_t			 nretention;
	int			 default_days;
	int			 default_min_days;
	char			*retention_article;
};

struct vg_policy	*policy_load(const char *path, struct vg_err *);
void			 policy_free(struct vg_policy *);

const struct pol_role	*policy_role(const struct vg_policy *, const char *name);
const struct pol_unit	*policy_unit(const struct vg_policy *, const char *id);
int			 policy_zone_known(const struct vg_policy *, const char *zone);
int			 policy_role_has_cap(const struct pol_role *, const char *cap);

/* Retention that applies to a camera of this class and zone: the most
 * specific matching rule (zone and class, then zone, then class, then the
 * default).  *article names where it comes from. */
void	policy_retention(const struct vg_policy *, const char *privacy, const char *zone,
	    int *days, int *min_days, const char **article);

/* A human-readable dump: roles, capabilities, units, retention. */
void	policy_describe(const struct vg_policy *, struct vg_buf *);

#endif
