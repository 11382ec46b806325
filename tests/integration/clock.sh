# clock.sh — wall-clock jumps are logged and never reorder footage (DESIGN §9).
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a gate=h264
cam_add gate "$(sim_url a gate)"
echo "+0" >"$T/clock"
rec_start VIGIL_CLOCK_FILE="$T/clock"
wait_segments gate 2

note "a jump forward: logged, and the next segment starts at the new time"
t_jump=$(now_us)
echo "+3600" >"$T/clock"
wait_event gate clock 30
event_detail gate clock | grep -q "jumped 3[56][0-9][0-9] s ahead" || fail "$(event_detail gate clock)"
n=$(segments gate)
wait_segments gate $((n + 1))
[ "$(sql "SELECT MAX(start_us) FROM segments WHERE camera = 'gate'")" -ge $((t_jump + 3500000000)) ] ||
	fail "segments after the jump do not carry the new time"

note "a jump back: logged, and footage stays in order"
echo "-1800" >"$T/clock"
wait_event gate clock 30 2
event_detail gate clock | grep -q "fell [0-9]* s behind the stream" || fail "$(event_detail gate clock)"
n=$(segments gate)
wait_segments gate $((n + 2))

note "a restart while the clock is behind carries on after the last segment"
rec_stop
rec_start VIGIL_CLOCK_FILE="$T/clock"
wait_event gate clock 30 3
event_detail gate clock | grep -q "behind the footage already recorded" || fail "$(event_detail gate clock)"
n=$(segments gate)
wait_segments gate $((n + 1))
rec_stop

bad=$(sql "SELECT COUNT(*) FROM segments a JOIN segments b ON b.camera = a.camera AND b.seq = a.seq + 1 WHERE b.start_us < a.end_us")
[ "$bad" = 0 ] || fail "$bad segments start before the one before them ended"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.clock'")" = 3 ] || fail "clock jumps are not audited"
expect_status 0 "$VIGIL" admin footage verify
