/* screens.h — the console's screens (tui/screen-*.c), one per job, and the console entry point. */
#ifndef VG_SCREENS_H
#define VG_SCREENS_H

#include "tui/ui.h"

struct vg_err;
struct ui_form;

/* `vigil console --user LOGIN [--config PATH]`: the console on this terminal. */
int	 console_main(int argc, char **argv);
/* The language for the console: the user's setting, else LANG, else the site's. */
void	 console_language(struct ui *, const char *user_locale);

struct ui_screen *screen_home_new(struct ui *);
struct ui_screen *screen_cameras_new(struct ui *);
struct ui_screen *screen_account_new(struct ui *);

/*
 * A screen that holds one form.  On Save the form's own checks run, then
 * submit: 0 closes the screen (submit leaves a ui_message to say what was
 * done); -1 with err shows err beside the field it names and stays.
 */
typedef int (*form_submit_fn)(struct ui *, struct ui_form *, void *ud, struct vg_err *);
/* ud (may be NULL) is freed with the screen; title is shown translated. */
struct ui_screen *screen_form_new(struct ui *, struct ui_form *, form_submit_fn, void *ud,
		    const char *title);

#endif
