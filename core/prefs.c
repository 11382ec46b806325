/* prefs.c — a person's console preferences: the terminal graphics for footage. */
#include "core/prefs.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

const char *const prefs_graphics_modes[] = { "auto", "sixel", "kitty", "blocks", "none", NULL };

static int
known_mode(const char *mode)
{
	for (size_t i = 0; prefs_graphics_modes[i] != NULL; i++)
		if (strcmp(prefs_graphics_modes[i], mode) == 0)
			return 1;
	return 0;
}

char *
prefs_graphics(struct vg_site *s, const struct vg_actor *a)
{
	struct vg_stmt *st;
	char *mode = NULL;

	if (a->user_id == 0)
		return xstrdup("auto");
	st = db_prepare(s->db, "SELECT graphics FROM users WHERE id = ?");
	db_bind_int(st, 1, a->user_id);
	if (db_step(st) == DB_ROW && known_mode(db_col_text(st, 0)))
		mode = xstrdup(db_col_text(st, 0));
	db_finalize(st);
	return mode != NULL ? mode : xstrdup("auto");
}

/* A preference of one's own: nobody sets it for someone else. */
int
prefs_set_graphics(struct vg_site *s, const struct vg_actor *a, const char *mode,
    struct vg_err *err)
{
	struct vg_stmt *st;
	char detail[48];
	int r;

	if (actor_need_person(a, err) != 0)
		return -1;
	if (!known_mode(mode))
		return vg_seterr_field(err, VG_USAGE, "graphics",
		    _("\"%s\" is not a graphics mode (auto, sixel, kitty, blocks, none)"), mode);
	if (site_begin(s, err) != 0)
		return -1;
	st = db_prepare(s->db, "UPDATE users SET graphics = ?, updated_us = ? WHERE id = ?");
	db_bind_text(st, 1, mode);
	db_bind_int(st, 2, clock_now());
	db_bind_int(st, 3, a->user_id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(detail, sizeof detail, "graphics=%s", mode);
	if (r == 0)
		r = audit_append(s, a->display, "user.graphics", a->login, detail, a->source, err);
	return site_end_tx(s, r, err);
}
