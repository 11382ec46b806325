/* records-int.h — what the monitoring room's records (duty, room, equipment, faults) share inside core/gov. */
#ifndef VG_RECORDS_INT_H
#define VG_RECORDS_INT_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;
struct vg_stmt;

#define RECORDS_HOUR_US (INT64_C(3600) * INT64_C(1000000))

/* Reading a log: its own capability, or review.signoff (the monthly review
 * of every log, HHKCS 2.5.2, 3.5). */
int	records_may_read(struct vg_site *, const struct vg_actor *, const char *cap,
	    struct vg_err *);
/* Binds the actor's user id, or NULL for the system. */
void	records_bind_actor(struct vg_stmt *, int idx, const struct vg_actor *);
/* Binds v, or NULL for 0. */
void	records_bind_opt(struct vg_stmt *, int idx, int64_t v);
/* Whether a camera is in cameras.cfg now. */
int	records_camera_known(struct vg_site *, const char *id);
/* Each camera named exists and none twice; errors name the field "cameras". */
int	records_check_cameras(struct vg_site *, const char **cameras, size_t n,
	    struct vg_err *);
/* Fills one item from the statement's current row; now is when the list was read. */
typedef void (*records_fill_fn)(struct vg_site *, struct vg_stmt *, void *item, int64_t now);
/* Every row of a prepared statement (parameters bound), each into a zeroed
 * item of size bytes; finalizes the statement.  Never NULL. */
void	*records_rows(struct vg_site *, struct vg_stmt *, size_t size, records_fill_fn,
	    size_t *n);
/* The same for a statement that selects at most one row: NULL if none. */
void	*records_row(struct vg_site *, struct vg_stmt *, size_t size, records_fill_fn);

/* A duty shift is overdue when open longer than duty.max_shift_h. */
int64_t	records_max_shift_us(struct vg_site *);

#endif
