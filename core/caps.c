/* caps.c — the capabilities vigil enforces; profiles assign them to roles. */
#include <string.h>

#include "core/gov/policy.h"
#include "core/util.h"

const char *const vg_caps[] = {
	"request.file",		/* file a request to view or copy footage */
	"request.read_all",	/* see every request, not only one's own */
	/* Added for the request lifecycle: signing is beyond filing, so the
	 * register applies (DESIGN §8); the profile's steps say which step. */
	"request.approve",	/* sign or reject the approval steps the profile gives one's role */
	"viewing.run",		/* run a supervised viewing of an approved request */
	"live.view",		/* live wall (public cameras only, HHKCS 2.2.5) */
	"camera.status",	/* camera status and alerts */
	"camera.manage",	/* camera inventory, re-acknowledge reference frames */
	"hold.manage",		/* place and release holds */
	"retention.run",	/* run or preview a retention pass */
	"footage.verify",	/* check segment hashes and chains */
	"audit.verify",		/* check the audit chain */
	/* Added for the monthly review (issue 13): reading the audit log is the
	 * reviewer's, not everyone's who may verify it (HHKCS 2.5.2, 3.5). */
	"audit.read",		/* read the audit log, with filters */
	"review.signoff",	/* monthly review and sign-off of logs (HHKCS 2.5.2) */
	"register.manage",	/* the authorised-personnel register (HHKCS 2.4.1) */
	"user.manage",		/* add, disable users and their credentials */
	"export.create",	/* make a signed export of an approved copy request */
	"export.download",	/* download exports made for one's own requests */
	"duty.log",		/* duty log and shift handover */
	"room.log",		/* control-room entry log */
	"equipment.manage",	/* equipment and faults */
	"status.view",		/* site status summary */
};
const size_t vg_ncaps = VG_ARRLEN(vg_caps);

int
cap_known(const char *cap)
{
	for (size_t i = 0; i < vg_ncaps; i++)
		if (strcmp(vg_caps[i], cap) == 0)
			return 1;
	return 0;
}
