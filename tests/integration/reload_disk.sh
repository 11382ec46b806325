# reload_disk.sh — SIGHUP changes cameras one by one; a full disk stops cameras, deletes none.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a gate=h264 yard=h264 yard2=h264 lobby=h264
cam_add gate "$(sim_url a gate)" --priority 2
cam_add yard "$(sim_url a yard)" --priority 7
CAMS="$T/site/cameras.cfg"
echo 50 >"$T/disk"
rec_start VIGIL_DISK_USAGE_FILE="$T/disk"
wait_segments gate 1
wait_segments yard 1

reloads() {
	grep -c "reload:" "$T/rec.log" || true
}

# hup EXPECTED : SIGHUP, then the next reload line must contain EXPECTED.
hup() {
	local n
	n=$(reloads)
	kill -HUP "$REC_PID"
	wait_for 30 test_reloads "$n" || fail "no reload after SIGHUP: $(tail -n 5 "$T/rec.log")"
	grep "reload:" "$T/rec.log" | tail -n 1 | grep -qF -- "$1" ||
		fail "reload said \"$(grep "reload:" "$T/rec.log" | tail -n 1)\", wanted \"$1\""
}

test_reloads() {
	[ "$(reloads)" -gt "$1" ]
}

note "SIGHUP: a new camera starts; the others are left alone"
cam_add lobby "$(sim_url a lobby)"
hup "started: lobby; restarted: none; stopped: none; unchanged: gate yard"
wait_segments lobby 1

note "a changed URL restarts that camera only"
sed -i "s|/yard\"|/yard2\"|" "$CAMS"
hup "started: none; restarted: yard; stopped: none; unchanged: gate lobby"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.change' AND object = 'yard'")" = 1 ] ||
	fail "the URL change is not audited"
n=$(segments yard)
wait_segments yard $((n + 2))	# recording on under the new URL, numbering unbroken

note "a broken cameras.cfg changes nothing"
cp "$CAMS" "$T/cams.good"
echo "cameras = ( { id = \"Bad Id\"; } );" >"$CAMS"
hup "the cameras keep recording as they were"
n=$(segments gate)
wait_segments gate $((n + 1))
cp "$T/cams.good" "$CAMS"

note "a camera taken out of cameras.cfg stops"
python3 - "$CAMS" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
t = re.sub(r',?\s*\{[^{}]*id = "lobby";[^{}]*\}', '', t)
open(sys.argv[1], "w").write(t)
EOF
hup "stopped: lobby"
wait_for 10 state_is lobby status removed || fail "lobby: $(cam_state lobby status)"

note "disk at the warning level: an alarm"
echo 90 >"$T/disk"
wait_event - disk.warn 30
[ "$(events gate disk.stop)" = 0 ] || fail "a camera stopped below disk_stop_pct"

note "disk full: the lowest priority camera stops with an alarm; nothing is deleted"
kept=$(sql "SELECT COUNT(*) FROM segments")
echo 96 >"$T/disk"
wait_event gate disk.stop 30
wait_for 10 state_is gate status stopped || fail "gate: $(cam_state gate status)"
event_detail gate disk.stop | grep -q "no footage inside retention is deleted" ||
	fail "$(event_detail gate disk.stop)"
n=$(segments yard)
wait_segments yard $((n + 2))		# the higher priority camera keeps recording
[ "$(events yard disk.stop)" = 0 ] || fail "yard stopped although use did not grow"
n=$(segments gate)

note "still filling: the next priority stops too"
echo 97 >"$T/disk"
wait_event yard disk.stop 30
[ "$(sql "SELECT COUNT(*) FROM segments")" -ge "$kept" ] || fail "segments were deleted to make room"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.disk.stop'")" = 2 ] ||
	fail "disk stops are not audited"

note "space again: both resume"
echo 50 >"$T/disk"
wait_event gate disk.resume 30
wait_event yard disk.resume 30
wait_event - disk.ok 30
wait_segments gate $((n + 1))
rec_stop
expect_status 0 "$VIGIL" admin footage verify
[ "$(sql "SELECT COUNT(*) FROM camera_events WHERE kind = 'record.error'")" = 0 ] ||
	fail "restarts and stops made footage fail: $(sql "SELECT camera, detail FROM camera_events WHERE kind = 'record.error'")"
for c in gate yard; do
	[ "$(sql "SELECT MAX(seq) - COUNT(*) FROM segments WHERE camera = '$c'")" = 0 ] ||
		fail "camera $c has holes in its sequence"
done
