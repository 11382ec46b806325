/* fuzz_privsep.c — libFuzzer harness: the messages between a connection process and its monitor (privsep-msg.h), login and session alike. */
#include <stdint.h>
#include <string.h>

#include "core/util.h"
#include "tui/ssh/privsep-msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct psmsg m;
static uint8_t again[PSMSG_MAX + 4];

/* Whatever parses encodes back to the same bytes. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *f[PSMSG_FIELDS];
	size_t n;

	if (psmsg_parse(data, size, &m) != 0)
		return 0;
	VG_ASSERT(m.nfields >= 0 && m.nfields <= PSMSG_FIELDS);
	for (int i = 0; i < m.nfields; i++)
		f[i] = m.f[i];
	n = psmsg_encode(m.type, m.nfields, f, again);
	VG_ASSERT(n == size + 4);
	VG_ASSERT(memcmp(again + 4, data, size) == 0);
	return 0;
}
