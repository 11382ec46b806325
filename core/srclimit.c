/* srclimit.c — MaxStartups early drop, per-source counts and penalties for the SSH listener. */
#include "core/srclimit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/clock.h"
#include "core/util.h"

/*---- ssh.max_startups ----*/

int
srclimit_parse_startups(const char *s, struct srclimit_startups *st, char *why, size_t n)
{
	char *copy = xstrdup(s), *f[4] = { copy, NULL, NULL, NULL }, *c;
	long long v[3] = { 0, 0, 0 };
	int k = 1, ok = 1;

	for (c = copy; *c; c++)
		if (*c == ':') {
			*c = '\0';
			if (k == 3) {
				ok = 0;
				break;
			}
			f[k++] = c + 1;
		}
	for (int i = 0; ok && i < k; i++)
		ok = vg_parse_int(f[i], i == 0 ? 1 : 0, i == 1 ? 100 : 1000, &v[i]) == 0;
	free(copy);
	if (ok && k == 1) {
		st->start = st->full = (int)v[0];
		st->rate = 100;
		return 0;
	}
	if (ok && k == 3 && v[0] <= v[2]) {
		st->start = (int)v[0];
		st->rate = (int)v[1];
		st->full = (int)v[2];
		return 0;
	}
	snprintf(why, n, _("\"%s\" is not N or start:rate:full (1 <= start <= full <= 1000, "
	    "rate 0 to 100)"), s);
	return -1;
}

/*
 * OpenSSH's MaxStartups: below start every connection is taken; from start
 * on, one is dropped with probability rate %, rising linearly to 100 % at
 * full.  A flood then meets random refusals early, and someone who retries
 * still gets in, rather than everyone being refused once the cap is reached.
 */
int
srclimit_early_drop(const struct srclimit_startups *st, size_t unauthed, unsigned r)
{
	unsigned p;

	if (unauthed >= (size_t)st->full)
		return 1;
	if (unauthed < (size_t)st->start)
		return 0;
	p = (unsigned)(100 - st->rate) * (unsigned)(unauthed - (size_t)st->start) /
	    (unsigned)(st->full - st->start) + (unsigned)st->rate;
	return r < p;
}

/*---- ssh.per_source_penalties ----*/

static const struct {
	enum srclimit_event	 ev;
	char			 code;
	const char		*name;
} events[] = {
	{ SRCLIMIT_NONE, 'R', "none" },
	{ SRCLIMIT_CRASH, 'C', "crash" },
	{ SRCLIMIT_AUTHFAIL, 'F', "authfail" },
	{ SRCLIMIT_NOAUTH, 'N', "noauth" },
	{ SRCLIMIT_GRACE, 'G', "grace-exceeded" },
};

char
srclimit_event_code(enum srclimit_event ev)
{
	return events[ev].code;
}

enum srclimit_event
srclimit_event_of(char code)
{
	for (size_t i = 0; i < VG_ARRLEN(events); i++)
		if (events[i].code == code)
			return events[i].ev;
	return SRCLIMIT_NONE;
}

const char *
srclimit_event_name(enum srclimit_event ev)
{
	return events[ev].name;
}

static void
penalties_default(struct srclimit_penalties *p)
{
	memset(p, 0, sizeof *p);
	p->enabled = 1;
	p->secs[SRCLIMIT_CRASH] = 90;
	p->secs[SRCLIMIT_AUTHFAIL] = 5;
	p->secs[SRCLIMIT_NOAUTH] = 1;
	p->secs[SRCLIMIT_GRACE] = 10;
	p->max_s = 600;
	p->min_s = 15;
}

/* One NAME:SECONDS word into p; -1 when it is not one. */
static int
penalty_word(const char *w, struct srclimit_penalties *p)
{
	const char *colon = strchr(w, ':');
	size_t nl = colon ? (size_t)(colon - w) : 0;
	long long v;
	int *dst = NULL;

	if (colon == NULL || vg_parse_int(colon + 1, 0, 86400, &v) != 0)
		return -1;
	if (nl == 3 && strncmp(w, "max", 3) == 0)
		dst = &p->max_s;
	else if (nl == 3 && strncmp(w, "min", 3) == 0)
		dst = &p->min_s;
	for (size_t i = 1; dst == NULL && i < VG_ARRLEN(events); i++)
		if (strlen(events[i].name) == nl && strncmp(w, events[i].name, nl) == 0)
			dst = &p->secs[events[i].ev];
	if (dst == NULL)
		return -1;
	*dst = (int)v;
	return 0;
}

int
srclimit_parse_penalties(const char *s, struct srclimit_penalties *p, char *why, size_t n)
{
	char *copy = xstrdup(s), *save = NULL, *w;
	int r = 0;

	penalties_default(p);
	if (strcmp(s, "no") == 0) {
		p->enabled = 0;
		free(copy);
		return 0;
	}
	for (w = strtok_r(copy, " \t,", &save); w != NULL && r == 0;
	    w = strtok_r(NULL, " \t,", &save))
		if (penalty_word(w, p) != 0) {
			snprintf(why, n, _("\"%s\" is not NAME:SECONDS (crash, authfail, noauth, "
			    "grace-exceeded, max, min; seconds 0 to 86400), nor \"no\""), w);
			r = -1;
		}
	if (r == 0 && p->min_s > p->max_s) {
		snprintf(why, n, _("min:%d is above max:%d"), p->min_s, p->max_s);
		r = -1;
	}
	free(copy);
	return r;
}

/*---- Sources and networks ----*/

int
srclimit_addr_of(const struct sockaddr *sa, struct srclimit_addr *a)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	memset(a, 0, sizeof *a);
	if (sa->sa_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->a, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family != AF_INET6)
		return -1;
	memcpy(a->a, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	a->family = AF_INET6;
	if (memcmp(a->a, mapped, sizeof mapped) == 0) {
		memmove(a->a, a->a + 12, 4);
		memset(a->a + 4, 0, 12);
		a->family = AF_INET;
	}
	return 0;
}

/* One IPv6 user usually holds a whole /64: it counts as one source. */
static size_t
addr_key_len(const struct srclimit_addr *a)
{
	return a->family == AF_INET ? 4 : 8;
}

int
srclimit_addr_eq(const struct srclimit_addr *x, const struct srclimit_addr *y)
{
	return x->family == y->family && memcmp(x->a, y->a, addr_key_len(x)) == 0;
}

void
srclimit_addr_str(const struct srclimit_addr *a, char *out, size_t n)
{
	uint8_t net[16] = { 0 };
	char s[INET6_ADDRSTRLEN];

	memcpy(net, a->a, addr_key_len(a));
	inet_ntop(a->family, net, s, sizeof s);
	snprintf(out, n, a->family == AF_INET ? "%s" : "%s/64", s);
}

static int
parse_net(const char *w, struct srclimit_net *net)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(w, '/');
	size_t hl = slash ? (size_t)(slash - w) : strlen(w);
	long long bits;

	if (hl == 0 || hl >= sizeof host)
		return -1;
	memcpy(host, w, hl);
	host[hl] = '\0';
	memset(net, 0, sizeof *net);
	if (inet_pton(AF_INET, host, net->a) == 1)
		net->family = AF_INET;
	else if (inet_pton(AF_INET6, host, net->a) == 1)
		net->family = AF_INET6;
	else
		return -1;
	bits = net->family == AF_INET ? 32 : 128;
	if (slash != NULL && vg_parse_int(slash + 1, 0, bits, &bits) != 0)
		return -1;
	net->bits = (int)bits;
	return 0;
}

int
srclimit_parse_nets(const char *s, struct srclimit_net **out, size_t *nout, char *why, size_t n)
{
	char *copy = xstrdup(s), *save = NULL, *w;
	struct srclimit_net *v = NULL;
	size_t k = 0;
	int r = 0;

	for (w = strtok_r(copy, " \t,", &save); w != NULL; w = strtok_r(NULL, " \t,", &save)) {
		v = xrealloc(v, (k + 1) * sizeof *v);
		if (parse_net(w, &v[k]) != 0) {
			snprintf(why, n, _("\"%s\" is not an address or network (ADDRESS/BITS)"), w);
			r = -1;
			break;
		}
		k++;
	}
	free(copy);
	if (r != 0 || out == NULL) {
		free(v);
		v = NULL;
		k = 0;
	}
	if (out != NULL) {
		*out = v;
		*nout = k;
	}
	return r;
}

static int
prefix_eq(const uint8_t *x, const uint8_t *y, int bits)
{
	int whole = bits / 8, rest = bits % 8;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));

	if (memcmp(x, y, (size_t)whole) != 0)
		return 0;
	return rest == 0 || ((x[whole] ^ y[whole]) & mask) == 0;
}

int
srclimit_net_match(const struct srclimit_net *nets, size_t n, const struct srclimit_addr *a)
{
	for (size_t i = 0; i < n; i++)
		if (nets[i].family == a->family && prefix_eq(nets[i].a, a->a, nets[i].bits))
			return 1;
	return 0;
}

/*---- The penalty table ----*/

struct penalty {
	struct srclimit_addr	 src;
	int64_t			 until_us;
	int			 active;	/* past min: new connections are refused */
};

struct srclimit {
	struct srclimit_penalties	 cfg;
	struct srclimit_net		*exempt;
	size_t				 nexempt;
	struct penalty			*v;
	size_t				 n;
};

struct srclimit *
srclimit_new(const struct srclimit_penalties *cfg, const struct srclimit_net *exempt,
    size_t nexempt)
{
	struct srclimit *t = xcalloc(1, sizeof *t);

	t->cfg = *cfg;
	if (nexempt > 0) {
		t->exempt = xcalloc(nexempt, sizeof *t->exempt);
		memcpy(t->exempt, exempt, nexempt * sizeof *t->exempt);
		t->nexempt = nexempt;
	}
	t->v = xcalloc(SRCLIMIT_MAX_SOURCES, sizeof *t->v);
	return t;
}

void
srclimit_free(struct srclimit *t)
{
	if (t == NULL)
		return;
	free(t->exempt);
	free(t->v);
	free(t);
}

size_t
srclimit_count(const struct srclimit *t)
{
	return t->n;
}

static struct penalty *
find(struct srclimit *t, const struct srclimit_addr *a)
{
	for (size_t i = 0; i < t->n; i++)
		if (srclimit_addr_eq(&t->v[i].src, a))
			return &t->v[i];
	return NULL;
}

/* Room for one more: expired penalties go, then the one that ends soonest. */
static struct penalty *
make_room(struct srclimit *t, int64_t now)
{
	size_t i = 0, soonest = 0;

	while (i < t->n) {
		if (t->v[i].until_us <= now)
			t->v[i] = t->v[--t->n];
		else
			i++;
	}
	if (t->n == SRCLIMIT_MAX_SOURCES) {
		for (i = 1; i < t->n; i++)
			if (t->v[i].until_us < t->v[soonest].until_us)
				soonest = i;
		t->v[soonest] = t->v[--t->n];
	}
	return &t->v[t->n++];
}

int
srclimit_refused(struct srclimit *t, const struct srclimit_addr *a, int64_t now, int64_t *left)
{
	struct penalty *p = find(t, a);

	if (p == NULL || !p->active || p->until_us <= now)
		return 0;
	if (left != NULL)
		*left = p->until_us - now;
	return 1;
}

/*
 * Penalties add up while they last (a source that keeps failing keeps being
 * refused), never beyond max; a source is refused only once what it accrued
 * exceeds min, so one mistyped password or dropped connection costs nothing.
 */
int
srclimit_penalise(struct srclimit *t, const struct srclimit_addr *a, enum srclimit_event ev,
    int64_t now)
{
	int64_t d = (int64_t)t->cfg.secs[ev] * VG_USEC_PER_SEC;
	int64_t cap = now + (int64_t)t->cfg.max_s * VG_USEC_PER_SEC;
	struct penalty *p;

	if (!t->cfg.enabled || ev == SRCLIMIT_NONE || d <= 0 ||
	    srclimit_net_match(t->exempt, t->nexempt, a))
		return 0;
	if ((p = find(t, a)) == NULL || p->until_us <= now) {
		if (p == NULL)
			p = make_room(t, now);
		p->src = *a;
		p->until_us = now;
		p->active = 0;
	}
	p->until_us = p->until_us + d > cap ? cap : p->until_us + d;
	if (p->active || p->until_us - now <= (int64_t)t->cfg.min_s * VG_USEC_PER_SEC)
		return 0;
	p->active = 1;
	return 1;
}
