/* widget-text.h — a scrolling page of text: headings, "label  value" blocks, wrapped paragraphs. */
#ifndef VG_WIDGET_TEXT_H
#define VG_WIDGET_TEXT_H

#include <stddef.h>

#include "tui/console/ui.h"

struct ui_text_line;

/*
 * A detail page (a request with its steps and timeline).  It is filled
 * again whenever its data is reloaded (text_clear keeps the scroll
 * position) and laid out at each draw for the width there is: values wrap
 * under themselves, beside a label column as wide as the widest label of
 * their block.
 */
struct ui_text {
	struct ui_text_line	*lines;
	size_t			 n;
	int			 top;		/* first row shown */
	int			 rows;		/* rows shown at the last draw */
	int			 total;		/* rows of the laid-out text at the last draw */
};

void	 text_init(struct ui_text *);
void	 text_clear(struct ui_text *);
void	 text_free(struct ui_text *);
/* A heading, with an empty row before it unless it comes first. */
void	 text_heading(struct ui_text *, const char *);
/* "label  value" (label in the block's column); role colours the value. */
void	 text_field(struct ui_text *, const char *label, const char *value, int role);
/* A paragraph, wrapped to the width, indented by indent cells. */
void	 text_para(struct ui_text *, int indent, int role, const char *);
void	 text_draw(struct ui *, struct ui_text *, int y, int x, int h, int w);
/* ↑ ↓ j k PgUp PgDn Home End scroll: UI_HANDLED, else UI_UNHANDLED. */
int	 text_key(struct ui_text *, const struct ui_event *);

#endif
