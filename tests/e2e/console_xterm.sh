# console_xterm.sh — the live wall in a real sixel terminal: xterm as a VT340 under Xvfb
# (tmux 3.3 drops sixel, so this is where the pictures themselves are checked).  A
# camera streams SMPTE colour bars; a screenshot shows the bars' colours inside its
# tile, and none inside the tile of an interior camera beside it.
# timeout: 400
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

X_PID="" XT_PID=""
xcleanup() {
	local st=$?
	[ -z "$XT_PID" ] || kill "$XT_PID" 2>/dev/null || true
	[ -z "$X_PID" ] || kill "$X_PID" 2>/dev/null || true
	rtsp_cleanup
	exit "$st"
}
trap xcleanup EXIT

rec_site default
sim_start cams yard=hpbars class=hp
cam_add class-3a "$(sim_url cams class)" --privacy interior --zone classroom
cam_add yard "$(sim_url cams yard)" --privacy public
printf 'a long passphrase\n' | "$VIGIL" admin user add guard --name "Gate Guard" \
    --role guard --password-stdin >/dev/null
"$VIGIL" admin authorize guard --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
rec_start
wait_for 90 test -s "$T/site/run/frames/yard.ppm" || fail "no frame of yard"

note "xterm -ti vt340 under Xvfb, the console on the live wall"
exec 3>"$T/display"
Xvfb -displayfd 3 -screen 0 800x600x24 -nolisten tcp -fbdir "$T" >"$T/xvfb.log" 2>&1 &
X_PID=$!
exec 3>&-
wait_for 30 test -s "$T/display" || fail "Xvfb did not start: $(cat "$T/xvfb.log")"
export DISPLAY=":$(cat "$T/display")"
# The font "fixed" is 6x13 pixels; xterm tells the pty its size in pixels, which is
# what the console sizes its pictures by when the terminal does not answer CSI 16 t.
xterm -ti vt340 -fn fixed -geometry 100x30+0+0 -bw 0 -xrm 'XTerm*numColorRegisters: 256' \
    -xrm 'XTerm*internalBorder: 2' -e "$VIGIL" console --config "$VIGIL_CONFIG" --user guard \
    --wall >"$T/xterm.log" 2>&1 &
XT_PID=$!

# bars BOX... : how many pixels of each colour bar fall in the screenshot's box
# (x0 y0 x1 y1); the boxes are the two tiles' picture areas, from the wall's grid for
# 2 tiles in 100x26 cells (2 columns of 49, pictures from row 4), cells of 6x13
# pixels after a 2-pixel border.
shot() {
	import -display "$DISPLAY" -window root -depth 8 "$T/shot.ppm" 2>/dev/null
}
check() {
	/usr/bin/python3 - "$T/shot.ppm" "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
assert parts[0] == b"P6" and parts[3] == b"255"
w, h, px = int(parts[1]), int(parts[2]), parts[4]
bars = {"grey": (191, 191, 191), "yellow": (191, 191, 0), "cyan": (0, 191, 191),
        "green": (0, 191, 0), "magenta": (191, 0, 191), "red": (191, 0, 0), "blue": (0, 0, 191)}
def count(x0, y0, x1, y1):
    n = dict.fromkeys(bars, 0)
    for y in range(y0, y1):
        row = px[(y * w + x0) * 3:(y * w + x1) * 3]
        for i in range(0, len(row), 3):
            r, g, b = row[i], row[i + 1], row[i + 2]
            for name, (R, G, B) in bars.items():
                if abs(r - R) < 40 and abs(g - G) < 40 and abs(b - B) < 40:
                    n[name] += 1
    return n
cell = lambda c, r: (2 + c * 6, 2 + r * 13)
yard = count(*cell(50, 4), *cell(99, 28))
inner = count(*cell(0, 4), *cell(49, 28))
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
	shot && check wait >"$T/check.log"
}
wait_for 90 pictured || fail "the yard's colour bars never showed: $(cat "$T/check.log") $(cat "$T/xterm.log")"
shot
check final || fail "the screenshot is not what the wall should show"

note "leaving the wall: audited with the camera shown"
kill "$XT_PID"
wait_for 30 sh -c "[ \"\$(sqlite3 -cmd '.timeout 20000' '$DB' \"SELECT COUNT(*) FROM audit WHERE action = 'live.wall.close'\")\" = 1 ]" ||
    fail "the wall's close was not audited"
sql "SELECT detail FROM audit WHERE action = 'live.wall.close'" | grep -q "^cameras=yard; from=" ||
    fail "the wall's visit does not name yard alone"
