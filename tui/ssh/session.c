/* session.c — one SSH connection process: its privileges, key exchange, the event loop, channel requests and refusals. */
#include "tui/ssh/session.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/srclimit.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/ssh/monitor.h"
#include "tui/ssh/privsep-msg.h"
#include "tui/ssh/sandbox.h"
#include "tui/ssh/xfer.h"

/* Auth requests one connection may make before it is dropped (OpenSSH's MaxAuthTries). */
#define MAX_AUTH_ATTEMPTS 10

/*
 * Algorithms pinned to what a current OpenSSH offers first: no SHA-1, no CBC,
 * no DSA; the host key is ed25519 only.
 */
#define KEX_ALGOS "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256," \
	"ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group16-sha512," \
	"diffie-hellman-group18-sha512"
#define CIPHERS "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com," \
	"aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr"
#define MACS "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com," \
	"hmac-sha2-256,hmac-sha2-512"
#define PUBKEY_ALGOS "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384," \
	"ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256"

static volatile sig_atomic_t got_term, got_revoke;

static void
on_term(int sig)
{
	if (sig == SIGUSR1)
		got_revoke = 1;
	else
		got_term = 1;
}

/*---- Audit and ending ----*/

void
conn_audit(struct conn *c, const char *actor, const char *action, const char *object,
    const char *fmt, ...)
{
	struct vg_err err;
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	if (c->site == NULL) {
		/* Before login the monitor audits, for this connection's source (monitor.c). */
		const char *f[2] = { action, detail };

		(void)actor;
		(void)object;
		if (c->monitor_fd < 0 || psmsg_send(c->monitor_fd, 'A', 2, f) != 0)
			fprintf(stderr, "vigil serve: %s: cannot audit %s: no monitor\n", c->source,
			    action);
	} else if (site_begin(c->site, &err) != 0 ||
	    audit_append(c->site, actor, action, object, detail, c->source, &err) != 0 ||
	    site_commit(c->site, &err) != 0) {
		site_rollback(c->site);
		fprintf(stderr, "vigil serve: %s: cannot audit %s: %s\n", c->source, action,
		    err.msg);
	}
	free(detail);
}

void
conn_end(struct conn *c, const char *reason)
{
	if (c->done)
		return;
	c->done = 1;
	if (reason != c->end_reason)
		snprintf(c->end_reason, sizeof c->end_reason, "%s", reason);
}

void
conn_close_channel(struct conn *c, int status, const char *reason)
{
	if (c->worker) {
		/* the worker's exit status is what the connection process sends */
		c->exit_status = status;
		conn_end(c, reason);
		return;
	}
	if (c->chan != NULL && ssh_channel_is_open(c->chan)) {
		ssh_channel_request_send_exit_status(c->chan, status);
		ssh_channel_send_eof(c->chan);
		ssh_channel_close(c->chan);
	}
	snprintf(c->end_reason, sizeof c->end_reason, "%s", reason);
	c->closing_until = clock_mono_us() + 3 * VG_USEC_PER_SEC;
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

void
conn_write(struct conn *c, int is_stderr, const void *data, size_t n)
{
	const char *p = data;

	if (c->worker) {
		write_all(is_stderr ? c->wfd_err : c->wfd_out, p, n);
		return;
	}
	while (n > 0 && c->chan != NULL && ssh_channel_is_open(c->chan)) {
		uint32_t chunk = n > 32768 ? 32768 : (uint32_t)n;
		int w = is_stderr ? ssh_channel_write_stderr(c->chan, p, chunk) :
		    ssh_channel_write(c->chan, p, chunk);

		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/*---- Channel requests ----*/

static int
on_pty(ssh_session s, ssh_channel ch, const char *term, int w, int h, int pw, int ph,
    void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	if (c->pty || c->job)
		return -1;
	c->pty = 1;
	snprintf(c->term, sizeof c->term, "%s", term && *term && !vg_has_control(term) ?
	    term : "vt100");
	pty_clamp(&c->ws, w, h, pw, ph);
	return 0;
}

static int
on_window_change(ssh_session s, ssh_channel ch, int w, int h, int pw, int ph, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	c->last_activity_us = clock_now();
	pty_resize(c, w, h, pw, ph);
	return 0;
}

static int
on_shell(ssh_session s, ssh_channel ch, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	if (c->want_shell || c->job || c->exec_cmd)
		return -1;
	c->want_shell = 1;
	return 0;
}

static int
on_exec(ssh_session s, ssh_channel ch, const char *cmd, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	if (c->want_shell || c->job || c->exec_cmd)
		return -1;
	c->exec_cmd = xstrdup(cmd ? cmd : "");
	return 0;
}

/* Only the terminal type and the language reach the console (DESIGN §8). */
static int
env_allowed(const char *name, const char *value)
{
	if (strcmp(name, "TERM") != 0 && strcmp(name, "LANG") != 0 &&
	    strncmp(name, "LC_", 3) != 0)
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || *p == '_'))
			return 0;
	return strlen(value) <= 64 && !vg_has_control(value) && vg_valid_utf8(value);
}

static int
on_env(ssh_session s, ssh_channel ch, const char *name, const char *value, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	if (!env_allowed(name, value)) {
		conn_audit(c, c->login, "ssh.refuse", c->login, "environment variable %.64s",
		    name);
		return -1;
	}
	if (c->nenv >= 16)
		return -1;
	c->env = xrealloc(c->env, (c->nenv + 1) * sizeof *c->env);
	c->env[c->nenv++] = xasprintf("%s=%s", name, value);
	return 0;
}

static int
on_subsystem(ssh_session s, ssh_channel ch, const char *name, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	if (c->want_shell || c->job || c->exec_cmd)
		return -1;
	/* sftp is served; others are accepted only so that the client shows why
	 * it cannot have them. */
	c->exec_cmd = xasprintf("\x01subsystem %s", name ? name : "");
	return 0;
}

static void
on_agent(ssh_session s, ssh_channel ch, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	/* OpenSSH asks without wanting a reply; no agent channel is ever opened. */
	c->agent_refused = 1;
	conn_audit(c, c->login, "ssh.refuse", c->login, "%s", "agent forwarding");
}

static int
on_data(ssh_session s, ssh_channel ch, void *data, uint32_t len, int is_stderr, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch, (void)is_stderr;
	c->last_activity_us = clock_now();
	/* A download's client speaks as soon as it asked: its bytes wait for the job. */
	if (c->job || c->exec_cmd != NULL || c->want_shell)
		return relay_input(c, data, len);
	return (int)len;
}

static void
on_eof(ssh_session s, ssh_channel ch, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	c->client_eof = 1;
}

static void
on_close(ssh_session s, ssh_channel ch, void *ud)
{
	struct conn *c = ud;

	(void)s, (void)ch;
	conn_end(c, c->closing_until ? c->end_reason : "channel closed by client");
}

static ssh_channel
on_channel_open(ssh_session s, void *ud)
{
	struct conn *c = ud;

	if (!c->authed || c->chan != NULL)
		return NULL;	/* one session channel per connection */
	c->chan = ssh_channel_new(s);
	ssh_callbacks_init(&c->ccb);
	c->ccb.userdata = c;
	c->ccb.channel_pty_request_function = on_pty;
	c->ccb.channel_pty_window_change_function = on_window_change;
	c->ccb.channel_shell_request_function = on_shell;
	c->ccb.channel_exec_request_function = on_exec;
	c->ccb.channel_env_request_function = on_env;
	c->ccb.channel_subsystem_request_function = on_subsystem;
	c->ccb.channel_auth_agent_req_function = on_agent;
	c->ccb.channel_data_function = on_data;
	c->ccb.channel_close_function = on_close;
	c->ccb.channel_eof_function = on_eof;
	ssh_set_channel_callbacks(c->chan, &c->ccb);
	return c->chan;
}

/*
 * Everything the callbacks above do not take: keyboard-interactive (the
 * one-time code), and every kind of forwarding, which is refused and audited.
 * Returning 1 makes libssh send its default answer: a refusal.
 */
static int
on_message(ssh_session s, ssh_message m, void *ud)
{
	struct conn *c = ud;
	const char *who = c->login ? c->login : "-";

	(void)s;
	c->last_activity_us = clock_now();
	switch (ssh_message_type(m)) {
	case SSH_REQUEST_AUTH:
		if (!c->authed && ssh_message_subtype(m) == SSH_AUTH_METHOD_INTERACTIVE)
			return sshauth_totp_message(c, m);
		return 1;
	case SSH_REQUEST_CHANNEL_OPEN:
		switch (ssh_message_subtype(m)) {
		case SSH_CHANNEL_DIRECT_TCPIP:
			conn_audit(c, who, "ssh.refuse", who, "port forwarding (-L) to %.100s:%d",
			    ssh_message_channel_request_open_destination(m),
			    ssh_message_channel_request_open_destination_port(m));
			break;
		case SSH_CHANNEL_SESSION:
			break;	/* a second session channel */
		default:
			conn_audit(c, who, "ssh.refuse", who, "channel type %d",
			    ssh_message_subtype(m));
		}
		return 1;
	case SSH_REQUEST_CHANNEL:
		if (ssh_message_subtype(m) == SSH_CHANNEL_REQUEST_X11)
			conn_audit(c, who, "ssh.refuse", who, "%s", "X11 forwarding");
		return 1;
	case SSH_REQUEST_GLOBAL:
		if (ssh_message_subtype(m) == SSH_GLOBAL_REQUEST_TCPIP_FORWARD)
			conn_audit(c, who, "ssh.refuse", who, "remote port forwarding (-R) of "
			    "%.100s:%d", ssh_message_global_request_address(m) ?
			    ssh_message_global_request_address(m) : "",
			    ssh_message_global_request_port(m));
		return 1;
	default:
		return 1;
	}
}

/*---- Setting up ----*/

static ssh_bind
make_bind(struct conn *c)
{
	ssh_bind b = ssh_bind_new();
	char *hostkey = vg_path_join(c->cfg->keys_dir, "ssh_host_ed25519_key");
	bool no = false;
	int rsa_min = 3072, ok;

	/* Never read /etc/ssh/libssh_server_config: vigil's settings are its own. */
	ok = ssh_bind_options_set(b, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HOSTKEY, hostkey) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_KEY_EXCHANGE, KEX_ALGOS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_CIPHERS_C_S, CIPHERS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_CIPHERS_S_C, CIPHERS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HMAC_C_S, MACS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HMAC_S_C, MACS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, "ssh-ed25519") == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_PUBKEY_ACCEPTED_KEY_TYPES,
	    PUBKEY_ALGOS) == 0 &&
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_RSA_MIN_SIZE, &rsa_min) == 0 &&
	    /* "SSH-2.0-vigil": no library name or version for a scanner to match */
	    ssh_bind_options_set(b, SSH_BIND_OPTIONS_BANNER, "vigil") == 0;
	free(hostkey);
	if (!ok) {
		fprintf(stderr, "vigil serve: %s: %s\n", c->source, ssh_get_error(b));
		ssh_bind_free(b);
		return NULL;
	}
	return b;
}

static void
setup_callbacks(struct conn *c)
{
	ssh_callbacks_init(&c->scb);
	c->scb.userdata = c;
	c->scb.auth_password_function = sshauth_password_cb;
	c->scb.auth_pubkey_function = sshauth_pubkey_cb;
	c->scb.channel_open_request_session_function = on_channel_open;
	ssh_set_server_callbacks(c->ssh, &c->scb);
	ssh_set_message_callback(c->ssh, on_message, c);
	sshauth_setup(c);
}

/*---- The loop ----*/

static void
grace_expired(struct conn *c)
{
	c->outcome = srclimit_event_code(SRCLIMIT_GRACE);
	conn_audit(c, c->login ? c->login : "-", "auth.grace", c->login ? c->login : "-",
	    "no login within %d s (ssh.login_grace_s)", c->cfg->ssh_login_grace_s);
	conn_end(c, "login grace expired");
}

/* A client that does not finish the key exchange within ssh.kex_timeout_s
 * (a slow or silent one) is cut off, logged but not audited: it never said
 * who it was, and a flood of them must not fill the audit log. */
static void
kex_expired(struct conn *c)
{
	c->outcome = srclimit_event_code(SRCLIMIT_GRACE);
	fprintf(stderr, "vigil serve: %s: no key exchange within %d s (ssh.kex_timeout_s)\n",
	    c->source, c->cfg->ssh_kex_timeout_s);
	conn_end(c, "key exchange time-out");
}

/* Non-blocking, so that a client that never speaks meets the grace time too. */
static int
key_exchange(struct conn *c)
{
	int r;

	ssh_set_blocking(c->ssh, 0);
	while ((r = ssh_handle_key_exchange(c->ssh)) == SSH_AGAIN) {
		struct pollfd p = { .fd = ssh_get_fd(c->ssh), .events = POLLIN };

		if (clock_mono_us() > c->grace_deadline) {
			grace_expired(c);
			return -1;
		}
		if (clock_mono_us() > c->kex_deadline) {
			kex_expired(c);
			return -1;
		}
		if (got_term)
			return -1;
		poll(&p, 1, 500);
	}
	ssh_set_blocking(c->ssh, 1);
	if (r != SSH_OK) {
		fprintf(stderr, "vigil serve: %s: key exchange failed: %s\n", c->source,
		    ssh_get_error(c->ssh));
		return -1;
	}
	return 0;
}

static void
check_idle(struct conn *c)
{
	int64_t idle = clock_now() - c->last_activity_us;
	int limit = c->cfg->ssh_idle_timeout_s;

	/* A command runs to its end, as one in this process did (export create
	 * may take minutes without a word). */
	if (idle < (int64_t)limit * VG_USEC_PER_SEC || (c->job && c->job_busy))
		return;
	job_stop(c);
	if (c->chan != NULL && ssh_channel_is_open(c->chan)) {
		char *text = xasprintf(_("vigil: the session was idle for %d minutes and has been "
		    "closed."), (limit + 59) / 60);
		char *msg = xasprintf("\r\n%s\r\n", text);

		ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
		free(text);
		free(msg);
		conn_close_channel(c, 1, "idle timeout");
	} else
		conn_end(c, "idle timeout");
}

/*
 * The listener found that the user may no longer log in (disabled, off the
 * register): the session ends now, and the person is told why.
 */
static void
revoked(struct conn *c)
{
	static struct psmsg r;
	char *msg;

	got_revoke = 0;
	if (!c->authed)
		return;		/* not logged in yet: the listener asks only of those that are */
	if (psmsg_send(c->monitor_fd, 'Q', 0, NULL) != 0 || mon_wait(c, 'R', &r) != 0)
		return;
	if (strcmp(r.f[0], "success") == 0)
		return;		/* allowed again meanwhile */
	job_stop(c);
	if (c->chan == NULL || !ssh_channel_is_open(c->chan)) {
		conn_end(c, "login no longer allowed");
		return;
	}
	msg = xasprintf("\r\nvigil: %s; %s\r\n", r.f[3], _("the session has been closed"));
	ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
	free(msg);
	conn_close_channel(c, 1, "login no longer allowed");
}

/* Work the callbacks asked for, done outside them so that it may block. */
static void
run_pending(struct conn *c)
{
	const char *kind = "shell", *what = "";
	char *cmd = c->exec_cmd;

	if (cmd == NULL && !c->want_shell)
		return;
	if (cmd != NULL) {
		kind = cmd[0] == '\x01' ? "subsystem" : "exec";
		what = cmd[0] == '\x01' ? cmd + strlen("\x01subsystem ") : cmd;
	}
	c->exec_cmd = NULL;
	c->want_shell = 0;
	if (strlen(what) > 4096) {
		const char *msg = _("vigil: the command is too long\n");

		conn_audit(c, c->login, "ssh.refuse", c->login, "%s", "command too long");
		ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
		conn_close_channel(c, 2, "command too long");
	} else if (job_start(c, kind, what) != 0 && !c->done) {
		const char *msg = _("vigil: the console could not be started; try again, or "
		    "tell the administrator\n");

		ssh_channel_write_stderr(c->chan, msg, (uint32_t)strlen(msg));
		conn_close_channel(c, 1, "job did not start");
	}
	free(cmd);
}

static void
event_loop(struct conn *c)
{
	while (!c->done) {
		int pending = relay_flush(c) > 0;

		ssh_event_dopoll(c->ev, pending ? 50 : 1000);
		if (!ssh_is_connected(c->ssh) ||
		    (ssh_get_status(c->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR))) {
			conn_end(c, c->authed ? "disconnected" : "disconnected before login");
			break;
		}
		if (got_term && !c->authed) {
			conn_end(c, "server shutdown");
			break;
		}
		if (!c->authed) {
			if (clock_mono_us() > c->grace_deadline)
				grace_expired(c);
			else if (c->attempts >= MAX_AUTH_ATTEMPTS)
				conn_end(c, "too many authentication attempts");
			continue;
		}
		if (got_term) {
			job_stop(c);
			conn_end(c, "server shutdown");
			break;
		}
		relay_poll(c);
		if (c->closing_until) {
			if (clock_mono_us() > c->closing_until)
				conn_end(c, c->end_reason);
			continue;
		}
		if (got_revoke) {
			revoked(c);
			continue;
		}
		run_pending(c);
		if (!c->done)
			check_idle(c);
	}
}

/* The monitor closes the session (if any) and ends with its job. */
static void
end_monitor(struct conn *c)
{
	const char *f[1] = { c->end_reason[0] ? c->end_reason : "ended" };

	if (c->monitor_fd >= 0) {
		if (c->authed && psmsg_send(c->monitor_fd, 'E', 1, f) != 0)
			fprintf(stderr, "vigil serve: %s: monitor gone\n", c->source);
		close(c->monitor_fd);	/* before login: the monitor sees the end and ends */
		c->monitor_fd = -1;
	}
	if (c->monitor_pid > 0)
		waitpid(c->monitor_pid, NULL, 0);
	c->monitor_pid = 0;
}

static void
cleanup(struct conn *c)
{
	job_leave(c);
	if (c->ev != NULL)
		ssh_event_free(c->ev);
	if (c->ssh != NULL) {
		ssh_disconnect(c->ssh);
		ssh_free(c->ssh);
	}
	end_monitor(c);
	for (size_t i = 0; i < c->nenv; i++)
		free(c->env[i]);
	free(c->env);
	free(c->exec_cmd);
	free(c->login);
	if (c->cfg != NULL) {
		config_free(c->cfg);
		free(c->cfg);
	}
	if (c->notify_fd >= 0) {
		/* The listener penalises the source of a connection that ends badly. */
		char code = c->outcome ? c->outcome : srclimit_event_code(got_term ? SRCLIMIT_NONE :
		    SRCLIMIT_NOAUTH);

		if (write(c->notify_fd, &code, 1) != 1)
			fprintf(stderr, "vigil serve: %s: cannot tell the listener\n", c->source);
		close(c->notify_fd);
	}
}

/*
 * The monitor first (monitor.h): it opens the site in its own process and
 * stays for the connection; this one keeps only vigil.cfg, the host key and
 * the client's socket.
 */
static int
start_monitor(struct conn *c)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 ||
	    (c->monitor_pid = fork()) < 0) {
		fprintf(stderr, "vigil serve: %s: cannot start the monitor: %s\n", c->source,
		    strerror(errno));
		return -1;
	}
	if (c->monitor_pid == 0) {
		close(sv[0]);
		close(c->spec->fd);
		if (c->spec->notify_fd >= 0)
			close(c->spec->notify_fd);
		if (c->spec->root_fd >= 0)
			close(c->spec->root_fd);
		_exit(monitor_main(sv[1], c->spec->config, c->spec->addr, c->spec->port));
	}
	close(sv[1]);
	c->monitor_fd = sv[0];
	return 0;
}

/*
 * Before a byte from the network is read.  Started as root, the process
 * becomes ssh.prelogin_user (no supplementary groups) and makes the empty
 * directory the listener opened its root, and checks that root cannot be
 * regained.  Always: no new privileges can be gained from here on (no
 * set-user-ID program would run as anyone else), Landlock takes away the
 * file system where the kernel has it, and a seccomp filter refuses what no
 * connection needs (sandbox.h).
 */
static int
drop_privileges(struct conn *c)
{
	const struct conn_spec *sp = c->spec;

	if (sp->drop) {
		if (fchdir(sp->root_fd) != 0 || chroot(".") != 0 || chdir("/") != 0 ||
		    setgroups(0, NULL) != 0 || setresgid(sp->gid, sp->gid, sp->gid) != 0 ||
		    setresuid(sp->uid, sp->uid, sp->uid) != 0) {
			fprintf(stderr, "vigil serve: %s: cannot drop privileges: %s\n", c->source,
			    strerror(errno));
			return -1;
		}
		if (setuid(0) == 0 || seteuid(0) == 0 || geteuid() != sp->uid) {
			fprintf(stderr, "vigil serve: %s: root could be regained; ending\n",
			    c->source);
			return -1;
		}
	}
	if (sp->root_fd >= 0)
		close(sp->root_fd);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fprintf(stderr, "vigil serve: %s: PR_SET_NO_NEW_PRIVS: %s\n", c->source,
		    strerror(errno));
		return -1;
	}
	/* Not started as root, the process is still the site's owner: Landlock
	 * is what keeps it from the database and the signing key.  A kernel
	 * without it was reported when the server started (sshd.c). */
	if (sandbox_files() < 0) {
		fprintf(stderr, "vigil serve: %s: Landlock: %s\n", c->source, strerror(errno));
		return -1;
	}
	if (sandbox_connection() != 0) {
		fprintf(stderr, "vigil serve: %s: seccomp filter: %s\n", c->source, strerror(errno));
		return -1;
	}
	return 0;
}

/* What the process needs that it cannot read once in its empty root. */
static void
load_before_drop(struct conn *c)
{
	i18n_set_language(c->cfg->locale);
	/* gettext loads the catalogue on its first message */
	(void)_("the session has been closed");
	clock_keep_file();
}

/*
 * Runs one connection to its end in this (forked) process.  It never opens
 * the site: the monitor decides its login and runs the session's work in
 * workers, whose descriptors this process relays (relay.c).
 */
int
session_main(const struct conn_spec *spec)
{
	struct conn c;
	struct vg_err err;
	ssh_bind b = NULL;
	struct sigaction sa;
	int ok;

	memset(&c, 0, sizeof c);
	c.spec = spec;
	c.master = c.jio = c.jerr = -1;
	c.monitor_fd = -1;
	c.notify_fd = spec->notify_fd;
	snprintf(c.source, sizeof c.source, "ssh %s:%d", spec->addr, spec->port);
	snprintf(c.auth_source, sizeof c.auth_source, "ssh %s", spec->addr);
	c.cfg = xcalloc(1, sizeof *c.cfg);
	if (config_load(spec->config, c.cfg, &err) != 0) {
		fprintf(stderr, "vigil serve: %s: %s\n", c.source, err.msg);
		close(spec->fd);
		free(c.cfg);
		return 1;
	}
	if (start_monitor(&c) != 0) {
		close(spec->fd);
		goto out;
	}
	load_before_drop(&c);
	/* The grace time is checked in the loop; the alarm only backs it up
	 * while the key exchange blocks. */
	c.grace_deadline = clock_mono_us() + (int64_t)c.cfg->ssh_login_grace_s *
	    VG_USEC_PER_SEC;
	c.kex_deadline = clock_mono_us() + (int64_t)c.cfg->ssh_kex_timeout_s *
	    VG_USEC_PER_SEC;
	alarm((unsigned)c.cfg->ssh_login_grace_s + 10);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	c.last_activity_us = clock_now();
	/* The host key is read here, before the drop; the socket is not read yet. */
	c.ssh = ssh_new();
	ok = (b = make_bind(&c)) != NULL && ssh_bind_accept_fd(b, c.ssh, spec->fd) == SSH_OK;
	if (!ok && b != NULL)
		fprintf(stderr, "vigil serve: %s: %s\n", c.source, ssh_get_error(b));
	if (b == NULL)
		close(spec->fd);
	ssh_bind_free(b);
	if (!ok || drop_privileges(&c) != 0)
		goto out;
	setup_callbacks(&c);
	if (key_exchange(&c) != 0)
		goto out;
	c.ev = ssh_event_new();
	ssh_event_add_session(c.ev, c.ssh);
	event_loop(&c);
out:
	cleanup(&c);
	return 0;
}
