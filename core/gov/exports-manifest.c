/* exports-manifest.c — manifest.json: everything an export states about itself, for the site to sign. */
#include <stdlib.h>
#include <string.h>

#include "core/gov/exports-int.h"
#include "core/gov/requests.h"
#include "core/gov/viewings.h"
#include "core/json.h"
#include "core/jsonval.h"
#include "core/site.h"
#include "core/sshsig.h"
#include "core/users.h"
#include "core/util.h"
#include "core/version.h"

/*
 * The manifest is the document the site signs (manifest.json.sig): what was
 * asked, who approved it under which article, the viewing that handed the copy
 * over, who receives it, and per camera every segment with its hash and chain
 * links, so that `vigil verify` can check the bundle against it offline and a
 * court can read who did what.  Times are RFC 3339 UTC; segment times also in
 * microseconds, which the chain links hash.
 */

static void
site_part(struct json *j, struct vg_site *s)
{
	char *key = sshsig_pubkey_line(s->sign_pk), *id = sshsig_identity(s->cfg.site_name);
	char fp[64];

	sshsig_fingerprint(s->sign_pk, fp);
	json_key(j, "site");
	json_obj(j);
	json_kstr(j, "name", s->cfg.site_name);
	json_kstr(j, "signer_identity", id);
	json_kstr(j, "public_key", key);
	json_kstr(j, "fingerprint", fp);
	json_kstr(j, "signature_namespace", EXPORT_SIG_NAMESPACE);
	json_kstr(j, "policy", s->pol->name);
	json_kstr(j, "time_zone", s->cfg.timezone);
	json_end_obj(j);
	free(key);
	free(id);
}

static void
request_part(struct json *j, const struct vg_request *q)
{
	json_key(j, "request");
	json_obj(j);
	json_kstr(j, "reference", q->ref);
	json_kstr(j, "kind", q->kind);
	json_kstr(j, "purpose", q->purpose);
	json_kstr(j, "purpose_title", q->purpose_title);
	json_kstr(j, "reason", q->reason);
	json_kstr(j, "requester", q->requester);
	json_kstr(j, "requester_name", q->requester_name);
	json_kstr(j, "requester_unit", q->requester_unit);
	json_kstr(j, "requester_kind", q->requester_kind);
	json_kstr(j, "agency", q->agency);
	json_kstr(j, "letter", q->letter);
	json_kstr(j, "officer", q->officer);
	json_kstr(j, "officer_id", q->officer_id);
	json_kstr(j, "certificate", q->certificate);
	json_ktime(j, "from", q->from_us);
	json_ktime(j, "to", q->to_us);
	json_ktime(j, "filed", q->created_us);
	json_ktime(j, "granted", q->decided_us);
	json_ktime(j, "grant_until", q->grant_until_us);
	json_kstr(j, "routes", q->routes);
	json_kstr(j, "policy", q->policy);
	json_key(j, "approvals");
	json_arr(j);
	for (size_t i = 0; i < q->nsteps; i++) {
		const struct req_step *x = &q->steps[i];

		json_obj(j);
		json_kint(j, "step", x->step);
		json_kstr(j, "title", x->title);
		json_kstr(j, "decision", x->decision);
		json_kstr(j, "signer", x->signer);
		json_kstr(j, "signer_name", x->signer_name);
		json_kstr(j, "role", x->signer_role);
		json_ktime(j, "when", x->decided_us);
		json_kstr(j, "comment", x->comment);
		json_kstr(j, "article", x->article);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_end_obj(j);
}

static void
viewing_part(struct json *j, const struct vg_viewing *v)
{
	json_key(j, "viewing");
	json_obj(j);
	json_kint(j, "id", v->id);
	json_kstr(j, "operator", v->operator_login);
	json_kstr(j, "operator_name", v->operator_name);
	json_ktime(j, "started", v->started_us);
	json_ktime(j, "ended", v->ended_us);
	json_kstr(j, "destination", v->destination);
	json_kstr(j, "handed_to", v->recipient_name);
	json_kstr(j, "handed_to_id", v->recipient_id);
	json_kstr(j, "notes", v->notes);
	json_key(j, "viewers");
	json_arr(j);
	for (size_t i = 0; i < v->npeople; i++) {
		json_obj(j);
		json_kstr(j, "name", v->people[i].name);
		json_kstr(j, "id", v->people[i].id_number);
		json_end_obj(j);
	}
	json_end_arr(j);
	json_end_obj(j);
}

static void
person(struct json *j, const char *key, const char *login, const char *name, const char *unit)
{
	json_key(j, key);
	json_obj(j);
	json_kstr(j, "login", login);
	json_kstr(j, "name", name);
	json_kstr(j, "unit", unit);
	json_end_obj(j);
}

static void
segment(struct json *j, const struct export_seg *g)
{
	char *file = xasprintf("segments/%s", g->path);

	json_obj(j);
	json_kint(j, "seq", g->seq);
	json_ktime(j, "start", g->start_us);
	json_ktime(j, "end", g->end_us);
	json_kint(j, "start_us", g->start_us);
	json_kint(j, "end_us", g->end_us);
	json_kint(j, "bytes", g->bytes);
	json_kstr(j, "sha256", g->sha256);
	json_kstr(j, "prev_chain", g->prev_chain);
	json_kstr(j, "chain", g->chain);
	json_kbool(j, "recovered", g->recovered);
	json_kstr(j, "file", file);
	json_end_obj(j);
	free(file);
}

static void
cameras_part(struct json *j, const struct export_plan *p, const struct export_video *vids,
    size_t nvids)
{
	json_key(j, "cameras");
	json_arr(j);
	for (size_t i = 0; i < p->ncams; i++) {
		const struct export_cam *c = &p->cams[i];

		json_obj(j);
		json_kstr(j, "id", c->id);
		json_kstr(j, "name", c->name);
		json_kstr(j, "location", c->location);
		json_ktime(j, "from", c->from_us);
		json_ktime(j, "to", c->to_us);
		json_key(j, "segments");
		json_arr(j);
		for (size_t k = 0; k < c->nsegs; k++)
			segment(j, &c->segs[k]);
		json_end_arr(j);
		json_key(j, "videos");
		json_arr(j);
		for (size_t k = 0; k < nvids; k++) {
			if (strcmp(vids[k].camera, c->id) != 0)
				continue;
			json_obj(j);
			json_kstr(j, "file", vids[k].path);
			json_kint(j, "first_seq", vids[k].first_seq);
			json_kint(j, "last_seq", vids[k].last_seq);
			json_ktime(j, "start", vids[k].start_us);
			json_end_obj(j);
		}
		json_end_arr(j);
		json_end_obj(j);
	}
	json_end_arr(j);
}

static void
files_part(struct json *j, const struct export_file *files, size_t n)
{
	json_key(j, "files");
	json_arr(j);
	for (size_t i = 0; i < n; i++) {
		json_obj(j);
		json_kstr(j, "path", files[i].path);
		json_kint(j, "bytes", files[i].bytes);
		json_kstr(j, "sha256", files[i].sha256);
		json_end_obj(j);
	}
	json_end_arr(j);
}

char *
exports_manifest(struct vg_site *s, const struct vg_actor *a, const struct export_plan *p,
    const struct export_file *files, size_t nfiles, const struct export_video *vids,
    size_t nvids)
{
	struct json j;
	char *flat, *pretty;

	json_init(&j);
	json_obj(&j);
	json_kstr(&j, "format", "vigil-export-1");
	json_kstr(&j, "name", p->name);
	json_ktime(&j, "created", p->created_us);
	json_ktime(&j, "expires", p->expires_us);
	json_kstr(&j, "vigil_version", VIGIL_VERSION);
	site_part(&j, s);
	request_part(&j, p->req);
	viewing_part(&j, p->viewing);
	person(&j, "recipient", p->to->login, p->to->name, p->to->unit);
	person(&j, "exporter", a->login, a->name, a->unit);
	cameras_part(&j, p, vids, nvids);
	files_part(&j, files, nfiles);
	json_key(&j, "audit_head");
	json_obj(&j);
	json_kint(&j, "id", p->audit_head_id);
	json_kstr(&j, "hash", p->audit_head);
	json_end_obj(&j);
	json_end_obj(&j);
	flat = json_done(&j);
	pretty = jsonval_pretty(flat);
	free(flat);
	return pretty;
}
