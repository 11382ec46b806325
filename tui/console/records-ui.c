/* records-ui.c — the detail page the record screens share, and small helpers for their forms. */
#include "tui/console/records-ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/console/widget-form.h"

/* The keys of the actions that work now, then scrolling. */
static void
set_keys(struct recdetail *d)
{
	size_t k = 0;

	for (size_t i = 0; i < d->def->nactions && k < VG_ARRLEN(d->keys) - 2; i++)
		if (d->avail & (1u << i))
			d->keys[k++] = (struct ui_key){ d->def->actions[i].key,
			    d->def->actions[i].what };
	d->keys[k++] = (struct ui_key){ "↑↓", N_("scroll") };
	d->keys[k] = (struct ui_key){ NULL, NULL };
}

static int
reload(struct ui *ui, struct recdetail *d)
{
	struct vg_err err;
	int r;

	vg_err_clear(&err);
	text_clear(&d->text);
	d->avail = 0;
	if ((r = d->def->load(ui, d, &err)) != 0)
		ui_message(ui, UI_ERROR, "%s", err.msg);
	set_keys(d);
	return r;
}

void
recdetail_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct recdetail *d = s->data;

	text_draw(ui, &d->text, y, x, h, w);
}

int
recdetail_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct recdetail *d = s->data;

	if (text_key(&d->text, ev) == UI_HANDLED)
		return UI_HANDLED;
	if (ev->is_key)
		return UI_UNHANDLED;
	if (ev->ch == 'r') {
		if (reload(ui, d) == 0)
			ui_message(ui, UI_NORMAL, "%s", _("reloaded"));
		return UI_HANDLED;
	}
	for (size_t i = 0; i < d->def->nactions; i++)
		if ((d->avail & (1u << i)) && ev->ch == (wint_t)d->def->actions[i].key[0]) {
			char *key = xstrdup(d->key);	/* the action may close the page */

			d->def->actions[i].run(ui, key);
			free(key);
			/* A form pushed over the page reloads it when it closes. */
			if (ui_top(ui) == s)
				reload(ui, d);
			return UI_HANDLED;
		}
	return UI_UNHANDLED;
}

void
recdetail_resume(struct ui *ui, struct ui_screen *s)
{
	reload(ui, s->data);
}

const struct ui_key *
recdetail_keys_fn(struct ui *ui, struct ui_screen *s)
{
	struct recdetail *d = s->data;

	(void)ui;
	return d->keys;
}

void
recdetail_free(struct ui_screen *s)
{
	struct recdetail *d = s->data;

	text_free(&d->text);
	free(d->key);
	free(d);
}

void
recdetail_open(struct ui *ui, const struct recdetail_def *def, const char *key,
    const char *title)
{
	struct recdetail *d = xcalloc(1, sizeof *d);
	struct ui_screen *s;
	long long id;

	VG_ASSERT(def->nactions <= 8 * sizeof d->avail);
	d->def = def;
	d->key = xstrdup(key);
	d->id = vg_parse_int(key, 1, INT64_MAX, &id) == 0 ? id : 0;
	text_init(&d->text);
	if (reload(ui, d) != 0) {
		text_free(&d->text);
		free(d->key);
		free(d);
		return;
	}
	s = ui_screen_new(&def->ops, d);
	snprintf(s->title, sizeof s->title, "%s", title);
	ui_push(ui, s);
}

int
recui_form_id(struct ui_form *f, const char *field, int64_t *id, struct vg_err *err)
{
	const char *v = form_get(f, field);
	long long n;

	*id = 0;
	if (v == NULL || v[0] == '\0')
		return 0;
	if (vg_parse_int(v, 1, INT64_MAX, &n) != 0)
		return vg_seterr_field(err, VG_USAGE, field, _("\"%s\" is not a number"), v);
	*id = n;
	return 0;
}
