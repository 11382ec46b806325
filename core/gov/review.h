/* review.h — the monthly review of the logs: findings from the records, answers, conclusion, sign-off as a signed witness, report. */
#ifndef VG_REVIEW_H
#define VG_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/audit.h"

struct vg_err;
struct vg_site;
struct vg_actor;
struct rpt_doc;
struct maint_progress;

/*
 * HHKCS 2.5.2 and 3.5: the log of every request, kept footage and viewing is
 * reviewed every month (GCU art. 15, GUAT art. 17(5), DLUT art. 16(3) and
 * 18(1), registration ch. 6 §1 keep and check the same registers).  A month's
 * review is opened (`review open`), which runs audit verify and footage
 * verify and computes the findings from the records; the reviewer answers
 * each finding accepted or follow-up with a note, writes a conclusion and
 * signs off.  The sign-off is audited and records the audit log's head (id,
 * hash, and the site's signature over them) and the footage chain heads: a
 * witness, kept apart from the witness file, that a later rewrite of the
 * month no longer matches (`audit verify`, `review show`).  A month not
 * signed off by review.due_day of the next month is overdue.
 */

/* One finding: what it is about, the facts its sentence is made of, the
 * entries it links to and the reviewer's answer. */
struct review_finding {
	int64_t	 id;
	char	 kind[32];	/* viewing_unplayed, copy_no_export, ... */
	char	*subject;	/* "viewing 3", "alice", "gate-1@2026-03-05T10:00:00Z" */
	char	*who;
	char	*what;
	int64_t	 n;
	int64_t	 t1_us, t2_us;
	char	*links;		/* "viewing 3 (#120, #131); REQ-2026-0001 (#101)" */
	int64_t	 found_us;
	int64_t	 gone_us;	/* a later build no longer found it: needs no answer */
	char	 answer[16];	/* "", "accepted", "follow-up" */
	char	*note;
	char	*answered_by;
	int64_t	 answered_us;
};

enum review_state {
	REVIEW_NOT_OPENED,
	REVIEW_OPEN,
	REVIEW_SIGNED
};

struct review {
	int64_t			 id;		/* 0: not opened */
	char			 month[8];	/* YYYY-MM */
	int64_t			 from_us, to_us;
	int64_t			 due_us;
	enum review_state	 state;
	int			 overdue;	/* not signed off and due_us has passed */
	char			*opened_by;
	int64_t			 opened_us, built_us;
	int			 audit_ok;	/* audit verify when built */
	char			*audit_result;
	int			 footage_ok;	/* footage verify when built: 1, 0, -1 not run */
	char			*footage_result;
	char			*conclusion;
	char			*signed_by;
	int64_t			 signed_us;
	struct audit_head	 head;		/* recorded at sign-off */
	char			*footage_heads;
	int			 head_ok;	/* signed: the log still matches the head */
	char			*head_problem;	/* why not, or "" */
	struct review_finding	*findings;
	size_t			 nfindings;
	size_t			 open_findings;	/* not gone and not answered */
};

/* "YYYY-MM" as the month's bounds in the site's zone; a usage error otherwise. */
int	review_month_parse(const char *month, int64_t *from_us, int64_t *to_us,
	    struct vg_err *);
/* When a month's review is due: review.due_day of the next month. */
int64_t	review_due(struct vg_site *, int64_t month_from_us);

/*
 * Opens the month's review, or builds it again while it is not signed off
 * (review.signoff): runs audit verify and (where the recorder is in this
 * program) footage verify, reporting how far it got through progress, and
 * computes the findings; findings already there keep their answers, those
 * no longer found are marked gone.  The current or a past month only.
 * Audited as review.open or review.rebuild.
 */
int	review_open(struct vg_site *, const struct vg_actor *, const char *month,
	    const struct maint_progress *, struct vg_err *);
/* The reviewer's answer to one finding: accepted or follow-up, with a note. */
int	review_answer(struct vg_site *, const struct vg_actor *, const char *month,
	    int64_t finding_id, const char *answer, const char *note, struct vg_err *);
int	review_conclude(struct vg_site *, const struct vg_actor *, const char *month,
	    const char *conclusion, struct vg_err *);
/*
 * Signs the month off: only after the month has ended, with a conclusion and
 * every finding answered, and when computing the findings again finds none
 * the review lacks.  Records the audit head and the footage chain heads;
 * audited as review.signoff.  A signed-off review never changes.
 */
int	review_signoff(struct vg_site *, const struct vg_actor *, const char *month,
	    struct vg_err *);

/* The month's review (review.signoff or audit.read), with its findings; for a
 * signed one, whether the log still matches the head it recorded. */
int	review_get(struct vg_site *, const struct vg_actor *, const char *month,
	    struct review *, struct vg_err *);
void	review_free(struct review *);
/* Every month from the site's first to the current one, newest first, with
 * its state (findings not loaded). */
struct review	*review_list(struct vg_site *, const struct vg_actor *, size_t *n,
		    struct vg_err *);
void	review_free_list(struct review *, size_t n);
/* The months not signed off past their due day, oldest first, for whoever
 * holds review.signoff ("2026-03"; caller frees with vg_strv_free).  NULL
 * and 0 for others. */
char	**review_overdue(struct vg_site *, const struct vg_actor *, size_t *n);
/* One line for the home screen and `status`, or NULL when nothing is due. */
char	*review_due_line(struct vg_site *, const struct vg_actor *);

/* A finding's sentence, in the current language (caller frees). */
char	*review_finding_text(struct vg_site *, const struct review_finding *);
/* A finding kind's short title, in the current language. */
const char *review_kind_title(const char *kind);
const char *review_state_name(const struct review *);
const char *review_state_code(const struct review *);

/*
 * The review as a report document: its facts (checks, sign-off and witness),
 * the month's sections — requests (by status and purpose), approvals,
 * viewings with viewers, purpose, played ranges and destination, exports and
 * downloads, holds placed and released, retention purges, logins of note
 * (failed, locked out, outside working hours), camera outages and tamper
 * alarms, configuration, user and register changes, the monitoring room's
 * records, who needs re-authorisation before the school year — the findings,
 * and charts (requests and viewings per week, camera uptime, findings by
 * kind).  The console, `review show` and the report all show this.
 */
int	review_doc(struct vg_site *, const struct vg_actor *, const struct review *,
	    struct rpt_doc *, struct vg_err *);

/*
 * Writes the report of a month's review: review-YYYY-MM.html (self-contained,
 * tables and SVG charts) and review-YYYY-MM.csv in paths.data/reports,
 * replacing earlier ones, recorded for download from /reports/ and audited
 * as review.report (review.signoff).  names gets the two file names.
 */
int	review_report(struct vg_site *, const struct vg_actor *, const char *month,
	    char names[2][64], struct vg_err *);

#endif
