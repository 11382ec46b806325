# console_kitty.sh — the live wall in a real kitty (0.26, Debian's) under Xvfb: the console
# asks the terminal, finds the kitty graphics protocol and draws the camera's pictures as
# kitty images.  A camera streams SMPTE colour bars; a screenshot shows the bars inside its
# tile in true colour (the 191 levels of the coloured bars, which no colour of the
# 256-colour palette the block mode draws with comes within 12 of), and none inside the
# tile of an interior camera beside it.  With the person's graphics set to blocks, the
# same screenshot shows the bars in the palette's colours only: the check tells them apart.
# timeout: 400
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
. "$SRC/tests/lib-x11.sh"

trap x_cleanup EXIT
command -v kitty >/dev/null || fail "kitty is missing (packaging/install-deps.sh installs it)"

bars_site

# kitty_wall LOG : kitty running the console on the wall.  No window manager: the window
# is the screen, 800x600; kitty's cells at font size 10 are 8x17 pixels, so 100 columns
# and 35 rows (kitty tells the console so: CSI 16 t).
kitty_wall() {
	LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o font_size=10 -o remember_window_size=no \
	    -o initial_window_width=800 -o initial_window_height=600 -o window_padding_width=0 \
	    -o enable_audio_bell=no "$VIGIL" console --config "$VIGIL_CONFIG" --user guard --wall \
	    >"$1" 2>&1 &
	KT_PID=$!
	X_APPS="$X_APPS $KT_PID"
}
# check wait|final|blocks : the bars in the two tiles' halves of the window (the wall puts
# 2 tiles side by side, pictures from row 4): the yard's within 12 and within 40, the
# interior camera's within 40.
check() {
	x_shot "$T/shot.ppm" || return 1
	x_bars "$T/shot.ppm" 12 408 68 792 560 >"$T/strict.json"
	x_bars "$T/shot.ppm" 40 408 68 792 560 8 68 392 560 >"$T/loose.json"
	/usr/bin/python3 - "$T/strict.json" "$T/loose.json" "$1" <<'PY'
import json, sys
yard = json.loads(open(sys.argv[1]).read())
loose, inner = [json.loads(l) for l in open(sys.argv[2])]
print("yard tile (within 12)", yard, "(within 40)", loose, "interior tile (within 40)", inner)
coloured = [k for k in yard if k != "grey"]	# the palette's grey ramp has 188 and 198
if sys.argv[3] == "final":
    assert all(v >= 200 for v in yard.values()), yard
    assert all(inner[k] < 50 for k in ("yellow", "green", "magenta", "red", "blue")), inner
elif sys.argv[3] == "blocks":
    # a picture of the bars is there, but only in the palette's colours
    assert all(v >= 200 for v in loose.values()), loose
    assert all(yard[k] < 50 for k in coloured), yard
else:
    sys.exit(0 if all(v >= 200 for v in yard.values()) else 1)
PY
}
pictured() {
	check "$1" >"$T/check.log" 2>&1
}

note "kitty under Xvfb (software OpenGL), the console on the live wall"
x_start 800 600
kitty_wall "$T/kitty.log"
wait_for 30 pictured wait ||
	fail "the yard's colour bars never showed in true colour: $(cat "$T/check.log") $(cat "$T/kitty.log")"
check final || fail "the screenshot is not what the wall should show"

note "leaving the wall: audited with the camera shown"
wall_left "$KT_PID"

note "the same wall with the person's graphics set to blocks: bars, but not in true colour"
# What "g" on My account stores.
sqlite3 -cmd '.timeout 20000' "$DB" "UPDATE users SET graphics = 'blocks' WHERE login = 'guard'"
kitty_wall "$T/kitty2.log"
wait_for 20 pictured blocks || fail "blocks mode: $(cat "$T/check.log")"
cat "$T/check.log"
