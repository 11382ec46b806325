# console_form_discard.sh — issue 19 item 3: a filled form is never thrown away without a
# question: Up from the first field stays there (it used to wrap to Cancel), and Esc,
# Enter or Space on Cancel ask before discarding what was typed; an untouched form closes
# at once.  At 80x24 in English, 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
user tina teacher school_it
user li teacher school_it
"$VIGIL" admin user locale li zh_CN >/dev/null
teaches tina cls-1
teaches li cls-1

# discard NAME LOGIN COLS ROWS SAVE CHANGE PRESS LEAVE REASON
discard() {
	local name=$1 login=$2 cols=$3 rows=$4 save=$5 change=$6 press=$7 leave=$8 reason=$9
	console "$name" "$login" "$cols" "$rows"

	note "$name: Up and Shift-Tab at the first field stay there"
	keys "$name" 2
	wait_screen "$name" "[ $save ]"
	keys "$name" Up Up BTab
	sleep 1
	if status_row "$name" "$rows" | grep -qF "Enter $press"; then
		fail "Up from the first field reached a button: $(status_row "$name" "$rows")"
	fi
	wait_row "$name" "$rows" "←→ $change"

	note "$name: nothing typed: Esc closes without a question"
	keys "$name" Escape
	wait_screen "$name" "($login)"
	if screen "$name" | grep -qF "$leave"; then fail "an untouched form asked"; fi

	note "$name: something typed: Esc asks; n keeps it, y throws it away"
	keys "$name" 2
	wait_screen "$name" "[ $save ]"
	keys "$name" Tab Tab Tab Tab Tab Tab Tab
	wait_line "$name" "^ $reason\\*"
	type_text "$name" "lost bag"
	wait_line "$name" "^ $reason\\* +lost bag"
	keys "$name" Escape
	wait_screen "$name" "$leave"
	keys "$name" n
	wait_no_screen "$name" "$leave"
	wait_line "$name" "^ $reason\\* +lost bag"

	note "$name: Enter and Space on Cancel ask too"
	keys "$name" Tab Right
	wait_row "$name" "$rows" "Enter $press"
	keys "$name" Space
	wait_screen "$name" "$leave"
	keys "$name" n
	wait_no_screen "$name" "$leave"
	keys "$name" Enter
	wait_screen "$name" "$leave"
	keys "$name" y
	wait_screen "$name" "($login)"
	wait_no_screen "$name" "[ $save ]"
	keys "$name" q
	wait_screen "$name" "[exit 0]"
}

discard t tina 80 24 Save change press "Leave the form" Reason
discard z li 120 40 保存 更改 按下 "离开表单" 理由
[ "$(sql "SELECT COUNT(*) FROM requests")" = 0 ] || fail "a request was filed"
