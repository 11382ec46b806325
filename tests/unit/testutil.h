/* testutil.h — helpers shared by the cmocka unit tests: temporary sites and files. */
#ifndef VG_TESTUTIL_H
#define VG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

struct vg_site;
struct vg_actor;

/* A fresh directory under $TMPDIR (or /tmp); removed by tu_cleanup. */
char		*tu_tmpdir(void);
/* A new site made by site_init with the named shipped profile, opened. */
struct vg_site	*tu_site(const char *policy);
/* Closes a site from tu_site and removes its directory. */
void		 tu_site_close(struct vg_site *);
void		 tu_write(const char *path, const char *text);
/* Runs raw SQL on the site's database file through a separate connection
 * (as an attacker with file access would); returns 0 or -1. */
int		 tu_sql_raw(const char *dbpath, const char *sql);
void		 tu_rm_rf(const char *path);
/* Asserts that haystack contains needle, printing both when it does not. */
#define assert_contains(hay, needle) tu_assert_contains((hay), (needle), __FILE__, __LINE__)
void		 tu_assert_contains(const char *hay, const char *needle, const char *f, int l);
/* A user with the given roles (comma separated) and a password. */
void		 tu_add_user(struct vg_site *, const char *login, const char *roles,
		    const char *unit);
/* A site of the named profile whose cameras.cfg holds `cameras`, mirrored into the
 * database, with the clock fixed at now_us. */
struct vg_site	*tu_site_cameras(const char *policy, const char *cameras, int64_t now_us);
/* Makes the user the liaison of that agency (an outside body of the profile). */
void		 tu_agency(struct vg_site *, const char *login, const char *agency);
/* tu_add_user, authorised on the register from the day before, loaded as an actor. */
struct vg_actor	*tu_person(struct vg_site *, const char *login, const char *roles,
		    const char *unit);

struct vg_buf;
/* SHA-256(prev ‖ canon) in hex: an audit row's hash, computed apart from core/audit.c. */
void		 tu_audit_link(const char *prev, const struct vg_buf *canon, char out[65]);
/* Appends an audit row as someone with write access to the database but not
 * the signing key would: a correct link and hash, no signature (or, with
 * other_key, one made with another key).  Returns its id. */
int64_t		 tu_audit_forge(struct vg_site *, const char *action, const char *object,
		    const char *detail, int other_key);

#endif
