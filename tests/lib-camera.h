/* lib-camera.h — a camera on a loopback port that says what it is given (test_rtsp_limits, fuzz_rtsp). */
#ifndef VG_LIB_CAMERA_H
#define VG_LIB_CAMERA_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A listening socket on a free loopback port, and the RTSP URL of its
 * stream (userinfo "user:password@" or ""); -1 if none could be made. */
static inline int
camera_listen(const char *userinfo, char *url, size_t urlsize)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &sl) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	snprintf(url, urlsize, "rtsp://%s127.0.0.1:%d/stream", userinfo, ntohs(sa.sin_port));
	return fd;
}

/* Takes one connection, sends it all of p whatever it asks, ends its side
 * and reads what the client still says until it hangs up. */
static inline void
camera_say(int lfd, const void *p, size_t n)
{
	int fd = accept(lfd, NULL, NULL);
	size_t off = 0;
	char sink[4096];

	while (fd >= 0 && off < n) {
		ssize_t w = send(fd, (const char *)p + off, n - off, MSG_NOSIGNAL);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (fd >= 0) {
		shutdown(fd, SHUT_WR);
		while (read(fd, sink, sizeof sink) > 0)
			;
		close(fd);
	}
}

#endif
