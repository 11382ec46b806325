/* json.h — a small JSON writer for --json output. */
#ifndef VG_JSON_H
#define VG_JSON_H

#include <stdint.h>

#include "core/util.h"

struct json {
	struct vg_buf	b;
	int		depth;
	int		first[32];	/* nothing written yet at this depth */
	int		after_key;
};

void	json_init(struct json *);
void	json_obj(struct json *);		/* { */
void	json_end_obj(struct json *);		/* } */
void	json_arr(struct json *);		/* [ */
void	json_end_arr(struct json *);		/* ] */
void	json_key(struct json *, const char *);
void	json_str(struct json *, const char *);	/* NULL writes null */
void	json_int(struct json *, int64_t);
void	json_bool(struct json *, int);
void	json_null(struct json *);
/* Shorthands: key + value. */
void	json_kstr(struct json *, const char *k, const char *v);
void	json_kint(struct json *, const char *k, int64_t v);
void	json_kbool(struct json *, const char *k, int v);
void	json_ktime(struct json *, const char *k, int64_t us);	/* ISO 8601 UTC or null */
/* Returns the text (caller frees) with a trailing newline. */
char	*json_done(struct json *);

#endif
