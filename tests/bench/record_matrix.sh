# record_matrix.sh — vigil record against 16 × ffmpeg -c copy, for each shape of stream cameras send.
# timeout: 1800
#
# For each stream shape (BENCH_SHAPES; clips in tests/lib-rtsp.sh, made once):
#   hdbf    1080p H.264 high profile, CABAC, 3 B-frames, 4 Mbit/s
#   hdmain  1080p H.264 main, no B-frames, 4 Mbit/s
#   uhd265  4K H.265 main, 8 Mbit/s
#   sub720  720p H.264 main, 1 Mbit/s (sub-streams)
#   hdaac   hdbf with AAC sound
# N simulated cameras (BENCH_CAMERAS, 16) are recorded for BENCH_SECONDS (30) by
# vigil record, then by N processes of
#   ffmpeg -rtsp_transport tcp -i URL -c copy -f segment -segment_time 10 ...
# in the same run, from the same simulator.  Both cut 10 s MP4 segments; vigil
# also hashes every byte, keeps the index and decodes keyframes for the tamper
# checks and latest frames at their defaults (tamper_interval_s 30,
# thumb_interval_s 60).  CPU is user+system seconds (/usr/bin/time); memory is
# peak RSS (vigil: its one process; ffmpeg: the sum of the processes' peaks).
# Targets for every shape: at most 0.25x ffmpeg's CPU and 0.05x its memory.
#
# Each shape's floor is printed beside it (build/bench/bench_floor): the peak
# RSS of a process that only loads the libraries vigil record needs, and of
# one that then decodes the clip's keyframes one at a time as the recorder does
# (nothing recorded); and the CPU of the keyframe decodes the tamper checks
# need in DUR s (every camera every tamper_interval_s / 2, picsched.h).  When
# a floor is above the allowance, no recorder on these libraries that checks
# the camera's pictures can meet the target; the bench says so.
#
# For hdbf the live view is measured too: the same run with one camera watched
# (a demand file kept fresh, as the console does: recorder/demand.h) at 320 px
# and at 1280 px, against nobody watching.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

N=${BENCH_CAMERAS:-16}
DUR=${BENCH_SECONDS:-30}
SHAPES=${BENCH_SHAPES:-hdbf hdmain uhd265 sub720 hdaac}
CPU_TARGET=0.25
MEM_TARGET=0.05

# child_of PID : the pid of the process /usr/bin/time started.
child_of() {
	local p
	for _ in $(seq 1 100); do
		p=$(pgrep -P "$1" | head -n 1)
		if [ -n "$p" ]; then echo "$p"; return; fi
		sleep 0.1
	done
	fail "no child of $1"
}

# watcher CAMERA WIDTH : a console watching CAMERA live, in the background.
watcher() {
	local d="$T/site/run/demand"
	mkdir -p "$d"
	( while :; do
		echo "$2" >"$d/.$1.tmp" && mv "$d/.$1.tmp" "$d/$1.99999"
		sleep 0.5
	  done ) &
	WATCH_PID=$!
}

# frames_written CAMERA SECONDS : different frames the recorder wrote meanwhile.
frames_written() {
	local f="$T/site/run/frames/$1.ppm" seen=""
	for _ in $(seq 1 $(($2 * 20))); do
		seen="$seen $(sed -n '2s/.*ts_us=\([0-9]*\).*/\1/p' "$f" 2>/dev/null)"
		sleep 0.05
	done
	echo "$seen" | tr ' ' '\n' | grep -v '^$' | sort -u | wc -l
}

# run_vigil SHAPE [CAMERA WIDTH] : records the N cameras for DUR s; sets V_CPU,
# V_MEM (KB), V_BYTES, V_SEGS, and V_FRAMES when a camera is watched.
run_vigil() {
	local shape=$1 tpid vpid
	rm -rf "$T/site"
	new_site
	"$VIGIL" admin config set recorder.segment_seconds 10 >/dev/null
	for i in $(seq -w 1 "$N"); do
		cam_add "cam$i" "$(sim_url s "cam$i")"
	done
	WATCH_PID=""
	[ -n "${2:-}" ] && watcher "$2" "$3"
	/usr/bin/time -f "%U %S %M" -o "$T/vigil.time" "$VIGIL" record --config "$VIGIL_CONFIG" \
	    >"$T/rec-$shape.log" 2>&1 &
	tpid=$!
	vpid=$(child_of "$tpid")
	V_FRAMES=0
	if [ -n "${2:-}" ]; then
		sleep 5
		V_FRAMES=$(frames_written "$2" $((DUR - 7)))
		sleep 2
	else
		sleep "$DUR"
	fi
	kill -TERM "$vpid"
	wait "$tpid" || fail "vigil record failed: $(tail -n 20 "$T/rec-$shape.log")"
	if [ -n "$WATCH_PID" ]; then kill "$WATCH_PID"; wait "$WATCH_PID" 2>/dev/null || true; fi
	read -r u s V_MEM <"$T/vigil.time"
	V_CPU=$(echo "$u + $s" | bc)
	V_SEGS=$(sql "SELECT COUNT(*) FROM segments")
	V_BYTES=$(sql "SELECT COALESCE(SUM(bytes),0) FROM segments")
	"$VIGIL" admin footage verify >/dev/null || fail "footage verify failed after the $shape run"
}

# run_ffmpeg : the same N cameras with one ffmpeg each; sets F_CPU, F_MEM, F_BYTES, F_SEGS.
run_ffmpeg() {
	local tpids=() fpids=() u s m p
	rm -rf "$T/ff"
	mkdir -p "$T/ff"
	for i in $(seq -w 1 "$N"); do
		/usr/bin/time -f "%U %S %M" -o "$T/ff$i.time" ffmpeg -nostdin -hide_banner \
		    -loglevel error -rtsp_transport tcp -i "$(sim_url s "cam$i")" -c copy -f segment \
		    -segment_time 10 -segment_format mp4 -reset_timestamps 1 "$T/ff/cam$i-%05d.mp4" \
		    2>"$T/ff$i.log" &
		tpids+=($!)
	done
	for p in "${tpids[@]}"; do
		fpids+=("$(child_of "$p")")
	done
	sleep "$DUR"
	kill -INT "${fpids[@]}"
	for p in "${tpids[@]}"; do
		wait "$p" || true
	done
	F_BYTES=$(cat "$T"/ff/*.mp4 | wc -c)
	F_SEGS=$(ls "$T"/ff/*.mp4 | wc -l)
	F_CPU=0
	F_MEM=0
	for i in $(seq -w 1 "$N"); do
		read -r u s m < <(tail -n 1 "$T/ff$i.time")
		F_CPU=$(echo "$F_CPU + $u + $s" | bc)
		F_MEM=$((F_MEM + m))
	done
}

row() {	# row LABEL CPU MEM_KB BYTES SEGS
	printf '  %-30s %8.2f %7.1f%% %9d %8.1f %9d %6d\n' "$1" "$2" \
	    "$(echo "100 * $2 / $DUR / $N" | bc -l)" "$(($3 / 1024))" \
	    "$(echo "$3 / 1024 / $N" | bc -l)" "$(($4 >> 20))" "$5"
}

FLOOR=${BENCH_FLOOR:-$(dirname "$VIGIL")/bench/bench_floor}
[ -x "$FLOOR" ] || fail "no $FLOOR (make bench builds it)"
TAMPER_S=30	# recorder.tamper_interval_s, its default
LIBS_KB=$("$FLOOR" libs | sed -n 's/^rss_kb=//p')
[ -n "$LIBS_KB" ] || fail "bench_floor libs printed no figure"

# floor SHAPE CLIP : sets FL_MS (CPU ms of one keyframe decode) and FL_KB (peak
# RSS of a process holding the libraries and one decoded keyframe).
floor() {
	local out
	"$FLOOR" keyframes "$2" "$T/$1.kf" || fail "bench_floor could not read $2"
	out=$("$FLOOR" decode "$T/$1.kf") || fail "bench_floor could not decode $1's keyframes"
	FL_MS=$(echo "$out" | sed -n 's/.* ms=\([0-9.]*\).*/\1/p')
	FL_KB=$(echo "$out" | sed -n 's/.* rss_kb=\([0-9]*\).*/\1/p')
	[ -n "$FL_MS" ] && [ -n "$FL_KB" ] || fail "bench_floor decode printed: $out"
}

missed=""
summary=""
for shape in $SHAPES; do
	note "$shape: making the clip if needed"
	floor "$shape" "$(clip "$shape")"
	mounts=()
	for i in $(seq -w 1 "$N"); do
		mounts+=("cam$i=$shape")
	done
	sim_start s "${mounts[@]}"
	note "$shape: vigil record, $N cameras, $DUR s"
	run_vigil "$shape"
	vc=$V_CPU vm=$V_MEM vb=$V_BYTES vs=$V_SEGS
	note "$shape: $N x ffmpeg -c copy -f segment, $DUR s"
	run_ffmpeg
	cr=$(echo "scale=3; $vc / $F_CPU" | bc)
	mr=$(echo "scale=3; $vm / $F_MEM" | bc)
	echo
	printf '  %-30s %8s %8s %9s %8s %9s %6s\n' "$shape, $N cameras, $DUR s" "CPU s" \
	    "%core/cam" "peak MB" "MB/cam" "footage MB" "segs"
	row "vigil record (1 process)" "$vc" "$vm" "$vb" "$vs"
	row "ffmpeg -c copy ($N processes)" "$F_CPU" "$F_MEM" "$F_BYTES" "$F_SEGS"
	printf '  %-30s %8s %18s\n' "vigil / ffmpeg" "${cr}x" "${mr}x"
	mem_allow=$(echo "$F_MEM * $MEM_TARGET" | bc)
	cpu_allow=$(echo "$F_CPU * $CPU_TARGET" | bc)
	decodes=$((N * DUR * 2 / TAMPER_S))
	dec_s=$(echo "scale=2; $decodes * $FL_MS / 1000" | bc)
	mb() { echo "scale=1; $1 / 1024" | bc; }
	echo "  floors: the libraries alone $(mb "$LIBS_KB") MB; with one keyframe decoded" \
	    "$(mb "$FL_KB") MB (allowance $(mb "$mem_allow") MB);" \
	    "$decodes tamper decodes x $FL_MS ms = $dec_s CPU s (allowance $cpu_allow s)"
	floor_note=""
	if [ "$(echo "$FL_KB > $mem_allow" | bc)" = 1 ]; then
		floor_note=" (memory floor above the allowance)"
		echo "  => no recorder on these libraries that decodes this stream's keyframes can meet the memory target"
	fi
	if [ "$(echo "$dec_s > $cpu_allow" | bc)" = 1 ]; then
		floor_note="$floor_note (decode floor above the CPU allowance)"
		echo "  => the tamper checks' decodes alone exceed the CPU allowance"
	fi
	ok=OK
	if [ "$(echo "$cr > $CPU_TARGET" | bc)" = 1 ]; then ok="CPU MISSED"; fi
	if [ "$(echo "$mr > $MEM_TARGET" | bc)" = 1 ]; then ok="${ok/OK/} memory MISSED"; fi
	[ "$ok" = OK ] || missed="$missed $shape"
	[ "$vb" -gt $((F_BYTES * 3 / 4)) ] ||
		fail "$shape: vigil recorded far less than ffmpeg ($vb vs $F_BYTES bytes): the simulator could not keep up (a busy machine?); the figures are not comparable"
	summary="$summary$(printf '%-8s CPU %6sx  memory %6sx  %s%s' "$shape" "$cr" "$mr" "$ok" "$floor_note")\n"
	if [ "$shape" = hdbf ]; then
		note "hdbf: the live view: one of the $N cameras watched at 320 px, then 1280 px"
		run_vigil hdbf-320 cam01 320
		w1=$V_CPU f1=$V_FRAMES m1=$V_MEM
		run_vigil hdbf-1280 cam01 1280
		w2=$V_CPU f2=$V_FRAMES m2=$V_MEM
		rate() { echo "scale=1; $1 / ($DUR - 7)" | bc; }
		echo
		printf '  %-36s %8s %9s %14s\n' "live view, $N cameras, $DUR s" "CPU s" "peak MB" \
		    "frames/s written"
		printf '  %-36s %8s %9d %14s\n' "nobody watching" "$vc" "$((vm / 1024))" "-"
		printf '  %-36s %8s %9d %14s\n' "cam01 watched at 320 px" "$w1" "$((m1 / 1024))" "$(rate "$f1")"
		printf '  %-36s %8s %9d %14s\n' "cam01 watched at 1280 px" "$w2" "$((m2 / 1024))" "$(rate "$f2")"
		printf '  one watched camera costs %s s (320 px) and %s s (1280 px) of CPU per %s s\n' \
		    "$(echo "$w1 - $vc" | bc)" "$(echo "$w2 - $vc" | bc)" "$DUR"
		[ "$f1" -ge $(((DUR - 7) * 2 * 3 / 4)) ] ||
			fail "the watched camera got $f1 frames in $((DUR - 7)) s (wanted 2 a second)"
		summary="$summary$(printf 'live     one camera watched: +%s s CPU at 320 px, +%s s at 1280 px per %s s' \
		    "$(echo "$w1 - $vc" | bc)" "$(echo "$w2 - $vc" | bc)" "$DUR")\n"
	fi
	sim_stop s
done
echo
echo "summary (targets: CPU <= ${CPU_TARGET}x, memory <= ${MEM_TARGET}x of $N ffmpeg processes):"
printf "$summary"
[ -z "$missed" ] || fail "targets missed for:$missed (figures above)"
echo "every shape met its targets"
