/* test_sandbox.c — the connection process's seccomp filter refuses what no session needs, and only that (issue 16). */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/ssh/sandbox.h"

/* In a child: 0 when every check held, else the number of the one that failed. */
static int
child_checks(void)
{
	char a[8] = "vigil", b[8] = "";
	struct iovec local = { b, sizeof b }, remote = { a, sizeof a };
	int fds[2];

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || sandbox_connection() != 0)
		return 1;
	/* reading another process's memory (here its own, as it would the listener's) */
	if (syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0) != -1 ||
	    errno != EPERM)
		return 2;
	if (syscall(SYS_unshare, 0) != -1 || errno != EPERM)
		return 3;
	if (syscall(SYS_keyctl, 0, 0, 0, 0, 0) != -1 || errno != EPERM)
		return 4;
	/* what a session does still works */
	if (pipe(fds) != 0 || write(fds[1], "x", 1) != 1 || read(fds[0], b, 1) != 1)
		return 5;
	if (getpid() <= 0)
		return 6;
	return 0;
}

static void
test_filter_refuses_and_allows(void **state)
{
	pid_t pid;
	int st;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_checks());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_refuses_and_allows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
