# record_16cams.sh — vigil record against one ffmpeg per camera, same cameras, same run.
# timeout: 900
#
# 16 simulated 1080p cameras at 4 Mbit/s (BENCH_CAMERAS, BENCH_SECONDS to change);
# first vigil records all of them for 60 s, then 16 processes of
#   ffmpeg -rtsp_transport tcp -i URL -c copy -f segment
# do the same for 60 s.  Both cut 10 s MP4 segments; vigil also hashes every
# byte, keeps the index and decodes a keyframe per camera every thumb_interval_s
# (the defaults: 5 s, 320 px) for the live wall and tamper checks.  CPU is
# user+system seconds from /usr/bin/time; memory is peak RSS (vigil: its one
# process; ffmpeg: the sum of each process's peak).  Targets: vigil at most
# 0.35x the CPU and 0.1x the memory of the ffmpeg processes together.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

N=${BENCH_CAMERAS:-16}
DUR=${BENCH_SECONDS:-60}

note "clip: 1920x1080, 25 fps, 4 Mbit/s H.264 (made once, kept in $CLIPS)"
hd=$(clip hd)
mounts=()
for i in $(seq -w 1 "$N"); do
	mounts+=("cam$i=hd")
done
sim_start s "${mounts[@]}"

new_site
"$VIGIL" admin config set recorder.segment_seconds 10 >/dev/null
for i in $(seq -w 1 "$N"); do
	cam_add "cam$i" "$(sim_url s "cam$i")"
done

# time_of PID : waits for a /usr/bin/time child to appear and prints its pid.
child_of() {
	local p
	for _ in $(seq 1 100); do
		p=$(pgrep -P "$1" | head -n 1)
		if [ -n "$p" ]; then echo "$p"; return; fi
		sleep 0.1
	done
	fail "no child of $1"
}

note "vigil record: $N cameras for $DUR s"
/usr/bin/time -f "%U %S %M" -o "$T/vigil.time" "$VIGIL" record --config "$VIGIL_CONFIG" \
    >"$T/rec.log" 2>&1 &
tpid=$!
vpid=$(child_of "$tpid")
sleep "$DUR"
kill -TERM "$vpid"
wait "$tpid" || fail "vigil record failed: $(tail -n 20 "$T/rec.log")"
vsegs=$(sql "SELECT COUNT(*) FROM segments")
vbytes=$(sql "SELECT COALESCE(SUM(bytes),0) FROM segments")
"$VIGIL" admin footage verify >/dev/null || fail "footage verify failed after the bench"

note "ffmpeg -c copy -f segment: $N processes for $DUR s"
mkdir -p "$T/ff"
tpids=()
for i in $(seq -w 1 "$N"); do
	/usr/bin/time -f "%U %S %M" -o "$T/ff$i.time" ffmpeg -nostdin -hide_banner -loglevel error \
	    -rtsp_transport tcp -i "$(sim_url s "cam$i")" -c copy -f segment -segment_time 10 \
	    -segment_format mp4 -reset_timestamps 1 "$T/ff/cam$i-%05d.mp4" 2>"$T/ff$i.log" &
	tpids+=($!)
done
fpids=()
for p in "${tpids[@]}"; do
	fpids+=("$(child_of "$p")")
done
sleep "$DUR"
kill -INT "${fpids[@]}"
for p in "${tpids[@]}"; do
	wait "$p" || true
done
fbytes=$(cat "$T"/ff/*.mp4 | wc -c)
fsegs=$(ls "$T"/ff/*.mp4 | wc -l)

read -r vu vs vm <"$T/vigil.time"
fu=0; fs=0; fm=0
for i in $(seq -w 1 "$N"); do
	read -r u s m < <(tail -n 1 "$T/ff$i.time")
	fu=$(echo "$fu + $u" | bc); fs=$(echo "$fs + $s" | bc); fm=$((fm + m))
done
vcpu=$(echo "$vu + $vs" | bc)
fcpu=$(echo "$fu + $fs" | bc)
cr=$(echo "scale=3; $vcpu / $fcpu" | bc)
mr=$(echo "scale=3; $vm / $fm" | bc)
echo
printf '%-34s %12s %12s %14s %10s\n' "$N cameras, $DUR s each" "CPU s" "peak RSS MB" "footage MB" segments
printf '%-34s %12s %12s %14s %10s\n' "vigil record (1 process)" "$vcpu" "$((vm / 1024))" \
    "$((vbytes >> 20))" "$vsegs"
printf '%-34s %12s %12s %14s %10s\n' "ffmpeg -c copy ($N processes)" "$fcpu" "$((fm / 1024))" \
    "$((fbytes >> 20))" "$fsegs"
printf '%-34s %12s %12s\n' "vigil / ffmpeg" "${cr}x" "${mr}x"
printf '%-34s %12s %12s\n' "target" "<= 0.35x" "<= 0.10x"
ok=1
if [ "$(echo "$cr > 0.35" | bc)" = 1 ]; then echo "CPU target MISSED"; ok=0; fi
if [ "$(echo "$mr > 0.10" | bc)" = 1 ]; then echo "memory target MISSED"; ok=0; fi
[ "$vbytes" -gt $((fbytes / 2)) ] || fail "vigil recorded far less than ffmpeg ($vbytes vs $fbytes bytes)"
[ "$ok" = 1 ] || fail "a target was missed (figures above)"
echo "both targets met"
