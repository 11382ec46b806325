/* export.h — building an export's signed tar, and checking one offline (`vigil verify`). */
#ifndef VG_EXPORT_H
#define VG_EXPORT_H

#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct export_spec;

/* What export create made. */
struct export_made {
	char	*file;		/* REQ-2026-0004-E1.tar */
	char	 sha256[65];	/* of the whole tar */
	int64_t	 bytes;
	int	 cameras;
	int64_t	 segments;
	int64_t	 expires_us;
	char	*recipient;
};

/*
 * Checks the rules (exports_plan), builds the bundle in paths.exports —
 * every segment byte for byte (refused if one no longer matches its hash or
 * chain link), each camera joined into an MP4, README.txt, allowed_signers,
 * manifest.json signed as manifest.json.sig, SHA256SUMS — and records it
 * (exports_record).  Nothing is left behind on failure.
 */
int	export_create(struct vg_site *, const struct vg_actor *, const struct export_spec *,
	    struct export_made *, struct vg_err *);
void	export_made_free(struct export_made *);

#endif
