/* policy.h — a school's CCTV policy profile (etc/policies/NAME.cfg), as data. */
#ifndef VG_POLICY_H
#define VG_POLICY_H

#include <stddef.h>

struct vg_err;
struct vg_buf;

/*
 * Capabilities are fixed in code (caps.c) so that a profile cannot invent one
 * that nothing enforces; a profile only says which roles hold which.
 */
extern const char *const vg_caps[];
extern const size_t vg_ncaps;
/* What a capability lets a person do, translated ("file requests to view or
 * copy footage"): refusals and help name capabilities this way. */
const char *cap_words_of(const char *cap);
int	cap_known(const char *);
/* A refusal by a rule, citing its article: "ART: message" (the message alone
 * without one).  Always returns -1. */
int	policy_refuse(struct vg_err *, const char *field, const char *article,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct pol_role {
	char	 *name;
	char	 *title;
	char	 *title_zh;
	char	**caps;
	size_t	  ncaps;
	int	  needs_authorization;	/* must be on the authorised-personnel register */
	int	  totp;			/* second factor required at login */
	char	 *article;
};

struct pol_unit {
	char	*id;
	char	*name;
	char	*name_zh;
	int	 level;		/* DLUT art. 7: 1, 2 or 3 */
	char	*parent;
	char	*campus;
};

/* Retention for a camera class or zone kind; the camera's own retention_days
 * may not go below min_days (never "configurable except towards stricter"),
 * nor above max_days where the policy says footage is then deleted. */
struct pol_retention {
	char	*privacy;	/* "" = any */
	char	*zone;		/* "" = any */
	int	 days;		/* default for cameras that do not say */
	int	 min_days;
	int	 max_days;	/* 0 = the policy states no maximum */
	char	*article;
	char	*max_article;	/* where the maximum comes from; defaults to article */
};

/*---- Requests: who may ask for what, and who must approve (policy-requests.c) ----*/

/* Text the profile states in English and Simplified Chinese. */
struct pol_text {
	char	*en;
	char	*zh;		/* defaults to en */
};

/* Who is asking: a staff member, a teacher for their own class, an external
 * authority...  A kind with refuse.en set is always refused with that text. */
struct pol_kind {
	char		 *id;
	struct pol_text	  title;
	char		 *article;
	char		**roles;	/* who may file as this kind; none = anyone who may file */
	size_t		  nroles;
	int		  external;	/* agency, letter, officer and officer ID required */
	char		**agencies;	/* external: agency kinds accepted; none = any */
	size_t		  nagencies;
	int		  certificate_for_others; /* other agencies need a police/judicial certificate */
	int		  escort_officer;	/* external: the officer escorts every viewing, any route */
	int		  own_classes;	/* only cameras of classes the requester teaches */
	struct pol_text	  refuse;
};

/*
 * Where a copy may go (a viewing's end, an export): a kind of recipient such
 * as the police, a court, the requester's unit or the school's own file.  A
 * kind with refuse.en set is named only to be refused with its article (a
 * personal device, a third party); agency, when set, admits the kind only
 * for a request from that agency.
 */
struct pol_destination {
	char		*id;
	struct pol_text	 title;
	char		*article;
	char		*agency;
	struct pol_text	 refuse;
};

struct pol_agency {
	char		*id;
	struct pol_text	 title;
};

struct pol_purpose {
	char		*id;
	struct pol_text	 title;
	char		*article;
	struct pol_text	 refuse;	/* always refused with this text */
};

/* How a step's signer must relate to the request (besides holding a role). */
enum pol_relation {
	REL_ANY = 0,
	REL_REQUESTER_UNIT,	/* the signer belongs to the requester's unit */
	REL_CAMERA_UNIT,	/* the signer belongs to the unit responsible for the camera */
	REL_CAMERA_CAMPUS,	/* the level-2 body of the camera's campus (DLUT art. 15) */
	REL_LEVEL1_OR_CAMPUS	/* a level-1 unit, or the level-2 body of the camera's campus */
};

struct pol_step {
	char		**roles;	/* any one of these roles may sign */
	size_t		  nroles;
	enum pol_relation relation;
	char		 *article;
	struct pol_text	  title;	/* optional; else made from roles and unit */
	int		  comment_required;	/* the approval is a written instruction */
};

struct pol_condition {
	struct pol_text	 text;
	char		*article;
};

/*
 * Someone a route's viewings must count among their registered viewers
 * (named by login): the requester themself, or a holder of one of roles
 * (none = any role) in the requester's unit or a named unit.
 */
struct pol_viewer_req {
	struct pol_text	  title;
	char		 *article;
	int		  requester;
	char		**roles;
	size_t		  nroles;
	int		  requester_unit;
	char		 *unit;		/* a unit id, or "" */
};

/*
 * A route: the procedure for requests that match all its lists (an empty list
 * matches anything).  Routes are tried in order, per camera; the first that
 * matches decides.  A route either refuses (refuse.en) or lists its ordered
 * approval steps (none only with grant_on_submit).
 */
struct pol_route {
	char			 *id;
	struct pol_text		  title;
	char			 *article;
	char			**requester;	/* requester kinds */
	size_t			  nrequester;
	char			**requester_roles;	/* the requester holds one of these */
	size_t			  nrequester_roles;
	char			**kinds;	/* view, copy */
	size_t			  nkinds;
	char			**purposes;
	size_t			  npurposes;
	char			**agencies;
	size_t			  nagencies;
	char			**privacy;	/* camera privacy classes */
	size_t			  nprivacy;
	char			**zones;	/* camera zone kinds */
	size_t			  nzones;
	char			**camera_units;
	size_t			  ncamera_units;
	int			  emergency;	/* matches only --emergency requests (else only normal ones) */
	int			  own_campus;	/* the requester's unit is the camera campus's level-2 body */
	struct pol_text		  refuse;
	struct pol_step		 *steps;
	size_t			  nsteps;
	int			  grant_on_submit;
	char			**operator_roles;	/* who may run its viewings; none = viewing.run */
	size_t			  noperator_roles;
	int			  escort_officer;	/* the request's officer must be among the viewers */
	char			 *copy_hold;	/* hold category placed when a copy is granted */
	int			  formal_letter;	/* a letter naming use, people and manner */
	char			**destinations;	/* where its copies may go */
	size_t			  ndestinations;
	struct pol_viewer_req	 *viewers_required;
	size_t			  nviewers_required;
	struct pol_condition	 *conditions;
	size_t			  nconditions;
	int			  line;
};

/* A minimum term a hold is placed for (DLUT art. 15(2)3: the limitation period). */
struct pol_hold_term {
	char		*id;
	struct pol_text	 title;
	int		 days;
};

/* A hold category: how long a hold keeps footage past retention. */
struct pol_hold {
	char		 *id;
	struct pol_text	  title;
	char		 *article;
	char		**roles;	/* who may place and release; none = hold.manage */
	size_t		  nroles;
	int		  days;		/* default length from placing; 0 = until released */
	int		  max_days;	/* longest allowed; 0 = no limit */
	int		  after_release_days;	/* kept this long after release */
	struct pol_hold_term *terms;	/* set: one is chosen when placing, and the hold
					 * cannot be released before it ends, by anyone */
	size_t		  nterms;
};

struct pol_limits {
	int	 viewers;		/* people at one viewing (at once, per request) */
	char	*viewers_article;
	int	 grant_days;		/* a grant's validity */
	char	*grant_article;
	int	 report_days;		/* usage report due after use; 0 = none due */
	char	*report_article;
};

/* The articles behind the hard rules; the last two switch a rule on. */
struct pol_rules {
	char	*self_approval;
	char	*separate_signers;
	char	*signer_role;
	char	*range_exists;
	char	*view_no_copy;
	char	*involved_party;
	char	*grant_scope;
	char	*reject_reason;
	char	*identity;		/* viewers and recipients show a valid ID */
	char	*destination;		/* set: a viewing's end says where the footage went */
	char	*use_until;		/* set: a request states until when it will use the footage */
	char	*level3_no_accept;	/* set: level-3 units never accept or decide requests */
	char	*applicants_only;	/* set: viewers are the requester or co-applicants */
	char	*same_footage;		/* set: the limit at once counts every request for the
					 * same footage, not one request */
};

/*---- The monitoring room's records (policy-records.c) ----*/

/* A kind of duty-log event: patrol, incident, camera fault, visitor... */
struct pol_duty_kind {
	char		*id;
	struct pol_text	 title;
	char		*article;
};

/*
 * The duty log, the control-room entry log and equipment faults (issue 14).
 * A profile without a records group gets the kinds patrol, incident,
 * camera_fault, visitor and other, and faults due in 7 days.
 */
struct pol_records {
	struct pol_duty_kind	*duty_kinds;
	size_t			 nduty_kinds;
	char			*alarm_kind;	/* the kind a camera alarm is logged as */
	char			*duty_article;	/* the duty log and handover */
	char			*room_article;	/* the control-room entry log */
	char			*equipment_article;	/* inventory and inspections */
	int			 fault_fix_days;	/* a fault open longer is overdue */
	char			*fault_article;
};

/*
 * What the live view may show (capability live.view; group `live` of the
 * profile).  Interior cameras never (HHKCS 2.2.5: no camera covering the
 * inside of a classroom or office feeds the control room's live view);
 * sensitive ones to every live.view role, or only to sensitive_roles when
 * the profile names them.
 */
struct pol_live {
	char	 *interior_article;	/* cited when an interior camera is kept off */
	char	**sensitive_roles;
	size_t	  nsensitive_roles;
	int	  sensitive_limited;	/* sensitive_roles given */
	char	 *sensitive_article;
};

struct vg_policy {
	char			*path;
	char			*name;
	char			*title;
	char			*source;
	struct pol_role		*roles;
	size_t			 nroles;
	struct pol_unit		*units;
	size_t			 nunits;
	char			**zones;
	size_t			 nzones;
	struct pol_retention	*retention;	/* most specific first is not required */
	size_t			 nretention;
	int			 default_days;
	int			 default_min_days;
	int			 default_max_days;
	char			*retention_article;
	char			*retention_max_article;

	char			*default_kind;	/* requester kind when none is given */
	struct pol_kind		*kinds;
	size_t			 nkinds;
	struct pol_agency	*agencies;
	size_t			 nagencies;
	struct pol_purpose	*purposes;
	size_t			 npurposes;
	struct pol_destination	*destinations;
	size_t			 ndestinations;
	struct pol_route	*routes;
	size_t			 nroutes;
	struct pol_hold		*holds;
	size_t			 nholds;
	struct pol_limits	 limits;
	struct pol_rules	 rules;
	struct pol_records	 records;	/* issue 14 */
	struct pol_live		 live;
};

struct vg_policy	*policy_load(const char *path, struct vg_err *);
void			 policy_free(struct vg_policy *);

const struct pol_role	*policy_role(const struct vg_policy *, const char *name);
const struct pol_unit	*policy_unit(const struct vg_policy *, const char *id);
int			 policy_zone_known(const struct vg_policy *, const char *zone);
int			 policy_role_has_cap(const struct pol_role *, const char *cap);

/* Retention that applies to a camera of this class and zone: the most
 * specific matching rule (zone and class, then zone, then class, then the
 * default).  *article names where it comes from. */
void	policy_retention(const struct vg_policy *, const char *privacy, const char *zone,
	    int *days, int *min_days, const char **article);
/* The longest retention the policy allows for such a camera (0: no maximum),
 * from the same rule; *article says where it comes from. */
int	policy_retention_max(const struct vg_policy *, const char *privacy, const char *zone,
	    const char **article);

/* A human-readable dump: roles, capabilities, units, retention, requester
 * kinds, purposes, limits, holds and the routing table. */
void	policy_describe(const struct vg_policy *, struct vg_buf *);

/*---- Requests (policy-requests.c): pure functions over the profile ----*/

/* The profile's text in the current message language. */
const char	*pol_tr(const struct pol_text *);

const struct pol_kind		*policy_kind(const struct vg_policy *, const char *id);
const struct pol_purpose	*policy_purpose(const struct vg_policy *, const char *id);
const struct pol_agency		*policy_agency(const struct vg_policy *, const char *id);
const struct pol_hold		*policy_hold(const struct vg_policy *, const char *id);
const struct pol_route		*policy_route(const struct vg_policy *, const char *id);
const struct pol_destination	*policy_destination(const struct vg_policy *, const char *id);
const struct pol_hold_term	*policy_hold_term(const struct pol_hold *, const char *id);
const char	*policy_relation_name(enum pol_relation);
int		 policy_relation_parse(const char *, enum pol_relation *);
/* The campus of a unit: its own, else its nearest parent's; "" if none. */
const char	*policy_unit_campus(const struct vg_policy *, const char *unit);
/* The level-2 unit serving a campus, or NULL. */
const struct pol_unit *policy_campus_body(const struct vg_policy *, const char *campus);

struct pol_camera {
	const char	*id;
	const char	*privacy;
	const char	*zone;
	const char	*unit;
	int		 own_class;	/* linked to a class the requester teaches */
};

/* Everything routing depends on: who asks, for what, about which cameras. */
struct pol_case {
	const char		 *requester_kind;	/* NULL: the profile's default */
	const char		 *kind;			/* view | copy */
	const char		 *purpose;
	const char		 *agency;		/* external requests; NULL/"" if none */
	int			  has_certificate;
	const char		 *requester_unit;
	char			**requester_roles;
	size_t			  nrequester_roles;
	int			  emergency;
	const struct pol_camera	 *cameras;
	size_t			  ncameras;
};

/* One approval step of a plan, its signer's unit resolved. */
struct pol_plan_step {
	const struct pol_step	*step;
	const struct pol_route	*route;
	char			*unit;		/* the signer's unit; "" = any */
	char			*camera;	/* the camera whose route asked for it */
};

struct pol_plan {
	const struct pol_kind	 *kind;
	const struct pol_route	**routes;	/* per camera, as cases' cameras */
	size_t			  nroutes;
	struct pol_plan_step	 *steps;	/* in signing order, without repeats */
	size_t			  nsteps;
	int			  grant_on_submit;
	char			 *route_ids;	/* "a,b": the distinct routes, in order */
};

/*
 * The ordered approval steps a request needs, with the article of each, or a
 * refusal naming the rule (err->field names the form field at fault: kind,
 * requester_kind, purpose, agency, certificate, cameras, emergency).  Each
 * camera is routed on its own; the steps of all are merged in order, a step
 * that resolves to the same roles and unit as an earlier one counting once.
 */
int	policy_required_steps(const struct vg_policy *, const struct pol_case *,
	    struct pol_plan *, struct vg_err *);
void	policy_plan_free(struct pol_plan *);

/* Whether someone with these roles and unit fits a step (roles, relation and
 * resolved unit as stored with a request).  *role gets the role that fits. */
int	policy_signer_fits(const struct vg_policy *, char *const *step_roles, size_t nstep_roles,
	    enum pol_relation, const char *unit, char *const *roles, size_t nroles,
	    const char *signer_unit, const char **role);
/* "Security head", "Department head of Computer college", in the current
 * language, for a step as stored with a request. */
char	*policy_step_title(const struct vg_policy *, char *const *roles, size_t nroles,
	    enum pol_relation, const char *unit, const struct pol_text *title);
/*
 * Whether a copy under this route may go to destination kind dest, for a
 * request from agency (NULL/"" if none): refuses an unknown kind (usage,
 * listing the route's kinds), a kind the profile refuses (its article), one
 * the route does not list, or one bound to another agency.  err->field is
 * "destination".
 */
int	policy_destination_allowed(const struct vg_policy *, const struct pol_route *,
	    const char *dest, const char *agency, struct vg_err *);

/* A role's or unit's display name in the current language. */
const char	*policy_role_title(const struct vg_policy *, const char *role);
const char	*policy_unit_name(const struct vg_policy *, const char *unit);

/* A duty-log event kind of the profile, or NULL (policy-records.c). */
const struct pol_duty_kind *policy_duty_kind(const struct vg_policy *, const char *id);

#endif
