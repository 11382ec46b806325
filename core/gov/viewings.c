/* viewings.c — supervised viewings of granted requests: who viewed, what was played. */
#include "core/gov/viewings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/footage.h"
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
	if (q->grant_unproven)
		return vg_seterr(err, VG_REFUSED, _("%s is marked granted, but the audit log holds no "
		    "signed grant with every approval for it; it is not honoured (vigil admin audit "
		    "verify --deep)"), q->ref);
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

static int
insert_viewing(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct viewers_person *p, size_t n, int64_t *id, struct vg_err *err)
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
	st = db_prepare(s->db, "INSERT INTO viewing_people (viewing_id, seq, name, id_number, "
	    "login) VALUES (?,?,?,?,?)");
	for (size_t i = 0; i < n && r == 0; i++) {
		const char *login = p[i].user ? p[i].user->login : "";

		db_reset(st);
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, p[i].name);
		db_bind_text(st, 4, p[i].id_number);
		db_bind_text(st, 5, login);
		r = db_run(st, s->db, err);
		buf_printf(&who, "%s%s (%s%s%s)", i ? ", " : "", p[i].name, p[i].id_number,
		    login[0] ? ", @" : "", login);
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

/* Everything viewings_start checks before it writes; q is the request, loaded.
 * *v gets the viewers as checked (viewers_free). */
static int
check_start(struct vg_site *s, const struct vg_actor *a, const struct vg_request *q,
    const struct viewing_person *p, size_t n, int not_involved, struct viewers_person **v,
    struct vg_err *err)
{
	if (viewings_check(s, a, q, err) != 0 || viewers_check(s, q, p, n, v, err) != 0)
		return -1;
	/* GCU art. 16(1)1: the involved party never takes part in the viewing. */
	if (!not_involved)
		return policy_refuse(err, "declaration", s->pol->rules.involved_party, "%s",
		    _("every viewing records that no involved party takes part: confirm it with "
		    "--declare-not-involved"));
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
	struct viewers_person *v = NULL;
	int r;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	r = check_start(s, a, q, p, n, not_involved, &v, err);
	viewers_free(v, n);
	requests_free(q);
	return r;
}

int
viewings_start(struct vg_site *s, const struct vg_actor *a, const char *ref,
    const struct viewing_person *p, size_t n, int not_involved, int64_t *id, struct vg_err *err)
{
	struct vg_request *q;
	struct viewers_person *v = NULL;
	int r = -1;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (check_start(s, a, q, p, n, not_involved, &v, err) != 0)
		goto out;
	if (site_begin(s, err) != 0)
		goto out;
	r = insert_viewing(s, a, q, v, n, id, err);
	r = site_end_tx(s, r, err);
out:
	viewers_free(v, n);
	requests_free(q);
	return r;
}

/* An open viewing's request reference and operator, or a refusal. */
char *
viewings_open_ref(struct vg_site *s, int64_t id, int64_t *operator_id, struct vg_err *err)
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

/* A range played must hold recorded footage: a record of playing nothing is false. */
static int
played_has_footage(struct vg_site *s, const char *camera, int64_t from, int64_t to,
    struct vg_err *err)
{
	struct footage_span *v;
	size_t n;
	char t1[32], t2[32];
	int r = 0;

	if (footage_coverage(s, camera, from, to, &v, &n, err) != 0)
		return -1;
	if (footage_recorded_us(v, n) == 0)
		r = vg_seterr_field(err, VG_REFUSED, "from",
		    _("camera \"%s\" recorded no footage from %s to %s (%s): there is nothing to "
		    "play"), camera, time_fmt(from, t1), time_fmt(to, t2), n ? v[0].why : "-");
	free(v);
	return r;
}

/*
 * The viewing's played ranges stay merged per camera: the new range absorbs
 * every range of the camera it overlaps or touches, and one row holds the
 * union.  *from and *to become the union's ends.
 */
static int
merge_range(struct vg_site *s, int64_t id, const char *camera, int64_t *from, int64_t *to,
    struct vg_err *err)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT MIN(from_us), MAX(to_us) FROM "
	    "viewing_ranges WHERE viewing_id = ? AND camera = ? AND to_us >= ? AND from_us <= ?");
	int r;

	db_bind_int(st, 1, id);
	db_bind_text(st, 2, camera);
	db_bind_int(st, 3, *from);
	db_bind_int(st, 4, *to);
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0)) {
		*from = db_col_int(st, 0) < *from ? db_col_int(st, 0) : *from;
		*to = db_col_int(st, 1) > *to ? db_col_int(st, 1) : *to;
	}
	db_finalize(st);
	st = db_prepare(s->db, "DELETE FROM viewing_ranges WHERE viewing_id = ? AND camera = ? "
	    "AND to_us >= ? AND from_us <= ?");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, camera);
	db_bind_int(st, 3, *from);
	db_bind_int(st, 4, *to);
	r = db_run(st, s->db, err);
	db_finalize(st);
	if (r != 0)
		return -1;
	st = db_prepare(s->db, "INSERT INTO viewing_ranges (viewing_id, camera, from_us, to_us, "
	    "logged_us) VALUES (?,?,?,?,?)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, camera);
	db_bind_int(st, 3, *from);
	db_bind_int(st, 4, *to);
	db_bind_int(st, 5, clock_now());
	r = db_run(st, s->db, err);
	db_finalize(st);
	return r;
}

int
viewings_play(struct vg_site *s, const struct vg_actor *a, int64_t id, const char *camera,
    int64_t from, int64_t to, struct vg_err *err)
{
	struct vg_request *q = NULL;
	int64_t op = 0, mfrom = from, mto = to;
	char *ref, obj[32], t1[32], t2[32];
	int in = 0, r = -1;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((ref = viewings_open_ref(s, id, &op, err)) == NULL)
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
	if (played_has_footage(s, camera, from, to, err) != 0 || site_begin(s, err) != 0)
		goto out;
	r = merge_range(s, id, camera, &mfrom, &mto, err);
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

/*
 * Where the footage went.  A copy handed over goes where the profile lets
 * copies of this grant go, to a person named with their ID
 * (requests_allow_destination decides); otherwise nothing left the viewing,
 * which the record says as "none" where the profile asks it to say.
 */
static int
check_end(struct vg_site *s, const struct vg_request *q, const struct viewing_end *e,
    struct vg_err *err)
{
	const char *dest = e->destination ? e->destination : "";
	int none = dest[0] == '\0' || strcmp(dest, "none") == 0;

	if (vg_check_text(e->notes, 2000, 0, "notes", _("the notes"), err) != 0)
		return -1;
	if (e->copied)
		return requests_allow_destination(s, q->ref, dest, e->recipient, e->recipient_id,
		    err);
	if (!none)
		return vg_seterr_field(err, VG_USAGE, "destination",
		    _("--destination %s says a copy went there: add --copied, or say --destination "
		    "none"), dest);
	if ((e->recipient && e->recipient[0]) || (e->recipient_id && e->recipient_id[0]))
		return vg_seterr_field(err, VG_USAGE, "recipient", "%s",
		    _("a recipient is named only for a copy handed over (--copied)"));
	/* GCU art. 16(1)3: the record says where the footage went. */
	if (s->pol->rules.destination[0] && dest[0] == '\0')
		return policy_refuse(err, "destination", s->pol->rules.destination, "%s",
		    _("the viewing record says where the footage went: --destination none when "
		    "nothing left the viewing, or --copied --destination KIND --recipient 'NAME:ID'"));
	return 0;
}

int
viewings_end(struct vg_site *s, const struct vg_actor *a, int64_t id,
    const struct viewing_end *e, struct vg_err *err)
{
	struct vg_request *q = NULL;
	struct vg_stmt *st;
	int64_t op = 0, now = clock_now();
	const char *dest = e->destination ? e->destination : "";
	char *ref, obj[32], t1[32];
	int r = -1, days = s->pol->limits.report_days;

	if (actor_need_person(a, err) != 0 || actor_require(s, a, "viewing.run", err) != 0)
		return -1;
	if ((ref = viewings_open_ref(s, id, &op, err)) == NULL)
		return -1;
	if ((q = requests_load_any(s, ref, err)) == NULL ||
	    check_end(s, q, e, err) != 0 || site_begin(s, err) != 0)
		goto out;
	st = db_prepare(s->db, "UPDATE viewings SET ended_us = ?, notes = ?, destination = ?, "
	    "copied = ?, recipient_name = ?, recipient_id = ? WHERE id = ? AND ended_us IS NULL");
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, e->notes ? e->notes : "");
	db_bind_text(st, 3, dest);
	db_bind_int(st, 4, e->copied != 0);
	db_bind_text(st, 5, e->copied ? e->recipient : "");
	db_bind_text(st, 6, e->copied ? e->recipient_id : "");
	db_bind_int(st, 7, id);
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
		    "request=%s; copied=%d; destination=%s; recipient=%s; recipient_id=%s; notes=%s; "
		    "report_due=%s", q->ref, e->copied != 0, dest, e->copied ? e->recipient : "",
		    e->copied ? e->recipient_id : "", e->notes ? e->notes : "",
		    days > 0 ? time_fmt(now + (int64_t)days * GOV_DAY_US, t1) : "-");
	r = site_end_tx(s, r, err);
out:
	requests_free(q);
	free(ref);
	return r;
}

const struct pol_destination **
viewings_destinations(struct vg_site *s, const char *ref, size_t *n)
{
	const struct pol_destination **v = xcalloc(s->pol->ndestinations + 1, sizeof *v);
	struct vg_request *q;
	struct vg_err ignore;
	size_t nro;
	char **ro;

	*n = 0;
	if ((q = requests_load_any(s, ref, &ignore)) == NULL)
		return v;
	ro = vg_split_list(q->routes, &nro);
	for (size_t i = 0; i < s->pol->ndestinations; i++) {
		const struct pol_destination *d = &s->pol->destinations[i];
		int ok = nro > 0 && strcmp(q->kind, "copy") == 0;

		for (size_t k = 0; k < nro && ok; k++) {
			const struct pol_route *r = policy_route(s->pol, ro[k]);

			ok = r != NULL && policy_destination_allowed(s->pol, r, d->id, q->agency,
			    &ignore) == 0;
		}
		if (ok)
			v[(*n)++] = d;
	}
	vg_strv_free(ro, nro);
	requests_free(q);
	return v;
}

/*---- Reading ----*/

static void
load_people(struct vg_site *s, struct vg_viewing *v)
{
	struct vg_stmt *st = db_prepare(s->db, "SELECT name, id_number, login FROM viewing_people "
	    "WHERE viewing_id = ? ORDER BY seq");

	db_bind_int(st, 1, v->id);
	while (db_step(st) == DB_ROW) {
		v->people = xrealloc(v->people, (v->npeople + 1) * sizeof *v->people);
		v->people[v->npeople].name = xstrdup(db_col_text(st, 0));
		v->people[v->npeople].id_number = xstrdup(db_col_text(st, 1));
		v->people[v->npeople].login = xstrdup(db_col_text(st, 2));
		v->npeople++;
	}
	db_finalize(st);
	v->exports = exports_of_viewing(s, v->id);
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
	"COALESCE(v.ended_us, 0), v.not_involved, v.notes, v.destination, v.copied, " \
	"v.recipient_name, v.recipient_id " \
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
		w->recipient_name = xstrdup(db_col_text(st, 11));
		w->recipient_id = xstrdup(db_col_text(st, 12));
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
	if (!viewings_ids_masked(s, a))
		return v;
	for (size_t i = 0; i < *n; i++) {
		for (size_t k = 0; k < v[i].npeople; k++)
			mask_id(v[i].people[k].id_number);
		if (v[i].recipient_id != NULL)
			mask_id(v[i].recipient_id);
	}
	return v;
}

/*
 * A viewer's resident identity card number is personal data (GCU art.
 * 16(2)2 asks for it to be recorded, not shown to everyone): listings show
 * its last four characters only, unless the person reads the record in full
 * (audit.read) or reviews and signs off the logs (review.signoff); the same
 * for the person a copy was handed to.  So are
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
viewings_of_request(struct vg_site *s, int64_t request_id, size_t *n)
{
	struct vg_stmt *st = db_prepare(s->db, VIEWING_SELECT "WHERE v.request_id = ? "
	    "ORDER BY v.id");

	db_bind_int(st, 1, request_id);
	return read_viewings(s, st, n);
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

/* DLUT art. 15(1)1: the requester kind has its officer escort every viewing. */
static int
kind_escorts(struct vg_site *s, const struct vg_request *q)
{
	const struct pol_kind *k = policy_kind(s->pol, q->requester_kind);

	return k != NULL && k->escort_officer;
}

int
viewings_terms(struct vg_site *s, const struct vg_actor *a, const char *ref,
    struct viewing_terms *t, struct vg_err *err)
{
	struct vg_request *q;
	size_t nroutes;
	char **routes;
	int64_t now_viewing, same;
	int r = -1;

	memset(t, 0, sizeof *t);
	if ((q = requests_load_any(s, ref, err)) == NULL)
		return -1;
	if (viewings_check(s, a, q, err) != 0)
		goto out;
	now_viewing = viewers_now(s, q);
	t->approved = q->viewers;
	t->limit = s->pol->limits.viewers;
	t->viewing_now = (int)now_viewing;
	/* The approved number caps the request's viewers at once (with the profile's
	 * limit, over the same footage where the profile says so). */
	t->max_viewers = t->approved - t->viewing_now;
	same = s->pol->rules.same_footage[0] ? viewers_same_footage_now(s, q) : now_viewing;
	if (t->max_viewers > t->limit - (int)same)
		t->max_viewers = t->limit - (int)same;
	if (t->max_viewers < 0)
		t->max_viewers = 0;
	t->required = viewers_required(s, q, &t->nrequired);
	t->applicants = viewers_applicants_text(s, q);
	t->copy = strcmp(q->kind, "copy") == 0;
	t->grant_until_us = q->grant_until_us;
	routes = vg_split_list(q->routes, &nroutes);
	for (size_t i = 0; i < nroutes; i++) {
		const struct pol_route *ro = policy_route(s->pol, routes[i]);

		if (ro == NULL)
			continue;
		if ((ro->escort_officer || kind_escorts(s, q)) && t->escort_name == NULL &&
		    q->officer_id[0]) {
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
	vg_strv_free(t->required, t->nrequired);
	free(t->applicants);
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
		free(v[i].recipient_name);
		free(v[i].recipient_id);
		free(v[i].exports);
		for (size_t k = 0; k < v[i].npeople; k++) {
			free(v[i].people[k].name);
			free(v[i].people[k].id_number);
			free(v[i].people[k].login);
		}
		free(v[i].people);
		for (size_t k = 0; k < v[i].nranges; k++)
			free(v[i].ranges[k].camera);
		free(v[i].ranges);
	}
	free(v);
}
