/* exports-int.h — what the export modules (records, manifest, downloads) share inside core/gov. */
#ifndef VG_EXPORTS_INT_H
#define VG_EXPORTS_INT_H

#include <stdint.h>

#include "core/gov/exports.h"

struct vg_actor;
struct vg_request;
struct vg_stmt;

/* The columns exports_row reads, and the joins they need. */
#define EXPORT_SELECT "SELECT e.id, e.name, e.file, r.ref, u.login, u.name, " \
	"COALESCE(c.login, ''), e.created_us, e.expires_us, e.bytes, e.sha256, " \
	"COALESCE(e.viewing_id, 0), COALESCE(e.revoked_us, 0), COALESCE(v.login, ''), " \
	"COALESCE(e.revoke_reason, ''), COALESCE(e.removed_us, 0), e.recipient_id " \
	"FROM exports e JOIN requests r ON r.id = e.request_id " \
	"JOIN users u ON u.id = e.recipient_id LEFT JOIN users c ON c.id = e.created_by " \
	"LEFT JOIN users v ON v.id = e.revoked_by "

/* The export of the current row of an EXPORT_SELECT statement, its state as of now. */
void	exports_row(struct vg_site *, struct vg_stmt *, int64_t now, struct vg_export *);
/* Frees what an export holds, not the export itself. */
void	exports_clear(struct vg_export *);
/* The recipient's user id of an export row (column 16). */
int64_t	exports_row_recipient(struct vg_stmt *);
/* The article of the route that decided a request (its first), else the grant's. */
const char *exports_route_article(struct vg_site *, const struct vg_request *);
/* Marks a ready export revoked by a with that reason, audited as export.revoke,
 * inside the caller's transaction; its file stays until exports_remove_file. */
int	exports_revoke_tx(struct vg_site *, const struct vg_actor *, const struct vg_export *,
	    const char *reason, struct vg_err *);
/* Deletes an export's file (after the commit that revoked or expired it) and records
 * that in its own transaction, audited as export.remove with the reason why. */
int	exports_remove_file(struct vg_site *, const char *actor, const char *source,
	    const struct vg_export *, const char *why, struct vg_err *);
/* "REQ-2026-0004-E1.tar" or "REQ-2026-0004-E1" -> "REQ-2026-0004-E1"; NULL if malformed. */
char	*exports_name_of(const char *);

#endif
