# record_offline.sh — cameras that drop or freeze, and kill -9 of the recorder, lose nothing.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site	# offline_after_s = 3, segment_seconds = 2
sim_start a gate=h264
sim_start b lobby=h264
cam_add gate "$(sim_url a gate)"
cam_add lobby "$(sim_url b lobby)"
rec_start
wait_segments gate 2
wait_event gate online 30

note "camera stopped: offline within offline_after_s + 2 s"
t_drop=$(now_us)
sim_stop a
wait_event gate offline 30
t_off=$(sql "SELECT ts_us FROM camera_events WHERE camera = 'gate' AND kind = 'offline'")
[ $((t_off - t_drop)) -le 5000000 ] ||
	fail "offline was raised $(( (t_off - t_drop) / 1000 )) ms after the camera stopped (limit 5000)"
event_detail gate offline | grep -q "Connection refused" ||
	fail "the offline event does not say why: $(event_detail gate offline)"
state_is gate status offline || fail "camera_state: $(cam_state gate status)"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.offline' AND object = 'gate'")" = 1 ] ||
	fail "camera.offline is not audited"

note "camera back: online, recording resumes in a new segment, the gap shows in the index"
n=$(segments gate)
last_end=$(sql "SELECT MAX(end_us) FROM segments WHERE camera = 'gate'")
sim_restart a
wait_event gate online 60 2
wait_segments gate $((n + 2))
first_new=$(sql "SELECT MIN(start_us) FROM segments WHERE camera = 'gate' AND start_us >= $last_end")
[ $((first_new - last_end)) -ge 3000000 ] ||
	fail "the outage left no gap in the index ($((first_new - last_end)) us)"
expect_status 0 "$VIGIL" admin segments list --camera gate
expect_out "-- no footage for"
state_is gate status online || fail "camera_state: $(cam_state gate status)"

note "a frozen camera (connections open, nothing sent) goes offline without hanging anything"
kill -STOP "${SIM_PID[b]}"
wait_event lobby offline 30
# Whichever notices first names it: the health check ("no video for N s") or the
# client's read timeout ("no data from the camera").
event_detail lobby offline | grep -Eq "no data from the camera|no video for [0-9]+ s" ||
	fail "lobby offline: $(event_detail lobby offline)"
n=$(segments gate)
wait_segments gate $((n + 1))	# the other camera keeps recording meanwhile
rec_stop			# and stopping does not wait for the frozen one
kill -CONT "${SIM_PID[b]}"
expect_status 0 "$VIGIL" admin footage verify

note "kill -9 in the middle of segments: recovered on restart, nothing lost"
rec_start
wait_event lobby online 60 2
n=$(segments gate)
wait_segments gate $((n + 1))
rec_kill9
expect_status 1 "$VIGIL" admin footage verify
expect_out "unindexed:"
# A power cut can also leave half a write behind the last whole fragment.
newest=$(ls -t "$T"/site/storage/lobby/*/*.mp4 | head -n 1)
size_before=$(stat -c %s "$newest")
printf '\0\0\1\0moof\0\0\0\20mfhd' >>"$newest"
rec_start
grep -q "recovery: indexed [1-9]" "$T/rec.log" || fail "nothing recovered: $(cat "$T/rec.log")"
rel=${newest#"$T/site/storage/"}
[ "$(sql "SELECT recovered FROM segments WHERE path = '$rel'")" = 1 ] || fail "$rel not recovered"
[ "$(stat -c %s "$newest")" = "$size_before" ] || fail "$rel was not cut back to its last whole fragment"
ffprobe -v error "$newest" || fail "the recovered $rel does not play"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'segment.recover'")" -ge 2 ] ||
	fail "recoveries are not audited"
rec_stop
expect_status 0 "$VIGIL" admin footage verify
[ "$(sql "PRAGMA integrity_check")" = ok ] || fail "database integrity check failed"
expect_status 0 "$VIGIL" admin audit verify
# Sequence numbers run on without holes: nothing was skipped or lost.
for c in gate lobby; do
	[ "$(sql "SELECT MAX(seq) - COUNT(*) FROM segments WHERE camera = '$c'")" = 0 ] ||
		fail "camera $c has holes in its sequence"
done
