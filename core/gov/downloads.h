/* downloads.h — the read-only tree people download from over sftp and scp: what each may have now. */
#ifndef VG_DOWNLOADS_H
#define VG_DOWNLOADS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct dl_folder;

/*
 * DESIGN §8: the tree a logged-in user sees over SFTP and scp is virtual and
 * read-only.  Its root holds one folder per kind of thing that leaves the
 * system (/exports/, and /reports/ for the monthly review); each folder lists only what that user may download
 * now, and every download is recorded and audited by the folder's owner (the
 * exports module for /exports/).  A path that climbs out of the tree, names
 * something the user may not have or asks to change anything is refused with
 * a message.  Adding a folder is one entry in downloads.c's table.
 */

enum dl_kind { DL_DIR, DL_FILE };

struct dl_entry {
	char		*name;		/* "exports", "REQ-2026-0004-E1.tar" */
	enum dl_kind	 kind;
	int64_t		 size;
	int64_t		 mtime_us;
};

/* An open download: read fd from any offset; dl_close records how it went. */
struct dl_file {
	int			 fd;
	int64_t			 size;
	int64_t			 mtime_us;
	char			*path;		/* "/exports/REQ-2026-0004-E1.tar" */
	char			*name;		/* "REQ-2026-0004-E1.tar" */
	const struct dl_folder	*folder;
	int64_t			 id;		/* the folder's record of the file */
	int64_t			 download_id;	/* the folder's record of this download */
	char			 protocol[8];	/* sftp | scp */
};

/* path (absolute, or relative to the root) as "/" or "/a/b"; "." and ".."
 * are resolved, and ".." above the root is refused (VG_REFUSED). */
int	dl_path(const char *path, char **out, struct vg_err *);
/* What path is, if the actor may see it now; else -1 with the reason. */
int	dl_stat(struct vg_site *, const struct vg_actor *, const char *path, struct dl_entry *,
	    struct vg_err *);
/* A directory's entries: the folders at the root, a folder's files. */
int	dl_list(struct vg_site *, const struct vg_actor *, const char *path, struct dl_entry **,
	    size_t *n, struct vg_err *);
void	dl_free_entries(struct dl_entry *, size_t n);
void	dl_free_entry(struct dl_entry *);
/* Opens a file for download by protocol ("sftp", "scp"); recorded and
 * audited before the first byte leaves. */
int	dl_open(struct vg_site *, const struct vg_actor *, const char *path, const char *protocol,
	    struct dl_file *, struct vg_err *);
/* Ends a download: where it started (a resumed one later than 0), the bytes
 * sent, and whether the file went out from there through to its end;
 * recorded and audited; closes the file. */
int	dl_close(struct vg_site *, const struct vg_actor *, struct dl_file *, int64_t from,
	    int64_t bytes, int complete, struct vg_err *);

/* For the folders' owners (exports, review reports): a file entry as listed. */
void	dl_file_entry(struct dl_entry *, const char *name, int64_t size, int64_t mtime_us);
/* dir/file opened to be sent, refused (-1 with err, saying to tell the
 * administrator) unless it is a regular file, not a link, of its recorded size. */
int	dl_open_recorded(const char *dir, const char *file, int64_t size, struct vg_err *);

#endif
