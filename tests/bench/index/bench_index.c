/* bench_index.c — how long the footage index takes to answer "this camera, these 30 minutes". */
/*
 *   bench_index DB CAMERAS FROM_US TO_US QUERIES
 *
 * Times QUERIES range reads of a random camera (cam-001...) and a random
 * 30-minute range between FROM_US and TO_US: through core/segments.c, and,
 * for comparison, with the query `segments list` ran before (bounding only
 * start_us from above, ordered by seq).  Prints p50, p99 and the worst in
 * milliseconds for each, by the wall clock and by the CPU time the query
 * took (on a machine shared with other work, a query's wall time includes
 * waiting for a core), and the plan SQLite makes for the retention pass's
 * query (recorder/retention.c).  Exit 1 when the CPU-time p99 is 1 ms or
 * more (the wall-clock one is printed beside it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/db.h"
#include "core/segments.h"
#include "core/util.h"

#define RANGE_US (INT64_C(30) * 60 * 1000000)

static int64_t
now_ns(clockid_t which)
{
	struct timespec ts;

	clock_gettime(which, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
count(void *arg, const struct seg_row *r)
{
	(void)r;
	(*(int64_t *)arg)++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Prints the figures and returns the p99. */
static int64_t
report(const char *what, const char *clock, int64_t *ns, int n, int64_t rows)
{
	qsort(ns, (size_t)n, sizeof *ns, cmp);
	printf("  %-40s %-5s p50 %7.3f ms  p99 %7.3f ms  worst %7.3f ms  (%.1f segments)\n",
	    what, clock, ns[n / 2] / 1e6, ns[n * 99 / 100] / 1e6, ns[n - 1] / 1e6,
	    (double)rows / n);
	return ns[n * 99 / 100];
}

/* The query segments list ran before migration 8, for the comparison. */
static int64_t
old_query(struct vg_db *db, const char *camera, int64_t from, int64_t to)
{
	struct vg_stmt *st = db_prepare(db, "SELECT seq, start_us, end_us, bytes, sha256, recovered, "
	    "path FROM segments WHERE camera = ? AND state = 'ok' AND (? = 0 OR end_us > ?) AND "
	    "(? = 0 OR start_us < ?) ORDER BY seq");
	int64_t n = 0;

	db_bind_text(st, 1, camera);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	db_bind_int(st, 5, to);
	while (db_step(st) == DB_ROW)
		n++;
	db_finalize(st);
	return n;
}

static void
retention_plan(struct vg_db *db)
{
	struct vg_stmt *st = db_prepare(db, "EXPLAIN QUERY PLAN SELECT s.id FROM segments s WHERE "
	    "s.camera = ?2 AND s.start_us <= ?3 AND s.end_us <= ?3 AND s.state = 'ok' "
	    "ORDER BY s.start_us");

	while (db_step(st) == DB_ROW)
		printf("  retention plan: %s\n", db_col_text(st, 3));
	db_finalize(st);
}

int
main(int argc, char **argv)
{
	struct vg_db *db;
	struct vg_err err;
	int cams, n;
	int64_t from, to, *ns, *cpu, rows = 0, old_rows = 0, p99, new_p99 = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: bench_index DB CAMERAS FROM_US TO_US QUERIES\n");
		return 2;
	}
	if ((db = db_open(argv[1], DB_OPEN_NOMIGRATE, &err)) == NULL) {
		fprintf(stderr, "bench_index: %s\n", err.msg);
		return 1;
	}
	cams = atoi(argv[2]);
	from = strtoll(argv[3], NULL, 10);
	to = strtoll(argv[4], NULL, 10) - RANGE_US;
	n = atoi(argv[5]);
	ns = xmalloc((size_t)n * sizeof *ns);
	cpu = xmalloc((size_t)n * sizeof *cpu);
	srand(17);
	for (int pass = 0; pass < 2; pass++) {
		int64_t *total = pass == 0 ? &rows : &old_rows;
		int queries = pass == 0 ? n : n / 10 + 1;
		const char *what = pass == 0 ? "camera + 30 min (core/segments.c)" :
		    "the same, as segments list did before";

		for (int i = 0; i < queries; i++) {
			char camera[16];
			int64_t t = from + (int64_t)((double)rand() / RAND_MAX * (double)(to - from));
			int64_t w0 = now_ns(CLOCK_MONOTONIC), c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);

			snprintf(camera, sizeof camera, "cam-%03d", 1 + rand() % cams);
			if (pass == 0)
				segments_range(db, camera, t, t + RANGE_US, count, total);
			else
				*total += old_query(db, camera, t, t + RANGE_US);
			cpu[i] = now_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
			ns[i] = now_ns(CLOCK_MONOTONIC) - w0;
		}
		report(what, "wall", ns, queries, *total);
		p99 = report("", "CPU", cpu, queries, *total);
		if (pass == 0)
			new_p99 = p99;
	}
	retention_plan(db);
	free(ns);
	free(cpu);
	db_close(db);
	printf("  range read p99 %.3f ms (CPU): target < 1 ms %s\n", new_p99 / 1e6,
	    new_p99 < 1000000 ? "met" : "MISSED");
	return new_p99 < 1000000 ? 0 : 1;
}
