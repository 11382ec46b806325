# tamper_motion.sh — covered and turned cameras raise alarms; motion cameras record motion.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
"$VIGIL" admin config set recorder.motion_preroll_s 1 >/dev/null
"$VIGIL" admin config set recorder.motion_postroll_s 1 >/dev/null
sim_start a dark=black mot=motion
sim_start b view=h264
cam_add dark "$(sim_url a dark)"
cam_add view "$(sim_url b view)"
cam_add mot "$(sim_url a mot)" --mode motion
t_start=$(now_us)
rec_start

note "a camera seeing black raises covered (GUAT art. 13: no covering a camera)"
wait_event dark covered 60
event_detail dark covered | grep -q "dark or uniform" || fail "$(event_detail dark covered)"
wait_for 10 state_is dark covered 1 || fail "camera_state.covered is not set"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.covered' AND object = 'dark'")" = 1 ] ||
	fail "covered is not audited"
[ "$(events dark reference)" = 0 ] || fail "a covered view was taken as a reference"

note "a camera turned to another scene raises moved; acknowledging takes a new reference"
wait_event view reference 60
sim_stop b
sim_start b view=bars	# same address, different scene: the camera was turned
wait_event view moved 60
wait_for 10 state_is view moved 1 || fail "camera_state.moved is not set"
expect_status 0 "$VIGIL" admin camera ack view
expect_out "reference frame"
wait_event view reference 60 2
wait_for 10 state_is view moved 0 || fail "camera_state.moved stays set after the acknowledgement"
[ "$(sql "SELECT COUNT(*) FROM camera_events WHERE camera = 'view' AND kind = 'moved' AND acked_us IS NOT NULL")" = 1 ] ||
	fail "the moved alarm is not marked acknowledged"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.reference_ack'")" = 1 ] ||
	fail "the acknowledgement is not audited"
expect_status 1 "$VIGIL" admin camera ack nowhere
expect_err 'no camera "nowhere"'

note "a motion camera records around motion only, with pre-roll"
wait_event mot motion.end 90 2
rec_stop
t_stop=$(now_us)
[ "$(segments mot)" -ge 2 ] || fail "mot recorded $(segments mot) segments"
python3 - "$t_start" "$t_stop" <<EOF || fail "motion recording does not fit the motion (see above)"
import sqlite3, sys
t0, t1 = int(sys.argv[1]), int(sys.argv[2])
db = sqlite3.connect("$DB")
segs = db.execute("SELECT start_us, end_us FROM segments WHERE camera = 'mot' ORDER BY seq").fetchall()
starts = [r[0] for r in db.execute("SELECT ts_us FROM camera_events WHERE camera = 'mot' AND kind = 'motion.start' ORDER BY id")]
recorded = sum(e - s for s, e in segs) / 1e6
# The clip has motion 3 s in every 12: recording must be well under the run.
if recorded > 0.7 * (t1 - t0) / 1e6:
    sys.exit(f"recorded {recorded:.1f} s of a {(t1 - t0) / 1e6:.1f} s run: not motion-only")
# Each recording starts at least half a second before the motion was seen (pre-roll).
for ev in starts:
    first = min((s for s, e in segs if s <= ev <= e + 1), default=None)
    if first is None or ev - first < 500000:
        sys.exit(f"motion at {ev}: recording starts at {first}, no pre-roll")
gaps = [s2 - e1 for (_, e1), (s2, _) in zip(segs, segs[1:]) if s2 - e1 > 1000000]
if not gaps:
    sys.exit("no gap between motion recordings")
print(f"{len(segs)} segments, {recorded:.1f} s recorded of {(t1 - t0) / 1e6:.1f} s; {len(starts)} motions")
EOF
for p in $(sql "SELECT path FROM segments WHERE camera = 'mot'"); do
	first=$(ffprobe -v error -select_streams v -show_entries packet=flags -of csv=p=0 \
	    -read_intervals "%+#1" "$T/site/storage/$p" | head -n 1)
	case $first in K*) ;; *) fail "$p does not start with a keyframe ($first)" ;; esac
done
[ "$(events mot motion.start)" -ge 2 ] || fail "motion starts were not recorded"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action LIKE 'camera.motion%'")" = 0 ] ||
	fail "motion events went to the audit log (they are observations, not changes)"
expect_status 0 "$VIGIL" admin footage verify
