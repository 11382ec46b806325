/* graphics.h — pictures in the terminal: what it can draw (asked at start), sixel/kitty/blocks with libchafa, redraws, the output budget. */
#ifndef VG_GRAPHICS_H
#define VG_GRAPHICS_H

#include <stddef.h>
#include <stdint.h>

struct ui;
struct vg_frame;

enum gfx_mode { GFX_NONE, GFX_BLOCKS, GFX_SIXEL, GFX_KITTY };

/* What the terminal answered (0: it did not say). */
struct gfx_caps {
	int	 answered;	/* a DA1 reply came back */
	int	 sixel;		/* DA1 carries parameter 4 */
	int	 kitty;		/* the kitty graphics query was answered OK */
	int	 sixel_max_w, sixel_max_h;	/* XTSMGRAPHICS: the largest sixel image */
	int	 cell_w, cell_h;	/* CSI 16 t: a cell's size in pixels */
	int	 win_w, win_h;		/* CSI 14 t: the text area in pixels */
};

/*
 * Asks the terminal on in/out (before curses starts): the kitty graphics
 * query, XTSMGRAPHICS, the cell and window sizes in pixels, and last DA1,
 * which every terminal answers, so its reply ends the wait.  Waits at most
 * timeout_ms; a terminal that says nothing gets no pictures but blocks.
 * Keys typed meanwhile are lost.
 */
void	 gfx_query(int in, int out, int timeout_ms, struct gfx_caps *);
/* Reads the replies in buf (exposed for tests); 1 once the DA1 reply is in. */
int	 gfx_parse(const char *buf, size_t n, struct gfx_caps *);

/* The mode for a person's setting ("auto", "sixel", "kitty", "blocks",
 * "none") on a terminal with these answers and this many colours. */
enum gfx_mode gfx_choose(const struct gfx_caps *, const char *setting, int colours);
const char *gfx_mode_name(enum gfx_mode);

/*
 * The session's pictures, kept on ui->gfx.  Pixels written by sixel or kitty
 * live outside curses, which neither knows nor erases them: they are placed
 * after curses has updated the screen, the whole screen is cleared when one
 * must go (a different layout, a dialog on top, a resize), and each is sent
 * again only when its picture changed — within console.max_kbps, so a slow
 * link gets fewer pictures a second rather than a backlog.
 */
struct gfx;

struct gfx	*gfx_new(int out_fd, enum gfx_mode, const struct gfx_caps *, int max_kbps);
void		 gfx_free(struct gfx *);
enum gfx_mode	 gfx_mode(const struct ui *);
/* A person changed their setting: the mode follows at once. */
void		 gfx_apply_setting(struct ui *, const char *setting);

/*
 * Shows a picture in the cells (y, x, rows x cols) of the screen, its aspect
 * kept and centred: drawn into curses cells now (blocks) or placed for
 * gfx_flush (sixel, kitty).  key names the place (a camera); serial changes
 * whenever the picture does, so an unchanged one costs nothing.  Call from a
 * screen's draw, every frame it should stay.
 */
void	 gfx_picture(struct ui *, const char *key, uint64_t serial, const struct vg_frame *,
	     int y, int x, int rows, int cols);
/* After curses has updated the terminal: places, replaces or clears pictures. */
void	 gfx_flush(struct ui *);
/* A dialog covers the screen (on) or has gone (off): pictures go and come back. */
void	 gfx_cover(struct ui *, int on);
/* Everything must be drawn again (a resize, Ctrl-L). */
void	 gfx_invalidate(struct ui *);
/* Whether a new picture for key would be sent now, within the budget. */
int	 gfx_budget_allows(struct ui *, const char *key);
/* Width in pixels of a picture over cols cells (what to ask the recorder for). */
int	 gfx_pixel_width(const struct ui *, int cols);
/* The pixels worth decoding for a box of cols x rows cells in this mode. */
void	 gfx_pixel_size(const struct ui *, int cols, int rows, int *w, int *h);
/* Bytes of pictures sent so far (benchmarks). */
uint64_t gfx_bytes_sent(const struct ui *);

/*
 * Encodes a picture as the terminal would get it, outside any session (for
 * the benchmark): sixel or kitty escape sequences, or blocks as the cells'
 * characters and colours (bytes: what curses would send for them, roughly).
 * Returns the byte count.
 */
size_t	 gfx_encode_bench(enum gfx_mode, const struct vg_frame *, int cols, int rows);

#endif
