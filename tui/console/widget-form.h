/* widget-form.h — forms: named fields edited in display cells, checks, messages beside the field. */
#ifndef VG_WIDGET_FORM_H
#define VG_WIDGET_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "tui/console/ui.h"

struct vg_err;
struct ui_form;

enum ui_field_kind {
	UF_TEXT,	/* one line of text */
	UF_PASSWORD,	/* text that is not shown */
	UF_CHOICE,	/* one of the options: ←/→ or Enter for a menu */
	UF_DATETIME,	/* "YYYY-MM-DD HH:MM" in the site's zone, checked as typed */
	UF_MULTI	/* any number of the options, marked [x] in a list */
};

/*
 * A field.  The name is what a core function puts in vg_err.field when it
 * refuses the value, so its message lands beside this field.
 */
struct ui_field_spec {
	const char		*name;
	const char		*label;		/* N_() */
	enum ui_field_kind	 kind;
	int			 width;		/* cells for the value; 0: as fits */
	int			 max;		/* bytes of text; 0: 200 */
	int			 required;
	const char		*hint;		/* N_(): shown beside the field while it has no
						 * message, e.g. the date format */
};

/* Called when a field's value changes as the user edits (a choice made,
 * a text field left with new text); not for form_set. */
typedef void (*form_change_fn)(struct ui_form *, const char *name, void *ud);

/* What form_key did. */
enum { FORM_NONE = 0, FORM_HANDLED, FORM_SUBMIT, FORM_CANCEL };

struct ui_form	*form_new(const char *title, const struct ui_field_spec *, size_t n);
void		 form_free(struct ui_form *);
/* Options of a choice or multi field: values (what form_get returns) and
 * the labels shown (NULL labels: the values). Copied. */
void		 form_set_options(struct ui_form *, const char *name, size_t n,
		     const char *const *values, const char *const *labels);
/* Text, a choice's value, or a multi field's values joined by commas. */
void		 form_set(struct ui_form *, const char *name, const char *value);
const char	*form_get(struct ui_form *, const char *name);
/* A date-time field as microseconds (0 if empty); call after form_check. */
int64_t		 form_get_time(struct ui_form *, const char *name);
/*
 * Puts a refusal beside the field it names (err->field) and moves the focus
 * there; a message for no field of this form goes under the buttons.
 */
void		 form_set_error(struct ui_form *, const struct vg_err *);
void		 form_field_error(struct ui_form *, const char *name, const char *msg);
/* The message beside a field, or NULL (for tests and screens). */
const char	*form_error(struct ui_form *, const char *name);
/* The form's own checks: required fields, dates, options.  0 when all pass;
 * else every bad field has its message and the first has the focus. */
int		 form_check(struct ui_form *);
/* The field with the focus (its name; "" on a button). */
const char	*form_focus(struct ui_form *);
void		 form_focus_field(struct ui_form *, const char *name);

/* Fields that only some answers need: hidden ones keep their value, are not
 * checked or drawn, and the fields under them move up. */
void		 form_show(struct ui_form *, const char *name, int shown);
int		 form_shown(struct ui_form *, const char *name);
void		 form_on_change(struct ui_form *, form_change_fn, void *ud);
/* Text under the buttons (e.g. who will have to approve), wrapped; NULL clears. */
void		 form_set_note(struct ui_form *, const char *text);

/* Whether anything differs from what the form showed when first drawn: a
 * person typed or chose something that leaving would lose. */
int		 form_dirty(struct ui_form *);
/* Whether the focused field holds a refused value (Tab checks it again
 * rather than moving on). */
int		 form_refused_here(struct ui_form *);

/* Drawn over the content area, laid out again for each size. */
void		 form_draw(struct ui *, struct ui_form *, int y, int x, int h, int w);
/* After the frame: the cursor in the focused text field. */
void		 form_overlay(struct ui *, struct ui_form *);
/*
 * One key.  Tab and Enter move on from a text field only when its value is
 * accepted (a refused value stays focused and selected, so typing replaces
 * it); ↓ ↑ Shift-Tab move anyway.  Nothing wraps from the first field to the
 * buttons.  FORM_CANCEL for Esc or Cancel: the screen asks before it
 * discards a dirty form.
 */
int		 form_key(struct ui *, struct ui_form *, const struct ui_event *);
const struct ui_key *form_keys(struct ui_form *);
/* Keys for the help page beyond those of the status line. */
const struct ui_key *form_help_keys(struct ui_form *);

#endif
