# scale_cameras.sh — how many 1080p 4 Mbit/s cameras one machine records, and what 300 would need.
# timeout: 3600
#
# For each count in SCALE_CAMERAS ("64 128"), that many cameras of the hdbf clip
# (1080p H.264 high profile with B-frames, 4 Mbit/s) are recorded for
# SCALE_SECONDS (60) with the defaults (10 s segments here).  One GStreamer
# pipeline per camera would be the limit long before the recorder (each costs
# the simulator more than the recorder), so the simulator serves them all from
# one shared pipeline (rtsp-sim.py --shared): every camera is its own RTSP
# session and TCP connection with its own copy of the stream.
# Checked: no RTP packet lost (the recorder logs any gap in sequence numbers),
# every camera's segments follow each other without a gap, footage verify
# clean.  Printed: the recorder's CPU (after a 15 s warm-up) per camera, its
# peak RSS, and the projection to 300 cameras on this machine's 2 cores.
# Not part of make check: make bench-scale.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

COUNTS=${SCALE_CAMERAS:-64 128}
DUR=${SCALE_SECONDS:-60}
WARM=15
CORES=$(nproc)

ticks() {	# user+system CPU ticks of a process
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

note "clip: hdbf (made once)"
clip hdbf >/dev/null
sim_start s --shared cam=hdbf
results=""
for n in $COUNTS; do
	note "$n cameras for $DUR s"
	rm -rf "$T/site"
	new_site
	"$VIGIL" admin config set recorder.segment_seconds 10 >/dev/null
	entries=""
	for i in $(seq 1 "$n"); do
		entries="$entries{ id = \"cam$i\"; name = \"Camera $i\"; url = \"$(sim_url s cam)\"; },"
	done
	echo "cameras = ( ${entries%,} );" >"$T/site/cameras.cfg"
	: >"$T/rec.log"
	rec_start
	sleep "$WARM"
	c0=$(ticks "$REC_PID")
	t0=$(date +%s.%N)
	sleep "$DUR"
	c1=$(ticks "$REC_PID")
	t1=$(date +%s.%N)
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$REC_PID/status")
	rec_stop
	hz=$(getconf CLK_TCK)
	cpu=$(echo "($c1 - $c0) / $hz" | bc -l)
	wall=$(echo "$t1 - $t0" | bc -l)
	per=$(echo "100 * $cpu / $wall / $n" | bc -l)
	lost=$( (grep -o "[0-9]* RTP packets were lost" "$T/rec.log" || true) |
	    awk '{ s += $1 } END { print s + 0 }')
	connected=$(grep -c "connected (h264" "$T/rec.log" || true)
	segs=$(sql "SELECT COUNT(*) FROM segments")
	gaps=$(sql "SELECT COUNT(*) FROM segments a JOIN segments b ON b.camera = a.camera AND
	    b.seq = a.seq + 1 WHERE b.start_us != a.end_us")
	silent=$(sql "SELECT COUNT(*) FROM cameras c WHERE NOT EXISTS (SELECT 1 FROM segments s
	    WHERE s.camera = c.id)")
	"$VIGIL" admin footage verify >"$T/verify" || fail "$n cameras: footage verify: $(cat "$T/verify")"
	printf '  %4d cameras: %5.2f %% of a core each (%5.1f %% of one core in all), peak RSS %d MB (%.2f MB a camera)\n' \
	    "$n" "$per" "$(echo "$per * $n" | bc -l)" "$((hwm / 1024))" "$(echo "$hwm / 1024 / $n" | bc -l)"
	printf '               %d segments, %d gaps between them, %d cameras without footage, %d connections, %d RTP packets lost\n' \
	    "$segs" "$gaps" "$silent" "$connected" "$lost"
	[ "$lost" = 0 ] || fail "$n cameras: $lost RTP packets lost"
	[ "$gaps" = 0 ] || fail "$n cameras: $gaps gaps between segments"
	[ "$silent" = 0 ] || fail "$n cameras: $silent cameras recorded nothing"
	[ "$connected" = "$n" ] || fail "$n cameras: $connected connections (a camera reconnected)"
	results="$results$n $per\n"
done
best=$(printf "$results" | tail -n 1)
per=${best#* }
need=$(echo "$per * 300 / 100" | bc -l)
echo
printf '  projection: 300 such cameras would take %.2f cores of the %d here (%.0f %% of the machine), by the last count measured\n' \
    "$need" "$CORES" "$(echo "100 * $need / $CORES" | bc -l)"
