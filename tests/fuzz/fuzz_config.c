/* fuzz_config.c — libFuzzer harness: vigil.cfg, cameras.cfg and policy profiles from any bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"
#include "core/gov/policy.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct vg_config cfg;
	struct vg_cameras cams;
	struct vg_policy *pol;
	struct vg_err err;
	FILE *f;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/vigil-fuzz-config-%ld.cfg", (long)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (config_load(path, &cfg, &err) == 0)
		config_free(&cfg);
	if (cameras_load(path, &cams, &err) == 0)
		cameras_free(&cams);
	if ((pol = policy_load(path, &err)) != NULL)
		policy_free(pol);
	return 0;
}
