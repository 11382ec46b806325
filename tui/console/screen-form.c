/* screen-form.c — a screen holding one form: Save runs its checks, then the job's core call. */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/console/screens.h"
#include "tui/console/widget-form.h"

struct form_screen {
	struct ui_form	*form;
	form_submit_fn	 submit;
	void		*ud;
	void		(*ud_free)(void *);
	/* One more function key of the job's own (screen_form_set_key); 0: none. */
	int		 xkey;
	struct ui_key	 xlabel;
	void		(*xfn)(struct ui *, struct ui_form *, void *ud);
};

static const struct ui_key help_key[] = { { "F1", N_("help") }, { NULL, NULL } };

static void
fs_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct form_screen *fs = s->data;

	form_draw(ui, fs->form, y, x, h, w);
}

static void
fs_overlay(struct ui *ui, struct ui_screen *s)
{
	struct form_screen *fs = s->data;

	form_overlay(ui, fs->form);
}

static int
fs_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct form_screen *fs = s->data;
	struct vg_err err;

	if (ev->is_key && ev->key == KEY_F(1))
		return UI_UNHANDLED;	/* the framework's help */
	if (fs->xkey && ev->is_key && ev->key == fs->xkey) {
		fs->xfn(ui, fs->form, fs->ud);
		return UI_HANDLED;
	}
	switch (form_key(ui, fs->form, ev)) {
	case FORM_SUBMIT:
		if (form_check(fs->form) != 0) {
			ui_message(ui, UI_ERROR, "%s", _("Some fields need attention: see beside them."));
			return UI_HANDLED;
		}
		vg_err_clear(&err);
		if (fs->submit(ui, fs->form, fs->ud, &err) == 0) {
			ui_pop(ui);
			return UI_HANDLED;
		}
		/* No message: the person said no when asked to confirm; stay. */
		if (err.msg[0] == '\0')
			return UI_HANDLED;
		form_set_error(fs->form, &err);
		ui_message(ui, UI_ERROR, "%s", err.msg);
		return UI_HANDLED;
	case FORM_CANCEL:
		/* Nothing typed is thrown away without asking. */
		if (!form_dirty(fs->form) || ui_dialog_confirm(ui, _("Leave the form"),
		    _("Leave this form without saving? What you typed or chose here is lost.")))
			ui_pop(ui);
		return UI_HANDLED;
	case FORM_HANDLED:
		return UI_HANDLED;
	default:
		/* Printable keys never fall through to q-quits or ?-help here. */
		return ev->is_key ? UI_UNHANDLED : UI_HANDLED;
	}
}

static const struct ui_key *
fs_keys(struct ui *ui, struct ui_screen *s)
{
	struct form_screen *fs = s->data;
	static struct ui_key merged[9];
	const struct ui_key *k = form_keys(fs->form);
	size_t n = 0;

	(void)ui;
	for (; k->key && n < 6; k++)
		merged[n++] = *k;
	merged[n++] = help_key[0];
	/* After F1: at 80 columns it may not fit; the help page lists it. */
	if (fs->xkey)
		merged[n++] = fs->xlabel;
	merged[n] = (struct ui_key){ NULL, NULL };
	return merged;
}

static const struct ui_key *
fs_help_keys(struct ui *ui, struct ui_screen *s)
{
	struct form_screen *fs = s->data;

	(void)ui;
	return form_help_keys(fs->form);
}

static void
fs_free(struct ui_screen *s)
{
	struct form_screen *fs = s->data;

	form_free(fs->form);
	if (fs->ud_free != NULL)
		fs->ud_free(fs->ud);
	else
		free(fs->ud);
	free(fs);
}

static const struct ui_screen_ops form_ops = {
	.title = NULL,
	.draw = fs_draw,
	.key = fs_key,
	.keys = fs_keys,
	.overlay = fs_overlay,
	.help_keys = fs_help_keys,
	.free = fs_free,
	.help = N_("Fill in the fields and choose Save. Tab moves to the next field once the "
	    "value is accepted; a message beside a field says what is wrong with it, and the "
	    "refused text is selected, so typing replaces it. Enter on a choice opens the list "
	    "to pick from. Esc leaves, asking first when you have typed something."),
	.text_input = 1,
};

/* ud is freed with the screen (free(3)). */
struct ui_screen *
screen_form_new(struct ui *ui, struct ui_form *form, form_submit_fn submit, void *ud,
    const char *title)
{
	struct form_screen *fs = xcalloc(1, sizeof *fs);
	struct ui_screen *s;

	(void)ui;
	fs->form = form;
	fs->submit = submit;
	fs->ud = ud;
	s = ui_screen_new(&form_ops, fs);
	snprintf(s->title, sizeof s->title, "%s", title);
	return s;
}

void
screen_form_set_free(struct ui_screen *s, void (*ud_free)(void *))
{
	struct form_screen *fs = s->data;

	VG_ASSERT(s->ops == &form_ops);
	fs->ud_free = ud_free;
}

void
screen_form_set_key(struct ui_screen *s, int key, const char *name, const char *what,
    void (*fn)(struct ui *, struct ui_form *, void *ud))
{
	struct form_screen *fs = s->data;

	VG_ASSERT(s->ops == &form_ops);
	fs->xkey = key;
	fs->xlabel = (struct ui_key){ name, what };
	fs->xfn = fn;
}
