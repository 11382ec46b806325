/* test_tar.c — the export tar: written canonically, read back, any changed byte found. */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>

#include "core/util.h"
#include "recorder/tar.h"

static int
run(const char *cmd)
{
	int r = system(cmd);

	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

/* Writes a tar with a small member, a copied one and a reserved one. */
static char *
make_tar(const char *dir, char sha[3][65], char tarsha[65], int64_t *bytes)
{
	char *path = xasprintf("%s/t.tar", dir), *src = xasprintf("%s/src", dir);
	char *longname = xasprintf("REQ-1/%s/%s", "segments/camera-with-a-long-name-0123456789",
	    "2026-03-01/camera-with-a-long-name-0123456789-00000001.mp4");
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0640), sfd;
	struct tar_w t;
	struct vg_err err;
	int64_t off;

	tu_write(src, "segment bytes, 29 of them!!!\n");
	sfd = open(src, O_RDONLY);
	assert_int_equal(tar_w_open(&t, fd, path, 1772442000, &err), 0);
	assert_int_equal(tar_w_put(&t, "REQ-1/README.txt", "hello\n", 6, sha[0], &err), 0);
	assert_int_equal(tar_w_copy(&t, longname, sfd, 29, sha[1], &err), 0);
	off = tar_w_reserve(&t);
	assert_int_equal(pwrite(fd, "0123456789", 10, off), 10);
	assert_int_equal(tar_w_commit(&t, "REQ-1/video/a.mp4", 10, sha[2], &err), 0);
	assert_int_equal(tar_w_close(&t, tarsha, bytes, &err), 0);
	close(sfd);
	close(fd);
	free(src);
	free(longname);
	return path;
}

static void
test_tar_reads_back_and_gnu_tar_agrees(void **state)
{
	char *dir = tu_tmpdir(), sha[3][65], tarsha[65], *path, *cmd;
	struct tar_member *m;
	struct vg_err err;
	size_t n;
	int64_t bytes, mtime;
	int fd;

	(void)state;
	path = make_tar(dir, sha, tarsha, &bytes);
	assert_string_equal(sha[0], "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
	fd = open(path, O_RDONLY);
	assert_int_equal(tar_read(fd, path, &m, &n, &mtime, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(mtime, 1772442000);
	assert_string_equal(m[2].name, "REQ-1/video/a.mp4");
	assert_int_equal(m[1].size, 29);
	assert_int_equal(bytes, 512 * 6 + 1024);
	tar_free_members(m, n);
	close(fd);
	/* GNU tar reads it, and sha256sum agrees with the archive's digest. */
	cmd = xasprintf("cd '%s' && tar -xf t.tar && test \"$(cat REQ-1/video/a.mp4)\" = 0123456789 "
	    "&& sha256sum t.tar | grep -q %s", dir, tarsha);
	assert_int_equal(run(cmd), 0);
	free(cmd);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

/* Every byte of the archive matters: headers, data aside, padding and end. */
static void
test_any_changed_byte_outside_data_is_found(void **state)
{
	char *dir = tu_tmpdir(), sha[3][65], tarsha[65], *path;
	int64_t bytes, mtime;
	struct tar_member *m;
	struct vg_err err;
	size_t n;
	int fd;

	(void)state;
	path = make_tar(dir, sha, tarsha, &bytes);
	fd = open(path, O_RDWR);
	for (int64_t off = 0; off < bytes; off++) {
		uint8_t b, x;
		int data = (off >= 512 && off < 518) || (off >= 1536 && off < 1565) ||
		    (off >= 2560 && off < 2570);

		assert_int_equal(pread(fd, &b, 1, off), 1);
		x = b ^ 0x10;
		assert_int_equal(pwrite(fd, &x, 1, off), 1);
		m = NULL;
		n = 0;
		if (tar_read(fd, path, &m, &n, &mtime, &err) == 0 && !data)
			fail_msg("a changed byte at %lld went unnoticed", (long long)off);
		if (data && m == NULL)
			fail_msg("a changed data byte at %lld broke the archive: %s", (long long)off,
			    err.msg);
		tar_free_members(m, n);
		assert_int_equal(pwrite(fd, &b, 1, off), 1);
	}
	/* A byte too many or too few at the end. */
	assert_int_equal(pwrite(fd, "", 1, bytes), 1);
	assert_int_equal(tar_read(fd, path, &m, &n, &mtime, &err), -1);
	assert_int_equal(ftruncate(fd, bytes - 512), 0);
	assert_int_equal(tar_read(fd, path, &m, &n, &mtime, &err), -1);
	close(fd);
	free(path);
	tu_rm_rf(dir);
	free(dir);
}

static void
test_headers_of_large_members_and_long_names(void **state)
{
	uint8_t h[TAR_BLOCK];
	char name[300];

	(void)state;
	assert_int_equal(tar_header(h, "a/b", INT64_C(10) << 30, 0), 0);
	assert_int_equal(h[124], 0x80);		/* base-256 from 8 GiB on */
	assert_int_equal(tar_header(h, "a/b", INT64_C(077777777777), 0), 0);
	assert_int_equal(h[124], '7');
	memset(name, 'x', 120);
	name[120] = '\0';
	assert_int_equal(tar_header(h, name, 1, 0), -1);	/* no '/' to split at */
	name[50] = '/';
	assert_int_equal(tar_header(h, name, 1, 0), 0);
	assert_memory_equal(h + 345, name, 50);
}

/*---- The two ways a member is copied ----*/

#define BIG (3 * (1 << 20) + 77)	/* several copy buffers, and a partial block */

/* A pipe whose other end a child fills with data[0..n) and closes: the kernel
 * cannot copy from it, so tar_w_copy reads it through its buffer. */
static int
pipe_of(const uint8_t *data, size_t n, pid_t *pid)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		close(p[0]);
		while (n > 0) {
			ssize_t k = write(p[1], data, n);

			if (k <= 0)
				_exit(1);
			data += k;
			n -= (size_t)k;
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/* A tar of one member of `stated` bytes copied from a file holding data[0..n)
 * (through a pipe if piped); returns tar_w_copy's result, sha the member's
 * hash, tarsha the archive's. */
static int
tar_of(const char *dir, const char *tar, const uint8_t *data, size_t n, int64_t stated,
    int piped, char sha[65], char tarsha[65], struct vg_err *err)
{
	char *path = xasprintf("%s/%s", dir, tar), *src = xasprintf("%s/src", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0640), sfd, r;
	struct tar_w t;
	int64_t bytes;
	pid_t pid = -1;

	sfd = open(src, O_RDWR | O_CREAT | O_TRUNC, 0640);
	assert_int_equal(write(sfd, data, n), (ssize_t)n);
	assert_int_equal(lseek(sfd, 0, SEEK_SET), 0);
	if (piped) {
		close(sfd);
		sfd = pipe_of(data, n, &pid);
	}
	assert_int_equal(tar_w_open(&t, fd, path, 1772442000, err), 0);
	assert_int_equal(tar_w_put(&t, "REQ-1/README.txt", "hello\n", 6, sha, err), 0);
	r = tar_w_copy(&t, "REQ-1/segments/a.mp4", sfd, stated, sha, err);
	if (r == 0)
		assert_int_equal(tar_w_close(&t, tarsha, &bytes, err), 0);
	else
		tar_w_abort(&t);
	close(sfd);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	close(fd);
	free(path);
	free(src);
	return r;
}

/* Copied by the kernel and hashed where it landed, or read through a buffer:
 * the same archive, the same hashes, both right. */
static void
test_copy_by_kernel_and_by_reading_agree(void **state)
{
	char *dir = tu_tmpdir(), sha[2][65], tarsha[2][65], hex[65], *cmd;
	uint8_t *data = xmalloc(BIG), md[32];
	struct vg_err err;

	(void)state;
	randombytes_buf(data, BIG);
	assert_int_equal(tar_of(dir, "k.tar", data, BIG, BIG, 0, sha[0], tarsha[0], &err), 0);
	assert_int_equal(tar_of(dir, "r.tar", data, BIG, BIG, 1, sha[1], tarsha[1], &err), 0);
	crypto_hash_sha256(md, data, BIG);
	vg_hex(md, sizeof md, hex);
	assert_string_equal(sha[0], hex);
	assert_string_equal(sha[1], hex);
	assert_string_equal(tarsha[0], tarsha[1]);
	cmd = xasprintf("cd '%s' && cmp -s k.tar r.tar && sha256sum k.tar | grep -q %s && "
	    "tar -xOf k.tar REQ-1/segments/a.mp4 | cmp -s - src", dir, tarsha[0]);
	assert_int_equal(run(cmd), 0);
	free(cmd);
	free(data);
	tu_rm_rf(dir);
	free(dir);
}

/* A file longer or shorter than its record is refused, both ways. */
static void
test_copy_of_the_wrong_length_is_refused(void **state)
{
	char *dir = tu_tmpdir(), sha[65], tarsha[65];
	uint8_t *data = xmalloc(BIG);
	struct vg_err err;

	(void)state;
	randombytes_buf(data, BIG);
	for (int piped = 0; piped < 2; piped++) {
		assert_int_equal(tar_of(dir, "t.tar", data, BIG, BIG - 1, piped, sha, tarsha, &err),
		    -1);
		assert_int_equal(err.code, VG_REFUSED);
		assert_string_equal(err.msg, "REQ-1/segments/a.mp4 is not 3145804 bytes long as its "
		    "record says");
		assert_int_equal(tar_of(dir, "t.tar", data, BIG, BIG + 1, piped, sha, tarsha, &err),
		    -1);
		assert_int_equal(err.code, VG_REFUSED);
		assert_string_equal(err.msg, "REQ-1/segments/a.mp4 is not 3145806 bytes long as its "
		    "record says");
	}
	free(data);
	tu_rm_rf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tar_reads_back_and_gnu_tar_agrees),
		cmocka_unit_test(test_any_changed_byte_outside_data_is_found),
		cmocka_unit_test(test_headers_of_large_members_and_long_names),
		cmocka_unit_test(test_copy_by_kernel_and_by_reading_agree),
		cmocka_unit_test(test_copy_of_the_wrong_length_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
