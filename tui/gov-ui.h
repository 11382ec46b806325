/* gov-ui.h — what the governance screens share: wording of codes, times, and the actions they open. */
#ifndef VG_GOV_UI_H
#define VG_GOV_UI_H

#include <stddef.h>
#include <stdint.h>

#include "core/requests.h"
#include "tui/ui.h"

/* "YYYY-MM-DD HH:MM" in the site's zone, "-" for 0. */
char		*govui_time(int64_t us, char out[32]);
/* "2026-03-01 08:00 – 09:40", the date once when both ends share it. */
char		*govui_range(int64_t from_us, int64_t to_us);
/* view / copy, in the console's language. */
const char	*govui_kind_label(const char *kind);
const char	*govui_privacy_label(const char *privacy);
/* A list row's colour for a request status. */
int		 govui_status_role(enum req_status);
/* "a, b, c" */
char		*govui_join(char *const *v, size_t n);
/* The profile's own wording, in the console's language. */
const char	*govui_requester_kind_title(const struct ui *, const char *kind);
const char	*govui_agency_title(const struct ui *, const char *agency);
const char	*govui_hold_title(const struct ui *, const char *category);
/* A timeline event's name ("filed", "step approved"...). */
const char	*govui_event_label(const char *what);
/* What comes next for a request: the step waiting, the grant's end, the report due. */
char		*govui_next(const struct vg_request *);

/*---- Actions the screens open on a request (each asks core, which decides) ----*/

void	 govui_approve(struct ui *, const char *ref);		/* screen-inbox.c */
void	 govui_reject(struct ui *, const char *ref);
void	 govui_viewing_start(struct ui *, const char *ref);	/* screen-viewings.c */
void	 govui_withdraw(struct ui *, const char *ref);		/* screen-requests.c */
void	 govui_report(struct ui *, const char *ref);
void	 govui_submit(struct ui *, const char *ref);
/* The running-viewing banner (ui->banner_fn). */
void	 govui_viewing_banner(struct ui *);

#endif
