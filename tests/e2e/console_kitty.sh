# console_kitty.sh — the live wall in a real kitty (0.26, Debian's) under Xvfb: the console
# asks the terminal, finds the kitty graphics protocol and draws the camera's pictures as
# kitty images.  A camera streams SMPTE colour bars; a screenshot shows the bars inside its
# tile in true colour (the 191 levels of the bars, which no colour of the 256-colour palette
# the block mode draws with comes within 12 of), and none inside the tile of an interior
# camera beside it.
# timeout: 400
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

X_PID="" KT_PID=""
kcleanup() {
	local st=$?
	[ -z "$KT_PID" ] || kill "$KT_PID" 2>/dev/null || true
	[ -z "$X_PID" ] || kill "$X_PID" 2>/dev/null || true
	rtsp_cleanup
	exit "$st"
}
trap kcleanup EXIT
command -v kitty >/dev/null || fail "kitty is missing (packaging/install-deps.sh installs it)"

rec_site default
sim_start cams yard=hpbars class=hp
cam_add class-3a "$(sim_url cams class)" --privacy interior --zone classroom
cam_add yard "$(sim_url cams yard)" --privacy public
printf 'a long passphrase\n' | "$VIGIL" admin user add guard --name "Gate Guard" \
    --role guard --password-stdin >/dev/null
"$VIGIL" admin authorize guard --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
rec_start
wait_for 90 test -s "$T/site/run/frames/yard.ppm" || fail "no frame of yard"

note "kitty under Xvfb (software OpenGL), the console on the live wall"
exec 3>"$T/display"
Xvfb -displayfd 3 -screen 0 800x600x24 -nolisten tcp >"$T/xvfb.log" 2>&1 &
X_PID=$!
exec 3>&-
wait_for 30 test -s "$T/display" || fail "Xvfb did not start: $(cat "$T/xvfb.log")"
export DISPLAY=":$(cat "$T/display")"
# No window manager: the window is the screen, 800x600; kitty's cells at font size 10 are
# 8x17 pixels, so 100 columns and 35 rows (kitty tells the console so: CSI 16 t).
LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o font_size=10 -o remember_window_size=no \
    -o initial_window_width=800 -o initial_window_height=600 -o window_padding_width=0 \
    -o enable_audio_bell=no "$VIGIL" console --config "$VIGIL_CONFIG" --user guard --wall \
    >"$T/kitty.log" 2>&1 &
KT_PID=$!

shot() {
	import -display "$DISPLAY" -window root -depth 8 "$T/shot.ppm" 2>/dev/null
}
# check wait|final : the bars' colours in the two tiles' halves of the window (the wall
# puts 2 tiles side by side, pictures from row 4).
check() {
	/usr/bin/python3 - "$T/shot.ppm" "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
assert parts[0] == b"P6" and parts[3] == b"255"
w, h, px = int(parts[1]), int(parts[2]), parts[4]
bars = {"grey": (191, 191, 191), "yellow": (191, 191, 0), "cyan": (0, 191, 191),
        "green": (0, 191, 0), "magenta": (191, 0, 191), "red": (191, 0, 0), "blue": (0, 0, 191)}
def count(x0, y0, x1, y1, tol):
    n = dict.fromkeys(bars, 0)
    for y in range(y0, y1):
        row = px[(y * w + x0) * 3:(y * w + x1) * 3]
        for i in range(0, len(row), 3):
            r, g, b = row[i], row[i + 1], row[i + 2]
            for name, (R, G, B) in bars.items():
                if abs(r - R) <= tol and abs(g - G) <= tol and abs(b - B) <= tol:
                    n[name] += 1
    return n
yard = count(408, 68, 792, 560, 12)
loose = count(408, 68, 792, 560, 40)
inner = count(8, 68, 392, 560, 40)
print("yard tile (within 12)", yard, "(within 40)", loose, "interior tile (within 40)", inner)
coloured = [k for k in bars if k != "grey"]	# the palette's grey ramp has 188 and 198
if sys.argv[2] == "final":
    assert all(v >= 200 for v in yard.values()), yard
    assert all(inner[k] < 50 for k in ("yellow", "green", "magenta", "red", "blue")), inner
elif sys.argv[2] == "blocks":
    # a picture of the bars is there, but only in the palette's colours
    assert all(v >= 200 for v in loose.values()), loose
    assert all(yard[k] < 50 for k in coloured), yard
else:
    sys.exit(0 if all(v >= 200 for v in yard.values()) else 1)
PY
}
pictured() {
	shot && check wait >"$T/check.log"
}
wait_for 30 pictured || fail "the yard's colour bars never showed in true colour: $(cat "$T/check.log") $(cat "$T/kitty.log")"
shot
check final || fail "the screenshot is not what the wall should show"

note "leaving the wall: audited with the camera shown"
kill "$KT_PID"
wait_for 30 sh -c "[ \"\$(sqlite3 -cmd '.timeout 20000' '$DB' \"SELECT COUNT(*) FROM audit WHERE action = 'live.wall.close'\")\" = 1 ]" ||
    fail "the wall's close was not audited"
sql "SELECT detail FROM audit WHERE action = 'live.wall.close'" | grep -q "^cameras=yard; from=" ||
    fail "the wall's visit does not name yard alone"

note "the same wall with the person's graphics set to blocks: bars, but not in true colour"
# What "g" on My account stores; the check above must tell the two apart.
sqlite3 -cmd '.timeout 20000' "$DB" "UPDATE users SET graphics = 'blocks' WHERE login = 'guard'"
LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o font_size=10 -o remember_window_size=no \
    -o initial_window_width=800 -o initial_window_height=600 -o window_padding_width=0 \
    -o enable_audio_bell=no "$VIGIL" console --config "$VIGIL_CONFIG" --user guard --wall \
    >"$T/kitty2.log" 2>&1 &
KT_PID=$!
blocks_drawn() {
	shot && check blocks >"$T/check.log" 2>&1
}
wait_for 20 blocks_drawn || fail "blocks mode: $(cat "$T/check.log")"
cat "$T/check.log"
