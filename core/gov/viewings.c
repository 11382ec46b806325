/* viewings.c — supervised viewings of granted requests: who viewed, what was played. */
#include "core/gov/viewings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/gov/gov-int.h"
#include "core/gov/holds.h"
#include "core/gov/policy.h"
#include "core/gov/requests.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"

static int
no_grant(struct vg_site *s, const struct vg_request *q, struct vg_err *err)
{
	return policy_refuse(err, "", s->pol->rules.grant_scope,
	    _("%s has no active grant (it is %s); viewings happen only inside an active grant"),
	    q->ref, requests_status_name(q->status));
}

/* The viewing's request, if it is still inside an active grant. */
static struct vg_request *
active_grant(struct vg_site *s, const char *ref, struct vg_err *err)
{
	struct vg_request *q = requests_load_any(s, ref, err);

	if (q != NULL && !requests_grant_active(q, clock_now())) {
		no_grant(s, q, err);
		requests_free(q);
		return NULL;
	}
	return q;
}

/* The routes' operator roles: who may run a viewing of this request. */
static int
operator_fits(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    struct vg_err *err)
{
	size_t nroutes;
	char **routes = vg_split_list(q->routes, &nroutes);
	int r = 0;

	for (size_t i = 0; i < nroutes && r == 0; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);
		int ok = 0;

		if (ro == NULL || ro->noperator_roles == 0 || a->system)
			continue;
		for (size_t k = 0; k < ro->noperator_roles && !ok; k++)
			ok = actor_has_role(a, ro->operator_roles[k]);
		if (!ok) {
			char *v = vg_strv_join(ro->operator_roles, ro->noperator_roles, ", ");

			r = policy_refuse(err, "", ro->article, _("viewings of %s are run by %s"), q->ref, v);
			free(v);
		}
	}
	vg_strv_free(routes, nroutes);
	return r;
}

/* People named at open viewings of the request now. */
static int64_t
viewing_now(struct vg_site *s, const struct vg_request *q)
{
	return db_scalar_int(s->db, "SELECT COUNT(*) FROM viewing_people p JOIN viewings v "
	    "ON v.id = p.viewing_id WHERE v.request_id = ? AND v.ended_us IS NULL", q->id);
}

/* GB 11643: the check digit of an 18-character resident identity card number. */
static int
resident_id_ok(const char *id)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * weight[i];
	return (id[17] == 'x' ? 'X' : id[17]) == check[sum % 11];
}

static int
looks_like_resident_id(const char *id)
{
	if (strlen(id) != 18)
		return 0;
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	return (id[17] >= '0' && id[17] <= '9') || id[17] == 'X' || id[17] == 'x';
}

/*
 * GCU art. 16(2)2, GUAT art. 18(2), DLUT art. 3: viewers show an identity
 * document (resident identity card, work card, police or court ID).  An ID
 * is either a resident identity card number, whose check digit must be
 * right, or a document number: letters, digits, '-', '/' and '.', starting
 * with a letter or digit, at most 32 characters.  Anything else is a typing
 * mistake or not an ID at all, and the record would be worthless.
 */
static int
check_id_format(const char *id, const char *field, struct vg_err *err)
{
	size_t len = strlen(id);

	if (looks_like_resident_id(id)) {
		if (!resident_id_ok(id))
			return vg_seterr_field(err, VG_USAGE, field,
			    _("%s is not a valid resident ID card number: its check digit is wrong"),
			    id);
		return 0;
	}
	if (len > 32 || !((id[0] >= '0' && id[0] <= '9') || (id[0] >= 'A' && id[0] <= 'Z') ||
	    (id[0] >= 'a' && id[0] <= 'z')))
		goto bad;
	for (const char *c = id; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= 'a' && *c <= 'z') || *c == '-' || *c == '/' || *c == '.'))
			goto bad;
	return 0;
bad:
	return vg_seterr_field(err, VG_USAGE, field,
	    _("\"%s\" is not a known ID format: give a resident ID card number (18 characters) "
	    "or a work card, student, badge or passport number (letters, digits, - / .)"), id);
}

/*
 * Each viewer's problem names its row of the viewing form (viewer_name_N,
 * viewer_id_N, counted from 1); problems of the viewers as a whole name
 * "viewer".
 */
static int
check_people(struct vg_site *s, const struct vg_request *q, const struct viewing_person *p,
    size_t n, struct vg_err *err)
{
	const struct pol_limits *l = &s->pol->limits;
	int64_t open;

	if (n == 0)
		return vg_seterr_field(err, VG_USAGE, "viewer", "%s",
		    _("name every viewer with their ID: --viewer 'NAME:ID'"));
	for (size_t i = 0; i < n; i++) {
		char fname[48], fid[48];

		snprintf(fname, sizeof fname, "viewer_name_%zu", i + 1);
		snprintf(fid, sizeof fid, "viewer_id_%zu", i + 1);
		if (vg_check_text(p[i].name, 100, 1, fname, _("a viewer's name"), err) != 0 ||
		    vg_check_text(p[i].id_number, 64, 1, fid, _("a viewer's ID"), err) != 0 ||
		    check_id_format(p[i].id_number, fid, err) != 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(p[i].id_number, p[j].id_number) == 0)
				return vg_seterr_field(err, VG_USAGE, fid,
				    _("the ID %s is given for two viewers"), p[i].id_number);
	}
	if (n > (size_t)q->viewers)
		return policy_refuse(err, "viewer", l->viewers_article,
		    ngettext("%s was approved for %d viewer; %zu were named",
		    "%s was approved for %d viewers; %zu were named", (unsigned long)q->viewers),
		    q->ref, q->viewers, n);
	/* DLUT art. 15(1)4: counted across the request's open viewings, at once. */
	open = viewing_now(s, q);
	if ((int64_t)n + open > l->viewers)
		return policy_refuse(err, "viewer", l->viewers_article,
		    _("at most %d people view the same footage at once; %lld are viewing %s now"),
		    l->viewers, (long long)open, q->ref);
	return 0;
}

/* Where the route says so, the registering officer escorts the viewing. */
static int
check_escort(struct vg_site *s, const struct vg_request *q, const struct viewing_person *p,
    size_t n, struct vg_err *err)
{
	size_t nroutes;
	char **routes = vg_split_list(q->routes, &nroutes);
	int r = 0;

	for (size_t i = 0; i < nroutes && r == 0; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);
		int present = 0;

		if (ro == NULL || !ro->escort_officer)
			continue;
		for (size_t k = 0; k < n; k++)
			present |= strcmp(p[k].id_number, q->officer_id) == 0;
		if (!present)
			r = policy_refuse(err, "viewer", ro->article,
			    _("the registering officer %s (ID %s) escorts the viewing and must be among "
			    "the viewers"), q->officer, q->officer_id);
	}
	vg_strv_free(routes, nroutes);
	return r;
}

static int
insert_viewing(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct viewing_person *p, size_t n, int64_t *id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "INSERT INTO viewings (request_id, operator_id, "
	    "source, started_us, not_involved) VALUES (?,?,?,?,1)");
	struct vg_buf who;
	char obj[32];
	int r;

	db_bind_int(st, 1, q->id);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, a->source);
	db_bind_int(st, 4, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	*id = db_last_id(s->db);
	buf_init(&who);
	buf_puts(&who, "");
	st = db_prepare(s->db, "INSERT INTO viewing_people (viewing_id, seq, name, id_number) "
	    "VALUES (?,?,?,?)");
	for (size_t i = 0; i < n && r == 0; i++) {
		db_reset(st);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, p[i].name);
		db_bind_text(st, 4, p[i].id_number);
		r = db_run(st, s->db, err);
		buf_printf(&who, "%s%s (%s)", i ? ", " : "", p[i].name, p[i].id_number);
	}
	db_finalize(st);
	snprintf(obj, sizeof obj, "viewing %lld", (long long)*id);
	if (r == 0)
		r = audit_appendf(s, a->display, "viewing.start", obj, a->source, err,
		    "request=%s; operator=%s; viewers=%s; declaration=no involved party takes part",
		    q->ref, a->login, who.s);
	buf_free(&who);
	return r;
}

int
viewings_check(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    struct vg_err *err)
{
	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if (!requests_grant_active(q, clock_now()))
		return no_grant(s, q, err);
	return operator_fits(s, a, q, err);
}

/* Everything viewings_start checks before it writes; q is the request, loaded. */
static int
check_start(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct viewing_person *p, size_t n, int not_involved, struct vg_err *err)
{
	if (viewings_check(s, a, q, err) != 0 || check_people(s, q, p, n, err) != 0)
		return -1;
	/* GCU art. 16(1)1: the involved party never takes part in the viewing. */
	if (!not_involved)
		return policy_refuse(err, "declaration", s->pol->rules.involved_party, "%s",
		    _("every viewing records that no involved party takes part: confirm it with "
		    "--declare-not-involved"));
	if (check_escort(s, q, p, n, err) != 0)
		return -1;
	for (size_t i = 0; i < q->ncameras; i++)
		if (holds_range_exists(s, q->cameras[i], q->from_us, q->to_us, clock_now(), NULL,
		    err) != 0)
			return -1;
	return 0;
}

int
viewings_check_start(struct vg_site *s, const struct vg_actor *a, const char *ref,
    const struct viewing_person *p, size_t n, int not_involved, struct vg_err *err)
{
	struct vg_request *q;
	int r;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	r = check_start(s, a, q, p, n, not_involved, err);
	requests_free(q);
	return r;
}

int
viewings_start(struct vg_site *s, const struct vg_actor *a, const char *ref,
    const struct viewing_person *p, size_t n, int not_involved, int64_t *id, struct vg_err *err)
{
	struct vg_request *q;
	int r = -1;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (check_start(s, a, q, p, n, not_involved, err) != 0)
		goto out;
	if (site_begin(s, err) != 0)
		goto out;
	r = insert_viewing(s, a, q, p, n, id, err);
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	return r;
}

/* An open viewing's request reference and operator, or a refusal. */
static char *
open_viewing(struct vg_site *s, int64_t id, int64_t *operator_id, struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT r.ref, v.operator_id, "
	    "COALESCE(v.ended_us, 0) FROM viewings v JOIN requests r ON r.id = v.request_id "
	    "WHERE v.id = ?");
	char *ref = NULL;

	db_bind_int(st, 1, id);
	if (db_step(st) != DB_ROW)
		vg_seterr(err, VG_NOTFOUND, _("no viewing %lld"), (long long)id);
	else if (db_col_int(st, 2) != 0)
		vg_seterr(err, VG_CONFLICT, _("viewing %lld has ended"), (long long)id);
	else {
		ref = xstrdup(db_col_text(st, 0));
		*operator_id = db_col_int(st, 1);
	}
	db_finalize(st);
	return ref;
}

int
viewings_play(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *camera,
    int64_t from, int64_t to, struct vg_err *err)
{
	struct vg_request *q = NULL;
	struct vg_stmt *st;
	int64_t op = 0;
	char *ref, obj[32], t1[32], t2[32];
	int in = 0, r = -1;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((ref = open_viewing(s, id, &op, err)) == NULL)
		return -1;
	if (op != a->user_id) {
		vg_seterr(err, VG_REFUSED, _("viewing %lld is run by another operator"), (long long)id);
		goto out;
	}
	if ((q = active_grant(s, ref, err)) == NULL)
		goto out;
	for (size_t i = 0; i < q->ncameras; i++)
		in |= strcmp(q->cameras[i], camera) == 0;
	if (to <= from) {
		vg_seterr_field(err, VG_USAGE, "to", "%s",
		    _("the end of the range must come after its start"));
		goto out;
	}
	if (!in || from < q->from_us || to > q->to_us) {
		policy_refuse(err, "camera", s->pol->rules.grant_scope,
		    _("the grant of %s covers %s from %s to %s; camera \"%s\" over that range is "
		    "outside it"), q->ref, q->cameras[0], time_fmt(q->from_us, t1),
		    time_fmt(q->to_us, t2), camera);
		goto out;
	}
	if (site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "INSERT INTO viewing_ranges (viewing_id, camera, from_us, to_us, "
	    "logged_us) VALUES (?,?,?,?,?)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, camera);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	db_bind_int(st, 5, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	snprintf(obj, sizeof obj, "viewing %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, "viewing.play", obj, a->source, err,
		    "request=%s; camera=%s; from=%s; to=%s", q->ref, camera, time_fmt(from, t1),
		    time_fmt(to, t2));
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	free(ref);
	return r;
}

static int
check_end(struct vg_site *s, const struct vg_request *q, const char *notes,
    const char *destination, int copied, struct vg_err *err)
{
	const char *dest = destination ? destination : "";

	if (vg_check_text(notes, 2000, 0, "notes", _("the notes"), err) != 0 ||
	    vg_check_text(dest, 500, 0, "destination", _("the destination"), err) != 0)
		return -1;
	if (copied && strcmp(q->kind, "copy") != 0)
		return policy_refuse(err, "destination", s->pol->rules.view_no_copy,
		    _("%s grants viewing only; a view grant never yields a copy"), q->ref);
	if (copied && dest[0] == '\0')
		return vg_seterr_field(err, VG_USAGE, "destination", "%s",
		    _("say where the copy went (--destination)"));
	/* GCU art. 16(1)3: the record says where the footage went. */
	if (s->pol->rules.destination[0] && dest[0] == '\0')
		return policy_refuse(err, "destination", s->pol->rules.destination, "%s",
		    _("the viewing record says where the footage went (--destination)"));
	return 0;
}

int
viewings_end(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *notes,
    const char *destination, int copied, struct vg_err *err)
{
	struct vg_request *q = NULL;
	struct vg_stmt *st;
	int64_t op = 0, now = clock_now();
	char *ref, obj[32], t1[32];
	int r = -1, days = s->pol->limits.report_days;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((ref = open_viewing(s, id, &op, err)) == NULL)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL ||
	    check_end(s, q, notes, destination, copied, err) != 0 || site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE viewings SET ended_us = ?, notes = ?, destination = ?, "
	    "copied = ? WHERE id = ? AND ended_us IS NULL");
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, notes ? notes : "");
	db_bind_text(st, 3, destination ? destination : "");
	db_bind_int(st, 4, copied != 0);
	db_bind_int(st, 5, id);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r == 0 && days > 0) {
		/* REG ch. 5 §2.2: the usage report is due a week after use. */
		st = db_prepare(s->db, "UPDATE requests SET report_due_us = ? WHERE id = ?");
		db_bind_int(st, 1, now + (int64_t)days * GOV_DAY_US);
		db_bind_int(st, 2, q->id);
		r = db_run(st, s->db, err);
		db_finalize(st);
	}
	snprintf(obj, sizeof obj, "viewing %lld", (long long)id);
	if (r == 0)
		r = audit_appendf(s, a->display, "viewing.end", obj, a->source, err,
		    "request=%s; copied=%d; destination=%s; notes=%s; report_due=%s", q->ref,
		    copied != 0, destination ? destination : "", notes ? notes : "",
		    days > 0 ? time_fmt(now + (int64_t)days * GOV_DAY_US, t1) : "-");
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	free(ref);
	return r;
}

/*---- Reading ----*/

static void
load_people(struct vg_site *s, struct vg_viewing *v)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name, id_number FROM viewing_people "
	    "WHERE viewing_id = ? ORDER BY seq");

	db_bind_int(st, 1, v->id);
	while (db_step(st) == DB_ROW) {
		v->people = xrealloc(v->people, (v->npeople + 1) * sizeof *v->people);
		v->people[v->npeople].name = xstrdup(db_col_text(st, 0));
		v->people[v->npeople].id_number = xstrdup(db_col_text(st, 1));
		v->npeople++;
	}
	db_finalize(st);
	st = db_prepare(s->db, "SELECT camera, from_us, to_us, logged_us FROM viewing_ranges "
	    "WHERE viewing_id = ? ORDER BY id");
	db_bind_int(st, 1, v->id);
	while (db_step(st) == DB_ROW) {
		v->ranges = xrealloc(v->ranges, (v->nranges + 1) * sizeof *v->ranges);
		v->ranges[v->nranges].camera = xstrdup(db_col_text(st, 0));
		v->ranges[v->nranges].from_us = db_col_int(st, 1);
		v->ranges[v->nranges].to_us = db_col_int(st, 2);
		v->ranges[v->nranges].logged_us = db_col_int(st, 3);
		v->nranges++;
	}
	db_finalize(st);
}

#define VIEWING_SELECT "SELECT v.id, r.ref, u.login, u.name, v.source, v.started_us, " \
	"COALESCE(v.ended_us, 0), v.not_involved, v.notes, v.destination, v.copied " \
	"FROM viewings v JOIN requests r ON r.id = v.request_id " \
	"JOIN users u ON u.id = v.operator_id "

/* The viewings a prepared VIEWING_SELECT statement yields, with their people. */
static struct vg_viewing *
read_viewings(struct vg_site *s, struct vg_stmt *st, size_t *n)
{
	struct vg_viewing *v = NULL;

	*n = 0;
	while (db_step(st) == DB_ROW) {
		struct vg_viewing *w;

		v = xrealloc(v, (*n + 1) * sizeof *v);
		w = &v[(*n)++];
		memset(w, 0, sizeof *w);
		w->id = db_col_int(st, 0);
		w->ref = xstrdup(db_col_text(st, 1));
		w->operator_login = xstrdup(db_col_text(st, 2));
		w->operator_name = xstrdup(db_col_text(st, 3));
		w->source = xstrdup(db_col_text(st, 4));
		w->started_us = db_col_int(st, 5);
		w->ended_us = db_col_int(st, 6);
		w->not_involved = (int)db_col_int(st, 7);
		w->notes = xstrdup(db_col_text(st, 8));
		w->destination = xstrdup(db_col_text(st, 9));
		w->copied = (int)db_col_int(st, 10);
	}
	db_finalize(st);
	for (size_t i = 0; i < *n; i++)
		load_people(s, &v[i]);
	return v;
}

static void mask_id(char *);

struct vg_viewing *
viewings_list(struct vg_site *s, const struct vg_actor *a, const char *ref, size_t *n)
{
	int all = a->system || actor_can(s, a, "viewing.run") ||
	    actor_can(s, a, "request.read_all");
	struct vg_stmt *st = db_prepare(s->db, VIEWING_SELECT "WHERE (? = 1 OR r.requester_id = ?) "
	    "AND (? = '' OR r.ref = ?) ORDER BY v.id DESC");
	struct vg_viewing *v;

	db_bind_int(st, 1, all);
	db_bind_int(st, 2, a->user_id);
	db_bind_text(st, 3, ref ? ref : "");
	db_bind_text(st, 4, ref ? ref : "");
	v = read_viewings(s, st, n);
	if (viewings_ids_masked(s, a))
		for (size_t i = 0; i < *n; i++)
			for (size_t k = 0; k < v[i].npeople; k++)
				mask_id(v[i].people[k].id_number);
	return v;
}

/*
 * A viewer's resident identity card number is personal data (GCU art.
 * 16(2)2 asks for it to be recorded, not shown to everyone): listings show
 * its last four characters only, unless the person reads the record in full
 * (audit.read) or reviews and signs off the logs (review.signoff).  So are
 * other numbers as long (passports); short work card and badge numbers,
 * which only identify someone inside the school, are shown.
 */
int
viewings_ids_masked(struct vg_site *s, const struct vg_actor *a)
{
	return !(a->system || actor_can(s, a, "audit.read") || actor_can(s, a, "review.signoff"));
}

/* An ID longer than eight characters keeps its last four; the rest become '*'. */
static void
mask_id(char *id)
{
	size_t chars = 0, seen = 0;
	char *out = id;

	for (const char *p = id; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars <= 8)
		return;
	for (const char *p = id; *p;) {
		size_t k = 1;

		while (((unsigned char)p[k] & 0xc0) == 0x80)
			k++;
		if (seen++ + 4 < chars)
			*out++ = '*';
		else {
			memmove(out, p, k);
			out += k;
		}
		p += k;
	}
	*out = '\0';
}

struct vg_viewing *
viewings_running(struct vg_site *s, const struct vg_actor *a, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, VIEWING_SELECT "WHERE v.operator_id = ? "
	    "AND v.ended_us IS NULL ORDER BY v.id");

	db_bind_int(st, 1, a->user_id);
	return read_viewings(s, st, n);
}

/*---- What the viewing form needs ----*/

/* The route's conditions, once each, in the current language. */
static void
add_conditions(struct vg_site *s, const struct pol_route *ro, struct viewing_terms *t)
{
	for (size_t k = 0; k < ro->nconditions; k++) {
		char *line = xasprintf("%s [%s]", pol_tr(&ro->conditions[k].text),
		    ro->conditions[k].article);
		int dup = 0;

		for (size_t i = 0; i < t->nconditions && !dup; i++)
			dup = strcmp(t->conditions[i], line) == 0;
		if (dup) {
			free(line);
			continue;
		}
		t->conditions = xrealloc(t->conditions, (t->nconditions + 1) * sizeof *t->conditions);
		t->conditions[t->nconditions++] = line;
	}
	(void)s;
}

int
viewings_terms(struct vg_site *s, const struct vg_actor *a, const char *ref,
    struct viewing_terms *t, struct vg_err *err)
{
	struct vg_request *q;
	size_t nroutes;
	char **routes;
	int64_t now_viewing;
	int r = -1;

	memset(t, 0, sizeof *t);
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (viewings_check(s, a, q, err) != 0)
		goto out;
	now_viewing = viewing_now(s, q);
	t->approved = q->viewers;
	t->limit = s->pol->limits.viewers;
	t->viewing_now = (int)now_viewing;
	t->max_viewers = t->limit - t->viewing_now;
	if (t->max_viewers > t->approved)
		t->max_viewers = t->approved;
	if (t->max_viewers < 0)
		t->max_viewers = 0;
	t->copy = strcmp(q->kind, "copy") == 0;
	t->grant_until_us = q->grant_until_us;
	routes = vg_split_list(q->routes, &nroutes);
	for (size_t i = 0; i < nroutes; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);

		if (ro == NULL)
			continue;
		if (ro->escort_officer && t->escort_name == NULL) {
			t->escort_name = xstrdup(q->officer);
			t->escort_id = xstrdup(q->officer_id);
			t->escort_article = xstrdup(ro->article);
		}
		add_conditions(s, ro, t);
	}
	vg_strv_free(routes, nroutes);
	r = 0;
out:
	requests_free(q);
	return r;
}

void
viewings_terms_free(struct viewing_terms *t)
{
	free(t->escort_name);
	free(t->escort_id);
	free(t->escort_article);
	vg_strv_free(t->conditions, t->nconditions);
	memset(t, 0, sizeof *t);
}

void
viewings_free_list(struct vg_viewing *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].operator_login);
		free(v[i].operator_name);
		free(v[i].source);
		free(v[i].notes);
		free(v[i].destination);
		for (size_t k = 0; k < v[i].npeople; k++) {
			free(v[i].people[k].name);
			free(v[i].people[k].id_number);
		}
		free(v[i].people);
		for (size_t k = 0; k < v[i].nranges; k++)
			free(v[i].ranges[k].camera);
		free(v[i].ranges);
	}
	free(v);
}
