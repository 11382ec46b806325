/* live-feed.h — one camera's latest frame as the console follows it: polling the frame file, asking the recorder for pictures. */
#ifndef VG_LIVE_FEED_H
#define VG_LIVE_FEED_H

#include <stdint.h>
#include <time.h>

#include "recorder/frames.h"

struct ui;
struct live_camera;

struct live_feed {
	char		*camera;
	struct vg_frame	 frame;		/* the latest picture; pixels NULL: none yet */
	uint64_t	 serial;	/* changes with every new picture */
	struct timespec	 mtime;		/* of the frame file when read */
	int		 demand_w;	/* width asked of the recorder; 0: none */
	int64_t		 demanded_us;	/* clock_mono_us of the last refresh */
};

void	 feed_init(struct live_feed *, const char *camera);
/* Reads the frame file when its mtime moved; 1 with a new picture. */
int	 feed_poll(struct ui *, struct live_feed *);
/* Keeps the demand for width pixels fresh (at most once a second unless the
 * width changed); width 0 withdraws it. */
void	 feed_demand(struct ui *, struct live_feed *, int width);
/* Withdraws the demand and lets the picture go. */
void	 feed_free(struct ui *, struct live_feed *);

/*
 * One camera's tile at (y, x), h rows by w columns: its name and state in
 * words on the first two rows (online, offline since when and why, covered,
 * moved, recording stopped), the picture below, or the reason there is none
 * (a rule, the terminal, no frame yet).  Returns the picture's width in
 * pixels asked of the recorder (0: no picture wanted).
 */
int	 feed_draw_tile(struct ui *, const struct live_camera *, struct live_feed *, int y,
	     int x, int h, int w, int selected);
/*
 * The grid for n tiles in w x h cells: the number of columns whose tiles
 * give a 16:9 picture the most room, one blank column between tiles, fewer
 * columns on a tie.  *per_page < n when not every tile fits at its
 * smallest (24 x 6).
 */
void	 feed_grid(int n, int w, int h, int *cols, int *rows, int *tw, int *th, int *per_page);

#endif
