/* srclimit.h — how many unauthenticated SSH connections a source may hold, and penalties for bad ones. */
#ifndef VG_SRCLIMIT_H
#define VG_SRCLIMIT_H

#include <stddef.h>
#include <stdint.h>

struct sockaddr;

/*
 * What OpenSSH does against pre-login floods (MaxStartups, PerSourceMaxStartups,
 * PerSourcePenalties), as pure functions the listener calls with its counts,
 * a random number and the time, so that unit tests can drive them:
 *
 *   ssh.max_startups "start:rate:full": at start unauthenticated connections,
 *     new ones are dropped with probability rate %, rising linearly to 100 % at
 *     full ("N" alone: every one past N is dropped);
 *   ssh.per_source_max_startups: one source (an IPv4 address, an IPv6 /64)
 *     holds at most this many unauthenticated connections;
 *   ssh.per_source_penalties: a source whose connections end badly (failed
 *     logins, no login attempt, the time-out, a crashed pre-login process)
 *     accrues seconds of penalty; once they exceed min, its new connections
 *     are refused until they have run out;
 *   ssh.penalty_exempt: networks never penalised.
 */

struct srclimit_startups {
	int	start, rate, full;
};
/* "N" or "start:rate:full" (1 <= start <= full <= 1000, rate 0..100).
 * 0, or -1 with why. */
int	srclimit_parse_startups(const char *, struct srclimit_startups *, char *why, size_t);
/* 1 when a new connection is dropped with `unauthed` already waiting; r is a
 * uniformly random number in [0, 100). */
int	srclimit_early_drop(const struct srclimit_startups *, size_t unauthed, unsigned r);

/* How a connection that never logged in ended (what the listener is told). */
enum srclimit_event {
	SRCLIMIT_NONE,		/* logged in, or ended by the server: no penalty */
	SRCLIMIT_CRASH,		/* the pre-login process crashed or broke the protocol */
	SRCLIMIT_AUTHFAIL,	/* it failed to authenticate */
	SRCLIMIT_NOAUTH,	/* it went without trying to */
	SRCLIMIT_GRACE,		/* the key-exchange or login time ran out */
	SRCLIMIT_NEVENTS
};
/* The byte a connection process sends the listener for each; and back. */
char	srclimit_event_code(enum srclimit_event);
enum srclimit_event srclimit_event_of(char code);
const char *srclimit_event_name(enum srclimit_event);

struct srclimit_penalties {
	int	enabled;
	int	secs[SRCLIMIT_NEVENTS];	/* per event */
	int	max_s;		/* a source's penalty never exceeds this */
	int	min_s;		/* enforced only once it exceeds this */
};
/* "no", or "NAME:SECONDS ..." with names crash, authfail, noauth,
 * grace-exceeded, max, min; names not given keep their defaults. */
int	srclimit_parse_penalties(const char *, struct srclimit_penalties *, char *why, size_t);

/* A source: IPv4 address, or the /64 of an IPv6 one (IPv4-mapped IPv6 is IPv4). */
struct srclimit_addr {
	int	family;		/* AF_INET or AF_INET6 */
	uint8_t	a[16];
};
int	srclimit_addr_of(const struct sockaddr *, struct srclimit_addr *);
/* Text, "1.2.3.4" or "2001:db8:1:2::/64". */
void	srclimit_addr_str(const struct srclimit_addr *, char *out, size_t n);
int	srclimit_addr_eq(const struct srclimit_addr *, const struct srclimit_addr *);

/* "ADDR[/BITS], ..." (commas or spaces); "" none. */
struct srclimit_net {
	int	family;
	uint8_t	a[16];
	int	bits;
};
int	srclimit_parse_nets(const char *, struct srclimit_net **, size_t *, char *why, size_t);
int	srclimit_net_match(const struct srclimit_net *, size_t n, const struct srclimit_addr *);

/* The penalty table: bounded (oldest penalties go first when it is full). */
#define SRCLIMIT_MAX_SOURCES 4096
struct srclimit;
struct srclimit	*srclimit_new(const struct srclimit_penalties *, const struct srclimit_net *exempt,
		    size_t nexempt);
void		 srclimit_free(struct srclimit *);
/* 1 while the source's new connections are refused; *left_us until when. */
int		 srclimit_refused(struct srclimit *, const struct srclimit_addr *, int64_t now_us,
		    int64_t *left_us);
/* Adds the event's penalty; 1 when this starts the source's refusal. */
int		 srclimit_penalise(struct srclimit *, const struct srclimit_addr *,
		    enum srclimit_event, int64_t now_us);
size_t		 srclimit_count(const struct srclimit *);

#endif
