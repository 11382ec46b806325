/* maint.c — the recorder's retention pass and footage verify as core/maintenance.h offers them to every front end. */
#include "recorder/recorder.h"

#include <stdio.h>
#include <string.h>

#include "core/maintenance.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "recorder/chain.h"
#include "recorder/retention.h"

static void
retention_cam_lines(FILE *out, const struct retention_cam *c, int dry)
{
	char t[32];

	if (c->segments > 0)
		fprintf(out, dry ? _("%s: would delete %lld segments (%lld MiB, seq %lld-%lld) that "
		    "ended before %s (retention %d days)\n") : _("%s: deleted %lld segments (%lld MiB, "
		    "seq %lld-%lld) that ended before %s (retention %d days)\n"), c->camera,
		    (long long)c->segments, (long long)(c->bytes >> 20), (long long)c->seq_from,
		    (long long)c->seq_to, time_fmt(c->cutoff_us, t), c->days);
	if (c->held > 0)
		fprintf(out, _("%s: %lld expired segments kept by holds\n"), c->camera,
		    (long long)c->held);
	if (c->requested > 0)
		fprintf(out, _("%s: %lld expired segments kept for open requests\n"), c->camera,
		    (long long)c->requested);
}

static int
retention(struct vg_site *s, const struct vg_actor *a, int64_t as_of, int dry, FILE *out,
    const struct maint_progress *p, struct vg_err *err)
{
	struct retention_report rep;
	char t[32];

	maint_progressf(p, dry ? _("retention preview as of %s…") : _("retention pass as of %s…"),
	    time_fmt(as_of, t));
	if (retention_run(s, a, as_of, dry, &rep, err) != 0)
		return -1;
	for (size_t i = 0; i < rep.n; i++)
		retention_cam_lines(out, &rep.v[i], dry);
	fprintf(out, dry ? _("retention preview as of %s: %lld segments (%lld MiB) would "
	    "be deleted, %lld kept by holds, %lld for open requests; nothing was changed\n") :
	    _("retention pass as of %s: %lld segments (%lld MiB) deleted, %lld kept by holds, "
	    "%lld for open requests\n"), time_fmt(as_of, t), (long long)rep.segments,
	    (long long)(rep.bytes >> 20), (long long)rep.held, (long long)rep.requested);
	retention_report_free(&rep);
	return 0;
}

static int
footage_verify(struct vg_site *s, const struct vg_actor *a, const char *camera, int64_t from,
    int64_t to, FILE *out, const struct maint_progress *p, struct maint_footage *res,
    struct vg_err *err)
{
	struct chain_verify_opts o = { camera, from, to };
	struct chain_verify_report rep;
	int r;

	memset(res, 0, sizeof *res);
	if (actor_require(s, a, "footage.verify", err) != 0)
		return -1;
	if ((r = chain_verify_progress(s, &o, out, p, &rep, err)) < 0)
		return -1;
	res->cameras = rep.cameras;
	res->segments = rep.segments;
	res->bytes = rep.bytes;
	res->problems = rep.problems;
	res->recording = rep.recording;
	return r;
}

static char *
heads(struct vg_site *s)
{
	return chain_heads(s->db);
}

const struct maint_ops recorder_maint = {
	.retention = retention,
	.footage_verify = footage_verify,
	.chain_heads = heads,
};
