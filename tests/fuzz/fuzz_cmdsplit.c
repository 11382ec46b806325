/* fuzz_cmdsplit.c — libFuzzer harness: SSH exec strings split into words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/cli/cmd.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = xstrndup((const char *)data, size);
	struct vg_err err;
	char **argv;
	int argc;

	if (cmd_split(line, &argc, &argv, &err) == 0) {
		size_t total = 0;

		for (int i = 0; i < argc; i++)
			total += strlen(argv[i]);
		VG_ASSERT(total <= strlen(line));
		VG_ASSERT(argv[argc] == NULL);
		cmd_free_argv(argc, argv);
	}
	free(line);
	return 0;
}
