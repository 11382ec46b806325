/* audit.h — the append-only, hash-chained, signed audit log. */
#ifndef VG_AUDIT_H
#define VG_AUDIT_H

#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_buf;

/*
 * Appends one entry inside the caller's site transaction (site_begin ..
 * site_commit): hash = SHA-256(prev_hash || canonical row), and sig, the
 * writer's Ed25519 signature with the site key over
 * "vigil-audit-entry-v1\nID\nHASH" (seal rows: "vigil-audit-seal-v1\n...").
 * Before a transaction's first entry the newest row must verify (its hash and
 * its signature, or the anchor for a row older than signing): a row appended
 * without the key is refused to build on (VG_REFUSED), never signed over.
 * Every audit.seal_every entries a seal row follows.  After the commit,
 * site_commit publishes the new head (audit_publish_head).
 */
int	audit_append(struct vg_site *, const char *actor, const char *action,
	    const char *object, const char *detail, const char *source, struct vg_err *);
/* Same, formatting the detail. */
int	audit_appendf(struct vg_site *, const char *actor, const char *action,
	    const char *object, const char *source, struct vg_err *, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));

/*
 * Publishes a committed head (id, hash) if it is newer than the anchor: the
 * signed anchor data/audit.anchor, a line "ID HASH SIG" appended to
 * audit.witness_file, and the line "vigil-audit-anchor-v1 id=ID hash=HASH
 * sig=SIG" fed to audit.witness_command.  SIG signs
 * "vigil-audit-anchor-v1\nID\nHASH" with the site key (keys/signing.pub).
 */
int	audit_publish_head(struct vg_site *, int64_t id, const char *hash, struct vg_err *);

struct audit_report {
	int64_t	entries;	/* rows checked, seals included */
	int64_t	seals;
	int64_t	signed_entries;	/* entries with their own signature */
	int64_t	last_signed_id;
	int64_t	witnessed;	/* witness file lines that matched */
	char	head[65];	/* hash of the last row */
	int64_t	head_id;
};

/*
 * Recomputes every link and hash, checks every row's signature (entries
 * older than signing: the seals and the anchor cover them), the signed
 * anchor and every line of the witness file.  0: intact.  -1: err names the
 * first bad entry (VG_REFUSED) or the failure.
 */
int	audit_verify(struct vg_site *, struct audit_report *, struct vg_err *);

/* One entry found by what it did to what. */
struct audit_entry {
	int64_t	 id;
	int64_t	 ts_us;
	char	*actor;
	char	*detail;
};
/*
 * The newest entry with this action on this object, checked on its own: its
 * content matches its hash and it is signed (or, from before signing, covered
 * by the next signed row).  1 found and sound; 0 none; -1 the newest one does
 * not verify (err says why).  Free with audit_entry_free.
 */
int	audit_entry_find(struct vg_site *, const char *action, const char *object,
	    struct audit_entry *, struct vg_err *);
void	audit_entry_free(struct audit_entry *);

/* The canonical byte string hashed for a row (exposed for tests). */
void	audit_canonical(struct vg_buf *, int64_t id, int64_t ts_us, const char *kind,
	    const char *actor, const char *action, const char *object, const char *detail,
	    const char *source);

#endif
