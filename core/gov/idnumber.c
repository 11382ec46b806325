/* idnumber.c — checks that an identity document number is written in a known format. */
#include "core/gov/idnumber.h"

#include <string.h>

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

/* The formats and their articles: idnumber.h. */
int
idnumber_check(const char *id, const char *field, struct vg_err *err)
{
	size_t len = strlen(id);

	if (looks_like_resident_id(id)) {
		if (!resident_id_ok(id))
			return vg_seterr_field(err, VG_USAGE, field,
			    _("%s is not a valid resident ID card number: its check digit is wrong"),
			    id);
		return 0;
	}
	if (len > 32 || !((id[0] >= '0' && id[0] <= '9') || (id[0] >= 'A' && id[0] <= 'Z') ||
	    (id[0] >= 'a' && id[0] <= 'z')))
		goto bad;
	for (const char *c = id; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= 'a' && *c <= 'z') || *c == '-' || *c == '/' || *c == '.'))
			goto bad;
	return 0;
bad:
	return vg_seterr_field(err, VG_USAGE, field,
	    _("\"%s\" is not a known ID format: give a resident ID card number (18 characters) "
	    "or a work card, student, badge or passport number (letters, digits, - / .)"), id);
}
