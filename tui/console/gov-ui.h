/* gov-ui.h — what the governance screens share: wording of codes, times, and the actions they open. */
#ifndef VG_GOV_UI_H
#define VG_GOV_UI_H

#include <stddef.h>
#include <stdint.h>

#include "core/gov/requests.h"
#include "tui/console/ui.h"
#include "tui/console/widget-list.h"

/* "YYYY-MM-DD HH:MM" in the site's zone, "-" for 0. */
char		*govui_time(int64_t us, char out[32]);
/* "2026-03-01 08:00 – 09:40", the date once when both ends share it. */
char		*govui_range(int64_t from_us, int64_t to_us);
/* view / copy, in the console's language. */
const char	*govui_kind_label(const char *kind);
const char	*govui_privacy_label(const char *privacy);
/* A camera's zone kind ("classroom") in the console's language. */
const char	*govui_zone_label(const char *zone);
/* A list row's colour for a request status. */
int		 govui_status_role(enum req_status);
/* "a, b, c" */
/* The profile's own wording, in the console's language. */
const char	*govui_requester_kind_title(const struct ui *, const char *kind);
const char	*govui_agency_title(const struct ui *, const char *agency);
const char	*govui_hold_title(const struct ui *, const char *category);
/* A timeline event's name ("filed", "step approved"...). */
const char	*govui_event_label(const char *what);
/* What comes next for a request: the step waiting, the grant's end, the report due. */
char		*govui_next(const struct vg_request *);
/* How much of the request's range has recorded footage, a line per camera
 * with the reasons for gaps; *role UI_WARN when some is missing. */
char		*govui_footage(struct ui *, const struct vg_request *, int *role);

/*---- Actions the screens open on a request (each asks core, which decides) ----*/

void	 govui_approve(struct ui *, const char *ref);		/* screen-inbox.c */
void	 govui_reject(struct ui *, const char *ref);
void	 govui_viewing_start(struct ui *, const char *ref);	/* screen-viewings.c */
void	 govui_viewing_end(struct ui *, const char *ref);
/* Before q quits (ui->quit_fn): asks what to do with a viewing still running. */
int	 govui_quit(struct ui *);
void	 govui_withdraw(struct ui *, const char *ref);		/* screen-requests.c */
void	 govui_report(struct ui *, const char *ref);
void	 govui_submit(struct ui *, const char *ref);
/* The running-viewing banner (ui->banner_fn). */
void	 govui_viewing_banner(struct ui *);

#endif

/*---- The governance lists (gov-list.c) ----*/

/*
 * A screen whose body is a line about the list and the list: requests, the
 * inbox, the viewing desk, holds, what is overdue.  Each screen gives its
 * columns and how to fill them; reloading (r, every reload_us, on coming
 * back), filtering and Enter are the same for all.
 */
struct govlist;
struct govlist_def {
	const struct ui_col	*cols;
	size_t			 ncols;
	const char		*empty;		/* N_() */
	const struct ui_key	*keys;		/* the status line's */
	int64_t			 reload_us;
	/* Adds the rows (between list_begin and list_end) and sets the head line. */
	void			(*load)(struct ui *, struct govlist *);
	/* A printable key not the list's or r; sel is the selected row's key or
	 * NULL.  UI_HANDLED or UI_UNHANDLED.  May be NULL. */
	int			(*key)(struct ui *, struct govlist *, wint_t, const char *sel);
	/* Enter on a row; NULL: the request named by the row's key. */
	void			(*open)(struct ui *, struct govlist *, const char *key);
	/* Keys that work but that the status line has no room for: the help
	 * lists them.  May be NULL. */
	const struct ui_key	*more_keys;
};

struct govlist {
	const struct govlist_def	*def;
	struct ui_list			 list;
	char				*head;
	int				 head_role;
	int64_t				 loaded_us;
	int				 all;	/* a screen's own switch (holds: all or in force) */
	struct ui_key			*help;	/* more_keys and the list's, for the help */
};

void	 govlist_head(struct govlist *, int role, const char *fmt, ...)
	     __attribute__((format(printf, 3, 4)));
void	 govlist_reload(struct ui *, struct govlist *);
/*
 * What the request lists (inbox, my requests, the viewing desk) share: the
 * requests of one list into the list widget, a row per request from row().
 * Returns how many, or -1 with the error in the head line.
 */
typedef void (*govlist_row_fn)(struct ui *, struct govlist *, const struct vg_request *,
    void *ud);
long	 govlist_requests(struct ui *, struct govlist *, enum req_list, govlist_row_fn,
	     void *ud);
struct ui_screen *govlist_new(struct ui *, const struct ui_screen_ops *,
		    const struct govlist_def *);
/* Opens a request's detail screen (a request no longer visible says why). */
void	 govui_open_request(struct ui *, const char *ref);

void	 govlist_draw(struct ui *, struct ui_screen *, int, int, int, int);
int	 govlist_key(struct ui *, struct ui_screen *, const struct ui_event *);
void	 govlist_tick(struct ui *, struct ui_screen *);
void	 govlist_resume(struct ui *, struct ui_screen *);
const struct ui_key *govlist_keys(struct ui *, struct ui_screen *);
const struct ui_key *govlist_help_keys(struct ui *, struct ui_screen *);
void	 govlist_free(struct ui_screen *);
/* The list of a screen govlist_new made (to cut columns with list_cut). */
struct ui_list *govlist_list(struct ui_screen *);

#define GOVLIST_OPS(t, h) { .title = (t), .draw = govlist_draw, .key = govlist_key, \
	.tick = govlist_tick, .keys = govlist_keys, .resume = govlist_resume, \
	.help_keys = govlist_help_keys, .free = govlist_free, .help = (h) }
