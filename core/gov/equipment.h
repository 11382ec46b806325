/* equipment.h — the equipment inventory (cameras from cameras.cfg, the rest added by hand) and its inspections. */
#ifndef VG_EQUIPMENT_H
#define VG_EQUIPMENT_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * HHKCS 5.4.2: the equipment list is kept current; GCU art. 10, GUAT art. 7,
 * DLUT art. 8: it is inspected regularly.  Cameras are in the inventory as
 * cameras.cfg has them; recorders, storage, network gear, monitors and other
 * equipment are added by hand (capability equipment.manage), and a camera's
 * installation date and maintainer too.  A description is never rewritten:
 * a correction adds a newer one for the tag.  Errors that belong to a form
 * field name it: tag, kind, name, location, installed, maintainer, result,
 * notes, corrects.
 */

/* The kinds, in the order forms offer them. */
extern const char *const equipment_kinds[];
extern const size_t equipment_nkinds;

struct equipment_spec {
	const char	*tag;		/* a camera id, or 1-32 of a-z 0-9 - _ */
	const char	*kind;		/* camera, recorder, storage, network, monitor, other */
	const char	*name;		/* NULL for a camera: its name in cameras.cfg */
	const char	*location;
	const char	*maintainer;
	int64_t		 installed_us;	/* 0: not known */
	int		 correct;	/* replaces the tag's present description */
};

struct vg_equipment {
	char	*tag;
	char	*kind;
	char	*name;
	char	*location;
	char	*maintainer;
	int64_t	 installed_us;
	int64_t	 row_id;		/* its newest description; 0: a camera cameras.cfg alone has */
	int64_t	 inspected_us;		/* newest inspection, 0: never */
	char	*inspection;		/* its result: "ok", "fault", "" */
	int64_t	 open_faults;
	int64_t	 overdue_faults;
};

struct vg_inspection {
	int64_t	 id;
	char	*equipment;
	char	*result;		/* ok | fault */
	char	*notes;
	char	*by;			/* login */
	int64_t	 at_us;
	int64_t	 corrects;
	int64_t	 corrected_by;
	int64_t	 fault_id;		/* the fault it reported, or 0 */
};

int	equipment_add(struct vg_site *, const struct vg_actor *, const struct equipment_spec *,
	    int64_t *id, struct vg_err *);
/* Records an inspection; a result of "fault" also reports a fault from the
 * notes (*fault_id, else 0).  corrects: an earlier inspection it corrects. */
int	equipment_inspect(struct vg_site *, const struct vg_actor *, const char *tag,
	    const char *result, const char *notes, int64_t corrects, int64_t *id,
	    int64_t *fault_id, struct vg_err *);
/* The inventory by tag; equipment.manage, camera.status or review.signoff. */
struct vg_equipment	*equipment_list(struct vg_site *, const struct vg_actor *, size_t *n,
			    struct vg_err *);
struct vg_equipment	*equipment_get(struct vg_site *, const struct vg_actor *, const char *tag,
			    struct vg_err *);
void			 equipment_free_list(struct vg_equipment *, size_t n);
/* A tag's inspections, newest first. */
struct vg_inspection	*equipment_inspections(struct vg_site *, const struct vg_actor *,
			    const char *tag, size_t *n);
void			 equipment_free_inspections(struct vg_inspection *, size_t n);
/* Whether the tag is in the inventory (a camera or a described item). */
int			 equipment_exists(struct vg_site *, const char *tag);
/* A kind, or an inspection result, in the current language. */
const char		*equipment_kind_label(const char *kind);
const char		*equipment_result_label(const char *result);

#endif
