/* i18n.h — gettext set-up and the per-user console language. */
#ifndef VG_I18N_H
#define VG_I18N_H

/* Binds the "vigil" catalogue; call once at start. */
void	i18n_init(void);
/* Switches messages to "en" or "zh_CN" (else LANG decides).  Returns the
 * language now in effect. */
const char *i18n_set_language(const char *lang);
/* The language of the current messages: "en" or "zh_CN". */
const char *i18n_language(void);

#endif
