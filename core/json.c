/* json.c — a small JSON writer: correct escaping, no allocation per value. */
#include "core/json.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/timefmt.h"

void
json_init(struct json *j)
{
	buf_init(&j->b);
	j->depth = 0;
	j->first[0] = 1;
	j->after_key = 0;
}

static void
sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->first[j->depth])
		buf_add(&j->b, ",", 1);
	j->first[j->depth] = 0;
}

static void
open_(struct json *j, const char *c)
{
	sep(j);
	buf_puts(&j->b, c);
	VG_ASSERT(j->depth + 1 < (int)VG_ARRLEN(j->first));
	j->first[++j->depth] = 1;
}

void
json_obj(struct json *j)
{
	open_(j, "{");
}

void
json_arr(struct json *j)
{
	open_(j, "[");
}

void
json_end_obj(struct json *j)
{
	VG_ASSERT(j->depth > 0);
	j->depth--;
	buf_puts(&j->b, "}");
}

void
json_end_arr(struct json *j)
{
	VG_ASSERT(j->depth > 0);
	j->depth--;
	buf_puts(&j->b, "]");
}

static void
put_string(struct json *j, const char *s)
{
	buf_add(&j->b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf_add(&j->b, "\\", 1);
			buf_add(&j->b, s, 1);
		} else if (c == '\n')
			buf_puts(&j->b, "\\n");
		else if (c == '\t')
			buf_puts(&j->b, "\\t");
		else if (c < 0x20 || c == 0x7f) {
			char esc[8];

			snprintf(esc, sizeof esc, "\\u%04x", c);
			buf_puts(&j->b, esc);
		} else
			buf_add(&j->b, s, 1);
	}
	buf_add(&j->b, "\"", 1);
}

void
json_key(struct json *j, const char *k)
{
	sep(j);
	put_string(j, k);
	buf_add(&j->b, ":", 1);
	j->after_key = 1;
}

void
json_str(struct json *j, const char *s)
{
	sep(j);
	if (s == NULL)
		buf_puts(&j->b, "null");
	else
		put_string(j, s);
}

void
json_int(struct json *j, int64_t v)
{
	sep(j);
	buf_printf(&j->b, "%lld", (long long)v);
}

void
json_bool(struct json *j, int v)
{
	sep(j);
	buf_puts(&j->b, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	sep(j);
	buf_puts(&j->b, "null");
}

void
json_kstr(struct json *j, const char *k, const char *v)
{
	json_key(j, k);
	json_str(j, v);
}

void
json_kint(struct json *j, const char *k, int64_t v)
{
	json_key(j, k);
	json_int(j, v);
}

void
json_kbool(struct json *j, const char *k, int v)
{
	json_key(j, k);
	json_bool(j, v);
}

void
json_ktime(struct json *j, const char *k, int64_t us)
{
	char t[32];

	json_key(j, k);
	if (us == 0)
		json_null(j);
	else
		json_str(j, time_fmt_iso(us, t));
}

char *
json_done(struct json *j)
{
	VG_ASSERT(j->depth == 0);
	buf_add(&j->b, "\n", 1);
	return buf_steal(&j->b);
}
