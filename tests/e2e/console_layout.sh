# console_layout.sh — the console lays itself out again when the window is resized, refuses
# to draw below 80x24, shows a zh_CN user Chinese text in aligned columns, falls back to
# monochrome on a terminal without colour, and offers ? help and / filtering.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user alice guard "Alice Wong"
key_user li guard "李小龙" --locale zh_CN
"$VIGIL" admin camera add gate-1 --url rtsp://10.0.0.5/s --name "Main gate" \
	--location "North entrance" >/dev/null
"$VIGIL" admin camera add class-3a --url rtsp://10.0.0.6/s --name "三年级A班教室" \
	--privacy interior --location "教学楼B" >/dev/null
"$VIGIL" admin camera add yard --url rtsp://10.0.0.7/s --name "Yard" --location "Playground" \
	>/dev/null
sqlw "INSERT INTO camera_state (camera, status, covered, moved, updated_us) VALUES
      ('gate-1', 'online', 0, 0, 1), ('class-3a', 'offline', 0, 0, 1), ('yard', 'online', 1, 0, 1)"
serve_start

note "at 80x24 the camera list shows what fits and leaves out the location"
tmux_ssh a 80 24 alice
wait_screen a "Alice Wong (alice)"
keys a 1
wait_screen a "LAST RECORDING"
if screen a | grep -q "LOCATION"; then fail "LOCATION shown at 80 columns"; fi
wait_line a "^ yard .*covered"
[ "$(screen a | wc -L)" -le 80 ] || fail "a line is wider than 80 columns"

note "resizing to 120x40 lays the screen out again, with more columns and rows"
tm resize-window -t a -x 120 -y 40
wait_screen a "LOCATION"
wait_screen a "North entrance"
wait_row a 40 "q quit"

note "below 80x24 the console says how large it needs to be"
tm resize-window -t a -x 70 -y 20
wait_screen a "needs at least 80×24"
tm resize-window -t a -x 80 -y 24
wait_screen a "LAST RECORDING"
wait_no_screen a "LOCATION"

note "/ filters the list; Esc clears the filter"
keys a /
type_text a "gate"
wait_screen a "/gate"
# (the alert line under the title names class-3a, offline, whatever the filter)
i=0
while screen a | grep -q "^ class-3a "; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || fail "the filter kept class-3a"
	sleep 0.2
done
wait_line a "^ gate-1 "
keys a Enter Escape
wait_line a "^ class-3a "

note "? shows the help of the screen"
keys a '?'
wait_screen a "Help"
wait_screen a "covered (the lens is blocked)"
keys a Enter
wait_no_screen a "covered (the lens is blocked)"

colour_re=$'\e\\[[0-9;]*[34][0-7]m|\e\\[[0-9;]*[34]8;5;'
note "colour where the terminal has it"
tm capture-pane -e -p -t a >"$T/colour"
grep -Eq "$colour_re" "$T/colour" || fail "no colour on a colour terminal"
keys a q
wait_screen a "[exit 0]"

note "monochrome on vt100: no colour, reverse video instead"
tmux_run m 80 24 "TERM=vt100 ssh $(printf '%q ' "${SSH_OPTS[@]}") -p $SSH_PORT -t -i $T/alice \
alice@127.0.0.1; sleep 600"
wait_screen m "Alice Wong (alice)"
tm capture-pane -e -p -t m >"$T/mono"
if grep -Eq "$colour_re" "$T/mono"; then fail "colour codes on a monochrome terminal"; fi
grep -Eq $'\e\\[([0-9;]*;)?7m' "$T/mono" || fail "no reverse video for the title and status"
keys m q

note "a zh_CN user sees Chinese, and the columns line up"
tmux_ssh z 80 24 li
wait_screen z "李小龙 (li)"
wait_screen z "摄像机状态"
wait_screen z "角色："
keys z 1
wait_screen z "最近录像"
header=$(screen z | grep "最近录像")
row=$(screen z | grep "^ class-3a")
[ "$(column_of "状态" "$header")" = "$(column_of "离线" "$row")" ] ||
	fail "state column misaligned: $header / $row"
[ "$(column_of "最近录像" "$header")" = "$(column_of "从未" "$row")" ] ||
	fail "last recording column misaligned: $header / $row"
row2=$(screen z | grep "^ gate-1")
[ "$(column_of "在线" "$row2")" = "$(column_of "离线" "$row")" ] ||
	fail "rows misaligned: $row / $row2"
wait_row z 24 "退出"
[ "$(screen z | wc -L)" -le 80 ] || fail "a Chinese line is wider than 80 columns"
keys z q
wait_screen z "[exit 0]"

note "LANG from the client is the fallback for users without a language"
tmux_run l 80 24 "LANG=zh_CN.UTF-8 ssh $(printf '%q ' "${SSH_OPTS[@]}") -o SendEnv=LANG \
-p $SSH_PORT -t -i $T/alice alice@127.0.0.1; sleep 600"
wait_screen l "姓名："
keys l q
