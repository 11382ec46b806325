/* picsched.c — the decoding schedule of a camera's keyframes (see picsched.h). */
#include "recorder/picsched.h"

#include <string.h>

#define USEC INT64_C(1000000)

void
picsched_init(struct picsched *p, int tamper_interval_s, int thumb_interval_s, int64_t first_us)
{
	memset(p, 0, sizeof *p);
	p->every = (int64_t)tamper_interval_s * USEC / 2;
	p->confirm = (int64_t)tamper_interval_s * USEC / 8;
	p->thumb = (int64_t)thumb_interval_s * USEC;
	p->next_tamper = p->next_thumb = first_us;
}

int
picsched_due(const struct picsched *p, int64_t now)
{
	int what = 0;

	if (p->next_tamper == 0 || now >= p->next_tamper)
		what |= PIC_TAMPER;
	if (p->next_thumb == 0 || now >= p->next_thumb)
		what |= PIC_THUMB;
	return what;
}

void
picsched_done(struct picsched *p, int what, int64_t now, int pending)
{
	if (what & PIC_TAMPER)
		p->next_tamper = now + (pending ? p->confirm : p->every);
	/* the picture decoded for a tamper sample is as good a latest frame */
	p->next_thumb = now + p->thumb;
}
