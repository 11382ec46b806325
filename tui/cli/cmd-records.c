/* cmd-records.c — JSON output shared by the duty, room, equipment and fault commands. */
#include "tui/cli/cmd-records.h"

#include "core/cli.h"
#include "core/json.h"

void
cmd_json_list(struct cli_ctx *ctx, const void *v, size_t n, size_t size, cmd_json_fn fn)
{
	struct json j;

	json_init(&j);
	json_arr(&j);
	for (size_t i = 0; i < n; i++)
		fn(&j, (const char *)v + i * size);
	json_end_arr(&j);
	cli_print(ctx, json_done(&j));
}

void
cmd_json_item(struct cli_ctx *ctx, const void *item, cmd_json_fn fn)
{
	struct json j;

	if (item == NULL)
		return;
	json_init(&j);
	fn(&j, item);
	cli_print(ctx, json_done(&j));
}
