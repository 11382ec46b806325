/* ui.c — the console main loop, screen stack, title and status lines, colours, text fitting, dialogs. */
#include "tui/console/ui.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/console/graphics.h"

static const struct ui_key global_keys[] = {
	{ "?", N_("help") },
	{ "Esc", N_("back") },
	{ "q", N_("quit") },
	{ NULL, NULL }
};

/*---- Colours ----*/

struct role_style {
	short	 fg, bg;
	attr_t	 colour_attr;
	attr_t	 mono;
};

/* -1 is the terminal's own colour (use_default_colors). */
static const struct role_style styles[UI_NROLES] = {
	[UI_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[UI_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
	[UI_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[UI_KEY] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD },
	[UI_SELECTED] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[UI_HEADER] = { -1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE },
	[UI_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[UI_DIM] = { COLOR_CYAN, -1, A_NORMAL, A_DIM },
	[UI_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[UI_FIELD_FOCUS] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE },
};

static void
init_colours(struct ui *ui)
{
	const char *no = getenv("NO_COLOR");

	ui->colour = 0;
	if (!has_colors() || (no != NULL && no[0] != '\0') || start_color() != OK)
		return;
	use_default_colors();
	for (int r = 1; r < UI_NROLES; r++)
		init_pair((short)r, styles[r].fg, styles[r].bg);
	ui->colour = 1;
}

attr_t
ui_attr(struct ui *ui, enum ui_role r)
{
	if (ui == NULL || !ui->colour)
		return styles[r].mono;
	return styles[r].colour_attr | (r == UI_NORMAL ? 0 : COLOR_PAIR(r));
}

/*---- Text ----*/

int
ui_width(const char *s)
{
	return vg_text_width(s);
}

char *
ui_pad(const char *s, int w)
{
	int pad = w - ui_width(s);

	return xasprintf("%s%*s", s, pad > 0 ? pad : 0, "");
}

char *
ui_ago(int64_t us)
{
	char span[48];

	if (clock_now() - us < 60 * VG_USEC_PER_SEC)
		return xstrdup(_("just now"));
	/* TRANSLATORS: %s is a span such as "1 h 5 min" (time_fmt_span). */
	return xasprintf(_("%s ago"), time_fmt_span(clock_now() - us, span));
}

/* Bytes and cells of the next character; unreadable bytes count as one cell. */
static size_t
next_char(const char *s, int *cells)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cells = 1;
		return 1;
	}
	*cells = wcwidth(wc);
	if (*cells < 0)
		*cells = 1;	/* never let a control character shift a column */
	return n;
}

int
ui_put(WINDOW *win, int y, int x, int w, const char *s, attr_t attr, int pad)
{
	int used = 0, fits = ui_width(s) <= w;
	const char *p = s;

	if (w <= 0)
		return 0;
	wattr_set(win, attr, PAIR_NUMBER(attr), NULL);
	wmove(win, y, x);
	while (*p) {
		int cw;
		size_t n = next_char(p, &cw), un;
		/* Stored text never steers the terminal: controls, C1 and bidi
		 * overrides show as '?'. */
		int ctl = vg_cp_is_control(vg_utf8_decode(p, &un));

		if (ctl) {
			n = un;
			cw = 1;
		}
		if (used + cw > (fits ? w : w - 1))
			break;
		if (ctl)
			waddch(win, '?');
		else
			waddnstr(win, p, (int)n);
		used += cw;
		p += n;
	}
	if (!fits && w >= 1) {
		waddstr(win, "…");
		used++;
	}
	while (pad && used < w) {
		waddch(win, ' ');
		used++;
	}
	wattr_set(win, A_NORMAL, 0, NULL);
	return used;
}

char *
ui_fit(const char *s, int w)
{
	struct vg_buf b;
	int used = 0;

	if (ui_width(s) <= w)
		return xstrdup(s);
	buf_init(&b);
	buf_puts(&b, "");
	while (*s) {
		int cw;
		size_t n = next_char(s, &cw);

		if (used + cw > w - 1)
			break;
		buf_add(&b, s, n);
		used += cw;
		s += n;
	}
	buf_puts(&b, "…");
	return buf_steal(&b);
}

static void
add_line(char ***v, size_t *n, const char *s, size_t len)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
}

char **
ui_wrap(const char *text, int w, size_t *np)
{
	char **v = NULL;
	size_t n = 0;
	const char *line = text;

	if (w < 4)
		w = 4;
	while (*line) {
		const char *p = line, *brk = NULL;
		int used = 0, skip = 0;

		while (*p && *p != '\n') {
			int cw;
			size_t k = next_char(p, &cw);

			/* Lines break at a space (dropped) or before a wide character. */
			if (*p == ' ')
				brk = p, skip = 1;
			else if (cw == 2 && p > line)
				brk = p, skip = 0;
			if (used + cw > w)
				break;
			used += cw;
			p += k;
		}
		if (*p == '\0' || *p == '\n') {
			add_line(&v, &n, line, (size_t)(p - line));
			line = *p ? p + 1 : p;
		} else if (brk != NULL && brk > line) {
			add_line(&v, &n, line, (size_t)(brk - line));
			line = brk + skip;
		} else {
			add_line(&v, &n, line, (size_t)(p - line));
			line = p;
		}
	}
	*np = n;
	return v;
}

void
ui_free_lines(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
ui_text_append(char *buf, size_t n, wint_t ch)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t k, len = strlen(buf);

	if (ch < 0x20 || ch == 0x7f)
		return 0;
	memset(&st, 0, sizeof st);
	k = wcrtomb(mb, (wchar_t)ch, &st);
	if (k == (size_t)-1 || len + k + 1 > n)
		return 0;
	memcpy(buf + len, mb, k);
	buf[len + k] = '\0';
	return 1;
}

void
ui_text_backspace(char *buf)
{
	size_t len = strlen(buf);

	while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	buf[len] = '\0';
}

int
ui_is_backspace(const struct ui_event *ev)
{
	return (ev->is_key && ev->key == KEY_BACKSPACE) ||
	    (!ev->is_key && (ev->ch == 0x7f || ev->ch == 8));
}

int
ui_is_enter(const struct ui_event *ev)
{
	return (ev->is_key && ev->key == KEY_ENTER) ||
	    (!ev->is_key && (ev->ch == '\r' || ev->ch == '\n'));
}

void
ui_box(struct ui *ui, WINDOW *win, int y, int x, int h, int w, const char *title)
{
	for (int r = y; r < y + h; r++)
		ui_put(win, r, x, w, "", A_NORMAL, 1);
	wattr_set(win, ui_attr(ui, UI_NORMAL), 0, NULL);
	mvwhline(win, y, x + 1, ACS_HLINE, w - 2);
	mvwhline(win, y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvwvline(win, y + 1, x, ACS_VLINE, h - 2);
	mvwvline(win, y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvwaddch(win, y, x, ACS_ULCORNER);
	mvwaddch(win, y, x + w - 1, ACS_URCORNER);
	mvwaddch(win, y + h - 1, x, ACS_LLCORNER);
	mvwaddch(win, y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title != NULL && *title) {
		char *t = xasprintf(" %s ", title);

		ui_put(win, y, x + 2, w - 4 < ui_width(t) ? w - 4 : ui_width(t), t,
		    ui_attr(ui, UI_HEADER), 0);
		free(t);
	}
}

/*---- The stack ----*/

struct ui_screen *
ui_screen_new(const struct ui_screen_ops *ops, void *data)
{
	struct ui_screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->data = data;
	s->text_input = ops->text_input;
	return s;
}

void
ui_push(struct ui *ui, struct ui_screen *s)
{
	VG_ASSERT(ui->depth < UI_STACK_MAX);
	ui->stack[ui->depth++] = s;
}

void
ui_pop(struct ui *ui)
{
	struct ui_screen *s;

	if (ui->depth == 0)
		return;
	s = ui->stack[--ui->depth];
	if (s->ops->free != NULL)
		s->ops->free(s);
	free(s);
	if (ui->depth > 0 && ui->stack[ui->depth - 1]->ops->resume != NULL)
		ui->stack[ui->depth - 1]->ops->resume(ui, ui->stack[ui->depth - 1]);
}

struct ui_screen *
ui_top(struct ui *ui)
{
	return ui->depth > 0 ? ui->stack[ui->depth - 1] : NULL;
}

void
ui_message(struct ui *ui, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_role = role;
}

/*---- Frame ----*/

static int
too_small(struct ui *ui)
{
	return ui->cols < UI_MIN_COLS || ui->rows < UI_MIN_ROWS;
}

static void
draw_title(struct ui *ui, struct ui_screen *top)
{
	char right[160], t[32], *left;
	const char *title = top->title[0] ? top->title : top->ops->title ? _(top->ops->title) : "";
	int rw;

	time_fmt(clock_now(), t);
	t[16] = '\0';	/* to the minute */
	snprintf(right, sizeof right, " %s · %s ", ui->actor->login, t);
	left = xasprintf(" vigil · %s · %s", ui->site->cfg.site_name, title);
	rw = ui_width(right);
	ui_put(stdscr, 0, 0, ui->cols - rw, left, ui_attr(ui, UI_TITLE), 1);
	ui_put(stdscr, 0, ui->cols - rw, rw, right, ui_attr(ui, UI_TITLE), 1);
	free(left);
}

static int
keys_have(const struct ui_key *keys, const char *key)
{
	for (; keys && keys->key; keys++)
		if (strcmp(keys->key, key) == 0)
			return 1;
	return 0;
}

/* Whether a framework key works on the top screen now: a text field (or a
 * filter being typed) takes q and ?; Esc goes back only from a screen
 * over another; a screen's own use of a key wins. */
static int
global_key_works(struct ui *ui, struct ui_screen *top, const struct ui_key *own,
    const struct ui_key *key)
{
	if ((top->text_input || ui->typing) && strcmp(key->key, "Esc") != 0)
		return 0;
	if (keys_have(own, key->key))
		return 0;
	return !(ui->depth == 1 && strcmp(key->key, "Esc") == 0);
}

/* Columns one key takes on the status line. */
static int
key_width(const struct ui_key *key, char **whatp)
{
	char *what = xasprintf(" %s  ", _(key->what));
	int need = ui_width(key->key) + 2 + ui_width(what);

	if (whatp != NULL)
		*whatp = what;
	else
		free(what);
	return need;
}

const struct ui_key *
ui_keys_pick(struct ui *ui, const struct ui_key *wide, const struct ui_key *narrow)
{
	struct ui_screen *top = ui_top(ui);
	int need = 0;

	for (const struct ui_key *k = wide; k && k->key; k++)
		need += key_width(k, NULL);
	for (const struct ui_key *k = global_keys; top != NULL && k->key; k++)
		if (global_key_works(ui, top, wide, k))
			need += key_width(k, NULL);
	return need <= ui->cols ? wide : narrow;
}

/* The status line: the keys that work now, each key highlighted. */
static void
draw_status(struct ui *ui, struct ui_screen *top)
{
	const struct ui_key *own = top->ops->keys ? top->ops->keys(ui, top) : NULL;
	const struct ui_key *sets[2] = { own, global_keys };
	int x = 0, w = ui->cols;

	ui_put(stdscr, ui->rows - 1, 0, w, "", ui_attr(ui, UI_STATUS), 1);
	for (int k = 0; k < 2; k++)
		for (const struct ui_key *key = sets[k]; key && key->key; key++) {
			char *what;
			int need;

			if (k == 1 && !global_key_works(ui, top, own, key))
				continue;
			need = key_width(key, &what);
			if (x + need > w) {
				free(what);
				return;
			}
			x += ui_put(stdscr, ui->rows - 1, x, w - x, " ", ui_attr(ui, UI_STATUS), 0);
			x += ui_put(stdscr, ui->rows - 1, x, w - x, key->key, ui_attr(ui, UI_KEY), 0);
			x += ui_put(stdscr, ui->rows - 1, x, w - x, what, ui_attr(ui, UI_STATUS), 0);
			free(what);
		}
}

void
ui_banner_refresh(struct ui *ui)
{
	if (ui->banner_fn != NULL)
		ui->banner_fn(ui);
	if (ui->alert_fn != NULL)
		ui->alert_fn(ui);
}

/* Rows the message takes: wrapped to the width, at least one, at most UI_MESSAGE_LINES. */
static char **
message_lines(struct ui *ui, size_t *n)
{
	char **lines;

	if (ui->message[0] == '\0') {
		*n = 0;
		return NULL;
	}
	lines = ui_wrap(ui->message, ui->cols, n);
	return lines;
}

void
ui_content_area(struct ui *ui, int *y, int *h)
{
	size_t n;
	char **lines = message_lines(ui, &n);
	int extra = n > 1 ? (int)(n > UI_MESSAGE_LINES ? UI_MESSAGE_LINES : n) - 1 : 0;

	ui_free_lines(lines, n);
	*y = 1 + (ui->banner[0] ? 1 : 0) + (ui->alert[0] ? 1 : 0);
	*h = ui->rows - 2 - *y - extra;
}

/* The message above the status line, wrapped upwards; the last row kept shows "…" when cut. */
static void
draw_message(struct ui *ui)
{
	size_t n;
	char **lines = message_lines(ui, &n);
	int shown = n == 0 ? 1 : (int)(n > UI_MESSAGE_LINES ? UI_MESSAGE_LINES : n);
	attr_t a = ui_attr(ui, ui->message_role);

	if (n == 0)
		ui_put(stdscr, ui->rows - 2, 0, ui->cols, "", a, 1);
	for (int i = 0; i < shown && (size_t)i < n; i++) {
		int row = ui->rows - 1 - shown + i;

		if (i == shown - 1 && (size_t)shown < n) {
			/* More follows than there is room for: say so. */
			char *cut = xasprintf("%s…", lines[i]);

			ui_put(stdscr, row, 0, ui->cols, cut, a, 1);
			free(cut);
		} else
			ui_put(stdscr, row, 0, ui->cols, lines[i], a, 1);
	}
	ui_free_lines(lines, n);
}

/* The banner (a viewing running), then the alert (a camera), under the title. */
static void
draw_banner(struct ui *ui)
{
	int y = 1;

	if (ui->banner[0])
		ui_put(stdscr, y++, 0, ui->cols, ui->banner, ui_attr(ui, ui->banner_role), 1);
	if (ui->alert[0])
		ui_put(stdscr, y, 0, ui->cols, ui->alert, ui_attr(ui, ui->alert_role), 1);
}

void
ui_draw(struct ui *ui)
{
	struct ui_screen *top = ui_top(ui);
	int cy, ch;

	getmaxyx(stdscr, ui->rows, ui->cols);
	erase();
	curs_set(0);
	if (top == NULL)
		return;
	if (too_small(ui)) {
		char *msg = xasprintf(_("The terminal is %d×%d; the console needs at least %d×%d. "
		    "Make the window larger, or press q to quit."), ui->cols, ui->rows,
		    UI_MIN_COLS, UI_MIN_ROWS);
		size_t n;
		char **lines = ui_wrap(msg, ui->cols > 2 ? ui->cols - 2 : 1, &n);

		for (size_t i = 0; i < n && (int)i < ui->rows; i++)
			ui_put(stdscr, (int)i, 1, ui->cols - 1, lines[i], ui_attr(ui, UI_WARN), 0);
		ui_free_lines(lines, n);
		free(msg);
		refresh();
		gfx_flush(ui);
		return;
	}
	/* The screen first: it may leave a message for the line above the status
	 * (one that fits one row; the room for a longer one is set before). */
	ui_content_area(ui, &cy, &ch);
	ui->typing = 0;
	top->ops->draw(ui, top, cy, 0, ch, ui->cols);
	draw_title(ui, top);
	draw_banner(ui);
	draw_message(ui);
	draw_status(ui, top);
	wnoutrefresh(stdscr);
	if (top->ops->overlay != NULL)
		top->ops->overlay(ui, top);
	doupdate();
	/* Pictures outside curses go on after it has drawn (graphics.h). */
	gfx_flush(ui);
}

/*---- Keys ----*/

int
ui_read(struct ui *ui, struct ui_event *ev)
{
	wint_t ch;
	int r = get_wch(&ch);

	memset(ev, 0, sizeof *ev);
	if (r == ERR)
		return ERR;
	if (r == KEY_CODE_YES) {
		ev->is_key = 1;
		ev->key = (int)ch;
		if (ch == KEY_RESIZE) {
			getmaxyx(stdscr, ui->rows, ui->cols);
			gfx_invalidate(ui);
		}
	} else
		ev->ch = ch;
	return OK;
}

void
ui_feed(struct ui *ui, const struct ui_event *ev)
{
	struct ui_screen *top = ui_top(ui);

	ui->message[0] = '\0';
	if (top == NULL || (ev->is_key && ev->key == KEY_RESIZE))
		return;
	if (!ev->is_key && ev->ch == UI_CTRL('l')) {
		clearok(curscr, TRUE);
		gfx_invalidate(ui);
		return;
	}
	if (too_small(ui)) {
		if (!ev->is_key && (ev->ch == 'q' || ev->ch == UI_CTRL('c')))
			ui->quit = ui->quit_fn == NULL || ui->quit_fn(ui);
		return;
	}
	if (top->ops->key(ui, top, ev) == UI_HANDLED)
		return;
	if (!ev->is_key && ev->ch == UI_ESC) {
		if (ui->depth > 1)
			ui_pop(ui);
	} else if (!ev->is_key && (ev->ch == 'q' || ev->ch == UI_CTRL('c')))
		ui->quit = ui->quit_fn == NULL || ui->quit_fn(ui);
	else if ((!ev->is_key && ev->ch == '?') || (ev->is_key && ev->key == KEY_F(1)))
		ui_dialog_help(ui);
}

void
ui_begin(struct ui *ui, FILE *out, FILE *in, const char *term)
{
	SCREEN *scr = newterm(term, out, in);

	if (scr == NULL)
		vg_fatal("cannot start the terminal \"%s\"", term ? term : "(TERM)");
	set_term(scr);
	ui->scr = scr;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(100);
	timeout(1000);
	curs_set(0);
	init_colours(ui);
	getmaxyx(stdscr, ui->rows, ui->cols);
	if (ui->on_start != NULL)
		ui->on_start(ui);
}

void
ui_end(struct ui *ui)
{
	while (ui->depth > 0)
		ui_pop(ui);
	endwin();
	if (ui->scr != NULL)
		delscreen(ui->scr);
	ui->scr = NULL;
}

/* The banner once a second; the screen as often as it asked (tick_ms). */
static void
maybe_tick(struct ui *ui)
{
	struct ui_screen *top = ui_top(ui);
	int64_t now = clock_mono_us();
	int64_t every = top != NULL && top->tick_ms > 0 ? (int64_t)top->tick_ms * 1000 :
	    VG_USEC_PER_SEC;

	if (now - ui->last_banner_us >= VG_USEC_PER_SEC) {
		ui->last_banner_us = now;
		ui_banner_refresh(ui);
	}
	if (now - ui->last_tick_us < every)
		return;
	ui->last_tick_us = now;
	if (top != NULL && top->ops->tick != NULL && !too_small(ui))
		top->ops->tick(ui, top);
}

/* How long to wait for a key: until the top screen's next tick is due. */
static void
key_timeout(struct ui *ui)
{
	struct ui_screen *top = ui_top(ui);
	int every = top != NULL && top->tick_ms > 0 ? top->tick_ms : 1000;
	int64_t left = every - (clock_mono_us() - ui->last_tick_us) / 1000;

	timeout(left < 1 ? 1 : left > every ? every : (int)left);
}

static volatile sig_atomic_t stop_requested;

/*
 * A terminal can go away without a SIGHUP reaching us (the pty was not our
 * controlling terminal, or the signal came before the handler): input then
 * fails at once, forever.  Poll says so with POLLHUP/POLLERR/POLLNVAL, and
 * the console must end rather than spin redrawing for nobody.
 */
static int
terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	if (poll(&p, 1, 0) < 0)
		return errno != EINTR;
	return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static void
on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/*
 * SIGTERM (the server ending the session: idle, shutdown) and SIGHUP end the
 * loop normally, so that endwin gives the terminal back in a usable state.
 */
int
ui_run(struct ui *ui)
{
	struct ui_event ev;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	ui_begin(ui, stdout, stdin, NULL);
	while (!ui->quit && ui->depth > 0 && !stop_requested) {
		ui_draw(ui);
		key_timeout(ui);
		if (ui_read(ui, &ev) == ERR) {
			if (terminal_gone())
				break;
			if (!stop_requested)
				maybe_tick(ui);
			continue;
		}
		ui_feed(ui, &ev);
		maybe_tick(ui);
	}
	ui_end(ui);
	return 0;
}

/*---- Dialogs ----*/

/*
 * Draws a centred box with wrapped text and a line of buttons.  Text longer
 * than the window shows from line *top (kept in range), with a note that
 * ↑ ↓ scroll it: a help page at 80x24 must not lose its last keys.
 */
/*
 * The buttons ("[ a: … ]  [ b: … ]") in lines of at most width cells: a
 * button is never cut, and those that do not fit go on the next line.
 */
static char **
button_lines(const char *buttons, int width, size_t *n)
{
	char **out = NULL;
	struct vg_buf line;
	const char *p = buttons;

	*n = 0;
	buf_init(&line);
	buf_puts(&line, "");
	while (*p) {
		const char *end = strstr(p, "]  [");
		size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
		char *one = xstrndup(p, len);

		if (line.len > 0 && ui_width(line.s) + 2 + ui_width(one) > width) {
			out = xrealloc(out, (*n + 1) * sizeof *out);
			out[(*n)++] = xstrdup(line.s);
			line.len = 0;
			line.s[0] = '\0';
		}
		buf_printf(&line, "%s%s", line.len ? "  " : "", one);
		free(one);
		p += len;
		while (*p == ' ')
			p++;
	}
	out = xrealloc(out, (*n + 1) * sizeof *out);
	out[(*n)++] = xstrdup(line.s);
	buf_free(&line);
	return out;
}

static void
dialog_frame_at(struct ui *ui, const char *title, const char *text, const char *buttons,
    int *top)
{
	int w = ui->cols - 8 < 72 ? ui->cols - 8 : 72, h, y, x, shown, more;
	size_t n, nb;
	char **lines, **bl;

	if (w < 20)
		w = ui->cols;
	/* A dialog widens for its buttons as far as the window lets it. */
	if (ui_width(buttons) + 4 > w)
		w = ui_width(buttons) + 4 < ui->cols - 4 ? ui_width(buttons) + 4 :
		    (ui->cols - 4 > w ? ui->cols - 4 : w);
	lines = ui_wrap(text, w - 4, &n);
	bl = button_lines(buttons, w - 4, &nb);
	shown = (int)n > ui->rows - 5 - (int)nb ?
	    (ui->rows - 5 - (int)nb > 0 ? ui->rows - 5 - (int)nb : 0) : (int)n;
	more = (int)n - shown;
	*top = *top > more ? more : *top < 0 ? 0 : *top;
	h = shown + 3 + (int)nb;
	y = (ui->rows - h) / 2;
	x = (ui->cols - w) / 2;
	ui_draw(ui);
	ui_box(ui, stdscr, y, x, h, w, title);
	for (int i = 0; i < shown; i++)
		ui_put(stdscr, y + 1 + i, x + 2, w - 4, lines[*top + i], A_NORMAL, 0);
	if (more > 0) {
		char *note = xasprintf(_("↑↓ more (%d of %zu lines)"), *top + shown, n);

		ui_put(stdscr, y + h - 2 - (int)nb, x + w - 2 - ui_width(note), ui_width(note),
		    note, ui_attr(ui, UI_DIM), 0);
		free(note);
	}
	for (size_t i = 0; i < nb; i++)
		ui_put(stdscr, y + h - 1 - (int)nb + (int)i, x + (w - ui_width(bl[i])) / 2, w - 4,
		    bl[i], ui_attr(ui, UI_SELECTED), 0);
	ui_free_lines(bl, nb);
	ui_free_lines(lines, n);
	curs_set(0);
	refresh();
}

static void
dialog_frame(struct ui *ui, const char *title, const char *text, const char *buttons)
{
	int top = 0;

	dialog_frame_at(ui, title, text, buttons, &top);
}

/* How a key scrolls a dialog's text: lines to move, 0 for none. */
static int
dialog_scroll(const struct ui *ui, const struct ui_event *ev)
{
	int page = ui->rows > 8 ? ui->rows - 8 : 1;

	if (!ev->is_key)
		return ev->ch == 'j' ? 1 : ev->ch == 'k' ? -1 : 0;
	switch (ev->key) {
	case KEY_DOWN: return 1;
	case KEY_UP: return -1;
	case KEY_NPAGE: return page;
	case KEY_PPAGE: return -page;
	case KEY_END: return 1 << 20;
	case KEY_HOME: return -(1 << 20);
	default: return 0;
	}
}

void
ui_dialog_message(struct ui *ui, const char *title, const char *text)
{
	struct ui_event ev;
	char *ok = xasprintf("[ %s ]", _("OK"));
	int top = 0;

	gfx_cover(ui, 1);
	timeout(1000);
	for (;;) {
		dialog_frame_at(ui, title, text, ok, &top);
		if (ui_read(ui, &ev) == ERR)
			continue;
		if (ui_is_enter(&ev) || (!ev.is_key && (ev.ch == UI_ESC || ev.ch == ' ' ||
		    ev.ch == 'q')))
			break;
		top += dialog_scroll(ui, &ev);
	}
	gfx_cover(ui, 0);
	free(ok);
}

int
ui_dialog_confirm(struct ui *ui, const char *title, const char *text)
{
	struct ui_event ev;
	char *b = xasprintf("[ y: %s ]  [ n: %s ]", _("yes"), _("no"));
	int r = -1;

	gfx_cover(ui, 1);
	timeout(1000);
	while (r < 0) {
		dialog_frame(ui, title, text, b);
		if (ui_read(ui, &ev) == ERR || ev.is_key)
			continue;
		if (ev.ch == 'y' || ev.ch == 'Y')
			r = 1;
		else if (ev.ch == 'n' || ev.ch == 'N' || ev.ch == UI_ESC)
			r = 0;
	}
	gfx_cover(ui, 0);
	free(b);
	return r;
}

int
ui_dialog_choose(struct ui *ui, const char *title, const char *text,
    const struct ui_key *answers)
{
	struct ui_event ev;
	struct vg_buf b;
	int r = -1;

	buf_init(&b);
	buf_puts(&b, "");
	for (const struct ui_key *a = answers; a->key; a++)
		buf_printf(&b, "[ %s: %s ]  ", a->key, _(a->what));
	buf_printf(&b, "[ Esc: %s ]", _("cancel"));
	while (r < 0) {
		dialog_frame(ui, title, text, b.s);
		if (ui_read(ui, &ev) == ERR || ev.is_key)
			continue;
		if (ev.ch == UI_ESC)
			r = UI_ESC;
		for (const struct ui_key *a = answers; a->key && r < 0; a++)
			if (ev.ch == (wint_t)(unsigned char)a->key[0])
				r = a->key[0];
	}
	buf_free(&b);
	return r;
}

/* Adds the keys of a set not listed yet, one line each, the words in a column. */
static void
help_add(struct vg_buf *b, const struct ui_key *keys, char ***seen, size_t *nseen)
{
	for (; keys && keys->key; keys++) {
		char *k;

		if (vg_strv_contains(*seen, *nseen, keys->key))
			continue;
		*seen = xrealloc(*seen, (*nseen + 1) * sizeof **seen);
		(*seen)[(*nseen)++] = xstrdup(keys->key);
		k = ui_pad(keys->key, 10);
		buf_printf(b, "\n%s %s", k, _(keys->what));
		free(k);
	}
}

/*
 * The help page of the top screen: its paragraph, then each key that works
 * there once: the status line's, the screen's others, and those of the
 * framework that work here (as the status line filters them).
 */
void
ui_dialog_help(struct ui *ui)
{
	struct ui_screen *top = ui_top(ui);
	const struct ui_key *own = top->ops->keys ? top->ops->keys(ui, top) : NULL;
	struct ui_key globals[VG_ARRLEN(global_keys)];
	size_t ng = 0, nseen = 0;
	char **seen = NULL;
	struct vg_buf b;

	for (const struct ui_key *k = global_keys; k->key; k++)
		if (global_key_works(ui, top, own, k))
			globals[ng++] = *k;
	globals[ng] = (struct ui_key){ NULL, NULL };
	buf_init(&b);
	buf_printf(&b, "%s\n", top->ops->help ? _(top->ops->help) : "");
	help_add(&b, own, &seen, &nseen);
	if (top->ops->help_keys != NULL)
		help_add(&b, top->ops->help_keys(ui, top), &seen, &nseen);
	help_add(&b, globals, &seen, &nseen);
	vg_strv_free(seen, nseen);
	ui_dialog_message(ui, _("Help"), b.s);
	buf_free(&b);
}
