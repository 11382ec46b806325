/* bench-cpu.h — the CPU time this process has used, for the benchmark tools. */
#ifndef VG_BENCH_CPU_H
#define VG_BENCH_CPU_H

#include <time.h>

/* Milliseconds of CPU (user and system) this process has used so far. */
static inline double
bench_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

#endif
