/* verify.c — `vigil verify FILE.tar`: an export checked offline, needing no site. */
#include "recorder/recorder.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "core/gov/exports.h"
#include "core/jsonval.h"
#include "core/keys.h"
#include "core/sshsig.h"
#include "core/util.h"
#include "recorder/chain.h"
#include "recorder/export-video.h"
#include "recorder/sha256.h"
#include "recorder/tar.h"

/*
 * In order, each step trusting only what the one before proved: the tar is
 * exactly as vigil writes it (every header, padding and the end); the
 * manifest carries the site's signature, by the key in allowed_signers (or
 * the one --key pins); every file the manifest lists has its size and
 * SHA-256, and nothing else is in the archive; SHA256SUMS agrees; each
 * camera's segments form an unbroken hash chain; each joined video holds
 * exactly its segments' packets.  The first problem found is the answer.
 */

#define SMALL_MAX (64 << 20)

struct vctx {
	const char		*path;
	int			 fd;
	struct tar_member	*m;
	size_t			 nm;
	char			*dir;
	char			**sha;		/* per member, once hashed */
	struct jv		*man;
	uint8_t			 pk[32];
	char			*identity;
	char			*manifest;
	size_t			 manifest_len;
	int64_t			 segments, videos, cameras;
	struct vg_err		 err;
	/* The packet comparisons, on their own thread (start_compare). */
	pthread_t		 comparer;
	int			 comparing;
	atomic_int		 stop;
	struct vres {
		int		 r;
		struct vg_err	 err;
	}			*vids;
	size_t			 nvids;
};

static int
fail(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct vctx *v, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vg_seterr(&v->err, VG_REFUSED, "%s: %s", v->path, msg);
}

/* The member at dir/rel, or -1. */
static int
find(const struct vctx *v, const char *rel)
{
	size_t dl = strlen(v->dir);

	for (size_t i = 0; i < v->nm; i++)
		if (strncmp(v->m[i].name, v->dir, dl) == 0 && v->m[i].name[dl] == '/' &&
		    strcmp(v->m[i].name + dl + 1, rel) == 0)
			return (int)i;
	return -1;
}

static char *
read_member(struct vctx *v, const char *rel, size_t *len)
{
	int i = find(v, rel);
	char *buf;

	if (i < 0) {
		fail(v, _("%s is missing"), rel);
		return NULL;
	}
	if (v->m[i].size > SMALL_MAX) {
		fail(v, _("%s is too large"), rel);
		return NULL;
	}
	buf = xmalloc((size_t)v->m[i].size + 1);
	if (pread(v->fd, buf, (size_t)v->m[i].size, v->m[i].off) != v->m[i].size) {
		free(buf);
		fail(v, _("%s cannot be read"), rel);
		return NULL;
	}
	buf[v->m[i].size] = '\0';
	*len = (size_t)v->m[i].size;
	return buf;
}

/* A member's SHA-256, hashed once (tar_hash_range: from a map, or read where
 * the file cannot be mapped); a member that cannot all be read gets the hash
 * of what could, which then matches nothing. */
static const char *
member_sha(struct vctx *v, int i)
{
	uint8_t md[32];
	struct sha256 h;

	if (v->sha[i] != NULL)
		return v->sha[i];
	sha256_init(&h);
	(void)tar_hash_range(v->fd, v->m[i].off, v->m[i].size, &h, NULL);
	sha256_final(&h, md);
	v->sha[i] = xmalloc(65);
	vg_hex(md, sizeof md, v->sha[i]);
	return v->sha[i];
}

/*---- The archive and the signature ----*/

static int
check_layout(struct vctx *v)
{
	const char *slash;

	if (v->nm == 0)
		return fail(v, "%s", _("the archive is empty"));
	slash = strchr(v->m[0].name, '/');
	if (slash == NULL || slash == v->m[0].name)
		return fail(v, _("\"%s\" is not inside the export's directory"), v->m[0].name);
	v->dir = xstrndup(v->m[0].name, (size_t)(slash - v->m[0].name));
	for (size_t i = 0; i < v->nm; i++)
		if (strncmp(v->m[i].name, v->dir, strlen(v->dir)) != 0 ||
		    v->m[i].name[strlen(v->dir)] != '/' || strstr(v->m[i].name, "/../") ||
		    strstr(v->m[i].name, "/./"))
			return fail(v, _("\"%s\" is not inside the export's directory %s/"),
			    v->m[i].name, v->dir);
	v->sha = xcalloc(v->nm, sizeof *v->sha);
	return 0;
}

/* --key: a public key line, a .pub file, or a fingerprint "SHA256:...". */
static int
check_pinned(struct vctx *v, const char *key)
{
	char fp[64], *text = NULL;
	uint8_t want[32];
	struct vg_err e;

	sshsig_fingerprint(v->pk, fp);
	if (strncmp(key, "SHA256:", 7) == 0) {
		if (strcmp(key, fp) != 0)
			return fail(v, _("allowed_signers names the key %s, not the pinned %s"), fp, key);
		return 0;
	}
	if (strncmp(key, "ssh-", 4) != 0 && (text = vg_read_file(key, NULL, 1 << 16, &e)) == NULL)
		return vg_seterr(&v->err, VG_USAGE, "--key: %s", e.msg);
	if (sshsig_parse_pubkey(text ? text : key, want, &e) != 0) {
		free(text);
		return vg_seterr(&v->err, VG_USAGE, "--key: %s", e.msg);
	}
	free(text);
	if (memcmp(want, v->pk, 32) != 0) {
		char wfp[64];

		sshsig_fingerprint(want, wfp);
		return fail(v, _("allowed_signers names the key %s, not the pinned %s"), fp, wfp);
	}
	return 0;
}

static int
check_signature(struct vctx *v, const char *key)
{
	char *signers, *sig;
	size_t len, slen;
	uint8_t pk[32];
	struct vg_err e;
	int r = -1;

	if ((signers = read_member(v, "allowed_signers", &len)) == NULL)
		return -1;
	if ((sig = read_member(v, "manifest.json.sig", &slen)) == NULL) {
		free(signers);
		return -1;
	}
	if ((v->manifest = read_member(v, "manifest.json", &v->manifest_len)) == NULL)
		goto out;
	if (sshsig_allowed_key(signers, EXPORT_SIG_NAMESPACE, v->pk, &v->identity, &e) != 0) {
		fail(v, "allowed_signers: %s", e.msg);
		goto out;
	}
	if (key != NULL && check_pinned(v, key) != 0)
		goto out;
	if (sshsig_verify(sig, slen, EXPORT_SIG_NAMESPACE, v->manifest, v->manifest_len, pk,
	    &e) != 0) {
		fail(v, _("manifest.json does not carry a good signature in manifest.json.sig: %s"),
		    e.msg);
		goto out;
	}
	if (memcmp(pk, v->pk, 32) != 0) {
		fail(v, "%s", _("manifest.json.sig was made with another key than allowed_signers "
		    "names"));
		goto out;
	}
	r = 0;
out:
	free(signers);
	free(sig);
	return r;
}

static int
check_manifest(struct vctx *v)
{
	struct vg_err e;
	uint8_t pk[32];

	if ((v->man = jv_parse(v->manifest, v->manifest_len, &e)) == NULL)
		return fail(v, "manifest.json: %s", e.msg);
	if (strcmp(jv_str(v->man, "format"), "vigil-export-1") != 0)
		return fail(v, "%s", _("manifest.json is not a vigil export manifest"));
	if (strcmp(jv_str(v->man, "name"), v->dir) != 0)
		return fail(v, _("the archive's directory %s is not the export %s the manifest names"),
		    v->dir, jv_str(v->man, "name"));
	if (sshsig_parse_pubkey(jv_str(jv_get(v->man, "site"), "public_key"), pk, &e) != 0 ||
	    memcmp(pk, v->pk, 32) != 0)
		return fail(v, "%s", _("the manifest names another site key than allowed_signers"));
	return 0;
}

/*---- Files ----*/

static int
special(const char *rel)
{
	return strcmp(rel, "manifest.json") == 0 || strcmp(rel, "manifest.json.sig") == 0 ||
	    strcmp(rel, "SHA256SUMS") == 0;
}

static int
check_files(struct vctx *v)
{
	const struct jv *files = jv_get(v->man, "files");
	char *listed = xcalloc(v->nm, 1);
	int r = -1;

	if (files == NULL || files->type != JV_ARR) {
		fail(v, "%s", _("manifest.json lists no files"));
		goto out;
	}
	for (size_t k = 0; k < files->n; k++) {
		const char *rel = jv_str(&files->items[k], "path");
		int i = find(v, rel);

		if (i < 0 || special(rel)) {
			fail(v, _("%s, listed in the manifest, is missing"), rel);
			goto out;
		}
		/* vigil writes the files in the manifest's order, then the three
		 * that describe them: any other order was made by someone else. */
		if ((size_t)i != k) {
			fail(v, _("%s is not where the manifest puts it in the archive"), rel);
			goto out;
		}
		if (v->m[i].size != jv_int(&files->items[k], "bytes", -1)) {
			fail(v, _("%s is %lld bytes; the manifest says %lld"), rel,
			    (long long)v->m[i].size, (long long)jv_int(&files->items[k], "bytes", -1));
			goto out;
		}
		if (strcmp(member_sha(v, i), jv_str(&files->items[k], "sha256")) != 0) {
			fail(v, _("%s does not match its SHA-256 in the manifest"), rel);
			goto out;
		}
		listed[i] = 1;
	}
	for (size_t i = 0; i < v->nm; i++)
		if (!listed[i] && !special(v->m[i].name + strlen(v->dir) + 1)) {
			fail(v, _("%s is in the archive but not in the manifest"), v->m[i].name);
			goto out;
		}
	if (v->nm != files->n + 3 || find(v, "manifest.json") != (int)files->n ||
	    find(v, "manifest.json.sig") != (int)files->n + 1 ||
	    find(v, "SHA256SUMS") != (int)files->n + 2) {
		fail(v, "%s", _("manifest.json, manifest.json.sig and SHA256SUMS are not the last "
		    "files of the archive, in that order"));
		goto out;
	}
	r = 0;
out:
	free(listed);
	return r;
}

/* SHA256SUMS: "HASH  PATH" for every member but itself, each right. */
static int
check_sums(struct vctx *v)
{
	size_t len, nlines = 0;
	char *text = read_member(v, "SHA256SUMS", &len), *save = NULL, *line;
	int r = -1;

	if (text == NULL)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int i;

		nlines++;
		if (strlen(line) < 67 || line[64] != ' ' || line[65] != ' ' ||
		    (i = find(v, line + 66)) < 0 || strcmp(line + 66, "SHA256SUMS") == 0) {
			fail(v, _("SHA256SUMS line %zu does not name a file of the archive"), nlines);
			goto out;
		}
		line[64] = '\0';
		if (strcmp(line, member_sha(v, i)) != 0) {
			fail(v, _("SHA256SUMS line %zu: %s does not match"), nlines, line + 66);
			goto out;
		}
	}
	if (nlines != v->nm - 1) {
		fail(v, _("SHA256SUMS lists %zu files; the archive holds %zu besides it"), nlines,
		    v->nm - 1);
		goto out;
	}
	r = 0;
out:
	free(text);
	return r;
}

/*---- Chains and videos ----*/

static int
check_chain(struct vctx *v, const struct jv *cam)
{
	const struct jv *segs = jv_get(cam, "segments");
	const char *id = jv_str(cam, "id"), *prev = NULL;
	int64_t prev_seq = 0;

	if (segs == NULL || segs->type != JV_ARR || segs->n == 0)
		return fail(v, _("camera %s has no segments in the manifest"), id);
	for (size_t k = 0; k < segs->n; k++) {
		const struct jv *g = &segs->items[k];
		int64_t seq = jv_int(g, "seq", -1);
		char link[65];
		int i = find(v, jv_str(g, "file"));

		if (i < 0 || strcmp(member_sha(v, i), jv_str(g, "sha256")) != 0)
			return fail(v, _("camera %s segment %lld: %s is missing or does not match its "
			    "SHA-256"), id, (long long)seq, jv_str(g, "file"));
		if (prev != NULL && (seq != prev_seq + 1 || strcmp(jv_str(g, "prev_chain"), prev) != 0))
			return fail(v, _("camera %s: segment %lld does not follow segment %lld in the "
			    "hash chain"), id, (long long)seq, (long long)prev_seq);
		chain_link(jv_str(g, "prev_chain"), jv_str(g, "sha256"), seq, jv_int(g, "start_us", 0),
		    jv_int(g, "end_us", 0), link);
		if (strcmp(link, jv_str(g, "chain")) != 0)
			return fail(v, _("camera %s segment %lld: its chain link does not compute"), id,
			    (long long)seq);
		prev = jv_str(g, "chain");
		prev_seq = seq;
		v->segments++;
	}
	return 0;
}

/*
 * The packet comparisons read the videos and segments a second time; they
 * run on a thread of their own while the files are hashed, and their answers
 * are taken in the order above (a flipped byte in a segment is still told as
 * that file's hash, not as the video's packets).  Until then they trust
 * nothing: they only read what the manifest and the archive say is there.
 */

/* A joined video against its segments: 0, or -1 with why in err (without
 * the archive's name, which fail() adds). */
static int
compare_video(struct vctx *v, const struct jv *cam, const struct jv *vid, struct vg_err *err)
{
	const struct jv *segs = jv_get(cam, "segments");
	const char *rel = jv_str(vid, "file");
	int64_t first = jv_int(vid, "first_seq", -1), last = jv_int(vid, "last_seq", -1);
	size_t nsegs = segs != NULL && segs->type == JV_ARR ? segs->n : 0;
	struct xv_part *parts = xcalloc(nsegs ? nsegs : 1, sizeof *parts), joined;
	int i = find(v, rel), n = 0, r = -1;

	if (i < 0) {
		vg_seterr(err, VG_REFUSED, _("%s is missing"), rel);
		goto out;
	}
	for (size_t k = 0; k < nsegs; k++) {
		int64_t seq = jv_int(&segs->items[k], "seq", -1);
		const char *f = jv_str(&segs->items[k], "file");
		int j = find(v, f);

		if (seq < first || seq > last)
			continue;
		if (j < 0) {
			vg_seterr(err, VG_REFUSED, _("%s is missing"), f);
			goto out;
		}
		parts[n++] = (struct xv_part){ v->m[j].off, v->m[j].size, f };
	}
	if (n == 0 || n != last - first + 1) {
		vg_seterr(err, VG_REFUSED, _("%s: its segments %lld-%lld are not all in the "
		    "manifest"), rel, (long long)first, (long long)last);
		goto out;
	}
	joined = (struct xv_part){ v->m[i].off, v->m[i].size, rel };
	r = xv_same_packets(v->fd, parts, (size_t)n, &joined, &v->stop, err);
out:
	free(parts);
	return r;
}

/* Every camera's videos, in the manifest's order, into v->vids. */
static void *
compare_videos(void *arg)
{
	struct vctx *v = arg;
	const struct jv *cams = jv_get(v->man, "cameras");

	for (size_t c = 0; cams != NULL && cams->type == JV_ARR && c < cams->n; c++) {
		const struct jv *vids = jv_get(&cams->items[c], "videos");

		for (size_t k = 0; vids != NULL && vids->type == JV_ARR && k < vids->n; k++) {
			struct vres *res;

			if (atomic_load(&v->stop))
				return NULL;
			v->vids = xrealloc(v->vids, (v->nvids + 1) * sizeof *v->vids);
			res = &v->vids[v->nvids];
			vg_err_clear(&res->err);
			res->r = compare_video(v, &cams->items[c], &vids->items[k], &res->err);
			v->nvids++;
		}
	}
	return NULL;
}

static void
start_compare(struct vctx *v)
{
	v->comparing = pthread_create(&v->comparer, NULL, compare_videos, v) == 0;
	if (!v->comparing)
		compare_videos(v);	/* no thread: here and now */
}

/* The comparisons' answers, once they are all in; told to stop when an
 * earlier check has already failed. */
static void
end_compare(struct vctx *v, int stop)
{
	if (stop)
		atomic_store(&v->stop, 1);
	if (v->comparing)
		pthread_join(v->comparer, NULL);
	v->comparing = 0;
}

static int
check_cameras(struct vctx *v)
{
	const struct jv *cams = jv_get(v->man, "cameras");
	size_t done = 0;

	end_compare(v, 0);
	if (cams == NULL || cams->type != JV_ARR || cams->n == 0)
		return fail(v, "%s", _("manifest.json names no camera"));
	for (size_t c = 0; c < cams->n; c++) {
		const struct jv *vids = jv_get(&cams->items[c], "videos");

		if (check_chain(v, &cams->items[c]) != 0)
			return -1;
		for (size_t k = 0; vids != NULL && k < vids->n; k++, done++) {
			VG_ASSERT(done < v->nvids);
			if (v->vids[done].r != 0)
				return fail(v, "%s", v->vids[done].err.msg);
			v->videos++;
		}
		v->cameras++;
	}
	return 0;
}

/*---- The command ----*/

static void
summary(struct vctx *v)
{
	const struct jv *req = jv_get(v->man, "request"), *to = jv_get(v->man, "recipient");
	const struct jv *by = jv_get(v->man, "exporter");
	char fp[64];

	sshsig_fingerprint(v->pk, fp);
	printf(_("%s: good\n"), v->path);
	printf(_("  signed by \"%s\" with the key %s (namespace %s)\n"), v->identity, fp,
	    EXPORT_SIG_NAMESPACE);
	printf(_("  %zu files match the manifest and SHA256SUMS\n"), v->nm);
	printf(_("  %lld cameras: %lld segments in unbroken hash chains; %lld joined videos hold "
	    "exactly their segments' packets\n"), (long long)v->cameras, (long long)v->segments,
	    (long long)v->videos);
	printf(_("  %s of request %s for %s, made %s by %s\n"), jv_str(v->man, "name"),
	    jv_str(req, "reference"), jv_str(to, "login"), jv_str(v->man, "created"),
	    jv_str(by, "login"));
}

static void
vctx_free(struct vctx *v)
{
	for (size_t i = 0; v->sha != NULL && i < v->nm; i++)
		free(v->sha[i]);
	free(v->sha);
	free(v->vids);
	tar_free_members(v->m, v->nm);
	jv_free(v->man);
	free(v->dir);
	free(v->identity);
	free(v->manifest);
	if (v->fd >= 0)
		close(v->fd);
}

/* Every check, in order; the packet comparisons start once the manifest
 * is known to be the site's. */
static int
checks(struct vctx *v, const char *key)
{
	int64_t mtime;

	if (tar_read(v->fd, v->path, &v->m, &v->nm, &mtime, &v->err) != 0 ||
	    check_layout(v) != 0 || check_signature(v, key) != 0 || check_manifest(v) != 0)
		return -1;
	start_compare(v);
	if (check_files(v) != 0 || check_sums(v) != 0 || check_cameras(v) != 0)
		return -1;
	return 0;
}

static int
verify_usage(void)
{
	fprintf(stderr, "%s", _("usage: vigil verify FILE.tar [--key KEY]\n"
	    "  KEY: the site's public key (\"ssh-ed25519 AAAA...\" or a .pub file) or its\n"
	    "  fingerprint (SHA256:...), as `vigil admin status` shows it at the site\n"));
	return 2;
}

int
verify_main(int argc, char **argv)
{
	const char *file = NULL, *key = NULL;
	struct vctx v;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
			key = argv[++i];
		else if (argv[i][0] == '-' || file != NULL)
			return verify_usage();
		else
			file = argv[i];
	}
	if (file == NULL)
		return verify_usage();
	memset(&v, 0, sizeof v);
	v.path = file;
	av_log_set_level(AV_LOG_ERROR);	/* libavformat's notes are not the user's business */
	if ((v.fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
		fprintf(stderr, _("vigil verify: cannot read %s: %s\n"), file, strerror(errno));
		return 1;
	}
	if (checks(&v, key) != 0) {
		end_compare(&v, 1);
		fprintf(stderr, "vigil verify: %s\n", v.err.msg);
		vctx_free(&v);
		return v.err.code == VG_USAGE ? 2 : 1;
	}
	summary(&v);
	vctx_free(&v);
	return 0;
}
