/* config.c — loading, validating and writing vigil.cfg and cameras.cfg. */
#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cfgread.h"
#include "core/srclimit.h"
#include "core/timefmt.h"
#include "core/util.h"

#define OFF(f) offsetof(struct vg_config, f)

static int check_nonempty(const char *, char *, size_t);
static int check_tz(const char *, char *, size_t);
static int check_locale(const char *, char *, size_t);
static int check_mmdd(const char *, char *, size_t);
static int check_listen(const char *, char *, size_t);
static int check_rtsp_client(const char *, char *, size_t);
static int check_text_or_empty(const char *, char *, size_t);
static int check_startups(const char *, char *, size_t);
static int check_penalties(const char *, char *, size_t);
static int check_nets(const char *, char *, size_t);
static int check_user_name(const char *, char *, size_t);

const struct cfg_key cfg_keys[] = {
	{ "site.name", CFG_STR, NULL, 0, 0, check_nonempty, OFF(site_name), 0,
	  N_("the school or site name shown on the console and in exports") },
	{ "site.timezone", CFG_STR, "UTC", 0, 0, check_tz, OFF(timezone), 0,
	  N_("time zone for every time shown or typed (e.g. Asia/Shanghai)") },
	{ "site.locale", CFG_STR, "en", 0, 0, check_locale, OFF(locale), 0,
	  N_("default console language: en or zh_CN") },
	{ "site.school_year_start", CFG_STR, "09-01", 0, 0, check_mmdd,
	  OFF(school_year_start), 0,
	  N_("MM-DD; authorisations expire at the next one") },
	{ "site.working_days", CFG_STR, "mon-fri", 0, 0, config_check_days,
	  OFF(working_days), 0,
	  N_("days the site works (mon..sun, ranges and commas); the review lists logins and viewings outside them") },
	{ "site.working_hours", CFG_STR, "07:00-19:00", 0, 0, config_check_hours,
	  OFF(working_hours), 0,
	  N_("HH:MM-HH:MM the site works on its working days; the review lists logins and viewings outside them") },
	{ "paths.data", CFG_STR, "data", 0, 0, check_nonempty, OFF(data_dir), 1,
	  N_("database, audit anchor and other records") },
	{ "paths.storage", CFG_STR, "storage", 0, 0, check_nonempty, OFF(storage_dir), 1,
	  N_("footage segments") },
	{ "paths.exports", CFG_STR, "exports", 0, 0, check_nonempty, OFF(exports_dir), 1,
	  N_("signed exports for download") },
	{ "paths.run", CFG_STR, "run", 0, 0, check_nonempty, OFF(run_dir), 1,
	  N_("runtime files: latest frames, pid files") },
	{ "paths.keys", CFG_STR, "keys", 0, 0, check_nonempty, OFF(keys_dir), 1,
	  N_("SSH host key and the site signing key (0600)") },
	{ "paths.cameras", CFG_STR, "cameras.cfg", 0, 0, check_nonempty,
	  OFF(cameras_path), 1, N_("the camera list") },
	{ "policy.profile", CFG_STR, "policy.cfg", 0, 0, check_nonempty,
	  OFF(policy_path), 1, N_("the policy profile this site enforces") },
	{ "ssh.listen", CFG_STR, "127.0.0.1:2222", 0, 0, check_listen, OFF(ssh_listen), 0,
	  N_("ADDRESS:PORT the console server listens on") },
	{ "ssh.idle_timeout_s", CFG_INT, "900", 30, 86400, NULL, OFF(ssh_idle_timeout_s), 0,
	  N_("idle sessions are closed after this many seconds") },
	{ "ssh.max_sessions_per_user", CFG_INT, "4", 1, 64, NULL,
	  OFF(ssh_max_sessions_per_user), 0, N_("concurrent sessions one user may hold") },
	{ "ssh.max_startups", CFG_STR, "10:30:100", 0, 0, check_startups,
	  OFF(ssh_max_startups), 0,
	  N_("start:rate:full: past start unauthenticated connections, new ones are dropped at "
	  "random (rate %, rising to 100 % at full); N alone: none past N") },
	{ "ssh.per_source_max_startups", CFG_INT, "8", 1, 1000, NULL,
	  OFF(ssh_per_source_max_startups), 0,
	  N_("unauthenticated connections one address (IPv6: one /64) may hold at once") },
	{ "ssh.kex_timeout_s", CFG_INT, "10", 2, 600, NULL, OFF(ssh_kex_timeout_s), 0,
	  N_("seconds a new connection has to finish the SSH key exchange") },
	{ "ssh.per_source_penalties", CFG_STR,
	  "crash:90 authfail:5 noauth:1 grace-exceeded:10 max:600 min:15", 0, 0, check_penalties,
	  OFF(ssh_per_source_penalties), 0,
	  N_("seconds of penalty an address accrues per bad connection; past min its new "
	  "connections are refused; \"no\" for none") },
	{ "ssh.penalty_exempt", CFG_STR, "", 0, 0, check_nets, OFF(ssh_penalty_exempt), 0,
	  N_("addresses or networks (ADDRESS/BITS, comma separated) never penalised") },
	{ "ssh.login_grace_s", CFG_INT, "60", 5, 600, NULL, OFF(ssh_login_grace_s), 0,
	  N_("seconds a connection has to authenticate") },
	{ "ssh.lockout_failures", CFG_INT, "5", 1, 20, NULL, OFF(ssh_lockout_failures), 0,
	  N_("failed logins (per login or per address) that lock out") },
	{ "ssh.lockout_window_s", CFG_INT, "900", 60, 86400, NULL,
	  OFF(ssh_lockout_window_s), 0, N_("the window those failures are counted in") },
	{ "ssh.console_memory_mb", CFG_INT, "1024", 256, 65536, NULL,
	  OFF(ssh_console_memory_mb), 0,
	  N_("address space in MiB each console process may use (RLIMIT_AS)") },
	{ "ssh.prelogin_user", CFG_STR, "nobody", 0, 0, check_user_name,
	  OFF(ssh_prelogin_user), 0,
	  N_("the user connection processes run as when vigil serve is started as root") },
	{ "recorder.segment_seconds", CFG_INT, "60", 2, 3600, NULL,
	  OFF(rec_segment_seconds), 0, N_("segments are cut at the first keyframe after this") },
	{ "recorder.offline_after_s", CFG_INT, "10", 2, 3600, NULL,
	  OFF(rec_offline_after_s), 0, N_("a camera silent this long is reported offline") },
	{ "recorder.thumb_interval_s", CFG_INT, "60", 1, 3600, NULL,
	  OFF(rec_thumb_interval_s), 0,
	  N_("how often each camera's latest frame is refreshed while nobody watches it live") },
	{ "recorder.tamper_interval_s", CFG_INT, "30", 2, 3600, NULL,
	  OFF(rec_tamper_interval_s), 0,
	  N_("a covered or turned camera is found within this many seconds") },
	{ "recorder.thumb_width", CFG_INT, "320", 64, 1920, NULL, OFF(rec_thumb_width), 0,
	  N_("width in pixels of the latest-frame images") },
	{ "recorder.disk_warn_pct", CFG_INT, "85", 1, 99, NULL, OFF(rec_disk_warn_pct), 0,
	  N_("storage use that raises a warning") },
	{ "recorder.disk_stop_pct", CFG_INT, "95", 2, 100, NULL, OFF(rec_disk_stop_pct), 0,
	  N_("storage use at which the lowest-priority cameras stop") },
	{ "recorder.motion_preroll_s", CFG_INT, "5", 0, 60, NULL,
	  OFF(rec_motion_preroll_s), 0, N_("seconds kept before motion (motion mode)") },
	{ "recorder.motion_postroll_s", CFG_INT, "10", 0, 600, NULL,
	  OFF(rec_motion_postroll_s), 0, N_("seconds kept after motion ends (motion mode)") },
	{ "recorder.retention_interval_s", CFG_INT, "600", 10, 86400, NULL,
	  OFF(rec_retention_interval_s), 0, N_("how often the retention pass runs") },
	{ "recorder.rtsp_client", CFG_STR, "vigil", 0, 0, check_rtsp_client,
	  OFF(rec_rtsp_client), 0,
	  N_("RTSP client over TCP: vigil (bulk reads) or libavformat (UDP always uses libavformat)") },
	{ "audit.seal_every", CFG_INT, "100", 1, 100000, NULL, OFF(audit_seal_every), 0,
	  N_("a signed seal row is added after this many audit entries") },
	{ "audit.witness_file", CFG_STR, "witness/audit-heads", 0, 0, check_text_or_empty,
	  OFF(audit_witness_file), 1,
	  N_("append-only file outside paths.data that records every signed audit head; \"\" none") },
	{ "audit.witness_command", CFG_STR, "", 0, 0, check_text_or_empty,
	  OFF(audit_witness_command), 0,
	  N_("command (sh -c) fed each signed audit head on stdin, e.g. to log it remotely; \"\" none") },
	{ "duty.max_shift_h", CFG_INT, "12", 1, 72, NULL, OFF(duty_max_shift_h), 0,
	  N_("a duty shift open longer than this many hours shows as overdue") },
	{ "equipment.fault_after_min", CFG_INT, "30", 1, 10080, NULL,
	  OFF(equipment_fault_after_min), 0,
	  N_("a camera offline, covered or moved this many minutes gets a fault raised") },
	{ "exports.keep_days", CFG_INT, "14", 1, 3650, NULL, OFF(exports_keep_days), 0,
	  N_("days an export stays downloadable; then its file is removed") },
	{ "review.due_day", CFG_INT, "7", 1, 28, NULL, OFF(review_due_day), 0,
	  N_("a month's review not signed off by this day of the next month is shown as overdue") },
	{ "review.repeat_requests", CFG_INT, "3", 2, 100, NULL, OFF(review_repeat_requests), 0,
	  N_("requests by one person for one camera in a month that the review lists as a finding") },
	{ "console.max_kbps", CFG_INT, "4000", 64, 1000000, NULL, OFF(console_max_kbps), 0,
	  N_("kbit/s of pictures one console session may send; the frame rate drops first") },
};
const size_t cfg_nkeys = VG_ARRLEN(cfg_keys);

/*---- Value checks ----*/

static int
check_nonempty(const char *s, char *why, size_t n)
{
	if (s[0] == '\0') {
		snprintf(why, n, "%s", _("must not be empty"));
		return -1;
	}
	if (!vg_valid_utf8(s) || vg_has_control(s)) {
		snprintf(why, n, "%s", _("must be plain UTF-8 text"));
		return -1;
	}
	return 0;
}

static int
check_text_or_empty(const char *s, char *why, size_t n)
{
	return s[0] == '\0' ? 0 : check_nonempty(s, why, n);
}

/* A system user name as useradd takes it: [a-z_][a-z0-9_-]*, at most 32. */
static int
check_user_name(const char *s, char *why, size_t n)
{
	size_t len = strlen(s);
	int ok = len > 0 && len <= 32 && (islower((unsigned char)s[0]) || s[0] == '_');

	for (size_t i = 1; ok && i < len; i++)
		ok = islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
		    s[i] == '-';
	if (!ok)
		snprintf(why, n, "%s", _("must be a user name (a-z, 0-9, _ and -, at most 32)"));
	return ok ? 0 : -1;
}

static int
check_startups(const char *s, char *why, size_t n)
{
	struct srclimit_startups st;

	return srclimit_parse_startups(s, &st, why, n);
}

static int
check_penalties(const char *s, char *why, size_t n)
{
	struct srclimit_penalties p;

	return srclimit_parse_penalties(s, &p, why, n);
}

static int
check_nets(const char *s, char *why, size_t n)
{
	return srclimit_parse_nets(s, NULL, NULL, why, n);
}

static int
check_tz(const char *s, char *why, size_t n)
{
	if (!time_zone_valid(s)) {
		snprintf(why, n, _("unknown time zone \"%s\""), s);
		return -1;
	}
	return 0;
}

static int
check_locale(const char *s, char *why, size_t n)
{
	if (strcmp(s, "en") != 0 && strcmp(s, "zh_CN") != 0) {
		snprintf(why, n, _("\"%s\" is not a supported language (en, zh_CN)"), s);
		return -1;
	}
	return 0;
}

static int
check_mmdd(const char *s, char *why, size_t n)
{
	int m, d, len = 0;

	if (sscanf(s, "%2d-%2d%n", &m, &d, &len) != 2 || len != 5 || (size_t)len != strlen(s) ||
	    m < 1 || m > 12 || d < 1 || d > 28) {
		snprintf(why, n, _("\"%s\" is not a month and day MM-DD (day 1 to 28)"), s);
		return -1;
	}
	return 0;
}

static int
check_listen(const char *s, char *why, size_t n)
{
	const char *colon = strrchr(s, ':');
	long long port;

	if (colon == NULL || colon == s ||
	    vg_parse_int(colon + 1, 1, 65535, &port) != 0) {
		snprintf(why, n, _("\"%s\" is not ADDRESS:PORT (port 1 to 65535)"), s);
		return -1;
	}
	return 0;
}

static int
check_rtsp_client(const char *s, char *why, size_t n)
{
	if (strcmp(s, "vigil") != 0 && strcmp(s, "libavformat") != 0) {
		snprintf(why, n, _("\"%s\" is not an RTSP client (vigil, libavformat)"), s);
		return -1;
	}
	return 0;
}

const struct cfg_key *
cfg_key_find(const char *key)
{
	for (size_t i = 0; i < cfg_nkeys; i++)
		if (strcmp(cfg_keys[i].key, key) == 0)
			return &cfg_keys[i];
	return NULL;
}

const char *
config_default_path(void)
{
	const char *p = getenv("VIGIL_CONFIG");

	return (p && *p) ? p : "/etc/vigil/vigil.cfg";
}

/*---- Reading ----*/

static void
setting_path(config_setting_t *s, char *out, size_t n)
{
	config_setting_t *p = config_setting_parent(s);
	const char *name = config_setting_name(s);

	if (p == NULL || config_setting_is_root(p)) {
		snprintf(out, n, "%s", name ? name : "");
		return;
	}
	setting_path(p, out, n);
	if (name != NULL) {
		size_t l = strlen(out);

		snprintf(out + l, n - l, ".%s", name);
	} else {
		size_t l = strlen(out);

		snprintf(out + l, n - l, "[%d]", config_setting_index(s));
	}
}

/* Every leaf in the file must be a known key: typos are errors, not silence. */
static int
check_unknown(const char *path, config_setting_t *g, struct vg_err *err)
{
	int n = config_setting_length(g);

	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		char name[256];

		setting_path(s, name, sizeof name);
		if (config_setting_is_group(s)) {
			int known = 0;

			for (size_t k = 0; k < cfg_nkeys; k++) {
				size_t l = strlen(name);

				if (strncmp(cfg_keys[k].key, name, l) == 0 &&
				    cfg_keys[k].key[l] == '.')
					known = 1;
			}
			if (!known)
				return vg_seterr(err, VG_CONFIG, _("%s:%d: %s: unknown setting"),
				    path, cfgr_line(s), name);
			if (check_unknown(path, s, err) != 0)
				return -1;
		} else if (cfg_key_find(name) == NULL)
			return vg_seterr(err, VG_CONFIG, _("%s:%d: %s: unknown setting"),
			    path, cfgr_line(s), name);
	}
	return 0;
}

/* Settings that were whole numbers once, read as their text when a file has
 * them so: ssh.max_startups, which became start:rate:full. */
static int
was_number(const struct cfg_key *k)
{
	return strcmp(k->key, "ssh.max_startups") == 0;
}

/* The value of one setting as text, with its type checked; default if absent. */
static int
value_text(const char *path, config_t *c, const struct cfg_key *k, char **out,
    int *line, struct vg_err *err)
{
	config_setting_t *s = config_lookup(c, k->key);

	*line = cfgr_line(s);
	if (s == NULL) {
		if (k->dflt == NULL)
			return vg_seterr(err, VG_CONFIG, _("%s: %s: required setting is missing"),
			    path, k->key);
		*out = xstrdup(k->dflt);
		return 0;
	}
	switch (k->type) {
	case CFG_STR:
		if (was_number(k) && config_setting_type(s) == CONFIG_TYPE_INT) {
			*out = xasprintf("%d", config_setting_get_int(s));
			return 0;
		}
		if (config_setting_type(s) != CONFIG_TYPE_STRING)
			return vg_seterr(err, VG_CONFIG, _("%s:%d: %s: must be a quoted string"),
			    path, *line, k->key);
		*out = xstrdup(config_setting_get_string(s));
		return 0;
	case CFG_INT:
		if (config_setting_type(s) != CONFIG_TYPE_INT &&
		    config_setting_type(s) != CONFIG_TYPE_INT64)
			return vg_seterr(err, VG_CONFIG, _("%s:%d: %s: must be a whole number"),
			    path, *line, k->key);
		*out = xasprintf("%lld", config_setting_get_int64(s));
		return 0;
	case CFG_BOOL:
		if (config_setting_type(s) != CONFIG_TYPE_BOOL)
			return vg_seterr(err, VG_CONFIG, _("%s:%d: %s: must be true or false"),
			    path, *line, k->key);
		*out = xstrdup(config_setting_get_bool(s) ? "true" : "false");
		return 0;
	}
	return -1;
}

/* "file:line: " or "file: " or "" — where a message points. */
static void
where(char *out, size_t n, const char *path, int line)
{
	if (path == NULL || *path == '\0')
		out[0] = '\0';
	else if (line > 0)
		snprintf(out, n, "%s:%d: ", path, line);
	else
		snprintf(out, n, "%s: ", path);
}

/* Checks a value given as text and stores it into cfg (when cfg != NULL). */
static int
apply_value(const char *path, int line, const struct cfg_key *k, const char *v,
    struct vg_config *cfg, struct vg_err *err)
{
	char why[256], at[300];
	long long n;

	where(at, sizeof at, path, line);
	switch (k->type) {
	case CFG_STR:
		if (k->check != NULL && k->check(v, why, sizeof why) != 0)
			return vg_seterr(err, VG_CONFIG, "%s%s: %s", at, k->key, why);
		if (cfg != NULL) {
			char **dst = (char **)((char *)cfg + k->off);

			free(*dst);
			*dst = k->is_path && v[0] ? vg_path_join(cfg->dir, v) : xstrdup(v);
		}
		return 0;
	case CFG_INT:
		if (vg_parse_int(v, k->min, k->max, &n) != 0)
			return vg_seterr(err, VG_CONFIG,
			    _("%s%s: \"%s\" must be a whole number from %lld to %lld"),
			    at, k->key, v, k->min, k->max);
		if (cfg != NULL)
			*(int *)((char *)cfg + k->off) = (int)n;
		return 0;
	case CFG_BOOL:
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			return vg_seterr(err, VG_CONFIG, _("%s%s: must be true or false"),
			    at, k->key);
		if (cfg != NULL)
			*(int *)((char *)cfg + k->off) = strcmp(v, "true") == 0;
		return 0;
	}
	return -1;
}

/* A witness that is rolled back with data/ witnesses nothing. */
static int
witness_inside_data(const char *path, const struct vg_config *cfg, struct vg_err *err)
{
	size_t n = strlen(cfg->data_dir);
	const char *w = cfg->audit_witness_file;

	if (w[0] != '\0' && strncmp(w, cfg->data_dir, n) == 0 && (w[n] == '/' || w[n] == '\0'))
		return vg_seterr(err, VG_CONFIG, _("%s: audit.witness_file must be outside "
		    "paths.data: a copy of %s put back would take the witness with it"), path,
		    cfg->data_dir);
	return 0;
}

int
config_load(const char *path, struct vg_config *cfg, struct vg_err *err)
{
	config_t c;
	char *abs = NULL;

	memset(cfg, 0, sizeof *cfg);
	if (cfgr_open(&c, path, err) != 0)
		return -1;
	cfg->path = xstrdup(path);
	abs = realpath(path, NULL);
	cfg->dir = vg_dirname(abs ? abs : path);
	free(abs);
	if (check_unknown(path, config_root_setting(&c), err) != 0)
		goto fail;
	for (size_t i = 0; i < cfg_nkeys; i++) {
		char *v = NULL;
		int line;

		if (value_text(path, &c, &cfg_keys[i], &v, &line, err) != 0 ||
		    apply_value(path, line, &cfg_keys[i], v, cfg, err) != 0) {
			free(v);
			goto fail;
		}
		free(v);
	}
	if (cfg->rec_disk_stop_pct <= cfg->rec_disk_warn_pct) {
		vg_seterr(err, VG_CONFIG,
		    _("%s: recorder.disk_stop_pct (%d) must be above recorder.disk_warn_pct (%d)"),
		    path, cfg->rec_disk_stop_pct, cfg->rec_disk_warn_pct);
		goto fail;
	}
	if (witness_inside_data(path, cfg, err) != 0)
		goto fail;
	cfg->db_path = vg_path_join(cfg->data_dir, "vigil.db");
	config_destroy(&c);
	return 0;
fail:
	config_destroy(&c);
	config_free(cfg);
	return -1;
}

void
config_free(struct vg_config *cfg)
{
	for (size_t i = 0; i < cfg_nkeys; i++)
		if (cfg_keys[i].type == CFG_STR) {
			char **p = (char **)((char *)cfg + cfg_keys[i].off);

			free(*p);
			*p = NULL;
		}
	free(cfg->path);
	free(cfg->dir);
	free(cfg->db_path);
	memset(cfg, 0, sizeof *cfg);
}

int
config_get(const char *path, const char *key, char **out, struct vg_err *err)
{
	const struct cfg_key *k = cfg_key_find(key);
	config_t c;
	int line, r;

	if (k == NULL)
		return vg_seterr(err, VG_USAGE, _("unknown setting \"%s\""), key);
	if (cfgr_open(&c, path, err) != 0)
		return -1;
	r = value_text(path, &c, k, out, &line, err);
	config_destroy(&c);
	return r;
}

/*---- Writing ----*/

/* Finds or creates the setting for a dotted key, creating groups on the way. */
static config_setting_t *
ensure_setting(config_t *c, const struct cfg_key *k)
{
	config_setting_t *g = config_root_setting(c), *s;
	char *key = xstrdup(k->key), *dot, *part = key;
	int type = k->type == CFG_STR ? CONFIG_TYPE_STRING :
	    k->type == CFG_INT ? CONFIG_TYPE_INT : CONFIG_TYPE_BOOL;

	while ((dot = strchr(part, '.')) != NULL) {
		*dot = '\0';
		s = config_setting_get_member(g, part);
		if (s == NULL)
			s = config_setting_add(g, part, CONFIG_TYPE_GROUP);
		g = s;
		part = dot + 1;
	}
	s = config_setting_get_member(g, part);
	if (s != NULL && config_setting_type(s) != type) {
		config_setting_remove(g, part);
		s = NULL;
	}
	if (s == NULL)
		s = config_setting_add(g, part, type);
	free(key);
	return s;
}

static int
write_validated(config_t *c, const char *path, struct vg_err *err)
{
	char *tmp = xasprintf("%s.new.%ld", path, (long)getpid());
	struct vg_config check;
	int r = -1;

	if (config_write_file(c, tmp) != CONFIG_TRUE) {
		vg_seterr(err, VG_FAILED, _("cannot write %s: %s"), tmp, strerror(errno));
		goto out;
	}
	if (config_load(tmp, &check, err) != 0)
		goto out;
	config_free(&check);
	/* config_write_file follows the umask; vigil.cfg stays 0640 (group: the
	 * services) whatever the administrator's umask is. */
	if (chmod(tmp, 0640) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot set mode on %s: %s"), tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		vg_seterr(err, VG_FAILED, _("cannot replace %s: %s"), path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	unlink(tmp);
	free(tmp);
	return r;
}

int
config_set(const char *path, const char *key, const char *value, char **old_value,
    struct vg_err *err)
{
	const struct cfg_key *k = cfg_key_find(key);
	config_setting_t *s;
	config_t c;
	long long n;
	int r = -1, line;

	if (k == NULL)
		return vg_seterr(err, VG_USAGE, _("unknown setting \"%s\""), key);
	if (apply_value(NULL, 0, k, value, NULL, err) != 0)
		return -1;
	if (cfgr_open(&c, path, err) != 0)
		return -1;
	if (old_value != NULL && value_text(path, &c, k, old_value, &line, err) != 0)
		goto out;
	s = ensure_setting(&c, k);
	switch (k->type) {
	case CFG_STR:
		config_setting_set_string(s, value);
		break;
	case CFG_INT:
		vg_parse_int(value, k->min, k->max, &n);
		config_setting_set_int(s, (int)n);
		break;
	case CFG_BOOL:
		config_setting_set_bool(s, strcmp(value, "true") == 0);
		break;
	}
	r = write_validated(&c, path, err);
out:
	config_destroy(&c);
	return r;
}

int
config_write_new(const char *path, const char *site_name, const char *policy_rel,
    struct vg_err *err)
{
	const char *const kv[] = { "site.name", site_name, "policy.profile", policy_rel };

	return config_write_with(path, kv, VG_ARRLEN(kv) / 2, err);
}

/* The value kv gives key (pairs: key, value), else NULL. */
static const char *
kv_value(const char *const *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[2 * i], key) == 0)
			return kv[2 * i + 1];
	return NULL;
}

int
config_write_with(const char *path, const char *const *kv, size_t n, struct vg_err *err)
{
	struct vg_buf b;
	const char *group = "";
	int r;

	buf_init(&b);
	buf_puts(&b, "# vigil.cfg — site configuration. Relative paths start at this file's directory.\n"
	    "# Every setting is documented in vigil.cfg(5); `vigil admin config set` edits it.\n");
	for (size_t i = 0; i < cfg_nkeys; i++) {
		const struct cfg_key *k = &cfg_keys[i];
		const char *dot = strchr(k->key, '.');
		size_t gl = (size_t)(dot - k->key);
		const char *v = kv_value(kv, n, k->key);

		if (strncmp(group, k->key, gl) != 0 || group[gl] != '.') {
			if (*group)
				buf_puts(&b, "};\n");
			buf_printf(&b, "\n%.*s = {\n", (int)gl, k->key);
			group = k->key;
		}
		if (v == NULL)
			v = k->dflt;
		buf_printf(&b, "  # %s\n", k->help);
		if (k->type == CFG_STR) {
			buf_printf(&b, "  %s = \"", dot + 1);
			for (const char *p = v; *p; p++) {
				if (*p == '"' || *p == '\\')
					buf_add(&b, "\\", 1);
				buf_add(&b, p, 1);
			}
			buf_puts(&b, "\";\n");
		} else
			buf_printf(&b, "  %s = %s;\n", dot + 1, v);
	}
	buf_puts(&b, "};\n");
	r = vg_write_file_atomic(path, b.s, b.len, 0640, err);
	buf_free(&b);
	return r;
}
