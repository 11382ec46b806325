/* gov-int.h — helpers shared inside core by requests, approvals, viewings, holds, reports. */
#ifndef VG_GOV_INT_H
#define VG_GOV_INT_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

#define GOV_DAY_US (INT64_C(86400) * INT64_C(1000000))

/* A refusal citing its article: "ART: message" (just the message without one). */
int	gov_refuse(struct vg_err *, const char *field, const char *article, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* Text from a form or command: plain UTF-8, at most max bytes; required
 * text must not be blank.  Usage errors name the field. */
int	gov_check_text(const char *s, size_t max, int required, const char *field,
	    const char *what, struct vg_err *);

/* A camera as the database mirrors it. */
struct gov_camera {
	char	*id;
	char	*privacy;
	char	*zone;
	char	*unit;
	int	 retention_days;	/* effective (site_camera_retention) */
};
int	gov_camera_load(struct vg_site *, const char *id, struct gov_camera *, struct vg_err *);
void	gov_camera_free(struct gov_camera *);

/* Splits "a,b, c" into trimmed words; caller frees with gov_free_words. */
char	**gov_split(const char *s, size_t *n);
void	  gov_free_words(char **, size_t n);
char	 *gov_join(char *const *v, size_t n, const char *sep);

/* Ends a site transaction: commits when r is 0, else rolls back; returns the
 * outcome (a failed commit is -1 with err set). */
int	gov_end_tx(struct vg_site *, int r, struct vg_err *);

/* Refuses the system actor for things only a person does. */
int	gov_need_person(const struct vg_actor *, struct vg_err *);

/* A request by reference with no visibility check (requests.c). */
struct vg_request	*gov_request_load(struct vg_site *, const char *ref, struct vg_err *);
/* Whether a request's grant is active now. */
int			 gov_grant_active(const struct vg_request *, int64_t now);
/* Whether the actor may submit, withdraw, file the usage report of, or run a
 * viewing of the request now: the checks the actions make, shared with
 * requests_actions so that the console offers exactly what would succeed. */
int	gov_submit_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	gov_withdraw_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	gov_report_check(const struct vg_actor *, const struct vg_request *, struct vg_err *);
int	gov_viewing_check(struct vg_site *, const struct vg_actor *, const struct vg_request *,
	    struct vg_err *);
/* Every camera not removed from cameras.cfg, ordered by id (requests-offer.c). */
struct req_camera	*gov_cameras(struct vg_site *, size_t *n);
/* One number from a query with one integer parameter. */
int64_t			 gov_count(struct vg_site *, const char *sql, int64_t arg);

#endif
