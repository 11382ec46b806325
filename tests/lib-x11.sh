# lib-x11.sh — a real terminal under Xvfb for the tests that check pictures on screen:
# x_start makes the X server (its pid in X_PID, DISPLAY set), x_shot FILE takes a
# screenshot as a binary PPM, and x_bars FILE TOLERANCE BOX... counts the colour bars'
# pixels in boxes of it (tests/tools/bars.py), one JSON object a box.
X_PID=""

# x_start WIDTH HEIGHT
x_start() {
	exec 3>"$T/display"
	Xvfb -displayfd 3 -screen 0 "${1}x${2}x24" -nolisten tcp >"$T/xvfb.log" 2>&1 &
	X_PID=$!
	exec 3>&-
	wait_for 30 test -s "$T/display" || fail "Xvfb did not start: $(cat "$T/xvfb.log")"
	export DISPLAY=":$(cat "$T/display")"
}

x_shot() {
	import -display "$DISPLAY" -window root -depth 8 "$1" 2>/dev/null
}

x_bars() {
	/usr/bin/python3 "$SRC/tests/tools/bars.py" "$@"
}

# x_cleanup : the EXIT trap of such a test: the programs it started on the display (their
# pids in X_APPS), the X server, and the simulators where lib-rtsp.sh is loaded.
X_APPS=""
x_cleanup() {
	local st=$? p
	for p in $X_APPS $X_PID; do
		kill "$p" 2>/dev/null || true
	done
	if declare -F rtsp_cleanup >/dev/null; then rtsp_cleanup; fi
	exit "$st"
}

# bars_site : what these tests look at (needs lib-rtsp.sh): yard, a public camera
# streaming SMPTE colour bars, and class-3a, an interior camera the wall never pictures;
# a guard who may watch; the recorder running, with a frame of yard already.
bars_site() {
	rec_site default
	sim_start cams yard=hpbars class=hp
	cam_add class-3a "$(sim_url cams class)" --privacy interior --zone classroom
	cam_add yard "$(sim_url cams yard)" --privacy public
	printf 'a long passphrase\n' | "$VIGIL" admin user add guard --name "Gate Guard" \
	    --role guard --password-stdin >/dev/null
	"$VIGIL" admin authorize guard --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
	rec_start
	wait_for 90 test -s "$T/site/run/frames/yard.ppm" || fail "no frame of yard"
}

# wall_left PID : the terminal showing the wall is closed; the wall's visit is audited
# (live.wall.close) naming yard alone.
wall_left() {
	kill "$1"
	wait_for 30 sh -c "[ \"\$(sqlite3 -cmd '.timeout 20000' '$DB' \"SELECT COUNT(*) FROM audit WHERE action = 'live.wall.close'\")\" = 1 ]" ||
	    fail "the wall's close was not audited"
	sql "SELECT detail FROM audit WHERE action = 'live.wall.close'" | grep -q "^cameras=yard; from=" ||
	    fail "the wall's visit does not name yard alone"
}
