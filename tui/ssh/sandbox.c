/* sandbox.c — the seccomp filter of a connection process: system calls no vigil session needs are refused. */
#include "tui/ssh/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/util.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
/* LeakSanitizer stops the process with ptrace to look for leaks at exit:
 * sanitizer builds (make unit-asan, gov-asan) leave ptrace allowed. */
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SANDBOX_PTRACE_OK 1
#endif

#if defined(__x86_64__)
#define SANDBOX_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SANDBOX_ARCH AUDIT_ARCH_AARCH64
#endif

/*
 * Refused with EPERM: reading or writing other processes of the same user
 * (the listener, other sessions), loading kernel code, mounts and
 * namespaces, the kernel keyring, and other calls that only an attacker in
 * this process would make.  A deny list, because the same process (and the
 * console it starts) runs the whole session after login.
 */
static const int denied[] = {
#ifndef SANDBOX_PTRACE_OK
	SYS_ptrace,
#endif
	SYS_process_vm_readv, SYS_process_vm_writev, SYS_kcmp,
	SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_kexec_load,
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_unshare, SYS_setns,
	SYS_bpf, SYS_perf_event_open, SYS_userfaultfd, SYS_keyctl, SYS_add_key,
	SYS_request_key, SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_acct,
	SYS_quotactl, SYS_swapon, SYS_swapoff, SYS_reboot, SYS_personality,
};

#define N_DENIED VG_ARRLEN(denied)

int
sandbox_connection(void)
{
#ifdef SANDBOX_ARCH
	struct sock_filter f[5 + N_DENIED + 2];
	struct sock_fprog prog;
	size_t k = 0;

	/* another ABI than the one built for (x86's x32 or i386): killed */
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SANDBOX_ARCH, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	/* x32 calls have the x86-64 arch and this bit: refused, not let past the list */
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000U,
	    (unsigned char)(N_DENIED + 1), 0);
	/* each: equal jumps to the refusal after the list, else on to the next */
	for (size_t i = 0; i < N_DENIED; i++)
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)denied[i], (unsigned char)(N_DENIED - i), 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	prog.len = (unsigned short)k;
	prog.filter = f;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
#else
	return 0;
#endif
}

/*---- Landlock ----*/

/* The rights a ruleset handles, by ABI (linux/landlock.h; the system's
 * header may be older than the kernel): a right handled and granted to no
 * path is refused everywhere. */
#define LL_FS_V1	((1ULL << 13) - 1)	/* execute ... make_sym */
#define LL_FS_REFER	(1ULL << 13)		/* ABI 2 */
#define LL_FS_TRUNCATE	(1ULL << 14)		/* ABI 3 */
#define LL_FS_IOCTL_DEV	(1ULL << 15)		/* ABI 5 */
#define LL_NET_TCP	(3ULL)			/* ABI 4: bind_tcp, connect_tcp */
#define LL_SCOPE_ALL	(3ULL)			/* ABI 6: abstract_unix_socket, signal */
#define LL_VERSION	(1U << 0)		/* LANDLOCK_CREATE_RULESET_VERSION */

struct ll_attr {
	uint64_t	fs, net, scoped;
};

int
sandbox_landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_VERSION);

	return v < 0 ? 0 : (int)v;
}

int
sandbox_files(void)
{
	struct ll_attr a = { LL_FS_V1, 0, 0 };
	size_t size = sizeof a.fs;
	int abi = sandbox_landlock_abi(), fd, e;

	if (abi <= 0)
		return 1;
	if (abi >= 2)
		a.fs |= LL_FS_REFER;
	if (abi >= 3)
		a.fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		a.fs |= LL_FS_IOCTL_DEV;
	if (abi >= 4) {
		a.net = LL_NET_TCP;
		size = offsetof(struct ll_attr, scoped);
	}
	if (abi >= 6) {
		a.scoped = LL_SCOPE_ALL;
		size = sizeof a;
	}
	if ((fd = (int)syscall(SYS_landlock_create_ruleset, &a, size, 0)) < 0)
		return -1;
	if (syscall(SYS_landlock_restrict_self, fd, 0) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	/* It took, or this process must not go on as if it had. */
	if ((fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0 || errno != EACCES) {
		if (fd >= 0)
			close(fd);
		errno = EPERM;
		return -1;
	}
	return 0;
}
