/* people.c — the people a procedure names (viewers, co-applicants, recipients): names and IDs. */
#include <string.h>

#include "core/gov/gov-int.h"
#include "core/gov/policy.h"
#include "core/util.h"

/* GB 11643: the check digit of an 18-character resident identity card number. */
static int
resident_id_ok(const char *id)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (id[i] - '0') * weight[i];
	return (id[17] == 'x' ? 'X' : id[17]) == check[sum % 11];
}

static int
looks_like_resident_id(const char *id)
{
	if (strlen(id) != 18)
		return 0;
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	return (id[17] >= '0' && id[17] <= '9') || id[17] == 'X' || id[17] == 'x';
}

static int
alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/*
 * GCU art. 16(2)2, GUAT art. 18(2), DLUT art. 15(1)3: people show an
 * identity document (resident identity card, work card, police or court ID).
 * An ID is either a resident identity card number, whose check digit must be
 * right, or a document number: letters, digits, '-', '/' and '.', starting
 * with a letter or digit, at most 32 characters.  Anything else is a typing
 * mistake or not an ID at all, and the record would be worthless: the rule
 * refuses it, citing the profile's rules.identity.
 */
int
people_check_id(const struct vg_policy *p, const char *id, const char *field, struct vg_err *err)
{
	size_t len = strlen(id);

	if (looks_like_resident_id(id)) {
		if (!resident_id_ok(id))
			return policy_refuse(err, field, p->rules.identity,
			    _("%s is not a valid resident ID card number: its check digit is wrong"),
			    id);
		return 0;
	}
	if (len > 32 || !alnum(id[0]))
		goto bad;
	for (const char *c = id; *c; c++)
		if (!alnum(*c) && *c != '-' && *c != '/' && *c != '.')
			goto bad;
	return 0;
bad:
	return policy_refuse(err, field, p->rules.identity,
	    _("\"%s\" is not a known ID format: give a resident ID card number (18 characters) "
	    "or a work card, student, badge or passport number (letters, digits, - / .)"), id);
}

/* A person's name and ID, each problem beside its own field; the ID by people_check_id. */
int
people_check_person(const struct vg_policy *p, const char *name, const char *id,
    const char *fname, const char *fid, const char *name_what, const char *id_what,
    struct vg_err *err)
{
	if (vg_check_text(name, 100, 1, fname, name_what, err) != 0 ||
	    vg_check_text(id, 64, 1, fid, id_what, err) != 0)
		return -1;
	return people_check_id(p, id, fid, err);
}
