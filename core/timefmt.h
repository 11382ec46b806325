/* timefmt.h — parse and print times in the site's time zone. */
#ifndef VG_TIMEFMT_H
#define VG_TIMEFMT_H

#include <stdint.h>

struct vg_err;

/* Sets the process time zone (TZ) to the site's; empty keeps the system's. */
int	time_set_zone(const char *tz, struct vg_err *);
int	time_zone_valid(const char *tz);

/* "YYYY-MM-DD HH:MM[:SS]" in the site zone (a T instead of the space too,
 * "YYYY-MM-DDTHH:MM", for ssh), or "YYYY-MM-DD" (midnight). */
int	time_parse(const char *s, int64_t *us, struct vg_err *);
/* "YYYY-MM-DD" only. */
int	time_parse_date(const char *s, int64_t *us, struct vg_err *);
/* Local midnight of the given calendar day. */
int64_t	time_from_ymd(int y, int m, int d);
void	time_ymd(int64_t us, int *y, int *m, int *d);

/* Writes "YYYY-MM-DD HH:MM:SS" (local) into out[20]; 0 prints "-". */
char	*time_fmt(int64_t us, char out[32]);
char	*time_fmt_date(int64_t us, char out[32]);
/* RFC 3339 UTC, for JSON: "2026-01-02T03:04:05Z". */
char	*time_fmt_iso(int64_t us, char out[32]);
/* A length of time for people: "2 d 3 h", "1 h 5 min", "12 min", "40 s". */
char	*time_fmt_span(int64_t us, char out[48]);

#endif
