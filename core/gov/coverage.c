/* coverage.c — recorded footage over a requested range, per camera, with the reasons for what is missing. */
#include "core/gov/coverage.h"

#include <stdlib.h>
#include <string.h>

#include "core/footage.h"
#include "core/gov/gov-int.h"

/* Anyone taking part in the procedure may see what exists of a range. */
static int
may_see(struct vg_site *s, const struct vg_actor *a, struct vg_err *err)
{
	static const char *const caps[] = { "request.file", "request.approve",
	    "request.read_all", "viewing.run" };

	for (size_t i = 0; i < VG_ARRLEN(caps); i++)
		if (actor_can(s, a, caps[i]))
			return 0;
	return actor_require(s, a, "request.file", err);
}

int
coverage_of(struct vg_site *s, const struct vg_actor *a, char *const *cameras, size_t n,
    int64_t from, int64_t to, struct coverage **out, size_t *nout, struct vg_err *err)
{
	struct coverage *v;

	*out = NULL;
	*nout = 0;
	if (may_see(s, a, err) != 0)
		return -1;
	v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		if (footage_coverage(s, cameras[i], from, to, &v[i].spans, &v[i].nspans, err) != 0) {
			coverage_free(v, i);
			return -1;
		}
		v[i].camera = xstrdup(cameras[i]);
		v[i].range_us = to - from;
		v[i].recorded_us = footage_recorded_us(v[i].spans, v[i].nspans);
		v[i].line = footage_describe(s, cameras[i], from, to);
	}
	*out = v;
	*nout = n;
	return 0;
}

void
coverage_free(struct coverage *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].camera);
		free(v[i].spans);
		free(v[i].line);
	}
	free(v);
}
