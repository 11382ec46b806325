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

/* The monitoring room's records (issue 14): the duty log, the control-room
 * entry log, the equipment inventory, faults; and what each has waiting,
 * for the home screen (a new string). */
struct ui_screen *screen_duty_new(struct ui *);
struct ui_screen *screen_room_new(struct ui *);
struct ui_screen *screen_equipment_new(struct ui *);
struct ui_screen *screen_faults_new(struct ui *);
char	*screen_duty_waiting(struct ui *);
char	*screen_room_waiting(struct ui *);
char	*screen_equipment_waiting(struct ui *);
char	*screen_faults_waiting(struct ui *);
/* Footage (issue 11): the live wall (live.view), one camera large, and a
 * viewing's player (viewing.run).  The _open forms return NULL with err when
 * core refuses; the _new forms say why in a message instead. */
struct ui_screen *screen_wall_new(struct ui *);
struct ui_screen *screen_wall_open(struct ui *, struct vg_err *);
struct ui_screen *screen_live_open(struct ui *, const char *camera, struct vg_err *);
struct ui_screen *screen_player_open(struct ui *, int64_t viewing_id, const char *camera,
		    int64_t at_us, struct vg_err *);

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
/* A function key of the job's own on the form (name "F2", what N_()). */
void	 screen_form_set_key(struct ui_screen *, int key, const char *name, const char *what,
	     void (*fn)(struct ui *, struct ui_form *, void *ud));

/* The reference view of each camera (what it is meant to show), for people
 * choosing or approving cameras; pictures only of cameras the person may
 * watch live, the location in words for the others. */
struct ui_screen *screen_views_new(struct ui *, char *const *cameras, size_t n);

#endif
