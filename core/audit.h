/* audit.h — the append-only, hash-chained, signed audit log. */
#ifndef VG_AUDIT_H
#define VG_AUDIT_H

#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_buf;

/*
 * Appends one entry inside the caller's site transaction (site_begin ..
 * site_commit): hash = SHA-256(prev_hash || canonical row).  Every
 * audit.seal_every entries a seal row signed with the site key follows.
 * After the commit, site_commit moves the signed head anchor kept outside the
 * database (data/audit.anchor), which is what catches a cut tail.
 */
int	audit_append(struct vg_site *, const char *actor, const char *action,
	    const char *object, const char *detail, const char *source, struct vg_err *);
/* Same, formatting the detail. */
int	audit_appendf(struct vg_site *, const char *actor, const char *action,
	    const char *object, const char *source, struct vg_err *, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));


/* Writes the anchor for (id, hash) if it is newer than the one on disk. */
int	audit_anchor_update(struct vg_site *, int64_t id, const char *hash, struct vg_err *);

struct audit_report {
	int64_t	entries;	/* rows checked, seals included */
	int64_t	seals;
	char	head[65];	/* hash of the last row */
	int64_t	head_id;
};

/* 0: intact.  -1: err names the first bad entry (VG_REFUSED) or the failure. */
int	audit_verify(struct vg_site *, struct audit_report *, struct vg_err *);

/* The canonical byte string hashed for a row (exposed for tests). */
void	audit_canonical(struct vg_buf *, int64_t id, int64_t ts_us, const char *kind,
	    const char *actor, const char *action, const char *object, const char *detail,
	    const char *source);

#endif
