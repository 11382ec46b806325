/* config-cameras.c — cameras.cfg: the camera list, validated and written atomically. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cfgread.h"
#include "core/util.h"


int
valid_camera_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '-' && *s != '_')
			return 0;
	return 1;
}

int
valid_camera_url(const char *s, char *why, size_t n)
{
	const char *host;

	if (strncmp(s, "rtsp://", 7) == 0)
		host = s + 7;
	else if (strncmp(s, "rtsps://", 8) == 0)
		host = s + 8;
	else {
		snprintf(why, n, _("\"%s\" is not an rtsp:// or rtsps:// URL"), s);
		return -1;
	}
	if (*host == '\0' || *host == '/' || strlen(s) > 1024 || vg_has_control(s) ||
	    strchr(s, ' ') != NULL) {
		snprintf(why, n, _("\"%s\" has no host or contains spaces"), s);
		return -1;
	}
	return 0;
}

static int
one_of(const char *v, const char *a, const char *b, const char *c)
{
	return strcmp(v, a) == 0 || strcmp(v, b) == 0 || (c && strcmp(v, c) == 0);
}

/* Checks a camera's own fields; the policy's rules are checked by the site. */
int
camera_check(const struct vg_camera *c, const char *file, struct vg_err *err)
{
	char why[256], at[320];

	if (c->line > 0)
		snprintf(at, sizeof at, "%s:%d: camera \"%s\"", file, c->line, c->id);
	else
		snprintf(at, sizeof at, "%s: camera \"%s\"", file, c->id);
	if (!valid_camera_id(c->id))
		return vg_seterr(err, VG_CONFIG,
		    _("%s: id must be 1-32 characters: lower-case letters, digits, - and _"), at);
	if (c->name[0] == '\0' || !vg_valid_utf8(c->name) || vg_has_control(c->name))
		return vg_seterr(err, VG_CONFIG, _("%s: name must be non-empty plain text"), at);
	if (!vg_valid_utf8(c->location) || vg_has_control(c->location) ||
	    !vg_valid_utf8(c->unit) || vg_has_control(c->unit) ||
	    !vg_valid_utf8(c->zone) || vg_has_control(c->zone))
		return vg_seterr(err, VG_CONFIG,
		    _("%s: location, unit and zone must be plain text"), at);
	if (valid_camera_url(c->url, why, sizeof why) != 0)
		return vg_seterr(err, VG_CONFIG, "%s: url: %s", at, why);
	if (!one_of(c->privacy, "public", "sensitive", "interior"))
		return vg_seterr(err, VG_CONFIG,
		    _("%s: privacy \"%s\" must be public, sensitive or interior"), at, c->privacy);
	if (!one_of(c->mode, "continuous", "motion", NULL))
		return vg_seterr(err, VG_CONFIG,
		    _("%s: mode \"%s\" must be continuous or motion"), at, c->mode);
	if (!one_of(c->transport, "tcp", "udp", NULL))
		return vg_seterr(err, VG_CONFIG,
		    _("%s: transport \"%s\" must be tcp or udp"), at, c->transport);
	if (c->retention_days < 0 || c->retention_days > 3650)
		return vg_seterr(err, VG_CONFIG,
		    _("%s: retention_days %d must be from 1 to 3650"), at, c->retention_days);
	if (c->priority < 1 || c->priority > 10)
		return vg_seterr(err, VG_CONFIG,
		    _("%s: priority %d must be from 1 to 10"), at, c->priority);
	return 0;
}

static const char *const cam_keys[] = {
	"id", "name", "location", "unit", "url", "privacy", "zone",
	"retention_days", "mode", "transport", "priority", "enabled", NULL
};

static int
load_one(struct cfgr *r, config_setting_t *e, int idx, struct vg_camera *c)
{
	char where[32];

	memset(c, 0, sizeof *c);
	c->line = cfgr_line(e);
	snprintf(where, sizeof where, "cameras[%d]", idx);
	if (cfgr_only(r, e, where, cam_keys) ||
	    cfgr_str(r, e, where, "id", NULL, &c->id) ||
	    cfgr_str(r, e, where, "name", NULL, &c->name) ||
	    cfgr_str(r, e, where, "url", NULL, &c->url) ||
	    cfgr_str(r, e, where, "location", "", &c->location) ||
	    cfgr_str(r, e, where, "unit", "", &c->unit) ||
	    cfgr_str(r, e, where, "privacy", "public", &c->privacy) ||
	    cfgr_str(r, e, where, "zone", "", &c->zone) ||
	    cfgr_str(r, e, where, "mode", "continuous", &c->mode) ||
	    cfgr_str(r, e, where, "transport", "tcp", &c->transport) ||
	    cfgr_int(r, e, where, "retention_days", 0, 1, 3650, &c->retention_days) ||
	    cfgr_int(r, e, where, "priority", 5, 1, 10, &c->priority) ||
	    cfgr_bool(r, e, where, "enabled", 1, &c->enabled))
		return -1;
	return camera_check(c, r->file, r->err);
}

int
cameras_load(const char *path, struct vg_cameras *out, struct vg_err *err)
{
	static const char *const top[] = { "cameras", NULL };
	struct cfgr r = { path, err };
	config_setting_t *list;
	config_t c;
	int n, failed, rc = -1;

	out->v = NULL;
	out->n = 0;
	if (cfgr_open(&c, path, err) != 0)
		return -1;
	if (cfgr_only(&r, config_root_setting(&c), "", top) != 0)
		goto out;
	list = cfgr_list(&r, config_root_setting(&c), "", "cameras", &n, &failed);
	if (failed)
		goto out;
	out->v = xcalloc((size_t)n, sizeof *out->v);
	for (int i = 0; i < n; i++) {
		struct vg_camera *cam = &out->v[i];

		out->n = (size_t)i + 1;
		if (load_one(&r, config_setting_get_elem(list, (unsigned)i), i, cam) != 0)
			goto out;
		for (int j = 0; j < i; j++)
			if (strcmp(out->v[j].id, cam->id) == 0) {
				vg_seterr(err, VG_CONFIG,
				    _("%s:%d: camera \"%s\": duplicate id (first defined at line %d)"),
				    path, cam->line, cam->id, out->v[j].line);
				goto out;
			}
	}
	rc = 0;
out:
	config_destroy(&c);
	if (rc != 0)
		cameras_free(out);
	return rc;
}

void
camera_free(struct vg_camera *c)
{
	free(c->id);
	free(c->name);
	free(c->location);
	free(c->unit);
	free(c->url);
	free(c->privacy);
	free(c->zone);
	free(c->mode);
	free(c->transport);
	memset(c, 0, sizeof *c);
}

void
camera_copy(struct vg_camera *d, const struct vg_camera *s)
{
	d->id = xstrdup(s->id);
	d->name = xstrdup(s->name);
	d->location = xstrdup(s->location);
	d->unit = xstrdup(s->unit);
	d->url = xstrdup(s->url);
	d->privacy = xstrdup(s->privacy);
	d->zone = xstrdup(s->zone);
	d->mode = xstrdup(s->mode);
	d->transport = xstrdup(s->transport);
	d->retention_days = s->retention_days;
	d->priority = s->priority;
	d->enabled = s->enabled;
	d->line = s->line;
}

void
cameras_free(struct vg_cameras *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		camera_free(&cs->v[i]);
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}

const struct vg_camera *
cameras_find(const struct vg_cameras *cs, const char *id)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].id, id) == 0)
			return &cs->v[i];
	return NULL;
}

static void
put_str(struct vg_buf *b, const char *key, const char *v)
{
	buf_printf(b, "    %s = \"", key);
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, v, 1);
	}
	buf_puts(b, "\";\n");
}

/* Writes the list to a temporary file, re-reads it as validation, then renames. */
int
cameras_save(const char *path, const struct vg_cameras *cs, struct vg_err *err)
{
	char *tmp;
	struct vg_cameras check;
	struct vg_buf b;
	int r = -1;

	for (size_t i = 0; i < cs->n; i++) {
		if (camera_check(&cs->v[i], path, err) != 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(cs->v[i].id, cs->v[j].id) == 0)
				return vg_seterr(err, VG_CONFIG,
				    _("%s: camera \"%s\": duplicate id"), path, cs->v[i].id);
	}
	buf_init(&b);
	buf_puts(&b, "# cameras.cfg — the cameras this site records.  See README.md.\n"
	    "cameras = (\n");
	for (size_t i = 0; i < cs->n; i++) {
		const struct vg_camera *c = &cs->v[i];

		buf_puts(&b, "  {\n");
		put_str(&b, "id", c->id);
		put_str(&b, "name", c->name);
		put_str(&b, "location", c->location);
		put_str(&b, "unit", c->unit);
		put_str(&b, "url", c->url);
		put_str(&b, "privacy", c->privacy);
		put_str(&b, "zone", c->zone);
		if (c->retention_days > 0)
			buf_printf(&b, "    retention_days = %d;\n", c->retention_days);
		put_str(&b, "mode", c->mode);
		put_str(&b, "transport", c->transport);
		buf_printf(&b, "    priority = %d;\n", c->priority);
		buf_printf(&b, "    enabled = %s;\n", c->enabled ? "true" : "false");
		buf_printf(&b, "  }%s\n", i + 1 < cs->n ? "," : "");
	}
	buf_puts(&b, ");\n");
	tmp = xasprintf("%s.new.%ld", path, (long)getpid());
	if (vg_write_file_atomic(tmp, b.s, b.len, 0640, err) != 0)
		goto out;
	if (cameras_load(tmp, &check, err) != 0)
		goto out;
	cameras_free(&check);
	if (rename(tmp, path) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot replace %s: %s"), path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	unlink(tmp);
	free(tmp);
	buf_free(&b);
	return r;
}
