/* session-exec.c — `ssh HOST COMMAND`, run by the worker: the SSH command grammar, and what is refused in its place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/site.h"
#include "core/users.h"
#include "core/util.h"
#include "tui/cli/cmd.h"
#include "tui/ssh/session.h"
#include "tui/ssh/xfer.h"

/* The user's language, else the LANG their client sent, else the site's. */
static void
set_language(struct conn *c)
{
	const char *lang = c->user != NULL && c->user->locale[0] ? c->user->locale : NULL;

	for (size_t i = 0; lang == NULL && i < c->nenv; i++)
		if (strncmp(c->env[i], "LANG=", 5) == 0 && c->env[i][5])
			lang = strncmp(c->env[i] + 5, "zh", 2) == 0 ? "zh_CN" : "en";
	i18n_set_language(lang ? lang : c->cfg->locale);
}

static void
finish(struct conn *c, const char *out, size_t on, const char *err, size_t en, int status,
    const char *reason)
{
	conn_write(c, 0, out, on);
	conn_write(c, 1, err, en);
	conn_close_channel(c, status, reason);
}

/* With ssh -t, a long run's progress goes to the client's terminal as it
 * happens, on stderr, one line over the last (issue 13); "" clears it. */
static void
channel_progress(void *ud, const char *line)
{
	struct conn *c = ud;
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "\r");
	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		buf_printf(&b, "%c", *p < 0x20 || *p == 0x7f ? '?' : *p);
	buf_puts(&b, "\033[K");
	conn_write(c, 1, b.s, b.len);
	buf_free(&b);
}

/* The words of a command line for the audit, without what a long line carries. */
static char *
audit_words(int argc, char **argv)
{
	struct vg_buf b;

	buf_init(&b);
	buf_puts(&b, "");
	for (int i = 0; i < argc && b.len < 200; i++)
		buf_printf(&b, "%s%.80s", i ? " " : "", argv[i]);
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] < 0x20)
			b.s[i] = '?';
	return buf_steal(&b);
}

/* Other ways of moving files than sftp and scp; say so rather than "unknown". */
static int
is_transfer(int argc, char **argv)
{
	return argc > 0 && (strcmp(argv[0], "sftp") == 0 || strcmp(argv[0], "sftp-server") == 0 ||
	    strcmp(argv[0], "rsync") == 0);
}

void
exec_run(struct conn *c, const char *command)
{
	char *out = NULL, *err = NULL, *words = NULL, **argv = NULL;
	size_t on = 0, en = 0;
	FILE *o = open_memstream(&out, &on), *e = open_memstream(&err, &en), *in;
	struct vg_err verr;
	int argc = 0, status;

	VG_ASSERT(o != NULL && e != NULL);
	set_language(c);
	if (c->agent_refused)
		fprintf(e, "%s", _("vigil: agent forwarding is not allowed; the command runs "
		    "without it\n"));
	if (cmd_split(command, &argc, &argv, &verr) != 0) {
		fprintf(e, "vigil: %s\n", verr.msg);
		status = 2;
		words = xstrdup("(unparsable)");
		conn_audit(c, c->login, "ssh.exec", c->login, "command=%s; status=%d", words,
		    status);
	} else if (argc > 0 && strcmp(argv[0], "scp") == 0) {
		/* scp -O: the transfer runs in the event loop (xfer.h). */
		fclose(o);
		fclose(e);
		free(out);
		free(err);
		xfer_start_scp(c, command);
		cmd_free_argv(argc, argv);
		return;
	} else if (is_transfer(argc, argv)) {
		fprintf(e, "%s", _("vigil: only downloads with sftp and scp are served here\n"));
		status = 1;
		words = audit_words(argc, argv);
		conn_audit(c, c->login, "ssh.refuse", c->login, "file transfer: %s", words);
	} else {
		in = fopen("/dev/null", "r");
		words = audit_words(argc, argv);
		cmd_set_progress(c->pty ? channel_progress : NULL, c);
		status = cmd_run(c->site, c->actor, argc, argv, in, o, e);
		cmd_set_progress(NULL, NULL);
		if (in != NULL)
			fclose(in);
		conn_audit(c, c->login, "ssh.exec", c->login, "command=%s; status=%d", words,
		    status);
	}
	xfer_end(c);	/* not a download: what the client sent was not for us */
	fclose(o);
	fclose(e);
	finish(c, out, on, err, en, status, "command done");
	cmd_free_argv(argc, argv);
	free(words);
	free(out);
	free(err);
}

/*
 * The console's own entry points as commands: `wall` opens it on the live
 * wall, `play VIEWING_ID [--camera ID] [--at TIME]` on a viewing's player.
 * They need a terminal; the console itself checks the rest through core and
 * refuses, exit 1, where it would refuse the screen.
 */
int
exec_console_cmd(struct conn *c, const char *command)
{
	struct vg_err verr;
	char **argv = NULL, *words;
	int argc = 0, ours;

	if (cmd_split(command, &argc, &argv, &verr) != 0)
		return 0;
	ours = argc > 0 && (strcmp(argv[0], "wall") == 0 || strcmp(argv[0], "play") == 0);
	if (!ours) {
		cmd_free_argv(argc, argv);
		return 0;
	}
	set_language(c);
	words = audit_words(argc, argv);
	if (!c->pty || argc > 8 || (strcmp(argv[0], "wall") == 0 && argc != 1) ||
	    (strcmp(argv[0], "play") == 0 && argc < 2)) {
		char *msg = !c->pty ? xasprintf(_("vigil: %s opens the console: it needs a "
		    "terminal; connect with ssh -t\n"), argv[0]) :
		    xstrdup(_("vigil: usage: wall | play VIEWING_ID [--camera ID] [--at TIME]\n"));

		conn_audit(c, c->login, "ssh.exec", c->login, "command=%s; status=2", words);
		finish(c, "", 0, msg, strlen(msg), 2, "console command refused");
		free(msg);
	} else {
		c->console_args = xcalloc((size_t)argc + 2, sizeof *c->console_args);
		c->console_args[c->nconsole_args++] = xstrdup(strcmp(argv[0], "wall") == 0 ?
		    "--wall" : "--play");
		for (int i = 1; i < argc; i++)
			c->console_args[c->nconsole_args++] = xstrdup(argv[i]);
		conn_audit(c, c->login, "ssh.exec", c->login, "command=%s; console", words);
		c->want_shell = 1;
	}
	free(words);
	cmd_free_argv(argc, argv);
	return 1;
}

void
exec_subsystem(struct conn *c, const char *name)
{
	char *msg;

	set_language(c);
	if (strcmp(name, "sftp") == 0) {
		xfer_start_sftp(c);
		return;
	}
	xfer_end(c);
	msg = xasprintf(_("vigil: the subsystem \"%.40s\" does not exist here\n"), name);
	conn_audit(c, c->login, "ssh.refuse", c->login, "subsystem %.40s", name);
	finish(c, "", 0, msg, strlen(msg), 1, "subsystem refused");
	free(msg);
}
