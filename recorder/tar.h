/* tar.h — the uncompressed tar an export is: written in one canonical form, and read back checking every byte. */
#ifndef VG_TAR_H
#define VG_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "recorder/sha256.h"

struct vg_err;

/*
 * POSIX ustar (pax interchange format without extended headers): 512-byte
 * headers, members padded with zeros to 512 bytes, two zero blocks at the end.
 * vigil writes one canonical header per member (mode 0444, owner 0 "vigil",
 * one mtime for the whole archive; sizes of 8 GiB and more in the base-256
 * form GNU tar and bsdtar read), so a reader can rebuild each header from its
 * name, size and mtime and compare all 512 bytes: any changed byte of the
 * archive, header, padding or end included, is found.
 */
#define TAR_BLOCK 512

/* What a member of size bytes takes in the archive: header, data, padding. */
int64_t	tar_span(int64_t size);

/* A header for the member; -1 if the name cannot be stored (too long, or
 * no '/' splits it into ustar's prefix and name). */
int	tar_header(uint8_t h[TAR_BLOCK], const char *name, int64_t size, int64_t mtime);

/*---- Writing ----*/

struct tar_w {
	int		 fd;		/* read-write: members are read back to hash them */
	int64_t		 off;		/* where the next member's header goes */
	int64_t		 mtime;		/* seconds, every member */
	int64_t		 reserved;	/* data offset of a member being written by others, or -1 */
	struct sha256	 h;		/* the archive's SHA-256, of what is written so far */
	uint8_t		*buf;		/* for copying */
	int64_t		 synced;	/* early writeback started up to here */
	const char	*path;		/* for messages */
};

int	tar_w_open(struct tar_w *, int fd, const char *path, int64_t mtime, struct vg_err *);
/* A member from memory; sha gets the SHA-256 of data. */
int	tar_w_put(struct tar_w *, const char *name, const void *data, size_t len, char sha[65],
	    struct vg_err *);
/* A member copied from src_fd, which must hold exactly size bytes; sha gets
 * the SHA-256 of what was copied.  The kernel copies it (copy_file_range) and
 * both hashes read it where it landed; where it cannot (a pipe, another file
 * system), it goes through a buffer. */
int	tar_w_copy(struct tar_w *, const char *name, int src_fd, int64_t size, char sha[65],
	    struct vg_err *);
/* Reserves a member whose data someone else writes (or wrote, knowing the
 * layout: tar_span) at [offset, offset + size) of the file; returns that
 * offset. */
int64_t	tar_w_reserve(struct tar_w *);
/* Ends the reserved member: its header, then its data read back for sha. */
int	tar_w_commit(struct tar_w *, const char *name, int64_t size, char sha[65],
	    struct vg_err *);
/* The end blocks and fsync; sha gets the archive's SHA-256, bytes its size. */
int	tar_w_close(struct tar_w *, char sha[65], int64_t *bytes, struct vg_err *);
/* Abandons the writer (the caller removes the file). */
void	tar_w_abort(struct tar_w *);

/*---- Reading ----*/

struct tar_member {
	char	*name;
	int64_t	 header;	/* offset of its header */
	int64_t	 off;		/* of its data */
	int64_t	 size;
};

/* Every member of a vigil tar, each header, padding and the end checked to be
 * exactly what vigil writes.  -1 with err (VG_REFUSED) naming the offset and
 * the member at fault, and nothing to free. */
/* The bytes [at, at + size) of fd into h, and into h2 as well unless it is
 * NULL: mapped a window at a time rather than copied out, read where a window
 * cannot be mapped.  0, or -1 when they cannot all be read: errno, 0 when the
 * file is shorter (h then holds what could be read). */
int	tar_hash_range(int fd, int64_t at, int64_t size, struct sha256 *h, struct sha256 *h2);
int	tar_read(int fd, const char *path, struct tar_member **, size_t *n, int64_t *mtime,
	    struct vg_err *);
void	tar_free_members(struct tar_member *, size_t n);

#endif
