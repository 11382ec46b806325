/* widget-list.h — a table on screen: scroll, sort by column, `/` filter, optional marks (multi-select). */
#ifndef VG_WIDGET_LIST_H
#define VG_WIDGET_LIST_H

#include <stddef.h>

#include "tui/console/ui.h"

struct ui_col {
	const char	*title;		/* N_() */
	int		 min;		/* cells it needs */
	int		 grow;		/* share of spare width; 0 keeps min */
	int		 priority;	/* dropped first when narrow: highest number; 0 never */
	int		 numeric;	/* sort as a number, align right */
};

struct ui_row {
	char	*key;		/* stable id: selection and marks survive reloads */
	char	**cells;
	int	 role;		/* enum ui_role for the row's text */
	int	 marked;
};

struct ui_list {
	const struct ui_col	*cols;
	size_t			 ncols;
	int			 multi;		/* Space marks rows */
	struct ui_row		*rows;
	size_t			 nrows;
	size_t			*view;		/* rows shown, after filter and sort */
	size_t			 nview;
	size_t			 sel;		/* index into view */
	size_t			 top;
	int			 sort_col;	/* -1: as added */
	int			 sort_desc;
	char			 filter[128];
	int			 filtering;	/* typing the filter */
	char			*keep_key;	/* selection to restore after a reload */
	char			**keep_marks;	/* marks to restore after a reload */
	size_t			 nkeep_marks;
	const char		*empty;		/* shown when there are no rows; N_() */
	int			*least;		/* per column, from list_cut: cells it may be cut
						 * to (with "…") before any column is dropped */
};

/* What list_key did. */
enum { LIST_NONE = 0, LIST_HANDLED, LIST_ACTIVATE, LIST_MARK };

void	 list_init(struct ui_list *, const struct ui_col *, size_t ncols, int multi);
/* When the terminal is narrow, column col may be cut down to least cells
 * (its text ending in "…") before the least important columns are dropped:
 * for columns that must show at 80 columns. */
void	 list_cut(struct ui_list *, size_t col, int least);
/* Reloading: list_begin drops the rows (remembering selection and marks),
 * list_add adds one (cells: ncols strings), list_end filters and sorts. */
void	 list_begin(struct ui_list *);
void	 list_add(struct ui_list *, const char *key, int role, const char *const *cells);
void	 list_end(struct ui_list *);
void	 list_draw(struct ui *, struct ui_list *, int y, int x, int h, int w);
int	 list_key(struct ui *, struct ui_list *, const struct ui_event *);
/* The keys the list answers now, for the status line. */
const struct ui_key *list_keys(const struct ui_list *);
const struct ui_row *list_selected(const struct ui_list *);
/* Keys of marked rows joined with commas (caller frees); "" if none. */
char	*list_marked_keys(const struct ui_list *);
void	 list_free(struct ui_list *);

/*
 * For screens whose body is a list.  list_screen_keys: the list's keys while
 * the filter is typed, else the screen's own.  list_screen_key: feeds a key to
 * the list; Enter on a row calls open with the row's key.  Returns UI_HANDLED,
 * or UI_UNHANDLED for the screen or the framework to use.
 */
const struct ui_key *list_screen_keys(const struct ui_list *, const struct ui_key *own);
int	 list_screen_key(struct ui *, struct ui_list *, const struct ui_event *,
	     void (*open)(struct ui *, void *ud, const char *key), void *ud);
/* Which columns fit in w cells and how wide each is (exposed for tests):
 * columns that may be cut are cut first, then the least important dropped. */
void	 list_layout(const struct ui_list *, int w, int *widths);
/* Keys for the help page beyond the status line's (moving, sorting). */
const struct ui_key *list_help_keys(const struct ui_list *);

#endif
