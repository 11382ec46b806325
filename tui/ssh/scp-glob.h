/* scp-glob.h — what a shell does to `scp -f` words: quotes, braces, globs over the download tree. */
#ifndef VG_SCP_GLOB_H
#define VG_SCP_GLOB_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;
struct vg_site;
struct vg_actor;

/*
 * OpenSSH's legacy scp client sends the remote path as typed
 * ("scp -f /exports/REQ-*.tar"), for the server's shell to expand, and then
 * checks every name it receives against the pattern it asked for.  We have
 * no shell: this does what bash would, over the virtual tree only (what
 * dl_list shows the user), never over the server's files.
 *
 * Words are kept "escaped": a character that was quoted or backslashed and
 * would mean something to brace or glob expansion is preceded by a
 * backslash, as fnmatch reads it; scp_unescape gives the plain text.
 */

/* What the scp server sends, in order. */
enum scp_item_kind {
	SCP_FILE,	/* path: a file to open with dl_open (it says why not) */
	SCP_DIR,	/* name, mtime_us: a D record (-r) */
	SCP_END,	/* the E record closing the last SCP_DIR */
	SCP_ERROR	/* path, why: an error line; the transfer goes on */
};

struct scp_item {
	enum scp_item_kind	 kind;
	char			*path;		/* SCP_FILE, SCP_ERROR: as the user wrote it or found */
	char			*name;		/* SCP_DIR */
	char			*why;		/* SCP_ERROR */
	int64_t			 mtime_us;	/* SCP_DIR */
};

/* The command split into escaped words as a shell would (quotes removed,
 * what they protected escaped); -1 on an unbalanced quote. */
int	scp_words(const char *command, char ***words, int *n, struct vg_err *);
/* The plain text of an escaped word. */
char	*scp_unescape(const char *word);
/* What one path word yields: braces, then globs against the actor's tree
 * (no leading-dot matches; a pattern matching nothing is an error item),
 * then with recursive each folder as SCP_DIR, its files, SCP_END. */
void	scp_expand(struct vg_site *, const struct vg_actor *, const char *word, int recursive,
	    struct scp_item **items, size_t *n);
void	scp_free_items(struct scp_item *, size_t n);

#endif
