/* cmd-classes.c — class add/link/unlink and classes: the class mapping (GUAT art. 17(1)). */
#include <stdlib.h>
#include <string.h>

#include "core/gov/classes.h"
#include "core/json.h"
#include "core/site.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_class_add(struct cli_ctx *, struct args *);
static int cmd_class_link(struct cli_ctx *, struct args *);
static int cmd_class_unlink(struct cli_ctx *, struct args *);
static int cmd_classes(struct cli_ctx *, struct args *);

static const struct arg_spec add_opts[] = {
	{ "name", 1, 0 }, { "unit", 1, 0 }, { NULL, 0, 0 } };
static const struct arg_spec link_opts[] = {
	{ "camera", 1, 1 }, { "teacher", 1, 1 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };

/* In both the SSH grammar and `vigil admin`; core checks user.manage. */
const struct cli_cmd cmd_classes_set[] = {
	{ .name = "class add", .run = cmd_class_add, .spec = add_opts, .needs_site = 1,
	  .usage = "class add ID --name TEXT [--unit UNIT]",
	  .summary = N_("add a class for the class mapping (user.manage)"),
	  .caps = "user.manage" },
	{ .name = "class link", .run = cmd_class_link, .spec = link_opts, .needs_site = 1,
	  .usage = "class link ID [--camera ID[,ID...]] [--teacher LOGIN[,LOGIN...]]",
	  .summary = N_("link cameras and teachers to a class (user.manage)"),
	  .caps = "user.manage" },
	{ .name = "class unlink", .run = cmd_class_unlink, .spec = link_opts, .needs_site = 1,
	  .usage = "class unlink ID [--camera ID[,ID...]] [--teacher LOGIN[,LOGIN...]]",
	  .summary = N_("unlink cameras and teachers from a class (user.manage)"),
	  .caps = "user.manage" },
	{ .name = "classes", .run = cmd_classes, .spec = list_opts, .needs_site = 1,
	  .usage = "classes [--json]",
	  .summary = N_("the class mapping: classes, their cameras and teachers"),
	  .caps = "request.read_all,user.manage" },
	{ .name = NULL },
};

static int
cmd_class_add(struct cli_ctx *ctx, struct args *a)
{
	const char *name;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (name = cli_need(ctx, a, "name")) == NULL ||
	    classes_add(ctx->site, ctx->actor, a->pos[0], name, args_get(a, "unit"),
	    &ctx->err) != 0)
		return -1;
	fprintf(ctx->out, _("added class %s\n"), a->pos[0]);
	return 0;
}

/* Comma-separated words of a repeatable option; none if it is absent. */
static char **
words(struct cli_ctx *ctx, struct args *a, const char *opt, size_t *n)
{
	*n = 0;
	if (!args_has(a, opt))
		return xcalloc(1, sizeof(char *));
	return cmd_opt_cameras(ctx, a, opt, n);
}

static int
link_or_unlink(struct cli_ctx *ctx, struct args *a, int unlink)
{
	size_t ncams = 0, nteach = 0;
	char **cams = NULL, **teach = NULL;
	int r = -1;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    (cams = words(ctx, a, "camera", &ncams)) == NULL ||
	    (teach = words(ctx, a, "teacher", &nteach)) == NULL ||
	    classes_link(ctx->site, ctx->actor, a->pos[0], cams, ncams, teach, nteach, unlink,
	    &ctx->err) != 0)
		goto out;
	fprintf(ctx->out, unlink ? _("class %s: unlinked %zu cameras and %zu teachers\n") :
	    _("class %s: linked %zu cameras and %zu teachers\n"), a->pos[0], ncams, nteach);
	r = 0;
out:
	if (cams != NULL)
		cmd_opt_free_cameras(cams, ncams);
	if (teach != NULL)
		cmd_opt_free_cameras(teach, nteach);
	return r;
}

static int
cmd_class_link(struct cli_ctx *ctx, struct args *a)
{
	return link_or_unlink(ctx, a, 0);
}

static int
cmd_class_unlink(struct cli_ctx *ctx, struct args *a)
{
	return link_or_unlink(ctx, a, 1);
}

static void
json_class(struct json *j, const struct vg_class *c)
{
	json_obj(j);
	json_kstr(j, "id", c->id);
	json_kstr(j, "name", c->name);
	json_kstr(j, "unit", c->unit);
	json_key(j, "cameras");
	json_arr(j);
	for (size_t k = 0; k < c->ncameras; k++)
		json_str(j, c->cameras[k]);
	json_end_arr(j);
	json_key(j, "teachers");
	json_arr(j);
	for (size_t k = 0; k < c->nteachers; k++)
		json_str(j, c->teachers[k]);
	json_end_arr(j);
	json_end_obj(j);
}

static int
cmd_classes(struct cli_ctx *ctx, struct args *a)
{
	struct vg_class *v;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = classes_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_arr(&j);
		for (size_t i = 0; i < n; i++)
			json_class(&j, &v[i]);
		json_end_arr(&j);
		cli_print(ctx, json_done(&j));
	} else {
		struct table t;

		table_init(&t, 5, _("CLASS"), _("NAME"), _("UNIT"), _("CAMERAS"), _("TEACHERS"));
		for (size_t i = 0; i < n; i++) {
			char *cams = vg_strv_join(v[i].cameras, v[i].ncameras, ",");
			char *who = vg_strv_join(v[i].teachers, v[i].nteachers, ",");

			table_row(&t, v[i].id, v[i].name, v[i].unit, cams, who);
			free(cams);
			free(who);
		}
		table_print(&t, ctx->out);
		table_free(&t);
	}
	classes_free_list(v, n);
	return 0;
}
