/* i18n.c — gettext catalogue binding and per-user language switching. */
#include "core/i18n.h"

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

static char lang_now[16] = "en";

/* The catalogue sits beside the binary in a build tree (build/locale), or
 * under its prefix when installed (PREFIX/bin/vigil, PREFIX/share/locale);
 * VIGIL_LOCALEDIR overrides. */
static char *
locale_dir(void)
{
	static const char *const rel[] = { "locale", "../share/locale" };
	const char *env = getenv("VIGIL_LOCALEDIR");
	char *dir, *cand;

	if (env && *env)
		return xstrdup(env);
	if ((dir = vg_exe_dir()) == NULL)
		return xstrdup("/usr/share/locale");
	for (size_t i = 0; i < VG_ARRLEN(rel); i++) {
		cand = xasprintf("%s/%s/zh_CN/LC_MESSAGES/vigil.mo", dir, rel[i]);
		if (access(cand, R_OK) == 0) {
			free(cand);
			cand = xasprintf("%s/%s", dir, rel[i]);
			free(dir);
			return cand;
		}
		free(cand);
	}
	free(dir);
	return xstrdup("/usr/share/locale");
}

static int
is_zh(const char *s)
{
	return s != NULL && strncmp(s, "zh", 2) == 0;
}

void
i18n_init(void)
{
	char *dir = locale_dir();
	const char *l;

	setlocale(LC_ALL, "");
	bindtextdomain("vigil", dir);
	bind_textdomain_codeset("vigil", "UTF-8");
	textdomain("vigil");
	free(dir);
	l = getenv("LANGUAGE");
	if (l == NULL || *l == '\0')
		l = setlocale(LC_MESSAGES, NULL);
	snprintf(lang_now, sizeof lang_now, "%s", is_zh(l) ? "zh_CN" : "en");
}

const char *
i18n_set_language(const char *lang)
{
	if (lang == NULL || *lang == '\0') {
		const char *env = getenv("LANG");

		lang = is_zh(env) ? "zh_CN" : "en";
	}
	if (is_zh(lang)) {
		setenv("LANGUAGE", "zh_CN", 1);
		if (setlocale(LC_ALL, "zh_CN.UTF-8") == NULL)
			setlocale(LC_ALL, "C.UTF-8");
		/* LC_MESSAGES must not be "C" or gettext ignores LANGUAGE. */
		if (setlocale(LC_MESSAGES, "zh_CN.UTF-8") == NULL)
			setlocale(LC_MESSAGES, "en_US.UTF-8");
		snprintf(lang_now, sizeof lang_now, "zh_CN");
	} else {
		setenv("LANGUAGE", "en", 1);
		if (setlocale(LC_ALL, "C.UTF-8") == NULL)
			setlocale(LC_ALL, "");
		snprintf(lang_now, sizeof lang_now, "en");
	}
	/* Tell gettext its cached choice is stale. */
	textdomain("vigil");
	return lang_now;
}

const char *
i18n_language(void)
{
	return lang_now;
}
