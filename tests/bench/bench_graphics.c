/* bench_graphics.c — encoding one frame as sixel, kitty and colour blocks: milliseconds and bytes per frame. */
/*
 *   bench_graphics FRAME.ppm [ITERATIONS]
 *
 * Encodes the frame (a 320x180 picture, as a wall tile shows it) the way the
 * console does (tui/console/graphics.c, libchafa) ITERATIONS times per mode
 * and prints, one line per mode: "MODE ms=N bytes=N" (per frame, CPU time of
 * this process).  Every mode fills the same tile: 32x9 cells of 10x20 pixels
 * (the frame's own 320x180 for sixel and kitty; blocks show it at two pixels
 * by two a cell).
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "recorder/frames.h"
#include "tests/bench/bench-cpu.h"
#include "tui/console/graphics.h"

static void
run(const char *name, enum gfx_mode mode, const struct vg_frame *f, int cols, int rows, int n)
{
	size_t bytes = 0;
	double t0 = bench_cpu_ms(), ms;

	for (int i = 0; i < n; i++)
		bytes = gfx_encode_bench(mode, f, cols, rows);
	ms = (bench_cpu_ms() - t0) / n;
	printf("%s ms=%.2f bytes=%zu\n", name, ms, bytes);
}

int
main(int argc, char **argv)
{
	struct vg_frame f;
	struct vg_err err;
	int n = argc > 2 ? atoi(argv[2]) : 50;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: bench_graphics FRAME.ppm [ITERATIONS]\n");
		return 2;
	}
	if (frames_read_file(argv[1], &f, &err) != 0) {
		fprintf(stderr, "bench_graphics: %s\n", err.msg);
		return 1;
	}
	run("sixel", GFX_SIXEL, &f, 32, 9, n);
	run("kitty", GFX_KITTY, &f, 32, 9, n);
	run("blocks", GFX_BLOCKS, &f, 32, 9, n);
	frames_free(&f);
	return 0;
}
