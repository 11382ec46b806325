# record_timestamps.sh — B-frames, H.265 and sound play back exactly as the camera sent them.
# timeout: 300
#
# RTP carries presentation times only; a camera with B-frames sends pictures out
# of presentation order, and the recorder must work out decoding times without
# touching the presentation times.  Each recording is decoded and compared with
# the clip the simulated camera played (tests/tools/framematch.py): the same
# pictures and audio packets, in the same order, at the same distances, across
# segment boundaries and across a reconnect.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site	# 2 s segments
sim_start a bf=h264bf hevc=h265bf av=aacbf
# This camera's sound (interleaved channel 2) reaches the recorder 300 ms after
# the pictures of the same instant: only its RTCP sender reports say where the
# sound belongs.
proxy_start lag a --delay 2:300
cam_add bf "$(sim_url a bf)"
cam_add hevc "$(sim_url a hevc)"
cam_add av "$(proxy_url lag av)"
# libavformat's client (RTP over UDP) gets the same decoding times.
cam_add bfudp "$(sim_url a bf)" --transport udp

rec_start
for c in bf hevc av bfudp; do
	wait_segments "$c" 3
done
grep -q "camera bf: connected (h264, vigil client" "$T/rec.log" || fail "$(cat "$T/rec.log")"
grep -q "camera av: connected (h264 + aac, vigil client" "$T/rec.log" || fail "$(cat "$T/rec.log")"

note "the cameras drop and come back: every stream starts again from its first picture"
sim_stop a
for c in bf hevc av bfudp; do
	wait_event "$c" offline 30
done
declare -A before
for c in bf hevc av bfudp; do
	before[$c]=$(segments "$c")
done
sim_restart a
for c in bf hevc av bfudp; do
	wait_segments "$c" $((before[$c] + 3))
done
rec_stop

for c in bf hevc av bfudp; do
	case $c in
	bf|bfudp) clipname=h264bf ;;
	hevc) clipname=h265bf ;;
	av) clipname=aacbf ;;
	esac
	note "$c: the recording is the clip, picture for picture ($clipname)"
	sql "SELECT path, start_us, end_us FROM segments WHERE camera = '$c' ORDER BY seq" >"$T/$c.segs"
	/usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip "$clipname")" \
	    --storage "$T/site/storage" --connections 2 "$T/$c.segs" ||
		fail "camera $c: its recording differs from what the camera sent (above)"
done
expect_status 0 "$VIGIL" admin footage verify
