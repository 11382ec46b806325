/* storage.h — where segment files live: names, directories, walking the tree. */
#ifndef VG_STORAGE_H
#define VG_STORAGE_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;

/*
 * Segments are stored as <storage>/<camera>/<YYYY-MM-DD>/<camera>-<seq>.mp4
 * (DESIGN §5), the date in the site's time zone at the segment's start and
 * seq zero-padded to 8 digits.  The index (segments.path) holds the path
 * relative to paths.storage, so the storage tree can move.
 */
#define STORAGE_SEQ_DIGITS 8

char	*storage_relpath(const char *camera, int64_t seq, int64_t start_us);
/* Parses a relative path of that shape; 0 and camera/seq/day start, or -1. */
int	 storage_parse(const char *relpath, char *camera, size_t camlen, int64_t *seq,
	     int64_t *day_us);

/* Creates the directories of a segment file, fsyncing each parent whose
 * entries changed, so a new directory survives a power cut. */
int	 storage_mkdirs(const char *root, const char *relpath, struct vg_err *);

/* Calls fn for every file in the tree that has a segment's name, in no
 * particular order; camera limits the walk to one camera's directory. */
typedef int (*storage_fn)(const char *relpath, const char *camera, int64_t seq,
    int64_t day_us, void *arg);
int	 storage_walk(const char *root, const char *camera, storage_fn, void *arg);

#endif
