/* fuzz_keys.c — libFuzzer harness: SSH public-key lines as users paste them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = xstrndup((const char *)data, size);
	struct vg_pubkey k;
	struct vg_err err;

	if (key_parse_line(line, &k, &err) == 0) {
		VG_ASSERT(k.bits > 0);
		VG_ASSERT(strncmp(k.fingerprint, "SHA256:", 7) == 0);
		key_free(&k);
	} else
		VG_ASSERT(err.msg[0] != '\0');
	free(line);
	return 0;
}
