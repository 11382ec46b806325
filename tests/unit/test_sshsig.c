/* test_sshsig.c — SSH signatures: ours verify with ssh-keygen, ssh-keygen's verify with ours. */
#include "tests/unit/testutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sshsig.h"
#include "core/util.h"

static void
test_keypair(uint8_t pk[32], uint8_t sk[64])
{
	uint8_t seed[32];

	memset(seed, 7, sizeof seed);
	crypto_sign_ed25519_seed_keypair(pk, sk, seed);
}

/* Runs a shell command in dir; its exit status. */
static int
sh(const char *dir, const char *cmd)
{
	char *line = xasprintf("cd '%s' && %s >out.txt 2>&1", dir, cmd);
	int r = system(line);

	free(line);
	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

static void
test_openssh_verifies_our_signature(void **state)
{
	uint8_t pk[32], sk[64];
	const char *msg = "{\"name\":\"REQ-2026-0001-E1\"}\n";
	char *dir = tu_tmpdir(), *sig, *signers, *p;

	(void)state;
	test_keypair(pk, sk);
	sig = sshsig_sign(sk, pk, "vigil-export", msg, strlen(msg));
	signers = sshsig_allowed_signers("Test School", "vigil-export", pk);
	assert_contains(signers, "\"Test School\" namespaces=\"vigil-export\" ssh-ed25519 AAAA");
	tu_write((p = vg_path_join(dir, "m.json")), msg);
	free(p);
	tu_write((p = vg_path_join(dir, "m.json.sig")), sig);
	free(p);
	tu_write((p = vg_path_join(dir, "allowed_signers")), signers);
	free(p);
	assert_int_equal(sh(dir, "ssh-keygen -Y verify -f allowed_signers -I 'Test School' "
	    "-n vigil-export -s m.json.sig < m.json"), 0);
	/* Another namespace, another identity or another message fail. */
	assert_int_not_equal(sh(dir, "ssh-keygen -Y verify -f allowed_signers -I 'Test School' "
	    "-n file -s m.json.sig < m.json"), 0);
	assert_int_not_equal(sh(dir, "ssh-keygen -Y verify -f allowed_signers -I Other "
	    "-n vigil-export -s m.json.sig < m.json"), 0);
	assert_int_not_equal(sh(dir, "echo x >> m.json; ssh-keygen -Y verify -f allowed_signers "
	    "-I 'Test School' -n vigil-export -s m.json.sig < m.json"), 0);
	free(sig);
	free(signers);
	tu_rm_rf(dir);
	free(dir);
}

static void
test_we_verify_ssh_keygen_signature(void **state)
{
	struct vg_err err;
	uint8_t want[32], got[32];
	size_t mlen, slen;
	char *msg = vg_read_file("tests/unit/keys/sshsig.msg", &mlen, 1 << 16, &err);
	char *sig = vg_read_file("tests/unit/keys/sshsig.sig", &slen, 1 << 16, &err);
	char *pub = vg_read_file("tests/unit/keys/sshsig.pub", NULL, 1 << 16, &err);

	(void)state;
	assert_non_null(msg);
	assert_non_null(sig);
	assert_int_equal(sshsig_parse_pubkey(pub, want, &err), 0);
	assert_int_equal(sshsig_verify(sig, slen, "vigil-export", msg, mlen, got, &err), 0);
	assert_memory_equal(want, got, 32);
	assert_int_equal(sshsig_verify(sig, slen, "file", msg, mlen, got, &err), -1);
	assert_contains(err.msg, "not in the namespace \"file\"");
	msg[0] ^= 1;
	assert_int_equal(sshsig_verify(sig, slen, "vigil-export", msg, mlen, got, &err), -1);
	assert_contains(err.msg, "the signature does not match");
	msg[0] ^= 1;
	/* A flipped character of the armor never passes. */
	for (size_t i = 0; i < slen; i++) {
		sig[i] ^= 0x01;
		if (sshsig_verify(sig, slen, "vigil-export", msg, mlen, got, &err) == 0 &&
		    (sig[i] ^ 0x01) != '\n' && (sig[i] ^ 0x01) != '\r')
			fail_msg("a flipped byte at %zu of the armor still verifies", i);
		sig[i] ^= 0x01;
	}
	free(msg);
	free(sig);
	free(pub);
}

static void
test_round_trip_and_allowed_signers(void **state)
{
	uint8_t pk[32], sk[64], got[32];
	struct vg_err err;
	char *sig, *line, *who = NULL, fp[64];

	(void)state;
	test_keypair(pk, sk);
	sig = sshsig_sign(sk, pk, "vigil-export", "abc", 3);
	assert_int_equal(sshsig_verify(sig, strlen(sig), "vigil-export", "abc", 3, got, &err), 0);
	assert_memory_equal(pk, got, 32);
	assert_int_equal(sshsig_verify(sig, strlen(sig), "vigil-export", "abd", 3, got, &err), -1);
	line = sshsig_allowed_signers("学校 \"A\",*", "vigil-export", pk);
	assert_contains(line, "\"学校 _A___\" namespaces=\"vigil-export\" ssh-ed25519 ");
	assert_int_equal(sshsig_allowed_key(line, "vigil-export", got, &who, &err), 0);
	assert_string_equal(who, "学校 _A___");
	assert_memory_equal(pk, got, 32);
	free(who);
	assert_int_equal(sshsig_allowed_key(line, "file", got, &who, &err), -1);
	sshsig_fingerprint(pk, fp);
	assert_true(strncmp(fp, "SHA256:", 7) == 0);
	free(line);
	free(sig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openssh_verifies_our_signature),
		cmocka_unit_test(test_we_verify_ssh_keygen_signature),
		cmocka_unit_test(test_round_trip_and_allowed_signers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
