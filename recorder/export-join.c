/* export-join.c — an export's joined videos, made on a second core while its segments are copied. */
#include "recorder/export-join.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/exports.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/tar.h"

struct xj {
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 more;
	int			 fd;
	int64_t			 off;		/* where the next video's data goes */
	const char		*root, *name;
	const struct export_cam	*cams;
	size_t			 ncams;
	struct xj_video		*v;		/* finished, in tar order */
	size_t			 nv, taken;
	int			 done, failed;	/* the thread ended; with err */
	struct vg_err		 err;
	atomic_int		 stop;
};

static int
join_group(struct xj *j, size_t ci, const struct xv_group *g, size_t k, struct vg_err *err)
{
	const struct export_cam *c = &j->cams[ci];
	const struct export_seg *first = &c->segs[g->first], *last = &first[g->count - 1];
	char t1[32], t2[32], *title;
	struct xj_video v = { .cam = ci, .g = *g, .off = j->off };
	int r;

	title = xasprintf("%s %s (%s) %s - %s", j->name, c->id, c->name,
	    time_fmt(first->start_us, t1), time_fmt(last->end_us, t2));
	r = xv_join(j->fd, j->off, j->root, first, g->count, title, &j->stop, &v.size, err);
	free(title);
	if (r != 0)
		return -1;
	v.rel = k ? xasprintf("video/%s-%zu.mp4", c->id, k + 1) :
	    xasprintf("video/%s.mp4", c->id);
	j->off += tar_span(v.size);	/* the next one's data, after this one's header */
	pthread_mutex_lock(&j->mu);
	j->v = xrealloc(j->v, (j->nv + 1) * sizeof *j->v);
	j->v[j->nv++] = v;
	pthread_cond_signal(&j->more);
	pthread_mutex_unlock(&j->mu);
	return 0;
}

static void *
join_main(void *arg)
{
	struct xj *j = arg;
	struct vg_err err;
	int r = 0;

	memset(&err, 0, sizeof err);
	for (size_t i = 0; i < j->ncams && r == 0; i++) {
		struct xv_group *g;
		size_t ng;

		if ((r = xv_groups(j->root, j->cams[i].segs, j->cams[i].nsegs, &g, &ng, &err)) != 0)
			break;
		for (size_t k = 0; k < ng && r == 0; k++)
			r = join_group(j, i, &g[k], k, &err);
		free(g);
	}
	pthread_mutex_lock(&j->mu);
	j->done = 1;
	j->failed = r != 0;
	j->err = err;
	pthread_cond_signal(&j->more);
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

struct xj *
xj_start(int fd, int64_t off, const char *root, const char *export_name,
    const struct export_cam *cams, size_t ncams)
{
	struct xj *j = xcalloc(1, sizeof *j);

	j->fd = fd;
	j->off = off;
	j->root = root;
	j->name = export_name;
	j->cams = cams;
	j->ncams = ncams;
	atomic_init(&j->stop, 0);
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->more, NULL);
	if (pthread_create(&j->th, NULL, join_main, j) != 0)
		vg_fatal("cannot start a thread");
	return j;
}

int
xj_next(struct xj *j, struct xj_video *v, struct vg_err *err)
{
	int r;

	pthread_mutex_lock(&j->mu);
	while (j->taken == j->nv && !j->done)
		pthread_cond_wait(&j->more, &j->mu);
	if (j->taken < j->nv) {
		*v = j->v[j->taken++];	/* a copy: the thread may grow j->v meanwhile */
		r = 0;
	} else if (j->failed) {
		*err = j->err;
		r = -1;
	} else
		r = 1;
	pthread_mutex_unlock(&j->mu);
	return r;
}

void
xj_end(struct xj *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->stop, 1);
	pthread_join(j->th, NULL);
	for (size_t i = 0; i < j->nv; i++)
		free(j->v[i].rel);
	free(j->v);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->more);
	free(j);
}
