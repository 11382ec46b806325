# console_camera_alerts.sh — issue 19 item 9: camera alarms reach every screen.  A real
# recorder records a simulated RTSP camera and tries one nobody answers; when a camera goes
# offline, a line under the title of every screen says which, what, how long ago and the
# reason the recorder logged, to those who see camera status; a camera's history of events
# is one key (h) away from the camera list.  At 80x24 in English and 120x40 in Chinese.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
. "$SRC/tests/lib-ssh.sh"
. "$SRC/tests/lib-govconsole.sh"
# Both libraries clean up after themselves: the recorder and simulator, then ssh.
trap 'st=$?; set +e; rtsp_cleanup; (exit $st); cleanup_ssh' EXIT

export VIGIL_CLOCK_FILE="$T/clock"
set_clock "+0"
rec_site
sim_start a gate=h264
cam_add gate-1 "$(sim_url a gate)" --location "North entrance"
cam_add nobody "rtsp://127.0.0.1:$(free_port)/x"
key_user gu guard "Gu Test"
key_user wu guard "Wu Test" --locale zh_CN
key_user ann staff "Ann Test"
rec_start
serve_start
wait_segments gate-1 1
wait_event nobody offline 60

note "one camera offline: the alert on the home screen and on every other, with the reason"
console t gu
wait_line t "^⚠ nobody went offline (just now|[0-9]+ min ago) \\(no video for 3 s: cannot connect"
open_job t "My account"
wait_screen t "Your SSH keys"
wait_row t 2 "⚠ nobody went offline"
keys t Escape

note "the simulator stops: gate-1 goes offline too, the newest alarm first"
sim_stop a
wait_event gate-1 offline 60
wait_line t "^⚠ 2 camera alarms: gate-1 went offline (just now|[0-9]+ min ago) \\("
fits t 80 24 "q quit" "^⚠ "

note "five minutes on, the alert says how long ago"
set_clock "+300"
wait_line t "^⚠ 2 camera alarms: gate-1 went offline [5-7] min ago"

note "h on the camera list shows gate-1's history: online, then offline with why"
open_job t "Camera status"
wait_line t "gate-1 .*offline"
keys t h
wait_screen t "History of gate-1"
wait_line t "WHEN +EVENT +DETAIL"
wait_line t "went offline +[^ ]"
wait_line t "back online"
fits t 80 24 "q quit" "^⚠ |went offline"
keys t Enter
wait_line t "│ no video for 3 s: cannot connect to 127.0.0.1 port [0-9]+: Connection"
keys t Enter
keys t Escape Escape
wait_screen t "(gu)"
keys t q
wait_screen t "[exit 0]"

note "in Chinese at 120x40"
console z wu 120 40
wait_line z "^⚠ 2 个摄像机警报：gate-1 离线 [5-9] 分钟前 \\(no video for 3 s: cannot connect to 127\\.0\\.0\\.1 port [0-9]+: Connection refused\\) ·"
keys z 1
wait_line z "gate-1 .*离线"
keys z h
wait_screen z "gate-1 的事件记录"
wait_line z "时间 +事件 +详情"
wait_line z "恢复在线"
keys z q
wait_screen z "[exit 0]"

note "who does not see camera status gets no alert"
console s ann
sleep 2
if screen s | grep -q "⚠"; then fail "a staff member sees camera alarms"; fi
keys s q
wait_screen s "[exit 0]"
