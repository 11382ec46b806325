/* test_keys.c — SSH public keys: accepted types, strength, malformed input. */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/util.h"

static void
parse_ok(const char *file, const char *type, int bits, const char *fp, const char *comment)
{
	struct vg_pubkey k;
	struct vg_err err;

	if (key_parse_file(file, &k, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	assert_string_equal(k.type, type);
	assert_int_equal(k.bits, bits);
	if (fp != NULL)
		assert_string_equal(k.fingerprint, fp);
	if (comment != NULL)
		assert_string_equal(k.comment, comment);
	key_free(&k);
}

static void
test_good_keys_parse_with_openssh_fingerprints(void **state)
{
	(void)state;
	/* Fingerprints as printed by ssh-keygen -lf for these files. */
	parse_ok("tests/unit/keys/ed.pub", "ssh-ed25519", 256,
	    "SHA256:PbrulCBFN3mgV9F+1vC1e7VhO4dJv6zm9aignpQZ5sY", "ed@test");
	parse_ok("tests/unit/keys/ec.pub", "ecdsa-sha2-nistp256", 256,
	    "SHA256:f+fXJVC2bSW+aIu4MBPZeFU/be8sSmtUur474bgoSsQ", "ec@test");
	parse_ok("tests/unit/keys/ec384.pub", "ecdsa-sha2-nistp384", 384, NULL, NULL);
	parse_ok("tests/unit/keys/rsa3072.pub", "ssh-rsa", 3072,
	    "SHA256:N7UQSB3jT7sTWuPBy6gGah5u7GPrSMgw8Fj7/di23nw", "rsa@test");
}

static void
test_weak_and_old_keys_refused(void **state)
{
	struct vg_pubkey k;
	struct vg_err err;

	(void)state;
	assert_int_equal(key_parse_file("tests/unit/keys/rsa2048.pub", &k, &err), -1);
	assert_int_equal(err.code, VG_REFUSED);
	assert_contains(err.msg, "RSA key has 2048 bits; at least 3072 are required");
	assert_int_equal(key_parse_file("tests/unit/keys/dsa.pub", &k, &err), -1);
	assert_contains(err.msg, "DSA keys are not accepted");
}

static void
test_malformed_keys(void **state)
{
	static const struct { const char *line, *msg; } cases[] = {
		{ "", "not an SSH public key" },
		{ "ssh-ed25519", "not an SSH public key" },
		{ "ssh-ed25519 !!!notbase64!!!", "not valid base64" },
		{ "ssh-foo AAAA", "not a supported key type" },
		/* An ecdsa blob labelled as ed25519. */
		{ "ssh-ed25519 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBD/uosKNybMtvdKPJv9k"
		  "FgEaJvIFjgwLWEHq8/iYV5DBoZhhMg6o6rCiv3Bk1daRxO0v48BDS2yGwYQqKSDED88=",
		  "does not match its type" },
		/* Truncated ed25519 blob. */
		{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFPmuyT8cMyfQsUi1DWkG6MMf7Wk", "malformed" },
		/* ed25519 blob with a trailing extra byte. */
		{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFPmuyT8cMyfQsUi1DWkG6MMf7WkcDcx1QaReqPgrqOtAA==",
		  "malformed ssh-ed25519 key" },
		/* A point not on the curve (last bytes changed). */
		{ "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBD/uosKNybMt"
		  "vdKPJv9kFgEaJvIFjgwLWEHq8/iYV5DBoZhhMg6o6rCiv3Bk1daRxO0v48BDS2yGwYQqKSDED8A=",
		  "malformed" },
	};

	(void)state;
	for (size_t i = 0; i < VG_ARRLEN(cases); i++) {
		struct vg_pubkey k;
		struct vg_err err;

		if (key_parse_line(cases[i].line, &k, &err) == 0)
			fail_msg("case %zu was accepted: %s", i, cases[i].line);
		assert_contains(err.msg, cases[i].msg);
	}
}

static void
test_key_file_with_two_keys_or_none(void **state)
{
	char *dir = tu_tmpdir(), *two = xasprintf("%s/two.pub", dir), *none = xasprintf("%s/n.pub", dir);
	char *ed = vg_read_file("tests/unit/keys/ed.pub", NULL, 4096, NULL);
	char *both = xasprintf("%s%s", ed, ed);
	struct vg_pubkey k;
	struct vg_err err;

	(void)state;
	tu_write(two, both);
	tu_write(none, "# just a comment\n\n");
	assert_int_equal(key_parse_file(two, &k, &err), -1);
	assert_contains(err.msg, "more than one key");
	assert_int_equal(key_parse_file(none, &k, &err), -1);
	assert_contains(err.msg, "holds no SSH public key");
	assert_int_equal(key_parse_file("/nonexistent.pub", &k, &err), -1);
	assert_contains(err.msg, "cannot read /nonexistent.pub");
	tu_rm_rf(dir);
	free(dir);
	free(two);
	free(none);
	free(ed);
	free(both);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_keys_parse_with_openssh_fingerprints),
		cmocka_unit_test(test_weak_and_old_keys_refused),
		cmocka_unit_test(test_malformed_keys),
		cmocka_unit_test(test_key_file_with_two_keys_or_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
