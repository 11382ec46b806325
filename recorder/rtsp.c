/* rtsp.c — vigil's RTSP client: RTP interleaved over TCP (RFC 2326 §10.12), read in bulk. */
#include "recorder/source.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libavutil/base64.h>
#include <libavutil/md5.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/rtp.h"

#define RTSP_SLICE_MS	100		/* how often a wait looks at cancel/timeout */
/*
 * Streaming, a read waits for RTSP_LOWAT bytes or RTSP_STREAM_SLICE_MS,
 * whichever comes first: a 4 Mbit/s camera wakes its thread eight times a
 * second, and each wake-up costs a TCP window update too.  Recording does
 * not mind a quarter of a second of latency; stopping waits at most that.
 */
#define RTSP_LOWAT		(64 * 1024)
#define RTSP_STREAM_SLICE_MS	250
#define RTSP_MAX_HEAD	(16 * 1024)
#define RTSP_MAX_BODY	(64 * 1024)
/* The read buffer, one a camera: it holds the largest whole message either
 * phase allows, a response (RTSP_MAX_HEAD + RTSP_MAX_BODY) or an interleaved
 * frame (4 + 65535 bytes), and no more: 16 cameras' buffers were 2 MB of a
 * recorder's memory at 128 KB each (tests/unit/test_rtsp_limits.c). */
#define RTSP_BUF	(RTSP_MAX_HEAD + RTSP_MAX_BODY + 4096)
/* Sound and pictures are held at the start until every stream's first RTCP
 * sender report lines their clocks up, for at most this long... */
#define RTSP_SYNC_WAIT_US	(6 * 1000000)
/* ...or this many bytes. */
#define RTSP_HOLD_MAX		(32 << 20)

struct track {
	struct rtp_depay	 dp;
	int			 ch_rtp, ch_rtcp;
	int			 stream;
	int			 started;
	int64_t			 offset;	/* aligns the stream's clock to the others' */
	char			*control;
	int64_t			 first_arrival;	/* mono µs of its first unit */
	int			 has_sr;	/* its first RTCP sender report: */
	uint64_t		 sr_ntp;	/* wall clock (NTP format) and */
	uint32_t		 sr_rtp;	/* RTP time of the same instant */
};

/* A ring of packets that grows as needed. */
struct pq {
	AVPacket	**v;
	int		 cap, h, n;
};

struct resp {
	int	 status;
	char	 reason[64];
	char	*head;		/* header lines, NUL-terminated */
	char	*body;
	size_t	 bodylen;
};

struct rtsp {
	int		 fd;
	char		*host, *port, *user, *pass, *uri;
	char		*base;
	char		 session[256];
	int		 session_timeout;
	int		 cseq;
	uint8_t		*buf;
	size_t		 rd, wr;
	struct track	 tr[SRC_MAX_STREAMS];
	int		 ntr;
	int		 auth;		/* 0 none, 1 Basic, 2 Digest */
	char		 realm[128], nonce[256], opaque[256];
	int		 qop;
	unsigned	 nc;
	int		 ref;		/* the track whose clock the others follow */
	int		 synced;	/* the others' clocks are lined up with it */
	int64_t		 sync_deadline;	/* mono µs: give up waiting for reports */
	size_t		 held_bytes;	/* in hq */
	int64_t		 last_data_us, last_keepalive_us;
	size_t		 junk;
	struct pq	 q;		/* units depacketized, not yet read */
	struct pq	 hq;		/* units of the other streams, held until synced */
	struct src	*src;
	int		 streaming;
};

/* Copies as much of src as fits: headers and SDP lines longer than our
 * fields are cut, which only ever makes a request fail. */
static void
copy_str(char *dst, size_t n, const char *src)
{
	size_t len = strnlen(src, n - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/*---- URL ----*/

static char *
pct_decode(const char *s, size_t n)
{
	char *o = xmalloc(n + 1), *p = o;

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2]) && sscanf(s + i + 1, "%2x", &v) == 1) {
			*p++ = (char)v;
			i += 2;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	return o;
}

static int
parse_url(struct rtsp *r, const char *url, struct vg_err *err)
{
	const char *a, *slash, *at, *hp, *colon;
	char *hostport;

	if (strncmp(url, "rtsp://", 7) != 0)
		return vg_seterr(err, VG_CONFIG, _("\"%s\" is not an rtsp:// URL"), url);
	a = url + 7;
	slash = strchr(a, '/');
	if (slash == NULL)
		slash = a + strlen(a);
	at = memrchr(a, '@', (size_t)(slash - a));
	hp = at ? at + 1 : a;
	if (at != NULL) {
		const char *c = memchr(a, ':', (size_t)(at - a));

		r->user = pct_decode(a, (size_t)((c ? c : at) - a));
		r->pass = c ? pct_decode(c + 1, (size_t)(at - c - 1)) : xstrdup("");
	}
	if (hp == slash)
		return vg_seterr(err, VG_CONFIG, _("\"%s\" names no host"), url);
	if (*hp == '[') {
		const char *end = memchr(hp, ']', (size_t)(slash - hp));

		if (end == NULL)
			return vg_seterr(err, VG_CONFIG, _("\"%s\" has a malformed host"), url);
		r->host = xstrndup(hp + 1, (size_t)(end - hp - 1));
		colon = end + 1 < slash && end[1] == ':' ? end + 1 : NULL;
	} else {
		colon = memchr(hp, ':', (size_t)(slash - hp));
		r->host = xstrndup(hp, (size_t)((colon ? colon : slash) - hp));
	}
	r->port = colon ? xstrndup(colon + 1, (size_t)(slash - colon - 1)) : xstrdup("554");
	hostport = xstrndup(hp, (size_t)(slash - hp));
	r->uri = xasprintf("rtsp://%s%s", hostport, *slash ? slash : "/");
	free(hostport);
	return 0;
}

/*---- Socket ----*/

static int
cancelled(struct rtsp *r)
{
	return r->src->o.cancelled != NULL && r->src->o.cancelled(r->src->o.arg);
}

static int
tcp_connect(struct rtsp *r, struct vg_err *err)
{
	struct addrinfo hints, *res = NULL, *ai;
	int64_t deadline = clock_mono_us() + r->src->o.io_timeout_us;
	struct timeval tv = { 0, RTSP_SLICE_MS * 1000 };
	int rc, one = 1, saved = ECONNREFUSED;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(r->host, r->port, &hints, &res)) != 0)
		return vg_seterr(err, VG_FAILED, _("cannot resolve %s: %s"), r->host,
		    gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct pollfd pfd;
		socklen_t sl = sizeof rc;

		r->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (r->fd < 0)
			continue;
		if (connect(r->fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS) {
			pfd.fd = r->fd;
			pfd.events = POLLOUT;
			for (;;) {
				int p = poll(&pfd, 1, RTSP_SLICE_MS);

				if (p > 0)
					break;
				if (cancelled(r) || clock_mono_us() > deadline) {
					errno = ETIMEDOUT;
					break;
				}
			}
			if (pfd.revents && getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &rc, &sl) == 0 &&
			    rc == 0)
				break;
			if (pfd.revents)
				errno = rc;
		}
		saved = errno;
		close(r->fd);
		r->fd = -1;
	}
	freeaddrinfo(res);
	if (r->fd < 0)
		return vg_seterr(err, VG_FAILED, _("cannot connect to %s port %s: %s"), r->host,
		    r->port, strerror(saved));
	/* Blocking from here on, but never for longer than a slice. */
	fcntl(r->fd, F_SETFL, fcntl(r->fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(r->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(r->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	r->last_data_us = clock_mono_us();
	return 0;
}

static int
send_all(struct rtsp *r, const char *p, size_t n, struct vg_err *err)
{
	int64_t deadline = clock_mono_us() + r->src->o.io_timeout_us;

	while (n > 0) {
		ssize_t w = send(r->fd, p, n, MSG_NOSIGNAL);

		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) &&
		    !cancelled(r) && clock_mono_us() < deadline)
			continue;
		return vg_seterr(err, VG_FAILED, _("cannot send to the camera: %s"),
		    w < 0 ? strerror(errno) : _("connection closed"));
	}
	return 0;
}

/* Reads what the socket has (at least one byte) into the buffer. */
static int
fill(struct rtsp *r, struct vg_err *err)
{
	/* What is left (part of one message) moves to the front, so that the
	 * whole message fits behind it (RTSP_BUF). */
	if (r->rd > 0) {
		memmove(r->buf, r->buf + r->rd, r->wr - r->rd);
		r->wr -= r->rd;
		r->rd = 0;
	}
	if (r->wr == RTSP_BUF)
		return vg_seterr(err, VG_FAILED, "%s", _("the camera sent an oversized message"));
	for (;;) {
		ssize_t n = recv(r->fd, r->buf + r->wr, RTSP_BUF - r->wr, 0);
		int64_t now;

		if (n > 0) {
			r->wr += (size_t)n;
			r->last_data_us = clock_mono_us();
			return 0;
		}
		if (n == 0)
			return vg_seterr(err, VG_FAILED, "%s", _("the camera closed the connection"));
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return vg_seterr(err, VG_FAILED, _("lost the connection to the camera: %s"),
			    strerror(errno));
		if (cancelled(r))
			return vg_seterr(err, VG_FAILED, "%s", _("stopped"));
		now = clock_mono_us();
		if (now - r->last_data_us > r->src->o.io_timeout_us)
			return vg_seterr(err, VG_FAILED, _("no data from the camera for %lld s"),
			    (long long)((now - r->last_data_us) / 1000000));
	}
}

/*---- Requests and responses ----*/

static void
resp_free(struct resp *p)
{
	free(p->head);
	free(p->body);
	memset(p, 0, sizeof *p);
}

/* The nth value of a header (case-insensitive name), copied into out. */
static int
resp_get(const struct resp *p, const char *name, int nth, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *s = p->head;

	while (s != NULL && *s) {
		const char *eol = strchr(s, '\n');
		size_t len = eol ? (size_t)(eol - s) : strlen(s);

		if (len > nl && strncasecmp(s, name, nl) == 0 && s[nl] == ':' && nth-- == 0) {
			const char *v = s + nl + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			len -= (size_t)(v - s);
			while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == ' '))
				len--;
			if (len >= n)
				len = n - 1;
			memcpy(out, v, len);
			out[len] = '\0';
			return 0;
		}
		s = eol ? eol + 1 : NULL;
	}
	return -1;
}

/* If the buffer starts with a whole response, takes it out: 1; 0 if more is needed. */
static int
take_response(struct rtsp *r, struct resp *p, struct vg_err *err)
{
	const char *b = (const char *)r->buf + r->rd, *end;
	size_t avail = r->wr - r->rd, hlen, clen = 0;
	char cl[32];

	end = memmem(b, avail, "\r\n\r\n", 4);
	/* too long whether its end has come or not (it can come in one read) */
	if (end == NULL ? avail > RTSP_MAX_HEAD : (size_t)(end - b) + 4 > RTSP_MAX_HEAD)
		return vg_seterr(err, VG_FAILED, "%s",
		    _("the camera sent a response header that is too long"));
	if (end == NULL)
		return 0;
	hlen = (size_t)(end - b) + 4;
	memset(p, 0, sizeof *p);
	p->head = xstrndup(b, hlen);
	if (sscanf(p->head, "RTSP/1.%*d %d %63[^\r\n]", &p->status, p->reason) < 1) {
		resp_free(p);
		return vg_seterr(err, VG_FAILED, "%s", _("the camera's answer is not RTSP"));
	}
	if (resp_get(p, "Content-Length", 0, cl, sizeof cl) == 0)
		clen = strtoul(cl, NULL, 10);
	if (clen > RTSP_MAX_BODY) {
		resp_free(p);
		return vg_seterr(err, VG_FAILED, "%s", _("the camera sent an oversized response"));
	}
	if (avail < hlen + clen) {
		resp_free(p);
		return 0;
	}
	p->body = xstrndup(b + hlen, clen);
	p->bodylen = clen;
	r->rd += hlen + clen;
	return 1;
}

static void
md5_hex(const char *s, char out[33])
{
	uint8_t d[16];

	av_md5_sum(d, (const uint8_t *)s, strlen(s));
	vg_hex(d, 16, out);
}

static void
auth_header(struct rtsp *r, const char *method, const char *uri, struct vg_buf *b)
{
	if (r->auth == 1) {
		char *plain = xasprintf("%s:%s", r->user, r->pass);
		size_t n = strlen(plain);
		char *enc = xmalloc(AV_BASE64_SIZE(n));

		av_base64_encode(enc, (int)AV_BASE64_SIZE(n), (const uint8_t *)plain, (int)n);
		buf_printf(b, "Authorization: Basic %s\r\n", enc);
		sodium_memzero(plain, n);
		free(plain);
		free(enc);
	} else if (r->auth == 2) {
		char ha1[33], ha2[33], resp[33], cnonce[17], *s;
		uint8_t rnd[8];

		s = xasprintf("%s:%s:%s", r->user, r->realm, r->pass);
		md5_hex(s, ha1);
		sodium_memzero(s, strlen(s));
		free(s);
		s = xasprintf("%s:%s", method, uri);
		md5_hex(s, ha2);
		free(s);
		randombytes_buf(rnd, sizeof rnd);
		vg_hex(rnd, sizeof rnd, cnonce);
		if (r->qop) {
			r->nc++;
			s = xasprintf("%s:%s:%08x:%s:auth:%s", ha1, r->nonce, r->nc, cnonce, ha2);
		} else
			s = xasprintf("%s:%s:%s", ha1, r->nonce, ha2);
		md5_hex(s, resp);
		free(s);
		buf_printf(b, "Authorization: Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", "
		    "uri=\"%s\", response=\"%s\"", r->user, r->realm, r->nonce, uri, resp);
		if (r->opaque[0])
			buf_printf(b, ", opaque=\"%s\"", r->opaque);
		if (r->qop)
			buf_printf(b, ", qop=auth, nc=%08x, cnonce=\"%s\"", r->nc, cnonce);
		buf_puts(b, "\r\n");
	}
}

/* One parameter of a WWW-Authenticate challenge: key="value" or key=token. */
static void
auth_param(const char *s, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);

	out[0] = '\0';
	for (const char *p = s; (p = strcasestr(p, key)) != NULL; p += kl) {
		const char *v, *e;

		if ((p != s && p[-1] != ' ' && p[-1] != ',') || p[kl] != '=')
			continue;
		v = p + kl + 1;
		if (*v == '"') {
			v++;
			e = strchr(v, '"');
		} else
			e = v + strcspn(v, ", ");
		if (e == NULL)
			return;
		snprintf(out, n, "%.*s", (int)(e - v), v);
		return;
	}
}

/* Picks the strongest challenge the camera offers; 0, or -1 if none fits. */
static int
auth_setup(struct rtsp *r, const struct resp *p)
{
	char v[1024], qop[64];
	int basic = 0;

	for (int i = 0; resp_get(p, "WWW-Authenticate", i, v, sizeof v) == 0; i++) {
		if (strncasecmp(v, "Digest ", 7) == 0) {
			char algo[32];

			auth_param(v + 7, "algorithm", algo, sizeof algo);
			if (algo[0] && strcasecmp(algo, "MD5") != 0)
				continue;
			auth_param(v + 7, "realm", r->realm, sizeof r->realm);
			auth_param(v + 7, "nonce", r->nonce, sizeof r->nonce);
			auth_param(v + 7, "opaque", r->opaque, sizeof r->opaque);
			auth_param(v + 7, "qop", qop, sizeof qop);
			r->qop = strstr(qop, "auth") != NULL;
			r->nc = 0;
			r->auth = 2;
			return 0;
		}
		if (strncasecmp(v, "Basic", 5) == 0)
			basic = 1;
	}
	if (basic) {
		r->auth = 1;
		return 0;
	}
	return -1;
}

static int
send_request(struct rtsp *r, const char *method, const char *uri, const char *extra,
    struct vg_err *err)
{
	struct vg_buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "%s %s RTSP/1.0\r\nCSeq: %d\r\nUser-Agent: vigil\r\n", method, uri,
	    ++r->cseq);
	auth_header(r, method, uri, &b);
	if (r->session[0])
		buf_printf(&b, "Session: %s\r\n", r->session);
	if (extra)
		buf_puts(&b, extra);
	buf_puts(&b, "\r\n");
	rc = send_all(r, b.s, b.len, err);
	buf_free(&b);
	return rc;
}

/* Sends a request and waits for its answer, answering an authentication
 * challenge once.  Anything but 2xx is an error naming the method. */
static int
request(struct rtsp *r, const char *method, const char *uri, const char *extra,
    struct resp *p, struct vg_err *err)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		int got;

		if (send_request(r, method, uri, extra, err) != 0)
			return -1;
		for (;;) {
			if (r->wr - r->rd >= 4 && r->buf[r->rd] == '$') {
				/* stray data before PLAY answered: drop it */
				size_t len = (size_t)r->buf[r->rd + 2] << 8 | r->buf[r->rd + 3];

				if (r->wr - r->rd >= 4 + len) {
					r->rd += 4 + len;
					continue;
				}
			} else if ((got = take_response(r, p, err)) < 0)
				return -1;
			else if (got == 1)
				break;
			if (fill(r, err) != 0)
				return -1;
		}
		if (p->status == 401 && attempt == 0 && r->user != NULL && r->auth == 0 &&
		    auth_setup(r, p) == 0) {
			resp_free(p);
			continue;
		}
		if (p->status == 401) {
			vg_seterr(err, VG_FAILED, r->user ? _("the camera refused the credentials "
			    "(%d %s)") : _("the camera wants credentials in its URL (%d %s)"),
			    p->status, p->reason);
			resp_free(p);
			return -1;
		}
		if (p->status < 200 || p->status > 299) {
			vg_seterr(err, VG_FAILED, _("the camera answered %s with %d %s"), method,
			    p->status, p->reason);
			resp_free(p);
			return -1;
		}
		return 0;
	}
	return -1;
}

/*---- SDP ----*/

struct sdp_media {
	char	 kind[8];
	int	 pt;
	char	 enc[32];
	int	 clock, channels;
	char	 fmtp[2048];
	char	 control[512];
};

/* The value of key in an fmtp line ("a=b; c=d"), or "". */
static void
fmtp_get(const char *fmtp, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);
	const char *p = fmtp;

	out[0] = '\0';
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncasecmp(p, key, kl) == 0 && p[kl] == '=') {
			size_t len = strcspn(p + kl + 1, ";");

			snprintf(out, n, "%.*s", (int)len, p + kl + 1);
			vg_trim(out);
			return;
		}
		p = strchr(p, ';');
	}
}

static int
sdp_parse(const char *sdp, struct sdp_media *m, int max, char *session_control, size_t sclen)
{
	int n = -1;
	const char *s = sdp;

	session_control[0] = '\0';
	while (s && *s) {
		const char *eol = strpbrk(s, "\r\n");
		size_t len = eol ? (size_t)(eol - s) : strlen(s);
		char line[2048];

		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, s, len);
		line[len] = '\0';
		s = eol ? eol + strspn(eol, "\r\n") : NULL;
		if (strncmp(line, "m=", 2) == 0) {
			if (n + 1 >= max)
				break;
			n++;
			memset(&m[n], 0, sizeof m[n]);
			m[n].pt = -1;
			sscanf(line + 2, "%7s %*s %*s %d", m[n].kind, &m[n].pt);
		} else if (strncmp(line, "a=control:", 10) == 0) {
			if (n < 0)
				copy_str(session_control, sclen, line + 10);
			else
				copy_str(m[n].control, sizeof m[n].control, line + 10);
		} else if (n >= 0 && strncmp(line, "a=rtpmap:", 9) == 0) {
			int pt;
			char enc[64] = "";

			if (sscanf(line + 9, "%d %63[^/]/%d/%d", &pt, enc, &m[n].clock,
			    &m[n].channels) >= 3 && pt == m[n].pt)
				copy_str(m[n].enc, sizeof m[n].enc, enc);
		} else if (n >= 0 && strncmp(line, "a=fmtp:", 7) == 0) {
			const char *sp = strchr(line + 7, ' ');

			if (sp != NULL)
				snprintf(m[n].fmtp, sizeof m[n].fmtp, "%s", sp + 1);
		}
	}
	return n + 1;
}

/* Appends base64 parameter sets (comma separated) as Annex B NAL units. */
static void
add_sprop(struct vg_buf *b, const char *list)
{
	char *copy = xstrdup(list), *save = NULL, *t;

	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		uint8_t nal[1024];
		int n = av_base64_decode(nal, t, sizeof nal);

		if (n > 0) {
			buf_add(b, "\0\0\0\1", 4);
			buf_add(b, (const char *)nal, (size_t)n);
		}
	}
	free(copy);
}

/* H.264 sprop-parameter-sets as avcC: the first SPS and the first PPS. */
static size_t
sprop_avcc(const char *list, uint8_t *out, size_t cap)
{
	char *copy = xstrdup(list), *save = NULL, *t;
	uint8_t sps[1024], pps[1024], nal[1024];
	size_t spslen = 0, ppslen = 0;

	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int n = av_base64_decode(nal, t, sizeof nal);

		if (n > 0 && (nal[0] & 0x1f) == 7 && spslen == 0)
			memcpy(sps, nal, spslen = (size_t)n);
		else if (n > 0 && (nal[0] & 0x1f) == 8 && ppslen == 0)
			memcpy(pps, nal, ppslen = (size_t)n);
	}
	free(copy);
	return rtp_avcc(sps, spslen, pps, ppslen, out, cap);
}

static void
set_extradata(AVCodecParameters *par, const void *p, size_t n)
{
	av_freep(&par->extradata);
	par->extradata_size = 0;
	if (n == 0)
		return;
	par->extradata = av_mallocz(n + AV_INPUT_BUFFER_PADDING_SIZE);
	VG_ASSERT(par->extradata != NULL);
	memcpy(par->extradata, p, n);
	par->extradata_size = (int)n;
}

/* Makes a track from one media description, or returns 0 for one we skip. */
static int
track_from_sdp(struct rtsp *r, const struct sdp_media *m)
{
	struct src *s = r->src;
	struct track *t;
	AVCodecParameters *par;
	struct vg_buf b;
	char v[2048];
	enum rtp_codec c;

	if (strcasecmp(m->enc, "H264") == 0)
		c = RTP_H264;
	else if (strcasecmp(m->enc, "H265") == 0)
		c = RTP_H265;
	else if (strcasecmp(m->enc, "MPEG4-GENERIC") == 0 && strcmp(m->kind, "audio") == 0) {
		fmtp_get(m->fmtp, "mode", v, sizeof v);
		if (strncasecmp(v, "AAC-", 4) != 0)
			return 0;
		c = RTP_AAC;
	} else
		return 0;
	if (r->ntr >= SRC_MAX_STREAMS || m->clock <= 0)
		return 0;
	t = &r->tr[r->ntr];
	memset(t, 0, sizeof *t);
	rtp_depay_init(&t->dp, c);
	t->control = xstrdup(m->control);
	t->stream = s->n;
	par = avcodec_parameters_alloc();
	VG_ASSERT(par != NULL);
	buf_init(&b);
	if (c == RTP_AAC) {
		uint8_t cfg[64];
		size_t n = 0;

		par->codec_type = AVMEDIA_TYPE_AUDIO;
		par->codec_id = AV_CODEC_ID_AAC;
		par->sample_rate = m->clock;
		par->frame_size = 1024;
		av_channel_layout_default(&par->ch_layout, m->channels > 0 ? m->channels : 1);
		fmtp_get(m->fmtp, "config", v, sizeof v);
		if (strlen(v) % 2 == 0 && strlen(v) / 2 <= sizeof cfg &&
		    vg_unhex(v, cfg, strlen(v) / 2) == 0)
			n = strlen(v) / 2;
		set_extradata(par, cfg, n);
		fmtp_get(m->fmtp, "sizelength", v, sizeof v);
		t->dp.sizelength = v[0] ? atoi(v) : 0;
		fmtp_get(m->fmtp, "indexlength", v, sizeof v);
		t->dp.indexlength = v[0] ? atoi(v) : 0;
		fmtp_get(m->fmtp, "indexdeltalength", v, sizeof v);
		t->dp.indexdeltalength = v[0] ? atoi(v) : 0;
	} else {
		par->codec_type = AVMEDIA_TYPE_VIDEO;
		par->codec_id = c == RTP_H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_HEVC;
		if (c == RTP_H264) {
			uint8_t avcc[2100];

			fmtp_get(m->fmtp, "sprop-parameter-sets", v, sizeof v);
			buf_add(&b, (const char *)avcc, sprop_avcc(v, avcc, sizeof avcc));
		} else {
			static const char *const keys[] = { "sprop-vps", "sprop-sps", "sprop-pps" };

			for (int i = 0; i < 3; i++) {
				fmtp_get(m->fmtp, keys[i], v, sizeof v);
				add_sprop(&b, v);
			}
		}
		set_extradata(par, b.s, b.len);
	}
	buf_free(&b);
	s->st[s->n].par = par;
	s->st[s->n].tb = (AVRational){ 1, m->clock };
	s->n++;
	r->ntr++;
	return 1;
}

static char *
control_url(const struct rtsp *r, const char *control)
{
	size_t bl = strlen(r->base);

	if (control[0] == '\0' || strcmp(control, "*") == 0)
		return xstrdup(r->base);
	if (strncasecmp(control, "rtsp://", 7) == 0)
		return xstrdup(control);
	return xasprintf("%s%s%s", r->base, bl && r->base[bl - 1] == '/' ? "" : "/", control);
}

/*---- Session ----*/

static int
describe(struct rtsp *r, struct vg_err *err)
{
	struct sdp_media m[8];
	struct resp p;
	char base[1024], sctl[512];
	struct vg_buf offered;
	int n;

	if (request(r, "DESCRIBE", r->uri, "Accept: application/sdp\r\n", &p, err) != 0)
		return -1;
	if (resp_get(&p, "Content-Base", 0, base, sizeof base) == 0 ||
	    resp_get(&p, "Content-Location", 0, base, sizeof base) == 0)
		r->base = xstrdup(base);
	else
		r->base = xstrdup(r->uri);
	n = sdp_parse(p.body ? p.body : "", m, 8, sctl, sizeof sctl);
	if (sctl[0] && strcmp(sctl, "*") != 0) {
		char *b = control_url(r, sctl);

		free(r->base);
		r->base = b;
	}
	buf_init(&offered);
	for (int i = 0; i < n; i++) {
		track_from_sdp(r, &m[i]);
		buf_printf(&offered, "%s%s %s", i ? ", " : "", m[i].kind, m[i].enc[0] ? m[i].enc :
		    "?");
	}
	resp_free(&p);
	for (int i = 0; i < r->src->n; i++)
		if (r->src->st[i].par->codec_type == AVMEDIA_TYPE_VIDEO) {
			buf_free(&offered);
			return 0;
		}
	vg_seterr(err, VG_FAILED, _("the camera offers no H.264 or H.265 video (it offers: %s)"),
	    offered.s ? offered.s : _("nothing"));
	buf_free(&offered);
	return -1;
}

static int
setup_track(struct rtsp *r, int i, struct vg_err *err)
{
	struct track *t = &r->tr[i];
	char *url = control_url(r, t->control), *hdr, v[512], *sc;
	const char *il;
	struct resp p;
	int a, b;

	hdr = xasprintf("Transport: RTP/AVP/TCP;unicast;interleaved=%d-%d\r\n", 2 * i, 2 * i + 1);
	a = request(r, "SETUP", url, hdr, &p, err);
	free(hdr);
	free(url);
	if (a != 0)
		return -1;
	t->ch_rtp = 2 * i;
	t->ch_rtcp = 2 * i + 1;
	if (resp_get(&p, "Transport", 0, v, sizeof v) == 0 &&
	    (il = strstr(v, "interleaved=")) != NULL && sscanf(il + 12, "%d-%d", &a, &b) == 2) {
		t->ch_rtp = a;
		t->ch_rtcp = b;
	}
	if (resp_get(&p, "Session", 0, v, sizeof v) == 0) {
		if ((sc = strchr(v, ';')) != NULL) {
			const char *to = strstr(sc, "timeout=");

			if (to != NULL && atoi(to + 8) > 0)
				r->session_timeout = atoi(to + 8);
			*sc = '\0';
		}
		copy_str(r->session, sizeof r->session, v);
	}
	resp_free(&p);
	return 0;
}

int
rtsp_open(struct src *s, struct vg_err *err)
{
	struct rtsp *r = xcalloc(1, sizeof *r);
	struct resp p;
	int lowat = RTSP_LOWAT;
	struct timeval tv = { 0, RTSP_STREAM_SLICE_MS * 1000 };

	r->fd = -1;
	r->src = s;
	r->session_timeout = 60;
	s->rtsp = r;
	s->client = "vigil";
	r->buf = xmalloc(RTSP_BUF);
	if (parse_url(r, s->o.url, err) != 0 || tcp_connect(r, err) != 0 || describe(r, err) != 0)
		return -1;
	for (int i = 0; i < r->ntr; i++)
		if (setup_track(r, i, err) != 0)
			return -1;
	/* the other streams' clocks follow the first video stream's */
	for (r->ref = 0; r->ref < r->ntr - 1; r->ref++)
		if (s->st[r->tr[r->ref].stream].par->codec_type == AVMEDIA_TYPE_VIDEO)
			break;
	if (request(r, "PLAY", r->base, "Range: npt=0.000-\r\n", &p, err) != 0)
		return -1;
	resp_free(&p);
	/* Streaming: wake for a good handful of packets at a time, not each one. */
	setsockopt(r->fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat);
	setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	r->streaming = 1;
	r->last_keepalive_us = clock_mono_us();
	r->sync_deadline = r->last_keepalive_us + RTSP_SYNC_WAIT_US;
	return 0;
}

/*---- Streaming ----*/

struct emit_ctx {
	struct rtsp	*r;
	struct track	*t;
};

static void
free_unit(void *opaque, uint8_t *data)
{
	rtp_buffer_put(data, (size_t)(uintptr_t)opaque);
}

static void
pq_put(struct pq *q, AVPacket *pkt)
{
	if (q->n == q->cap) {
		int cap = q->cap ? q->cap * 2 : 64;
		AVPacket **v = xmalloc((size_t)cap * sizeof *v);

		for (int i = 0; i < q->n; i++)
			v[i] = q->v[(q->h + i) % q->cap];
		free(q->v);
		q->v = v;
		q->cap = cap;
		q->h = 0;
	}
	q->v[(q->h + q->n++) % q->cap] = pkt;
}

static AVPacket *
pq_get(struct pq *q)
{
	AVPacket *pkt = q->v[q->h];

	q->h = (q->h + 1) % q->cap;
	q->n--;
	return pkt;
}

static void
pq_free(struct pq *q)
{
	while (q->n > 0) {
		AVPacket *p = pq_get(q);

		av_packet_free(&p);
	}
	free(q->v);
}

/* A depacketized unit becomes a packet (its timestamp still on the stream's
 * own clock, counted from its first packet; rtsp_read adds the offset); a
 * picture's buffer is handed over rather than copied. */
static int
on_unit(void *arg, uint8_t *data, size_t len, size_t cap, int64_t ts, int key, int can_keep)
{
	struct emit_ctx *e = arg;
	struct rtsp *r = e->r;
	struct track *t = e->t;
	struct src_stream *st = &r->src->st[t->stream];
	int64_t now = clock_mono_us();
	AVPacket *pkt;

	if (!t->started) {
		t->first_arrival = now;
		t->started = 1;
	}
	if (key && st->par->codec_type == AVMEDIA_TYPE_VIDEO && st->par->extradata_size == 0) {
		uint8_t ps[1600];
		size_t n = rtp_depay_extradata(&t->dp, ps, sizeof ps);

		set_extradata(st->par, ps, n);
	}
	pkt = av_packet_alloc();
	VG_ASSERT(pkt != NULL);
	if (can_keep) {
		pkt->buf = av_buffer_create(data, len + RTP_PADDING, free_unit, (void *)(uintptr_t)cap,
		    0);
		VG_ASSERT(pkt->buf != NULL);
		pkt->data = data;
		pkt->size = (int)len;
	} else {
		VG_ASSERT(av_new_packet(pkt, (int)len) == 0);
		memcpy(pkt->data, data, len);
	}
	pkt->pts = pkt->dts = ts;
	pkt->stream_index = t->stream;
	SRC_SET_ARRIVAL(pkt, now);
	if (key)
		pkt->flags |= AV_PKT_FLAG_KEY;
	pq_put(&r->q, pkt);
	return can_keep;
}

/*---- Lining the streams' clocks up ----*/

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Keeps the first sender report (RFC 3550 §6.4.1) of a compound RTCP packet. */
static void
rtcp(struct track *t, const uint8_t *p, size_t n)
{
	while (n >= 8 && (p[0] >> 6) == 2) {
		size_t len = 4 * ((size_t)(p[2] << 8 | p[3]) + 1);

		if (len > n)
			return;
		if (p[1] == 200 && len >= 28 && !t->has_sr) {
			t->sr_ntp = (uint64_t)rd32(p + 8) << 32 | rd32(p + 12);
			t->sr_rtp = rd32(p + 16);
			t->has_sr = 1;
		}
		p += len;
		n -= len;
	}
}

/* When ts 0 of a stream (its first RTP packet) was, on the reports' wall clock, in µs. */
static int64_t
sr_origin(const struct track *t, AVRational tb)
{
	int64_t ntp_us = (int64_t)(t->sr_ntp >> 32) * 1000000 +
	    (int64_t)(((t->sr_ntp & 0xffffffffu) * 1000000) >> 32);
	int32_t since_first = (int32_t)(t->sr_rtp - (uint32_t)t->dp.first_ts);

	return ntp_us - av_rescale_q(since_first, tb, AV_TIME_BASE_Q);
}

/*
 * Every stream's RTP clock starts anywhere.  The camera's RTCP sender reports
 * say which RTP time of each stream was the same wall-clock instant, and so
 * put sound against pictures exactly as the camera recorded them.  The
 * pictures (the first video stream) go on at once on their own clock; the
 * other streams' units are held until every stream has sent a report, then
 * follow on the pictures' clock.  A camera that sends none within
 * RTSP_SYNC_WAIT_US (or a flood of data before they come) is lined up by when
 * each stream's first unit arrived instead.  One stream needs no lining up.
 */
static void
try_sync(struct rtsp *r)
{
	int reports = 1, started = 1;
	int64_t origin[SRC_MAX_STREAMS];

	for (int i = 0; i < r->ntr; i++) {
		reports &= r->tr[i].has_sr;
		started &= r->tr[i].started;
	}
	if (r->ntr > 1 && !(reports && started) && clock_mono_us() < r->sync_deadline &&
	    r->held_bytes < RTSP_HOLD_MAX)
		return;
	for (int i = 0; i < r->ntr; i++) {
		struct track *t = &r->tr[i];

		if (!t->started)
			origin[i] = INT64_MAX;
		else if (reports)
			origin[i] = sr_origin(t, r->src->st[t->stream].tb);
		else
			origin[i] = t->first_arrival;
	}
	for (int i = 0; i < r->ntr; i++) {
		struct track *t = &r->tr[i];

		if (i != r->ref && origin[i] != INT64_MAX && origin[r->ref] != INT64_MAX)
			t->offset = av_rescale_q(origin[i] - origin[r->ref], AV_TIME_BASE_Q,
			    r->src->st[t->stream].tb);
	}
	r->synced = 1;
}

static void
dispatch(struct rtsp *r, int ch, const uint8_t *p, size_t n)
{
	for (int i = 0; i < r->ntr; i++) {
		struct track *t = &r->tr[i];

		if (t->ch_rtp == ch) {
			struct emit_ctx e = { r, t };

			rtp_depay_packet(&t->dp, p, n, on_unit, &e);
			return;
		}
		if (t->ch_rtcp == ch) {
			rtcp(t, p, n);
			return;
		}
	}
}

/* Takes one interleaved frame, response or run of junk out of the buffer. */
static int
step(struct rtsp *r, struct vg_err *err)
{
	size_t avail = r->wr - r->rd;
	const uint8_t *b = r->buf + r->rd;

	if (avail < 4)
		return fill(r, err);
	if (b[0] == '$') {
		size_t len = (size_t)b[2] << 8 | b[3];

		if (avail < 4 + len)
			return fill(r, err);
		dispatch(r, b[1], b + 4, len);
		r->rd += 4 + len;
		return 0;
	}
	if (memcmp(b, "RTSP", 4) == 0) {
		struct resp p;
		int got = take_response(r, &p, err);

		if (got < 0)
			return -1;
		if (got == 0)
			return fill(r, err);
		resp_free(&p);	/* a keep-alive's answer */
		return 0;
	}
	/* Not a frame: skip to the next plausible start. */
	{
		size_t k = 1;

		while (k < avail && b[k] != '$' && b[k] != 'R')
			k++;
		r->rd += k;
		r->junk += k;
		if (r->junk > (1 << 20))
			return vg_seterr(err, VG_FAILED, "%s",
			    _("the camera sends data that is not RTSP interleaved RTP"));
	}
	return 0;
}

/* The next unit to hand out: a held one once the clocks are lined up, else
 * the next that arrived unless it is to be held; NULL when none is ready. */
static AVPacket *
next_unit(struct rtsp *r)
{
	if (!r->synced)
		try_sync(r);
	if (r->synced && r->hq.n > 0) {
		AVPacket *p = pq_get(&r->hq);

		r->held_bytes -= (size_t)p->size;
		return p;
	}
	while (r->q.n > 0) {
		AVPacket *p = pq_get(&r->q);

		if (r->synced || p->stream_index == r->tr[r->ref].stream)
			return p;
		r->held_bytes += (size_t)p->size;
		pq_put(&r->hq, p);
	}
	return NULL;
}

int
rtsp_read(struct src *s, AVPacket *pkt, struct vg_err *err)
{
	struct rtsp *r = s->rtsp;
	struct track *t = NULL;
	AVPacket *q;

	while ((q = next_unit(r)) == NULL) {
		int64_t now = clock_mono_us();

		if (now - r->last_keepalive_us > (int64_t)r->session_timeout * 500000) {
			r->last_keepalive_us = now;
			if (send_request(r, "OPTIONS", r->uri, NULL, err) != 0)
				return -1;
		}
		if (step(r, err) != 0)
			return -1;
	}
	av_packet_move_ref(pkt, q);
	av_packet_free(&q);
	for (int i = 0; i < r->ntr; i++)
		if (r->tr[i].stream == pkt->stream_index)
			t = &r->tr[i];
	VG_ASSERT(t != NULL);
	pkt->pts += t->offset;
	pkt->dts += t->offset;
	return 0;
}

int
rtsp_synced(const struct src *s)
{
	return s->rtsp->synced;
}

int64_t
rtsp_lost(const struct src *s)
{
	int64_t n = 0;

	for (int i = 0; i < s->rtsp->ntr; i++)
		n += s->rtsp->tr[i].dp.lost;
	return n;
}

void
rtsp_close(struct src *s)
{
	struct rtsp *r = s->rtsp;

	if (r == NULL)
		return;
	if (r->fd >= 0) {
		if (r->streaming) {
			struct vg_err e;
			struct src_opts keep = s->o;

			/* Best effort, and quick: a camera that has gone away gets no wait. */
			s->o.io_timeout_us = 200000;
			send_request(r, "TEARDOWN", r->base, NULL, &e);
			s->o = keep;
		}
		close(r->fd);
	}
	pq_free(&r->q);
	pq_free(&r->hq);
	for (int i = 0; i < r->ntr; i++) {
		rtp_depay_free(&r->tr[i].dp);
		free(r->tr[i].control);
	}
	if (r->pass != NULL)
		sodium_memzero(r->pass, strlen(r->pass));
	free(r->host);
	free(r->port);
	free(r->user);
	free(r->pass);
	free(r->uri);
	free(r->base);
	free(r->buf);
	free(r);
	s->rtsp = NULL;
}
