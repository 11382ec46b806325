/* test_exports.c — who may make an export for whom, from what footage; the download tree; expiry. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/gov/approvals.h"
#include "core/gov/downloads.h"
#include "core/gov/exports.h"
#include "core/gov/requests.h"
#include "core/gov/viewings.h"
#include "core/jsonval.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"

#define HOUR (INT64_C(3600) * 1000000)
#define DAY (24 * HOUR)
#define NOW (INT64_C(1772442000) * 1000000)	/* 2026-03-02 09:00 UTC */
#define FROM (NOW - 23 * HOUR)

static const char cameras[] =
    "cameras = (\n"
    "  { id = \"gate-1\"; name = \"Gate\"; url = \"rtsp://192.0.2.1/a\"; zone = \"entrance\"; "
    "unit = \"security\"; }\n"
    ");\n";

struct fix {
	struct vg_site	*s;
	struct vg_actor	*sh, *sh2, *gu, *it, *ann, *liaison, *insider, *outsider, *clerk, *loose;
};

static void
fix_init(struct fix *f)
{
	f->s = tu_site_cameras("default", cameras, NOW);
	f->sh = tu_person(f->s, "sh", "security_head", "security");
	f->sh2 = tu_person(f->s, "sh2", "security_head", "security");
	f->gu = tu_person(f->s, "gu", "guard", "security");
	f->it = tu_person(f->s, "it", "ict", "ict");
	f->ann = tu_person(f->s, "ann", "staff,police_liaison", "general");
	f->liaison = tu_person(f->s, "liaison", "police_liaison", NULL);
	f->insider = tu_person(f->s, "insider", "police_liaison", "general");
	f->outsider = tu_person(f->s, "outsider", "police_liaison", "ict");
	f->clerk = tu_person(f->s, "clerk", "police_liaison", NULL);	/* the court's */
	f->loose = tu_person(f->s, "loose", "police_liaison", NULL);	/* no agency */
	tu_agency(f->s, "liaison", "police");
	tu_agency(f->s, "clerk", "court");
}

static void
fix_free(struct fix *f)
{
	actor_free(f->sh);
	actor_free(f->sh2);
	actor_free(f->gu);
	actor_free(f->it);
	actor_free(f->ann);
	actor_free(f->liaison);
	actor_free(f->insider);
	actor_free(f->outsider);
	actor_free(f->clerk);
	actor_free(f->loose);
	tu_site_close(f->s);
}

/* Six one-minute segments of gate-1 from FROM, chained. */
static void
segments(struct fix *f)
{
	struct vg_stmt *st = db_prepare(f->s->db, "INSERT INTO segments (camera, seq, start_us, "
	    "end_us, path, bytes, sha256, prev_chain, chain) VALUES ('gate-1',?,?,?,?,10,?,?,?)");
	char prev[65], chain[65], sha[65], path[64];
	struct vg_err err;

	snprintf(prev, sizeof prev, "%064d", 0);
	for (int i = 1; i <= 6; i++) {
		snprintf(sha, sizeof sha, "%064x", i);
		snprintf(chain, sizeof chain, "%063x%d", i, 7);
		snprintf(path, sizeof path, "gate-1/2026-03-01/gate-1-%08d.mp4", i);
		db_bind_int(st, 1, i);
		db_bind_int(st, 2, FROM + (i - 1) * 60 * 1000000LL);
		db_bind_int(st, 3, FROM + i * 60 * 1000000LL);
		db_bind_text(st, 4, path);
		db_bind_text(st, 5, sha);
		db_bind_text(st, 6, prev);
		db_bind_text(st, 7, chain);
		assert_int_equal(db_run(st, f->s->db, &err), 0);
		db_reset(st);
		snprintf(prev, sizeof prev, "%s", chain);
	}
	db_finalize(st);
}

/* A granted request; external by sh for the police, or internal by ann. */
static char *
granted(struct fix *f, const char *kind, int external)
{
	const char *cams[] = { "gate-1" };
	struct req_draft d;
	struct vg_err err;
	char *ref;
	int g;

	memset(&d, 0, sizeof d);
	d.kind = kind;
	d.cameras = cams;
	d.ncameras = 1;
	d.from_us = FROM;
	d.to_us = FROM + HOUR;
	d.purpose = "investigation";
	d.reason = "a test";
	if (external) {
		d.requester_kind = "external";
		d.agency = "police";
		d.letter = "L1";
		d.officer = "Officer Ma";
		d.officer_id = "M1";
	}
	if (requests_create(f->s, external ? f->sh : f->ann, &d, 1, &ref, &err) != 0)
		fail_msg("requests_create: %s", err.msg);
	if (approvals_approve(f->s, external ? f->sh2 : f->sh, ref, NULL, &g, &err) != 0)
		fail_msg("approve: %s", err.msg);
	return ref;
}

static void
handover(struct fix *f, const char *ref, const char *dest)
{
	struct viewing_person p = { .name = "Officer Ma", .id_number = "M1" };
	struct vg_err err;
	int64_t id;

	struct viewing_end e = { .copied = 1, .destination = dest, .recipient = "Officer Ma",
	    .recipient_id = "M1" };

	assert_int_equal(viewings_start(f->s, f->gu, ref, &p, 1, 1, &id, &err), 0);
	if (viewings_end(f->s, f->gu, id, &e, &err) != 0)
		fail_msg("viewings_end: %s", err.msg);
}

static int
plan(struct fix *f, const struct vg_actor *a, const char *ref, const char *to,
    struct export_plan *p, struct vg_err *err)
{
	struct export_spec sp;

	memset(&sp, 0, sizeof sp);
	sp.ref = ref;
	sp.recipient = to;
	vg_err_clear(err);
	return exports_plan(f->s, a, &sp, p, err);
}

/* HHKCS 2.5.3(i), GCU art. 16: an outside body's copy goes to its liaison; an
 * internal one to the requester or their unit. */
static void
test_recipient_rule(void **state)
{
	struct fix f;
	struct export_plan p;
	struct vg_err err;
	char *ext, *in;

	(void)state;
	fix_init(&f);
	segments(&f);
	ext = granted(&f, "copy", 1);
	in = granted(&f, "copy", 0);
	handover(&f, ext, "police");
	handover(&f, in, "requester");
	assert_int_equal(plan(&f, f.it, ext, "liaison", &p, &err), 0);
	exports_plan_free(&p);
	assert_int_equal(plan(&f, f.it, ext, "insider", &p, &err), -1);
	assert_contains(err.msg, "its copy goes to that body's liaison, and insider belongs to "
	    "the school's unit \"general\"");
	assert_int_equal(plan(&f, f.it, ext, "gu", &p, &err), -1);
	assert_contains(err.msg, "none of gu's roles lets them download signed exports");
	/* Only the liaison of the body that asked, never another body's. */
	assert_int_equal(plan(&f, f.it, ext, "clerk", &p, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "vigil default §2: ");
	assert_contains(err.msg, " was asked for by Police (agency \"police\"): its copy goes to "
	    "that body's liaison, not to clerk, the liaison of Court (agency \"court\")");
	assert_int_equal(plan(&f, f.it, ext, "loose", &p, &err), -1);
	assert_contains(err.msg, "its copy goes to that body's liaison, and loose is no agency's "
	    "liaison (vigil admin user agency loose police)");
	assert_int_equal(plan(&f, f.it, in, "ann", &p, &err), 0);
	exports_plan_free(&p);
	assert_int_equal(plan(&f, f.it, in, "insider", &p, &err), 0);
	exports_plan_free(&p);
	assert_int_equal(plan(&f, f.it, in, "outsider", &p, &err), -1);
	assert_contains(err.msg, "goes to its requester ann or a member of their unit \"general\", "
	    "not to outsider");
	assert_int_equal(plan(&f, f.it, in, "liaison", &p, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	free(ext);
	free(in);
	fix_free(&f);
}

static void
test_plan_needs_copy_grant_handover_and_whole_chain(void **state)
{
	struct fix f;
	struct export_plan p;
	struct vg_err err;
	char *view, *copy;

	(void)state;
	fix_init(&f);
	segments(&f);
	view = granted(&f, "view", 1);
	copy = granted(&f, "copy", 1);
	assert_int_equal(plan(&f, f.gu, copy, "liaison", &p, &err), -1);
	assert_contains(err.msg, "your roles cannot make signed exports of footage");
	assert_int_equal(plan(&f, f.it, view, "liaison", &p, &err), -1);
	assert_contains(err.msg, "grants viewing only; a view grant never yields a copy");
	assert_int_equal(plan(&f, f.it, copy, "liaison", &p, &err), -1);
	assert_contains(err.msg, "has recorded a copy handed over");
	handover(&f, copy, "police");
	assert_int_equal(plan(&f, f.it, copy, "liaison", &p, &err), 0);
	assert_int_equal(p.ncams, 1);
	assert_int_equal(p.cams[0].nsegs, 6);
	assert_int_equal(p.expires_us, NOW + 14 * DAY);
	assert_true(strstr(p.file, "-E1.tar") != NULL);
	exports_plan_free(&p);
	/* A broken link and a missing segment are refused, naming them. */
	assert_int_equal(tu_sql_raw(f.s->cfg.db_path, "UPDATE segments SET prev_chain = 'x' "
	    "WHERE seq = 4"), 0);
	assert_int_equal(plan(&f, f.it, copy, "liaison", &p, &err), -1);
	assert_contains(err.msg, "the hash chain breaks between segments 3 and 4");
	assert_int_equal(tu_sql_raw(f.s->cfg.db_path, "DELETE FROM segments WHERE seq = 4"), 0);
	assert_int_equal(plan(&f, f.it, copy, "liaison", &p, &err), -1);
	assert_contains(err.msg, "segments 4 to 4 are missing from the index");
	free(view);
	free(copy);
	fix_free(&f);
}

/* Records an export whose "file" is a few bytes in paths.exports. */
static void
record(struct fix *f, const char *ref, const char *to, char **file)
{
	struct export_plan p;
	struct vg_err err;
	char *path;

	assert_int_equal(plan(f, f->it, ref, to, &p, &err), 0);
	assert_int_equal(vg_mkdirs(f->s->cfg.exports_dir, 0750, &err), 0);
	path = vg_path_join(f->s->cfg.exports_dir, p.file);
	tu_write(path, "0123456789");
	if (exports_record(f->s, f->it, &p, 10, "abc", &err) != 0)
		fail_msg("exports_record: %s", err.msg);
	*file = xstrdup(p.file);
	free(path);
	exports_plan_free(&p);
}

static void
test_download_tree(void **state)
{
	struct fix f;
	struct dl_entry *v, e;
	struct dl_file df;
	struct vg_err err;
	size_t n;
	char *ref, *file, *path, *norm;

	(void)state;
	fix_init(&f);
	segments(&f);
	ref = granted(&f, "copy", 1);
	handover(&f, ref, "police");
	record(&f, ref, "liaison", &file);
	path = xasprintf("/exports/%s", file);
	assert_int_equal(dl_list(f.s, f.liaison, "/", &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "exports");
	dl_free_entries(v, n);
	assert_int_equal(dl_list(f.s, f.liaison, "exports/", &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, file);
	assert_int_equal(v[0].size, 10);
	dl_free_entries(v, n);
	assert_int_equal(dl_list(f.s, f.insider, "/exports", &v, &n, &err), 0);
	assert_int_equal(n, 0);
	dl_free_entries(v, n);
	assert_int_equal(dl_list(f.s, f.gu, "/exports", &v, &n, &err), -1);
	assert_contains(err.msg, "your roles cannot download the signed exports made for your requests");
	assert_int_equal(dl_stat(f.s, f.insider, path, &e, &err), -1);
	assert_int_equal(err.code, VG_NOTFOUND);
	assert_contains(err.msg, "is yours to download");
	/* Opening records the download; closing says how it went. */
	assert_int_equal(dl_open(f.s, f.liaison, path, "sftp", &df, &err), 0);
	assert_true(df.fd >= 0);
	assert_int_equal(dl_close(f.s, f.liaison, &df, 4, 6, 1, &err), 0);
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM downloads WHERE from_offset = 4 "
	    "AND bytes = 6 AND complete = 1", NULL, 0), 1);
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'export.download' AND detail LIKE '%bytes=6; from=4; complete=yes'", NULL, 0), 1);
	/* Paths. */
	assert_int_equal(dl_path("exports/./a/../b.tar", &norm, &err), 0);
	assert_string_equal(norm, "/exports/b.tar");
	free(norm);
	assert_int_equal(dl_path("//", &norm, &err), 0);
	assert_string_equal(norm, "/");
	free(norm);
	assert_int_equal(dl_path("/exports/../..", &norm, &err), -1);
	assert_contains(err.msg, "leads out of the download tree, which holds only /exports/");
	assert_int_equal(dl_stat(f.s, f.liaison, "/etc/passwd", &e, &err), -1);
	assert_contains(err.msg, "/etc/passwd is not in the download tree");
	assert_int_equal(dl_stat(f.s, f.liaison, "/exports/x/y", &e, &err), -1);
	free(path);
	free(file);
	free(ref);
	fix_free(&f);
}

/* exports.keep_days after creation the export is refused, then its file removed. */
static void
test_expiry_and_revocation(void **state)
{
	struct fix f;
	struct dl_entry e;
	struct dl_file df;
	struct vg_err err;
	char *ref, *file, *file2, *path, *disk;
	int removed;

	(void)state;
	fix_init(&f);
	segments(&f);
	ref = granted(&f, "copy", 1);
	handover(&f, ref, "police");
	record(&f, ref, "liaison", &file);
	record(&f, ref, "liaison", &file2);
	assert_true(strstr(file2, "-E2.tar") != NULL);
	path = xasprintf("/exports/%s", file2);
	assert_int_equal(exports_revoke(f.s, f.liaison, file2, "wrong", &err), -1);
	assert_contains(err.msg, "your roles cannot make signed exports of footage");
	assert_int_equal(exports_revoke(f.s, f.it, file2, " ", &err), -1);
	assert_int_equal(exports_revoke(f.s, f.it, file2, "wrong officer", &err), 0);
	disk = vg_path_join(f.s->cfg.exports_dir, file2);
	assert_int_equal(access(disk, F_OK), -1);
	free(disk);
	assert_int_equal(dl_open(f.s, f.liaison, path, "scp", &df, &err), -1);
	assert_contains(err.msg, "was revoked on 2026-03-02 09:00:00: wrong officer");
	free(path);
	clock_set_fixed(NOW + 15 * DAY);
	path = xasprintf("/exports/%s", file);
	assert_int_equal(dl_stat(f.s, f.liaison, path, &e, &err), -1);
	assert_contains(err.msg, "expired on 2026-03-16 09:00:00 (exports can be downloaded for 14 days)");
	assert_int_equal(exports_expire(f.s, "vigil-serve", clock_now(), &removed, &err), 0);
	assert_int_equal(removed, 1);
	disk = vg_path_join(f.s->cfg.exports_dir, file);
	assert_int_equal(access(disk, F_OK), -1);
	free(disk);
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'export.remove' AND actor = 'vigil-serve' AND detail LIKE 'reason=expired;%'", NULL, 0), 1);
	assert_int_equal(exports_expire(f.s, "vigil-serve", clock_now(), &removed, &err), 0);
	assert_int_equal(removed, 0);
	clock_set_fixed(NOW);
	free(path);
	free(file);
	free(file2);
	free(ref);
	fix_free(&f);
}

/* A grant withdrawn or closed by its report takes its ready exports with it. */
static void
test_grant_end_revokes_exports(void **state)
{
	struct fix f;
	struct dl_file df;
	struct vg_err err;
	char *ref, *file, *path, *disk, *want;

	(void)state;
	fix_init(&f);
	segments(&f);
	for (int close = 0; close < 2; close++) {
		ref = granted(&f, "copy", 1);
		handover(&f, ref, "police");
		record(&f, ref, "liaison", &file);
		if (close)
			assert_int_equal(reports_file(f.s, f.sh, ref, "handed to the police", &err), 0);
		else
			assert_int_equal(requests_withdraw(f.s, f.sh, ref, &err), 0);
		disk = vg_path_join(f.s->cfg.exports_dir, file);
		assert_int_equal(access(disk, F_OK), -1);
		path = xasprintf("/exports/%s", file);
		assert_int_equal(dl_open(f.s, f.liaison, path, "sftp", &df, &err), -1);
		want = xasprintf("request %s %s; its copies end with its grant (vigil default §2)", ref,
		    close ? "closed by its usage report" : "withdrawn");
		assert_contains(err.msg, want);
		free(want);
		want = xasprintf("reason=request %s %s; its copies end with its grant (vigil default "
		    "§2); downloads=0", ref, close ? "closed by its usage report" : "withdrawn");
		assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
		    "'export.revoke' AND actor = 'sh' AND detail = ?", want, 0), 1);
		free(want);
		free(path);
		free(disk);
		free(file);
		free(ref);
	}
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'export.revoke' AND actor = 'sh'", NULL, 0), 2);
	assert_int_equal(db_scalar(f.s->db, "SELECT COUNT(*) FROM audit WHERE action = "
	    "'export.remove' AND actor = 'sh' AND detail LIKE 'reason=revoked;%'", NULL, 0), 2);
	fix_free(&f);
}

static void
test_json_values_read_back(void **state)
{
	static const char text[] = "{\"a\":\"x\\u00e9\\ud83d\\ude00\\n\",\"n\":-12,\"l\":[1,true,null,{}],"
	    "\"o\":{\"k\":\"v\"}}";
	struct vg_err err;
	struct jv *v = jv_parse(text, strlen(text), &err);
	char *pretty;

	(void)state;
	assert_non_null(v);
	assert_string_equal(jv_str(v, "a"), "x\xc3\xa9\xf0\x9f\x98\x80\n");
	assert_int_equal(jv_int(v, "n", 0), -12);
	assert_int_equal(jv_get(v, "l")->n, 4);
	assert_string_equal(jv_str(jv_get(v, "o"), "k"), "v");
	jv_free(v);
	pretty = jsonval_pretty(text);
	assert_contains(pretty, "{\n  \"a\": ");
	assert_contains(pretty, "\"l\": [\n    1,\n    true,\n    null,\n    {}\n  ],");
	v = jv_parse(pretty, strlen(pretty), &err);
	assert_non_null(v);
	jv_free(v);
	free(pretty);
	static const char *const bad[] = { "{", "[1,]", "{\"a\" 1}", "1.5", "\"\\u0000\"",
	    "\"\\ud800\"", "[01]", "{} x", "\"\x01\"" };
	for (size_t i = 0; i < VG_ARRLEN(bad); i++) {
		v = jv_parse(bad[i], strlen(bad[i]), &err);
		if (v != NULL)
			fail_msg("\"%s\" parsed", bad[i]);
		assert_contains(err.msg, "malformed JSON at byte");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recipient_rule),
		cmocka_unit_test(test_plan_needs_copy_grant_handover_and_whole_chain),
		cmocka_unit_test(test_download_tree),
		cmocka_unit_test(test_expiry_and_revocation),
		cmocka_unit_test(test_grant_end_revokes_exports),
		cmocka_unit_test(test_json_values_read_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
