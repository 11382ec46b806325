/* cmd-gov.c — option parsing shared by the request, viewing and hold commands. */
#include "tui/cli/cmd-gov.h"

#include <stdlib.h>
#include <string.h>

#include "core/cli.h"
#include "core/gov/policy.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"

char **
cmd_opt_cameras(struct cli_ctx *ctx, struct args *a, const char *opt, size_t *n)
{
	size_t nv;
	const char **vals = args_all(a, opt, &nv);
	char **out = xcalloc(1, sizeof *out);

	*n = 0;
	for (size_t i = 0; i < nv; i++) {
		char *copy = xstrdup(vals[i]), *save = NULL, *w;

		for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
			w = vg_trim(w);
			if (*w == '\0')
				continue;
			out = xrealloc(out, (*n + 2) * sizeof *out);
			out[(*n)++] = xstrdup(w);
			out[*n] = NULL;
		}
		free(copy);
	}
	free(vals);
	if (*n == 0) {
		free(out);
		vg_seterr_field(&ctx->err, VG_USAGE, "cameras",
		    _("--%s names no camera; usage: %s"), opt, ctx->cmd->usage);
		return NULL;
	}
	return out;
}

void
cmd_opt_free_cameras(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
cmd_opt_time(struct cli_ctx *ctx, struct args *a, const char *opt, int required, int64_t *us)
{
	const char *v = required ? cli_need(ctx, a, opt) : args_get(a, opt);
	char field[48];

	*us = 0;
	snprintf(field, sizeof field, "%s", opt);
	for (char *p = field; *p; p++)
		if (*p == '-')
			*p = '_';
	if (v == NULL) {
		if (required)
			snprintf(ctx->err.field, sizeof ctx->err.field, "%s", field);
		return required ? -1 : 0;
	}
	if (time_parse(v, us, &ctx->err) != 0) {
		char msg[sizeof ctx->err.msg];

		snprintf(msg, sizeof msg, "%s", ctx->err.msg);
		return vg_seterr_field(&ctx->err, VG_USAGE, field, "--%s: %s", opt, msg);
	}
	return 0;
}

int
cmd_opt_id(struct cli_ctx *ctx, const char *s, const char *what, int64_t *id)
{
	long long v;

	if (vg_parse_int(s, 1, INT64_MAX, &v) != 0)
		return vg_seterr(&ctx->err, VG_USAGE, _("\"%s\" is not a %s number"), s, what);
	*id = v;
	return 0;
}


const char *
cmd_role_title(struct cli_ctx *ctx, const char *role)
{
	const struct pol_role *ro = policy_role(ctx->site->pol, role);
	int zh = strcmp(i18n_language(), "zh_CN") == 0;

	if (ro == NULL)
		return role;
	return zh && ro->title_zh[0] ? ro->title_zh : ro->title[0] ? ro->title : ro->name;
}

const char *
cmd_hold_title(struct cli_ctx *ctx, const char *category)
{
	const struct pol_hold *h = policy_hold(ctx->site->pol, category);

	return h != NULL && h->title.en[0] ? pol_tr(&h->title) : category;
}

int
cmd_opt_person(struct cli_ctx *ctx, const char *opt, const char *field, const char *value,
    char **copy, const char **name, const char **id)
{
	char *c;

	*copy = xstrdup(value);
	if ((c = strrchr(*copy, ':')) == NULL)
		return vg_seterr_field(&ctx->err, VG_USAGE, field,
		    _("--%s \"%s\" must be NAME:ID, the person's name and ID number"), opt, value);
	*c = '\0';
	*name = vg_trim(*copy);
	*id = vg_trim(c + 1);
	return 0;
}
