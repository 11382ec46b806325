/* crosscheck.h — `audit verify --deep`: the procedure's records against the audit entries that made them. */
#ifndef VG_CROSSCHECK_H
#define VG_CROSSCHECK_H

#include <stddef.h>

struct vg_err;
struct vg_site;

/*
 * State tables are trusted only with their audit trail: every request,
 * approval decision, viewing and hold must have the audit entries that
 * created and changed it (request.create/submit/grant/reject/withdraw,
 * report.file, request.approve|reject with its step, viewing.start/end,
 * hold.place/release/close), and a granted request must have every approval
 * step approved, or have been granted on submission.  Run after audit_verify
 * has checked every entry's signature.  *problems gets one line per record
 * that has no trail (free with vg_strv_free); *checked the records looked at.
 * 0, or -1 with err when the check could not run.
 */
int	crosscheck_run(struct vg_site *, char ***problems, size_t *n, long long *checked,
	    struct vg_err *);

#endif
