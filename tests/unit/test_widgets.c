/* test_widgets.c — the console's text fitting, list widget and form widget, on a terminal ncurses draws to /dev/null. */
#include "tests/unit/testutil.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/screens.h"
#include "tui/console/ui.h"
#include "tui/console/widget-form.h"
#include "tui/console/widget-list.h"
#include "tui/console/widget-text.h"

static struct vg_site *s;
static struct ui ui;
static FILE *tty_out, *tty_in;

static int
setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	setenv("COLUMNS", "100", 1);
	setenv("LINES", "30", 1);
	s = tu_site("default");
	memset(&ui, 0, sizeof ui);
	ui.site = s;
	ui.actor = actor_system("test");
	tty_out = fopen("/dev/null", "w");
	tty_in = fopen("/dev/null", "r");
	ui_begin(&ui, tty_out, tty_in, "xterm-256color");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ui_end(&ui);
	fclose(tty_out);
	fclose(tty_in);
	actor_free(ui.actor);
	tu_site_close(s);
	return 0;
}

/* What the terminal shows on row y, as UTF-8 (wide characters once). */
static char *
row_text(int y)
{
	wchar_t w[512];
	char *out = xcalloc(1, 2048);

	if (mvwinnwstr(curscr, y, 0, w, 511) == ERR)
		w[0] = L'\0';
	wcstombs(out, w, 2047);
	return out;
}

/* The first row containing text, or -1. */
static int
find_row(const char *text)
{
	for (int y = 0; y < ui.rows; y++) {
		char *r = row_text(y);
		int hit = strstr(r, text) != NULL;

		free(r);
		if (hit)
			return y;
	}
	return -1;
}

static void
assert_row_has(int y, const char *text)
{
	char *r = row_text(y);

	assert_contains(r, text);
	free(r);
}

static struct ui_event
ch(wint_t c)
{
	struct ui_event e = { 0, 0, c };

	return e;
}

static struct ui_event
key(int k)
{
	struct ui_event e = { 1, k, 0 };

	return e;
}

static void
feed_text(const char *text)
{
	wchar_t w[256];
	size_t n = mbstowcs(w, text, 255);

	for (size_t i = 0; i < n; i++) {
		struct ui_event e = ch((wint_t)w[i]);

		ui_feed(&ui, &e);
	}
}

static void
feed(struct ui_event e)
{
	ui_feed(&ui, &e);
}

/*---- Text ----*/

static void
test_text_width_wrap_and_cut(void **state)
{
	char **lines;
	size_t n;

	(void)state;
	assert_int_equal(ui_width("gate-1"), 6);
	assert_int_equal(ui_width("摄像机状态"), 10);
	assert_int_equal(ui_width("A班"), 3);
	lines = ui_wrap("你好世界你好世界", 6, &n);
	assert_int_equal(n, 3);
	assert_string_equal(lines[0], "你好世");
	assert_string_equal(lines[2], "世界");
	ui_free_lines(lines, n);
	lines = ui_wrap("the quick brown fox", 10, &n);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "the quick");
	assert_string_equal(lines[1], "brown fox");
	ui_free_lines(lines, n);
	/* Cut to a width: never half a wide character, an ellipsis when cut. */
	erase();
	assert_int_equal(ui_put(stdscr, 0, 0, 5, "摄像机状态", A_NORMAL, 1), 5);
	assert_int_equal(ui_put(stdscr, 1, 0, 4, "abc", A_NORMAL, 1), 4);
	mvaddstr(0, 5, "|");
	mvaddstr(1, 4, "|");
	refresh();
	assert_row_has(0, "摄像…|");
	assert_row_has(1, "abc |");
}

/*---- List ----*/

static const struct ui_col cols[] = {
	{ "ID", 8, 0, 0, 0 },
	{ "NAME", 10, 2, 0, 0 },
	{ "SIZE", 6, 0, 2, 1 },
	{ "LOCATION", 20, 1, 1, 0 },
};

static void
fill(struct ui_list *l)
{
	static const char *const rows[][4] = {
		{ "b", "Bravo", "10", "North" },
		{ "a", "alpha", "9", "南门" },
		{ "c", "Charlie", "100", "East" },
	};

	list_begin(l);
	for (size_t i = 0; i < VG_ARRLEN(rows); i++)
		list_add(l, rows[i][0], UI_NORMAL, rows[i]);
	list_end(l);
}

static void
test_list_layout_drops_by_priority(void **state)
{
	struct ui_list l;
	int w[4];

	(void)state;
	list_init(&l, cols, VG_ARRLEN(cols), 0);
	list_layout(&l, 80, w);
	assert_true(w[0] == 8 && w[1] >= 10 && w[2] == 6 && w[3] >= 20);
	/* 8+10+6+20 and gaps do not fit in 45: SIZE (priority 2) goes first... */
	list_layout(&l, 45, w);
	assert_int_equal(w[2], 0);
	assert_true(w[3] >= 20);
	/* ...then LOCATION; ID and NAME (priority 0) always stay. */
	list_layout(&l, 30, w);
	assert_int_equal(w[3], 0);
	assert_true(w[0] > 0 && w[1] > 0);
	list_free(&l);
}

/* Issue 19 item 8: a column that must show at 80 is cut short rather than dropped; the
 * extras of a wide terminal never cut the others; nothing is cut below its title. */
static void
test_list_cuts_before_dropping_what_must_show(void **state)
{
	static const struct ui_col inbox[] = {
		{ "REF", 13, 0, 0, 0 }, { "KIND", 4, 0, 0, 0 }, { "REQUESTER", 12, 1, 1, 0 },
		{ "PURPOSE", 16, 2, 0, 0 }, { "CAMERAS", 12, 1, 0, 0 }, { "RANGE", 24, 0, 0, 0 },
		{ "YOUR STEP", 24, 2, 3, 0 }, { "FILED", 16, 0, 4, 0 },
	};
	struct ui_list l;
	int w[8], total = 0;

	(void)state;
	list_init(&l, inbox, VG_ARRLEN(inbox), 0);
	list_cut(&l, 2, 8);
	list_cut(&l, 3, 10);
	/* At 80: the requester cut to its title (9), the purpose by the rest; the step and
	 * the filing time dropped. */
	list_layout(&l, 80, w);
	for (int c = 0; c < 8; c++)
		total += w[c] ? w[c] + 1 : 0;
	assert_true(total <= 79);
	assert_int_equal(w[1], 4);
	assert_int_equal(w[2], 9);
	assert_int_equal(w[3], 11);
	assert_int_equal(w[4], 12);
	assert_int_equal(w[6], 0);
	assert_int_equal(w[7], 0);
	/* At 120 the step joins without cutting anything; the filing time does not fit. */
	list_layout(&l, 120, w);
	assert_true(w[2] >= 12 && w[3] >= 16 && w[6] >= 24);
	assert_int_equal(w[7], 0);
	/* Narrower than the cut columns allow: the requester goes after all. */
	list_layout(&l, 70, w);
	assert_int_equal(w[2], 0);
	assert_true(w[1] == 4 && w[3] >= 10 && w[4] == 12);
	list_free(&l);
}

static void
test_list_sort_filter_and_reload(void **state)
{
	struct ui_list l;
	struct ui_event e;

	(void)state;
	list_init(&l, cols, VG_ARRLEN(cols), 1);
	fill(&l);
	assert_string_equal(list_selected(&l)->key, "b");	/* as added */
	e = ch('s');						/* by ID */
	assert_int_equal(list_key(&ui, &l, &e), LIST_HANDLED);
	assert_string_equal(l.rows[l.view[0]].key, "a");
	e = ch('s');
	list_key(&ui, &l, &e);					/* by NAME, case-blind */
	assert_string_equal(l.rows[l.view[0]].key, "a");
	assert_string_equal(l.rows[l.view[2]].key, "c");
	e = ch('s');
	list_key(&ui, &l, &e);					/* SIZE, as numbers */
	assert_string_equal(l.rows[l.view[0]].key, "a");
	assert_string_equal(l.rows[l.view[2]].key, "c");
	e = ch('S');
	list_key(&ui, &l, &e);
	assert_string_equal(l.rows[l.view[0]].key, "c");
	/* The selection follows its row through sorting. */
	assert_string_equal(list_selected(&l)->key, "b");
	/* Filter: '/' then text; matches any cell, Chinese too. */
	e = ch('/');
	list_key(&ui, &l, &e);
	e = ch(L'南');
	list_key(&ui, &l, &e);
	assert_int_equal(l.nview, 1);
	assert_string_equal(list_selected(&l)->key, "a");
	e = ch(0x7f);
	list_key(&ui, &l, &e);
	e = ch('E');
	list_key(&ui, &l, &e);
	assert_int_equal(l.nview, 1);
	assert_string_equal(list_selected(&l)->key, "c");
	e = ch(UI_ESC);						/* clears and leaves filtering */
	list_key(&ui, &l, &e);
	assert_int_equal(l.nview, 3);
	assert_false(l.filtering);
	/* Marks (multi-select) and the selection survive a reload. */
	e = ch(' ');
	assert_int_equal(list_key(&ui, &l, &e), LIST_MARK);
	{
		char *m = list_marked_keys(&l);

		assert_string_equal(m, "c");
		free(m);
	}
	fill(&l);
	{
		char *m = list_marked_keys(&l);

		assert_string_equal(m, "c");
		free(m);
	}
	e = ch('\r');
	assert_int_equal(list_key(&ui, &l, &e), LIST_ACTIVATE);
	list_free(&l);
}

/*---- Form ----*/

static const struct ui_field_spec fields[] = {
	{ "title", "Title", UF_TEXT, 20, 60, 1, NULL },
	{ "when", "From", UF_DATETIME, 17, 16, 1, "YYYY-MM-DD HH:MM" },
	{ "kind", "Kind", UF_CHOICE, 20, 0, 1, NULL },
	{ "cameras", "Cameras", UF_MULTI, 30, 0, 1, NULL },
};

struct submitted {
	int	calls;
	int	refuse;		/* answer with an error for this field */
	char	title[64], when[32], kind[16], cameras[64];
};

/* What submit saw; the screen frees its own user data, so results live here. */
static struct submitted results;

static int
submit(struct ui *u, struct ui_form *f, void *ud, struct vg_err *err)
{
	struct submitted *got = &results;

	(void)u;
	assert_string_equal(ud, "owned by the screen");
	got->calls++;
	snprintf(got->title, sizeof got->title, "%s", form_get(f, "title"));
	snprintf(got->when, sizeof got->when, "%s", form_get(f, "when"));
	snprintf(got->kind, sizeof got->kind, "%s", form_get(f, "kind"));
	snprintf(got->cameras, sizeof got->cameras, "%s", form_get(f, "cameras"));
	if (got->refuse)
		return vg_seterr_field(err, VG_REFUSED, "cameras", "%s",
		    "interior cameras are never shown live");
	return 0;
}

static void
base_draw(struct ui *u, struct ui_screen *sc, int y, int x, int h, int w)
{
	(void)u, (void)sc, (void)y, (void)x, (void)h, (void)w;
}

static int
base_key(struct ui *u, struct ui_screen *sc, const struct ui_event *e)
{
	(void)u, (void)sc, (void)e;
	return UI_UNHANDLED;
}

static const struct ui_screen_ops base_ops = { .title = "Base", .draw = base_draw,
    .key = base_key };

/* A screen with the form, its submit function recording what it got. */
static struct ui_form *
push_form(struct submitted **got)
{
	static const char *const kinds[] = { "view", "copy" };
	static const char *const kind_labels[] = { "View footage", "Copy footage" };
	static const char *const cams[] = { "gate-1", "class-3a", "yard" };
	struct ui_form *f = form_new("A request", fields, VG_ARRLEN(fields));

	form_set_options(f, "kind", 2, kinds, kind_labels);
	form_set_options(f, "cameras", 3, cams, NULL);
	memset(&results, 0, sizeof results);
	*got = &results;
	ui_push(&ui, ui_screen_new(&base_ops, NULL));	/* what the form returns to */
	ui_push(&ui, screen_form_new(&ui, f, submit, xstrdup("owned by the screen"), "Request"));
	ui_draw(&ui);
	return f;
}

static void
test_form_refuses_bad_input_beside_the_field(void **state)
{
	struct submitted *got;
	struct ui_form *f = push_form(&got);
	int row;

	(void)state;
	assert_string_equal(form_focus(f), "title");
	/* Save straight away: every required field says so beside itself. */
	for (int i = 0; i < 4; i++)
		feed(ch('\t'));
	assert_string_equal(form_focus(f), "");
	feed(ch('\r'));
	ui_draw(&ui);
	assert_int_equal(got->calls, 0);
	assert_string_equal(form_error(f, "title"), "this field is required");
	assert_string_equal(form_error(f, "cameras"), "choose at least one");
	assert_string_equal(form_focus(f), "title");
	row = find_row("Title*");
	assert_true(row > 0);
	assert_row_has(row, "this field is required");
	assert_row_has(find_row("Cameras*"), "choose at least one");

	/* Type a title (Chinese too), then a date that does not exist. */
	feed_text("丢失的书包 lost bag");
	feed(ch('\t'));
	feed_text("2026-13-40 10:00");
	feed(ch('\t'));						/* leaving the field checks it */
	ui_draw(&ui);
	assert_null(form_error(f, "title"));
	assert_non_null(form_error(f, "when"));
	row = find_row("From*");
	assert_row_has(row, "\"2026-13-40 10:00\" is not a time");
	/* Cut beside the field, the whole message shows under the buttons. */
	assert_true(find_row("YYYY-MM-DDTHH:MM)") > find_row("[ Save ]"));
	assert_row_has(find_row("Title*"), "丢失的书包 lost bag");

	/* Tab stayed on the refused date, its text selected: typing replaces it. */
	assert_string_equal(form_focus(f), "when");
	assert_true(form_refused_here(f));
	feed_text("2026-03-01 10:00");
	assert_string_equal(form_get(f, "when"), "2026-03-01 10:00");
	feed(ch('\t'));
	assert_null(form_error(f, "when"));
	feed(key(KEY_RIGHT));
	assert_string_equal(form_get(f, "kind"), "view");
	feed(key(KEY_RIGHT));
	assert_string_equal(form_get(f, "kind"), "copy");
	ui_draw(&ui);
	assert_row_has(find_row("Kind*"), "< Copy footage >");
	feed(ch('\t'));
	assert_string_equal(form_focus(f), "cameras");

	/* The multi-select menu (libmenu): down, mark, mark, Enter. */
	assert_int_equal(unget_wch('\r'), OK);
	assert_int_equal(unget_wch(' '), OK);
	assert_int_equal(ungetch(KEY_DOWN), OK);
	assert_int_equal(unget_wch(' '), OK);
	feed(ch('\r'));
	assert_string_equal(form_get(f, "cameras"), "gate-1,class-3a");
	ui_draw(&ui);
	assert_row_has(find_row("Cameras*"), "[2] gate-1, class-3a");

	/* Core refuses: the message lands beside the field it names, nothing closes. */
	got->refuse = 1;
	form_focus_field(f, "title");
	for (int i = 0; i < 4; i++)
		feed(ch('\t'));
	feed(ch('\r'));
	ui_draw(&ui);
	assert_int_equal(got->calls, 1);
	assert_string_equal(got->title, "丢失的书包 lost bag");
	assert_string_equal(got->when, "2026-03-01 10:00");
	assert_string_equal(got->kind, "copy");
	assert_string_equal(form_focus(f), "cameras");
	assert_row_has(find_row("Cameras*"), "interior cameras are never");
	assert_contains(ui.message, "interior cameras are never shown live");
	assert_int_equal(ui.depth, 2);

	/* Accepted: the screen closes. */
	got->refuse = 0;
	for (int i = 0; i < 1; i++)
		feed(ch('\t'));
	feed(ch('\r'));
	assert_int_equal(got->calls, 2);
	assert_int_equal(ui.depth, 1);
}

static void
test_form_checks_choices_and_errors_for_no_field(void **state)
{
	struct submitted *got;
	struct ui_form *f = push_form(&got);
	struct vg_err err;

	(void)state;
	form_set(f, "title", "x");
	form_set(f, "when", "2026-03-01");
	form_set(f, "kind", "delete");
	form_set(f, "cameras", "gate-1,lobby");
	assert_int_equal(form_check(f), -1);
	assert_string_equal(form_error(f, "kind"), "\"delete\" is not one of the choices");
	assert_string_equal(form_error(f, "cameras"), "\"lobby\" is not one of the choices");
	assert_string_equal(form_focus(f), "kind");
	form_set(f, "kind", "view");
	form_set(f, "cameras", "yard");
	assert_int_equal(form_check(f), 0);
	assert_true(form_get_time(f, "when") > 0);
	/* A message that names no field of the form goes under the buttons. */
	vg_seterr_field(&err, VG_FAILED, "", "%s", "the database is busy");
	form_set_error(f, &err);
	ui_draw(&ui);
	assert_true(find_row("the database is busy") > find_row("[ Save ]"));
	/* Esc asks before throwing away what was typed; n stays, y leaves. */
	assert_true(form_dirty(f));
	assert_int_equal(unget_wch('n'), OK);
	feed(ch(UI_ESC));
	assert_int_equal(ui.depth, 2);
	assert_int_equal(unget_wch('y'), OK);
	feed(ch(UI_ESC));
	assert_int_equal(got->calls, 0);
	assert_int_equal(ui.depth, 1);
}

/* Dialogs read their own keys: y / n / Esc answer a question, anything else waits. */
static void
test_dialogs_answer_with_their_keys(void **state)
{
	(void)state;
	ui_push(&ui, ui_screen_new(&base_ops, NULL));
	assert_int_equal(unget_wch('y'), OK);
	assert_int_equal(ui_dialog_confirm(&ui, "Approve", "Approve request 12?"), 1);
	assert_int_equal(unget_wch(UI_ESC), OK);
	assert_int_equal(unget_wch('x'), OK);
	assert_int_equal(ui_dialog_confirm(&ui, "Approve", "Approve request 12?"), 0);
	assert_int_equal(unget_wch('n'), OK);
	assert_int_equal(ui_dialog_confirm(&ui, "Approve", "Approve request 12?"), 0);
	/* While a dialog waits, the question is on the screen. */
	assert_int_equal(unget_wch('\r'), OK);
	ui_dialog_message(&ui, "Done", "请求已批准 request approved");
	assert_true(find_row("请求已批准 request approved") > 0);
	assert_true(find_row("[ OK ]") > find_row("请求已批准"));
}


/*---- Framework pieces of the governance console ----*/

/* A long message wraps over up to three rows above the status line, and the
 * content area gives way to it; the banner takes the row under the title. */
static void
test_message_wraps_and_banner_takes_a_row(void **state)
{
	int y, h;
	char *cut;

	(void)state;
	cut = ui_fit("摄像机状态", 5);
	assert_string_equal(cut, "摄像…");
	free(cut);
	cut = ui_fit("abc", 3);
	assert_string_equal(cut, "abc");
	free(cut);
	/* Mixed text breaks before a wide character rather than at a far-back space. */
	{
		size_t n;
		char **lines = ui_wrap("已批准 · wang · 第 1 步（部门单位负责人）", 24, &n);

		assert_int_equal(n, 2);
		assert_string_equal(lines[0], "已批准 · wang · 第 1 步");
		assert_string_equal(lines[1], "（部门单位负责人）");
		ui_free_lines(lines, n);
	}
	ui_push(&ui, ui_screen_new(&base_ops, NULL));
	ui_content_area(&ui, &y, &h);
	assert_int_equal(y, 1);
	assert_int_equal(h, ui.rows - 3);
	snprintf(ui.banner, sizeof ui.banner, "%s", "● Viewing 3 of REQ-2026-0001 since 09:12");
	ui_message(&ui, UI_ERROR, "%s%s", "GUAT art. 17: at most 5 people may view footage "
	    "together; 6 were asked for, and this sentence goes on long enough to need a ",
	    "second row at a hundred columns");
	ui_content_area(&ui, &y, &h);
	assert_int_equal(y, 2);
	assert_int_equal(h, ui.rows - 3 - 1 - 1);
	ui_draw(&ui);
	assert_row_has(1, "● Viewing 3 of REQ-2026-0001");
	assert_row_has(ui.rows - 3, "GUAT art. 17: at most 5 people");
	assert_row_has(ui.rows - 2, "second row at a hundred columns");
	/* Longer than three rows: the third ends with "…". */
	memset(ui.message, 'x', 400);
	ui.message[400] = '\0';
	ui_content_area(&ui, &y, &h);
	assert_int_equal(h, ui.rows - 3 - 1 - (UI_MESSAGE_LINES - 1));
	ui_draw(&ui);
	assert_row_has(ui.rows - 2, "…");
	ui.banner[0] = ui.message[0] = '\0';
}

static const struct ui_field_spec gov_fields[] = {
	{ "who", "Requesting as", UF_CHOICE, 0, 0, 1, NULL },
	{ "agency", "Agency", UF_TEXT, 20, 60, 1, NULL },
	{ "officer", "Officer", UF_TEXT, 20, 60, 1, NULL },
	{ "reason", "Reason", UF_TEXT, 0, 60, 1, NULL },
};

struct changes {
	int	 calls;
	char	 last[32];
};

/* Shows the external body's fields only for that requester, as the new-request form does. */
static void
gov_change(struct ui_form *f, const char *name, void *ud)
{
	struct changes *c = ud;
	int ext = strcmp(form_get(f, "who"), "external") == 0;

	c->calls++;
	snprintf(c->last, sizeof c->last, "%s", name);
	form_show(f, "agency", ext);
	form_show(f, "officer", ext);
}

static int
gov_submit(struct ui *u, struct ui_form *f, void *ud, struct vg_err *err)
{
	(void)u, (void)f;
	results.calls++;
	if (results.refuse)
		return vg_seterr_field(err, VG_REFUSED, "agency", "%s",
		    "GUAT art. 18: agency \"other\" is not one of police, procuratorate, court, "
		    "state_security, education_authority, so it needs a certificate");
	if (*(int *)ud)
		return 0;
	vg_err_clear(err);		/* declined when asked to confirm */
	return -1;
}

static int freed_ud;

static void
count_free(void *ud)
{
	freed_ud++;
	free(ud);
}

static void
test_form_fields_come_and_go_with_a_note(void **state)
{
	static const char *const who[] = { "teacher", "external" };
	static const char *const who_labels[] = { "Teacher, for their own classes",
	    "An outside body: the police, a court or the procuratorate" };
	struct changes ch_ = { 0, "" };
	struct ui_form *f = form_new("A request", gov_fields, VG_ARRLEN(gov_fields));
	struct ui_screen *sc;
	int *confirm = xmalloc(sizeof *confirm);
	int row;

	(void)state;
	memset(&results, 0, sizeof results);
	freed_ud = 0;
	*confirm = 0;
	form_set_options(f, "who", 2, who, who_labels);
	form_set(f, "who", "teacher");
	form_on_change(f, gov_change, &ch_);
	gov_change(f, "", &ch_);
	form_set_note(f, "Who will have to approve, in order:\n  1. Head of department\n"
	    "  2. Head of academic affairs");
	ui_push(&ui, ui_screen_new(&base_ops, NULL));
	sc = screen_form_new(&ui, f, gov_submit, confirm, "Request");
	screen_form_set_free(sc, count_free);
	ui_push(&ui, sc);
	ui_draw(&ui);
	/* Hidden: not drawn, and the reason sits right under the choice. */
	assert_int_equal(find_row("Agency"), -1);
	row = find_row("Requesting as*");
	assert_int_equal(find_row("Reason*"), row + 1);
	assert_false(form_shown(f, "agency"));
	/* The note under the buttons. */
	assert_true(find_row("2. Head of academic affairs") > find_row("[ Save ]"));
	/* The choice is as wide as its longest option: nothing cut at 100 columns. */
	ch_.calls = 0;
	feed(key(KEY_RIGHT));
	assert_int_equal(ch_.calls, 1);
	assert_string_equal(ch_.last, "who");
	ui_draw(&ui);
	assert_row_has(row, "< An outside body: the police, a court or the procuratorate >");
	assert_int_equal(find_row("Agency*"), row + 1);
	assert_int_equal(find_row("Officer*"), row + 2);
	assert_int_equal(find_row("Reason*"), row + 3);
	/* Hidden fields are not checked; shown ones are. */
	form_set(f, "reason", "lost bag");
	assert_int_equal(form_check(f), -1);
	assert_string_equal(form_error(f, "agency"), "this field is required");
	form_set(f, "who", "teacher");
	gov_change(f, "who", &ch_);
	assert_int_equal(form_check(f), 0);
	assert_null(form_error(f, "agency"));
	/* Leaving a text field whose text changed is a change; leaving it unchanged is not. */
	form_set(f, "who", "external");
	gov_change(f, "who", &ch_);
	form_focus_field(f, "agency");
	ch_.calls = 0;
	feed_text("other");
	feed(ch('\t'));
	assert_int_equal(ch_.calls, 1);
	assert_string_equal(ch_.last, "agency");
	feed(ch('\t'));
	assert_int_equal(ch_.calls, 1);
	/* Core refuses beside a field, and the whole message shows under the buttons
	 * when the row beside the field is too narrow for it. */
	form_set(f, "officer", "Agent Lu");
	results.refuse = 1;
	form_focus_field(f, "reason");
	feed(ch('\t'));
	feed(ch('\r'));
	ui_draw(&ui);
	assert_int_equal(results.calls, 1);
	assert_string_equal(form_focus(f), "agency");
	assert_row_has(find_row("Agency*"), "GUAT art. 18: agency");
	assert_true(find_row("state_security, education_authority, so it needs a") >
	    find_row("[ Save ]"));
	/* Declined when asked to confirm: nothing said, the form stays. */
	results.refuse = 0;
	ui.message[0] = '\0';
	form_focus_field(f, "reason");
	feed(ch('\t'));
	feed(ch('\r'));
	assert_int_equal(results.calls, 2);
	assert_int_equal(ui.depth, 2);
	assert_string_equal(ui.message, "");
	/* Confirmed: the form closes and its data is freed its own way. */
	*confirm = 1;
	feed(ch('\r'));
	assert_int_equal(results.calls, 3);
	assert_int_equal(ui.depth, 1);
	assert_int_equal(freed_ud, 1);
}

/* The text page: label blocks line up, values wrap under themselves, it scrolls. */
static void
test_text_page_lays_out_and_scrolls(void **state)
{
	struct ui_text t;
	struct ui_event e;
	char label[16];
	int r;

	(void)state;
	text_init(&t);
	text_heading(&t, "REQ-2026-0001 · granted");
	text_field(&t, "Requester", "Tina Test (tina)", UI_NORMAL);
	text_field(&t, "Reason", "a demonstration lesson for the new teachers of the school, "
	    "which this sentence makes long enough to wrap at a hundred columns and more", UI_NORMAL);
	text_heading(&t, "Timeline");
	for (int i = 0; i < 40; i++) {
		snprintf(label, sizeof label, "09:%02d", i);
		text_field(&t, label, i == 39 ? "the last event" : "an event", UI_NORMAL);
	}
	erase();
	text_draw(&ui, &t, 0, 0, 20, ui.cols);
	refresh();
	assert_row_has(0, "REQ-2026-0001 · granted");
	r = find_row("Requester");
	assert_row_has(r, "Tina Test (tina)");
	/* The block's label column is as wide as its widest label. */
	assert_int_equal(find_row("Reason     a demonstration lesson"), r + 1);
	{
		char *line2 = row_text(r + 2);

		/* The wrapped rest starts under the value, not under the label. */
		assert_true(strncmp(line2, "            ", 12) == 0);
		free(line2);
	}
	assert_row_has(19, "more below");
	assert_int_equal(find_row("the last event"), -1);
	e = key(KEY_END);
	assert_int_equal(text_key(&t, &e), UI_HANDLED);
	erase();
	text_draw(&ui, &t, 0, 0, 20, ui.cols);
	refresh();
	assert_row_has(19, "the last event");
	assert_int_equal(find_row("more below"), -1);
	e = key(KEY_PPAGE);
	text_key(&t, &e);
	e = ch('k');
	text_key(&t, &e);
	assert_int_equal(t.top, t.total - 20 - 18 - 1);
	e = key(KEY_HOME);
	text_key(&t, &e);
	assert_int_equal(t.top, 0);
	e = ch('q');
	assert_int_equal(text_key(&t, &e), UI_UNHANDLED);
	text_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_width_wrap_and_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_layout_drops_by_priority, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_cuts_before_dropping_what_must_show, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_list_sort_filter_and_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_refuses_bad_input_beside_the_field, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_checks_choices_and_errors_for_no_field,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_dialogs_answer_with_their_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_message_wraps_and_banner_takes_a_row, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_form_fields_come_and_go_with_a_note, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_text_page_lays_out_and_scrolls, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
