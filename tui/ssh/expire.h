/* expire.h — the server removes exports past exports.keep_days, at start and every few minutes. */
#ifndef VG_EXPIRE_H
#define VG_EXPIRE_H

struct vg_site;

/* Runs a pass if one is due (site NULL: opened from config for the pass). */
void	expire_run(const char *config, struct vg_site *site);

#endif
