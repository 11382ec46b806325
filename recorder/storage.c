/* storage.c — segment file names and the storage tree. */
#include "recorder/storage.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/config.h"
#include "core/timefmt.h"
#include "core/util.h"

char *
storage_relpath(const char *camera, int64_t seq, int64_t start_us)
{
	char day[32];

	return xasprintf("%s/%s/%s-%0*lld.mp4", camera, time_fmt_date(start_us, day), camera,
	    STORAGE_SEQ_DIGITS, (long long)seq);
}

/* "YYYY-MM-DD" → local midnight, or -1. */
static int
parse_day(const char *s, size_t len, int64_t *day_us)
{
	char tmp[16];
	int64_t us;
	struct vg_err err;

	if (len != 10)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (time_parse_date(tmp, &us, &err) != 0)
		return -1;
	*day_us = us;
	return 0;
}

int
storage_parse(const char *rel, char *camera, size_t camlen, int64_t *seq, int64_t *day_us)
{
	const char *s1 = strchr(rel, '/'), *s2, *name, *dash;
	size_t clen, nlen;
	long long n = 0;
	char cam[64];

	if (s1 == NULL || (s2 = strchr(s1 + 1, '/')) == NULL || strchr(s2 + 1, '/') != NULL)
		return -1;
	clen = (size_t)(s1 - rel);
	if (clen == 0 || clen >= sizeof cam || clen >= camlen)
		return -1;
	memcpy(cam, rel, clen);
	cam[clen] = '\0';
	if (!valid_camera_id(cam) || parse_day(s1 + 1, (size_t)(s2 - s1 - 1), day_us) != 0)
		return -1;
	name = s2 + 1;
	nlen = strlen(name);
	/* <camera>-<digits>.mp4 */
	if (nlen != clen + 1 + STORAGE_SEQ_DIGITS + 4 || strncmp(name, cam, clen) != 0 ||
	    name[clen] != '-' || strcmp(name + nlen - 4, ".mp4") != 0)
		return -1;
	dash = name + clen + 1;
	for (int i = 0; i < STORAGE_SEQ_DIGITS; i++) {
		if (dash[i] < '0' || dash[i] > '9')
			return -1;
		n = n * 10 + (dash[i] - '0');
	}
	if (n < 1)
		return -1;
	memcpy(camera, cam, clen + 1);
	*seq = n;
	return 0;
}

int
storage_mkdirs(const char *root, const char *rel, struct vg_err *err)
{
	char *full = vg_path_join(root, rel), *dir = vg_dirname(full), *p;
	size_t rootlen = strlen(root);
	int r = 0;

	/* Walk down from the root; a directory we create makes its parent dirty. */
	for (p = dir + rootlen + 1; r == 0; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0750) == 0) {
				char *parent = vg_dirname(dir);

				vg_fsync_dir(parent);
				free(parent);
			} else if (errno != EEXIST)
				r = vg_seterr(err, VG_FAILED, _("cannot create directory %s: %s"), dir,
				    strerror(errno));
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	free(full);
	return r;
}

static int
walk_camera(const char *root, const char *camera, storage_fn fn, void *arg)
{
	char *cdir = vg_path_join(root, camera);
	DIR *cd = opendir(cdir), *dd;
	struct dirent *de, *fe;
	int r = 0;

	while (cd != NULL && r == 0 && (de = readdir(cd)) != NULL) {
		char *ddir;

		if (de->d_name[0] == '.')
			continue;
		ddir = xasprintf("%s/%s", cdir, de->d_name);
		dd = opendir(ddir);
		while (dd != NULL && r == 0 && (fe = readdir(dd)) != NULL) {
			char *rel, cam[64];
			int64_t seq, day;

			if (fe->d_name[0] == '.')
				continue;
			rel = xasprintf("%s/%s/%s", camera, de->d_name, fe->d_name);
			if (storage_parse(rel, cam, sizeof cam, &seq, &day) == 0 &&
			    strcmp(cam, camera) == 0)
				r = fn(rel, cam, seq, day, arg);
			free(rel);
		}
		if (dd != NULL)
			closedir(dd);
		free(ddir);
	}
	if (cd != NULL)
		closedir(cd);
	free(cdir);
	return r;
}

int
storage_walk(const char *root, const char *camera, storage_fn fn, void *arg)
{
	DIR *d;
	struct dirent *e;
	int r = 0;

	if (camera != NULL)
		return walk_camera(root, camera, fn, arg);
	if ((d = opendir(root)) == NULL)
		return 0;
	while (r == 0 && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && valid_camera_id(e->d_name))
			r = walk_camera(root, e->d_name, fn, arg);
	closedir(d);
	return r;
}
