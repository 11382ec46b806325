# console_wall.sh — the live wall through a pseudo-terminal that answers DA1 as a sixel
# terminal would (ESC [ ? 62 ; 4 ; 22 c): sixel images of the expected size for the
# public cameras, none for the interior one (HHKCS 2.2.5), refreshed as frames arrive,
# the recorder asked for pictures only while they are shown; without 4 in the reply,
# colour blocks and no DCS at all.  Visits of the wall and of one camera large are in
# the audit log with the cameras shown.  Real frames from the RTSP simulator (H.264
# high profile with B-frames).
# timeout: 400
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"

PTY="$SRC/tests/tools/pty-term.py"

rec_site default
sim_start cams gate=hp yard=hpbars class=hp
cam_add gate-1 "$(sim_url cams gate)" --privacy public
cam_add yard "$(sim_url cams yard)" --privacy public
cam_add class-3a "$(sim_url cams class)" --privacy interior --zone classroom
printf 'a long passphrase\n' | "$VIGIL" admin user add guard --name "Gate Guard" \
    --role guard --password-stdin >/dev/null
"$VIGIL" admin authorize guard --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
printf 'a long passphrase\n' | "$VIGIL" admin user add ann --name "Ann Staff" \
    --role staff --password-stdin >/dev/null
rec_start
wait_for 90 test -s "$T/site/run/frames/gate-1.ppm" || fail "no frame of gate-1"
wait_for 90 test -s "$T/site/run/frames/yard.ppm" || fail "no frame of yard"
[ ! -e "$T/site/run/frames/class-3a.ppm" ] || fail "the recorder wrote a frame of an interior camera"

note "a sixel terminal: an image per public camera, of the size its tile gives it"
cat >"$T/sixel.script" <<EOF
wait Live wall
count \\eP[0-9;]*q 2 60
# The recorder is asked for pictures of the cameras shown, at their tiles' width.
until 30 test "\$(cat $T/site/run/demand/gate-1.* 2>/dev/null)" = 490
until 30 test "\$(cat $T/site/run/demand/yard.* 2>/dev/null)" = 490
until 5 ! ls $T/site/run/demand/class-3a.* 2>/dev/null
save $T/first.out
mark
# Frames arrive every second: the tiles are drawn again as they do.
count \\eP[0-9;]*q 4 60
save $T/refresh.out
mark
# A dialog on top: the pictures are cleared (curses cannot erase sixel pixels) and
# stay away while it is up, then come back.
send ?
wait Help
sleep 3
save $T/covered.out
mark
send \\r
count \\eP[0-9;]*q 2 30
mark
send l
sleep 1
send \\r
wait Live camera
mark
# One camera large: a bigger picture (the wall's are 290 pixels wide).
wait \\eP[0-9;]*q"1;1;([5-9][0-9][0-9]|[0-9]{4});
save $T/large.out
mark
send \\e
# Back on the wall: its pictures again, at their size.
wait \\eP[0-9;]*q"1;1;290;216
send q
exit 30
EOF
/usr/bin/python3 "$PTY" --cols 100 --rows 30 --da1 '?62;4;22c' --log "$T/sixel.log" \
    --script "$T/sixel.script" -- "$VIGIL" console --user guard --wall >"$T/out" ||
    fail "the sixel session failed: $(cat "$T/out")"
expect_out "exit 0"

# Where each picture must be: the wall's grid for 3 tiles in 100x26 cells (2 columns
# of 49, 13 rows each; two rows of words above each picture), a 320x240 frame fitted
# in 49x11 cells of 10x20 pixels (the default when the terminal does not say), centred.
/usr/bin/python3 - "$T/first.out" "$T/refresh.out" <<'EOF' || fail "the sixel images are wrong"
import re, sys
first, refresh = (open(f, "rb").read() for f in sys.argv[1:3])
img = re.compile(rb"\x1b\[(\d+);(\d+)H\x1bP[0-9;]*q\"1;1;(\d+);(\d+)")
def fit(w, h, rows, cols, cw=10, ch=20):
    s = min(cols * cw / w, rows * ch / h)
    fc, fr = min(cols, max(1, int(w * s / cw + 0.5))), min(rows, max(1, int(h * s / ch + 0.5)))
    return fr, fc
fr, fc = fit(320, 240, 11, 49)
want = {}
for k, cam in ((1, "gate-1"), (2, "yard")):	# tile 0 is class-3a, the interior camera
    ty, tx = 2 + (k // 2) * 13, (k % 2) * 50
    want[(ty + 2 + (11 - fr) // 2 + 1, tx + (49 - fc) // 2 + 1)] = (fc * 10, fr * 20 // 6 * 6)
got = {(int(m[1]), int(m[2])): (int(m[3]), int(m[4])) for m in img.finditer(first)}
print("expected", want, "got", got)
assert got == want, (got, want)
# Nothing sixel is drawn where the interior camera's tile is (rows 2-14, columns 1-49).
for m in re.finditer(rb"\x1b\[(\d+);(\d+)H\x1bP", first + refresh):
    assert not (2 <= int(m[1]) <= 14 and int(m[2]) <= 49), m.group(0)
assert len(img.findall(refresh)) >= 4
EOF
# The tile says why it is empty, citing the rule (its text wraps, so in pieces).
grep -aq 'vigil default §6: camera "class-3a" covers an' "$T/sixel.log" ||
    fail "the interior camera's tile does not say why it is empty"
grep -aq "interior (a classroom or office): it never" "$T/sixel.log" ||
    fail "the interior camera's tile does not say why it is empty"
/usr/bin/python3 - "$T/covered.out" <<'EOF' || fail "the pictures were not cleared under the dialog"
import re, sys
d = open(sys.argv[1], "rb").read()
assert b"\x1b[H\x1b[2J" in d, "no clear before the dialog"
assert not re.search(rb"\x1bP[0-9;]*q", d.split(b"\x1b[H\x1b[2J")[-1]), "a picture under the dialog"
EOF
/usr/bin/python3 - "$T/large.out" <<'EOF' || fail "the large view's image is wrong"
import re, sys
d = open(sys.argv[1], "rb").read()
m = re.search(rb"\x1bP[0-9;]*q\"1;1;(\d+);(\d+)", d)
assert m and int(m[1]) > 490, m and m.groups()
EOF
note "the recorder is no longer asked once nothing is shown"
wait_for 10 sh -c "! ls $T/site/run/demand/* 2>/dev/null" || fail "demand files left: $(ls "$T/site/run/demand")"

note "the visits are in the audit log, with the cameras shown"
sql "SELECT detail FROM audit WHERE action = 'live.wall.open' AND actor = 'guard'" |
    grep -q "^cameras=gate-1,yard; from=" || fail "no live.wall.open naming gate-1 and yard"
sql "SELECT detail FROM audit WHERE action = 'live.wall.close' AND actor = 'guard'" |
    grep -Eq "^cameras=gate-1,yard; from=.*; to=" || fail "no live.wall.close"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'live.camera.open' AND object = 'camera gate-1'")" = 1 ] ||
    fail "the large view of gate-1 was not audited once"
sql "SELECT detail FROM audit WHERE action = 'live.camera.close' AND object = 'camera gate-1'" |
    grep -q "^cameras=gate-1; from=.*; to=" || fail "no live.camera.close for gate-1"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action LIKE 'live.%' AND detail LIKE '%class-3a%'")" = 0 ] ||
    fail "an interior camera was shown live"

note "a terminal without sixel: colour blocks drawn as cells, no DCS"
cat >"$T/blocks.script" <<EOF
wait Live wall
count \xe2\x96[\x80-\x9f] 200 60
sleep 3
send q
exit 30
EOF
# (the pattern counts UTF-8 block characters, U+2580..U+259F: E2 96 80..9F)
/usr/bin/python3 "$PTY" --cols 100 --rows 30 --da1 '?62;22c' --log "$T/blocks.log" \
    --script "$T/blocks.script" -- "$VIGIL" console --user guard --wall >"$T/out" ||
    fail "the blocks session failed: $(cat "$T/out")"
expect_out "exit 0"
if grep -aqP '\x1bP' "$T/blocks.log"; then fail "a DCS was sent to a terminal without sixel"; fi
# In colour: the cells' pairs take the canvas's palette indexes (256-colour SGRs by the
# hundred; without them the picture is grey on black).
n=$(grep -aoP '\x1b\[[0-9;]*[34]8;5;[0-9]+' "$T/blocks.log" | grep -oP '[34]8;5;[0-9]+' | sort -u | wc -l)
[ "$n" -ge 20 ] || fail "the blocks are drawn in $n colours of the palette, not in the picture's"

note "the wall needs live.view: refused before the console starts, exit 1"
printf 'wait your roles cannot watch the live wall\nexit 30\n' >"$T/refuse.script"
/usr/bin/python3 "$PTY" --script "$T/refuse.script" -- "$VIGIL" console --user ann --wall \
    >"$T/out" || fail "the refusal was not shown: $(cat "$T/out")"
expect_out "exit 1"
