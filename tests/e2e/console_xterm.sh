# console_xterm.sh — the live wall in a real sixel terminal: xterm as a VT340 under Xvfb
# (tmux 3.3 drops sixel, so this is where the pictures themselves are checked).  A
# camera streams SMPTE colour bars; a screenshot shows the bars' colours inside its
# tile, and none inside the tile of an interior camera beside it.
# timeout: 400
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
. "$SRC/tests/lib-x11.sh"

trap x_cleanup EXIT

bars_site

note "xterm -ti vt340 under Xvfb, the console on the live wall"
x_start 800 600
# The font "fixed" is 6x13 pixels; xterm tells the pty its size in pixels, which is
# what the console sizes its pictures by when the terminal does not answer CSI 16 t.
xterm -ti vt340 -fn fixed -geometry 100x30+0+0 -bw 0 -xrm 'XTerm*numColorRegisters: 256' \
    -xrm 'XTerm*internalBorder: 2' -e "$VIGIL" console --config "$VIGIL_CONFIG" --user guard \
    --wall >"$T/xterm.log" 2>&1 &
XT_PID=$!
X_APPS=$XT_PID

# check wait|final : the bars' pixels in the two tiles' picture areas, from the wall's
# grid for 2 tiles in 100x26 cells (2 columns of 49, pictures from row 4), cells of 6x13
# pixels after a 2-pixel border.
check() {
	x_shot "$T/shot.ppm" || return 1
	x_bars "$T/shot.ppm" 40 302 54 596 366 2 54 296 366 >"$T/bars.json"
	/usr/bin/python3 - "$T/bars.json" "$1" <<'EOF'
import json, sys
yard, inner = [json.loads(l) for l in open(sys.argv[1])]
print("yard tile", yard, "interior tile", inner)
if sys.argv[2] == "final":
    # Every bar shows where the yard's picture is...
    assert all(v >= 200 for v in yard.values()), yard
    # ...and the interior camera's tile holds words only (its cyan text is not a bar).
    assert all(inner[k] < 50 for k in ("yellow", "green", "magenta", "red", "blue")), inner
else:
    sys.exit(0 if all(v >= 200 for v in yard.values()) else 1)
EOF
}
pictured() {
	check wait >"$T/check.log" 2>&1
}
wait_for 90 pictured || fail "the yard's colour bars never showed: $(cat "$T/check.log") $(cat "$T/xterm.log")"
check final || fail "the screenshot is not what the wall should show"

note "leaving the wall: audited with the camera shown"
wall_left "$XT_PID"
