/* demand.h — who watches which camera live: the console's files in <paths.run>/demand. */
#ifndef VG_DEMAND_H
#define VG_DEMAND_H

#include <stdint.h>

/*
 * While a console shows a camera live it keeps the file
 *
 *     <paths.run>/demand/<camera>.<pid>
 *
 * holding the picture width it wants in pixels (decimal text, e.g. "320" for
 * a wall tile, "1280" for a large view), refreshes its mtime at least once a
 * second, and removes it when it stops.  A crashed console leaves its file
 * behind: files older than DEMAND_FRESH_S are ignored.  The recorder then
 * writes that camera's latest frame (frames.h) at least twice a second at
 * the largest width asked (at most the stream's own); with no fresh file it
 * decodes only what tamper checks and recorder.thumb_interval_s need.
 */
#define DEMAND_DIR	"demand"
#define DEMAND_FRESH_S	3
/* Widths outside this are not a request anyone meant. */
#define DEMAND_MIN_W	16
#define DEMAND_MAX_W	7680

/* Calls fn once for each camera with a fresh demand file, with the largest
 * width asked of it.  0, or -1 if the directory cannot be read (none yet). */
int	demand_scan(const char *run_dir, void (*fn)(void *arg, const char *camera, int width),
	    void *arg);
/* The same, as of now_us (wall-clock µs of the files' clock): for tests. */
int	demand_scan_at(const char *run_dir, int64_t now_us,
	    void (*fn)(void *arg, const char *camera, int width), void *arg);

#endif
