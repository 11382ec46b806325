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

note "the pre-login limits (issue 16 item 4): each bad value refused by name, exit 2"
expect_status 2 "$VIGIL" admin config set ssh.max_startups 10:30
expect_err '"10:30" is not N or start:rate:full (1 <= start <= full <= 1000, rate 0 to 100)'
expect_status 2 "$VIGIL" admin config set ssh.max_startups 20:30:10
expect_err '"20:30:10" is not N or start:rate:full'
expect_status 2 "$VIGIL" admin config set ssh.per_source_penalties "authfail:5 bogus:3"
expect_err '"bogus:3" is not NAME:SECONDS (crash, authfail, noauth, grace-exceeded, max, min; seconds 0 to 86400), nor "no"'
expect_status 2 "$VIGIL" admin config set ssh.per_source_penalties "min:700"
expect_err 'min:700 is above max:600'
expect_status 2 "$VIGIL" admin config set ssh.penalty_exempt "10.0.0.0/33"
expect_err '"10.0.0.0/33" is not an address or network (ADDRESS/BITS)'
expect_status 0 "$VIGIL" admin config set ssh.max_startups 5
expect_status 0 "$VIGIL" admin config set ssh.per_source_penalties no
expect_status 0 "$VIGIL" admin config set ssh.penalty_exempt "192.0.2.0/24, 2001:db8::/32"
note "a vigil.cfg written when max_startups was a number still reads"
sed -i 's/max_startups = "5";/max_startups = 7;/' "$CFG"
grep -q 'max_startups = 7;' "$CFG" || fail "the test did not write a numeric max_startups"
expect_status 0 "$VIGIL" admin config get ssh.max_startups
[ "$(cat "$T/out")" = 7 ] || fail "numeric max_startups read as $(cat "$T/out")"
