/* screens.h — the console's screens (tui/screen-*.c), one per job, and the console entry point. */
#ifndef VG_SCREENS_H
#define VG_SCREENS_H

#include "tui/console/ui.h"

struct vg_err;
struct ui_form;

/* `vigil console --user LOGIN [--config PATH]`: the console on this terminal. */
int	 console_main(int argc, char **argv);
/* The language for the console: the user's setting, else LANG, else the site's. */
void	 console_language(struct ui *, const char *user_locale);

struct ui_screen *screen_home_new(struct ui *);
struct ui_screen *screen_cameras_new(struct ui *);
struct ui_screen *screen_account_new(struct ui *);
/* One camera's events, the newest first (screen-camera-events.c). */
struct ui_screen *screen_camera_events_new(struct ui *, const char *camera);
/* A camera event kind in words ("went offline"). */
const char	*camera_event_label(const char *kind);
/* The alert line under the title while a camera needs attention (ui->alert_fn). */
void		 cameras_alert(struct ui *);

/* The governance screens (tui/gov-ui.h has what they share).  Those that may
 * be refused by core return NULL after saying why. */
struct ui_screen *screen_request_new(struct ui *);
struct ui_screen *screen_requests_new(struct ui *);
struct ui_screen *screen_request_detail(struct ui *, const char *ref);
struct ui_screen *screen_inbox_new(struct ui *);
struct ui_screen *screen_viewings_new(struct ui *);
struct ui_screen *screen_holds_new(struct ui *);
struct ui_screen *screen_overdue_new(struct ui *);

/*
 * A screen that holds one form.  On Save the form's own checks run, then
 * submit: 0 closes the screen (submit leaves a ui_message to say what was
 * done); -1 with err shows err beside the field it names and stays.
 */
typedef int (*form_submit_fn)(struct ui *, struct ui_form *, void *ud, struct vg_err *);
/* ud (may be NULL) is freed with the screen; title is shown translated.  A
 * submit that fails with no message (err->msg empty: the person declined a
 * confirmation) leaves the form as it is. */
struct ui_screen *screen_form_new(struct ui *, struct ui_form *, form_submit_fn, void *ud,
		    const char *title);
/* How ud is freed instead of free(3). */
void	 screen_form_set_free(struct ui_screen *, void (*)(void *));

#endif
