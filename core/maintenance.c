/* maintenance.c — where main() leaves the recorder's retention and footage checks for the other front ends. */
#include "core/maintenance.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/util.h"

static const struct maint_ops *registered;

void
maint_register(const struct maint_ops *ops)
{
	registered = ops;
}

const struct maint_ops *
maint_ops(void)
{
	return registered;
}

void
maint_progressf(const struct maint_progress *p, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (p == NULL || p->fn == NULL)
		return;
	va_start(ap, fmt);
	line = xvasprintf(fmt, ap);
	va_end(ap);
	p->fn(p->ud, line);
	free(line);
}
