/* test_tar.c — the export tar: written canonically, read back, any changed byte found. */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tar_reads_back_and_gnu_tar_agrees),
		cmocka_unit_test(test_any_changed_byte_outside_data_is_found),
		cmocka_unit_test(test_headers_of_large_members_and_long_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
