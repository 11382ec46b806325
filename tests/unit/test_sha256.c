/* test_sha256.c — the footage hash against FIPS 180 vectors and libsodium, both paths. */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/util.h"
#include "recorder/sha256.h"

static char *
hex_of(const uint8_t md[32], char out[65])
{
	vg_hex(md, 32, out);
	return out;
}

static void
digest(const void *p, size_t n, char out[65])
{
	struct sha256 s;
	uint8_t md[32];

	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, md);
	hex_of(md, out);
}

/* FIPS 180-2 appendix B vectors, including the padding edge of 56 bytes. */
static void
check_vectors(void)
{
	char hex[65];
	char *million = malloc(1000000);

	digest("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	digest(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* Every length around the block and padding edges, fed in random pieces, agrees with
 * libsodium's one-shot hash. */
static void
check_against_libsodium(void)
{
	enum { MAX = 3 * 64 + 9 };
	uint8_t data[4096], want[32], got[32];

	randombytes_buf(data, sizeof data);
	for (size_t n = 0; n <= sizeof data; n += n < MAX ? 1 : 61) {
		for (int round = 0; round < 3; round++) {
			struct sha256 s;
			size_t off = 0;

			sha256_init(&s);
			while (off < n) {
				size_t take = round == 0 ? n - off : 1 + randombytes_uniform(
				    round == 1 ? 7 : 130);

				if (take > n - off)
					take = n - off;
				sha256_update(&s, data + off, take);
				off += take;
			}
			sha256_final(&s, got);
			crypto_hash_sha256(want, data, n);
			if (memcmp(want, got, 32) != 0) {
				char a[65], b[65];

				fail_msg("length %zu, round %d: %s, libsodium %s", n, round,
				    hex_of(got, a), hex_of(want, b));
			}
		}
	}
}

/* Two hashes fed the same pieces by sha256_update2, one of them with a head
 * start (as the archive's hash has over a member's), agree with libsodium
 * whether or not the pieces keep them on block boundaries. */
static void
check_update2(void)
{
	uint8_t data[8192], want[32], got[32];

	randombytes_buf(data, sizeof data);
	for (size_t head = 0; head <= 640; head += head < 70 ? 1 : 64) {
		for (int round = 0; round < 3; round++) {
			struct sha256 a, b;
			size_t off = head;

			sha256_init(&a);
			sha256_init(&b);
			sha256_update(&b, data, head);
			while (off < sizeof data) {
				size_t take = round == 0 ? 4096 : round == 1 ? 64 * (1 +
				    randombytes_uniform(20)) : 1 + randombytes_uniform(300);

				if (take > sizeof data - off)
					take = sizeof data - off;
				sha256_update2(&a, &b, data + off, take);
				off += take;
			}
			sha256_final(&a, got);
			crypto_hash_sha256(want, data + head, sizeof data - head);
			assert_memory_equal(got, want, 32);
			sha256_final(&b, got);
			crypto_hash_sha256(want, data, sizeof data);
			assert_memory_equal(got, want, 32);
		}
	}
}

static void
test_sha_extensions(void **state)
{
	(void)state;
	if (!sha256_accelerated()) {
		/* Not testable on this CPU; the portable test below still runs. */
		print_message("this CPU has no SHA extensions; only libsodium's path is tested\n");
		return;
	}
	sha256_allow_accel(1);
	{
		struct sha256 s;

		sha256_init(&s);
		assert_int_equal(s.accel, 1);
	}
	check_vectors();
	check_against_libsodium();
	check_update2();
}

static void
test_portable(void **state)
{
	struct sha256 s;

	(void)state;
	sha256_allow_accel(0);
	sha256_init(&s);
	assert_int_equal(s.accel, 0);
	check_vectors();
	check_against_libsodium();
	check_update2();
	sha256_allow_accel(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha_extensions),
		cmocka_unit_test(test_portable),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
