# bad_input.sh — bad streams, credentials, servers, storage and configuration get a reason.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a good=h264 old=mpeg4
sim_start b --auth user:s3cret:digest cam=h264
sim_start c --auth user:s3cret cam=h264
# Something that answers, but not in RTSP.
junk=$(free_port)
/usr/bin/python3 - "$junk" "$T" >"$T/junk.log" 2>&1 <<'EOF' &
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b"HTTP/1.0 200 OK\r\nServer: not-a-camera\r\n\r\n<html>hello</html>")
    c.close()
EOF
SIM_PID[junk]=$!
wait_for 30 grep -q ready "$T/junk.log" || fail "junk server: $(cat "$T/junk.log")"
closed=$(free_port)
pa=${SIM_PORT[a]}
cam_add good "rtsp://127.0.0.1:$pa/good"
cam_add old "rtsp://127.0.0.1:$pa/old"
cam_add nomount "rtsp://127.0.0.1:$pa/missing"
cam_add digest "rtsp://user:s3cret@127.0.0.1:${SIM_PORT[b]}/cam"
cam_add basic "rtsp://user:s3cret@127.0.0.1:${SIM_PORT[c]}/cam"
cam_add wrongpw "rtsp://user:guess@127.0.0.1:${SIM_PORT[c]}/cam"
cam_add nocreds "rtsp://127.0.0.1:${SIM_PORT[b]}/cam"
cam_add junk "rtsp://127.0.0.1:$junk/x"
cam_add nobody "rtsp://127.0.0.1:$closed/x"
cam_add blocked "rtsp://127.0.0.1:$pa/good"
# Storage that cannot take this camera's footage: a file where its directory goes.
echo "in the way" >"$T/site/storage/blocked"
rec_start

note "Digest and Basic credentials in the URL work"
wait_segments digest 2
wait_segments basic 2
wait_segments good 2

note "each bad camera goes offline saying why, records nothing, and nothing else suffers"
check() {	# check CAMERA REASON
	wait_event "$1" offline 30
	event_detail "$1" offline | grep -qF -- "$2" ||
		fail "camera $1: offline says \"$(event_detail "$1" offline)\", wanted \"$2\""
	[ "$(segments "$1")" = 0 ] || fail "camera $1 recorded something"
}
check old "the camera offers no H.264 or H.265 video (it offers: video MP4V-ES)"
check nomount "the camera answered DESCRIBE with 404 Not Found"
check wrongpw "the camera refused the credentials (401 Unauthorized)"
check nocreds "the camera wants credentials in its URL (401 Unauthorized)"
check junk "the camera's answer is not RTSP"
check nobody "Connection refused"
grep -q "s3cret\|guess" "$T/rec.log" && fail "a camera password reached the log"

note "footage that cannot be written raises an alarm, once"
wait_event blocked record.error 30
blocked_tries() {
	[ "$(grep -c "camera blocked: cannot create directory" "$T/rec.log")" -ge 2 ]
}
wait_for 60 blocked_tries || fail "the recorder did not retry the blocked camera: $(cat "$T/rec.log")"
event_detail blocked record.error | grep -q "footage is not being recorded: cannot create directory" ||
	fail "$(event_detail blocked record.error)"
[ "$(events blocked record.error)" = 1 ] || fail "record.error raised $(events blocked record.error) times"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'camera.record.error'")" = 1 ] ||
	fail "record.error is not audited"
n=$(segments good)
wait_segments good $((n + 1))

note "a second recorder for the same site is refused"
expect_status 1 "$VIGIL" record --config "$VIGIL_CONFIG"
expect_err "another recorder is running for this site (pid $REC_PID"
rec_stop
expect_status 0 "$VIGIL" admin footage verify

note "bad configuration stops the recorder before it records anything"
db_snapshot "$T/before"
cp "$T/site/vigil.cfg" "$T/cfg.good"
sed -i 's/rtsp_client = "vigil";/rtsp_client = "gstreamer";/' "$T/site/vigil.cfg"
expect_status 2 "$VIGIL" record --config "$VIGIL_CONFIG"
expect_err '"gstreamer" is not an RTSP client (vigil, libavformat)'
expect_err "vigil.cfg"
cp "$T/cfg.good" "$T/site/vigil.cfg"
echo 'cameras = ( { id = "gate"; name = "Gate"; url = "http://x/y"; } );' >"$T/site/cameras.cfg"
expect_status 2 "$VIGIL" record --config "$VIGIL_CONFIG"
expect_err "cameras.cfg"
expect_err "is not an rtsp:// or rtsps:// URL"
expect_status 2 "$VIGIL" record --bogus
expect_err "usage: vigil record"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"
