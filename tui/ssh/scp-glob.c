/* scp-glob.c — a shell's work on `scp -f` words: quoting, brace expansion and globs, over the download tree only. */
#include "tui/ssh/scp-glob.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "core/gov/downloads.h"
#include "core/util.h"
#include "tui/cli/cmd.h"

/* More words than this from one pattern's braces is not a download. */
#define SCP_MAX_WORDS 1024

static void add_dir(struct vg_site *, const struct vg_actor *, const char *path,
    struct scp_item **, size_t *);

/*---- Words ----*/

int
scp_words(const char *s, char ***words, int *n, struct vg_err *err)
{
	return cmd_words(s, 1, n, words, err);
}

char *
scp_unescape(const char *word)
{
	char *out = xmalloc(strlen(word) + 1), *o = out;

	for (; *word; word++) {
		if (*word == '\\' && word[1])
			word++;
		*o++ = *word;
	}
	*o = '\0';
	return out;
}

/* An unescaped *, ? or [: the word is a pattern. */
static int
has_glob(const char *w)
{
	for (; *w; w++) {
		if (*w == '\\' && w[1])
			w++;
		else if (*w == '*' || *w == '?' || *w == '[')
			return 1;
	}
	return 0;
}

/*---- Braces ----*/

/* The brace closing the one at w[open], or -1; *comma when it holds a
 * top-level comma (bash expands only those). */
static long
closing(const char *w, size_t open, int *comma)
{
	int depth = 0;

	*comma = 0;
	for (size_t i = open; w[i]; i++) {
		if (w[i] == '\\' && w[i + 1])
			i++;
		else if (w[i] == '{')
			depth++;
		else if (w[i] == '}' && --depth == 0)
			return (long)i;
		else if (w[i] == ',' && depth == 1)
			*comma = 1;
	}
	return -1;
}

static void braces(const char *w, char ***out, size_t *n);

/* w with its braces from open to close replaced by each alternative in turn. */
static void
alternatives(const char *w, size_t open, size_t close, char ***out, size_t *n)
{
	size_t start = open + 1;
	int depth = 0;

	for (size_t j = open + 1; j <= close; j++) {
		if (w[j] == '\\' && j + 1 < close) {
			j++;
			continue;
		}
		if (w[j] == '{')
			depth++;
		else if (w[j] == '}' && depth > 0)
			depth--;
		else if ((w[j] == ',' && depth == 0) || j == close) {
			char *word;

			if (*n > SCP_MAX_WORDS)
				return;
			word = xasprintf("%.*s%.*s%s", (int)open, w, (int)(j - start), w + start,
			    w + close + 1);

			braces(word, out, n);
			free(word);
			start = j + 1;
		}
	}
}

/* One end or the step of a sequence: an integer of at most 18 digits, or
 * (letter != NULL) a single letter; 0 if s[0..len) is neither. */
static int
seq_end(const char *s, size_t len, long long *v, char *letter)
{
	size_t i = s[0] == '-' || s[0] == '+';

	if (letter != NULL && len == 1 && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) {
		*letter = *s;
		*v = *s;
		return 1;
	}
	if (len == i || len - i > 18)
		return 0;
	for (size_t j = i; j < len; j++)
		if (s[j] < '0' || s[j] > '9')
			return 0;
	*v = strtoll(s, NULL, 10);
	return 1;
}

/* A sequence expression, {x..y} or {x..y..step} of integers or letters,
 * between w[open] and w[close]: each term in turn in place of the braces, as
 * bash expands them (integers written with a leading zero are padded to the
 * wider end).  0 if the braces hold no sequence. */
static int
sequence(const char *w, size_t open, size_t close, char ***out, size_t *n)
{
	const char *in = w + open + 1, *dot1, *dot2, *end = w + close;
	long long x, y, step = 1;
	char lx = 0, ly = 0;
	int width = 0;

	if ((dot1 = strstr(in, "..")) == NULL || dot1 >= end)
		return 0;
	dot2 = strstr(dot1 + 2, "..");
	if (dot2 != NULL && dot2 >= end)
		dot2 = NULL;
	if (!seq_end(in, (size_t)(dot1 - in), &x, &lx) ||
	    !seq_end(dot1 + 2, (size_t)((dot2 ? dot2 : end) - dot1 - 2), &y, &ly) ||
	    (dot2 != NULL && !seq_end(dot2 + 2, (size_t)(end - dot2 - 2), &step, NULL)) ||
	    (lx != 0) != (ly != 0))
		return 0;
	if (step < 0)
		step = -step;
	if (step == 0)
		step = 1;
	if (lx == 0) {
		size_t lenx = (size_t)(dot1 - in), leny = (size_t)((dot2 ? dot2 : end) - dot1 - 2);
		const char *dx = in + (in[0] == '-'), *dy = dot1 + 2 + (dot1[2] == '-');

		if ((dx[0] == '0' && dx + 1 < dot1) || (dy[0] == '0' && dy + 1 < dot1 + 2 + leny))
			width = (int)(lenx > leny ? lenx : leny);
	}
	for (long long v = x; x <= y ? v <= y : v >= y; v += x <= y ? step : -step) {
		char *word;

		if (*n > SCP_MAX_WORDS)
			break;
		word = lx ? xasprintf("%.*s%c%s", (int)open, w, (char)v, end + 1) :
		    xasprintf("%.*s%0*lld%s", (int)open, w, width, v, end + 1);
		braces(word, out, n);
		free(word);
		if ((x <= y && v > y - step) || (x > y && v < y + step))
			break;		/* the next term would pass y (or overflow) */
	}
	return 1;
}

/* Brace expansion, left to right, in the order written (bash does not sort
 * it).  Past SCP_MAX_WORDS it stops, one word over, without visiting the rest:
 * forty pairs of braces are a trillion words. */
static void
braces(const char *w, char ***out, size_t *n)
{
	if (*n > SCP_MAX_WORDS)
		return;
	for (size_t i = 0; w[i]; i++) {
		long close;
		int comma;

		if (w[i] == '\\' && w[i + 1]) {
			i++;
			continue;
		}
		if (w[i] != '{' || (close = closing(w, i, &comma)) < 0)
			continue;
		if (comma) {
			alternatives(w, i, (size_t)close, out, n);
			return;
		}
		if (memchr(w + i, '\\', (size_t)close - i) == NULL &&
		    sequence(w, i, (size_t)close, out, n))
			return;
	}
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[(*n)++] = xstrdup(w);
}

/*---- Globs over the tree ----*/

static char *
join(const char *dir, const char *name)
{
	return xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, name);
}

static void
push(struct scp_item **v, size_t *n, struct scp_item it)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = it;
}

static void
push_error(struct scp_item **v, size_t *n, const char *path, const char *why)
{
	push(v, n, (struct scp_item){ .kind = SCP_ERROR, .path = xstrdup(path),
	    .why = xstrdup(why) });
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One component's matches under each of the paths so far: a literal name is
 * taken as it is (opening it says if it is not there); a pattern is matched
 * against the folder's listing, folders only unless it is the last. */
static void
glob_step(struct vg_site *s, const struct vg_actor *a, const char *comp, int last, char **paths,
    size_t np, char ***next, size_t *nn, struct vg_err *first)
{
	for (size_t i = 0; i < np; i++) {
		struct dl_entry *v;
		struct vg_err err;
		size_t ne;

		if (!has_glob(comp)) {
			char *plain = scp_unescape(comp);

			*next = xrealloc(*next, (*nn + 1) * sizeof **next);
			(*next)[(*nn)++] = join(paths[i], plain);
			free(plain);
			continue;
		}
		if (dl_list(s, a, paths[i], &v, &ne, &err) != 0) {
			if (first->code == VG_OK)
				*first = err;
			continue;
		}
		for (size_t k = 0; k < ne; k++)
			if ((last || v[k].kind == DL_DIR) &&
			    fnmatch(comp, v[k].name, FNM_PERIOD) == 0) {
				*next = xrealloc(*next, (*nn + 1) * sizeof **next);
				(*next)[(*nn)++] = join(paths[i], v[k].name);
			}
		dl_free_entries(v, ne);
	}
}

/* The paths a pattern (normalized, escaped) matches, sorted; *first holds
 * the first listing refused on the way. */
static char **
glob_tree(struct vg_site *s, const struct vg_actor *a, const char *norm, size_t *np,
    struct vg_err *first)
{
	char *copy = xstrdup(norm), *save = NULL, *comp, *nextc;
	char **paths = xcalloc(1, sizeof *paths);

	paths[0] = xstrdup("/");
	*np = 1;
	vg_err_clear(first);
	for (comp = strtok_r(copy, "/", &save); comp != NULL && *np > 0; comp = nextc) {
		char **next = NULL;
		size_t nn = 0;

		nextc = strtok_r(NULL, "/", &save);
		glob_step(s, a, comp, nextc == NULL, paths, *np, &next, &nn, first);
		vg_strv_free(paths, *np);
		paths = next;
		*np = nn;
	}
	free(copy);
	if (*np > 1)
		qsort(paths, *np, sizeof *paths, by_name);
	return paths;
}

/*---- Items ----*/

/* A folder (-r): D, its files and folders, E; or why it cannot be sent. */
static void
add_dir(struct vg_site *s, const struct vg_actor *a, const char *path, struct scp_item **items,
    size_t *n)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct dl_entry *v;
	struct vg_err err;
	size_t ne, at;

	if (*name == '\0') {
		push_error(items, n, path, _("the root of the download tree cannot be copied "
		    "as a folder; copy its folders, e.g. /exports"));
		return;
	}
	if (dl_list(s, a, path, &v, &ne, &err) != 0) {
		push_error(items, n, path, err.msg);
		return;
	}
	at = *n;
	push(items, n, (struct scp_item){ .kind = SCP_DIR, .name = xstrdup(name) });
	for (size_t k = 0; k < ne; k++) {
		char *child = join(path, v[k].name);

		if (v[k].kind == DL_DIR)
			add_dir(s, a, child, items, n);
		else {
			push(items, n, (struct scp_item){ .kind = SCP_FILE, .path = child });
			child = NULL;
		}
		/* A folder's time (-p) is its newest file's. */
		if (v[k].mtime_us > (*items)[at].mtime_us)
			(*items)[at].mtime_us = v[k].mtime_us;
		free(child);
	}
	dl_free_entries(v, ne);
	push(items, n, (struct scp_item){ .kind = SCP_END });
}

/* A path that exists or not: a file to open, or with -r a folder to send. */
static void
add_path(struct vg_site *s, const struct vg_actor *a, const char *path, int recursive,
    struct scp_item **items, size_t *n)
{
	struct dl_entry e;
	struct vg_err err;
	char *norm;
	int dir = 0;

	if (recursive) {
		dir = dl_stat(s, a, path, &e, &err) == 0 && e.kind == DL_DIR;
		if (e.name != NULL)
			dl_free_entry(&e);
	}
	if (!dir)
		push(items, n, (struct scp_item){ .kind = SCP_FILE, .path = xstrdup(path) });
	else if (dl_path(path, &norm, &err) == 0) {
		add_dir(s, a, norm, items, n);
		free(norm);
	} else
		push_error(items, n, path, err.msg);
}

/* One word after brace expansion. */
static void
expand_word(struct vg_site *s, const struct vg_actor *a, const char *word, int recursive,
    struct scp_item **items, size_t *n)
{
	char *plain, *norm = NULL, **paths, *home = NULL;
	struct vg_err err, first;
	size_t np;

	/* Tilde expansion: the user's home is the top of the tree, where a
	 * relative path starts too.  A quoted ~ is escaped, so stays. */
	if (word[0] == '~' && (word[1] == '/' || word[1] == '\0'))
		word = home = xasprintf("/%s", word[1] ? word + 2 : "");
	plain = scp_unescape(word);
	if (!has_glob(word)) {
		add_path(s, a, plain, recursive, items, n);
		goto out;
	}
	/* ".." that climbs out is refused before anything is matched. */
	if (dl_path(plain, &norm, &err) != 0) {
		push_error(items, n, plain, err.msg);
		goto out;
	}
	free(norm);
	if (dl_path(word, &norm, &err) != 0) {
		push_error(items, n, plain, err.msg);
		goto out;
	}
	paths = glob_tree(s, a, norm, &np, &first);
	if (np == 0)
		push_error(items, n, plain, first.code != VG_OK ? first.msg :
		    _("no such file or folder in the download tree"));
	for (size_t i = 0; i < np; i++)
		add_path(s, a, paths[i], recursive, items, n);
	vg_strv_free(paths, np);
out:
	free(norm);
	free(plain);
	free(home);
}

void
scp_expand(struct vg_site *s, const struct vg_actor *a, const char *word, int recursive,
    struct scp_item **items, size_t *n)
{
	char **words = NULL;
	size_t nw = 0;

	braces(word, &words, &nw);
	if (nw > SCP_MAX_WORDS) {
		char *plain = scp_unescape(word), *why = xasprintf(_("its braces give more than %d "
		    "names"), SCP_MAX_WORDS);

		push_error(items, n, plain, why);
		free(why);
		free(plain);
		vg_strv_free(words, nw);
		return;
	}
	for (size_t i = 0; i < nw; i++)
		expand_word(s, a, words[i], recursive, items, n);
	vg_strv_free(words, nw);
}

void
scp_free_items(struct scp_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].name);
		free(v[i].why);
	}
	free(v);
}
