/* audit-log.h — the audit log as reviewers read it: filters, pages by key, and verification for a person. */
#ifndef VG_AUDIT_LOG_H
#define VG_AUDIT_LOG_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct audit_report;

/* What to read; every field may be left empty (0 or NULL). */
struct audit_filter {
	int64_t		 from_us, to_us;	/* [from, to) */
	const char	*actor;		/* who acted, exactly: "alice", "recorder" */
	const char	*action;	/* a prefix: "request." or "request.grant" */
	const char	*object;	/* text the object contains: "REQ-2026-0001" */
	int		 seals;		/* seal rows too */
};

struct audit_row {
	int64_t	 id;
	int64_t	 ts_us;
	char	*kind;		/* entry | seal */
	char	*actor;
	char	*action;
	char	*object;
	char	*detail;
	char	*source;
};

struct audit_page {
	struct audit_row	*v;
	size_t			 n;
	int			 more;	/* rows past this page match too */
};

#define AUDIT_PAGE_MAX 1000

/*
 * One page of the entries that match, read by key so that years of entries
 * are never loaded at once (HHKCS 2.5.2, 3.5: the reviewer reads the log):
 * oldest first, the entries after cursor (0: from the first); or, with
 * newest_first, the entries before cursor (0: from the newest).  At most
 * limit (1..AUDIT_PAGE_MAX) rows.  Needs audit.read.
 */
int	audit_log_page(struct vg_site *, const struct vg_actor *, const struct audit_filter *,
	    int64_t cursor, int newest_first, size_t limit, struct audit_page *, struct vg_err *);
void	audit_page_free(struct audit_page *);
/* How many entries match (needs audit.read). */
int64_t	audit_log_count(struct vg_site *, const struct vg_actor *, const struct audit_filter *,
	    struct vg_err *);
/* audit_verify for a person who holds audit.verify. */
int	audit_log_verify(struct vg_site *, const struct vg_actor *, struct audit_report *,
	    struct vg_err *);
/* An action prefix or object text typed in a filter: plain text, at most 200 bytes. */
int	audit_filter_check(const struct audit_filter *, struct vg_err *);

#endif
