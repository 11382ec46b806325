/* test_srclimit.c — pre-login limits: MaxStartups early drop, sources, penalties (issue 16 item 4). */
#include "tests/unit/testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/srclimit.h"
#include "core/util.h"

#define S(n) ((int64_t)(n) * VG_USEC_PER_SEC)

static struct srclimit_addr
v4(const char *s)
{
	struct sockaddr_in sin;
	struct srclimit_addr a;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, s, &sin.sin_addr), 1);
	assert_int_equal(srclimit_addr_of((struct sockaddr *)&sin, &a), 0);
	return a;
}

static struct srclimit_addr
v6(const char *s)
{
	struct sockaddr_in6 sin;
	struct srclimit_addr a;

	memset(&sin, 0, sizeof sin);
	sin.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, s, &sin.sin6_addr), 1);
	assert_int_equal(srclimit_addr_of((struct sockaddr *)&sin, &a), 0);
	return a;
}

static void
test_max_startups_parses_both_forms(void **state)
{
	static const char *const bad[] = { "", "0", "10:30", "10:30:5", "10:101:100", "a:b:c",
	    "10:30:100:1", "1001", ":30:100", "10::100", "10:30:" };
	struct srclimit_startups st;
	char why[200];

	(void)state;
	assert_int_equal(srclimit_parse_startups("10:30:100", &st, why, sizeof why), 0);
	assert_int_equal(st.start, 10);
	assert_int_equal(st.rate, 30);
	assert_int_equal(st.full, 100);
	assert_int_equal(srclimit_parse_startups("7", &st, why, sizeof why), 0);
	assert_int_equal(st.start, 7);
	assert_int_equal(st.full, 7);
	for (size_t i = 0; i < VG_ARRLEN(bad); i++) {
		if (srclimit_parse_startups(bad[i], &st, why, sizeof why) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_contains(why, "start:rate:full");
	}
}

/* Below start nothing is dropped; at full everything; between, rate % rising to 100 %. */
static void
test_early_drop_rises_from_rate_to_full(void **state)
{
	struct srclimit_startups st = { .start = 10, .rate = 30, .full = 100 };
	unsigned dropped;

	(void)state;
	for (unsigned r = 0; r < 100; r++) {
		assert_false(srclimit_early_drop(&st, 9, r));
		assert_true(srclimit_early_drop(&st, 100, r));
		assert_true(srclimit_early_drop(&st, 500, r));
	}
	dropped = 0;
	for (unsigned r = 0; r < 100; r++)
		dropped += (unsigned)srclimit_early_drop(&st, 10, r);
	assert_int_equal(dropped, 30);
	dropped = 0;
	for (unsigned r = 0; r < 100; r++)
		dropped += (unsigned)srclimit_early_drop(&st, 55, r);
	assert_int_equal(dropped, 65);		/* halfway: 30 + 70 / 2 */
	st = (struct srclimit_startups){ .start = 1, .rate = 100, .full = 1 };
	assert_false(srclimit_early_drop(&st, 0, 99));
	assert_true(srclimit_early_drop(&st, 1, 0));
}

static void
test_penalties_parse(void **state)
{
	struct srclimit_penalties p;
	char why[200];

	(void)state;
	assert_int_equal(srclimit_parse_penalties("crash:90 authfail:5 noauth:1 grace-exceeded:10 "
	    "max:600 min:15", &p, why, sizeof why), 0);
	assert_true(p.enabled);
	assert_int_equal(p.secs[SRCLIMIT_AUTHFAIL], 5);
	assert_int_equal(p.secs[SRCLIMIT_GRACE], 10);
	assert_int_equal(p.min_s, 15);
	assert_int_equal(srclimit_parse_penalties("authfail:30", &p, why, sizeof why), 0);
	assert_int_equal(p.secs[SRCLIMIT_AUTHFAIL], 30);
	assert_int_equal(p.secs[SRCLIMIT_CRASH], 90);	/* the others keep their defaults */
	assert_int_equal(srclimit_parse_penalties("no", &p, why, sizeof why), 0);
	assert_false(p.enabled);
	assert_int_equal(srclimit_parse_penalties("authfail", &p, why, sizeof why), -1);
	assert_contains(why, "NAME:SECONDS");
	assert_int_equal(srclimit_parse_penalties("fail:5", &p, why, sizeof why), -1);
	assert_int_equal(srclimit_parse_penalties("authfail:-1", &p, why, sizeof why), -1);
	assert_int_equal(srclimit_parse_penalties("max:10 min:20", &p, why, sizeof why), -1);
	assert_contains(why, "min:20 is above max:10");
}

/* An IPv6 user holds a /64; IPv4-mapped addresses are IPv4. */
static void
test_sources_are_addresses_and_v6_64s(void **state)
{
	struct srclimit_addr a = v6("2001:db8:1:2::5"), b = v6("2001:db8:1:2:ffff::1");
	struct srclimit_addr c = v6("2001:db8:1:3::5"), m = v6("::ffff:10.0.0.7");
	struct srclimit_addr x = v4("10.0.0.7"), y = v4("10.0.0.8");
	char s[64];

	(void)state;
	assert_true(srclimit_addr_eq(&a, &b));
	assert_false(srclimit_addr_eq(&a, &c));
	assert_true(srclimit_addr_eq(&m, &x));
	assert_false(srclimit_addr_eq(&x, &y));
	srclimit_addr_str(&b, s, sizeof s);
	assert_string_equal(s, "2001:db8:1:2::/64");
	srclimit_addr_str(&m, s, sizeof s);
	assert_string_equal(s, "10.0.0.7");
}

static void
test_exempt_networks(void **state)
{
	struct srclimit_net *nets;
	size_t n;
	char why[200];
	struct srclimit_addr a = v4("192.168.4.9"), b = v4("192.168.5.9"), c = v6("fd00::1");

	(void)state;
	assert_int_equal(srclimit_parse_nets("192.168.4.0/24, fd00::/8 127.0.0.1", &nets, &n, why,
	    sizeof why), 0);
	assert_int_equal(n, 3);
	assert_true(srclimit_net_match(nets, n, &a));
	assert_false(srclimit_net_match(nets, n, &b));
	assert_true(srclimit_net_match(nets, n, &c));
	free(nets);
	assert_int_equal(srclimit_parse_nets("", &nets, &n, why, sizeof why), 0);
	assert_int_equal(n, 0);
	assert_int_equal(srclimit_parse_nets("10.0.0.0/33", NULL, NULL, why, sizeof why), -1);
	assert_contains(why, "\"10.0.0.0/33\" is not an address or network");
	assert_int_equal(srclimit_parse_nets("campus", NULL, NULL, why, sizeof why), -1);
}

/*
 * OpenSSH's PerSourcePenalties: penalties add up while they last; a source
 * is refused only once they exceed min, until they run out, never for more
 * than max; exempt networks and other sources are never refused.
 */
static void
test_penalties_accrue_past_min_and_expire(void **state)
{
	struct srclimit_penalties p;
	struct srclimit_net *ex;
	size_t nex;
	char why[200];
	struct srclimit_addr bad = v4("127.0.0.2"), good = v4("127.0.0.1"), lab = v4("10.1.1.1");
	struct srclimit *t;
	int64_t now = S(1000), left;

	(void)state;
	assert_int_equal(srclimit_parse_penalties("authfail:5 grace-exceeded:10 max:60 min:15", &p,
	    why, sizeof why), 0);
	assert_int_equal(srclimit_parse_nets("10.0.0.0/8", &ex, &nex, why, sizeof why), 0);
	t = srclimit_new(&p, ex, nex);
	free(ex);
	/* One or two failures cost nothing: 10 s accrued is below min. */
	assert_false(srclimit_penalise(t, &bad, SRCLIMIT_AUTHFAIL, now));
	assert_false(srclimit_penalise(t, &bad, SRCLIMIT_AUTHFAIL, now));
	assert_false(srclimit_refused(t, &bad, now, &left));
	/* A slow connection timing out takes it past min: refused for 20 s. */
	assert_true(srclimit_penalise(t, &bad, SRCLIMIT_GRACE, now + S(1)));
	assert_true(srclimit_refused(t, &bad, now + S(1), &left));
	assert_int_equal(left, S(19));
	assert_false(srclimit_refused(t, &good, now + S(1), NULL));
	/* More while refused extend it, never past max (and are not a new start). */
	for (int i = 0; i < 20; i++)
		assert_false(srclimit_penalise(t, &bad, SRCLIMIT_GRACE, now + S(2)));
	assert_true(srclimit_refused(t, &bad, now + S(61), &left));
	assert_int_equal(left, S(1));
	assert_false(srclimit_refused(t, &bad, now + S(62), NULL));
	/* Expired: it starts from nothing again. */
	assert_false(srclimit_penalise(t, &bad, SRCLIMIT_AUTHFAIL, now + S(100)));
	assert_false(srclimit_refused(t, &bad, now + S(100), NULL));
	/* Exempt networks and the NONE event are never penalised. */
	for (int i = 0; i < 10; i++) {
		assert_false(srclimit_penalise(t, &lab, SRCLIMIT_GRACE, now));
		assert_false(srclimit_penalise(t, &good, SRCLIMIT_NONE, now));
	}
	assert_false(srclimit_refused(t, &lab, now, NULL));
	assert_false(srclimit_refused(t, &good, now, NULL));
	srclimit_free(t);
	assert_int_equal(srclimit_parse_penalties("no", &p, why, sizeof why), 0);
	t = srclimit_new(&p, NULL, 0);
	for (int i = 0; i < 10; i++)
		assert_false(srclimit_penalise(t, &bad, SRCLIMIT_CRASH, now));
	assert_false(srclimit_refused(t, &bad, now, NULL));
	srclimit_free(t);
}

/* However many sources misbehave, the table stays bounded; the newest penalties stay. */
static void
test_penalty_table_is_bounded(void **state)
{
	struct srclimit_penalties p;
	struct srclimit *t;
	char why[200];
	struct srclimit_addr a;

	(void)state;
	assert_int_equal(srclimit_parse_penalties("crash:86400 min:10 max:86400", &p, why,
	    sizeof why), 0);
	t = srclimit_new(&p, NULL, 0);
	for (uint32_t i = 0; i < SRCLIMIT_MAX_SOURCES + 500; i++) {
		memset(&a, 0, sizeof a);
		a.family = AF_INET;
		memcpy(a.a, &i, 4);
		assert_true(srclimit_penalise(t, &a, SRCLIMIT_CRASH, S(i)));
		assert_true(srclimit_count(t) <= SRCLIMIT_MAX_SOURCES);
	}
	assert_true(srclimit_refused(t, &a, S(SRCLIMIT_MAX_SOURCES + 500), NULL));
	srclimit_free(t);
}

static void
test_event_codes_round_trip(void **state)
{
	(void)state;
	for (int e = SRCLIMIT_NONE; e < SRCLIMIT_NEVENTS; e++)
		assert_int_equal(srclimit_event_of(srclimit_event_code(e)), e);
	assert_int_equal(srclimit_event_of('A'), SRCLIMIT_NONE);
	assert_int_equal(srclimit_event_of('\0'), SRCLIMIT_NONE);
	assert_string_equal(srclimit_event_name(SRCLIMIT_GRACE), "grace-exceeded");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_startups_parses_both_forms),
		cmocka_unit_test(test_early_drop_rises_from_rate_to_full),
		cmocka_unit_test(test_penalties_parse),
		cmocka_unit_test(test_sources_are_addresses_and_v6_64s),
		cmocka_unit_test(test_exempt_networks),
		cmocka_unit_test(test_penalties_accrue_past_min_and_expire),
		cmocka_unit_test(test_penalty_table_is_bounded),
		cmocka_unit_test(test_event_codes_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
