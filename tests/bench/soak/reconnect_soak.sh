# reconnect_soak.sh — months of camera trouble in an hour: RSS and descriptors stay flat.
# timeout: 10800
#
# Two cameras behind tests/tools/rtsp-proxy.py: "drop" loses its connection
# SOAK_DROP_S (2) seconds after each connect and is reconnected by the recorder,
# SOAK_CYCLES (1000) times (about a second of back-off each); "jump" stays
# connected while its RTP clock jumps 30 s back every 2 s, for as long.  Both
# stream 1080p H.264 high profile with B-frames, "jump" with AAC sound.  The recorder's RSS, open descriptors and threads are sampled every
# SOAK_SAMPLE_S (10) seconds; after the warm-up (the first tenth of the cycles)
# RSS and descriptors must end within 10 % of where they were.  The footage
# must verify.  Not part of make check: make bench-soak.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

CYCLES=${SOAK_CYCLES:-1000}
DROP=${SOAK_DROP_S:-2}
SAMPLE=${SOAK_SAMPLE_S:-10}

rec_site
"$VIGIL" admin config set recorder.segment_seconds 10 >/dev/null
"$VIGIL" admin config set recorder.offline_after_s 10 >/dev/null
"$VIGIL" admin config set recorder.thumb_interval_s 60 >/dev/null
"$VIGIL" admin config set recorder.tamper_interval_s 30 >/dev/null
sim_start a drop=hdbf jump=hdaac
proxy_start drop a --drop-every "$DROP"
proxy_start jump a --ts-jump 0:-30:2 --ts-jump 2:-30:2
cam_add drop "$(proxy_url drop drop)"
cam_add jump "$(proxy_url jump jump)"
rec_start

connections() {	# how many times the drop camera connected
	grep -c "camera drop: connected" "$T/rec.log" || true
}
sample() {	# one line: seconds connections rss_kb fds threads
	echo "$(( $(date +%s) - t0 )) $(connections) $(awk '/^VmRSS/ {print $2}' /proc/$REC_PID/status) \
$(ls /proc/$REC_PID/fd | wc -l) $(ls /proc/$REC_PID/task | wc -l)"
}

soak_until() {	# soak_until N : samples until the drop camera connected N times
	while [ "$(connections)" -lt "$1" ]; do
		sleep "$SAMPLE"
		sample >>"$T/samples"
		kill -0 "$REC_PID" || fail "the recorder died: $(tail -n 20 "$T/rec.log")"
	done
}

t0=$(date +%s)
warm=$((CYCLES / 10))
note "warming up: $warm reconnections"
soak_until "$warm"
read -r _ _ rss0 fd0 th0 < <(sample)
note "after warm-up: RSS $((rss0 / 1024)) MB, $fd0 descriptors, $th0 threads; soaking to $CYCLES"
soak_until "$CYCLES"
read -r secs n rss1 fd1 th1 < <(sample)
echo
echo "  seconds  connections  RSS MB  descriptors  threads"
awk 'NR % 10 == 1 { printf "  %7d  %11d  %6.1f  %11d  %7d\n", $1, $2, $3 / 1024, $4, $5 }' "$T/samples"
printf '  %7d  %11d  %6.1f  %11d  %7d  (end)\n' "$secs" "$n" "$(echo "$rss1 / 1024" | bc -l)" "$fd1" "$th1"
jumps=$(grep -c "camera jump: the camera's clock jumped" "$T/rec.log" || true)
peak=$(awk 'BEGIN { m = 0 } $3 > m { m = $3 } END { print m }' "$T/samples")
echo "  drop: $n connections; jump: $jumps clock jumps taken out; peak RSS $((peak / 1024)) MB"
rec_stop
expect_status 0 "$VIGIL" admin footage verify
echo "  footage verify: $(tail -n 1 "$T/out")"
ok=1
if [ "$(echo "$rss1 > $rss0 * 1.1 || $rss1 < $rss0 * 0.9" | bc)" = 1 ]; then
	echo "RSS went from $rss0 KB to $rss1 KB: more than 10 %"; ok=0
fi
if [ "$(echo "$fd1 > $fd0 * 1.1 || $fd1 < $fd0 * 0.9" | bc)" = 1 ]; then
	echo "descriptors went from $fd0 to $fd1: more than 10 %"; ok=0
fi
[ "$ok" = 1 ] || fail "the recorder does not stay flat (above)"
echo "RSS and descriptors stayed within 10 % after the warm-up"
