/* status.h — what the console and the `status`/`cameras` commands show: camera health and a site summary. */
#ifndef VG_STATUS_H
#define VG_STATUS_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/* One camera as the recorder last reported it (camera_state), with its inventory. */
struct cam_status {
	char	*id;
	char	*name;
	char	*location;
	char	*unit;
	char	*privacy;
	char	*zone;
	int	 enabled;
	char	*status;		/* online | offline | unknown (the recorder's word) */
	int	 recording;
	int	 covered;
	int	 moved;
	int64_t	 since_us;		/* status since; 0 unknown */
	int64_t	 last_segment_end_us;	/* 0 none yet */
	int64_t	 last_frame_us;
	int64_t	 updated_us;		/* when the recorder last wrote the row */
};

/* Every camera not removed from cameras.cfg, ordered by id.  Needs camera.status. */
int	 status_cameras(struct vg_site *, const struct vg_actor *, struct cam_status **,
	     size_t *n, struct vg_err *);
void	 status_cameras_free(struct cam_status *, size_t n);
/* One word for a camera's state, worst first: disabled, offline, stopped
 * (disk full), covered, moved, online, unknown.  Untranslated; pass through _() to show. */
const char *status_camera_word(const struct cam_status *);

/* When the recorder last said it was alive (0 never): shown beside camera
 * states, which go stale when it is not running. */
int64_t	 status_recorder_beat(struct vg_site *);

struct site_status {
	char	*site;
	char	*policy;
	char	*policy_title;
	char	*timezone;
	int64_t	 now_us;
	int64_t	 users;
	int64_t	 cameras;
	int64_t	 online, offline, covered, moved, unknown, disabled;
	int64_t	 segments;
	int64_t	 footage_bytes;
	int	 storage_used_pct;	/* -1 unknown */
	int64_t	 recorder_beat_us;	/* 0 never */
	int64_t	 sessions_open;
	int64_t	 audit_entries;
	int	 schema_version;
	char	*signing_key;		/* the site's key that signs exports: "ssh-ed25519 AAAA..." or "" */
	char	 signing_fp[64];	/* its fingerprint, "SHA256:...", as ssh-keygen -l prints it */
};

/* The summary; needs status.view. */
int	 status_site(struct vg_site *, const struct vg_actor *, struct site_status *,
	     struct vg_err *);
void	 status_site_free(struct site_status *);

#endif
