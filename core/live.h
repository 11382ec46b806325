/* live.h — the live view: which cameras a person may watch live, and the audit of each visit. */
#ifndef VG_LIVE_H
#define VG_LIVE_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/* A camera as the live wall shows it: its state in words, and whether its
 * picture may be shown to this person. */
struct live_camera {
	char	*id;
	char	*name;
	char	*location;
	char	*privacy;
	char	*state;		/* online, offline, covered, moved, stopped, disabled, unknown */
	char	*detail;	/* offline: the recorder's reason; "" otherwise */
	int64_t	 since_us;	/* the state's start; 0 unknown */
	int	 recording;
	int	 shown;		/* the picture may be shown */
	char	*refusal;	/* !shown: why, with the article */
};

/*
 * The cameras of the live wall for the actor (capability live.view): every
 * enabled camera, with shown = 0 and the reason for those the rules keep
 * off it.  HHKCS 2.2.5: interior cameras never; sensitive ones only to the
 * profile's sensitive roles when it names any.  Interior cameras appear at
 * all (as a tile that says why it is empty) only to someone who already
 * knows the camera list (camera.status).
 */
int	 live_cameras(struct vg_site *, const struct vg_actor *, struct live_camera **,
	     size_t *n, struct vg_err *);
void	 live_cameras_free(struct live_camera *, size_t n);
/*
 * The given cameras as people choosing or approving cameras see them: name,
 * location, privacy, and shown = 1 where the actor may see the camera's
 * picture (its reference view): only cameras they may watch live (above);
 * for the others refusal says why the location stands in for it.  For
 * anyone in the procedure (request.file, request.approve, request.read_all,
 * viewing.run, live.view).  Unknown cameras are left out.
 */
int	 live_views(struct vg_site *, const struct vg_actor *, char *const *cameras, size_t n,
	     struct live_camera **, size_t *nout, struct vg_err *);
/* 0 if the actor may watch this camera live now; else the refusal. */
int	 live_may_watch(struct vg_site *, const struct vg_actor *, const char *camera,
	     struct vg_err *);

/*
 * A visit: the live wall, one camera large, or a viewing's player.  Opening
 * and closing are audited once each, not per frame (HHKCS 2.5.2: the CCTV
 * log records every viewing; DLUT art. 18(1): the operator's ledger): who,
 * what (kind and object), which cameras were shown, and from when to when.
 */
struct live_visit {
	char	 kind[32];	/* "live.wall", "live.camera", "viewing.player" */
	char	 object[64];	/* "wall", "camera gate-1", "viewing 3" */
	char	*cameras;	/* the cameras shown so far, "a,b" */
	int64_t	 from_us;	/* 0: not open */
};

int	 live_visit_open(struct vg_site *, const struct vg_actor *, struct live_visit *,
	     const char *kind, const char *object, const char *cameras, struct vg_err *);
/* Adds cameras shown during the visit (the wall's set changed). */
void	 live_visit_add(struct live_visit *, const char *camera);
/* Audits the end (nothing if it was not open) and frees what it holds. */
int	 live_visit_close(struct vg_site *, const struct vg_actor *, struct live_visit *,
	     struct vg_err *);

#endif
