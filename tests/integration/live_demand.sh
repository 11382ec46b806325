# live_demand.sh — a camera someone watches gets fresh frames at the width asked; nobody, none.
# timeout: 240
#
# The console keeps <paths.run>/demand/<camera>.<pid> (the width it wants) fresh
# while it shows a camera live (recorder/demand.h); the recorder then writes that
# camera's latest frame at least twice a second.  Without a fresh demand file it
# decodes only what tamper checks and recorder.thumb_interval_s need.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
# nothing but the live view refreshes frames in this test
"$VIGIL" admin config set recorder.thumb_interval_s 3600 >/dev/null
"$VIGIL" admin config set recorder.tamper_interval_s 3600 >/dev/null
sim_start a pub=h264bf inside=h264bf
cam_add pub "$(sim_url a pub)"
cam_add inside "$(sim_url a inside)" --privacy interior --zone classroom
rec_start
DEMAND="$T/site/run/demand"
FRAMES="$T/site/run/frames"
wait_for 30 test -d "$DEMAND" || fail "the recorder made no $DEMAND"
wait_for 60 test -f "$FRAMES/pub.ppm" || fail "no first frame for pub"

frame_ts() {	# frame_ts CAMERA : the ts_us in its frame file's header
	sed -n '2s/.*ts_us=\([0-9]*\).*/\1/p' "$FRAMES/$1.ppm" 2>/dev/null
}
# distinct_frames CAMERA SECONDS : how many different frames it wrote meanwhile
distinct_frames() {
	local i seen=""
	for i in $(seq 1 $(($2 * 10))); do
		seen="$seen $(frame_ts "$1")"
		sleep 0.1
	done
	echo "$seen" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l
}
# watch_cam CAMERA WIDTH PID : a console watching, as the console does it: the
# file <camera>.<pid> rewritten (so its mtime refreshed) every half second
watch_cam() {
	( while :; do
		echo "$2" >"$DEMAND/.$1.$3.tmp" && mv "$DEMAND/.$1.$3.tmp" "$DEMAND/$1.$3"
		sleep 0.5
	  done ) &
	WATCHERS+=($!)
}
WATCHERS=()
stop_watching() {
	if [ ${#WATCHERS[@]} -gt 0 ]; then
		kill "${WATCHERS[@]}" 2>/dev/null || true
		wait "${WATCHERS[@]}" 2>/dev/null || true
	fi
	WATCHERS=()
	rm -f "$DEMAND"/* "$DEMAND"/.[a-z]* 2>/dev/null || true
}
trap 'stop_watching; rtsp_cleanup' EXIT

note "nobody watches: the frame file stays as the first keyframe left it"
first=$(frame_ts pub)
[ "$(distinct_frames pub 3)" = 1 ] || fail "pub's frame changed with nobody watching"

note "a wall tile (160 px) of pub: fresh frames, at that width"
watch_cam pub 160 1001
wait_for 30 sh -c "[ \"\$(identify -format %w '$FRAMES/pub.ppm' 2>/dev/null)\" = 160 ]" ||
	fail "pub's frame is not 160 px wide: $(identify "$FRAMES/pub.ppm")"
n=$(distinct_frames pub 5)
# at least twice a second in a quiet run; under load this allows half of it
[ "$n" -ge 5 ] || fail "pub wrote $n different frames in 5 s while watched"
[ "$(frame_ts pub)" -gt "$first" ] || fail "the frames are not newer than the first"

note "a second console opens a large view: the widest request wins, capped at the stream's 320"
watch_cam pub 1280 1002
wait_for 30 sh -c "[ \"\$(identify -format %w '$FRAMES/pub.ppm' 2>/dev/null)\" = 320 ]" ||
	fail "pub's frame is not the stream's 320 px: $(identify "$FRAMES/pub.ppm")"
python3 - "$FRAMES/pub.ppm" <<'PY' || fail "pub's live frame is not a picture of the clip"
import sys
d = open(sys.argv[1], "rb").read()
body = d[d.index(b"255\n") + 4:]
# testsrc2 is colourful: a decoded picture is far from uniform grey
assert len(set(body[::97])) > 40, "uniform"
PY

note "an interior camera never reaches the run directory, watched or not (HHKCS 2.2.5)"
watch_cam inside 320 1003
sleep 2
[ ! -e "$FRAMES/inside.ppm" ] || fail "the interior camera's frame was written"

note "the consoles stop: no more frames"
stop_watching
sleep 1.5
[ "$(distinct_frames pub 3)" = 1 ] || fail "pub's frame keeps changing after the consoles left"

note "a console that crashed leaves a stale file: ignored"
echo 320 >"$DEMAND/pub.4242"
touch -d "@$(( $(date +%s) - 10 ))" "$DEMAND/pub.4242"
sleep 1.5
[ "$(distinct_frames pub 3)" = 1 ] || fail "a stale demand file made pub decode"
rm -f "$DEMAND/pub.4242"
grep -q "demand" "$T/rec.log" && fail "the recorder complained about demand files: $(cat "$T/rec.log")"
rec_stop
