# console_form_stays_on_refused.sh — issue 19 item 2: Tab does not move on from a refused
# field, so later typing cannot land in other fields: the focus stays with the message
# beside it and the status line says Tab checks again; an explicit move (↓) leaves the
# field as it is, its message still beside it.  At 80x24 in English, 120x40 in Chinese.
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

# stays NAME LOGIN COLS ROWS FROM TO VIEWERS AGAIN LEAVE
stays() {
	local name=$1 login=$2 cols=$3 rows=$4 from=$5 to=$6 viewers=$7 again=$8 leave=$9
	teacher_form "$name" "$login" "$cols" "$rows" "$from"

	note "$name: Tab on a refused date stays there and says so"
	type_text "$name" "yesterday 14:00"
	keys "$name" Tab
	wait_line "$name" "^ $from\\* +yesterday 14:00 +.yesterday 14:00."
	wait_row "$name" "$rows" "Tab $again"
	wait_row "$name" "$rows" "↓ $leave"
	keys "$name" Tab
	wait_line "$name" "^ $from\\* +yesterday 14:00 +.yesterday 14:00."
	type_text "$name" "x"
	wait_line "$name" "^ $from\\* +x "
	wait_line "$name" "^ $to\\* +YYYY-MM-DD HH:MM"

	note "$name: fixed, Tab moves on; a refused end left with ↓ keeps its message"
	keys "$name" C-u
	type_text "$name" "2026-03-01 08:00"
	keys "$name" Tab
	type_text "$name" "noon"
	keys "$name" Tab
	wait_line "$name" "^ $to\\* +noon +.noon."
	keys "$name" Down C-u
	type_text "$name" "3"
	wait_line "$name" "^ $viewers\\* +3 "
	wait_line "$name" "^ $to\\* +noon +.noon."
	wait_line "$name" "^ $from\\* +2026-03-01 08:00 "
	keys "$name" Escape
	confirm "$name" "[ y:"
	wait_screen "$name" "($login)"
	keys "$name" q
	wait_screen "$name" "[exit 0]"
}

stays t tina 80 24 From To Viewers "check again" "leave it as it is"
stays z li 120 40 起始时间 结束时间 查看人数 重新检查 保持原样离开
[ "$(sql "SELECT COUNT(*) FROM requests")" = 0 ] || fail "a request was filed"
