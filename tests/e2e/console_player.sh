# console_player.sh — a viewing's player over SSH (ssh -t HOST play ID): it plays real
# footage recorded from the RTSP simulator (H.264 high profile with B-frames), records
# what was played and nothing else, opens nothing outside the grant, and says why a
# stretch has no footage.  `viewing play` refuses a range with no recorded footage.
# timeout: 600
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
trap 'st=$?; rtsp_cleanup; (exit $st); cleanup_ssh' EXIT

# tmux_cmd NAME LOGIN COMMAND... : ssh -t LOGIN COMMAND in its own 100x30 tmux session.
tmux_cmd() {
	local name=$1 login=$2 cmd
	shift 2
	cmd="ssh $(printf '%q ' "${SSH_OPTS[@]}") -p $SSH_PORT -t -i $T/$login $login@127.0.0.1"
	cmd="$cmd $(printf '%q ' "$(gov_quote "$@")"); echo \"[exit \$?]\"; sleep 600"
	tmux_run "$name" 100 30 "$cmd"
}

utc() {	# utc MICROSECONDS : "YYYY-MM-DD HH:MM:SS" (the site's zone is UTC)
	date -u -d "@$(($1 / 1000000))" "+%Y-%m-%d %H:%M:%S"
}

rec_site default
sim_start cams gate=hp yard=hp
cam_add gate-1 "$(sim_url cams gate)" --privacy public --zone entrance --unit security
cam_add yard "$(sim_url cams yard)" --privacy public --unit security
cam_add lab "$(sim_url cams gate)" --privacy public --unit security
user ann staff general
user sh security_head security
user gu guard security

note "footage: a few seconds of two cameras, recorded from the simulator"
rec_start
wait_segments gate-1 5
wait_segments yard 5
rec_stop
FIRST=$(sql "SELECT MIN(start_us) FROM segments WHERE camera = 'gate-1'")
LAST=$(sql "SELECT MAX(end_us) FROM segments WHERE camera = 'gate-1'")
# The grant starts 40 s before the first footage: a stretch with nothing recorded.
FROM=$(utc $((FIRST - 40000000)))
TO=$(utc $((LAST + 1000000)))
FROM_US=$(( $(date -u -d "$FROM" +%s) * 1000000 ))
sleep 2		# the range must lie in the past when it is filed

serve_start
ok ann request new --kind view --camera gate-1,yard --from "$FROM" --to "$TO" \
    --purpose security_incident --reason "a bicycle taken at the gate"
R=$(ref)
note "approvers see how much of each camera's range has footage, and why the rest has none"
ok sh request show "$R"
expect_out "gate-1: "
expect_out "% recorded; no footage recorded"
note "an approver sees each camera's reference view: which view, not the incident"
console ap sh 100 30
keys ap 6
wait_screen ap "Approvals inbox"
wait_screen ap "$R"
keys ap Enter
wait_text ap "gate-1: "
keys ap c
wait_screen ap "Camera views"
wait_screen ap "Camera gate-1 (gate-1)"
wait_line ap "[▀▄▌▐▖▗▘▝▙▛▜▟█]"
keys ap q
note "the requester, who may not watch live, sees the location in words"
console rq ann 100 30
keys rq 3
wait_screen rq "$R"
keys rq Enter
keys rq c
wait_screen rq "Camera views"
wait_text rq "your roles cannot watch the live wall"
keys rq q
ok sh approve "$R"
ok gu viewing start "$R" --viewer "Ann Test:A-1" --declare-not-involved
V=$(head -n 1 "$T/out")

note "viewing play refuses a range with no recorded footage"
refuse 1 "camera \"gate-1\" recorded no footage from $FROM to $(utc $((FROM_US + 20000000)))" \
    gu viewing play "$V" --camera gate-1 --from "$FROM" --to "$(utc $((FROM_US + 20000000)))"

note "the player opens nothing outside the grant"
expect_status 2 ssh_key gu play "$V"
expect_err "play opens the console: it needs a terminal; connect with ssh -t"
tmux_cmd out1 gu play "$V" --camera lab
wait_text out1 "vigil default §1: the grant of $R covers cameras gate-1, yard from"
wait_text out1 "camera \"lab\" is outside it"
wait_screen out1 "[exit 1]"
tmux_cmd out2 gu play "$V" --at "$(utc $((FROM_US - 3600000000)))"
wait_text out2 "is outside it"
wait_screen out2 "[exit 1]"
tmux_cmd out3 sh play "$V"
wait_text out3 "viewing $V is run by another operator"
wait_screen out3 "[exit 1]"
tmux_cmd out4 ann play "$V"
wait_text out4 "your roles cannot run supervised viewings of footage"
wait_screen out4 "[exit 1]"

note "play, a few seconds, back: the played range is what was played"
tmux_cmd p gu play "$V"
wait_screen p "camera gate-1 (1 of 2)"
wait_screen p "paused"
# The picture: colour blocks (tmux answers DA1 without sixel).
wait_line p "[▀▄▌▐▖▗▘▝▙▛▜▟█]"
START=$(date +%s%6N)
keys p Space
wait_screen p "playing"
sleep 4		# what is played: the test checks the record against this window
keys p Space
wait_screen p "paused"
STOP=$(date +%s%6N)
keys p q
wait_screen p "Live wall"	# back on the home screen
ok gu viewings --json
/usr/bin/python3 - "$T/out" "$FIRST" "$((STOP - START))" <<'EOF' || fail "played ranges: $(cat "$T/out")"
import json, sys, datetime
d = json.load(open(sys.argv[1]))[0]
first, window = int(sys.argv[2]) // 1000000, int(sys.argv[3]) / 1e6
t = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
    tzinfo=datetime.timezone.utc).timestamp()
p = d["played"]
assert len(p) == 1 and p[0]["camera"] == "gate-1", p
# It starts where the footage starts (the player opens there, not in the gap)...
assert abs(t(p[0]["from"]) - first) <= 1, (p, first)
# ...and lasts about as long as it played: at least 2 s, never more than the window.
length = t(p[0]["to"]) - t(p[0]["from"])
assert 2 <= length <= window + 1, (length, window)
EOF

note "a stretch with no footage says so, with the reason"
tmux_cmd p2 gu play "$V"
wait_screen p2 "paused"
keys p2 g
wait_screen p2 "Go to"
type_text p2 "$(utc $((FROM_US + 5000000)) | cut -c12-)"
keys p2 Enter
wait_text p2 "no footage recorded"
wait_text p2 "the recorder logged no reason"
note "Tab shows the grant's next camera; a typed time outside the grant is refused"
keys p2 Tab
wait_screen p2 "camera yard (2 of 2)"
keys p2 g
type_text p2 "$(utc $((FROM_US - 7200000000)))"
keys p2 Enter
wait_text p2 "is outside it"
keys p2 q
wait_screen p2 "Live wall"	# back on the home screen
keys p2 q
wait_screen p2 "A viewing is still running"	# issue 19 item 7: quitting asks
keys p2 l
wait_screen p2 "[exit 0]"

note "ssh -t HOST wall opens the console on the live wall; it refuses as the console would"
tmux_cmd w gu wall
wait_screen w "Live wall"
wait_screen w "3 shown live"
keys w q
wait_screen w "A viewing is still running"	# gu's viewing is still open (issue 19 item 7)
keys w l
wait_screen w "[exit 0]"
tmux_cmd w2 ann wall
wait_text w2 "your roles cannot watch the live wall"
wait_screen w2 "[exit 1]"
expect_status 2 ssh_key gu wall
expect_err "wall opens the console: it needs a terminal; connect with ssh -t"

note "each visit of the player is in the audit log, with the cameras shown"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'viewing.player.open' AND object = 'viewing $V'")" -ge 2 ] ||
    fail "player visits not audited: $(sql "SELECT action, object, detail FROM audit WHERE action LIKE 'viewing.%'")"
sql "SELECT detail FROM audit WHERE action = 'viewing.player.close' AND object = 'viewing $V' ORDER BY id DESC LIMIT 1" |
    grep -q "cameras=gate-1,yard; from=" || fail "the last visit does not name both cameras"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'viewing.play' AND object = 'viewing $V'")" -ge 1 ] ||
    fail "the played range was not audited"
