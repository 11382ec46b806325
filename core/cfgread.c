/* cfgread.c — typed libconfig reads whose errors say file:line: setting: problem. */
#include "core/cfgread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

int
cfgr_open(config_t *c, const char *path, struct vg_err *err)
{
	config_init(c);
	if (access(path, R_OK) != 0) {
		vg_seterr(err, VG_CONFIG, _("cannot read %s: %s"), path, strerror(errno));
		config_destroy(c);
		return -1;
	}
	if (config_read_file(c, path) != CONFIG_TRUE) {
		vg_seterr(err, VG_CONFIG, _("%s:%d: syntax error: %s"),
		    config_error_file(c) ? config_error_file(c) : path,
		    config_error_line(c), config_error_text(c));
		config_destroy(c);
		return -1;
	}
	return 0;
}

int
cfgr_line(config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

int
cfgr_fail(struct cfgr *r, config_setting_t *at, const char *where, const char *key,
    const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return vg_seterr(r->err, VG_CONFIG, "%s:%d: %s%s%s: %s", r->file, cfgr_line(at),
	    where ? where : "", (where && *where && key) ? "." : "", key ? key : "", what);
}

int
cfgr_str(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    const char *dflt, char **out)
{
	config_setting_t *s = config_setting_get_member(g, key);
	const char *v;

	if (s == NULL) {
		if (dflt == NULL)
			return cfgr_fail(r, g, where, key, "%s", _("required setting is missing"));
		*out = xstrdup(dflt);
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfgr_fail(r, s, where, key, "%s", _("must be a quoted string"));
	v = config_setting_get_string(s);
	if (!vg_valid_utf8(v) || vg_has_control(v))
		return cfgr_fail(r, s, where, key, "%s", _("must be plain UTF-8 text"));
	*out = xstrdup(v);
	return 0;
}

int
cfgr_int(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    int dflt, int min, int max, int *out)
{
	config_setting_t *s = config_setting_get_member(g, key);
	long long v;

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		return cfgr_fail(r, s, where, key, "%s", _("must be a whole number"));
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return cfgr_fail(r, s, where, key, _("%lld must be from %d to %d"), v, min, max);
	*out = (int)v;
	return 0;
}

int
cfgr_bool(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    int dflt, int *out)
{
	config_setting_t *s = config_setting_get_member(g, key);

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return cfgr_fail(r, s, where, key, "%s", _("must be true or false"));
	*out = config_setting_get_bool(s);
	return 0;
}

int
cfgr_strs(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    char ***out, size_t *n)
{
	config_setting_t *s = config_setting_get_member(g, key);
	int len;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return 0;
	if (!config_setting_is_array(s) && !config_setting_is_list(s))
		return cfgr_fail(r, s, where, key, "%s", _("must be a list of strings [ \"a\", \"b\" ]"));
	len = config_setting_length(s);
	*out = xcalloc((size_t)len + 1, sizeof **out);
	for (int i = 0; i < len; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);

		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			cfgr_free_strs(*out, *n);
			*out = NULL;
			*n = 0;
			return cfgr_fail(r, e, where, key, _("item %d must be a quoted string"), i + 1);
		}
		(*out)[i] = xstrdup(config_setting_get_string(e));
		*n = (size_t)i + 1;
	}
	return 0;
}

void
cfgr_free_strs(char **v, size_t n)
{
	vg_strv_free(v, n);
}

int
cfgr_only(struct cfgr *r, config_setting_t *g, const char *where, const char *const *keys)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		int known = 0;

		for (const char *const *k = keys; *k != NULL; k++)
			known |= name != NULL && strcmp(name, *k) == 0;
		if (!known)
			return cfgr_fail(r, s, where, name, "%s", _("unknown setting"));
	}
	return 0;
}

config_setting_t *
cfgr_list(struct cfgr *r, config_setting_t *g, const char *where, const char *key,
    int *n, int *failed)
{
	config_setting_t *s = config_setting_get_member(g, key);

	*n = 0;
	*failed = 0;
	if (s == NULL)
		return NULL;
	if (!config_setting_is_list(s)) {
		cfgr_fail(r, s, where, key, "%s", _("must be a list ( {...}, {...} )"));
		*failed = 1;
		return NULL;
	}
	*n = config_setting_length(s);
	for (int i = 0; i < *n; i++)
		if (!config_setting_is_group(config_setting_get_elem(s, (unsigned)i))) {
			cfgr_fail(r, config_setting_get_elem(s, (unsigned)i), where, key,
			    _("item %d must be a group { ... }"), i + 1);
			*failed = 1;
			return NULL;
		}
	return s;
}
