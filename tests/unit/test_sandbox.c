/* test_sandbox.c — the connection process's seccomp filter refuses what no session needs, and only that (issue 16); Landlock takes its file system. */
#include "tests/unit/testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

/* Runs checks in a child (what they install cannot be undone) and expects 0 from it:
 * a failure's number is the exit status. */
static void
in_child(int (*checks)(void))
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(checks());
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_filter_refuses_and_allows(void **state)
{
	(void)state;
	in_child(child_checks);
}

/* In a child after sandbox_files: 0 when every check held, else the failed one's number. */
static int
child_landlock(void)
{
	char buf[4];
	int before, sv[2], r;
	pid_t parent = getppid();

	if ((before = open("/proc/self/status", O_RDONLY | O_CLOEXEC)) < 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return 2;
	if ((r = sandbox_files()) != 0)
		return r == 1 ? 3 : 4;
	/* nothing opens, nothing is made, by any path */
	if (open("/etc/hostname", O_RDONLY) != -1 || errno != EACCES)
		return 5;
	if (open(".", O_RDONLY | O_DIRECTORY) != -1 || errno != EACCES)
		return 6;
	if (mkdir("/tmp/vigil-landlock-test", 0700) != -1 || errno != EACCES)
		return 7;
	/* a signal to a process outside (the parent; where the ABI scopes signals) */
	if (sandbox_landlock_abi() >= 6 && (kill(parent, 0) != -1 || errno != EPERM))
		return 8;
	/* what was open before still works */
	if (read(before, buf, sizeof buf) != (ssize_t)sizeof buf)
		return 9;
	if (write(sv[0], "x", 1) != 1 || read(sv[1], buf, 1) != 1)
		return 10;
	return 0;
}

static void
test_landlock_takes_the_file_system(void **state)
{
	(void)state;
	if (sandbox_landlock_abi() <= 0) {
		/* Said, not passed: this kernel cannot show it. */
		print_message("SKIP: this kernel has no Landlock\n");
		skip();
	}
	in_child(child_landlock);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_refuses_and_allows),
		cmocka_unit_test(test_landlock_takes_the_file_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
