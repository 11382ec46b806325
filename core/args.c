/* args.c — option parsing for command grammars that read like sentences. */
#include "core/args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const struct arg_spec *
find_spec(const struct arg_spec *specs, const char *name, size_t len)
{
	for (; specs && specs->name; specs++)
		if (strlen(specs->name) == len && strncmp(specs->name, name, len) == 0)
			return specs;
	return NULL;
}

int
args_parse(int argc, char **argv, const struct arg_spec *specs, struct args *a,
    struct vg_err *err)
{
	int only_pos = 0;

	memset(a, 0, sizeof *a);
	a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
	a->opt = xcalloc((size_t)argc + 1, sizeof *a->opt);
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i], *eq, *name;
		const struct arg_spec *sp;
		size_t len;

		if (only_pos || strncmp(s, "--", 2) != 0 || s[2] == '\0') {
			if (!only_pos && strcmp(s, "--") == 0) {
				only_pos = 1;
				continue;
			}
			a->pos[a->npos++] = s;
			continue;
		}
		name = s + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		if ((sp = find_spec(specs, name, len)) == NULL) {
			args_free(a);
			return vg_seterr(err, VG_USAGE, _("unknown option --%.*s"), (int)len, name);
		}
		for (size_t k = 0; k < a->nopt && !sp->repeat; k++)
			if (strcmp(a->opt[k].name, sp->name) == 0) {
				args_free(a);
				return vg_seterr(err, VG_USAGE, _("option --%s is given twice"), sp->name);
			}
		a->opt[a->nopt].name = sp->name;
		if (!sp->has_value) {
			if (eq != NULL) {
				args_free(a);
				return vg_seterr(err, VG_USAGE, _("option --%s takes no value"), sp->name);
			}
			a->opt[a->nopt++].value = "";
		} else if (eq != NULL)
			a->opt[a->nopt++].value = eq + 1;
		else if (i + 1 < argc)
			a->opt[a->nopt++].value = argv[++i];
		else {
			args_free(a);
			return vg_seterr(err, VG_USAGE, _("option --%s needs a value"), sp->name);
		}
	}
	return 0;
}

void
args_free(struct args *a)
{
	free(a->pos);
	free(a->opt);
	memset(a, 0, sizeof *a);
}

const char *
args_get(const struct args *a, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			v = a->opt[i].value;
	return v;
}

int
args_has(const struct args *a, const char *name)
{
	return args_get(a, name) != NULL;
}

const char **
args_all(const struct args *a, const char *name, size_t *n)
{
	const char **v = xcalloc(a->nopt + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < a->nopt; i++)
		if (strcmp(a->opt[i].name, name) == 0)
			v[(*n)++] = a->opt[i].value;
	return v;
}

/* "10:00" or "10:00:30": a time of day that a space cut off its date. */
static int
looks_like_clock(const char *s)
{
	int h, m, n = 0;

	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || (n != 4 && n != 5))
		return 0;
	return s[n] == '\0' || (s[n] == ':' && strlen(s + n) == 3);
}

int
args_npos(const struct args *a, size_t min, size_t max, const char *usage,
    struct vg_err *err)
{
	if (a->npos < min)
		return vg_seterr(err, VG_USAGE, _("missing argument; usage: %s"), usage);
	if (a->npos > max && looks_like_clock(a->pos[max]))
		return vg_seterr(err, VG_USAGE, _("\"%s\" stands apart from its date: ssh joins a "
		    "command's words with spaces, so write the time as YYYY-MM-DDTHH:MM "
		    "(2026-03-01T%s), or quote it: \"--from='2026-03-01 %s'\""), a->pos[max],
		    a->pos[max], a->pos[max]);
	if (a->npos > max)
		return vg_seterr(err, VG_USAGE, _("unexpected argument \"%s\"; usage: %s"),
		    a->pos[max], usage);
	return 0;
}
