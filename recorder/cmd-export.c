/* cmd-export.c — `export create`: a signed bundle of a granted copy for its recipient. */
#include "recorder/recorder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/gov/exports.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/export.h"

static int cmd_export_create(struct cli_ctx *, struct args *);

static const struct arg_spec create_opts[] = {
	{ "recipient", 1, 0 }, { "camera", 1, 1 }, { "from", 1, 0 }, { "to", 1, 0 },
	{ NULL, 0, 0 } };

const struct cli_cmd export_cmds[] = {
	{ .name = "export create", .run = cmd_export_create, .spec = create_opts, .needs_site = 1,
	  .usage = "export create REF --recipient LOGIN [--camera ID[,ID...]] [--from T] [--to T]",
	  .summary = N_("make the signed export of a granted copy for its recipient") },
	{ .name = NULL },
};

/* --camera ID[,ID...] (repeatable) into one list; n 0 when not given. */
static char **
cameras(struct args *a, size_t *n)
{
	size_t nv;
	const char **vals = args_all(a, "camera", &nv);
	char **out = NULL;

	*n = 0;
	for (size_t i = 0; i < nv; i++) {
		size_t k;
		char **words = vg_split_list(vals[i], &k);

		out = xrealloc(out, (*n + k + 1) * sizeof *out);
		for (size_t j = 0; j < k; j++)
			out[(*n)++] = words[j];
		free(words);
	}
	free(vals);
	return out;
}

static int
opt_time(struct cli_ctx *ctx, struct args *a, const char *opt, int64_t *us)
{
	const char *v = args_get(a, opt);
	char msg[sizeof ctx->err.msg];

	*us = 0;
	if (v == NULL || time_parse(v, us, &ctx->err) == 0)
		return 0;
	snprintf(msg, sizeof msg, "%s", ctx->err.msg);
	return vg_seterr_field(&ctx->err, VG_USAGE, opt, "--%s: %s", opt, msg);
}

static int
cmd_export_create(struct cli_ctx *ctx, struct args *a)
{
	struct export_spec sp;
	struct export_made m;
	char **cams = NULL, t[32];
	size_t ncams = 0;
	int r = -1;

	memset(&sp, 0, sizeof sp);
	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (sp.recipient = cli_need(ctx, a, "recipient")) == NULL ||
	    opt_time(ctx, a, "from", &sp.from_us) != 0 || opt_time(ctx, a, "to", &sp.to_us) != 0)
		return -1;
	sp.ref = a->pos[0];
	cams = cameras(a, &ncams);
	sp.cameras = (const char **)cams;
	sp.ncameras = ncams;
	if (args_has(a, "camera") && ncams == 0) {
		vg_seterr(&ctx->err, VG_USAGE, _("--camera names no camera; usage: %s"),
		    ctx->cmd->usage);
		goto out;
	}
	if (export_create(ctx->site, ctx->actor, &sp, &m, &ctx->err) != 0)
		goto out;
	/* The name, then a line `sha256sum -c` reads. */
	fprintf(ctx->out, "%s\n%s  %s\n", m.file, m.sha256, m.file);
	fprintf(ctx->out, _("export %s made for %s: %d cameras, %lld segments, %lld MiB; it can be "
	    "downloaded until %s\n"), m.file, m.recipient, m.cameras, (long long)m.segments,
	    (long long)(m.bytes >> 20), time_fmt(m.expires_us, t));
	export_made_free(&m);
	r = 0;
out:
	vg_strv_free(cams, ncams);
	return r;
}
