/* xfer-int.h — what the download protocols (sftp.c, scp.c) share with xfer.c. */
#ifndef VG_XFER_INT_H
#define VG_XFER_INT_H

#include <stdint.h>

#include "core/gov/downloads.h"
#include "tui/ssh/xfer.h"

struct vg_err;

/* The largest data one answer carries: what OpenSSH's sftp-server allows. */
#define XFER_MAX_DATA	(256 * 1024 - 1024)
/* Client bytes held unanswered before the client is cut off as a flood: far
 * more than any client's pipeline of requests. */
#define XFER_MAX_INPUT	(4 << 20)

struct xfer;

struct xfer_ops {
	const char	*name;		/* "sftp" | "scp" */
	/* Answers the next request into x->out, or 0 when it needs input first;
	 * -1 when the transfer is over. */
	int		(*step)(struct xfer *);
	void		(*end)(struct xfer *);
};

struct xfer {
	struct conn		*c;
	const struct xfer_ops	*ops;
	uint8_t			*in;		/* client bytes not yet used */
	size_t			 nin, capin;
	uint8_t			*out;		/* the answer being sent */
	size_t			 nout, pos, capout;
	const uint8_t		*ext;		/* then these bytes, straight from a file's map */
	size_t			 next, extpos;
	int			 over;
	char			*said;		/* the last line told on stderr */
	void			*st;		/* the protocol's state */
	uint64_t		 written;	/* bytes of output the socket took */
	uint64_t		 acked;		/* of which the channel took (xfer_acked) */
	struct xfer_dl		**waiting;	/* closed downloads not yet all acknowledged */
	size_t			 nwaiting;
};

/* A range [a, b) of a file that was sent. */
struct xfer_run {
	int64_t	a, b;
};

/* A part of a file in the output: off, n in the file; it ends at byte end of
 * the output. */
struct xfer_part {
	int64_t		off, n;
	uint64_t	end;
};

/* A file being downloaded, and what of it was sent. */
struct xfer_dl {
	struct dl_file	 f;
	const uint8_t	*map;		/* the file mapped read-only, or NULL: read it */
	int		 open;
	int64_t		 bytes;
	int64_t		 lo;		/* lowest offset sent */
	struct xfer_run	*runs;		/* sent ranges, merged and ordered */
	size_t		 nruns;
	struct xfer_part *parts;	/* put in the output, not yet acknowledged */
	size_t		 nparts;
	int		 failed;	/* the client reported it could not keep it */
};

struct xfer	*xfer_new(struct conn *, const struct xfer_ops *, void *st);
/* Empties x->out and makes room for n bytes of answer. */
uint8_t		*xfer_out(struct xfer *, size_t n);
/* After what is in x->out, sends n bytes of the download's file from off:
 * from its map without a copy, else read into x->out.  -1 if unreadable. */
int		 xfer_out_file(struct xfer *, struct xfer_dl *, int64_t off, size_t n);
/* Drops n bytes of input once used. */
void		 xfer_consume(struct xfer *, size_t n);
/* A line on the client's stderr ("vigil: ..."), which ssh shows. */
void		 xfer_say(struct xfer *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "PATH: why" on stderr, or why alone when it names the path. */
void		 xfer_tell(struct xfer *, const char *path, const char *why);
/* A refused operation: audited (ssh.refuse) and told on stderr. */
void		 xfer_refuse(struct xfer *, const char *what, const char *path, const char *why);
/* Ends the channel with an exit status (scp). */
void		 xfer_exit(struct xfer *, int status, const char *reason);

int		 xfer_dl_open(struct xfer *, struct xfer_dl *, const char *path, int64_t from,
		     struct vg_err *);
/* n bytes of the file from off are the last of the answer in x->out. */
void		 xfer_dl_sent(struct xfer *, struct xfer_dl *, int64_t off, int64_t n);
/* Parts within what the channel took (x->acked) become runs; the rest stay parts. */
void		 xfer_dl_take_acked(struct xfer *, struct xfer_dl *);
/* [off, off + n) reached the client: merged into the runs, counted in bytes. */
void		 xfer_dl_run_add(struct xfer_dl *, int64_t off, int64_t n);
/* Records how the download went, once what was sent of it is known: complete
 * when one run was sent from its lowest offset through to the end of the file. */
void		 xfer_dl_close(struct xfer *, struct xfer_dl *);

#endif
