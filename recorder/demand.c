/* demand.c — reading the console's live-view demand files (see demand.h). */
#include "recorder/demand.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"

#define MAX_CAMS 512

struct want {
	char	 camera[40];
	int	 width;
};

/* The width a demand file asks for, or 0 if it does not hold one. */
static int
file_width(int dfd, const char *name)
{
	char buf[32];
	long long w;
	ssize_t n;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (vg_parse_int(vg_trim(buf), DEMAND_MIN_W, DEMAND_MAX_W, &w) != 0)
		return 0;
	return (int)w;
}

/* "<camera>.<pid>": the camera's id, or -1 if the name is not that. */
static int
file_camera(const char *name, char *camera, size_t n)
{
	const char *dot = strrchr(name, '.');
	size_t len;

	if (dot == NULL || dot == name || dot[1] == '\0' || strspn(dot + 1, "0123456789") !=
	    strlen(dot + 1))
		return -1;
	len = (size_t)(dot - name);
	if (len >= n)
		return -1;
	memcpy(camera, name, len);
	camera[len] = '\0';
	return 0;
}

static void
note(struct want *v, int *nv, const char *camera, int width)
{
	for (int i = 0; i < *nv; i++)
		if (strcmp(v[i].camera, camera) == 0) {
			if (width > v[i].width)
				v[i].width = width;
			return;
		}
	if (*nv == MAX_CAMS)
		return;
	snprintf(v[*nv].camera, sizeof v[*nv].camera, "%s", camera);
	v[(*nv)++].width = width;
}

int
demand_scan_at(const char *run_dir, int64_t now_us,
    void (*fn)(void *arg, const char *camera, int width), void *arg)
{
	char *path = vg_path_join(run_dir, DEMAND_DIR);
	DIR *d = opendir(path);
	struct dirent *e;
	struct want *v;
	int nv = 0;

	free(path);
	if (d == NULL)
		return -1;
	v = xmalloc(MAX_CAMS * sizeof *v);
	while ((e = readdir(d)) != NULL) {
		char camera[40];
		struct stat sb;
		int64_t mtime;
		int w;

		if (e->d_name[0] == '.' || file_camera(e->d_name, camera, sizeof camera) != 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode))
			continue;
		mtime = (int64_t)sb.st_mtim.tv_sec * 1000000 + sb.st_mtim.tv_nsec / 1000;
		if (now_us - mtime > (int64_t)DEMAND_FRESH_S * 1000000)
			continue;	/* a console that stopped without cleaning up */
		if ((w = file_width(dirfd(d), e->d_name)) > 0)
			note(v, &nv, camera, w);
	}
	closedir(d);
	for (int i = 0; i < nv; i++)
		fn(arg, v[i].camera, v[i].width);
	free(v);
	return 0;
}

int
demand_scan(const char *run_dir, void (*fn)(void *arg, const char *camera, int width),
    void *arg)
{
	struct timespec ts;

	/* The files' mtimes come from the system clock, so freshness is judged
	 * against it, not against clock_now() (which tests may move). */
	clock_gettime(CLOCK_REALTIME, &ts);
	return demand_scan_at(run_dir, (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, fn, arg);
}
