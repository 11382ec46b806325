/* export.c — building an export's signed tar: segments, joined videos, manifest, signature, sums. */
#include "recorder/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "core/gov/exports.h"
#include "core/site.h"
#include "core/sshsig.h"
#include "core/timefmt.h"
#include "core/users.h"
#include "core/util.h"
#include "core/version.h"
#include "recorder/chain.h"
#include "recorder/export-join.h"
#include "recorder/tar.h"

/*
 * The tar holds one directory named after the export, in this order: the
 * segments, the joined videos, README.txt, allowed_signers, manifest.json,
 * manifest.json.sig and SHA256SUMS.  The manifest lists every file before it
 * with its hash; SHA256SUMS lists every file but itself.  The file is built
 * under a hidden name, made durable, given its final name (never over an
 * existing one) and only then recorded: a download can only ever find a
 * complete, recorded bundle.
 *
 * The layout is known from the index before a byte is written, so the joined
 * videos are made on a second core (export-join.c) at their place while the
 * segments are copied; the segments' bytes are checked against the index as
 * they go in, and every byte enters its member's hash and the archive's once.
 */

struct build {
	struct vg_site		*s;
	const struct vg_actor	*a;
	struct export_plan	 p;
	struct tar_w		 t;
	int			 fd, tar_open;
	char			*part, *final;
	struct export_file	*files;
	size_t			 nfiles;
	struct export_video	*vids;
	size_t			 nvids;
	struct xj		*join;		/* the videos, joined beside the copying */
};

static void
add_file(struct build *b, char *path, int64_t bytes, const char *sha)
{
	struct export_file *f;

	b->files = xrealloc(b->files, (b->nfiles + 1) * sizeof *b->files);
	f = &b->files[b->nfiles++];
	f->path = path;
	f->bytes = bytes;
	snprintf(f->sha256, sizeof f->sha256, "%s", sha);
}

/* A member from memory, listed in the manifest's files. */
static int
put_text(struct build *b, const char *rel, const char *text, int listed, char sha[65],
    struct vg_err *err)
{
	char *name = xasprintf("%s/%s", b->p.name, rel);
	int r = tar_w_put(&b->t, name, text, strlen(text), sha, err);

	free(name);
	if (r == 0 && listed)
		add_file(b, xstrdup(rel), (int64_t)strlen(text), sha);
	return r;
}

/*---- Segments, byte for byte ----*/

static int
copy_segment(struct build *b, const struct export_cam *c, const struct export_seg *g,
    struct vg_err *err)
{
	char *src = vg_path_join(b->s->cfg.storage_dir, g->path);
	char *rel = xasprintf("segments/%s", g->path), *name = xasprintf("%s/%s", b->p.name, rel);
	char sha[65], link[65];
	int fd = open(src, O_RDONLY | O_CLOEXEC), r = -1;

	if (fd < 0) {
		vg_seterr(err, VG_REFUSED, _("camera \"%s\" segment %lld (%s) cannot be read: %s; "
		    "nothing was exported"), c->id, (long long)g->seq, g->path, strerror(errno));
		goto out;
	}
	if (tar_w_copy(&b->t, name, fd, g->bytes, sha, err) != 0)
		goto out;
	chain_link(g->prev_chain, sha, g->seq, g->start_us, g->end_us, link);
	/* DESIGN §5: an export from a segment that fails its hash is refused. */
	if (strcmp(sha, g->sha256) != 0 || strcmp(link, g->chain) != 0) {
		vg_seterr(err, VG_REFUSED, _("camera \"%s\" segment %lld (%s) no longer matches its "
		    "SHA-256 and chain link; nothing was exported (footage verify names it)"), c->id,
		    (long long)g->seq, g->path);
		goto out;
	}
	add_file(b, rel, g->bytes, sha);
	rel = NULL;
	r = 0;
out:
	if (fd >= 0)
		close(fd);
	free(src);
	free(rel);
	free(name);
	return r;
}

/*---- Joined videos ----*/

/* Where the first joined video's data goes: after every segment member. */
static int64_t
videos_offset(const struct build *b)
{
	int64_t off = b->t.off;

	for (size_t i = 0; i < b->p.ncams; i++)
		for (size_t k = 0; k < b->p.cams[i].nsegs; k++)
			off += tar_span(b->p.cams[i].segs[k].bytes);
	return off + TAR_BLOCK;
}

/* A video the joiner finished, made a member: its header, and its bytes
 * read back into its hash and the archive's. */
static int
add_video(struct build *b, const struct xj_video *x, struct vg_err *err)
{
	const struct export_cam *c = &b->p.cams[x->cam];
	const struct export_seg *first = &c->segs[x->g.first], *last = &first[x->g.count - 1];
	char *name = xasprintf("%s/%s", b->p.name, x->rel), sha[65];
	struct export_video *v;
	int64_t at = tar_w_reserve(&b->t);
	int r;

	VG_ASSERT(at == x->off);	/* the segments took the room their records said */
	r = tar_w_commit(&b->t, name, x->size, sha, err);
	free(name);
	if (r != 0)
		return -1;
	b->vids = xrealloc(b->vids, (b->nvids + 1) * sizeof *b->vids);
	v = &b->vids[b->nvids++];
	v->camera = c->id;
	v->path = xstrdup(x->rel);
	v->first_seq = first->seq;
	v->last_seq = last->seq;
	v->start_us = first->start_us;
	add_file(b, xstrdup(x->rel), x->size, sha);
	return 0;
}

static int
add_videos(struct build *b, struct vg_err *err)
{
	struct xj_video x;
	int r;

	while ((r = xj_next(b->join, &x, err)) == 0)
		if (add_video(b, &x, err) != 0)
			return -1;
	return r < 0 ? -1 : 0;
}

/*---- The small files ----*/

static char *
readme(const struct build *b)
{
	char *id = sshsig_identity(b->s->cfg.site_name), *key = sshsig_pubkey_line(b->s->sign_pk);
	char fp[64], t[32];
	struct vg_buf o;

	sshsig_fingerprint(b->s->sign_pk, fp);
	buf_init(&o);
	buf_printf(&o, "%s - evidence export from %s (vigil %s)\n\n", b->p.name,
	    b->s->cfg.site_name, VIGIL_VERSION);
	buf_printf(&o, "Footage copied for %s (%s), made %s.\n\n", b->p.to->name, b->p.to->login,
	    time_fmt_iso(b->p.created_us, t));
	buf_puts(&o,
	    "  segments/CAMERA/DAY/*.mp4  the original segment files, byte for byte as recorded\n"
	    "  video/CAMERA.mp4           each camera's footage joined into one MP4 to play\n"
	    "  manifest.json              the request, its approvals, the hand-over, the recipient,\n"
	    "                             every file's and segment's SHA-256 and chain link\n"
	    "  manifest.json.sig          the site's SSH signature of manifest.json\n"
	    "  allowed_signers            the site's public key, for ssh-keygen\n"
	    "  SHA256SUMS                 the SHA-256 of every other file\n\n");
	buf_printf(&o, "To check it with OpenSSH and coreutils alone, in this directory:\n\n"
	    "  ssh-keygen -Y verify -f allowed_signers -I '%s' -n %s -s manifest.json.sig "
	    "< manifest.json\n  sha256sum -c SHA256SUMS\n\n", id, EXPORT_SIG_NAMESPACE);
	buf_printf(&o, "The key must be the site's: its fingerprint is %s;\ncompare it with the one "
	    "`vigil admin status` shows at the site.\n\n", fp);
	buf_printf(&o, "To check the archive as a whole with vigil, offline (also that each camera's "
	    "hash\nchain is unbroken and that the joined videos hold exactly the segments' "
	    "packets):\n\n  vigil verify %s --key '%s'\n\n", b->p.file, key);
	buf_printf(&o, "%s - %s 的证据导出 (vigil %s)\n\n", b->p.name, b->s->cfg.site_name,
	    VIGIL_VERSION);
	buf_printf(&o, "仅用 OpenSSH 和 coreutils 核验（在本目录下）：\n\n"
	    "  ssh-keygen -Y verify -f allowed_signers -I '%s' -n %s -s manifest.json.sig "
	    "< manifest.json\n  sha256sum -c SHA256SUMS\n\n", id, EXPORT_SIG_NAMESPACE);
	buf_printf(&o, "签名密钥必须是本单位的：其指纹为 %s，可与本单位 `vigil admin status` "
	    "显示的指纹比对。\n\n用 vigil 离线核验整个归档（另核验各摄像头的哈希链完整，"
	    "以及合并视频恰好包含各片段的数据包）：\n\n  vigil verify %s --key '%s'\n", fp,
	    b->p.file, key);
	free(id);
	free(key);
	return buf_steal(&o);
}

static int
small_files(struct build *b, struct vg_err *err)
{
	char *text = readme(b), *signers, *manifest = NULL, *sig = NULL, sha[65];
	struct vg_buf sums;
	int r = -1;

	signers = sshsig_allowed_signers(b->s->cfg.site_name, EXPORT_SIG_NAMESPACE, b->s->sign_pk);
	buf_init(&sums);
	if (put_text(b, "README.txt", text, 1, sha, err) != 0 ||
	    put_text(b, "allowed_signers", signers, 1, sha, err) != 0)
		goto out;
	manifest = exports_manifest(b->s, b->a, &b->p, b->files, b->nfiles, b->vids, b->nvids);
	sig = sshsig_sign(b->s->sign_sk, b->s->sign_pk, EXPORT_SIG_NAMESPACE, manifest,
	    strlen(manifest));
	for (size_t i = 0; i < b->nfiles; i++)
		buf_printf(&sums, "%s  %s\n", b->files[i].sha256, b->files[i].path);
	if (put_text(b, "manifest.json", manifest, 0, sha, err) != 0)
		goto out;
	buf_printf(&sums, "%s  %s\n", sha, "manifest.json");
	if (put_text(b, "manifest.json.sig", sig, 0, sha, err) != 0)
		goto out;
	buf_printf(&sums, "%s  %s\n", sha, "manifest.json.sig");
	r = put_text(b, "SHA256SUMS", sums.s, 0, sha, err);
out:
	buf_free(&sums);
	free(text);
	free(signers);
	free(manifest);
	free(sig);
	return r;
}

/*---- The whole ----*/

/* The hidden file the bundle is built in, locked against a second builder. */
static int
open_part(struct build *b, struct vg_err *err)
{
	if (vg_mkdirs(b->s->cfg.exports_dir, 0750, err) != 0)
		return -1;
	b->part = xasprintf("%s/.%s.part", b->s->cfg.exports_dir, b->p.file);
	b->final = vg_path_join(b->s->cfg.exports_dir, b->p.file);
	b->fd = open(b->part, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
	if (b->fd < 0)
		return vg_seterr(err, VG_FAILED, _("cannot create %s: %s"), b->part, strerror(errno));
	if (flock(b->fd, LOCK_EX | LOCK_NB) != 0) {
		close(b->fd);
		b->fd = -1;
		return vg_seterr(err, VG_CONFLICT, _("%s is being made by someone else now"),
		    b->p.file);
	}
	if (ftruncate(b->fd, 0) != 0)
		return vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), b->part, strerror(errno));
	if (tar_w_open(&b->t, b->fd, b->part, b->p.created_us / 1000000, err) != 0)
		return -1;
	b->tar_open = 1;
	return 0;
}

static int
build_tar(struct build *b, struct export_made *m, struct vg_err *err)
{
	if (open_part(b, err) != 0)
		return -1;
	b->join = xj_start(b->fd, videos_offset(b), b->s->cfg.storage_dir, b->p.name, b->p.cams,
	    b->p.ncams);
	for (size_t i = 0; i < b->p.ncams; i++)
		for (size_t k = 0; k < b->p.cams[i].nsegs; k++)
			if (copy_segment(b, &b->p.cams[i], &b->p.cams[i].segs[k], err) != 0)
				return -1;
	if (add_videos(b, err) != 0)
		return -1;
	if (small_files(b, err) != 0)
		return -1;
	b->tar_open = 0;
	return tar_w_close(&b->t, m->sha256, &m->bytes, err);
}

/* The final name, never over another file; then the record. */
static int
publish(struct build *b, struct export_made *m, struct vg_err *err)
{
	if (link(b->part, b->final) != 0)
		return vg_seterr(err, errno == EEXIST ? VG_CONFLICT : VG_FAILED,
		    _("cannot name %s: %s"), b->final, strerror(errno));
	vg_fsync_dir(b->s->cfg.exports_dir);
	if (exports_record(b->s, b->a, &b->p, m->bytes, m->sha256, err) != 0) {
		unlink(b->final);
		return -1;
	}
	return 0;
}

static void
build_free(struct build *b)
{
	xj_end(b->join);
	if (b->tar_open)
		tar_w_abort(&b->t);
	if (b->fd >= 0) {
		unlink(b->part);
		close(b->fd);
	}
	for (size_t i = 0; i < b->nfiles; i++)
		free(b->files[i].path);
	free(b->files);
	for (size_t i = 0; i < b->nvids; i++)
		free(b->vids[i].path);
	free(b->vids);
	free(b->part);
	free(b->final);
	exports_plan_free(&b->p);
}

int
export_create(struct vg_site *s, const struct vg_actor *a, const struct export_spec *sp,
    struct export_made *m, struct vg_err *err)
{
	struct build b;
	int r = -1;

	memset(m, 0, sizeof *m);
	memset(&b, 0, sizeof b);
	av_log_set_level(AV_LOG_ERROR);	/* libavformat's notes are not the user's business */
	b.s = s;
	b.a = a;
	b.fd = -1;
	if (exports_plan(s, a, sp, &b.p, err) != 0)
		return -1;
	if (!s->have_sk && site_load_signing_key(s, err) != 0)
		goto out;
	if (build_tar(&b, m, err) != 0 || publish(&b, m, err) != 0)
		goto out;
	m->file = xstrdup(b.p.file);
	m->recipient = xstrdup(b.p.recipient);
	m->expires_us = b.p.expires_us;
	m->cameras = (int)b.p.ncams;
	for (size_t i = 0; i < b.p.ncams; i++)
		m->segments += (int64_t)b.p.cams[i].nsegs;
	r = 0;
out:
	build_free(&b);
	return r;
}

void
export_made_free(struct export_made *m)
{
	free(m->file);
	free(m->recipient);
	memset(m, 0, sizeof *m);
}
