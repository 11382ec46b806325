/* idnumber.h — whether an identity document number someone shows is written in a known format. */
#ifndef VG_IDNUMBER_H
#define VG_IDNUMBER_H

struct vg_err;

/*
 * GCU art. 16(2)2, GUAT art. 18(2), DLUT art. 3 and 15(1)3: people who view
 * footage or enter the control room show an identity document.  An ID is a
 * resident identity card number whose check digit is right, or a document
 * number (work card, student, badge, passport): letters, digits, '-', '/'
 * and '.', starting with a letter or digit, at most 32 characters.  On
 * anything else err (VG_USAGE) names the form field given.
 */
int	idnumber_check(const char *id, const char *field, struct vg_err *);

#endif
