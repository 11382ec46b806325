# record_open_gop.sh — an H.265 camera with open GOPs (CRA keyframes) is recorded picture for picture.
# timeout: 300
#
# An open GOP's keyframe is a CRA picture, and the leading (RASL) pictures
# that follow it in decoding order refer to pictures of the GOP before it.  A
# segment that starts at such a keyframe cannot decode them, so the recorder
# cuts there only with the leading pictures on both sides, and every segment
# must decode with no error and hold every picture the camera sent, once.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site	# 2 s segments
sim_start a og=h265og
cam_add og "$(sim_url a og)"
rec_start
wait_segments og 5
rec_stop
sql "SELECT path, start_us, end_us FROM segments WHERE camera = 'og' ORDER BY seq" >"$T/og.segs"
/usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip h265og)" \
    --storage "$T/site/storage" --connections 1 "$T/og.segs" ||
	fail "the open-GOP camera's recording differs from what it sent (above)"
expect_status 0 "$VIGIL" admin footage verify
