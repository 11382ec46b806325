/* sdnotify.c — the sd_notify datagram protocol: readiness, status and watchdog pings. */
#include "core/sdnotify.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"

static struct {
	char	 path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int64_t	 watchdog_us;
	int64_t	 last_ping;
} sdn;

/* $WATCHDOG_USEC, if meant for this process ($WATCHDOG_PID absent or ours). */
static int64_t
watchdog_from_env(void)
{
	const char *us = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	long long v, p;

	if (us == NULL || vg_parse_int(us, 1, INT64_MAX, &v) != 0)
		return 0;
	if (pid != NULL && (vg_parse_int(pid, 1, INT32_MAX, &p) != 0 || p != (long long)getpid()))
		return 0;
	return (int64_t)v;
}

void
sdn_init(void)
{
	const char *sock = getenv("NOTIFY_SOCKET");

	memset(&sdn, 0, sizeof sdn);
	/* Only a path or an abstract name; anything else (vsock, too long) is ignored. */
	if (sock != NULL && (sock[0] == '/' || sock[0] == '@') && strlen(sock) > 1 &&
	    strlen(sock) < sizeof sdn.path)
		snprintf(sdn.path, sizeof sdn.path, "%s", sock);
	if (sdn.path[0])
		sdn.watchdog_us = watchdog_from_env();
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

int
sdn_send(const char *state)
{
	struct sockaddr_un sa;
	socklen_t len;
	size_t n = strlen(sdn.path);
	ssize_t w;
	int fd, saved;

	if (n == 0)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, sdn.path, n);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';	/* abstract: the name is the bytes after the NUL */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (sdn.path[0] == '@' ? 0 : 1));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	w = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
	saved = errno;
	close(fd);
	errno = saved;
	return w == (ssize_t)strlen(state) ? 1 : -1;
}

int
sdn_sendf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	if (sdn.path[0] == '\0')
		return 0;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	r = sdn_send(s);
	free(s);
	return r;
}

int64_t
sdn_watchdog_usec(void)
{
	return sdn.watchdog_us;
}

int
sdn_watchdog_ping(void)
{
	int64_t now = clock_mono_us();
	int r;

	if (sdn.watchdog_us == 0)
		return 0;
	/* Twice per interval, as systemd asks: a late tick still lands in time. */
	if (sdn.last_ping != 0 && now - sdn.last_ping < sdn.watchdog_us / 2)
		return 0;
	if ((r = sdn_send("WATCHDOG=1")) == 1)
		sdn.last_ping = now;
	return r;
}
