/* jsonval.c — reading JSON back (documents vigil wrote and signed), and laying it out for people. */
#include "core/jsonval.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define JV_MAX_DEPTH 64

struct jp {
	const char	*s, *p, *end;
	int		 depth;
	struct vg_err	*err;
};

static int parse_value(struct jp *, struct jv *);

static int
bad(struct jp *j, const char *what)
{
	return vg_seterr(j->err, VG_FAILED, _("malformed JSON at byte %lld: %s"),
	    (long long)(j->p - j->s), what);
}

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
lit(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return bad(j, _("unexpected text"));
	j->p += n;
	return 0;
}

static int
hex4(struct jp *j, unsigned *v)
{
	*v = 0;
	if (j->end - j->p < 4)
		return bad(j, _("short \\u escape"));
	for (int i = 0; i < 4; i++, j->p++) {
		char c = *j->p;

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return bad(j, _("bad \\u escape"));
	}
	return 0;
}

static void
put_utf8(struct vg_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

static int
escape(struct jp *j, struct vg_buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;
	unsigned cp, lo;

	if (j->p >= j->end)
		return bad(j, _("unterminated string"));
	if (*j->p != 'u') {
		if ((k = strchr(from, *j->p)) == NULL || *j->p == '\0')
			return bad(j, _("bad escape"));
		buf_add(b, &to[k - from], 1);
		j->p++;
		return 0;
	}
	j->p++;
	if (hex4(j, &cp) != 0)
		return -1;
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
			return bad(j, _("lone surrogate"));
		j->p += 2;
		if (hex4(j, &lo) != 0 || lo < 0xdc00 || lo >= 0xe000)
			return bad(j, _("lone surrogate"));
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp < 0xe000)
		return bad(j, _("lone surrogate"));
	put_utf8(b, cp);
	return 0;
}

static int
parse_string(struct jp *j, char **out)
{
	struct vg_buf b;
	size_t len;

	j->p++;		/* the opening quote */
	buf_init(&b);
	buf_puts(&b, "");
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20) {
			buf_free(&b);
			return bad(j, _("control character in a string"));
		}
		if (c == '\\') {
			j->p++;
			if (escape(j, &b) != 0) {
				buf_free(&b);
				return -1;
			}
			continue;
		}
		buf_add(&b, j->p++, 1);
	}
	if (j->p >= j->end) {
		buf_free(&b);
		return bad(j, _("unterminated string"));
	}
	j->p++;
	len = b.len;
	*out = buf_steal(&b);
	if (!vg_valid_utf8(*out) || strlen(*out) != len) {
		free(*out);
		*out = NULL;
		return bad(j, _("a string is not valid UTF-8"));
	}
	return 0;
}

static int
parse_number(struct jp *j, struct jv *v)
{
	int neg = 0;
	uint64_t n = 0;

	if (*j->p == '-') {
		neg = 1;
		j->p++;
	}
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return bad(j, _("bad number"));
	if (*j->p == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
		return bad(j, _("leading zero"));
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		if (n > (UINT64_C(1) << 62))
			return bad(j, _("number too large"));
		n = n * 10 + (uint64_t)(*j->p++ - '0');
	}
	if (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E'))
		return bad(j, _("only whole numbers are expected"));
	v->type = JV_NUM;
	v->num = neg ? -(int64_t)n : (int64_t)n;
	return 0;
}

static void
push(struct jv *v, char *key, struct jv *item)
{
	v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
	v->items[v->n] = *item;
	if (v->type == JV_OBJ) {
		v->keys = xrealloc(v->keys, (v->n + 1) * sizeof *v->keys);
		v->keys[v->n] = key;
	}
	v->n++;
}

static void
clear(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		clear(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof *v);
}

/* An array or object, after its opening bracket. */
static int
parse_container(struct jp *j, struct jv *v, char close)
{
	v->type = close == '}' ? JV_OBJ : JV_ARR;
	if (++j->depth > JV_MAX_DEPTH)
		return bad(j, _("nested too deeply"));
	j->p++;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		struct jv item;
		char *key = NULL;

		memset(&item, 0, sizeof item);
		ws(j);
		if (close == '}') {
			if (j->p >= j->end || *j->p != '"' || parse_string(j, &key) != 0)
				return j->err->code ? -1 : bad(j, _("expected a key"));
			ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return bad(j, _("expected ':'"));
			}
			j->p++;
		}
		if (parse_value(j, &item) != 0) {
			free(key);
			clear(&item);
			return -1;
		}
		push(v, key, &item);
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		return bad(j, _("expected ',' or the end of a list"));
	}
}

static int
parse_value(struct jp *j, struct jv *v)
{
	ws(j);
	if (j->p >= j->end)
		return bad(j, _("unexpected end"));
	switch (*j->p) {
	case '{':
		return parse_container(j, v, '}');
	case '[':
		return parse_container(j, v, ']');
	case '"':
		v->type = JV_STR;
		return parse_string(j, &v->str);
	case 't':
		v->type = JV_BOOL;
		v->boolean = 1;
		return lit(j, "true");
	case 'f':
		v->type = JV_BOOL;
		return lit(j, "false");
	case 'n':
		v->type = JV_NULL;
		return lit(j, "null");
	default:
		return parse_number(j, v);
	}
}

struct jv *
jv_parse(const char *text, size_t len, struct vg_err *err)
{
	struct jp j = { text, text, text + len, 0, err };
	struct jv *v = xcalloc(1, sizeof *v);

	vg_err_clear(err);
	if (parse_value(&j, v) == 0) {
		ws(&j);
		if (j.p == j.end)
			return v;
		bad(&j, _("text after the end"));
	}
	jv_free(v);
	return NULL;
}

void
jv_free(struct jv *v)
{
	if (v == NULL)
		return;
	clear(v);
	free(v);
}

const struct jv *
jv_get(const struct jv *v, const char *key)
{
	if (v == NULL || v->type != JV_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

const char *
jv_str(const struct jv *v, const char *key)
{
	const struct jv *m = jv_get(v, key);

	return m != NULL && m->type == JV_STR ? m->str : "";
}

int64_t
jv_int(const struct jv *v, const char *key, int64_t dflt)
{
	const struct jv *m = jv_get(v, key);

	return m != NULL && m->type == JV_NUM ? m->num : dflt;
}

/*---- Layout ----*/

static void
newline(struct vg_buf *b, int depth)
{
	buf_add(b, "\n", 1);
	for (int i = 0; i < depth; i++)
		buf_add(b, "  ", 2);
}

char *
jsonval_pretty(const char *s)
{
	struct vg_buf b;
	int depth = 0, in_str = 0;

	buf_init(&b);
	for (; *s; s++) {
		char c = *s;

		if (in_str) {
			buf_add(&b, s, 1);
			if (c == '\\' && s[1])
				buf_add(&b, ++s, 1);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		if ((c == '}' || c == ']') && s[-1] != '{' && s[-1] != '[')
			newline(&b, --depth);
		else if (c == '}' || c == ']')
			depth--;
		buf_add(&b, s, 1);
		if (c == ':')
			buf_add(&b, " ", 1);
		else if (c == ',')
			newline(&b, depth);
		else if ((c == '{' || c == '[') && s[1] != '}' && s[1] != ']')
			newline(&b, ++depth);
		else if (c == '{' || c == '[')
			depth++;
	}
	while (b.len > 0 && b.s[b.len - 1] == '\n')
		b.len--;
	buf_add(&b, "\n", 1);
	return buf_steal(&b);
}
