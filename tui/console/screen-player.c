/* screen-player.c — a viewing's player: the granted cameras over the granted range, and what was played, recorded. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/footage.h"
#include "core/gov/player.h"
#include "core/gov/viewings.h"
#include "core/live.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "core/util.h"
#include "recorder/frames.h"
#include "tui/console/graphics.h"
#include "tui/console/screens.h"

#define SHOW_FPS 6			/* pictures a second (≥ 5 asked at x1) */
#define TICK_PLAY_MS (1000 / SHOW_FPS)	/* a tick shows a picture: no redraw between */
#define TICK_PAUSE_MS 500
#define RECORD_EVERY_US (15 * VG_USEC_PER_SEC)	/* played ranges reach core this often */
#define MAX_PICTURE_W 640		/* pixels: beyond this, sixel costs more than it shows */
#define MAX_DECODE_W 640		/* what a terminal can show, and no more decoding */
#define MAX_DECODE_H 360

static const struct ui_key player_keys[] = {
	{ "Space", N_("play/pause") },
	{ "←→", N_("10 s") },
	{ "PgUp/PgDn", N_("1 min") },
	{ "g", N_("go to") },
	{ "+-", N_("speed") },
	{ ".", N_("next frame") },
	{ "Tab", N_("camera") },
	{ "q", N_("back") },
	{ NULL, NULL }
};

static const struct ui_key typing_keys[] = {
	{ "Enter", N_("go") },
	{ "Esc", N_("cancel") },
	{ NULL, NULL }
};

struct player {
	struct ui		*ui;
	struct ui_screen	*screen;
	struct player_grant	 g;
	size_t			 cam;		/* index into g.cameras */
	struct playback		*pb;
	struct footage_span	*spans, *held;
	size_t			 nspans, nheld;
	struct vg_frame		 frame;
	uint64_t		 serial;
	int64_t			 pos;		/* the moment shown */
	int			 playing, speed;
	int64_t			 base_mono, base_pos;
	int64_t			 play_from;	/* start of what is being played; -1 none */
	int64_t			 shown_mono, recorded_mono;
	int			 pic_cols, pic_rows;
	int			 typing;
	int			 fetched;	/* a first picture was asked for */
	char			 typed[48];
	char			 note[320];
	int			 note_role;
	struct live_visit	 visit;
};

static const char *
camera_of(const struct player *p)
{
	return p->g.cameras[p->cam];
}

static void
note(struct player *p, int role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
note(struct player *p, int role, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->note, sizeof p->note, fmt, ap);
	va_end(ap);
	p->note_role = role;
}

/* The span of the timeline holding t (the last one for the range's end). */
static const struct footage_span *
span_at(const struct player *p, int64_t t)
{
	for (size_t i = 0; i < p->nspans; i++)
		if (t >= p->spans[i].from_us && t < p->spans[i].to_us)
			return &p->spans[i];
	return NULL;
}

/* The start of the next recorded stretch after t, or 0. */
static int64_t
next_recorded(const struct player *p, int64_t t)
{
	for (size_t i = 0; i < p->nspans; i++)
		if (p->spans[i].recorded && p->spans[i].to_us > t)
			return p->spans[i].from_us > t ? p->spans[i].from_us : t;
	return 0;
}

/*---- What was played ----*/

/*
 * The stretch played since play_from, up to `to`, into the viewing's played
 * ranges, cut to the footage that exists (a gap was not played).  Core
 * merges the ranges per camera and audits each.
 */
static void
record_played(struct player *p, int64_t to)
{
	struct vg_err err;

	if (p->play_from < 0 || to <= p->play_from)
		return;
	for (size_t i = 0; i < p->nspans; i++) {
		int64_t a = p->spans[i].from_us, b = p->spans[i].to_us;

		a = a < p->play_from ? p->play_from : a;
		b = b > to ? to : b;
		if (!p->spans[i].recorded || b <= a)
			continue;
		if (viewings_play(p->ui->site, p->ui->actor, p->g.viewing_id, camera_of(p), a, b,
		    &err) != 0) {
			ui_message(p->ui, UI_ERROR, "%s", err.msg);
			p->playing = 0;
			break;
		}
	}
	p->play_from = p->playing ? to : -1;
	p->recorded_mono = clock_mono_us();
}

/*---- Pictures ----*/

static void
decode_size(const struct player *p, int *w, int *h)
{
	gfx_pixel_size(p->ui, p->pic_cols > 0 ? p->pic_cols : 40, p->pic_rows > 0 ?
	    p->pic_rows : 10, w, h);
	*w = *w > MAX_DECODE_W ? MAX_DECODE_W : *w < 16 ? 16 : *w;
	*h = *h > MAX_DECODE_H ? MAX_DECODE_H : *h < 16 ? 16 : *h;
}

/* The picture at pos, decoded now. */
static void
fetch(struct player *p)
{
	struct vg_err err;
	int w, h, r;

	if (p->pb == NULL || gfx_mode(p->ui) == GFX_NONE)
		return;
	decode_size(p, &w, &h);
	r = playback_frame_at(p->pb, p->pos, w, h, &p->frame, &err);
	if (r == 1)
		p->serial++;
	else if (r < 0)
		note(p, UI_ERROR, "%s", err.msg);
	p->shown_mono = clock_mono_us();
}

/*---- Opening a camera ----*/

static void
close_camera(struct player *p)
{
	playback_free(p->pb);
	p->pb = NULL;
	free(p->spans);
	free(p->held);
	p->spans = p->held = NULL;
	p->nspans = p->nheld = 0;
	frames_free(&p->frame);
}

/* The grant's footage of camera i, from core's list of its segment files. */
static int
open_camera(struct player *p, size_t i, struct vg_err *err)
{
	struct player_file *files;
	struct playback_file *pf;
	size_t n;

	if (player_timeline(p->ui->site, p->ui->actor, &p->g, p->g.cameras[i], &p->spans,
	    &p->nspans, &p->held, &p->nheld, err) != 0 ||
	    player_files(p->ui->site, p->ui->actor, &p->g, p->g.cameras[i], p->g.from_us,
	    p->g.to_us, &files, &n, err) != 0) {
		close_camera(p);
		return -1;
	}
	pf = xcalloc(n + 1, sizeof *pf);
	for (size_t k = 0; k < n; k++) {
		pf[k].path = files[k].path;
		pf[k].start_us = files[k].start_us;
		pf[k].end_us = files[k].end_us;
	}
	p->pb = playback_new(pf, n);
	playback_set_fast(p->pb, p->playing ? SHOW_FPS : 0);
	free(pf);
	player_files_free(files, n);
	p->cam = i;
	live_visit_add(&p->visit, p->g.cameras[i]);
	return 0;
}

/*---- Moving ----*/

static void
set_tick(struct player *p)
{
	p->screen->tick_ms = p->playing ? TICK_PLAY_MS : TICK_PAUSE_MS;
}

/* Moves to t inside the grant; what was played before the move is recorded. */
static void
seek(struct player *p, int64_t t)
{
	int64_t now = clock_mono_us();

	if (p->playing)
		record_played(p, p->pos);
	t = t < p->g.from_us ? p->g.from_us : t;
	t = t >= p->g.to_us ? p->g.to_us - 1 : t;
	p->pos = t;
	p->base_pos = t;
	p->base_mono = now;
	p->play_from = p->playing ? t : -1;
	p->note[0] = '\0';
	fetch(p);
}

static void
pause_play(struct player *p)
{
	if (p->playing) {
		record_played(p, p->pos);
		p->playing = 0;
		p->play_from = -1;
	}
	if (p->pb != NULL)
		playback_set_fast(p->pb, 0);
	set_tick(p);
}

static void
toggle(struct player *p)
{
	if (p->playing) {
		pause_play(p);
		return;
	}
	if (p->pos >= p->g.to_us - 1) {
		note(p, UI_WARN, "%s", _("at the end of the granted range"));
		return;
	}
	p->playing = 1;
	p->base_pos = p->pos;
	p->base_mono = clock_mono_us();
	p->play_from = p->pos;
	p->recorded_mono = p->base_mono;
	if (p->pb != NULL)
		playback_set_fast(p->pb, SHOW_FPS);
	set_tick(p);
}

/* The next frame while paused; that frame counts as played. */
static void
step(struct player *p)
{
	struct vg_err err;
	int64_t was = p->pos;
	int w, h, r;

	pause_play(p);
	if (p->pb == NULL)
		return;
	decode_size(p, &w, &h);
	r = playback_step(p->pb, w, h, &p->frame, &err);
	if (r < 0) {
		note(p, UI_ERROR, "%s", err.msg);
		return;
	}
	if (r == 2 || p->frame.ts_us >= p->g.to_us) {
		note(p, UI_WARN, "%s", _("no further frame in the granted range"));
		return;
	}
	p->serial++;
	p->pos = p->frame.ts_us > was ? p->frame.ts_us : was;
	p->play_from = was;
	record_played(p, p->pos > was ? p->pos : was + 1);
	p->play_from = -1;
}

static void
next_camera(struct player *p)
{
	struct vg_err err;
	size_t i = (p->cam + 1) % p->g.ncameras;
	int playing = p->playing;

	if (p->g.ncameras < 2) {
		note(p, UI_WARN, "%s", _("the grant has one camera"));
		return;
	}
	pause_play(p);
	close_camera(p);
	if (open_camera(p, i, &err) != 0) {
		ui_message(p->ui, UI_ERROR, "%s", err.msg);
		return;
	}
	seek(p, p->pos);
	if (playing)
		toggle(p);
}

static void
change_speed(struct player *p, int up)
{
	int s = up ? (p->speed < 4 ? p->speed * 2 : 4) : (p->speed > 1 ? p->speed / 2 : 1);

	p->base_pos = p->pos;
	p->base_mono = clock_mono_us();
	p->speed = s;
}

/* "HH:MM[:SS]" on the day shown, or a whole "YYYY-MM-DD HH:MM[:SS]". */
static int
parse_typed(const struct player *p, const char *typed, int64_t *t, struct vg_err *err)
{
	char day[32], *full;
	int r;

	if (strlen(typed) > 10 || strchr(typed, '-') != NULL)
		return time_parse(typed, t, err);
	time_fmt(p->pos, day);
	day[10] = '\0';
	full = xasprintf("%s %s", day, typed);
	r = time_parse(full, t, err);
	free(full);
	return r;
}

static void
go_typed(struct player *p)
{
	struct vg_err err;
	int64_t t;

	p->typing = 0;
	p->screen->text_input = 0;
	if (parse_typed(p, p->typed, &t, &err) != 0 ||
	    player_check(p->ui->site, p->ui->actor, &p->g, camera_of(p), t, &err) != 0) {
		ui_message(p->ui, UI_ERROR, "%s", err.msg);	/* wraps: a refusal is read whole */
		return;
	}
	seek(p, t);
}

/*---- Screen ----*/

/* Moves the clock on while playing; skips a gap, saying why it is there. */
static void
player_tick(struct ui *ui, struct ui_screen *s)
{
	struct player *p = s->data;
	int64_t now = clock_mono_us(), t, next;
	const struct footage_span *sp;
	char t1[32], t2[32];

	(void)ui;
	if (!p->playing)
		return;
	t = p->base_pos + (now - p->base_mono) * p->speed;
	if (t >= p->g.to_us) {
		p->pos = p->g.to_us - 1;
		pause_play(p);
		note(p, UI_WARN, "%s", _("at the end of the granted range"));
		return;
	}
	p->pos = t;
	if ((sp = span_at(p, t)) != NULL && !sp->recorded) {
		record_played(p, sp->from_us);
		next = next_recorded(p, t);
		note(p, UI_WARN, _("no footage recorded %s–%s: %s"), time_fmt(sp->from_us, t1) + 11,
		    time_fmt(sp->to_us, t2) + 11, sp->why);
		if (next == 0) {
			pause_play(p);
			return;
		}
		p->pos = p->base_pos = p->play_from = next;
		p->base_mono = now;
	}
	if (gfx_budget_allows(ui, "player"))
		fetch(p);	/* else the link is full: this picture is skipped */
	if (now - p->recorded_mono >= RECORD_EVERY_US)
		record_played(p, p->pos);
}

static void
draw_timeline(struct ui *ui, struct player *p, int y, int x, int w)
{
	int64_t len = p->g.to_us - p->g.from_us;
	int mark = (int)((p->pos - p->g.from_us) * w / (len > 0 ? len : 1));

	for (int i = 0; i < w; i++) {
		int64_t t = p->g.from_us + len * (2 * i + 1) / (2 * w);
		const struct footage_span *sp = span_at(p, t);
		int rec = sp != NULL && sp->recorded, held = 0;

		for (size_t k = 0; k < p->nheld; k++)
			held |= t >= p->held[k].from_us && t < p->held[k].to_us;
		ui_put(stdscr, y, x + i, 1, i == mark ? "┃" : rec ? "━" : "┄",
		    ui_attr(ui, i == mark ? UI_SELECTED : rec ? UI_GOOD : UI_ERROR), 0);
		ui_put(stdscr, y + 1, x + i, 1, held ? "▔" : " ", ui_attr(ui, UI_WARN), 0);
	}
}

static void
draw_picture(struct ui *ui, struct player *p, int y, int x, int h, int w)
{
	const struct footage_span *sp = span_at(p, p->pos);
	char t1[32], t2[32], *text = NULL;

	p->pic_rows = h;
	p->pic_cols = w;
	if (!p->fetched) {
		p->fetched = 1;	/* the first picture, now that its size is known */
		fetch(p);
	}
	if (sp != NULL && !sp->recorded)
		text = xasprintf(_("no footage recorded %s–%s: %s"), time_fmt(sp->from_us, t1),
		    time_fmt(sp->to_us, t2) + 11, sp->why);
	else if (gfx_mode(ui) == GFX_NONE)
		text = xstrdup(_("no pictures on this terminal (My account: Pictures)"));
	else if (p->frame.pixels == NULL)
		text = xstrdup(_("no picture yet"));
	if (text == NULL) {
		int cw = gfx_pixel_width(ui, 1), pw = w;

		/* At most MAX_PICTURE_W pixels across (sixel, kitty), or as many
		 * cells as that would take at 10 pixels a cell (blocks), centred:
		 * the cost of a picture grows with its size, its use does not. */
		if (gfx_mode(ui) == GFX_BLOCKS && pw > MAX_PICTURE_W / 10)
			pw = MAX_PICTURE_W / 10;
		else if (gfx_mode(ui) != GFX_BLOCKS && cw > 0 && pw * cw > MAX_PICTURE_W)
			pw = MAX_PICTURE_W / cw;
		p->pic_cols = pw;
		gfx_picture(ui, "player", p->serial, &p->frame, y, x + (w - pw) / 2, h, pw);
		return;
	}
	ui_put(stdscr, y + h / 2, x + 2, w - 4, text, ui_attr(ui, UI_WARN), 0);
	free(text);
}

static void
player_draw(struct ui *ui, struct ui_screen *s, int y, int x, int h, int w)
{
	struct player *p = s->data;
	char t1[40], t2[32], t3[32], *head, *when;

	head = xasprintf(_("%s · camera %s (%zu of %zu) · %s ×%d"), p->g.ref, camera_of(p),
	    p->cam + 1, p->g.ncameras, p->playing ? _("playing") : _("paused"), p->speed);
	when = xasprintf(_("%s · granted %s to %s"), time_fmt(p->pos, t1),
	    time_fmt(p->g.from_us, t2), time_fmt(p->g.to_us, t3));
	ui_put(stdscr, y, x + 1, w - 2, head, ui_attr(ui, UI_HEADER), 0);
	ui_put(stdscr, y + 1, x + 1, w - 2, when, ui_attr(ui, UI_NORMAL), 0);
	free(head);
	free(when);
	if (h < 8)
		return;
	draw_picture(ui, p, y + 2, x, h - 5, w);
	draw_timeline(ui, p, y + h - 3, x + 1, w - 2);
	if (p->typing) {
		char *prompt = xasprintf(_("Go to (HH:MM:SS, or YYYY-MM-DD HH:MM:SS): %s_"),
		    p->typed);

		ui_put(stdscr, y + h - 1, x + 1, w - 2, prompt, ui_attr(ui, UI_FIELD_FOCUS), 0);
		free(prompt);
	} else
		ui_put(stdscr, y + h - 1, x + 1, w - 2, p->note[0] ? p->note :
		    _("━ recorded  ┄ no footage  ▔ held"), ui_attr(ui, p->note[0] ? p->note_role :
		    UI_DIM), 0);
}

static int
typing_key(struct player *p, const struct ui_event *ev)
{
	if (ui_is_enter(ev))
		go_typed(p);
	else if (!ev->is_key && ev->ch == UI_ESC) {
		p->typing = 0;
		p->screen->text_input = 0;
	} else if (ui_is_backspace(ev))
		ui_text_backspace(p->typed);
	else if (!ev->is_key)
		ui_text_append(p->typed, sizeof p->typed, ev->ch);
	return UI_HANDLED;
}

static int
move_key(struct player *p, const struct ui_event *ev)
{
	int64_t d = 0;

	if (!ev->is_key)
		return UI_UNHANDLED;
	switch (ev->key) {
	case KEY_LEFT: d = -10; break;
	case KEY_RIGHT: d = 10; break;
	case KEY_SLEFT: case KEY_PPAGE: d = -60; break;
	case KEY_SRIGHT: case KEY_NPAGE: d = 60; break;
	default: return UI_UNHANDLED;
	}
	seek(p, p->pos + d * VG_USEC_PER_SEC);
	return UI_HANDLED;
}

static int
player_key(struct ui *ui, struct ui_screen *s, const struct ui_event *ev)
{
	struct player *p = s->data;

	if (p->typing)
		return typing_key(p, ev);
	if (move_key(p, ev) == UI_HANDLED)
		return UI_HANDLED;
	if (ev->is_key)
		return UI_UNHANDLED;
	switch (ev->ch) {
	case ' ': toggle(p); break;
	case '+': case '=': change_speed(p, 1); break;
	case '-': change_speed(p, 0); break;
	case '.': step(p); break;
	case '\t': next_camera(p); break;
	case 'g':
		p->typing = 1;
		p->typed[0] = '\0';
		s->text_input = 1;
		break;
	case 'q': ui_pop(ui); break;	/* back to the viewing, not out of the console */
	default: return UI_UNHANDLED;
	}
	return UI_HANDLED;
}

static const struct ui_key *
player_keys_fn(struct ui *ui, struct ui_screen *s)
{
	struct player *p = s->data;

	(void)ui;
	return p->typing ? typing_keys : player_keys;
}

static void
player_free_data(struct player *p)
{
	struct vg_err err;

	pause_play(p);		/* records what was played */
	close_camera(p);
	if (live_visit_close(p->ui->site, p->ui->actor, &p->visit, &err) != 0)
		fprintf(stderr, "vigil console: %s\n", err.msg);
	player_grant_free(&p->g);
	free(p);
}

static void
player_free(struct ui_screen *s)
{
	player_free_data(s->data);
}

static const struct ui_screen_ops player_ops = {
	.title = N_("Player"),
	.draw = player_draw,
	.key = player_key,
	.tick = player_tick,
	.keys = player_keys_fn,
	.free = player_free,
	.help = N_("Plays the footage of a running viewing: only the cameras and the time range "
	    "the grant covers. Space plays and pauses; ← and → move 10 seconds, PgUp and PgDn "
	    "(or Shift with the arrows) a minute; g goes to a time you type; + and - change "
	    "the speed (×1, ×2, ×4); . shows the next frame while paused; Tab shows the "
	    "grant's next camera; q goes back. The line under the picture shows the grant: "
	    "recorded, missing (with the reason the recorder logged) and held stretches. What "
	    "you play is recorded in the viewing's played ranges."),
};

struct ui_screen *
screen_player_open(struct ui *ui, int64_t id, const char *camera, int64_t at,
    struct vg_err *err)
{
	struct player *p = xcalloc(1, sizeof *p);
	char object[48];
	size_t i = 0;

	p->ui = ui;
	p->speed = 1;
	p->play_from = -1;
	if (player_open(ui->site, ui->actor, id, camera, at, &p->g, err) != 0) {
		free(p);
		return NULL;
	}
	snprintf(object, sizeof object, "viewing %lld", (long long)id);
	if (live_visit_open(ui->site, ui->actor, &p->visit, "viewing.player", object,
	    p->g.camera, err) != 0) {
		player_grant_free(&p->g);
		free(p);
		return NULL;
	}
	while (i < p->g.ncameras && strcmp(p->g.cameras[i], p->g.camera) != 0)
		i++;
	p->screen = ui_screen_new(&player_ops, p);
	if (open_camera(p, i, err) != 0) {
		struct ui_screen *s = p->screen;

		player_free_data(p);
		free(s);
		return NULL;
	}
	p->pos = p->base_pos = p->g.at_us;
	set_tick(p);
	snprintf(p->screen->title, sizeof p->screen->title, "%s · %s", _("Player"), p->g.ref);
	return p->screen;
}
