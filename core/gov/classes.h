/* classes.h — the class mapping: classes linked to cameras, teachers linked to their classes. */
#ifndef VG_CLASSES_H
#define VG_CLASSES_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * GUAT art. 17(1): "the teacher's own classes" is a fact the school keeps,
 * not something a teacher states: a class (a unit's teaching group) is
 * linked to the cameras of the rooms it is taught in, and teachers to the
 * classes they teach.  Whoever holds user.manage keeps the mapping; every
 * change is audited.  A requester kind with own_classes may ask only for
 * cameras of classes the requester teaches.
 */
struct vg_class {
	char	 *id;
	char	 *name;
	char	 *unit;
	char	**cameras;
	size_t	  ncameras;
	char	**teachers;	/* logins */
	size_t	  nteachers;
};

int	classes_add(struct vg_site *, const struct vg_actor *, const char *id, const char *name,
	    const char *unit, struct vg_err *);
/* Links (unlink = 0) or unlinks cameras and teachers (logins) to a class, all
 * or nothing. */
int	classes_link(struct vg_site *, const struct vg_actor *, const char *id,
	    char *const *cameras, size_t ncameras, char *const *teachers, size_t nteachers,
	    int unlink, struct vg_err *);
/* Every class with its cameras and teachers; needs user.manage or
 * request.read_all. */
struct vg_class	*classes_list(struct vg_site *, const struct vg_actor *, size_t *n,
		    struct vg_err *);
void		 classes_free_list(struct vg_class *, size_t n);
/* Whether the user teaches a class linked to the camera. */
int		 classes_teaches(struct vg_site *, int64_t user_id, const char *camera);

#endif
