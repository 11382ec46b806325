/* cfgread.h — typed reads from libconfig groups with messages naming file, line, setting. */
#ifndef VG_CFGREAD_H
#define VG_CFGREAD_H

#include <libconfig.h>
#include <stddef.h>

struct vg_err;

struct cfgr {
	const char	*file;
	struct vg_err	*err;
};

/* Reads a whole file; syntax errors name file and line. */
int	cfgr_open(config_t *, const char *path, struct vg_err *);

/* Each read: "where" is the setting path of grp ("roles[2]"); dflt NULL = required. */
int	cfgr_str(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *key, const char *dflt, char **out);
int	cfgr_int(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *key, int dflt, int min, int max, int *out);
int	cfgr_bool(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *key, int dflt, int *out);
/* An array of strings: [ "a", "b" ]; missing = empty. */
int	cfgr_strs(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *key, char ***out, size_t *n);
/* Every member of grp must be one of keys (NULL-terminated). */
int	cfgr_only(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *const *keys);
/* The list at key (missing = empty, *n = 0); must be a list of groups. */
config_setting_t *cfgr_list(struct cfgr *, config_setting_t *grp, const char *where,
	    const char *key, int *n, int *failed);
int	cfgr_line(config_setting_t *);
int	cfgr_fail(struct cfgr *, config_setting_t *at, const char *where,
	    const char *key, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	cfgr_free_strs(char **, size_t);

#endif
