/* jsonval.h — reading JSON back (documents vigil wrote and signed), and laying it out for people. */
#ifndef VG_JSONVAL_H
#define VG_JSONVAL_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type	 type;
	int		 boolean;
	int64_t		 num;		/* integers only: vigil writes no others */
	char		*str;
	struct jv	*items;		/* array elements or object values */
	char		**keys;		/* object keys, as many as items */
	size_t		 n;
};

/* Strict RFC 8259 text of at most 64 levels; -1 with err (VG_FAILED) naming the
 * offset of the first problem.  Numbers must be integers. */
struct jv	*jv_parse(const char *text, size_t len, struct vg_err *);
void		 jv_free(struct jv *);
/* An object's member, or NULL. */
const struct jv	*jv_get(const struct jv *, const char *key);
/* A member's string ("" when absent or not a string) or integer (dflt). */
const char	*jv_str(const struct jv *, const char *key);
int64_t		 jv_int(const struct jv *, const char *key, int64_t dflt);

/* The same JSON with a member or element per line, indented by two spaces and
 * ending in a newline; the input must be valid JSON (as json.h writes it). */
char		*jsonval_pretty(const char *flat);

#endif
