/* sshd.c — `vigil serve`: the listener, one forked process per connection, limits on unauthenticated ones. */
#include "tui/ssh/sshd.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <sodium.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/sdnotify.h"
#include "core/site.h"
#include "core/srclimit.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/expire.h"
#include "tui/ssh/sandbox.h"
#include "tui/ssh/session.h"

#define LISTENER_ACTOR "vigil-serve"

/* A connection process, as the listener sees it. */
struct child {
	pid_t			 pid;
	int			 fd;		/* read end of its notify pipe; -1 once closed */
	int			 authed;	/* it said 'A' */
	char			 outcome;	/* how it ended unauthenticated (srclimit.h) */
	int64_t			 kill_at;	/* clock_mono_us: told to end (revoked); SIGKILL after */
	struct srclimit_addr	 src;
	char			 addr[80];
};

/* How often the listener asks whether logged-in users may still be logged in. */
#define REVOKE_CHECK_US (2 * VG_USEC_PER_SEC)
/* How long a connection process told to end has before it is killed. */
#define REVOKE_GRACE_US (10 * VG_USEC_PER_SEC)

/* At most one line a second about dropped connections, however many there are. */
#define DROP_LOG_US VG_USEC_PER_SEC
/* At most one audit entry a minute about sources penalised, naming the first. */
#define PENALTY_AUDIT_US (60 * VG_USEC_PER_SEC)

struct listener {
	const char		*config;
	int			 sock;
	struct srclimit_startups startups;	/* ssh.max_startups */
	int			 per_source;	/* ssh.per_source_max_startups */
	struct srclimit		*penalties;	/* ssh.per_source_penalties */
	struct child		*kids;
	size_t			 nkids;
	int			 full;		/* dropping connections because of max_startups */
	int			 dropped;	/* how many since it filled */
	int64_t			 next_revoke_check;	/* clock_mono_us */
	int64_t			 next_drop_log;		/* clock_mono_us */
	int			 drops_unlogged;
	int64_t			 next_penalty_audit;	/* clock_mono_us */
	int			 penalties_unaudited;
	/* started as root: what connection processes become (ssh.prelogin_user) */
	int			 drop;
	uid_t			 uid;
	gid_t			 gid;
	int			 root_fd;	/* the empty directory they are shut in; -1 */
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
count_unauthed(const struct listener *l, const struct srclimit_addr *from)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nkids; i++)
		n += !l->kids[i].authed && (from == NULL || srclimit_addr_eq(&l->kids[i].src, from));
	return n;
}

static void
spawn(struct listener *l, int fd, const struct srclimit_addr *src, const char *addr, int port)
{
	struct child *k;
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
		struct conn_spec spec = { l->config, fd, pfd[1], addr, port, l->drop, l->uid,
		    l->gid, l->root_fd };
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
	k = &l->kids[l->nkids++];
	memset(k, 0, sizeof *k);
	k->pid = pid;
	k->fd = pfd[0];
	k->src = *src;
	snprintf(k->addr, sizeof k->addr, "%s:%d", addr, port);
	fprintf(stderr, "vigil serve: connection from %s:%d (process %d)\n", addr, port, (int)pid);
}

/* One line a second at most: a flood must not flood the log as well. */
static void
log_drop(struct listener *l, const char *addr, int port, const char *why)
{
	int64_t now = clock_mono_us();

	if (now < l->next_drop_log) {
		l->drops_unlogged++;
		return;
	}
	fprintf(stderr, "vigil serve: dropped connection from %s:%d: %s", addr, port, why);
	if (l->drops_unlogged > 0)
		fprintf(stderr, " (and %d more dropped in the last second)", l->drops_unlogged);
	fputc('\n', stderr);
	l->drops_unlogged = 0;
	l->next_drop_log = now + DROP_LOG_US;
}

/*
 * Like OpenSSH's MaxStartups: past ssh.max_startups' start, unauthenticated
 * connections are dropped at random, all of them at full, so that a flood
 * of half-open connections cannot keep people out for longer than the key
 * exchange and login time-outs.  The audit gets one entry when dropping
 * starts and one when it stops, not one per dropped connection.
 */
static int
startups_drop(struct listener *l, const char *addr, int port)
{
	char detail[160], src[96];
	size_t n = count_unauthed(l, NULL);

	if (!srclimit_early_drop(&l->startups, n, randombytes_uniform(100)))
		return 0;
	l->dropped++;
	snprintf(detail, sizeof detail, "%zu connections are not logged in yet (ssh.max_startups "
	    "%d:%d:%d)", n, l->startups.start, l->startups.rate, l->startups.full);
	log_drop(l, addr, port, detail);
	if (!l->full) {
		l->full = 1;
		snprintf(detail, sizeof detail, "max_startups %d:%d:%d reached (%zu waiting); "
		    "dropping new connections", l->startups.start, l->startups.rate,
		    l->startups.full, n);
		snprintf(src, sizeof src, "ssh %s:%d", addr, port);
		listener_audit(l->config, "ssh.startups.full", detail, src);
	}
	return 1;
}

/*
 * A new connection is refused, before any SSH, when its source is serving a
 * penalty (ssh.per_source_penalties), when that source already holds
 * ssh.per_source_max_startups connections that have not logged in, or by
 * ssh.max_startups.  One address can then take only its own share of the
 * places, and someone from another address still gets in.
 */
static void
on_accept(struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	struct srclimit_addr src;
	char addr[64], why[160];
	int64_t left;
	int fd, port;

	if ((fd = accept4(l->sock, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC)) < 0)
		return;
	addr_string((struct sockaddr *)&ss, addr, sizeof addr, &port);
	if (srclimit_addr_of((struct sockaddr *)&ss, &src) != 0) {
		close(fd);
		return;
	}
	if (srclimit_refused(l->penalties, &src, clock_mono_us(), &left)) {
		snprintf(why, sizeof why, "its address is refused for %lld s more "
		    "(ssh.per_source_penalties)", (long long)(left / VG_USEC_PER_SEC + 1));
		log_drop(l, addr, port, why);
	} else if (count_unauthed(l, &src) >= (size_t)l->per_source) {
		snprintf(why, sizeof why, "its address already has %d connections not logged in "
		    "(ssh.per_source_max_startups)", l->per_source);
		log_drop(l, addr, port, why);
	} else if (!startups_drop(l, addr, port)) {
		spawn(l, fd, &src, addr, port);
		return;
	}
	close(fd);
}

static void
check_cleared(struct listener *l)
{
	char detail[96];

	if (!l->full || count_unauthed(l, NULL) >= (size_t)l->startups.start)
		return;
	snprintf(detail, sizeof detail, "dropped %d connections while full", l->dropped);
	listener_audit(l->config, "ssh.startups.cleared", detail, "listener");
	l->full = 0;
	l->dropped = 0;
}

/*
 * A connection that ended without logging in costs its source the penalty
 * of how it ended.  When that starts a refusal, it is audited, at most once
 * a minute (a flood from many addresses must not flood the audit log): the
 * entry names the source and how many more were penalised since the last.
 */
static void
penalise(struct listener *l, const struct child *k, enum srclimit_event ev)
{
	char src[64], detail[200];
	int64_t now = clock_mono_us(), left = 0;

	if (!srclimit_penalise(l->penalties, &k->src, ev, now))
		return;
	srclimit_refused(l->penalties, &k->src, now, &left);
	srclimit_addr_str(&k->src, src, sizeof src);
	fprintf(stderr, "vigil serve: %s is refused for %lld s: its connections keep ending "
	    "badly (last: %s)\n", src, (long long)(left / VG_USEC_PER_SEC + 1),
	    srclimit_event_name(ev));
	if (now < l->next_penalty_audit) {
		l->penalties_unaudited++;
		return;
	}
	snprintf(detail, sizeof detail, "%s refused for %lld s after repeated %s "
	    "(ssh.per_source_penalties); %d other sources since the last entry", src,
	    (long long)(left / VG_USEC_PER_SEC + 1), srclimit_event_name(ev),
	    l->penalties_unaudited);
	listener_audit(l->config, "ssh.penalty", detail, "listener");
	l->penalties_unaudited = 0;
	l->next_penalty_audit = now + PENALTY_AUDIT_US;
}

/* What a connection process said before it went (it may have gone first). */
static void
read_outcome(struct child *k)
{
	char b;

	if (k->fd < 0)
		return;
	while (read(k->fd, &b, 1) == 1)
		if (b == 'A')
			k->authed = 1;
		else
			k->outcome = b;
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
			read_outcome(&l->kids[i]);
			if (!l->kids[i].authed)
				penalise(l, &l->kids[i], WIFSIGNALED(st) && !l->kids[i].outcome ?
				    SRCLIMIT_CRASH : srclimit_event_of(l->kids[i].outcome));
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

/* 'A': it logged in; another byte: how it is ending without (srclimit.h). */
static void
on_notify(struct listener *l, size_t i)
{
	char b;
	ssize_t n = read(l->kids[i].fd, &b, 1);

	if (n == 1 && b == 'A')
		l->kids[i].authed = 1;
	else if (n == 1)
		l->kids[i].outcome = b;
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
	srclimit_free(l->penalties);
}

/* The limits on unauthenticated connections, from vigil.cfg (checked when it loaded). */
static int
setup_limits(struct listener *l, const struct vg_config *cfg, struct vg_err *err)
{
	struct srclimit_penalties pen;
	struct srclimit_net *exempt = NULL;
	size_t nexempt = 0;
	char why[200];

	if (srclimit_parse_startups(cfg->ssh_max_startups, &l->startups, why, sizeof why) != 0 ||
	    srclimit_parse_penalties(cfg->ssh_per_source_penalties, &pen, why, sizeof why) != 0 ||
	    srclimit_parse_nets(cfg->ssh_penalty_exempt, &exempt, &nexempt, why, sizeof why) != 0)
		return vg_seterr(err, VG_CONFIG, "%s: %s", cfg->path, why);
	l->per_source = cfg->ssh_per_source_max_startups;
	l->penalties = srclimit_new(&pen, exempt, nexempt);
	free(exempt);
	return 0;
}

/*
 * A run/ that is not there (removed, or a tmpfs emptied by a reboot) is made
 * again as `admin init` makes it: mode 0750, the site owner's (the owner of
 * vigil.cfg and their group), for the recorder and the console write into it.
 */
static int
make_run_dir(const struct vg_config *cfg, struct vg_err *err)
{
	uid_t uid;
	gid_t gid;

	if (access(cfg->run_dir, F_OK) == 0)
		return 0;
	if (vg_mkdirs(cfg->run_dir, 0750, err) != 0)
		return -1;
	if (site_owner(cfg->path, &uid, &gid) != 0)
		return 0;
	if (chown(cfg->run_dir, uid, gid) != 0)
		return vg_seterr(err, VG_CONFIG, _("cannot give %s to the owner of %s: %s"),
		    cfg->run_dir, cfg->path, strerror(errno));
	return 0;
}

/*
 * Started as root, connection processes run as ssh.prelogin_user, shut in an
 * empty directory: run/empty, made here owned by root, mode 0755, and opened
 * once, so that a later rename of run/ cannot change what they get.
 */
static int
setup_prelogin(struct listener *l, const struct vg_config *cfg, struct vg_err *err)
{
	char *dir = vg_path_join(cfg->run_dir, "empty");
	struct passwd *pw;
	struct stat st;
	DIR *d = NULL;
	int r = -1, entries = 0;

	l->root_fd = -1;
	if (geteuid() != 0) {
		free(dir);
		return 0;
	}
	if ((pw = getpwnam(cfg->ssh_prelogin_user)) == NULL || pw->pw_uid == 0) {
		vg_seterr(err, VG_CONFIG, _("ssh.prelogin_user \"%s\" is not a user other than root "
		    "on this system; connections cannot run without privileges"),
		    cfg->ssh_prelogin_user);
		goto out;
	}
	l->drop = 1;
	l->uid = pw->pw_uid;
	l->gid = pw->pw_gid;
	if (make_run_dir(cfg, err) != 0)
		goto out;
	if (mkdir(dir, 0755) == 0)
		chmod(dir, 0755);	/* whatever the umask */
	if ((l->root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(l->root_fd, &st) != 0 || (d = fdopendir(dup(l->root_fd))) == NULL) {
		vg_seterr(err, VG_CONFIG, _("cannot open %s: %s"), dir, strerror(errno));
		goto out;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (st.st_uid != 0 || (st.st_mode & 022) != 0 || entries > 0) {
		vg_seterr(err, VG_CONFIG, _("%s must be an empty directory owned by root, not "
		    "writable by others (connection processes are shut in it)"), dir);
		goto out;
	}
	r = 0;
out:
	if (d != NULL)
		closedir(d);
	if (r != 0 && l->root_fd >= 0) {
		close(l->root_fd);
		l->root_fd = -1;
	}
	free(dir);
	return r;
}

/*
 * What keeps a connection process from the site's files, said once at the
 * start (and in serve.start's audit entry): started as root, another user
 * and an empty root; otherwise the site owner's own process, which only
 * Landlock keeps out.  A kernel without Landlock, not started as root, is
 * warned about: its connection processes could read the database and keys.
 */
static void
confinement(const struct listener *l, const struct vg_config *cfg, char *buf, size_t len)
{
	int abi = sandbox_landlock_abi();
	struct passwd *pw = getpwuid(geteuid());
	char ll[64] = "";

	if (abi > 0)
		snprintf(ll, sizeof ll, ", no file access (Landlock ABI %d)", abi);
	if (l->drop)
		snprintf(buf, len, "user %s in %s/empty%s", cfg->ssh_prelogin_user, cfg->run_dir, ll);
	else
		snprintf(buf, len, "user %s%s", pw ? pw->pw_name : "?", abi > 0 ? ll :
		    ", with the site owner's file access");
	fprintf(stderr, "vigil serve: connection processes run as %s\n", buf);
	if (!l->drop && abi <= 0)
		fprintf(stderr, "vigil serve: warning: %s\n", _("not started as root, on a kernel "
		    "without Landlock: a connection process could read the site's database and keys "
		    "if libssh were broken into; start vigil serve as root (it then runs connections "
		    "as ssh.prelogin_user) or boot with Landlock enabled (lsm=...,landlock)"));
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
	char *listen_spec = NULL, bound[96] = "", detail[480], conf[256];

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
	if (setup_limits(&l, &s->cfg, &err) != 0 || setup_prelogin(&l, &s->cfg, &err) != 0) {
		fprintf(stderr, "vigil serve: %s\n", err.msg);
		site_close(s);
		return vg_err_exit(&err);
	}
	confinement(&l, &s->cfg, conf, sizeof conf);
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
	snprintf(detail, sizeof detail, "listening on %s; pid %d; connections: %s", bound,
	    (int)getpid(), conf);
	listener_audit(l.config, "serve.start", detail, "listener");
	fprintf(stderr, "vigil serve: listening on %s\n", bound);
	sdn_sendf("READY=1\nSTATUS=listening on %s", bound);
	run_loop(&l);
	sdn_send("STOPPING=1");
	shut_down(&l);
	fprintf(stderr, "vigil serve: stopped\n");
	return 0;
}
