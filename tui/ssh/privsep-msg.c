/* privsep-msg.c — encoding and the one parser of the monitor's messages (privsep-msg.h). */
#include "tui/ssh/privsep-msg.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/util.h"

static const struct {
	char	type;
	int	nfields;
} kinds[] = {
	{ 'P', 2 }, { 'K', 4 }, { 'T', 2 }, { 'A', 2 }, { 'R', 5 },
	{ 'J', 6 }, { 'S', 1 }, { 'X', 2 }, { 'Q', 0 }, { 'E', 1 }, { 'H', 0 },
};

static int
fields_of(char type)
{
	for (size_t i = 0; i < VG_ARRLEN(kinds); i++)
		if (kinds[i].type == type)
			return kinds[i].nfields;
	return -1;
}

int
psmsg_parse(const uint8_t *body, size_t len, struct psmsg *m)
{
	size_t at = 2, out = 0;

	if (len < 2 || len > PSMSG_MAX || fields_of((char)body[0]) != body[1])
		return -1;
	m->type = (char)body[0];
	m->nfields = body[1];
	for (int i = 0; i < m->nfields; i++) {
		size_t n;

		if (len - at < 2)
			return -1;
		n = (size_t)body[at] << 8 | body[at + 1];
		at += 2;
		/* each field and its terminator fit: the fields' 2-byte lengths leave room */
		if (n > len - at || memchr(body + at, '\0', n) != NULL)
			return -1;
		memcpy(m->buf + out, body + at, n);
		m->buf[out + n] = '\0';
		m->f[i] = m->buf + out;
		out += n + 1;
		at += n;
	}
	return at == len ? 0 : -1;
}

size_t
psmsg_encode(char type, int nfields, const char *const *fields, uint8_t *out)
{
	size_t at = 6, body;

	if (fields_of(type) != nfields)
		return 0;
	out[4] = (uint8_t)type;
	out[5] = (uint8_t)nfields;
	for (int i = 0; i < nfields; i++) {
		size_t n = strlen(fields[i]);

		if (n > 0xffff || at + 2 + n > PSMSG_MAX + 4)
			return 0;
		out[at] = (uint8_t)(n >> 8);
		out[at + 1] = (uint8_t)n;
		memcpy(out + at + 2, fields[i], n);
		at += 2 + n;
	}
	body = at - 4;
	out[0] = (uint8_t)(body >> 24);
	out[1] = (uint8_t)(body >> 16);
	out[2] = (uint8_t)(body >> 8);
	out[3] = (uint8_t)body;
	return at;
}

static int
io_all(int fd, void *p, size_t n, int writing)
{
	uint8_t *b = p;

	while (n > 0) {
		ssize_t r = writing ? write(fd, b, n) : read(fd, b, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

int
psmsg_send(int fd, char type, int nfields, const char *const *fields)
{
	static uint8_t out[PSMSG_MAX + 4];
	size_t n = psmsg_encode(type, nfields, fields, out);

	return n == 0 ? -1 : io_all(fd, out, n, 1);
}

int
psmsg_recv(int fd, struct psmsg *m)
{
	static uint8_t body[PSMSG_MAX];
	uint8_t len[4];
	size_t n;

	if (io_all(fd, len, 4, 0) != 0)
		return -1;
	n = (size_t)len[0] << 24 | (size_t)len[1] << 16 | (size_t)len[2] << 8 | len[3];
	if (n > PSMSG_MAX || io_all(fd, body, n, 0) != 0)
		return -1;
	return psmsg_parse(body, n, m);
}

int
psmsg_send_fds(int fd, const int *fds, int n)
{
	union {
		struct cmsghdr	h;
		char		b[CMSG_SPACE(PSMSG_MAX_FDS * sizeof(int))];
	} u;
	char one = 'F';
	struct iovec iov = { &one, 1 };
	struct msghdr mh;
	struct cmsghdr *cm;
	ssize_t r;

	if (n < 1 || n > PSMSG_MAX_FDS)
		return -1;
	memset(&u, 0, sizeof u);
	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.b;
	mh.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, (size_t)n * sizeof(int));
	do
		r = sendmsg(fd, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r == 1 ? 0 : -1;
}

int
psmsg_recv_fds(int fd, int *fds, int n)
{
	union {
		struct cmsghdr	h;
		char		b[CMSG_SPACE(PSMSG_MAX_FDS * sizeof(int))];
	} u;
	char one;
	struct iovec iov = { &one, 1 };
	struct msghdr mh;
	struct cmsghdr *cm;
	int got = 0, all[PSMSG_MAX_FDS];
	ssize_t r;

	memset(&mh, 0, sizeof mh);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.b;
	mh.msg_controllen = sizeof u.b;
	do
		r = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		return -1;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t k;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int f;

			memcpy(&f, CMSG_DATA(cm) + i * sizeof(int), sizeof f);
			if (got < PSMSG_MAX_FDS)
				all[got++] = f;
			else
				close(f);
		}
	}
	if (one != 'F' || got != n || (mh.msg_flags & MSG_CTRUNC)) {
		for (int i = 0; i < got; i++)
			close(all[i]);
		return -1;
	}
	memcpy(fds, all, (size_t)n * sizeof(int));
	return 0;
}
