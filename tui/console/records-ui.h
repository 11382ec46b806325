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
 * back on top; a record that can no longer be read closes the page.
 */
struct recdetail;
struct recdetail_def {
	struct ui_screen_ops	 ops;		/* RECDETAIL_OPS(title, help) */
	/* Fills d->text; -1 with err when the record cannot be read. */
	int			(*load)(struct ui *, struct recdetail *, struct vg_err *);
	/* A printable key: UI_HANDLED or UI_UNHANDLED.  May be NULL. */
	int			(*key)(struct ui *, struct recdetail *, wint_t);
};

struct recdetail {
	const struct recdetail_def	*def;
	char				*key;		/* the record: "12", "nvr-1" */
	int64_t				 id;		/* key as a number, when it is one */
	int				 flag;		/* the screen's own (load sets it) */
	struct ui_text			 text;
	struct ui_key			 keys[8];	/* load sets them; ends with NULL */
};

struct ui_screen *recdetail_new(struct ui *, const struct recdetail_def *, const char *key,
		    const char *title);
/* Sets the page's keys (load calls it): the actions given, then scrolling. */
void	 recdetail_keys(struct recdetail *, const struct ui_key *actions, size_t n);

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
