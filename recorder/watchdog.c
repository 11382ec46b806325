/* watchdog.c — WATCHDOG=1 only while every camera thread and the index writer are alive. */
#include "recorder/watchdog.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/sdnotify.h"
#include "core/util.h"
#include "recorder/ingest.h"

void
rec_live_tick(struct rec_live *l)
{
	atomic_store(&l->mono, clock_mono_us());
}

/* Microseconds since the thread last ticked, counting from `since` before it first does. */
static int64_t
quiet_for(const struct rec_live *l, int64_t since, int64_t now)
{
	int64_t last = atomic_load(&l->mono);

	return now - (last > since ? last : since);
}

int
rec_watchdog(struct rec_cam *const *cams, size_t n, const struct rec_live *writer,
    char *stalled, size_t len)
{
	static int withheld;
	int64_t limit = sdn_watchdog_usec(), now = clock_mono_us(), q = 0;
	char who[80] = "";

	if (limit == 0)
		return 0;
	for (size_t i = 0; i < n && who[0] == '\0'; i++)
		if (cams[i]->running && (q = quiet_for(&cams[i]->live, cams[i]->started_mono,
		    now)) > limit)
			snprintf(who, sizeof who, _("camera %s"), cams[i]->cfg.id);
	if (who[0] == '\0' && writer != NULL && (q = quiet_for(writer, 0, now)) > limit)
		snprintf(who, sizeof who, "%s", _("the index writer"));
	if (who[0] == '\0') {
		if (withheld)
			rec_log("%s", _("watchdog: every thread is running again"));
		withheld = 0;
		return sdn_watchdog_ping();
	}
	if (!withheld)
		rec_log(_("watchdog: the thread of %s has not run for %.1f s; no more pings, so "
		    "systemd restarts the recorder"), who, (double)q / (double)VG_USEC_PER_SEC);
	withheld = 1;
	if (stalled != NULL)
		snprintf(stalled, len, "%s", who);
	return -1;
}
