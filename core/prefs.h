/* prefs.h — a person's own console preferences that are not part of their account (terminal graphics). */
#ifndef VG_PREFS_H
#define VG_PREFS_H

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * How the console draws footage for this person: "auto" (what the terminal
 * answers when asked), "sixel", "kitty", "blocks" (Unicode cells in colour)
 * or "none" (text only).  A choice the terminal cannot honour is the
 * person's to make: someone behind a terminal multiplexer knows better than
 * its answer.
 */
extern const char *const prefs_graphics_modes[];	/* NULL-terminated */

/* The actor's setting ("auto" when none or for the system). */
char	*prefs_graphics(struct vg_site *, const struct vg_actor *);
/* Sets it for the actor themselves; audited as user.graphics. */
int	 prefs_set_graphics(struct vg_site *, const struct vg_actor *, const char *mode,
	     struct vg_err *);

#endif
