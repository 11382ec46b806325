# record_clock_jumps.sh — a camera whose RTP clock jumps keeps continuous, playable footage.
# timeout: 240
#
# Some cameras restart their RTP clock (a new encoder session, a clock re-sync);
# rtsp-proxy.py makes the simulator's timestamps jump 30 s back every 3.3 s on
# both streams.  The recorder takes the jumps out: the footage continues where it
# was, picture for picture and with the sound where it belongs, and no segment
# holds time running backwards.  A stream with B-frames cannot be continued in
# the middle of a GOP (which picture comes next is in the slice headers): it
# resumes at the next keyframe, a gap but never a wrong order.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site	# 2 s segments
sim_start a av=aacip bf=h264bf
proxy_start jumpy a --ts-jump 0:-30:3.3 --ts-jump 2:-30:3.3
cam_add av "$(proxy_url jumpy av)"
cam_add bf "$(proxy_url jumpy bf)"
rec_start
wait_segments av 6
wait_segments bf 6
rec_stop
grep -q "camera av: the camera's clock jumped" "$T/rec.log" ||
	fail "no clock jump was seen: $(cat "$T/rec.log")"
note "av: the footage holds every picture and sound once, in order, at the clip's pace"
sql "SELECT path, start_us, end_us FROM segments WHERE camera = 'av' ORDER BY seq" >"$T/av.segs"
# (GStreamer plays this clip's sound 2-3 ms off against its pictures; what is
# checked is that the jumps do not move it.)
/usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip aacip)" --sync-kept \
    --storage "$T/site/storage" --connections 1 "$T/av.segs" ||
	fail "camera av: the jumps show in its footage (above)"
note "bf (B-frames): pictures in order, decodable, resuming at a keyframe after each jump"
sql "SELECT path, start_us, end_us FROM segments WHERE camera = 'bf' ORDER BY seq" >"$T/bf.segs"
/usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip h264bf)" --gaps \
    --storage "$T/site/storage" --connections 1 "$T/bf.segs" ||
	fail "camera bf: the jumps show in its footage (above)"
expect_status 0 "$VIGIL" admin footage verify
