# lib-rtsp.sh — helpers for the recorder tests: clips, the RTSP camera simulator,
# a recorder in the background, and waiting on the database.  Source after lib.sh.

SIM="$SRC/tests/tools/rtsp-sim.py"
CLIPS="${VIGIL_CLIP_CACHE:-$SRC/build/test-clips}"
mkdir -p "$CLIPS"
PROXY="$SRC/tests/tools/rtsp-proxy.py"
REC_PID=""
declare -A SIM_PID SIM_PORT SIM_ARGS PROXY_PID PROXY_PORT

# Everything this test started goes when it ends, whatever happens.
rtsp_cleanup() {
	local p
	for p in "${SIM_PID[@]}" "${PROXY_PID[@]}" $REC_PID; do
		kill -CONT "$p" 2>/dev/null || true
		kill -KILL "$p" 2>/dev/null || true
	done
}
trap rtsp_cleanup EXIT

# clip NAME : the path of a test clip (MPEG-TS), made with ffmpeg on first use and
# kept in build/test-clips.  The recipes:
#   h264    320x240 25 fps, moving test pattern, keyframe every second, 40 s
#   h265    the same in H.265
#   aac     h264 with an AAC tone
#   black   all black (a covered lens)
#   bars    colour bars, a different scene (a turned camera)
#   motion  still colour bars; a moving pattern appears from 6 s to 9 s of every 12 s
#   mpeg4   MPEG-4 part 2 video, which vigil does not record
#   hd      1920x1080 25 fps at 4 Mbit/s, keyframe every 2 s, 30 s (bench)
#   hp      320x240 moving test pattern, H.264 high profile with B-frames (3, pyramid),
#           keyframe every second, 40 s: what real cameras send
#   hpbars  still colour bars (a known pattern), high profile with B-frames, 20 s
#   hdhp    1920x1080 25 fps high profile with B-frames at 4 Mbit/s, keyframe every 2 s,
#           30 s (player bench)
#   h264bf  320x240 H.264 high profile (CABAC), 3 B-frames with pyramid, keyframe
#           every second, 20 s: as cameras that send B-frames do
#   h265bf  the same in H.265 main, 4 B-frames, closed GOPs
#   h265og  the same with open GOPs: CRA keyframes whose leading (RASL) pictures
#           refer to the GOP before
#   aacbf   h264bf with AAC sound (noise, so that no two packets are alike)
#   aacip   h264 (no B-frames) with that sound, 20 s
# and the bench's stream shapes (tests/bench), 20 s (4K: 10 s), keyframe every 2 s:
#   hdbf    1920x1080 H.264 high, CABAC, 3 B-frames, 3 reference frames, 4 Mbit/s
#   hdmain  1920x1080 H.264 main, no B-frames, 4 Mbit/s
#   uhd265  3840x2160 H.265 main, 8 Mbit/s
#   sub720  1280x720 H.264 main, 1 Mbit/s (a camera's second stream)
#   hdaac   hdbf with 64 kbit/s AAC sound
clip() {
	local name=$1 out="$CLIPS/$1-v1.ts" tmp
	if [ -s "$out" ]; then
		echo "$out"
		return
	fi
	tmp="$out.tmp.$$"
	local x264=(-c:v libx264 -preset ultrafast -tune zerolatency -bf 0 -g 25 -pix_fmt yuv420p)
	local x264bf=(-c:v libx264 -profile:v high -preset fast -bf 3 -b_strategy 0 -g 25
		-keyint_min 25 -sc_threshold 0 -coder cabac -pix_fmt yuv420p)
	local f=(ffmpeg -nostdin -hide_banner -loglevel error -y)
	local hp=(-c:v libx264 -preset veryfast -profile:v high -bf 3 -b_strategy 0 -pix_fmt yuv420p)
	case $name in
	h264) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=40 "${x264[@]}" -f mpegts "$tmp" ;;
	h265) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=40 -c:v libx265 -preset ultrafast \
		-x265-params "keyint=25:bframes=0:log-level=error" -pix_fmt yuv420p -f mpegts "$tmp" ;;
	aac) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=40 -f lavfi -i sine=f=440:r=48000:d=40 \
		"${x264[@]}" -c:a aac -b:a 64k -f mpegts "$tmp" ;;
	black) "${f[@]}" -f lavfi -i color=c=black:s=320x240:r=25:d=20 "${x264[@]}" -f mpegts "$tmp" ;;
	bars) "${f[@]}" -f lavfi -i smptebars=s=320x240:r=25:d=20 "${x264[@]}" -f mpegts "$tmp" ;;
	motion) "${f[@]}" -f lavfi -i smptebars=s=320x240:r=25:d=12 \
		-f lavfi -i testsrc2=s=160x120:r=25:d=12 \
		-filter_complex "[0][1]overlay=x='20+40*(t-6)':y=60:enable='between(t,6,9)'" \
		"${x264[@]}" -f mpegts "$tmp" ;;
	mpeg4) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 -c:v mpeg4 -g 25 -f mpegts "$tmp" ;;
	hd) "${f[@]}" -f lavfi -i testsrc2=s=1920x1080:r=25:d=30 -c:v libx264 -preset ultrafast \
		-bf 0 -g 50 -b:v 4M -maxrate 4M -bufsize 4M -pix_fmt yuv420p -f mpegts "$tmp" ;;
	hp) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=40 "${hp[@]}" -g 25 -f mpegts "$tmp" ;;
	hpbars) "${f[@]}" -f lavfi -i smptebars=s=320x240:r=25:d=20 "${hp[@]}" -g 25 \
		-f mpegts "$tmp" ;;
	hdhp) "${f[@]}" -f lavfi -i testsrc2=s=1920x1080:r=25:d=30 "${hp[@]}" -g 50 -b:v 4M \
		-maxrate 4M -bufsize 4M -f mpegts "$tmp" ;;
	h264bf) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 "${x264bf[@]}" -f mpegts "$tmp" ;;
	h265bf) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 -c:v libx265 -preset fast \
		-x265-params "keyint=25:min-keyint=25:bframes=4:open-gop=0:log-level=error" \
		-pix_fmt yuv420p -f mpegts "$tmp" ;;
	h265og) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 -c:v libx265 -preset fast \
		-x265-params "keyint=25:min-keyint=25:bframes=4:open-gop=1:scenecut=0:log-level=error" \
		-pix_fmt yuv420p -f mpegts "$tmp" ;;
	aacbf) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 \
		-f lavfi -i anoisesrc=d=20:c=pink:r=48000:a=0.2:seed=17 "${x264bf[@]}" \
		-c:a aac -b:a 64k -f mpegts "$tmp" ;;
	aacip) "${f[@]}" -f lavfi -i testsrc2=s=320x240:r=25:d=20 \
		-f lavfi -i anoisesrc=d=20:c=pink:r=48000:a=0.2:seed=17 "${x264[@]}" \
		-c:a aac -b:a 64k -f mpegts "$tmp" ;;
	hdbf|hdaac)
		local in=(-f lavfi -i testsrc2=s=1920x1080:r=25:d=20) snd=()
		if [ "$name" = hdaac ]; then
			in+=(-f lavfi -i anoisesrc=d=20:c=pink:r=48000:a=0.1)
			snd=(-c:a aac -b:a 64k)
		fi
		"${f[@]}" "${in[@]}" -c:v libx264 -preset veryfast -profile:v high -bf 3 -refs 3 \
		    -g 50 -keyint_min 50 -sc_threshold 0 -b:v 4M -maxrate 4M -bufsize 4M \
		    -pix_fmt yuv420p "${snd[@]}" -f mpegts "$tmp" ;;
	hdmain) "${f[@]}" -f lavfi -i testsrc2=s=1920x1080:r=25:d=20 -c:v libx264 -preset veryfast \
		-profile:v main -bf 0 -g 50 -keyint_min 50 -sc_threshold 0 -b:v 4M -maxrate 4M \
		-bufsize 4M -pix_fmt yuv420p -f mpegts "$tmp" ;;
	uhd265) "${f[@]}" -f lavfi -i testsrc2=s=3840x2160:r=25:d=10 -c:v libx265 -preset ultrafast \
		-x265-params "keyint=50:min-keyint=50:bitrate=8000:vbv-maxrate=8000:vbv-bufsize=8000:log-level=error" \
		-pix_fmt yuv420p -f mpegts "$tmp" ;;
	sub720) "${f[@]}" -f lavfi -i testsrc2=s=1280x720:r=25:d=20 -c:v libx264 -preset veryfast \
		-profile:v main -bf 0 -g 50 -keyint_min 50 -sc_threshold 0 -b:v 1M -maxrate 1M \
		-bufsize 1M -pix_fmt yuv420p -f mpegts "$tmp" ;;
	*) fail "no clip recipe \"$name\"" ;;
	esac
	mv "$tmp" "$out"
	echo "$out"
}

# sim_start NAME [--auth U:P[:digest]] [--shared] MOUNT=CLIP... : a simulator on a
# free port; sets SIM_PORT[NAME].  The clips are recipe names (see clip).
sim_start() {
	local name=$1 port args=() m
	shift
	port=${SIM_PORT[$name]:-$(free_port)}
	while [ $# -gt 0 ]; do
		case $1 in
		--auth) args+=(--auth "$2"); shift 2 ;;
		--shared) args+=(--shared); shift ;;
		*) m=${1%%=*}; args+=(--mount "$m=$(clip "${1#*=}")"); shift ;;
		esac
	done
	SIM_PORT[$name]=$port
	SIM_ARGS[$name]="${args[*]}"
	/usr/bin/python3 "$SIM" --port "$port" --tag "$T" "${args[@]}" >"$T/sim-$name.log" 2>&1 &
	SIM_PID[$name]=$!
	wait_for 60 grep -q "^ready" "$T/sim-$name.log" ||
		fail "simulator $name did not start: $(cat "$T/sim-$name.log")"
}

# sim_restart NAME : the same simulator again on the same port (camera back).
sim_restart() {
	local name=$1
	# shellcheck disable=SC2086
	/usr/bin/python3 "$SIM" --port "${SIM_PORT[$name]}" --tag "$T" ${SIM_ARGS[$name]} \
	    >"$T/sim-$name.log" 2>&1 &
	SIM_PID[$name]=$!
	wait_for 60 grep -q "^ready" "$T/sim-$name.log" ||
		fail "simulator $name did not restart: $(cat "$T/sim-$name.log")"
}

sim_stop() {
	kill -TERM "${SIM_PID[$1]}" 2>/dev/null || true
	wait "${SIM_PID[$1]}" 2>/dev/null || true
}

sim_url() {	# sim_url NAME MOUNT
	echo "rtsp://127.0.0.1:${SIM_PORT[$1]}/$2"
}

# proxy_start NAME SIM [--delay CH:MS] [--ts-jump CH:SECS:EVERY] [--drop-every S] :
# a camera's quirks between the recorder and simulator SIM (tests/tools/rtsp-proxy.py);
# reach it with proxy_url NAME MOUNT.
proxy_start() {
	local name=$1 sim=$2 port
	shift 2
	port=$(free_port)
	PROXY_PORT[$name]=$port
	/usr/bin/python3 "$PROXY" --port "$port" --to "127.0.0.1:${SIM_PORT[$sim]}" --tag "$T" "$@" \
	    >"$T/proxy-$name.log" 2>&1 &
	PROXY_PID[$name]=$!
	wait_for 30 grep -q "^ready" "$T/proxy-$name.log" ||
		fail "proxy $name did not start: $(cat "$T/proxy-$name.log")"
}

proxy_url() {	# proxy_url NAME MOUNT
	echo "rtsp://127.0.0.1:${PROXY_PORT[$1]}/$2"
}

# rec_site : a site for recording, with short segments and quick offline, tamper
# and latest-frame updates.
rec_site() {
	new_site "${1:-default}"
	"$VIGIL" admin config set recorder.segment_seconds 2 >/dev/null
	"$VIGIL" admin config set recorder.offline_after_s 3 >/dev/null
	"$VIGIL" admin config set recorder.thumb_interval_s 1 >/dev/null
	"$VIGIL" admin config set recorder.tamper_interval_s 3 >/dev/null
}

# cam_add ID URL [camera add options...]
cam_add() {
	local id=$1 url=$2
	shift 2
	"$VIGIL" admin camera add "$id" --url "$url" --name "Camera $id" "$@" >/dev/null
}

# rec_start [ENV=VALUE...] : the recorder in the background, log in $T/rec.log.
rec_start() {
	local starts
	starts=$(grep -c "recording [0-9]* cameras" "$T/rec.log" 2>/dev/null || true)
	env "$@" "$VIGIL" record --config "$VIGIL_CONFIG" >>"$T/rec.log" 2>&1 &
	REC_PID=$!
	wait_for 60 rec_started "${starts:-0}" ||
		fail "the recorder did not start: $(tail -n 20 "$T/rec.log")"
}

rec_started() {	# rec_started N : the log shows more than N starts
	[ "$(grep -c "recording [0-9]* cameras" "$T/rec.log")" -gt "$1" ]
}

# rec_stop : SIGTERM, and the recorder must exit 0 (generous limit: shared machine).
rec_stop() {
	local rc=0
	kill -TERM "$REC_PID"
	wait "$REC_PID" || rc=$?
	REC_PID=""
	[ "$rc" = 0 ] || fail "the recorder exited $rc: $(tail -n 20 "$T/rec.log")"
}

rec_kill9() {
	kill -KILL "$REC_PID"
	wait "$REC_PID" 2>/dev/null || true
	REC_PID=""
}

segments() {	# segments CAMERA : number of indexed segments
	sql "SELECT COUNT(*) FROM segments WHERE camera = '$1' AND state = 'ok'"
}

has_segments() {	# has_segments CAMERA N
	[ "$(segments "$1")" -ge "$2" ]
}

# wait_segments CAMERA N [SECONDS] : until the camera has N indexed segments.
wait_segments() {
	local cam=$1 n=$2 limit=${3:-90}
	wait_for "$limit" has_segments "$cam" "$n" ||
		fail "camera $cam has $(segments "$cam") segments, wanted $n; log: $(tail -n 20 "$T/rec.log")"
}

events() {	# events CAMERA KIND : how many such camera events (CAMERA - : site-wide)
	if [ "$1" = - ]; then
		sql "SELECT COUNT(*) FROM camera_events WHERE camera IS NULL AND kind = '$2'"
	else
		sql "SELECT COUNT(*) FROM camera_events WHERE camera = '$1' AND kind = '$2'"
	fi
}

event_detail() {	# event_detail CAMERA KIND : the latest such event's detail
	sql "SELECT detail FROM camera_events WHERE camera = '$1' AND kind = '$2' ORDER BY id DESC LIMIT 1"
}

cam_state() {	# cam_state CAMERA COLUMN : from camera_state, as the console reads it
	sql "SELECT $2 FROM camera_state WHERE camera = '$1'"
}

state_is() {	# state_is CAMERA COLUMN VALUE
	[ "$(cam_state "$1" "$2")" = "$3" ]
}

# sql_is QUERY VALUE : for wait_for
sql_is() {
	[ "$(sql "$1")" = "$2" ]
}

has_events() {	# has_events CAMERA KIND N
	[ "$(events "$1" "$2")" -ge "$3" ]
}

# wait_event CAMERA KIND [SECONDS] [N]
wait_event() {
	local cam=$1 kind=$2 limit=${3:-60} n=${4:-1}
	wait_for "$limit" has_events "$cam" "$kind" "$n" ||
		fail "no $kind event for $cam; events: $(sql "SELECT camera, kind, detail FROM camera_events") log: $(tail -n 20 "$T/rec.log")"
}

now_us() {
	date +%s%6N
}

# hold_add CAMERA FROM_US TO_US [UNTIL_US] : a hold row, as governance will place
# it (core/holds.c comes on another branch; this helper writes the same rows).
hold_add() {
	local until=${4:-NULL}
	sql "INSERT INTO holds (category, reason, from_us, to_us, placed_us, until_us)
	     VALUES ('investigation', 'test hold', $2, $3, $(now_us), $until);
	     INSERT INTO hold_cameras (hold_id, camera) VALUES (last_insert_rowid(), '$1');"
}
