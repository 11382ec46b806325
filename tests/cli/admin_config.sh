# admin_config.sh — config set/get, and every kind of configuration error.
. "$SRC/tests/lib.sh"
new_site
CFG="$T/site/vigil.cfg"

note "set and get, audited with the old value"
expect_status 0 "$VIGIL" admin config get recorder.segment_seconds
[ "$(cat "$T/out")" = 60 ] || fail "default segment_seconds is not 60"
expect_status 0 "$VIGIL" admin config set recorder.segment_seconds 30
expect_status 0 "$VIGIL" admin config get recorder.segment_seconds
[ "$(cat "$T/out")" = 30 ] || fail "value not stored"
[ "$(sql "SELECT detail FROM audit WHERE action='config.set'")" = "old=60; new=30" ] || fail "not audited"
expect_status 0 "$VIGIL" admin config set site.timezone Asia/Shanghai
expect_status 0 "$VIGIL" admin --config "$CFG" status
expect_out "Asia/Shanghai"

note "bad values: exit 2, file and database untouched"
for kv in "recorder.segment_seconds 0" "recorder.segment_seconds abc" "site.locale fr" \
    "site.timezone Mars/Base" "ssh.listen nowhere" "no.such 1" "policy.profile missing.cfg"; do
	cp "$CFG" "$T/cfg.before"
	db_snapshot "$T/before"
	# shellcheck disable=SC2086
	expect_status 2 "$VIGIL" admin config set $kv
	cmp -s "$T/cfg.before" "$CFG" || fail "vigil.cfg changed by: config set $kv"
	db_snapshot "$T/after"
	assert_same_db "$T/before" "$T/after"
done
expect_status 2 "$VIGIL" admin config get no.such
expect_err 'unknown setting "no.such"'

note "each configuration error has its own message, exit 2"
cp "$CFG" "$T/good.cfg"
expect_status 2 "$VIGIL" admin --config "$T/nowhere.cfg" status
expect_err "cannot read $T/nowhere.cfg"
sed 's/segment_seconds = 30;/segment_seconds = ;/' "$T/good.cfg" >"$CFG"
expect_status 2 "$VIGIL" admin status
expect_err "syntax error"
expect_err "vigil.cfg:"
sed 's/segment_seconds = 30;/segment_secs = 30;/' "$T/good.cfg" >"$CFG"
expect_status 2 "$VIGIL" admin status
expect_err "recorder.segment_secs: unknown setting"
sed 's/segment_seconds = 30;/segment_seconds = 99999;/' "$T/good.cfg" >"$CFG"
expect_status 2 "$VIGIL" admin status
expect_err 'recorder.segment_seconds: "99999" must be a whole number from 2 to 3600'
cp "$T/good.cfg" "$CFG"
cat >"$T/site/cameras.cfg" <<'CAMS'
cameras = (
  { id = "gate-1"; name = "Gate"; url = "rtsp://10.0.0.1/s"; },
  { id = "gate-1"; name = "Gate again"; url = "rtsp://10.0.0.2/s"; }
);
CAMS
expect_status 2 "$VIGIL" admin camera list
expect_err 'cameras.cfg:3: camera "gate-1": duplicate id (first defined at line 2)'
db_snapshot "$T/before"
expect_status 2 "$VIGIL" admin camera add other --url rtsp://x/y --name Other
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"

note "config set keeps vigil.cfg 0640 whatever the umask (issue 16 item 11)"
[ "$(stat -c %a "$CFG")" = 640 ] || fail "init made vigil.cfg $(stat -c %a "$CFG")"
(umask 022 && "$VIGIL" admin config set recorder.segment_seconds 45 >/dev/null) ||
	fail "config set failed"
[ "$(stat -c %a "$CFG")" = 640 ] || fail "config set left vigil.cfg $(stat -c %a "$CFG")"
(umask 000 && "$VIGIL" admin config set ssh.console_memory_mb 2048 >/dev/null) ||
	fail "config set failed"
[ "$(stat -c %a "$CFG")" = 640 ] || fail "config set left vigil.cfg $(stat -c %a "$CFG")"

note "the audit witness must live outside paths.data"
cp "$CFG" "$T/cfg.before"
expect_status 2 "$VIGIL" admin config set audit.witness_file data/heads
expect_err "audit.witness_file must be outside paths.data"
cmp -s "$T/cfg.before" "$CFG" || fail "vigil.cfg changed"
expect_status 2 "$VIGIL" admin config set ssh.console_memory_mb 100
expect_err 'ssh.console_memory_mb: "100" must be a whole number from 256 to 65536'
expect_status 0 "$VIGIL" admin config list
expect_out "audit.witness_file"
expect_out "audit.witness_command"
expect_out "ssh.console_memory_mb"
