/* sshd.c — `vigil serve`: the listener, one forked process per connection, a cap on unauthenticated ones. */
#include "tui/ssh/sshd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/sdnotify.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/expire.h"
#include "tui/ssh/session.h"

#define LISTENER_ACTOR "vigil-serve"

/* A connection process, as the listener sees it. */
struct child {
	pid_t	 pid;
	int	 fd;		/* read end of its notify pipe; -1 once closed */
	int	 authed;	/* it said 'A' */
	int64_t	 kill_at;	/* clock_mono_us: told to end (revoked); SIGKILL after */
	char	 addr[80];
};

/* How often the listener asks whether logged-in users may still be logged in. */
#define REVOKE_CHECK_US (2 * VG_USEC_PER_SEC)
/* How long a connection process told to end has before it is killed. */
#define REVOKE_GRACE_US (10 * VG_USEC_PER_SEC)

struct listener {
	const char	*config;
	int		 sock;
	int		 max_startups;
	struct child	*kids;
	size_t		 nkids;
	int		 full;		/* dropping connections because of max_startups */
	int		 dropped;	/* how many since it filled */
	int64_t		 next_revoke_check;	/* clock_mono_us */
};

static int sigpipe_fds[2] = { -1, -1 };
static volatile sig_atomic_t got_stop;

static void
on_signal(int sig)
{
	int saved = errno;

	if (sig != SIGCHLD)
		got_stop = 1;
	if (write(sigpipe_fds[1], "x", 1) < 0) {
		/* The pipe is full: the loop will wake anyway. */
	}
	errno = saved;
}

/*---- The site, opened only for a moment (never across a fork) ----*/

static void
listener_audit(const char *config, const char *action, const char *detail, const char *source)
{
	struct vg_site *s;
	struct vg_err err;

	if (site_open(config, 0, &s, &err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		return;
	}
	if (site_begin(s, &err) != 0 ||
	    audit_append(s, LISTENER_ACTOR, action, "ssh", detail, source, &err) != 0 ||
	    site_commit(s, &err) != 0) {
		site_rollback(s);
		fprintf(stderr, "vigil serve: cannot audit %s: %s\n", action, err.msg);
	}
	site_close(s);
}

/* Sessions of processes that died without closing them (killed, crashed). */
static void
close_sessions_of(const char *config, pid_t pid, const char *reason)
{
	struct vg_site *s;
	struct vg_err err;

	if (site_open(config, 0, &s, &err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		return;
	}
	if (auth_sessions_close_stale(s, (int)pid, reason, &err) < 0)
		fprintf(stderr, "vigil serve: %s\n", err.msg);
	site_close(s);
}

/*---- Start-up checks ----*/

/* The host key made by `vigil admin init`: present, private (0600), loadable. */
static int
check_host_key(struct vg_site *s, struct vg_err *err)
{
	char *path = vg_path_join(s->cfg.keys_dir, "ssh_host_ed25519_key");
	struct stat st;
	ssh_key key = NULL;
	int r = -1;

	if (stat(path, &st) != 0)
		vg_seterr(err, VG_CONFIG, _("the SSH host key %s is missing (vigil admin init makes "
		    "it): %s"), path, strerror(errno));
	else if (st.st_mode & 077)
		vg_seterr(err, VG_CONFIG, _("the SSH host key %s is readable by others (mode %03o); "
		    "make it 0600"), path, (unsigned)(st.st_mode & 0777));
	else if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &key) != SSH_OK ||
	    ssh_key_type(key) != SSH_KEYTYPE_ED25519)
		vg_seterr(err, VG_CONFIG, _("the SSH host key %s is not an ed25519 private key"),
		    path);
	else
		r = 0;
	ssh_key_free(key);
	free(path);
	return r;
}

/* "ADDR:PORT" or "[ADDR]:PORT"; port 0 (any free port) only when allow0. */
static int
split_listen(const char *spec, char **host, char **port, int allow0, struct vg_err *err)
{
	const char *colon = strrchr(spec, ':');
	long long p;

	if (colon == NULL || colon == spec ||
	    vg_parse_int(colon + 1, allow0 ? 0 : 1, 65535, &p) != 0)
		return vg_seterr(err, VG_USAGE, _("\"%s\" is not ADDRESS:PORT (port 1 to 65535)"),
		    spec);
	if (spec[0] == '[' && colon[-1] == ']')
		*host = xstrndup(spec + 1, (size_t)(colon - spec - 2));
	else
		*host = xstrndup(spec, (size_t)(colon - spec));
	*port = xstrdup(colon + 1);
	return 0;
}

static void
addr_string(const struct sockaddr *sa, char *out, size_t n, int *port)
{
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, out, (socklen_t)n);
		*port = ntohs(s6->sin6_port);
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, out, (socklen_t)n);
		*port = ntohs(s4->sin_port);
	}
}

static int
open_socket(const char *spec, int allow0, char *bound, size_t boundn, struct vg_err *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char *host = NULL, *port = NULL, a[64];
	int fd = -1, one = 1, gai, p;

	if (split_listen(spec, &host, &port, allow0, err) != 0)
		return -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if ((gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &res)) != 0) {
		vg_seterr(err, VG_CONFIG, _("cannot listen on %s: %s"), spec, gai_strerror(gai));
		goto out;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0)
			break;
		vg_seterr(err, VG_FAILED, _("cannot listen on %s: %s"), spec, strerror(errno));
		close(fd);
		fd = -1;
	}
	if (fd >= 0 && getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		addr_string((struct sockaddr *)&ss, a, sizeof a, &p);
		snprintf(bound, boundn, ss.ss_family == AF_INET6 ? "[%s]:%d" : "%s:%d", a, p);
	}
out:
	if (res != NULL)
		freeaddrinfo(res);
	free(host);
	free(port);
	return fd;
}

/*---- Children ----*/

static size_t
count_unauthed(const struct listener *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nkids; i++)
		n += !l->kids[i].authed;
	return n;
}

static void
spawn(struct listener *l, int fd, const char *addr, int port)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) != 0) {
		fprintf(stderr, "vigil serve: pipe: %s\n", strerror(errno));
		close(fd);
		return;
	}
	if ((pid = fork()) < 0) {
		fprintf(stderr, "vigil serve: fork: %s\n", strerror(errno));
		close(fd);
		close(pfd[0]);
		close(pfd[1]);
		return;
	}
	if (pid == 0) {
		struct conn_spec spec = { l->config, fd, pfd[1], addr, port };
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(SIGCHLD, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		close(l->sock);
		close(pfd[0]);
		close(sigpipe_fds[0]);
		close(sigpipe_fds[1]);
		for (size_t i = 0; i < l->nkids; i++)
			if (l->kids[i].fd >= 0)
				close(l->kids[i].fd);
		_exit(session_main(&spec));
	}
	close(fd);
	close(pfd[1]);
	l->kids = xrealloc(l->kids, (l->nkids + 1) * sizeof *l->kids);
	l->kids[l->nkids].pid = pid;
	l->kids[l->nkids].fd = pfd[0];
	l->kids[l->nkids].authed = 0;
	l->kids[l->nkids].kill_at = 0;
	snprintf(l->kids[l->nkids].addr, sizeof l->kids[l->nkids].addr, "%s:%d", addr, port);
	l->nkids++;
	fprintf(stderr, "vigil serve: connection from %s:%d (process %d)\n", addr, port, (int)pid);
}

/*
 * Like OpenSSH's MaxStartups: while ssh.max_startups connections have not
 * logged in, new ones are closed at once, so a flood of half-open
 * connections cannot keep people out for longer than the login grace time.
 * The audit gets one entry when the cap is reached and one when it clears,
 * not one per dropped connection.
 */
static void
on_accept(struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char addr[64], detail[160], src[96];
	int fd, port;

	if ((fd = accept4(l->sock, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC)) < 0)
		return;
	addr_string((struct sockaddr *)&ss, addr, sizeof addr, &port);
	if (count_unauthed(l) >= (size_t)l->max_startups) {
		close(fd);
		l->dropped++;
		fprintf(stderr, "vigil serve: dropped connection from %s:%d: %d connections are "
		    "not logged in yet (ssh.max_startups)\n", addr, port, l->max_startups);
		if (!l->full) {
			l->full = 1;
			snprintf(detail, sizeof detail, "max_startups %d reached; dropping new "
			    "connections", l->max_startups);
			snprintf(src, sizeof src, "ssh %s:%d", addr, port);
			listener_audit(l->config, "ssh.startups.full", detail, src);
		}
		return;
	}
	spawn(l, fd, addr, port);
}

static void
check_cleared(struct listener *l)
{
	char detail[96];

	if (!l->full || count_unauthed(l) >= (size_t)l->max_startups)
		return;
	snprintf(detail, sizeof detail, "dropped %d connections while full", l->dropped);
	listener_audit(l->config, "ssh.startups.cleared", detail, "listener");
	l->full = 0;
	l->dropped = 0;
}

static void
remove_kid(struct listener *l, size_t i)
{
	if (l->kids[i].fd >= 0)
		close(l->kids[i].fd);
	l->kids[i] = l->kids[--l->nkids];
}

/* A connection process that was killed cannot close its session: do it here. */
static void
reap(struct listener *l)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (size_t i = 0; i < l->nkids; i++) {
			char reason[96];

			if (l->kids[i].pid != pid)
				continue;
			if (l->kids[i].authed && (WIFSIGNALED(st) || WEXITSTATUS(st) != 0)) {
				if (l->kids[i].kill_at)
					snprintf(reason, sizeof reason, "%s", "login no longer allowed; "
					    "connection process killed");
				else if (WIFSIGNALED(st))
					snprintf(reason, sizeof reason, "connection process killed by "
					    "signal %d", WTERMSIG(st));
				else
					snprintf(reason, sizeof reason, "connection process failed "
					    "(status %d)", WEXITSTATUS(st));
				close_sessions_of(l->config, pid, reason);
			}
			remove_kid(l, i);
			break;
		}
	}
	check_cleared(l);
}

static void
on_notify(struct listener *l, size_t i)
{
	char b;
	ssize_t n = read(l->kids[i].fd, &b, 1);

	if (n == 1 && b == 'A')
		l->kids[i].authed = 1;
	if (n <= 0 || b == 'A') {
		close(l->kids[i].fd);
		l->kids[i].fd = -1;
	}
	check_cleared(l);
}

/*
 * Every few seconds, while anyone is logged in: a user disabled (or whose
 * register entry or one-time code went) since logging in is logged out.  The
 * connection process is told with SIGUSR1 and ends its session itself,
 * saying why; one that has not gone after REVOKE_GRACE_US is killed.
 */
static void
check_revoked(struct listener *l)
{
	int64_t now = clock_mono_us();
	int *pids = xcalloc(l->nkids + 1, sizeof *pids), *out = xcalloc(l->nkids + 1, sizeof *out);
	size_t n = 0, k = 0;
	struct vg_site *s;
	struct vg_err err;

	l->next_revoke_check = now + REVOKE_CHECK_US;
	for (size_t i = 0; i < l->nkids; i++) {
		if (l->kids[i].kill_at && now > l->kids[i].kill_at)
			kill(l->kids[i].pid, SIGKILL);
		else if (l->kids[i].authed && !l->kids[i].kill_at)
			pids[n++] = (int)l->kids[i].pid;
	}
	if (n > 0 && site_open(l->config, 0, &s, &err) == 0) {
		k = auth_sessions_revoked(s, pids, n, out);
		site_close(s);
	}
	for (size_t j = 0; j < k; j++)
		for (size_t i = 0; i < l->nkids; i++)
			if (l->kids[i].pid == out[j]) {
				fprintf(stderr, "vigil serve: process %d: its user may no longer log "
				    "in; ending the session\n", out[j]);
				kill(l->kids[i].pid, SIGUSR1);
				l->kids[i].kill_at = now + REVOKE_GRACE_US;
			}
	free(pids);
	free(out);
}

static void
run_loop(struct listener *l)
{
	struct pollfd *pfd = NULL;

	while (!got_stop) {
		size_t n = 2, *which;
		char drain[64];

		pfd = xrealloc(pfd, (l->nkids + 2) * sizeof *pfd);
		which = xcalloc(l->nkids + 2, sizeof *which);
		pfd[0] = (struct pollfd){ .fd = l->sock, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = sigpipe_fds[0], .events = POLLIN };
		for (size_t i = 0; i < l->nkids; i++)
			if (l->kids[i].fd >= 0) {
				which[n] = i;
				pfd[n++] = (struct pollfd){ .fd = l->kids[i].fd, .events = POLLIN };
			}
		if (poll(pfd, n, 1000) < 0 && errno != EINTR) {
			fprintf(stderr, "vigil serve: poll: %s\n", strerror(errno));
			free(which);
			break;
		}
		if (pfd[1].revents & POLLIN)
			while (read(sigpipe_fds[0], drain, sizeof drain) > 0)
				;
		/* Notifications first: a child may have logged in and then ended. */
		for (size_t k = n; k-- > 2;)
			if (pfd[k].revents)
				on_notify(l, which[k]);
		reap(l);
		if (!got_stop && (pfd[0].revents & POLLIN))
			on_accept(l);
		if (!got_stop && clock_mono_us() >= l->next_revoke_check)
			check_revoked(l);
		expire_run(l->config, NULL);
		sdn_watchdog_ping();
		free(which);
	}
	free(pfd);
}

/* Stop: every connection process is told to end its session, then waited for. */
static void
shut_down(struct listener *l)
{
	int64_t deadline = clock_mono_us() + 10 * VG_USEC_PER_SEC;

	close(l->sock);
	for (size_t i = 0; i < l->nkids; i++)
		kill(l->kids[i].pid, SIGTERM);
	while (l->nkids > 0 && clock_mono_us() < deadline) {
		reap(l);
		if (l->nkids > 0)
			usleep(50000);
	}
	for (size_t i = 0; i < l->nkids; i++)
		kill(l->kids[i].pid, SIGKILL);
	while (l->nkids > 0 && waitpid(-1, NULL, 0) > 0)
		reap(l);
	close_sessions_of(l->config, 0, "server stopped");
	listener_audit(l->config, "serve.stop", "stopped", "listener");
	free(l->kids);
}

static int
usage(void)
{
	fputs(_("usage: vigil serve [--config PATH] [--listen ADDRESS:PORT]\n"), stderr);
	return 2;
}

int
sshd_main(int argc, char **argv)
{
	struct listener l;
	struct vg_site *s = NULL;
	struct vg_err err;
	struct sigaction sa;
	const char *listen_arg = NULL;
	char *listen_spec = NULL, bound[96] = "", detail[160];

	sdn_init();	/* connection processes must not speak for the service */
	memset(&l, 0, sizeof l);
	l.config = config_default_path();
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			l.config = argv[++i];
		else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			listen_arg = argv[++i];
		else
			return usage();
	}
	if (site_open(l.config, 0, &s, &err) != 0 || check_host_key(s, &err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		site_close(s);
		return vg_err_exit(&err);
	}
	l.max_startups = s->cfg.ssh_max_startups;
	listen_spec = xstrdup(listen_arg ? listen_arg : s->cfg.ssh_listen);
	/* Sessions of connection processes that did not survive the last run. */
	if (auth_sessions_close_stale(s, 0, "server restarted; process gone", &err) < 0)
		fprintf(stderr, "vigil serve: %s\n", err.msg);
	expire_run(l.config, s);
	site_close(s);
	/* Made once here, inherited by every connection process: a login without a
	 * password costs one verification, like one with (core/auth.h). */
	if (auth_dummy_prepare(&err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		free(listen_spec);
		return 1;
	}
	if ((l.sock = open_socket(listen_spec, listen_arg != NULL, bound, sizeof bound,
	    &err)) < 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		free(listen_spec);
		return vg_err_exit(&err);
	}
	free(listen_spec);
	if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK) != 0)
		vg_fatal("pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	snprintf(detail, sizeof detail, "listening on %s; pid %d", bound, (int)getpid());
	listener_audit(l.config, "serve.start", detail, "listener");
	fprintf(stderr, "vigil serve: listening on %s\n", bound);
	sdn_sendf("READY=1\nSTATUS=listening on %s", bound);
	run_loop(&l);
	sdn_send("STOPPING=1");
	shut_down(&l);
	fprintf(stderr, "vigil serve: stopped\n");
	return 0;
}
