/* records-ui.h — what the duty, room, equipment and fault screens share: a detail page that reloads, a few wordings. */
#ifndef VG_RECORDS_UI_H
#define VG_RECORDS_UI_H

#include <stdint.h>

#include "tui/console/ui.h"
#include "tui/console/widget-text.h"

struct vg_err;

/*
 * A detail page of one record (a shift, an entry, an item, a fault): the
 * text is filled by load, again after any action and when the screen comes
 * back on top; a record that can no longer be read closes the page.  The
 * actions core allows on the record now (load sets avail, one bit per
 * action) are offered with their keys.
 */
struct recdetail;
struct recdetail_action {
	const char	*key;		/* one character: "x" */
	const char	*what;		/* N_(): the status line's */
	void		(*run)(struct ui *, const char *key);	/* the record's key */
};

struct recdetail_def {
	struct ui_screen_ops		 ops;	/* RECDETAIL_OPS(title, help) */
	/* Fills d->text and d->avail; -1 with err when the record cannot be read. */
	int				(*load)(struct ui *, struct recdetail *, struct vg_err *);
	const struct recdetail_action	*actions;
	size_t				 nactions;
};

struct recdetail {
	const struct recdetail_def	*def;
	char				*key;		/* the record: "12", "nvr-1" */
	int64_t				 id;		/* key as a number, when it is one */
	unsigned			 avail;		/* bit i: actions[i] works now */
	struct ui_text			 text;
	struct ui_key			 keys[8];
};

/* Pushes the page of one record, titled title; nothing (a message says
 * why) when it cannot be read. */
void	 recdetail_open(struct ui *, const struct recdetail_def *, const char *key,
	     const char *title);

void	 recdetail_draw(struct ui *, struct ui_screen *, int, int, int, int);
int	 recdetail_key(struct ui *, struct ui_screen *, const struct ui_event *);
void	 recdetail_resume(struct ui *, struct ui_screen *);
const struct ui_key *recdetail_keys_fn(struct ui *, struct ui_screen *);
void	 recdetail_free(struct ui_screen *);

#define RECDETAIL_OPS(t, h) { .title = (t), .draw = recdetail_draw, .key = recdetail_key, \
	.keys = recdetail_keys_fn, .resume = recdetail_resume, .free = recdetail_free, \
	.help = (h) }

struct ui_form;

/* A form's numeric text field: 0 when empty; -1 with err naming the field
 * when it is not a positive number. */
int	 recui_form_id(struct ui_form *, const char *field, int64_t *id, struct vg_err *);

#endif
