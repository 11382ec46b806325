/* main.c — the vigil binary: dispatches to admin, record, serve and console. */
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "recorder/recorder.h"
#include "tui/cli/admin.h"
#include "tui/cli/cmd.h"
#include "tui/console/screens.h"
#include "tui/ssh/sshd.h"

static void
usage(FILE *f)
{
	fputs(_("usage: vigil COMMAND ...\n"
	    "  vigil admin COMMAND ...      administration (vigil admin help)\n"
	    "  vigil record [--config PATH] the recorder service\n"
	    "  vigil exec --user LOGIN CMD  run an SSH command locally as LOGIN\n"), f);
	fputs(_("  vigil serve [--listen A:P]   the SSH server for the console and commands\n"
	    "  vigil console --user LOGIN   the console on this terminal\n"), f);
	fputs(_("  vigil verify FILE.tar [--key KEY]  check an export offline\n"), f);
}

int
main(int argc, char **argv)
{
	i18n_init();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	/* The one place tui/ knows the recorder: its commands (retention, footage
	 * verify, segments, camera ack) join the SSH grammar and vigil admin;
	 * export create, which builds a bundle, joins the SSH grammar. */
	cmd_register(recorder_cmds);
	cmd_register(export_cmds);
	if (strcmp(argv[1], "admin") == 0)
		return admin_main(argc - 2, argv + 2, recorder_cmds);
	if (strcmp(argv[1], "record") == 0)
		return recorder_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "exec") == 0)
		return cmd_exec_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "serve") == 0)
		return sshd_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "console") == 0)
		return console_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "verify") == 0)
		return verify_main(argc - 2, argv + 2);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, _("vigil: unknown command \"%s\"\n"), argv[1]);
	usage(stderr);
	return 2;
}
