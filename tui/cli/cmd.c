/* cmd.c — dispatch of the SSH command grammar, and `vigil exec` to run it locally. */
#include "tui/cli/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"

/* The SSH command sets: tui/cli's own, then those main() registers. */
#define CMD_MAX_SETS 24
static const struct cli_cmd *sets[CMD_MAX_SETS + 1] = {
	cmd_basic,
	cmd_requests_set,
	cmd_viewings_set,
	cmd_holds_set,
	cmd_classes_set,
	cmd_duty_set,
	cmd_room_set,
	cmd_equipment_set,
	cmd_faults_set,
	cmd_exports_set,
	cmd_audit_set,
	cmd_review_set,
	cmd_register_set,
	cmd_maint_set,
	cmd_status_cmds,
	cmd_console_set,
	NULL
};

void
cmd_register(const struct cli_cmd *set)
{
	size_t n = 0;

	while (sets[n] != NULL)
		n++;
	VG_ASSERT(n < CMD_MAX_SETS);
	sets[n] = set;
}

const struct cli_cmd *const *
cmd_sets(void)
{
	return sets;
}

static void (*progress_fn)(void *, const char *);
static void *progress_ud;

void
cmd_set_progress(void (*fn)(void *, const char *), void *ud)
{
	progress_fn = fn;
	progress_ud = ud;
}

int
cmd_run(struct vg_site *site, struct vg_actor *actor, int argc, char **argv, FILE *in,
    FILE *out, FILE *errout)
{
	struct cli_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.prog = "vigil";
	ctx.config = site->cfg.path;
	ctx.site = site;
	ctx.actor = actor;
	ctx.in = in;
	ctx.out = out;
	ctx.errout = errout;
	ctx.progress = progress_fn;
	ctx.progress_ud = progress_ud;
	return cli_dispatch(&ctx, sets, NULL, NULL, argc, argv);
}

void
cmd_free_argv(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* One character of a word; kept escaped when a glob will read the word and
 * the character means something to brace, tilde or glob expansion. */
static void
word_char(struct vg_buf *w, char c, int keep_glob)
{
	if (keep_glob && strchr("*?[]{},~\\", c) != NULL)
		buf_add(w, "\\", 1);
	buf_add(w, &c, 1);
}

/* A quoted part of a word, s at its opening quote: where it ends, or NULL
 * when it does not.  Inside double quotes a backslash escapes only what it
 * does in sh. */
static const char *
quoted_part(const char *s, struct vg_buf *w, int keep_glob)
{
	char q = *s++;

	for (; *s && *s != q; s++) {
		if (q == '"' && *s == '\\' && s[1] && strchr("\"\\$`\n", s[1]))
			s++;
		word_char(w, *s, keep_glob);
	}
	return *s == q ? s + 1 : NULL;
}

int
cmd_words(const char *s, int keep_glob, int *argcp, char ***argvp, struct vg_err *err)
{
	char **argv = NULL;
	int argc = 0;
	struct vg_buf w;

	*argcp = 0;
	*argvp = NULL;
	buf_init(&w);
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s == '\0')
			break;
		buf_puts(&w, "");
		while (*s && !(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
			if (*s == '\'' || *s == '"') {
				if ((s = quoted_part(s, &w, keep_glob)) == NULL) {
					buf_free(&w);
					cmd_free_argv(argc, argv);
					return vg_seterr(err, VG_USAGE, "%s",
					    _("the command has an unbalanced quote"));
				}
			} else if (*s == '\\' && s[1]) {
				word_char(&w, s[1], keep_glob);
				s += 2;
			} else
				buf_add(&w, s++, 1);
		}
		argv = xrealloc(argv, (size_t)(argc + 2) * sizeof *argv);
		argv[argc++] = buf_steal(&w);
		argv[argc] = NULL;
	}
	buf_free(&w);
	if (argv == NULL)
		argv = xcalloc(1, sizeof *argv);
	*argcp = argc;
	*argvp = argv;
	return 0;
}

int
cmd_split(const char *s, int *argcp, char ***argvp, struct vg_err *err)
{
	return cmd_words(s, 0, argcp, argvp, err);
}

int
cmd_exec_main(int argc, char **argv)
{
	const char *config = config_default_path(), *login = NULL;
	struct vg_site *site = NULL;
	struct vg_actor *actor = NULL;
	struct vg_err err;
	int i, r = 2;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config = argv[++i];
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			login = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			break;
	}
	if (login == NULL) {
		fprintf(stderr, "%s", _("usage: vigil exec --user LOGIN [--config PATH] COMMAND ...\n"));
		return 2;
	}
	if (site_open(config, 0, &site, &err) != 0) {
		fprintf(stderr, "vigil exec: %s\n", err.msg);
		return vg_err_exit(&err);
	}
	if ((actor = actor_load(site, login, "local", &err)) == NULL) {
		fprintf(stderr, "vigil exec: %s\n", err.msg);
		r = 1;
	} else {
		struct vg_user *u = users_get(site, login);

		i18n_set_language(u && u->locale[0] ? u->locale : NULL);
		users_free(u);
		r = cmd_run(site, actor, argc - i, argv + i, stdin, stdout, stderr);
	}
	actor_free(actor);
	site_close(site);
	return r;
}
