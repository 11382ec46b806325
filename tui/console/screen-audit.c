/* screen-audit.c — the audit log for reviewers: newest first, a page at a time, with filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit-log.h"
#include "core/clock.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/gov-ui.h"
#include "tui/console/records-ui.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"
#include "tui/console/widget-list.h"

#define PAGE 100
#define MAX_PAGES 4096

/* At 80 columns the entry, its time, who, what and on what; the detail and
 * where it came from join as the terminal widens. */
static const struct ui_col cols[] = {
	{ N_("ENTRY"), 6, 0, 0, 1 },
	{ N_("TIME"), 19, 0, 0, 0 },
	{ N_("WHO"), 10, 1, 0, 0 },
	{ N_("ACTION"), 18, 1, 0, 0 },
	{ N_("OBJECT"), 14, 2, 0, 0 },
	{ N_("DETAIL"), 24, 4, 2, 0 },
	{ N_("SOURCE"), 12, 1, 3, 0 },
};

static const struct ui_key keys[] = {
	{ "f", N_("filter") }, { "c", N_("clear") }, { "n", N_("older") }, { "p", N_("newer") },
	{ "Enter", N_("entry") }, { NULL, NULL }
};
static const struct ui_key narrow_keys[] = {
	{ "f", N_("filter") }, { "n", N_("older") }, { "p", N_("newer") }, { "c", N_("clear") },
	{ NULL, NULL }
};

struct alog {
	struct ui_list	 list;
	/* The filter as typed, kept for the form and for reading. */
	char		 from[32], to[32], actor[64], action[64], object[128];
	struct audit_filter f;
	int64_t		 cursors[MAX_PAGES];	/* cursors[i]: where page i starts */
	int		 page;
	int		 more;
	int64_t		 matches;
	char		*head;
	int		 head_role;
	int64_t		 loaded_us;
};

static void
set_filter(struct alog *al, struct ui *ui)
{
	struct vg_err err;

	memset(&al->f, 0, sizeof al->f);
	if (al->from[0] && time_parse(al->from, &al->f.from_us, &err) != 0)
		al->f.from_us = 0;
	if (al->to[0] && time_parse(al->to, &al->f.to_us, &err) != 0)
		al->f.to_us = 0;
	al->f.actor = al->actor[0] ? al->actor : NULL;
	al->f.action = al->action[0] ? al->action : NULL;
	al->f.object = al->object[0] ? al->object : NULL;
	(void)ui;
}

static char *
filter_text(const struct alog *al)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	if (al->from[0])
		buf_printf(&b, _(" from %s"), al->from);
	if (al->to[0])
		buf_printf(&b, _(" to %s"), al->to);
	if (al->actor[0])
		buf_printf(&b, _(" by %s"), al->actor);
	if (al->action[0])
		buf_printf(&b, _(" action %s*"), al->action);
	if (al->object[0])
		buf_printf(&b, _(" on *%s*"), al->object);
	return buf_steal(&b);
}

static void
add_row(struct alog *al, const struct audit_row *r)
{
	char id[24], t[32];
	const char *cells[7] = { id, time_fmt(r->ts_us, t), r->actor, r->action, r->object,
		r->detail, r->source };

	snprintf(id, sizeof id, "%lld", (long long)r->id);
	list_add(&al->list, id, strcmp(r->kind, "seal") == 0 ? UI_DIM :
	    strncmp(r->action, "auth.login.fail", 15) == 0 || strstr(r->action, "refuse") ?
	    UI_WARN : UI_NORMAL, cells);
}

static void
load(struct ui *ui, struct alog *al)
{
	struct audit_page p;
	struct vg_err err;
	char *ft;

	al->loaded_us = clock_now();
	list_begin(&al->list);
	free(al->head);
	al->head = NULL;
	if (audit_log_page(ui->site, ui->actor, &al->f, al->cursors[al->page], 1, PAGE, &p,
	    &err) != 0) {
		list_end(&al->list);
		al->head = xstrdup(err.msg);
		al->head_role = UI_ERROR;
		return;
	}
	for (size_t i = 0; i < p.n; i++)
		add_row(al, &p.v[i]);
	al->more = p.more;
	if (p.more && al->page + 1 < MAX_PAGES)
		al->cursors[al->page + 1] = p.v[p.n - 1].id;
	list_end(&al->list);
	al->matches = audit_log_count(ui->site, ui->actor, &al->f, &err);
	ft = filter_text(al);
	al->head = xasprintf(_("%lld entries%s; page %d, newest first%s"), (long long)al->matches,
	    ft[0] ? ft : _(" (all)"), al->page + 1, al->more ? _(" (n: older)") : "");
	al->head_role = UI_NORMAL;
	free(ft);
	audit_page_free(&p);
}

/*---- Filtering ----*/

static const struct ui_field_spec filter_fields[] = {
	{ "from", N_("From"), UF_DATETIME, 17, 16, 0, N_("YYYY-MM-DD HH:MM") },
	{ "to", N_("To"), UF_DATETIME, 17, 16, 0, N_("YYYY-MM-DD HH:MM") },
	{ "actor", N_("Who"), UF_TEXT, 0, 60, 0, N_("a login, exactly") },
	{ "action", N_("Action"), UF_TEXT, 0, 60, 0, N_("its start: request.") },
	{ "object", N_("Object"), UF_TEXT, 0, 120, 0, N_("text it contains: REQ-2026-0001") },
};

static int
submit_filter(struct ui *ui, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct alog *al = *(struct alog **)ud;
	struct audit_filter test;

	memset(&test, 0, sizeof test);
	test.from_us = form_get_time(f, "from");
	test.to_us = form_get_time(f, "to");
	test.actor = form_get(f, "actor");
	test.action = form_get(f, "action");
	test.object = form_get(f, "object");
	if (audit_filter_check(&test, err) != 0)
		return -1;
	snprintf(al->from, sizeof al->from, "%s", form_get(f, "from"));
	snprintf(al->to, sizeof al->to, "%s", form_get(f, "to"));
	snprintf(al->actor, sizeof al->actor, "%s", form_get(f, "actor"));
	snprintf(al->action, sizeof al->action, "%s", form_get(f, "action"));
	snprintf(al->object, sizeof al->object, "%s", form_get(f, "object"));
	set_filter(al, ui);
	al->page = 0;
	al->cursors[0] = 0;
	ui_message(ui, UI_NORMAL, "%s", _("Filter applied."));
	return 0;
}

static void
open_filter(struct ui *ui, struct alog *al)
{
	struct ui_form *f = form_new(_("Filter the audit log"), filter_fields,
	    VG_ARRLEN(filter_fields));
	struct alog **ud = xmalloc(sizeof *ud);

	form_set(f, "from", al->from);
	form_set(f, "to", al->to);
	form_set(f, "actor", al->actor);
	form_set(f, "action", al->action);
	form_set(f, "object", al->object);
	*ud = al;
	ui_push(ui, screen_form_new(ui, f, submit_filter, ud, _("Filter the audit log")));
}

/*---- One entry ----*/

static int
entry_load(struct ui *ui, struct recdetail *rd, struct vg_err *err)
{
	struct audit_filter f;
	struct audit_page p;
	const struct audit_row *r;
	char t[32], *s;

	memset(&f, 0, sizeof f);
	f.seals = 1;
	if (audit_log_page(ui->site, ui->actor, &f, rd->id + 1, 1, 1, &p, err) != 0)
		return -1;
	if (p.n == 0 || p.v[0].id != rd->id) {
		audit_page_free(&p);
		return vg_seterr(err, VG_NOTFOUND, _("no audit entry %lld"), (long long)rd->id);
	}
	r = &p.v[0];
	s = xasprintf(_("Audit entry %lld"), (long long)r->id);
	text_heading(&rd->text, s);
	free(s);
	text_field(&rd->text, _("Time"), time_fmt(r->ts_us, t), UI_NORMAL);
	text_field(&rd->text, _("Who"), r->actor, UI_NORMAL);
	text_field(&rd->text, _("Action"), r->action, UI_NORMAL);
	text_field(&rd->text, _("Object"), r->object, UI_NORMAL);
	text_field(&rd->text, _("Detail"), r->detail, UI_NORMAL);
	text_field(&rd->text, _("Source"), r->source, UI_NORMAL);
	text_field(&rd->text, _("Kind"), r->kind, UI_NORMAL);
	audit_page_free(&p);
	return 0;
}

static const struct recdetail_def entry_def = {
	RECDETAIL_OPS(N_("Audit entry"), N_("One entry of the audit log as it was written: when, "
	    "who, what was done to what, the detail and where it came from.")),
	entry_load, NULL, 0
};

static void
open_entry(struct ui *ui, void *ud, const char *key)
{
	char *title = xasprintf(_("Audit entry %s"), key);

	(void)ud;
	recdetail_open(ui, &entry_def, key, title);
	free(title);
}

/*---- The screen ----*/

static void
alog_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct alog *al = s->data;

	ui_put(stdscr, y, x + 1, w - 2, al->head ? al->head : "", ui_attr(ui, al->head_role), 0);
	list_draw(ui, &al->list, y + 1, x, h - 1, w);
}

static int
page_key(struct ui *ui, struct alog *al, wint_t ch)
{
	switch (ch) {
	case 'n':
		if (!al->more || al->page + 1 >= MAX_PAGES) {
			ui_message(ui, UI_NORMAL, "%s", _("This is the oldest page."));
			return UI_HANDLED;
		}
		al->page++;
		break;
	case 'p':
		if (al->page == 0) {
			ui_message(ui, UI_NORMAL, "%s", _("This is the newest page."));
			return UI_HANDLED;
		}
		al->page--;
		break;
	case 'c':
		al->from[0] = al->to[0] = al->actor[0] = al->action[0] = al->object[0] = '\0';
		set_filter(al, ui);
		al->page = 0;
		break;
	default:
		return UI_UNHANDLED;
	}
	load(ui, al);
	return UI_HANDLED;
}

static int
alog_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct alog *al = s->data;

	if (al->list.filtering || ev->is_key)
		return list_screen_key(ui, &al->list, ev, open_entry, al);
	if (ev->ch == 'f') {
		open_filter(ui, al);
		return UI_HANDLED;
	}
	if (ev->ch == 'r') {
		load(ui, al);
		ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	if (page_key(ui, al, ev->ch) == UI_HANDLED)
		return UI_HANDLED;
	return list_screen_key(ui, &al->list, ev, open_entry, al);
}

/* The newest page follows the log as it grows; older pages stay put. */
static void
alog_tick(struct ui *ui, struct ui_screen *s)
{
	struct alog *al = s->data;

	if (al->page == 0 && clock_now() - al->loaded_us >= 5 * VG_USEC_PER_SEC)
		load(ui, al);
}

static void
alog_resume(struct ui *ui, struct ui_screen *s)
{
	load(ui, s->data);
}

static const struct ui_key *
alog_keys(struct ui *ui, struct ui_screen *s)
{
	struct alog *al = s->data;

	return list_screen_keys(&al->list, ui_keys_pick(ui, keys, narrow_keys));
}

static void
alog_free(struct ui_screen *s)
{
	struct alog *al = s->data;

	list_free(&al->list);
	free(al->head);
	free(al);
}

static const struct ui_screen_ops ops = {
	.title = N_("Audit log"), .draw = alog_draw, .key = alog_key, .tick = alog_tick,
	.keys = alog_keys, .resume = alog_resume, .free = alog_free,
	.help = N_("The audit log, newest entry first, a page of 100 at a time: n shows older "
	    "entries, p newer ones. f filters by time, by who acted, by the start of the action "
	    "(request., viewing.start) and by text in the object (a request's reference, a "
	    "camera); c clears the filter; / searches the page shown. Enter shows one entry whole. "
	    "Failed logins and refusals are in yellow, seal rows dimmed."),
};

struct ui_screen *
screen_audit_new(struct ui *ui)
{
	struct alog *al = xcalloc(1, sizeof *al);
	struct vg_err err;

	if (actor_require(ui->site, ui->actor, "audit.read", &err) != 0) {
		ui_message(ui, UI_ERROR, "%s", err.msg);
		free(al);
		return NULL;
	}
	list_init(&al->list, cols, VG_ARRLEN(cols), 0);
	al->list.empty = N_("(no entry matches)");
	set_filter(al, ui);
	load(ui, al);
	return ui_screen_new(&ops, al);
}
