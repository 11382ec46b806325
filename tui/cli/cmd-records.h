/* cmd-records.h — what the record commands (duty, room, equipment, fault) share: their JSON output. */
#ifndef VG_CMD_RECORDS_H
#define VG_CMD_RECORDS_H

#include <stddef.h>

struct cli_ctx;
struct json;

/* Writes one record as a JSON object. */
typedef void (*cmd_json_fn)(struct json *, const void *item);

/* Prints n records of size bytes each as a JSON array. */
void	cmd_json_list(struct cli_ctx *, const void *v, size_t n, size_t size, cmd_json_fn);
/* Prints one record as a JSON object; nothing for NULL. */
void	cmd_json_item(struct cli_ctx *, const void *item, cmd_json_fn);

#endif
