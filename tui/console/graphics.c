/* graphics.c — terminal pictures: asking the terminal, encoding with libchafa, placing, clearing, the budget. */
#include "tui/console/graphics.h"

#include <chafa.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/util.h"
#include "recorder/frames.h"
#include "tui/console/ui.h"

/* A terminal that does not say how big its cells are: xterm's VT340 default. */
#define DEFAULT_CELL_W 10
#define DEFAULT_CELL_H 20
/* What curses sends per cell of blocks, roughly (colours and a character). */
#define BLOCK_CELL_BYTES 12
/* Pictures larger than this (pixels) are encoded for speed over colour. */
#define BIG_PICTURE_PX (400L * 300L)
#define PLACE_KEY_MAX 64

static const char queries[] =
	"\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\033\\"	/* kitty graphics */
	"\033[?2;1;0S"					/* XTSMGRAPHICS: sixel geometry */
	"\033[16t"					/* cell size in pixels */
	"\033[14t"					/* text area in pixels */
	"\033[c";					/* DA1: everyone answers, last */

/* A picture encoded for one place, kept while it stays on the screen. */
struct slot {
	char		 key[PLACE_KEY_MAX];
	uint64_t	 serial;
	int		 rows, cols;
	char		*data;		/* sixel or kitty bytes */
	size_t		 len;
	cchar_t		*cells;		/* blocks: rows x cols */
	int		 used;		/* asked for in this frame */
};

/* Where a picture goes (or went): its fitted cells on the screen. */
struct place {
	char		 key[PLACE_KEY_MAX];
	uint64_t	 serial;
	int		 y, x, rows, cols;
};

struct gfx {
	enum gfx_mode	 mode;
	struct gfx_caps	 caps;
	int		 out;
	double		 rate;		/* bytes a second the budget allows */
	double		 tokens;	/* may go below 0: a debt paid off first */
	int64_t		 refilled_us;
	int		 covered, invalid;
	struct place	*now, *shown;
	size_t		 nnow, nshown, capnow, capshown;
	struct slot	*slots;
	size_t		 nslots;
	ChafaTermInfo	*ti;
	ChafaSymbolMap	*symbols;
	uint64_t	 sent;
};

/*---- Asking the terminal ----*/

/* The numbers of a parameter string "62;4;22" (at most max). */
static int
params(const char *p, const char *end, int *v, int max)
{
	int n = 0;

	while (p < end && n < max) {
		v[n] = 0;
		while (p < end && *p >= '0' && *p <= '9' && v[n] < 100000)
			v[n] = v[n] * 10 + (*p++ - '0');
		n++;
		if (p < end && *p != ';')
			break;
		p++;
	}
	return n;
}

/* One CSI reply: final byte, whether it had '?', its parameters. */
static void
csi_reply(char final, int private, const int *v, int n, struct gfx_caps *c)
{
	if (final == 'c' && private) {
		c->answered = 1;
		for (int i = 1; i < n; i++)
			c->sixel |= v[i] == 4;
	} else if (final == 'S' && private && n >= 4 && v[0] == 2 && v[1] == 0) {
		c->sixel_max_w = v[2];
		c->sixel_max_h = v[3];
	} else if (final == 't' && !private && n >= 3 && v[0] == 6) {
		c->cell_h = v[1];
		c->cell_w = v[2];
	} else if (final == 't' && !private && n >= 3 && v[0] == 4) {
		c->win_h = v[1];
		c->win_w = v[2];
	}
}

int
gfx_parse(const char *buf, size_t n, struct gfx_caps *c)
{
	const char *p = buf, *end = buf + n;

	while (p < end) {
		const char *q;

		if (*p != '\033' || p + 1 >= end) {
			p++;
			continue;
		}
		if (p[1] == '[') {
			int v[8], private = p + 2 < end && p[2] == '?';

			q = p + 2 + private;
			while (q < end && ((*q >= '0' && *q <= '9') || *q == ';'))
				q++;
			if (q >= end)
				break;
			csi_reply(*q, private, v, params(p + 2 + private, q, v, 8), c);
			p = q + 1;
		} else if (p[1] == '_') {
			/* APC: the kitty reply "ESC _ G i=31;OK ESC \" */
			q = p + 2;
			while (q + 1 < end && !(q[0] == '\033' && q[1] == '\\'))
				q++;
			if (q + 1 >= end)
				break;
			if (q - p > 6 && p[2] == 'G' && memmem(p, (size_t)(q - p), "i=31", 4) != NULL &&
			    memmem(p, (size_t)(q - p), ";OK", 3) != NULL)
				c->kitty = 1;
			p = q + 2;
		} else
			p++;
	}
	return c->answered;
}

static void
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* A terminal that would not say (xterm without allowWindowOps) may still
 * have told the kernel its size in pixels; SSH carries it in the pty request. */
static void
window_pixels(int fd, struct gfx_caps *c)
{
	struct winsize ws;

	if (c->win_w > 0 || ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_xpixel == 0 ||
	    ws.ws_ypixel == 0)
		return;
	c->win_w = ws.ws_xpixel;
	c->win_h = ws.ws_ypixel;
}

void
gfx_query(int in, int out, int timeout_ms, struct gfx_caps *c)
{
	struct termios old, raw;
	int64_t deadline = clock_mono_us() + (int64_t)timeout_ms * 1000;
	char buf[2048];
	size_t n = 0;
	int restore = 0;

	memset(c, 0, sizeof *c);
	if (tcgetattr(in, &old) == 0) {
		raw = old;
		cfmakeraw(&raw);
		restore = tcsetattr(in, TCSANOW, &raw) == 0;
	}
	write_all(out, queries, sizeof queries - 1);
	while (n < sizeof buf && !gfx_parse(buf, n, c)) {
		int64_t left = (deadline - clock_mono_us()) / 1000;
		struct pollfd pfd = { .fd = in, .events = POLLIN };
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		if ((r = read(in, buf + n, sizeof buf - n)) <= 0)
			break;
		n += (size_t)r;
		memset(c, 0, sizeof *c);
	}
	memset(c, 0, sizeof *c);
	gfx_parse(buf, n, c);
	if (restore)
		tcsetattr(in, TCSANOW, &old);
	window_pixels(out, c);
}

enum gfx_mode
gfx_choose(const struct gfx_caps *c, const char *setting, int colours)
{
	if (setting != NULL && strcmp(setting, "none") == 0)
		return GFX_NONE;
	if (setting != NULL && strcmp(setting, "blocks") == 0)
		return GFX_BLOCKS;
	if (setting != NULL && strcmp(setting, "sixel") == 0)
		return GFX_SIXEL;
	if (setting != NULL && strcmp(setting, "kitty") == 0)
		return GFX_KITTY;
	if (c->kitty)
		return GFX_KITTY;
	if (c->sixel)
		return GFX_SIXEL;
	return colours >= 8 ? GFX_BLOCKS : GFX_NONE;
}

const char *
gfx_mode_name(enum gfx_mode m)
{
	static const char *const names[] = { "none", "blocks", "sixel", "kitty" };

	return names[m];
}

/*---- The session ----*/

struct gfx *
gfx_new(int out, enum gfx_mode mode, const struct gfx_caps *caps, int max_kbps)
{
	struct gfx *g = xcalloc(1, sizeof *g);

	g->mode = mode;
	g->caps = *caps;
	g->out = out;
	g->rate = (double)max_kbps * 1000.0 / 8.0;
	g->refilled_us = clock_mono_us();
	/* One thread: a picture is a few milliseconds of work, and handing its rows
	 * to a pool of threads costs a quarter more CPU than doing them here (the
	 * connection's share of the machine is what a picture costs). */
	chafa_set_n_threads(1);
	g->ti = chafa_term_db_get_fallback_info(chafa_term_db_get_default());
	g->symbols = chafa_symbol_map_new();
	chafa_symbol_map_add_by_tags(g->symbols, CHAFA_SYMBOL_TAG_SPACE | CHAFA_SYMBOL_TAG_SOLID |
	    CHAFA_SYMBOL_TAG_HALF | CHAFA_SYMBOL_TAG_QUAD);
	return g;
}

static void
slot_clear(struct slot *s)
{
	free(s->data);
	free(s->cells);
	s->data = NULL;
	s->cells = NULL;
	s->len = 0;
	s->rows = s->cols = 0;
}

void
gfx_free(struct gfx *g)
{
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nslots; i++)
		slot_clear(&g->slots[i]);
	free(g->slots);
	free(g->now);
	free(g->shown);
	chafa_term_info_unref(g->ti);
	chafa_symbol_map_unref(g->symbols);
	free(g);
}

enum gfx_mode
gfx_mode(const struct ui *ui)
{
	return ui->gfx != NULL ? ui->gfx->mode : GFX_NONE;
}

uint64_t
gfx_bytes_sent(const struct ui *ui)
{
	return ui->gfx != NULL ? ui->gfx->sent : 0;
}

/* A cell's size in pixels: asked, else derived from the window's, else a default. */
static void
cell_size(const struct ui *ui, int *cw, int *ch)
{
	const struct gfx_caps *c = ui->gfx != NULL ? &ui->gfx->caps : NULL;

	*cw = DEFAULT_CELL_W;
	*ch = DEFAULT_CELL_H;
	if (c == NULL)
		return;
	if (c->cell_w >= 2 && c->cell_h >= 2 && c->cell_w <= 200 && c->cell_h <= 400) {
		*cw = c->cell_w;
		*ch = c->cell_h;
	} else if (c->win_w > 0 && c->win_h > 0 && ui->cols > 0 && ui->rows > 0 &&
	    c->win_w / ui->cols >= 2 && c->win_h / ui->rows >= 2) {
		*cw = c->win_w / ui->cols;
		*ch = c->win_h / ui->rows;
	}
}

int
gfx_pixel_width(const struct ui *ui, int cols)
{
	int cw, ch;

	if (gfx_mode(ui) == GFX_BLOCKS)
		return cols * 2;	/* quadrants: two pixels a cell across */
	cell_size(ui, &cw, &ch);
	return cols * cw;
}

void
gfx_pixel_size(const struct ui *ui, int cols, int rows, int *w, int *h)
{
	int cw, ch;

	if (gfx_mode(ui) == GFX_BLOCKS) {
		*w = cols * 2;	/* quadrants: two pixels by two a cell */
		*h = rows * 4;	/* (cells are twice as tall as wide) */
		return;
	}
	cell_size(ui, &cw, &ch);
	*w = cols * cw;
	*h = rows * ch;
}

/* The cells a w x h picture takes in a rows x cols box, aspect kept. */
static void
fit(const struct ui *ui, int w, int h, int rows, int cols, int *fr, int *fc)
{
	int cw, ch;
	double sx, sy, s;

	cell_size(ui, &cw, &ch);
	sx = (double)cols * cw / w;
	sy = (double)rows * ch / h;
	s = sx < sy ? sx : sy;
	*fc = (int)(w * s / cw + 0.5);
	*fr = (int)(h * s / ch + 0.5);
	*fc = *fc < 1 ? 1 : *fc > cols ? cols : *fc;
	*fr = *fr < 1 ? 1 : *fr > rows ? rows : *fr;
	/* XTSMGRAPHICS: never more than the terminal says it can show. */
	if (ui->gfx != NULL && ui->gfx->mode == GFX_SIXEL && ui->gfx->caps.sixel_max_w > 0) {
		while (*fc > 1 && *fc * cw > ui->gfx->caps.sixel_max_w)
			(*fc)--;
		while (*fr > 1 && *fr * ch > ui->gfx->caps.sixel_max_h)
			(*fr)--;
	}
}

/*---- Encoding (libchafa, driven by our own detection) ----*/

/* A grey frame as RGB for libchafa; NULL for RGB and RGBA, taken as they are. */
static uint8_t *
rgb_of(const struct vg_frame *f)
{
	size_t n = (size_t)f->width * (size_t)f->height;
	uint8_t *rgb;

	if (f->channels != 1)
		return NULL;
	rgb = xmalloc(n * 3);
	for (size_t i = 0; i < n; i++)
		rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = f->pixels[i];
	return rgb;
}

static ChafaCanvas *
draw_canvas(ChafaPixelMode pm, ChafaCanvasMode cm, ChafaSymbolMap *symbols,
    const struct vg_frame *f, int cols, int rows, int cw, int ch)
{
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	ChafaCanvas *cv;
	uint8_t *grey = rgb_of(f);

	chafa_canvas_config_set_pixel_mode(cfg, pm);
	chafa_canvas_config_set_canvas_mode(cfg, cm);
	chafa_canvas_config_set_geometry(cfg, cols, rows);
	chafa_canvas_config_set_cell_geometry(cfg, cw, ch);
	if (symbols != NULL) {
		chafa_canvas_config_set_symbol_map(cfg, symbols);
		chafa_canvas_config_set_work_factor(cfg, 0.2f);	/* cells, not art */
	}
	cv = chafa_canvas_new(cfg);
	if (f->channels == 4)
		chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGBA8_UNASSOCIATED, f->pixels,
		    f->width, f->height, f->width * 4);
	else
		chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGB8, grey ? grey : f->pixels,
		    f->width, f->height, f->width * 3);
	chafa_canvas_config_unref(cfg);
	free(grey);
	return cv;
}

static ChafaCanvasMode
blocks_canvas_mode(void)
{
	if (COLORS >= 256)
		return CHAFA_CANVAS_MODE_INDEXED_240;
	if (COLORS >= 16)
		return CHAFA_CANVAS_MODE_INDEXED_16;
	if (COLORS >= 8)
		return CHAFA_CANVAS_MODE_INDEXED_8;
	return CHAFA_CANVAS_MODE_FGBG;
}

/* Blocks as curses cells: each cell's symbol in its colour pair. */
static cchar_t *
encode_cells(struct gfx *g, const struct vg_frame *f, int cols, int rows)
{
	ChafaCanvasMode cm = has_colors() ? blocks_canvas_mode() : CHAFA_CANVAS_MODE_FGBG;
	ChafaCanvas *cv = draw_canvas(CHAFA_PIXEL_MODE_SYMBOLS, cm, g->symbols, f, cols, rows,
	    DEFAULT_CELL_W, DEFAULT_CELL_H);
	cchar_t *cells = xcalloc((size_t)rows * (size_t)cols, sizeof *cells);

	for (int y = 0; y < rows; y++)
		for (int x = 0; x < cols; x++) {
			wchar_t wc[2] = { (wchar_t)chafa_canvas_get_char_at(cv, x, y), 0 };
			int fg = -1, bg = -1, pair = 0;

			if (cm != CHAFA_CANVAS_MODE_FGBG) {
				/* The palette indexes of an indexed canvas (get_colors_at
				 * gives RGB, which no colour pair takes); anything else
				 * (transparent, chafa's own fg/bg marks) is the terminal's. */
				chafa_canvas_get_raw_colors_at(cv, x, y, &fg, &bg);
				pair = alloc_pair(fg < 0 || fg >= COLORS ? -1 : fg,
				    bg < 0 || bg >= COLORS ? -1 : bg);
				pair = pair < 0 ? 0 : pair;
			}
			setcchar(&cells[y * cols + x], wc, A_NORMAL, 0, &pair);
		}
	chafa_canvas_unref(cv);
	return cells;
}

static char *
encode_bytes(struct gfx *g, enum gfx_mode mode, const struct vg_frame *f, int cols, int rows,
    int cw, int ch, size_t *len)
{
	/* A large sixel picture (a player's) uses the fixed 256-colour palette:
	 * building a palette of its own costs twice as much, at every frame. */
	ChafaCanvasMode cm = mode == GFX_SIXEL && (long)cols * cw * rows * ch > BIG_PICTURE_PX ?
	    CHAFA_CANVAS_MODE_INDEXED_256 : CHAFA_CANVAS_MODE_TRUECOLOR;
	ChafaCanvas *cv = draw_canvas(mode == GFX_KITTY ? CHAFA_PIXEL_MODE_KITTY :
	    CHAFA_PIXEL_MODE_SIXELS, cm, NULL, f, cols, rows, cw, ch);
	GString *s = chafa_canvas_print(cv, g->ti);
	char *data;

	*len = s->len;
	data = xmalloc(s->len + 1);
	memcpy(data, s->str, s->len + 1);
	g_string_free(s, TRUE);
	chafa_canvas_unref(cv);
	return data;
}

/*---- The budget ----*/

static void
refill(struct gfx *g)
{
	int64_t now = clock_mono_us();
	double cap = g->rate;	/* at most a second's worth saved up */

	g->tokens += g->rate * (double)(now - g->refilled_us) / 1e6;
	if (g->tokens > cap)
		g->tokens = cap;
	g->refilled_us = now;
}

static void
spend(struct gfx *g, size_t bytes)
{
	g->tokens -= (double)bytes;
	g->sent += bytes;
}

int
gfx_budget_allows(struct ui *ui, const char *key)
{
	(void)key;
	if (ui->gfx == NULL || ui->gfx->mode == GFX_NONE)
		return 0;
	refill(ui->gfx);
	return ui->gfx->tokens >= 0;
}

/*---- Places ----*/

static struct slot *
slot_for(struct gfx *g, const char *key)
{
	for (size_t i = 0; i < g->nslots; i++)
		if (strcmp(g->slots[i].key, key) == 0)
			return &g->slots[i];
	g->slots = xrealloc(g->slots, (g->nslots + 1) * sizeof *g->slots);
	memset(&g->slots[g->nslots], 0, sizeof *g->slots);
	snprintf(g->slots[g->nslots].key, PLACE_KEY_MAX, "%s", key);
	return &g->slots[g->nslots++];
}

/* Blocks: encode when the picture or its size changed and the budget lets it
 * (else the old cells stay), then draw the cells into curses. */
static void
draw_blocks(struct ui *ui, struct slot *s, uint64_t serial, const struct vg_frame *f, int y,
    int x, int rows, int cols)
{
	struct gfx *g = ui->gfx;
	int same_size = s->cells != NULL && s->rows == rows && s->cols == cols;

	if (!same_size || (s->serial != serial && gfx_budget_allows(ui, s->key))) {
		slot_clear(s);
		s->cells = encode_cells(g, f, cols, rows);
		s->rows = rows;
		s->cols = cols;
		s->serial = serial;
		spend(g, (size_t)rows * (size_t)cols * BLOCK_CELL_BYTES);
	}
	for (int r = 0; r < rows; r++)
		for (int c = 0; c < cols; c++)
			mvwadd_wch(stdscr, y + r, x + c, &s->cells[r * cols + c]);
}

void
gfx_picture(struct ui *ui, const char *key, uint64_t serial, const struct vg_frame *f, int y,
    int x, int rows, int cols)
{
	struct gfx *g = ui->gfx;
	struct slot *s;
	struct place *p;
	int fr, fc;

	if (g == NULL || g->mode == GFX_NONE || f == NULL || f->pixels == NULL || rows < 1 ||
	    cols < 1)
		return;
	fit(ui, f->width, f->height, rows, cols, &fr, &fc);
	y += (rows - fr) / 2;
	x += (cols - fc) / 2;
	s = slot_for(g, key);
	s->used = 1;
	if (g->mode == GFX_BLOCKS) {
		draw_blocks(ui, s, serial, f, y, x, fr, fc);
		return;
	}
	/* Sixel and kitty: encoded now (the frame is the caller's only for this
	 * call), placed by gfx_flush. */
	if (s->data != NULL && s->rows == fr && s->cols == fc && s->serial != serial &&
	    !gfx_budget_allows(ui, key))
		serial = s->serial;	/* over budget: the older picture stays a while */
	if (s->data == NULL || s->rows != fr || s->cols != fc || s->serial != serial) {
		int cw, ch;

		cell_size(ui, &cw, &ch);
		slot_clear(s);
		s->data = encode_bytes(g, g->mode, f, fc, fr, cw, ch, &s->len);
		s->rows = fr;
		s->cols = fc;
		s->serial = serial;
	}
	if (g->nnow == g->capnow) {
		g->capnow = g->capnow ? g->capnow * 2 : 8;
		g->now = xrealloc(g->now, g->capnow * sizeof *g->now);
	}
	p = &g->now[g->nnow++];
	snprintf(p->key, PLACE_KEY_MAX, "%s", key);
	p->serial = serial;
	p->y = y;
	p->x = x;
	p->rows = fr;
	p->cols = fc;
}

static const struct place *
find_place(const struct place *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

static int
same_spot(const struct place *a, const struct place *b)
{
	return a->y == b->y && a->x == b->x && a->rows == b->rows && a->cols == b->cols;
}

/* Whether a picture on the screen has no place in this frame (it must go). */
static int
something_leaves(const struct gfx *g)
{
	for (size_t i = 0; i < g->nshown; i++) {
		const struct place *p = find_place(g->now, g->nnow, g->shown[i].key);

		if (p == NULL || !same_spot(p, &g->shown[i]))
			return 1;
	}
	return 0;
}

/* Curses does not know the pixels: clearing its idea of the screen makes the
 * next update erase the terminal whole and repaint the text. */
static void
wipe(struct gfx *g)
{
	if (g->mode == GFX_KITTY)
		write_all(g->out, "\033_Ga=d,q=2\033\\", 12);
	clearok(curscr, TRUE);
	doupdate();
	g->nshown = 0;
}

static void
emit(struct gfx *g, const struct place *p, const struct slot *s)
{
	char pos[64];
	int n;

	if (g->mode == GFX_KITTY) {
		n = snprintf(pos, sizeof pos, "\0337\033_Ga=d,d=p,x=%d,y=%d,q=2\033\\\033[%d;%dH",
		    p->x + 1, p->y + 1, p->y + 1, p->x + 1);
	} else
		n = snprintf(pos, sizeof pos, "\0337\033[%d;%dH", p->y + 1, p->x + 1);
	write_all(g->out, pos, (size_t)n);
	write_all(g->out, s->data, s->len);
	write_all(g->out, "\0338", 2);
	spend(g, s->len + (size_t)n + 2);
}

static void
remember(struct gfx *g, const struct place *p)
{
	for (size_t i = 0; i < g->nshown; i++)
		if (strcmp(g->shown[i].key, p->key) == 0) {
			g->shown[i] = *p;
			return;
		}
	if (g->nshown == g->capshown) {
		g->capshown = g->capshown ? g->capshown * 2 : 8;
		g->shown = xrealloc(g->shown, g->capshown * sizeof *g->shown);
	}
	g->shown[g->nshown++] = *p;
}

/* Drops encoded pictures no longer asked for. */
static void
forget_unused(struct gfx *g)
{
	size_t k = 0;

	for (size_t i = 0; i < g->nslots; i++) {
		if (!g->slots[i].used) {
			slot_clear(&g->slots[i]);
			continue;
		}
		g->slots[i].used = 0;
		g->slots[k++] = g->slots[i];
	}
	g->nslots = k;
}

void
gfx_flush(struct ui *ui)
{
	struct gfx *g = ui->gfx;

	if (g == NULL)
		return;
	if (g->mode == GFX_SIXEL || g->mode == GFX_KITTY) {
		if (g->nshown > 0 && (g->covered || g->invalid || something_leaves(g)))
			wipe(g);
		g->invalid = 0;
		for (size_t i = 0; !g->covered && i < g->nnow; i++) {
			const struct place *p = &g->now[i], *was = find_place(g->shown, g->nshown,
			    p->key);
			const struct slot *s = slot_for(g, p->key);

			if (was != NULL && was->serial == p->serial)
				continue;
			emit(g, p, s);
			remember(g, p);
		}
	}
	g->nnow = 0;
	forget_unused(g);
}

void
gfx_apply_setting(struct ui *ui, const char *setting)
{
	struct gfx *g = ui->gfx;

	if (g == NULL)
		return;
	if (g->nshown > 0)
		wipe(g);
	for (size_t i = 0; i < g->nslots; i++)
		slot_clear(&g->slots[i]);
	g->nslots = 0;
	g->mode = gfx_choose(&g->caps, setting, has_colors() ? COLORS : 0);
	g->invalid = 1;
}

void
gfx_cover(struct ui *ui, int on)
{
	if (ui->gfx == NULL)
		return;
	ui->gfx->covered = on;
	if (!on)
		ui->gfx->invalid = 1;
}

void
gfx_invalidate(struct ui *ui)
{
	if (ui->gfx != NULL)
		ui->gfx->invalid = 1;
}

/*---- Benchmark ----*/

size_t
gfx_encode_bench(enum gfx_mode mode, const struct vg_frame *f, int cols, int rows)
{
	static struct gfx *g;	/* one session, as the console keeps */
	struct gfx_caps caps;
	size_t len = 0;

	if (g == NULL) {
		memset(&caps, 0, sizeof caps);
		g = gfx_new(-1, mode, &caps, 4000);
	}
	if (mode == GFX_BLOCKS) {
		/* What the cells cost as escape sequences in 256 colours. */
		ChafaCanvas *cv = draw_canvas(CHAFA_PIXEL_MODE_SYMBOLS, CHAFA_CANVAS_MODE_INDEXED_240,
		    g->symbols, f, cols, rows, DEFAULT_CELL_W, DEFAULT_CELL_H);
		GString *s = chafa_canvas_print(cv, g->ti);

		len = s->len;
		g_string_free(s, TRUE);
		chafa_canvas_unref(cv);
	} else if (mode != GFX_NONE)
		free(encode_bytes(g, mode, f, cols, rows, DEFAULT_CELL_W, DEFAULT_CELL_H, &len));
	return len;
}
