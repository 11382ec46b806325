# record_basic.sh — segments for every camera play, add up to the time recorded, verify.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a gate=h264 hall=h265 yard=aac
cam_add gate "$(sim_url a gate)"
cam_add hall "$(sim_url a hall)"
# RTP over UDP goes through libavformat's client: both clients are exercised.
cam_add yard "$(sim_url a yard)" --transport udp
# HHKCS 2.2.5: an interior camera records but never feeds the live view.
cam_add class "$(sim_url a gate)" --privacy interior --zone classroom

t_start=$(now_us)
rec_start
for c in gate hall yard class; do
	wait_segments "$c" 4
done
rec_stop
t_stop=$(now_us)
grep -q "camera yard: connected (h264 + aac, libavformat client)" "$T/rec.log" ||
	fail "yard was not recorded with its audio by libavformat's client: $(cat "$T/rec.log")"
grep -q "camera gate: connected (h264, vigil client)" "$T/rec.log" || fail "gate: $(cat "$T/rec.log")"

note "every segment plays and holds what the camera sent"
sql "SELECT camera, seq, path, start_us, end_us FROM segments ORDER BY camera, seq" |
while IFS='|' read -r cam seq path start end; do
	f="$T/site/storage/$path"
	[ "$(stat -c %a "$f")" = 640 ] || fail "$path is not mode 0640"
	case $path in
	"$cam/"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"/$cam-"$(printf %08d "$seq")".mp4") ;;
	*) fail "$path does not follow <camera>/<date>/<camera>-<seq>.mp4" ;;
	esac
	ffprobe -v error -show_entries stream=codec_name:format=duration -of compact=p=0:nk=1 \
	    "$f" >"$T/probe" || fail "ffprobe cannot read $path"
	codecs=$(head -n -1 "$T/probe" | tr '\n' ' ')
	case $cam in
	hall) want="hevc " ;;
	yard) want="h264 aac " ;;
	*) want="h264 " ;;
	esac
	[ "$codecs" = "$want" ] || fail "$path has streams \"$codecs\", wanted \"$want\""
	dur=$(tail -n 1 "$T/probe")
	# ffprobe's duration and the index agree within one GOP (1 s in these clips).
	python3 -c 'import sys; d=float(sys.argv[1]); i=(int(sys.argv[3])-int(sys.argv[2]))/1e6; sys.exit(0 if abs(d-i) <= 1.0 else 1)' \
	    "$dur" "$start" "$end" || fail "$path: ffprobe says $dur s, the index $(( (end - start) / 1000 )) ms"
	echo "$cam $start $end $dur" >>"$T/durations"
done

note "durations add up to the wall time recorded, within one GOP"
python3 - "$T/durations" "$t_start" "$t_stop" <<'EOF' || fail "segment times do not add up (see above)"
import sys
rows = [l.split() for l in open(sys.argv[1])]
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
for cam in sorted({r[0] for r in rows}):
    segs = [(int(r[1]), int(r[2]), float(r[3])) for r in rows if r[0] == cam]
    for (s1, e1, _), (s2, e2, _) in zip(segs, segs[1:]):
        if abs(s2 - e1) > 1000:
            sys.exit(f"{cam}: a segment starts {s2 - e1} us away from where the last ended")
    span = (segs[-1][1] - segs[0][0]) / 1e6
    total = sum(d for _, _, d in segs)
    if abs(span - total) > 1.0:
        sys.exit(f"{cam}: files hold {total:.2f} s, the index spans {span:.2f} s")
    if segs[0][0] < t0 or segs[-1][1] > t1 + 1000000:
        sys.exit(f"{cam}: footage {segs[0][0]}..{segs[-1][1]} outside the run {t0}..{t1}")
    print(f"{cam}: {len(segs)} segments, {total:.2f} s in files, {span:.2f} s in the index")
EOF

note "cuts are staggered: the cameras' first segments end at different times"
[ "$(sql "SELECT COUNT(DISTINCT end_us - start_us) FROM segments WHERE seq = 1")" -gt 1 ] ||
	fail "all first segments are the same length: cuts are not staggered"

note "footage verify passes and the database is sound"
expect_status 0 "$VIGIL" admin footage verify
expect_out "footage ok:"
[ "$(sql "PRAGMA integrity_check")" = ok ] || fail "database integrity check failed"
expect_status 0 "$VIGIL" admin audit verify

note "latest frames: a PPM per camera, none for the interior one"
for c in gate hall yard; do
	f="$T/site/run/frames/$c.ppm"
	[ -f "$f" ] || fail "no latest frame for $c"
	head -c 2 "$f" | grep -q P6 || fail "$f is not a PPM"
	[ "$(identify -format '%w' "$f")" = 320 ] || fail "$f is not recorder.thumb_width wide"
done
[ ! -e "$T/site/run/frames/class.ppm" ] || fail "the interior camera's frame reached the run directory"
ls "$T/site/run/frames" | grep -q tmp && fail "a temporary frame file was left behind"

note "segments list, in text and JSON"
expect_status 0 "$VIGIL" admin segments list --camera gate
expect_out "SEQ"
expect_out "$(sql "SELECT substr(sha256, 1, 16) FROM segments WHERE camera = 'gate' AND seq = 2")"
expect_status 0 "$VIGIL" admin segments list --camera gate --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert len(v) >= 4 and v[0]["seq"] == 1 and v[1]["start_us"] == v[0]["end_us"], v[:2]' "$T/out" ||
	fail "segments list --json: $(head -c 300 "$T/out")"

note "camera state and heartbeat for the console"
[ "$(cam_state gate recording)" = 0 ] || fail "gate still marked recording after the recorder stopped"
[ "$(cam_state gate last_segment_end_us)" = "$(sql "SELECT MAX(end_us) FROM segments WHERE camera = 'gate'")" ] ||
	fail "camera_state.last_segment_end_us is not gate's last segment end"
expect_status 0 "$VIGIL" admin status --json
python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); assert v["recorder_heartbeat"] and v["segments"] >= 16, v' "$T/out" ||
	fail "status: $(cat "$T/out")"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action IN ('recorder.start', 'recorder.stop')")" = 2 ] ||
	fail "the recorder's start and stop are not audited"
