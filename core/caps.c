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
	"review.signoff",	/* monthly review and sign-off of logs (HHKCS 2.5.2) */
	"register.manage",	/* the authorised-personnel register (HHKCS 2.4.1) */
	"user.manage",		/* add, disable users and their credentials */
	"export.create",	/* make a signed export of an approved copy request */
	"export.download",	/* download exports made for one's own requests */
	"duty.log",		/* duty log and shift handover */
	"room.log",		/* control-room entry log */
	"equipment.manage",	/* equipment and faults */
	"status.view",		/* site status summary */
	/* Added for oversight (issue 19): reading the record in full, including the
	 * resident ID numbers of viewers that listings otherwise mask. */
	"audit.read",		/* read the audit log and viewers' ID numbers in full */
};
const size_t vg_ncaps = VG_ARRLEN(vg_caps);

/*
 * What each capability lets a person do, in words people read (refusals,
 * `help`, the home screen): "your roles cannot <what>".  Never the internal
 * name, which means nothing to the person refused.
 */
static const struct { const char *cap, *what; } cap_words[] = {
	{ "request.file", N_("file requests to view or copy footage") },
	{ "request.read_all", N_("read every request, not only your own") },
	{ "request.approve", N_("approve or reject requests") },
	{ "viewing.run", N_("run supervised viewings of footage") },
	{ "live.view", N_("watch the live wall") },
	{ "camera.status", N_("see the cameras' status and alerts") },
	{ "camera.manage", N_("manage cameras and accept a camera's new view") },
	{ "hold.manage", N_("place and release holds on footage") },
	{ "retention.run", N_("run or preview the deletion of expired footage") },
	{ "footage.verify", N_("check that the footage is intact") },
	{ "audit.verify", N_("check the audit log's chain") },
	{ "audit.read", N_("read the audit record and viewers' ID numbers in full") },
	{ "review.signoff", N_("review and sign off the logs") },
	{ "register.manage", N_("keep the authorised-personnel register") },
	{ "user.manage", N_("manage users and how they log in") },
	{ "export.create", N_("make signed exports of footage") },
	{ "export.download", N_("download the signed exports made for your requests") },
	{ "duty.log", N_("keep the duty log and hand over shifts") },
	{ "room.log", N_("keep the control-room entry log") },
	{ "equipment.manage", N_("keep the equipment and faults records") },
	{ "status.view", N_("see the site's status") },
};

const char *
cap_words_of(const char *cap)
{
	for (size_t i = 0; i < VG_ARRLEN(cap_words); i++)
		if (strcmp(cap_words[i].cap, cap) == 0)
			return _(cap_words[i].what);
	return cap;
}

int
cap_known(const char *cap)
{
	for (size_t i = 0; i < vg_ncaps; i++)
		if (strcmp(vg_caps[i], cap) == 0)
			return 1;
	return 0;
}
