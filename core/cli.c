/* cli.c — finding, parsing and running commands from tables. */
#include "core/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/users.h"

/* The command whose name matches the most leading words of argv. */
const struct cli_cmd *
cli_find(const struct cli_cmd *const *sets, int argc, char **argv, int *nwords)
{
	const struct cli_cmd *best = NULL;
	int bestw = 0;

	for (; *sets; sets++)
		for (const struct cli_cmd *c = *sets; c->name; c++) {
			char *name = xstrdup(c->name), *save = NULL, *w;
			int k = 0, ok = 1;

			for (w = strtok_r(name, " ", &save); w; w = strtok_r(NULL, " ", &save), k++)
				if (k >= argc || strcmp(argv[k], w) != 0) {
					ok = 0;
					break;
				}
			free(name);
			if (ok && k > bestw) {
				best = c;
				bestw = k;
			}
		}
	*nwords = bestw;
	return best;
}

int
cli_offered(const struct cli_ctx *ctx, const struct cli_cmd *c)
{
	if (ctx->site == NULL || ctx->actor == NULL || ctx->actor->system)
		return 1;
	return actor_can_any(ctx->site, ctx->actor, c->caps);
}

void
cli_usage(struct cli_ctx *ctx, const struct cli_cmd *const *sets, FILE *f)
{
	fprintf(f, _("usage: %s COMMAND ...\ncommands:\n"), ctx->prog);
	for (; *sets; sets++)
		for (const struct cli_cmd *c = *sets; c->name; c++)
			if (cli_offered(ctx, c))
				fprintf(f, "  %s\n", c->usage);
}

static struct arg_spec *
merge_specs(const struct arg_spec *a, const struct arg_spec *b)
{
	size_t na = 0, nb = 0;
	struct arg_spec *all;

	while (a && a[na].name)
		na++;
	while (b && b[nb].name)
		nb++;
	all = xcalloc(na + nb + 1, sizeof *all);
	if (na)
		memcpy(all, a, na * sizeof *all);
	if (nb)
		memcpy(all + na, b, nb * sizeof *all);
	return all;
}

static int dispatch(struct cli_ctx *, const struct cli_cmd *const *,
    const struct arg_spec *, int (*)(struct cli_ctx *), int, char **);

/*
 * Everything a command prints passes through an escaping stream: text that
 * people typed (a request's reason, a name) reaches other people's terminals
 * through `request show` and the lists, and must never steer them.
 */
int
cli_dispatch(struct cli_ctx *ctx, const struct cli_cmd *const *sets,
    const struct arg_spec *extra, int (*open_site)(struct cli_ctx *), int argc, char **argv)
{
	FILE *out = ctx->out, *errout = ctx->errout;
	int r;

	ctx->out = vg_escape_stream(out);
	ctx->errout = vg_escape_stream(errout);
	r = dispatch(ctx, sets, extra, open_site, argc, argv);
	fclose(ctx->out);
	fclose(ctx->errout);
	ctx->out = out;
	ctx->errout = errout;
	return r;
}

static int
dispatch(struct cli_ctx *ctx, const struct cli_cmd *const *sets,
    const struct arg_spec *extra, int (*open_site)(struct cli_ctx *), int argc, char **argv)
{
	const struct cli_cmd *cmd;
	struct arg_spec *spec;
	struct args a;
	int nwords, r;

	vg_err_clear(&ctx->err);
	if (argc < 1) {
		cli_usage(ctx, sets, ctx->errout);
		return 2;
	}
	/* A table may bring its own `help`; otherwise the usage lines are it. */
	if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0) {
		static char *helpv[] = { "help", NULL };

		if (cli_find(sets, 1, helpv, &nwords) == NULL) {
			cli_usage(ctx, sets, ctx->out);
			return 0;
		}
		if (strcmp(argv[0], "--help") == 0) {
			argc = 1;
			argv = helpv;
		}
	}
	if ((cmd = cli_find(sets, argc, argv, &nwords)) == NULL) {
		fprintf(ctx->errout, _("%s: unknown command \"%s\"\n"), ctx->prog, argv[0]);
		cli_usage(ctx, sets, ctx->errout);
		return 2;
	}
	ctx->cmd = cmd;
	spec = merge_specs(cmd->spec, extra);
	r = args_parse(argc - nwords, argv + nwords, spec, &a, &ctx->err);
	free(spec);
	if (r != 0) {
		fprintf(ctx->errout, "%s %s: %s\n", ctx->prog, cmd->name, ctx->err.msg);
		return 2;
	}
	if (args_get(&a, "config") != NULL)
		ctx->config = args_get(&a, "config");
	if (cmd->needs_site && open_site != NULL)
		r = open_site(ctx);
	if (r == 0)
		r = cmd->run(ctx, &a);
	args_free(&a);
	if (r == 0)
		return 0;
	if (ctx->err.code == VG_OK)
		vg_seterr(&ctx->err, VG_FAILED, "%s", _("failed"));
	fprintf(ctx->errout, "%s %s: %s\n", ctx->prog, cmd->name, ctx->err.msg);
	return vg_err_exit(&ctx->err);
}

const char *
cli_need(struct cli_ctx *ctx, struct args *a, const char *name)
{
	const char *v = args_get(a, name);

	if (v == NULL)
		vg_seterr_field(&ctx->err, VG_USAGE, name, _("--%s is required; usage: %s"), name,
		    ctx->cmd ? ctx->cmd->usage : "");
	return v;
}

char *
cli_read_line(struct cli_ctx *ctx, const char *what)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	n = ctx->in ? getline(&line, &cap, ctx->in) : -1;
	if (n <= 0) {
		free(line);
		vg_seterr(&ctx->err, VG_USAGE, _("%s: nothing was read from stdin"), what);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

void
cli_print(struct cli_ctx *ctx, char *s)
{
	fputs(s, ctx->out);
	free(s);
}
