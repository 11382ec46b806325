/* exports.h — evidence exports of granted copies: who may make one for whom, their records, revocation and expiry. */
#ifndef VG_EXPORTS_H
#define VG_EXPORTS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct vg_user;
struct vg_request;
struct vg_viewing;

/*
 * An export is one uncompressed tar of a granted copy request's footage,
 * signed by the site, made for one named recipient who alone may download it
 * (DESIGN §5, §8).  This module holds the rules and the records; the recorder
 * builds the bundle (recorder/export.c) between exports_plan, which checks
 * every rule and says what goes in, and exports_record, which checks them
 * again and records the export with its audit entry.  A file that is never
 * recorded is never offered for download.
 */

/* The namespace of the site's signature on a manifest (ssh-keygen -Y -n). */
#define EXPORT_SIG_NAMESPACE "vigil-export"

/* One segment of the export, as the index has it. */
struct export_seg {
	int64_t	 seq;
	int64_t	 start_us, end_us;
	int64_t	 bytes;
	char	*path;		/* relative to paths.storage */
	char	 sha256[65];
	char	 prev_chain[65];
	char	 chain[65];
	int	 recovered;
};

struct export_cam {
	char			*id;
	char			*name;
	char			*location;
	int64_t			 from_us, to_us;	/* the range exported */
	struct export_seg	*segs;			/* in sequence order, no gap */
	size_t			 nsegs;
};

/* What `export create` asks for. */
struct export_spec {
	const char	 *ref;		/* the copy request */
	const char	 *recipient;	/* login */
	const char	**cameras;	/* NULL: every camera of the grant */
	size_t		  ncameras;
	int64_t		  from_us, to_us;	/* 0: the grant's */
};

/* An export about to be built: everything exports_plan checked and found. */
struct export_plan {
	char			*name;		/* REQ-2026-0004-E1: the tar's top directory */
	char			*file;		/* REQ-2026-0004-E1.tar, in paths.exports */
	char			*recipient;	/* login */
	int64_t			 created_us, expires_us;
	struct export_cam	*cams;
	size_t			 ncams;
	/* For the manifest and the record. */
	struct vg_request	*req;
	struct vg_viewing	*viewing;	/* the viewing that handed the copy over */
	struct vg_user		*to;
	int			 seq;
	int64_t			 audit_head_id;
	char			 audit_head[65];
};

int	exports_plan(struct vg_site *, const struct vg_actor *, const struct export_spec *,
	    struct export_plan *, struct vg_err *);
void	exports_plan_free(struct export_plan *);

/*
 * Who may receive a copy of a request (the route's recipient): a person who
 * holds export.download and, for an external request, the liaison of the
 * body that asked (no school unit, the request's agency); for an internal
 * request, the requester or a member of the requester's unit.  -1 with the
 * refusal, citing the article.  The one place to extend when a profile
 * names destinations.
 */
int	exports_recipient_check(struct vg_site *, const struct vg_request *,
	    const struct vg_user *recipient, struct vg_err *);
/* The route's part of it alone, for a download whose actor has just been
 * checked for export.download. */
int	exports_route_check(struct vg_site *, const struct vg_request *,
	    const struct vg_user *recipient, struct vg_err *);

/* One file of a bundle as the builder wrote it (path inside the bundle's
 * directory: "segments/gate/2026-03-01/gate-00000001.mp4"). */
struct export_file {
	char	*path;
	int64_t	 bytes;
	char	 sha256[65];
};

/* A camera's footage joined into one MP4 (or several where the stream's
 * parameters change), and the segments it holds. */
struct export_video {
	const char	*camera;
	char		*path;		/* "video/gate.mp4" */
	int64_t		 first_seq, last_seq;
	int64_t		 start_us;	/* wall-clock start, also in its metadata */
};

/* The manifest: site and key, request, approvals, the viewing, recipient,
 * cameras and segments with their chain links, the videos, every file's hash
 * (files: all but manifest.json, its signature and SHA256SUMS), the audit
 * log's head, the exporter and vigil's version.  JSON text; caller frees. */
char	*exports_manifest(struct vg_site *, const struct vg_actor *, const struct export_plan *,
	    const struct export_file *files, size_t nfiles, const struct export_video *videos,
	    size_t nvideos);

/* Records a built export (its tar is in place under plan->file) after checking
 * the rules again: audited as export.create. */
int	exports_record(struct vg_site *, const struct vg_actor *, const struct export_plan *,
	    int64_t bytes, const char *sha256, struct vg_err *);

/*---- Exports as people see them ----*/

enum export_state {
	EXPORT_READY,
	EXPORT_EXPIRED,		/* exports.keep_days after creation */
	EXPORT_REVOKED
};

struct vg_export {
	int64_t		  id;
	char		 *name;
	char		 *file;
	char		 *ref;
	char		 *recipient;
	char		 *recipient_name;
	char		 *created_by;
	int64_t		  created_us, expires_us;
	int64_t		  bytes;
	char		  sha256[65];
	int64_t		  viewing_id;
	int64_t		  revoked_us;
	char		 *revoked_by;
	char		 *revoke_reason;
	int64_t		  removed_us;	/* its file was deleted */
	enum export_state state;
	int		  downloads;	/* complete downloads */
	int		  attempts;	/* all downloads, complete or not */
	char		**cameras;
	size_t		  ncameras;
	int64_t		  from_us, to_us;	/* the widest range exported */
};

/* Every export for those who make them (export.create) or read every
 * request; otherwise the actor's own as recipient (export.download). */
struct vg_export	*exports_list(struct vg_site *, const struct vg_actor *, size_t *n,
			    struct vg_err *);
/* One export by name (with or without ".tar"), if the actor may see it. */
struct vg_export	*exports_get(struct vg_site *, const struct vg_actor *, const char *name,
			    struct vg_err *);
void			 exports_free_list(struct vg_export *, size_t n);
const char		*exports_state_code(enum export_state);		/* "ready" */
const char		*exports_state_name(enum export_state);		/* translated */

/* One download of an export, for `export show`. */
struct export_download {
	char	*login;
	char	*protocol;	/* sftp | scp */
	char	*source;
	int64_t	 started_us, ended_us;	/* ended 0: interrupted or still running */
	int64_t	 from_offset, bytes;
	int	 complete;
};
struct export_download	*exports_downloads(struct vg_site *, const struct vg_export *, size_t *n);
void			 exports_free_downloads(struct export_download *, size_t n);

/* Revokes a ready export (export.create, with a reason) and removes its file. */
int	exports_revoke(struct vg_site *, const struct vg_actor *, const char *name,
	    const char *reason, struct vg_err *);
/*
 * A grant that ends before its time (withdrawn, closed by the usage report)
 * takes the request's exports with it: exports_end_grant_tx, inside the
 * caller's transaction, revokes each ready export of q ("request REF HOW; ...",
 * HOW such as "withdrawn"), audited as export.revoke by a; after the commit,
 * exports_end_grant_files removes their files (export.remove), leaving any it
 * cannot remove to exports_expire.
 */
int	exports_end_grant_tx(struct vg_site *, const struct vg_actor *, const struct vg_request *,
	    const char *how, struct vg_err *);
void	exports_end_grant_files(struct vg_site *, const struct vg_actor *,
	    const struct vg_request *);
/*
 * Removes the file of every export that expired or was revoked and still has
 * one, each audited as export.remove by actor (a service name).  *removed
 * counts them.  The footage it came from stays where retention and holds
 * keep it (a route's copy hold keeps it past retention).
 */
int	exports_expire(struct vg_site *, const char *actor, int64_t now, int *removed,
	    struct vg_err *);

#endif
