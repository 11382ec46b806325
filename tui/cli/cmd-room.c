/* cmd-room.c — room enter/leave/list: the control-room entry log. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/room.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd-records.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_room_enter(struct cli_ctx *, struct args *);
static int cmd_room_leave(struct cli_ctx *, struct args *);
static int cmd_room_list(struct cli_ctx *, struct args *);

static const struct arg_spec enter_opts[] = {
	{ "name", 1, 0 }, { "id", 1, 0 }, { "org", 1, 0 }, { "reason", 1, 0 }, { "escort", 1, 0 },
	{ "at", 1, 0 }, { "corrects", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec leave_opts[] = {
	{ "at", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec list_opts[] = {
	{ "all", 0, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_room_set[] = {
	{ .name = "room enter", .run = cmd_room_enter, .spec = enter_opts, .needs_site = 1,
	  .usage = "room enter --name NAME --id ID --org ORGANISATION --reason TEXT "
	    "[--escort NAME] [--at T] [--corrects ENTRY] [--json]",
	  .summary = N_("register someone entering the control room; prints the entry id") },
	{ .name = "room leave", .run = cmd_room_leave, .spec = leave_opts, .needs_site = 1,
	  .usage = "room leave ENTRY [--at T] [--json]",
	  .summary = N_("register that they left") },
	{ .name = "room list", .run = cmd_room_list, .spec = list_opts, .needs_site = 1,
	  .usage = "room list [--all] [--json]",
	  .summary = N_("who is in the control room now (--all: every entry)") },
	{ .name = NULL },
};

static void
json_entry(struct json *j, const void *item)
{
	const struct room_entry *e = item;

	json_obj(j);
	json_kint(j, "entry", e->id);
	json_kstr(j, "name", e->name);
	json_kstr(j, "id_number", e->id_number);
	json_kstr(j, "organisation", e->organisation);
	json_kstr(j, "reason", e->reason);
	json_kstr(j, "escort", e->escort);
	json_ktime(j, "in", e->in_us);
	json_ktime(j, "out", e->out_us);
	json_kstr(j, "logged_by", e->logged_by);
	if (e->shift_id)
		json_kint(j, "shift", e->shift_id);
	else
		json_kstr(j, "shift", NULL);
	json_kbool(j, "flagged", e->flagged);
	if (e->corrects)
		json_kint(j, "corrects", e->corrects);
	if (e->corrected_by)
		json_kint(j, "corrected_by", e->corrected_by);
	json_end_obj(j);
}

static void
print_entry_json(struct cli_ctx *ctx, struct room_entry *e)
{
	cmd_json_item(ctx, e, json_entry);
	room_free_list(e, e ? 1 : 0);
}

static int
cmd_room_enter(struct cli_ctx *ctx, struct args *a)
{
	struct room_spec sp;
	struct vg_err ignore;
	const char *v;
	int64_t id;

	memset(&sp, 0, sizeof sp);
	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (sp.name = cli_need(ctx, a, "name")) == NULL ||
	    (sp.id_number = cli_need(ctx, a, "id")) == NULL ||
	    (sp.organisation = cli_need(ctx, a, "org")) == NULL ||
	    (sp.reason = cli_need(ctx, a, "reason")) == NULL ||
	    cmd_opt_time(ctx, a, "at", 0, &sp.in_us) != 0)
		return -1;
	sp.escort = args_get(a, "escort");
	if ((v = args_get(a, "corrects")) != NULL &&
	    cmd_opt_id(ctx, v, _("control-room entry"), &sp.corrects) != 0)
		return -1;
	if (room_enter(ctx->site, ctx->actor, &sp, &id, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		print_entry_json(ctx, room_get(ctx->site, ctx->actor, id, &ignore));
		return 0;
	}
	fprintf(ctx->out, "%lld\n", (long long)id);
	if (sp.corrects)
		fprintf(ctx->out, _("entry %lld registered, correcting entry %lld\n"), (long long)id,
		    (long long)sp.corrects);
	else
		fprintf(ctx->out, _("entry %lld registered: %s is in the control room\n"),
		    (long long)id, sp.name);
	return 0;
}

static int
cmd_room_leave(struct cli_ctx *ctx, struct args *a)
{
	struct vg_err ignore;
	int64_t id, at;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("control-room entry"), &id) != 0 ||
	    cmd_opt_time(ctx, a, "at", 0, &at) != 0 ||
	    room_leave(ctx->site, ctx->actor, id, at, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		print_entry_json(ctx, room_get(ctx->site, ctx->actor, id, &ignore));
	else
		fprintf(ctx->out, _("entry %lld: left the control room\n"), (long long)id);
	return 0;
}

static int
cmd_room_list(struct cli_ctx *ctx, struct args *a)
{
	struct room_entry *v;
	struct table t;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = room_list(ctx->site, ctx->actor, args_has(a, "all"), &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		cmd_json_list(ctx, v, n, sizeof *v, json_entry);
		room_free_list(v, n);
		return 0;
	}
	table_init(&t, 9, _("ENTRY"), _("NAME"), _("ID"), _("ORGANISATION"), _("REASON"),
	    _("ESCORT"), _("IN"), _("OUT"), _("STATE"));
	for (size_t i = 0; i < n; i++) {
		char id[24], t1[32], t2[32], who[ROOM_MASKED_ID];

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		table_row(&t, id, v[i].name, room_masked_id(v[i].id_number, who), v[i].organisation,
		    v[i].reason, v[i].escort[0] ? v[i].escort : "-", time_fmt(v[i].in_us, t1),
		    v[i].out_us ? time_fmt(v[i].out_us, t2) : "-", room_state(&v[i]));
	}
	table_print(&t, ctx->out);
	table_free(&t);
	room_free_list(v, n);
	return 0;
}
