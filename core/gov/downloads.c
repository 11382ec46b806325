/* downloads.c — the read-only download tree: its folders, paths, listings and opening files. */
#include "core/gov/downloads.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/gov/gov-int.h"
#include "core/gov/review-int.h"
#include "core/util.h"

/* What a folder of the tree does; the functions live with what they serve. */
struct dl_folder {
	const char	*name;
	/* What the actor may download from here now; -1 with err if nothing at all. */
	int		(*list)(struct vg_site *, const struct vg_actor *, struct dl_entry **, size_t *,
			    struct vg_err *);
	/* One name, if the actor may download it now; else -1 saying why. */
	int		(*lookup)(struct vg_site *, const struct vg_actor *, const char *name,
			    struct dl_entry *, struct vg_err *);
	int		(*open)(struct vg_site *, const struct vg_actor *, const char *name,
			    const char *protocol, struct dl_file *, struct vg_err *);
	int		(*close)(struct vg_site *, const struct vg_actor *, struct dl_file *,
			    int64_t from, int64_t bytes, int complete, struct vg_err *);
};

static const struct dl_folder folders[] = {
	{ .name = "exports", .list = exports_dl_list, .lookup = exports_dl_lookup,
	  .open = exports_dl_open, .close = exports_dl_close },
	/* Issue 13: the monthly review's reports, for review.signoff or audit.read. */
	{ .name = "reports", .list = reports_dl_list, .lookup = reports_dl_lookup,
	  .open = reports_dl_open, .close = reports_dl_close },
};

/*---- Paths ----*/

/* "/exports/" (and the other folders): what the tree holds, for messages. */
static char *
folder_names(void)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < VG_ARRLEN(folders); i++)
		buf_printf(&b, "%s/%s/", i ? ", " : "", folders[i].name);
	return buf_steal(&b);
}

int
dl_path(const char *path, char **out, struct vg_err *err)
{
	char *copy = xstrdup(path), *save = NULL, *w;
	char **parts = NULL;
	size_t n = 0;
	struct vg_buf b;

	*out = NULL;
	if (strlen(path) > 4096 || !vg_valid_utf8(path) || vg_has_control(path)) {
		free(copy);
		return vg_seterr(err, VG_REFUSED, "%s", _("the path is not plain text"));
	}
	for (w = strtok_r(copy, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		if (strcmp(w, ".") == 0)
			continue;
		if (strcmp(w, "..") == 0) {
			if (n == 0) {
				char *names = folder_names();

				vg_seterr(err, VG_REFUSED, _("%s leads out of the download tree, which "
				    "holds only %s"), path, names);
				free(names);
				free(parts);
				free(copy);
				return -1;
			}
			n--;
			continue;
		}
		parts = xrealloc(parts, (n + 1) * sizeof *parts);
		parts[n++] = w;
	}
	buf_init(&b);
	buf_puts(&b, n == 0 ? "/" : "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "/%s", parts[i]);
	*out = buf_steal(&b);
	free(parts);
	free(copy);
	return 0;
}

/* The folder of a normalized path and the name inside it ("" for the folder
 * itself); NULL with NOTFOUND when the path names nothing the tree has. */
static const struct dl_folder *
locate(const char *norm, const char *orig, const char **name, struct vg_err *err)
{
	char *names;

	for (size_t i = 0; i < VG_ARRLEN(folders); i++) {
		size_t n = strlen(folders[i].name);

		if (norm[0] == '/' && strncmp(norm + 1, folders[i].name, n) == 0 &&
		    (norm[1 + n] == '\0' || (norm[1 + n] == '/' && !strchr(norm + 2 + n, '/')))) {
			*name = norm[1 + n] ? norm + 2 + n : "";
			return &folders[i];
		}
	}
	names = folder_names();
	vg_seterr(err, VG_NOTFOUND, _("%s is not in the download tree, which holds only %s"), orig,
	    names);
	free(names);
	return NULL;
}

/* The root lists only the folders the actor may use (their listing is not refused). */
static int
folder_open_to(struct vg_site *s, const struct vg_actor *a, const struct dl_folder *f)
{
	struct dl_entry *v;
	struct vg_err err;
	size_t n;

	if (f->list(s, a, &v, &n, &err) != 0)
		return 0;
	dl_free_entries(v, n);
	return 1;
}

static void
dir_entry(struct dl_entry *e, const char *name)
{
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->kind = DL_DIR;
}

int
dl_stat(struct vg_site *s, const struct vg_actor *a, const char *path, struct dl_entry *e,
    struct vg_err *err)
{
	const struct dl_folder *f;
	const char *name;
	char *norm;
	int r = -1;

	memset(e, 0, sizeof *e);
	if (dl_path(path, &norm, err) != 0)
		return -1;
	if (strcmp(norm, "/") == 0) {
		dir_entry(e, "/");
		r = 0;
	} else if ((f = locate(norm, path, &name, err)) != NULL) {
		if (name[0] == '\0') {
			dir_entry(e, f->name);
			r = 0;
		} else
			r = f->lookup(s, a, name, e, err);
	}
	free(norm);
	return r;
}

int
dl_list(struct vg_site *s, const struct vg_actor *a, const char *path, struct dl_entry **v,
    size_t *n, struct vg_err *err)
{
	const struct dl_folder *f;
	const char *name;
	char *norm;
	int r = -1;

	*v = NULL;
	*n = 0;
	if (dl_path(path, &norm, err) != 0)
		return -1;
	if (strcmp(norm, "/") == 0) {
		*v = xcalloc(VG_ARRLEN(folders), sizeof **v);
		for (size_t i = 0; i < VG_ARRLEN(folders); i++)
			if (folder_open_to(s, a, &folders[i]))
				dir_entry(&(*v)[(*n)++], folders[i].name);
		r = 0;
	} else if ((f = locate(norm, path, &name, err)) != NULL) {
		if (name[0] != '\0')
			r = vg_seterr(err, VG_USAGE, _("%s is a file, not a folder"), path);
		else
			r = f->list(s, a, v, n, err);
	}
	free(norm);
	return r;
}

void
dl_free_entry(struct dl_entry *e)
{
	free(e->name);
	memset(e, 0, sizeof *e);
}

void
dl_free_entries(struct dl_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dl_free_entry(&v[i]);
	free(v);
}

/*---- Downloading ----*/

int
dl_open(struct vg_site *s, const struct vg_actor *a, const char *path, const char *protocol,
    struct dl_file *df, struct vg_err *err)
{
	const struct dl_folder *f;
	const char *name;
	char *norm;
	int r = -1;

	memset(df, 0, sizeof *df);
	df->fd = -1;
	if (dl_path(path, &norm, err) != 0)
		return -1;
	if (strcmp(norm, "/") == 0)
		r = vg_seterr(err, VG_USAGE, _("%s is a folder; name a file in it"), path);
	else if ((f = locate(norm, path, &name, err)) != NULL) {
		if (name[0] == '\0')
			r = vg_seterr(err, VG_USAGE, _("%s is a folder; name a file in it"), path);
		else {
			df->path = xstrdup(norm);
			df->name = xstrdup(name);
			df->folder = f;
			if ((r = f->open(s, a, name, protocol, df, err)) != 0) {
				free(df->path);
				free(df->name);
				memset(df, 0, sizeof *df);
				df->fd = -1;
			}
		}
	}
	free(norm);
	return r;
}

int
dl_close(struct vg_site *s, const struct vg_actor *a, struct dl_file *df, int64_t from,
    int64_t bytes, int complete, struct vg_err *err)
{
	int r = 0;

	if (df->folder != NULL)
		r = df->folder->close(s, a, df, from, bytes, complete, err);
	if (df->fd >= 0)
		close(df->fd);
	free(df->path);
	free(df->name);
	memset(df, 0, sizeof *df);
	df->fd = -1;
	return r;
}

void
dl_file_entry(struct dl_entry *d, const char *name, int64_t size, int64_t mtime_us)
{
	memset(d, 0, sizeof *d);
	d->name = xstrdup(name);
	d->kind = DL_FILE;
	d->size = size;
	d->mtime_us = mtime_us;
}

int
dl_open_recorded(const char *dir, const char *file, int64_t size, struct vg_err *err)
{
	char *path = vg_path_join(dir, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat sb;

	if (fd < 0)
		vg_seterr(err, VG_FAILED, _("%s cannot be read on the server (%s); tell the "
		    "administrator"), file, strerror(errno));
	else if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size != size) {
		vg_seterr(err, VG_FAILED, _("%s on the server does not match its record; tell the "
		    "administrator"), file);
		close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}
