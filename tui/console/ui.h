/* ui.h — the console framework: a stack of screens, drawing helpers, the status line, help and dialogs. */
/*
 * tui/console/ is the ncurses console: ui.c (main loop, screen stack, status
 * line, dialogs), the widgets (widget-list, widget-form, widget-text), and one
 * screen-*.c per job; gov-ui.c and gov-list.c hold what the governance screens
 * share.  Screens ask core/ what the user may do and show it.
 */
#ifndef VG_UI_H
#define VG_UI_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncurses.h>

struct vg_site;
struct vg_actor;
struct ui;
struct ui_screen;
struct gfx;

/* The console needs this much; it uses more when there is more (DESIGN §7). */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
#define UI_MESSAGE_LINES 3	/* a message longer than this many rows is cut */

/* One key press: either a character (ch) or a function key (key: KEY_*). */
struct ui_event {
	int	 is_key;
	int	 key;
	wint_t	 ch;
};
#define UI_CTRL(c) ((c) & 0x1f)
#define UI_ESC 27

/* Colour roles; each has a monochrome attribute when there is no colour. */
enum ui_role {
	UI_NORMAL, UI_TITLE, UI_STATUS, UI_KEY, UI_SELECTED, UI_HEADER, UI_ERROR,
	UI_WARN, UI_GOOD, UI_DIM, UI_FIELD, UI_FIELD_FOCUS, UI_NROLES
};

/* A key a screen answers, for the status line and the help page. */
struct ui_key {
	const char	*key;	/* "Enter", "/", "p" */
	const char	*what;	/* N_("open") */
};

/* What a screen's key handler did with a key. */
enum { UI_UNHANDLED = 0, UI_HANDLED = 1 };

struct ui_screen_ops {
	const char	*title;		/* N_(): shown in the title bar */
	/* Draws the content area (rows 1 .. ui->rows-3). */
	void		(*draw)(struct ui *, struct ui_screen *, int y, int x, int h, int w);
	/* UI_HANDLED, or UI_UNHANDLED to let the framework have it (Esc, q, ?). */
	int		(*key)(struct ui *, struct ui_screen *, const struct ui_event *);
	/* About once a second while no key is pressed: reload data. May be NULL. */
	void		(*tick)(struct ui *, struct ui_screen *);
	/* The keys that work now (ends with { NULL, NULL }). */
	const struct ui_key *(*keys)(struct ui *, struct ui_screen *);
	/* After the frame is drawn: windows of its own on top (forms), the
	 * cursor.  May be NULL. */
	void		(*overlay)(struct ui *, struct ui_screen *);
	/* When the screen under it comes back on top. May be NULL. */
	void		(*resume)(struct ui *, struct ui_screen *);
	/* Keys the help page lists besides those of the status line (moving in
	 * a list, sorting...).  May be NULL. */
	const struct ui_key *(*help_keys)(struct ui *, struct ui_screen *);
	void		(*free)(struct ui_screen *);
	const char	*help;		/* N_(): a paragraph for `?` */
	int		 text_input;	/* takes printable keys itself: q and ? are text */
};

struct ui_screen {
	const struct ui_screen_ops	*ops;
	void				*data;
	char				 title[96];	/* overrides ops->title when set */
	int				 text_input;	/* as ops->text_input, changeable */
	int				 tick_ms;	/* tick this often (0: once a second) */
};

#define UI_STACK_MAX 16

struct ui {
	struct vg_site		*site;
	struct vg_actor		*actor;
	struct ui_screen	*stack[UI_STACK_MAX];
	int			 depth;
	int			 rows, cols;
	int			 colour;	/* colour pairs in use */
	int			 quit;
	char			 message[512];	/* shown above the status line until the next key;
						 * a long one takes up to UI_MESSAGE_LINES rows */
	int			 message_role;
	/* A line under the title on every screen while something runs that the
	 * user must not forget (a viewing): set by banner_fn, which the loop calls
	 * about once a second and ui_banner_refresh at once.  May be NULL. */
	char			 banner[256];
	int			 banner_role;
	void			(*banner_fn)(struct ui *);
	/* A line under the title (and the banner) on every screen while a camera
	 * needs attention: set by alert_fn, called like banner_fn.  May be NULL. */
	char			 alert[512];
	int			 alert_role;
	void			(*alert_fn)(struct ui *);
	/* Asked before q quits: 1 to quit, 0 to stay (it may open a screen, e.g.
	 * to end a viewing still running).  May be NULL. */
	int			(*quit_fn)(struct ui *);
	/* Set while drawing by a widget that takes printable keys as text now (a
	 * list's filter being typed): the status line and help then leave out q
	 * and ?, which would be typed. */
	int			 typing;
	int64_t			 last_tick_us;
	int64_t			 last_banner_us;
	SCREEN			*scr;		/* from newterm; freed by ui_end */
	struct gfx		*gfx;		/* pictures (graphics.h); NULL: none */
	/* Called once curses runs (colours known), before the first frame.  May be NULL. */
	void			(*on_start)(struct ui *);
};

/* Starts ncurses on the terminal, runs until the stack empties or q, ends ncurses. */
int	 ui_run(struct ui *);
/* Sets up ncurses on a given terminal (tests use a pseudo one); ui_end ends it. */
void	 ui_begin(struct ui *, FILE *out, FILE *in, const char *term);
void	 ui_end(struct ui *);
/* One frame: everything drawn, then refreshed. */
void	 ui_draw(struct ui *);
/* Feeds one key through the stack as the main loop does. */
void	 ui_feed(struct ui *, const struct ui_event *);
/* Reads one key (ERR on timeout); events for KEY_RESIZE update rows/cols. */
int	 ui_read(struct ui *, struct ui_event *);

void	 ui_push(struct ui *, struct ui_screen *);
void	 ui_pop(struct ui *);
struct ui_screen *ui_top(struct ui *);
struct ui_screen *ui_screen_new(const struct ui_screen_ops *, void *data);
void	 ui_message(struct ui *, int role, const char *fmt, ...)
	     __attribute__((format(printf, 3, 4)));
/* Asks banner_fn and alert_fn for their lines now (after starting or ending what they show). */
void	 ui_banner_refresh(struct ui *);
/* Where a screen's content goes now: under the title, the banner and the
 * alert, above the message and the status line. */
void	 ui_content_area(struct ui *, int *y, int *h);

/*---- Drawing ----*/

attr_t	 ui_attr(struct ui *, enum ui_role);
/* Display width in terminal cells of UTF-8 text (CJK counts 2). */
int	 ui_width(const char *);
/* The text padded with spaces to w cells (never cut; caller frees). */
char	*ui_pad(const char *, int w);
/* "just now", "5 min ago", "2 h 10 min ago", "3 d 4 h ago": how long before now us was. */
char	*ui_ago(int64_t us);
/* wide when all of it and the global keys fit the status line, else narrow
 * (the keys that matter most there; help lists every key). */
const struct ui_key *ui_keys_pick(struct ui *, const struct ui_key *wide,
	     const struct ui_key *narrow);
/*
 * Writes text at (y, x) in at most w cells: cut with "…" when longer, padded
 * with spaces to exactly w when pad.  Never splits a wide character.  Returns
 * the cells written.
 */
int	 ui_put(WINDOW *, int y, int x, int w, const char *, attr_t, int pad);
/* The text cut to w cells with "…" when longer (caller frees). */
char	*ui_fit(const char *, int w);
/* Word-wraps UTF-8 text to width w (breaking CJK anywhere); returns lines
 * (caller frees each and the array), *n their count. */
char	**ui_wrap(const char *, int w, size_t *n);
void	 ui_free_lines(char **, size_t n);
/* A box with a title, cleared inside. */
void	 ui_box(struct ui *, WINDOW *, int y, int x, int h, int w, const char *title);

/*---- Dialogs (modal: they read keys until answered) ----*/

/* A message with OK. */
void	 ui_dialog_message(struct ui *, const char *title, const char *text);
/* Yes / no; 1 for yes. */
int	 ui_dialog_confirm(struct ui *, const char *title, const char *text);
/* A question with its own answers, each a key and its words ({ NULL, NULL }
 * ends them); Esc is always "none of these".  Returns the key's first
 * character, or UI_ESC. */
int	 ui_dialog_choose(struct ui *, const char *title, const char *text,
	     const struct ui_key *answers);
/* The help page of the top screen. */
void	 ui_dialog_help(struct ui *);

/*---- Input helpers ----*/

/* Appends a typed character to a UTF-8 buffer of size n; 0 if it did not fit. */
int	 ui_text_append(char *buf, size_t n, wint_t ch);
/* Removes the last UTF-8 character. */
void	 ui_text_backspace(char *buf);
int	 ui_is_backspace(const struct ui_event *);
int	 ui_is_enter(const struct ui_event *);

#endif
