/* config.h — vigil.cfg and cameras.cfg: load, validate, write (libconfig). */
#ifndef VG_CONFIG_H
#define VG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct vg_err;

struct vg_config {
	char	*path;		/* vigil.cfg as given */
	char	*dir;		/* its directory: relative paths start here */

	/* site */
	char	*site_name;
	char	*timezone;
	char	*locale;
	char	*school_year_start;	/* "MM-DD" */
	char	*working_days;		/* "mon-fri" */
	char	*working_hours;		/* "07:00-19:00" */

	/* paths, absolute after loading */
	char	*data_dir;
	char	*storage_dir;
	char	*exports_dir;
	char	*run_dir;
	char	*keys_dir;
	char	*cameras_path;
	char	*policy_path;
	char	*db_path;		/* derived: data_dir/vigil.db */

	/* ssh */
	char	*ssh_listen;
	int	 ssh_idle_timeout_s;
	int	 ssh_max_sessions_per_user;
	char	*ssh_max_startups;	/* "start:rate:full" or "N" (core/srclimit.h) */
	int	 ssh_per_source_max_startups;
	int	 ssh_kex_timeout_s;
	char	*ssh_per_source_penalties;
	char	*ssh_penalty_exempt;
	int	 ssh_login_grace_s;
	int	 ssh_lockout_failures;
	int	 ssh_lockout_window_s;

	/* recorder */
	int	 rec_segment_seconds;
	int	 rec_offline_after_s;
	int	 rec_thumb_interval_s;
	int	 rec_tamper_interval_s;
	int	 rec_thumb_width;
	int	 rec_disk_warn_pct;
	int	 rec_disk_stop_pct;
	int	 rec_motion_preroll_s;
	int	 rec_motion_postroll_s;
	int	 rec_retention_interval_s;
	char	*rec_rtsp_client;	/* "vigil" or "libavformat" */

	int	 ssh_console_memory_mb;	/* RLIMIT_AS of each console process */
	char	*ssh_prelogin_user;	/* connection processes of a server started as root */

	/* audit */
	int	 audit_seal_every;
	char	*audit_witness_file;	/* absolute; "" none */
	char	*audit_witness_command;	/* "" none */

	/* duty log and equipment (issue 14) */
	int	 duty_max_shift_h;
	int	 equipment_fault_after_min;
	/* exports */
	int	 exports_keep_days;
	/* console */
	int	 console_max_kbps;	/* output budget of one session's pictures */
	/* the monthly review (issue 13) */
	int	 review_due_day;	/* day of the next month a review is due */
	int	 review_repeat_requests;	/* one person, one camera, this many: a finding */
};

enum cfg_type { CFG_STR, CFG_INT, CFG_BOOL };

/* One row per setting: drives loading, validation, `config get/set` and docs. */
struct cfg_key {
	const char	*key;		/* dotted: "recorder.segment_seconds" */
	enum cfg_type	 type;
	const char	*dflt;		/* NULL: required */
	long long	 min, max;	/* CFG_INT */
	int		(*check)(const char *, char *why, size_t);	/* CFG_STR */
	size_t		 off;
	int		 is_path;	/* resolved against the config's directory */
	const char	*help;
};

extern const struct cfg_key cfg_keys[];
extern const size_t cfg_nkeys;

const struct cfg_key *cfg_key_find(const char *key);

int	 config_load(const char *path, struct vg_config *, struct vg_err *);
void	 config_free(struct vg_config *);
/* Prints a value (as written in the file, default if absent); -1 if unknown. */
int	 config_get(const char *path, const char *key, char **out, struct vg_err *);
/* Validated replace of one setting; the file is untouched on error. */
int	 config_set(const char *path, const char *key, const char *value,
	     char **old_value, struct vg_err *);
/* Writes a new vigil.cfg with defaults and the given site name/policy path. */
int	 config_write_new(const char *path, const char *site_name,
	     const char *policy_rel, struct vg_err *);
/* The same with any settings given as n pairs kv[2i] = key, kv[2i+1] = value. */
int	 config_write_with(const char *path, const char *const *kv, size_t n,
	     struct vg_err *);
/* site.working_days and site.working_hours (config-hours.c). */
int	 config_check_days(const char *, char *why, size_t);
int	 config_check_hours(const char *, char *why, size_t);
/* Whether a time falls inside the site's working days and hours, in the
 * site's time zone (the process zone, time_set_zone). */
int	 config_working_time(const struct vg_config *, int64_t us);
/* "mon-fri 07:00-19:00", for people. */
char	*config_working_text(const struct vg_config *);

/* The default config path: $VIGIL_CONFIG, else /etc/vigil/vigil.cfg. */
const char *config_default_path(void);

/*---- Cameras ----*/

struct vg_camera {
	char	*id;
	char	*name;
	char	*location;
	char	*unit;
	char	*url;
	char	*privacy;	/* public | sensitive | interior */
	char	*zone;
	char	*mode;		/* continuous | motion */
	char	*transport;	/* tcp | udp */
	int	 retention_days;	/* 0: the policy's default for its class */
	int	 priority;	/* 1 (lowest) .. 10; stopped first when the disk fills */
	int	 enabled;
	int	 line;
};

struct vg_cameras {
	struct vg_camera	*v;
	size_t			 n;
};

int	 cameras_load(const char *path, struct vg_cameras *, struct vg_err *);
int	 cameras_save(const char *path, const struct vg_cameras *, struct vg_err *);
void	 cameras_free(struct vg_cameras *);
const struct vg_camera *cameras_find(const struct vg_cameras *, const char *id);
/* Checks one camera's own fields (not policy); sets err naming the setting. */
int	 camera_check(const struct vg_camera *, const char *file, struct vg_err *);
void	 camera_copy(struct vg_camera *dst, const struct vg_camera *src);
void	 camera_free(struct vg_camera *);

int	 valid_camera_id(const char *);
int	 valid_camera_url(const char *, char *why, size_t);

#endif
