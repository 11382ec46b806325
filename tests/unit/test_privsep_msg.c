/* test_privsep_msg.c — the monitor's message format: round trips and every malformed shape refused (issue 16). */
#include "tests/unit/testutil.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tui/ssh/privsep-msg.h"

static uint8_t out[PSMSG_MAX + 4];
static struct psmsg m;

static void
test_round_trip(void **state)
{
	const char *f[4] = { "carol", "probe", "ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5" };
	size_t n = psmsg_encode('K', 4, f, out);

	(void)state;
	assert_int_equal(n, 4 + 2 + 4 * 2 + 5 + 5 + 11 + 20);
	assert_int_equal(out[3], n - 4);
	assert_int_equal(psmsg_parse(out + 4, n - 4, &m), 0);
	assert_int_equal(m.type, 'K');
	assert_int_equal(m.nfields, 4);
	for (int i = 0; i < 4; i++)
		assert_string_equal(m.f[i], f[i]);
	/* no fields, and empty ones */
	n = psmsg_encode('Q', 0, NULL, out);
	assert_int_equal(psmsg_parse(out + 4, n - 4, &m), 0);
	assert_int_equal(m.type, 'Q');
	f[0] = "";
	f[1] = "密码 with spaces";
	n = psmsg_encode('P', 2, f, out);
	assert_int_equal(psmsg_parse(out + 4, n - 4, &m), 0);
	assert_string_equal(m.f[0], "");
	assert_string_equal(m.f[1], "密码 with spaces");
}

static void
test_malformed_refused(void **state)
{
	const char *f[2] = { "bob", "secret" };
	size_t n = psmsg_encode('P', 2, f, out);
	uint8_t bad[64];

	(void)state;
	assert_int_equal(psmsg_parse(out + 4, 1, &m), -1);		/* no field count */
	assert_int_equal(psmsg_parse(out + 4, n - 5, &m), -1);	/* cut short */
	memcpy(bad, out + 4, n - 4);
	bad[n - 4] = 'x';
	assert_int_equal(psmsg_parse(bad, n - 3, &m), -1);		/* a byte after */
	bad[0] = 'Z';
	assert_int_equal(psmsg_parse(bad, n - 4, &m), -1);		/* unknown type */
	memcpy(bad, out + 4, n - 4);
	bad[1] = 3;
	assert_int_equal(psmsg_parse(bad, n - 4, &m), -1);		/* wrong field count */
	memcpy(bad, out + 4, n - 4);
	bad[2 + 2 + 1] = '\0';
	assert_int_equal(psmsg_parse(bad, n - 4, &m), -1);		/* NUL inside a field */
	memcpy(bad, out + 4, n - 4);
	bad[2] = 0xff;
	assert_int_equal(psmsg_parse(bad, n - 4, &m), -1);		/* field longer than the rest */
	assert_int_equal(psmsg_parse(out + 4, PSMSG_MAX + 1, &m), -1);	/* too long */
	/* encoding checks the type's field count too */
	assert_int_equal(psmsg_encode('P', 1, f, out), 0);
	assert_int_equal(psmsg_encode('?', 0, NULL, out), 0);
}

static void
test_too_big_to_encode(void **state)
{
	static char big[PSMSG_MAX];
	const char *f[2] = { "bob", big };

	(void)state;
	memset(big, 'a', sizeof big - 1);
	assert_int_equal(psmsg_encode('P', 2, f, out), 0);
}

static void
test_over_a_socket(void **state)
{
	const char *f[5] = { "partial", "1", "F", "vigil: locked\n", "0" };
	int sv[2];
	uint8_t junk[8] = { 0, 0, 0x40, 0, 'R', 5, 0, 0 };	/* says 16 KiB follow */

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(psmsg_send(sv[0], 'R', 5, f), 0);
	assert_int_equal(psmsg_recv(sv[1], &m), 0);
	assert_string_equal(m.f[3], "vigil: locked\n");
	assert_int_equal(write(sv[0], junk, sizeof junk), (ssize_t)sizeof junk);
	assert_int_equal(psmsg_recv(sv[1], &m), -1);
	close(sv[0]);
	assert_int_equal(psmsg_recv(sv[1], &m), -1);	/* closed */
	close(sv[1]);
}

/* A job request has six fields; its answer's descriptors arrive close-on-exec. */
static void
test_job_and_descriptors(void **state)
{
	const char *f[6] = { "exec", "export list", "", "80 24 0 0", "LANG=zh_CN.UTF-8\n", "a" };
	int sv[2], pair[2], got[2] = { -1, -1 };
	char b;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(psmsg_send(sv[0], 'J', 6, f), 0);
	assert_int_equal(psmsg_recv(sv[1], &m), 0);
	assert_int_equal(m.nfields, 6);
	assert_string_equal(m.f[4], "LANG=zh_CN.UTF-8\n");
	assert_int_equal(psmsg_send(sv[0], 'J', 5, f), -1);	/* not the type's count */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
	assert_int_equal(psmsg_send_fds(sv[0], pair, 2), 0);
	assert_int_equal(psmsg_recv_fds(sv[1], got, 2), 0);
	assert_true(fcntl(got[0], F_GETFD) & FD_CLOEXEC);
	assert_int_equal(write(got[0], "x", 1), 1);		/* the same socket */
	assert_int_equal(read(pair[1], &b, 1), 1);
	assert_int_equal(b, 'x');
	/* fewer descriptors than expected: none kept */
	assert_int_equal(psmsg_send_fds(sv[0], pair, 1), 0);
	assert_int_equal(psmsg_recv_fds(sv[1], got, 2), -1);
	assert_int_equal(psmsg_send_fds(sv[0], pair, 3), -1);	/* more than PSMSG_MAX_FDS */
	close(got[0]);
	close(got[1]);
	close(pair[0]);
	close(pair[1]);
	close(sv[0]);
	close(sv[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_malformed_refused),
		cmocka_unit_test(test_too_big_to_encode),
		cmocka_unit_test(test_over_a_socket),
		cmocka_unit_test(test_job_and_descriptors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
