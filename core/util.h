/* util.h — allocation that aborts on exhaustion, invariants, errors a person reads. */
#ifndef VG_UTIL_H
#define VG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A message whose words depend on what it is about: C_("camera", "NAME") is
 * 名称 where the person's NAME is 姓名.  NC_ marks one for later vg_tr. */
#define C_(ctx, s) vg_tr(ctx "\004" s)
#define NC_(ctx, s) (ctx "\004" s)

#define VG_ARRLEN(a) (sizeof(a) / sizeof((a)[0]))

/* Broken invariants abort loudly; input from outside is never asserted. */
#define VG_ASSERT(c) \
	do { if (!(c)) vg_fatal("%s:%d: assertion failed: %s", __FILE__, __LINE__, #c); } while (0)

/*
 * Error codes map onto exit statuses: REFUSED and FAILED exit 1, USAGE and
 * CONFIG exit 2.  NOTFOUND and CONFLICT are refusals with a more precise
 * meaning for callers that branch on them.
 */
enum vg_code {
	VG_OK = 0,
	VG_REFUSED,	/* a rule says no */
	VG_FAILED,	/* something broke: I/O, database */
	VG_NOTFOUND,	/* the named thing does not exist */
	VG_CONFLICT,	/* it already exists / state does not allow it */
	VG_USAGE,	/* the command or form was filled wrongly */
	VG_CONFIG	/* configuration is invalid */
};

struct vg_err {
	enum vg_code code;
	char field[48];		/* form field the message belongs beside, or "" */
	char msg[512];
};

void	 vg_err_clear(struct vg_err *);
int	 vg_seterr(struct vg_err *, enum vg_code, const char *, ...)
	     __attribute__((format(printf, 3, 4)));
int	 vg_seterr_field(struct vg_err *, enum vg_code, const char *field,
	     const char *, ...) __attribute__((format(printf, 4, 5)));
int	 vg_err_exit(const struct vg_err *);

void	 vg_fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* A growable string. */
struct vg_buf {
	char	*s;
	size_t	 len, cap;
};
void	 buf_init(struct vg_buf *);
void	 buf_add(struct vg_buf *, const char *, size_t);
void	 buf_puts(struct vg_buf *, const char *);
void	 buf_printf(struct vg_buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 buf_free(struct vg_buf *);
char	*buf_steal(struct vg_buf *);

/* Files. */
int	 vg_write_file_atomic(const char *path, const void *, size_t, int mode,
	     struct vg_err *);
char	*vg_read_file(const char *path, size_t *lenp, size_t max, struct vg_err *);
int	 vg_mkdirs(const char *path, int mode, struct vg_err *);
int	 vg_fsync_dir(const char *path);
char	*vg_path_join(const char *dir, const char *rel);
char	*vg_dirname(const char *path);
/* The directory of the running binary (from /proc/self/exe), or NULL. */
char	*vg_exe_dir(void);
/* Removes a file or a directory tree; errors are ignored. */
void	 vg_remove_tree(const char *path);
/* Removes what a directory holds, keeping it; -1 if it is not one. */
int	 vg_empty_tree(const char *path);
/* Whether path is a directory that holds nothing. */
int	 vg_dir_is_empty(const char *path);
/* Frees n strings and the array holding them. */
void	 vg_strv_free(char **, size_t n);
/* The n strings joined with sep between them (a new string, "" for none). */
char	*vg_strv_join(char *const *, size_t n, const char *sep);
/* Whether one of the n strings equals s. */
int	 vg_strv_contains(char *const *, size_t n, const char *s);

/* The translation of a message marked with N_ or NC_ (a context before a
 * \004); untranslated, the message without its context. */
const char *vg_tr(const char *);

/* Text. */
void	 vg_hex(const uint8_t *, size_t, char *out);	/* out: 2n+1 */
int	 vg_unhex(const char *, uint8_t *, size_t);
int	 vg_valid_utf8(const char *);
/* The code point at s and its length in bytes (*len); -1 (length 1) for a
 * byte that does not start a valid UTF-8 character. */
long	 vg_utf8_decode(const char *s, size_t *len);
/* C0 controls, DEL, C1 controls and the bidirectional overrides and isolates. */
int	 vg_cp_is_control(long cp);
/* Whether text holds one of those: the one check every text input passes. */
int	 vg_has_control(const char *);
/* Appends s[0..n) with every control character (vg_cp_is_control, except
 * newline and tab) and every invalid byte escaped as \xNN or \uNNNN, so that
 * nothing stored can steer the terminal it is shown on. */
void	 vg_escape_text(struct vg_buf *, const char *s, size_t n);
/* A copy of s with each control character and invalid byte replaced by '?'
 * (for a display that cannot show an escape, such as a form field). */
char	*vg_text_printable(const char *s);
/* A stream that writes to dst what is written to it, escaped as above;
 * fclose it to flush (dst stays open). */
FILE	*vg_escape_stream(FILE *dst);
/* Display width in terminal cells (wcwidth; CJK counts two); bytes this locale
 * cannot decode count one per UTF-8 lead byte. */
int	 vg_text_width(const char *);
char	*vg_trim(char *);
/* Text from a form or command: plain UTF-8, at most max bytes; required
 * text must not be blank.  Usage errors name the field. */
int	 vg_check_text(const char *s, size_t max, int required, const char *field,
	     const char *what, struct vg_err *);
/* Splits "a,b, c" into trimmed, non-empty words; free with vg_strv_free. */
char	**vg_split_list(const char *s, size_t *n);
int	 vg_parse_int(const char *, long long min, long long max, long long *out);

#endif
