/* expire.c — the server removes exports past exports.keep_days, at start and every few minutes. */
#include "tui/ssh/expire.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/gov/exports.h"
#include "core/site.h"
#include "core/util.h"

/*
 * The server, not the recorder, removes expired exports: it is the process
 * that makes them (export create over SSH), serves them and owns
 * paths.exports, while the recorder may run as a user that can write footage
 * and nothing else.  Removal is housekeeping only: a download checks the
 * export's expiry itself, so an expired export never leaves, whenever its
 * file goes.
 */
#define EXPIRE_INTERVAL_S 300

static int64_t next_us;		/* clock_mono_us of the next pass; 0 = now */

void
expire_run(const char *config, struct vg_site *site)
{
	struct vg_site *s = site;
	struct vg_err err;
	int removed = 0;

	if (clock_mono_us() < next_us)
		return;
	next_us = clock_mono_us() + EXPIRE_INTERVAL_S * VG_USEC_PER_SEC;
	if (s == NULL && site_open(config, 0, &s, &err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		return;
	}
	if (exports_expire(s, "vigil-serve", clock_now(), &removed, &err) != 0)
		fprintf(stderr, "vigil serve: removing expired exports: %s\n", err.msg);
	else if (removed > 0)
		fprintf(stderr, "vigil serve: removed %d expired or revoked exports\n", removed);
	if (site == NULL)
		site_close(s);
}
