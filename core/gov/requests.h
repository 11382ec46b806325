/* requests.h — requests to view or copy footage: filing, preview, listing, timeline, reports. */
/*
 * core/gov/ is the procedure of the school's CCTV policy: the profile
 * (policy*.c), requests and their routing, approvals, supervised viewings,
 * holds and usage reports.  Every function that changes state takes the acting
 * user and checks the capability and the rule itself, citing the article; the
 * console and the commands only ask.  Modules share helpers through gov-int.h.
 */
#ifndef VG_REQUESTS_H
#define VG_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/gov/policy.h"

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * The lifecycle: draft -> submitted -> (each step approved | one rejected)
 * -> granted until grant_until -> closed when the usage report is filed;
 * withdrawn by the requester; expired (derived) when a grant's time is up.
 *
 * Every function that changes state takes the acting user, checks the
 * capability and the policy's rules itself, audits inside the same
 * transaction, and on refusal changes nothing.  Errors that belong to one form
 * field carry its name in err->field: kind, requester_kind, cameras, from, to,
 * purpose, reason, viewers, agency, letter, officer, officer_id, certificate,
 * use_until, emergency, applicant_name_N, applicant_id_N, manner, hold_term,
 * comment, viewer, declaration, destination, recipient, recipient_id, text.
 */

enum req_status {
	REQ_DRAFT,
	REQ_SUBMITTED,
	REQ_GRANTED,
	REQ_REJECTED,
	REQ_WITHDRAWN,
	REQ_CLOSED,
	REQ_EXPIRED		/* derived: granted, and the grant's time is up */
};

/* A person a request names: who they are and their ID document's number. */
struct req_person {
	const char	*name;
	const char	*id_number;
};

/* What a requester fills in (the new-request form, `request new`). */
struct req_draft {
	const char	 *kind;			/* view | copy */
	const char	 *requester_kind;	/* NULL: the profile's default */
	const char	**cameras;
	size_t		  ncameras;
	int64_t		  from_us, to_us;
	const char	 *purpose;
	const char	 *reason;
	int		  viewers;		/* 0: 1 */
	const char	 *agency, *letter, *officer, *officer_id, *certificate;
	int64_t		  use_until_us;		/* 0: none given */
	int		  emergency;
	/* DLUT art. 15(1)4, 15(2)2: the other applicants who will view, or the
	 * people who take a copy, and the manner of the copy; a formal letter's
	 * reference goes in letter. */
	const struct req_person	*applicants;
	size_t		  napplicants;
	const char	 *manner;
	const char	 *hold_term;		/* DLUT art. 15(2)3: the copy's hold term */
};

struct req_applicant {
	char	*name;
	char	*id_number;
};

/* One approval step; the decision fields are empty while it is pending. */
struct req_step {
	int	  step;			/* 1-based signing order */
	char	**roles;
	size_t	  nroles;
	enum pol_relation relation;
	char	 *unit;			/* the signer's unit, "" = any */
	char	 *article;
	char	 *title;		/* who signs, in the current language */
	int	  comment_required;	/* a written instruction */
	char	 *decision;		/* "", "approved", "rejected" */
	char	 *signer;		/* login */
	char	 *signer_name;
	char	 *signer_role;
	int64_t	  decided_us;
	char	 *comment;
};

/* Who must approve, in order, for a draft: what the form shows before filing. */
struct req_preview {
	struct req_step	 *steps;
	size_t		  nsteps;
	int		  grant_on_submit;
	char		 *routes;		/* "public_system,unit_system" */
	char		**conditions;		/* "text [article]", current language */
	size_t		  nconditions;
	int64_t		  kept_until_us;	/* the earliest footage leaves retention then */
};

struct vg_request {
	int64_t		  id;
	char		 *ref;			/* REQ-2026-0001 */
	char		 *requester;		/* login */
	char		 *requester_name;
	char		 *requester_unit;
	char		 *requester_kind;
	char		 *kind;
	char		 *purpose;
	char		 *purpose_title;	/* current language */
	char		 *reason;
	char		**cameras;
	size_t		  ncameras;
	int64_t		  from_us, to_us;
	int		  viewers;
	int		  emergency;
	char		 *agency, *letter, *officer, *officer_id, *certificate;
	int64_t		  use_until_us;
	char		 *manner;
	char		 *hold_term;
	struct req_applicant *applicants;
	size_t		  napplicants;
	char		 *routes;
	char		 *policy;
	enum req_status	  status;		/* effective: REQ_EXPIRED derived */
	int64_t		  created_us, submitted_us, decided_us, grant_until_us, closed_us;
	int64_t		  report_due_us;	/* 0: no report due */
	int64_t		  report_filed_us;	/* 0: none filed */
	char		 *report_text;
	struct req_step	 *steps;
	size_t		  nsteps;
	int		  current;		/* index of the step to sign next, -1 none */
	int		  open_viewings;
	int		  viewings;
	/* Marked granted in the database, but the audit log holds no signed grant
	 * for it (or its steps are not all approved): never honoured. */
	int		  grant_unproven;
};

/* Lists; REQ_LIST_ALL needs request.read_all, REQ_LIST_READY viewing.run. */
enum req_list {
	REQ_LIST_MINE,		/* filed by me */
	REQ_LIST_PENDING,	/* waiting for my signature */
	REQ_LIST_ALL,
	REQ_LIST_READY,		/* granted and active: viewings may start */
	REQ_LIST_OVERDUE,	/* usage report overdue (mine, or all with request.read_all) */
	REQ_LIST_EXPIRING	/* active grants ending within REQ_EXPIRING_DAYS (mine, or all
				 * with request.read_all), soonest first */
};

/* How soon a grant's end counts as "about to expire" for the overdue screen. */
#define REQ_EXPIRING_DAYS 2

/* One line of a request's story, for the timeline. */
struct req_event {
	int64_t	 ts_us;
	char	*what;		/* created, submitted, approved, rejected, granted, withdrawn,
				 * viewing_started, viewing_ended, report_filed, expired,
				 * report_due (still to come), report_overdue */
	char	*who;		/* login, or "" */
	char	*detail;	/* in the current language */
	int	 order;		/* keeps events of the same instant in the order they happened */
};

int	requests_preview(struct vg_site *, const struct vg_actor *, const struct req_draft *,
	    struct req_preview *, struct vg_err *);
void	requests_preview_free(struct req_preview *);

/* Files a request (submit = 0 keeps it a draft); *ref gets its reference. */
int	requests_create(struct vg_site *, const struct vg_actor *, const struct req_draft *,
	    int submit, char **ref, struct vg_err *);
int	requests_submit(struct vg_site *, const struct vg_actor *, const char *ref,
	    struct vg_err *);
int	requests_withdraw(struct vg_site *, const struct vg_actor *, const char *ref,
	    struct vg_err *);

/* A request the actor may see: the requester, its signers and possible
 * signers, viewing operators once granted, or request.read_all. */
struct vg_request	*requests_get(struct vg_site *, const struct vg_actor *, const char *ref,
			    struct vg_err *);
struct vg_request	**requests_list(struct vg_site *, const struct vg_actor *, enum req_list,
			    size_t *n, struct vg_err *);
void			 requests_free(struct vg_request *);
void			 requests_free_list(struct vg_request **, size_t n);
/* The approvals inbox: requests waiting for this actor's signature. */
int			 requests_inbox_count(struct vg_site *, const struct vg_actor *);
struct req_event	*requests_timeline(struct vg_site *, const struct vg_request *, size_t *n);
void			 requests_free_timeline(struct req_event *, size_t n);

/*---- What the console's forms may offer (requests-offer.c) ----*/

/* A camera as a form lists it. */
struct req_camera {
	char	*id;
	char	*name;
	char	*location;
	char	*privacy;	/* public | sensitive | interior */
	char	*zone;
	char	*unit;
};

/*
 * What the new-request form offers this actor: the requester kinds they may
 * file as (never a refused kind such as parents), every purpose of the
 * profile (refused ones too, so that the refusal and its article are shown
 * when chosen), the agencies, and the cameras some procedure lets them ask
 * for; whether the profile has emergency procedures, and whether a request
 * must state its time limit of use.  Needs request.file.
 */
struct req_form {
	const struct pol_kind		**kinds;
	size_t				  nkinds;
	const struct pol_purpose	**purposes;
	size_t				  npurposes;
	const struct pol_agency		**agencies;
	size_t				  nagencies;
	struct req_camera		 *cameras;
	size_t				  ncameras;
	const char			 *default_kind;	/* one of kinds, or NULL */
	int				  emergency;
	int				  use_until;
	int				  viewers_limit;
};
int	requests_form(struct vg_site *, const struct vg_actor *, struct req_form *,
	    struct vg_err *);
void	requests_form_free(struct req_form *);
void	requests_free_cameras(struct req_camera *, size_t n);

/* What the actor may do with a request now; each action checks again. */
enum {
	REQ_ACT_SUBMIT = 0x1,	/* the requester submits a draft */
	REQ_ACT_WITHDRAW = 0x2,	/* the requester withdraws it */
	REQ_ACT_REPORT = 0x4,	/* the requester files the usage report */
	REQ_ACT_DECIDE = 0x8,	/* sign or reject the current step */
	REQ_ACT_VIEW = 0x10	/* run a viewing of the grant */
};
int	requests_actions(struct vg_site *, const struct vg_actor *, const struct vg_request *);

const char	*requests_status_code(enum req_status);	/* "granted" */
const char	*requests_status_name(enum req_status);	/* translated */
/* "view" / "copy" in the reader's language. */
const char	*requests_kind_name(const char *kind);
/* A timeline event's code ("created", "viewing_started") in words. */
const char	*requests_event_name(const char *what);

/*
 * For the export module: whether a copy of camera's [from_us, to_us) may be
 * made under REF's grant now.  A view grant never yields a copy; the range
 * and cameras must lie inside the grant, and the grant must be active.
 */
int	requests_allow_copy(struct vg_site *, const char *ref, const char *camera,
	    int64_t from_us, int64_t to_us, struct vg_err *);

/*
 * Where a copy under REF's grant may go (a viewing's end, an export): the one
 * decision of it.  Only a copy grant, while active; the destination kind must
 * be one of the profile's that every route of the request allows (HHKCS
 * 2.5.3(i): a police copy goes to the police and no one else; REG ch. 4 §2.2,
 * §3.1: never a third party or a personal device, refused with the article),
 * bound to the request's agency where the kind says so; the recipient is
 * named, with an ID in a known format (rules.identity).  Problems name the
 * field: destination, recipient, recipient_id.
 */
int	requests_allow_destination(struct vg_site *, const char *ref, const char *destination,
	    const char *recipient, const char *recipient_id, struct vg_err *);

/* Usage reports (reports.c): the requester reports how the footage was used;
 * filing it closes the request. */
int	reports_file(struct vg_site *, const struct vg_actor *, const char *ref,
	    const char *text, struct vg_err *);

#endif
