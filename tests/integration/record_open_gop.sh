# record_open_gop.sh — an H.265 camera with open GOPs (CRA keyframes): segments that decode clean.
# timeout: 300
#
# An open GOP's keyframe is a CRA picture, and the leading (RASL) pictures
# that follow it in decoding order refer to pictures of the GOP before it.  A
# segment decoded alone from such a keyframe cannot decode those: decoders
# drop them (H.265 8.1.3, NoRaslOutputFlag), at most the clip's 4 B-frames'
# worth where each segment starts (the console's player decodes on from one
# segment into the next and shows them: test_playback).  Every
# segment must decode with no error, every other picture must be there once,
# in order and at the clip's times, and the latest frame (its keyframe decoded
# as an IDR, recorder/cra.h) must be written.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site	# 2 s segments
sim_start a og=h265og
cam_add og "$(sim_url a og)"
rec_start
wait_segments og 5
wait_for 30 test -s "$T/site/run/frames/og.ppm" || fail "no latest frame for og: $(tail -n 20 "$T/rec.log")"
rec_stop
sql "SELECT path, start_us, end_us FROM segments WHERE camera = 'og' ORDER BY seq" >"$T/og.segs"
/usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip h265og)" --leading 4 \
    --storage "$T/site/storage" --connections 1 "$T/og.segs" ||
	fail "the open-GOP camera's recording differs from what it sent (above)"
# The same check without the allowance fails: the leading pictures are really
# missing at the cuts (if they were not, the allowance should go).
if /usr/bin/python3 "$SRC/tests/tools/framematch.py" --clip "$(clip h265og)" \
    --storage "$T/site/storage" --connections 1 "$T/og.segs" >"$T/strict.out"; then
	fail "no leading pictures are missing any more: drop --leading from this test"
fi
expect_status 0 "$VIGIL" admin footage verify
