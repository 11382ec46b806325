/* cmd-duty.c — duty start/event/end/ack/show/list: the duty log and its handovers. */
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/gov/duty.h"
#include "core/json.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "tui/cli/cmd-gov.h"
#include "tui/cli/cmd-records.h"
#include "tui/cli/cmd.h"
#include "tui/cli/table.h"

static int cmd_duty_start(struct cli_ctx *, struct args *);
static int cmd_duty_event(struct cli_ctx *, struct args *);
static int cmd_duty_end(struct cli_ctx *, struct args *);
static int cmd_duty_ack(struct cli_ctx *, struct args *);
static int cmd_duty_show(struct cli_ctx *, struct args *);
static int cmd_duty_list(struct cli_ctx *, struct args *);

static const struct arg_spec start_opts[] = {
	{ "desk", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec event_opts[] = {
	{ "kind", 1, 0 }, { "text", 1, 0 }, { "camera", 1, 1 }, { "at", 1, 0 }, { "shift", 1, 0 },
	{ "corrects", 1, 0 }, { "alarm", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec end_opts[] = {
	{ "handover", 1, 0 }, { "json", 0, 0 }, { NULL, 0, 0 } };
static const struct arg_spec json_opts[] = { { "json", 0, 0 }, { NULL, 0, 0 } };

const struct cli_cmd cmd_duty_set[] = {
	{ .name = "duty start", .run = cmd_duty_start, .spec = start_opts, .needs_site = 1,
	  .usage = "duty start --desk DESK [--json]",
	  .summary = N_("start your duty shift; shows the handover waiting at the desk") },
	{ .name = "duty event", .run = cmd_duty_event, .spec = event_opts, .needs_site = 1,
	  .usage = "duty event --kind KIND --text TEXT [--camera ID[,ID...]] [--at T] "
	    "[--shift ID] [--corrects EVENT] [--json] | duty event --alarm ID [--json]",
	  .summary = N_("log an event of your shift, or a camera alarm during it") },
	{ .name = "duty end", .run = cmd_duty_end, .spec = end_opts, .needs_site = 1,
	  .usage = "duty end --handover TEXT [--json]",
	  .summary = N_("end your shift with the handover note for the next guard") },
	{ .name = "duty ack", .run = cmd_duty_ack, .spec = json_opts, .needs_site = 1,
	  .usage = "duty ack SHIFT [--json]",
	  .summary = N_("acknowledge the handover of the shift before yours") },
	{ .name = "duty show", .run = cmd_duty_show, .spec = json_opts, .needs_site = 1,
	  .usage = "duty show [SHIFT] [--json]",
	  .summary = N_("a shift with its events (yours now without SHIFT)") },
	{ .name = "duty list", .run = cmd_duty_list, .spec = json_opts, .needs_site = 1,
	  .usage = "duty list [--json]",
	  .summary = N_("the duty shifts, newest first") },
	{ .name = NULL },
};

/*---- Output ----*/

static void
json_shift(struct json *j, const void *item)
{
	const struct duty_shift *d = item;

	json_obj(j);
	json_kint(j, "shift", d->id);
	json_kstr(j, "guard", d->guard);
	json_kstr(j, "desk", d->desk);
	json_ktime(j, "started", d->started_us);
	json_ktime(j, "ended", d->ended_us);
	json_kstr(j, "handover", d->ended_us ? d->handover : NULL);
	json_kstr(j, "acknowledged_by", d->acked_by[0] ? d->acked_by : NULL);
	json_ktime(j, "acknowledged", d->acked_us);
	json_kbool(j, "overdue", d->overdue);
	json_kint(j, "events", d->nevents);
	if (d->events != NULL || d->nev > 0) {
		json_key(j, "log");
		json_arr(j);
		for (size_t i = 0; i < d->nev; i++) {
			const struct duty_event *e = &d->events[i];

			json_obj(j);
			json_kint(j, "id", e->id);
			json_ktime(j, "at", e->at_us);
			json_ktime(j, "logged", e->logged_us);
			json_kstr(j, "kind", e->kind);
			json_kstr(j, "text", e->text);
			json_kstr(j, "cameras", e->cameras);
			if (e->alarm_id)
				json_kint(j, "alarm", e->alarm_id);
			if (e->corrects)
				json_kint(j, "corrects", e->corrects);
			if (e->corrected_by)
				json_kint(j, "corrected_by", e->corrected_by);
			json_end_obj(j);
		}
		json_end_arr(j);
	}
	json_end_obj(j);
}

/* Prints one shift as JSON and frees it. */
static void
print_shift_json(struct cli_ctx *ctx, struct duty_shift *d)
{
	cmd_json_item(ctx, d, json_shift);
	duty_free_list(d, d ? 1 : 0);
}

static void
print_handovers(struct cli_ctx *ctx, const struct duty_shift *h, size_t n)
{
	char t[32];

	for (size_t i = 0; i < n; i++) {
		fprintf(ctx->out, _("handover from %s (shift %lld, ended %s): %s\n"), h[i].guard,
		    (long long)h[i].id, time_fmt(h[i].ended_us, t), h[i].handover);
		fprintf(ctx->out, _("acknowledge it: duty ack %lld\n"), (long long)h[i].id);
	}
}

static void
print_alarms(struct cli_ctx *ctx, const struct duty_alarm *v, size_t n)
{
	char t[32];

	if (n > 0)
		fprintf(ctx->out, _("camera alarms of this shift not in the log (duty event --alarm "
		    "ID):\n"));
	for (size_t i = 0; i < n; i++) {
		char *text = duty_alarm_text(&v[i]);

		fprintf(ctx->out, "  %lld  %s  %s\n", (long long)v[i].id, time_fmt(v[i].ts_us, t),
		    text);
		free(text);
	}
}

static void
print_events(struct cli_ctx *ctx, const struct duty_shift *d)
{
	struct table t;

	table_init(&t, 5, _("EVENT"), _("AT"), _("KIND"), _("CAMERAS"), _("TEXT"));
	for (size_t i = 0; i < d->nev; i++) {
		const struct duty_event *e = &d->events[i];
		char id[24], at[32], *text;

		snprintf(id, sizeof id, "%lld", (long long)e->id);
		if (e->corrects)
			text = xasprintf(_("%s (corrects event %lld)"), e->text, (long long)e->corrects);
		else if (e->corrected_by)
			text = xasprintf(_("%s (corrected by event %lld)"), e->text,
			    (long long)e->corrected_by);
		else
			text = xstrdup(e->text);
		table_row(&t, id, time_fmt(e->at_us, at), e->kind, e->cameras[0] ? e->cameras : "-",
		    text);
		free(text);
	}
	table_print(&t, ctx->out);
	table_free(&t);
}

static void
print_shift(struct cli_ctx *ctx, const struct duty_shift *d)
{
	char t1[32], t2[32];

	fprintf(ctx->out, _("shift %lld · %s (%s) · desk %s · %s\n"), (long long)d->id,
	    d->guard_name, d->guard, d->desk, duty_state(d));
	fprintf(ctx->out, _("started %s, ended %s\n"), time_fmt(d->started_us, t1),
	    d->ended_us ? time_fmt(d->ended_us, t2) : "-");
	if (d->ended_us)
		fprintf(ctx->out, _("handover: %s\n"), d->handover);
	if (d->acked_us)
		fprintf(ctx->out, _("acknowledged by %s at %s (shift %lld)\n"), d->acked_by,
		    time_fmt(d->acked_us, t1), (long long)d->acked_shift);
	print_events(ctx, d);
}

/*---- Commands ----*/

static int
cmd_duty_start(struct cli_ctx *ctx, struct args *a)
{
	struct duty_shift *h;
	const char *desk;
	size_t n;
	int64_t id;
	char t[32];

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (desk = cli_need(ctx, a, "desk")) == NULL ||
	    duty_start(ctx->site, ctx->actor, desk, &id, &ctx->err) != 0)
		return -1;
	h = duty_handovers(ctx->site, ctx->actor, desk, &n);
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kint(&j, "shift", id);
		json_kstr(&j, "desk", desk);
		json_key(&j, "handovers");
		json_arr(&j);
		for (size_t i = 0; i < n; i++)
			json_shift(&j, &h[i]);
		json_end_arr(&j);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else {
		fprintf(ctx->out, "%lld\n", (long long)id);
		fprintf(ctx->out, _("shift %lld started at desk %s, %s\n"), (long long)id, desk,
		    time_fmt(clock_now(), t));
		print_handovers(ctx, h, n);
	}
	duty_free_list(h, n);
	return 0;
}

static int
event_spec(struct cli_ctx *ctx, struct args *a, struct duty_event_spec *sp, char ***cams)
{
	const char *v;

	memset(sp, 0, sizeof *sp);
	*cams = NULL;
	if ((sp->kind = cli_need(ctx, a, "kind")) == NULL ||
	    (sp->text = cli_need(ctx, a, "text")) == NULL ||
	    cmd_opt_time(ctx, a, "at", 0, &sp->at_us) != 0)
		return -1;
	if (args_has(a, "camera") &&
	    (*cams = cmd_opt_cameras(ctx, a, "camera", &sp->ncameras)) == NULL)
		return -1;
	sp->cameras = (const char **)*cams;
	if ((v = args_get(a, "shift")) != NULL && cmd_opt_id(ctx, v, _("shift"), &sp->shift_id) != 0)
		return -1;
	if ((v = args_get(a, "corrects")) != NULL &&
	    cmd_opt_id(ctx, v, _("duty event"), &sp->corrects) != 0)
		return -1;
	return 0;
}

static int
cmd_duty_event(struct cli_ctx *ctx, struct args *a)
{
	struct duty_event_spec sp;
	char **cams = NULL;
	const char *alarm;
	int64_t id, alarm_id;
	int r = -1;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if ((alarm = args_get(a, "alarm")) != NULL) {
		if (cmd_opt_id(ctx, alarm, _("camera alarm"), &alarm_id) != 0 ||
		    duty_log_alarm(ctx->site, ctx->actor, alarm_id, &id, &ctx->err) != 0)
			return -1;
	} else if (event_spec(ctx, a, &sp, &cams) != 0 ||
	    duty_event_add(ctx->site, ctx->actor, &sp, &id, &ctx->err) != 0)
		goto out;
	if (args_has(a, "json")) {
		struct json j;

		json_init(&j);
		json_obj(&j);
		json_kint(&j, "event", id);
		json_end_obj(&j);
		cli_print(ctx, json_done(&j));
	} else {
		fprintf(ctx->out, "%lld\n", (long long)id);
		fprintf(ctx->out, _("event %lld logged\n"), (long long)id);
	}
	r = 0;
out:
	if (cams != NULL)
		cmd_opt_free_cameras(cams, sp.ncameras);
	return r;
}

static int
cmd_duty_end(struct cli_ctx *ctx, struct args *a)
{
	const char *handover;
	struct vg_err ignore;
	int64_t id;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (handover = cli_need(ctx, a, "handover")) == NULL ||
	    duty_end(ctx->site, ctx->actor, handover, &id, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json")) {
		print_shift_json(ctx, duty_get(ctx->site, ctx->actor, id, &ignore));
		return 0;
	}
	fprintf(ctx->out, "%lld\n", (long long)id);
	fprintf(ctx->out, _("shift %lld ended; the handover waits for the next guard\n"),
	    (long long)id);
	return 0;
}

static int
cmd_duty_ack(struct cli_ctx *ctx, struct args *a)
{
	struct vg_err ignore;
	int64_t id;

	if (args_npos(a, 1, 1, ctx->cmd->usage, &ctx->err) != 0 ||
	    cmd_opt_id(ctx, a->pos[0], _("shift"), &id) != 0 ||
	    duty_ack(ctx->site, ctx->actor, id, &ctx->err) != 0)
		return -1;
	if (args_has(a, "json"))
		print_shift_json(ctx, duty_get(ctx->site, ctx->actor, id, &ignore));
	else
		fprintf(ctx->out, _("handover of shift %lld acknowledged\n"), (long long)id);
	return 0;
}

static int
cmd_duty_show(struct cli_ctx *ctx, struct args *a)
{
	struct duty_shift *d, *cur = NULL, *h = NULL;
	struct duty_alarm *al = NULL;
	size_t nh = 0, nal = 0;
	int64_t id;

	if (args_npos(a, 0, 1, ctx->cmd->usage, &ctx->err) != 0)
		return -1;
	if (a->npos == 1 && cmd_opt_id(ctx, a->pos[0], _("shift"), &id) != 0)
		return -1;
	if (a->npos == 0) {
		if ((cur = duty_current(ctx->site, ctx->actor)) == NULL)
			return vg_seterr(&ctx->err, VG_CONFLICT, "%s", _("you are not on a duty shift: "
			    "name one (duty list shows them)"));
		id = cur->id;
		duty_free_list(cur, 1);
	}
	if ((d = duty_get(ctx->site, ctx->actor, id, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		print_shift_json(ctx, d);
		return 0;
	}
	print_shift(ctx, d);
	if (d->ended_us == 0 && strcmp(d->guard, ctx->actor->login) == 0) {
		al = duty_alarms(ctx->site, ctx->actor, d->id, &nal);
		h = duty_handovers(ctx->site, ctx->actor, d->desk, &nh);
		print_alarms(ctx, al, nal);
		print_handovers(ctx, h, nh);
	}
	duty_free_alarms(al, nal);
	duty_free_list(h, nh);
	duty_free_list(d, 1);
	return 0;
}

static int
cmd_duty_list(struct cli_ctx *ctx, struct args *a)
{
	struct duty_shift *v;
	struct table t;
	size_t n;

	if (args_npos(a, 0, 0, ctx->cmd->usage, &ctx->err) != 0 ||
	    (v = duty_list(ctx->site, ctx->actor, &n, &ctx->err)) == NULL)
		return -1;
	if (args_has(a, "json")) {
		cmd_json_list(ctx, v, n, sizeof *v, json_shift);
		duty_free_list(v, n);
		return 0;
	}
	table_init(&t, 7, _("SHIFT"), _("GUARD"), _("DESK"), _("STARTED"), _("ENDED"), _("EVENTS"),
	    _("STATE"));
	for (size_t i = 0; i < n; i++) {
		char id[24], ev[24], t1[32], t2[32];

		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		snprintf(ev, sizeof ev, "%lld", (long long)v[i].nevents);
		table_row(&t, id, v[i].guard, v[i].desk, time_fmt(v[i].started_us, t1),
		    v[i].ended_us ? time_fmt(v[i].ended_us, t2) : "-", ev, duty_state(&v[i]));
	}
	table_print(&t, ctx->out);
	table_free(&t);
	duty_free_list(v, n);
	return 0;
}
