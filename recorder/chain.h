/* chain.h — segment hashes, the per-camera hash chain, indexing and `footage verify`. */
#ifndef VG_CHAIN_H
#define VG_CHAIN_H

#include <stdint.h>
#include <stdio.h>

struct vg_db;
struct vg_err;
struct vg_site;

#define CHAIN_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

/* Streaming SHA-256 of a segment's bytes as they are written (sha256.h). */
struct chain_hash {
	void	*ctx;
};
void	chain_hash_init(struct chain_hash *);
void	chain_hash_update(struct chain_hash *, const void *, size_t);
void	chain_hash_final(struct chain_hash *, char hex[65]);	/* also frees */
void	chain_hash_free(struct chain_hash *);
/* Hashes a whole file; bytes gets its size.  -1 with err if unreadable. */
int	chain_hash_file(const char *path, char hex[65], int64_t *bytes, struct vg_err *);

/*
 * DESIGN §5: chain = SHA-256(prev_chain ‖ sha256 ‖ seq ‖ start_us ‖ end_us),
 * the two hashes as their 32 raw bytes and the integers as 8-byte big-endian.
 * The first segment of a camera continues from CHAIN_ZERO.
 */
void	chain_link(const char *prev_hex, const char *sha_hex, int64_t seq, int64_t start_us,
	    int64_t end_us, char out[65]);

struct chain_seg {
	const char	*camera;
	int64_t		 seq;
	int64_t		 start_us, end_us;
	const char	*path;		/* relative to paths.storage */
	int64_t		 bytes;
	char		 sha256[65];
	int		 recovered;
};

/* The link segment seq of camera continues from: the chain of seq-1 (kept or
 * cut by retention), else CHAIN_ZERO for seq 1.  0, or -1 if seq-1 is
 * unknown (out holds the nearest earlier link then). */
int	chain_prev(struct vg_db *, const char *camera, int64_t seq, char out[65]);
/* Adds the index row inside the caller's transaction; chain gets its link. */
int	chain_index(struct vg_db *, const struct chain_seg *, char chain[65], struct vg_err *);
/* The next sequence number of a camera (1 + the highest kept or cut). */
int64_t	chain_next_seq(struct vg_db *, const char *camera);

/*
 * The chain heads: "gate=12:0123456789abcdef; yard=4:..." — each camera's
 * newest seq and the first 16 hex digits of its link.  The recorder appends
 * them to the audit log (footage.heads) every few minutes and when it stops,
 * so deleting the newest segments with their rows, which leaves a chain that
 * still links, is caught too: the audit log is itself chained and signed.
 * Returns the text (caller frees), or NULL when no camera has footage.
 */
char	*chain_heads(struct vg_db *);

/*---- footage verify ----*/

/* In the run directory: the running recorder's pid, locked (flock) for as long
 * as it runs; footage verify reads the lock to tell open files from lost ones. */
#define RECORDER_LOCK_FILE "recorder.pid"

struct maint_progress;

struct chain_verify_opts {
	const char	*camera;	/* NULL: every camera */
	int64_t		 from_us, to_us;	/* 0: unbounded */
};

struct chain_verify_report {
	int64_t	cameras;
	int64_t	segments;	/* files hashed */
	int64_t	bytes;
	int64_t	problems;
	int64_t	recording;	/* newest files a running recorder is still writing */
};

/*
 * Recomputes every segment's hash and every chain link, and looks for segment
 * files the index does not know.  Each problem is one line on out naming the
 * camera, seq and path.  While a recorder runs, files newer than the newest
 * indexed segment of their camera are the ones it is writing: each gets a
 * "recording:" line, not a problem.  0 when everything checked out, 1 when
 * problems were found, -1 with err when the check itself could not run.
 */
int	chain_verify(struct vg_site *, const struct chain_verify_opts *, FILE *out,
	    struct chain_verify_report *, struct vg_err *);
/* The same, telling progress how far it got: a line as each camera starts
 * and every 100 files hashed (NULL: nothing). */
int	chain_verify_progress(struct vg_site *, const struct chain_verify_opts *, FILE *out,
	    const struct maint_progress *progress, struct chain_verify_report *, struct vg_err *);

#endif
