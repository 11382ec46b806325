# console_form_refused_value.sh — issue 19 item 1: after a refused value the cursor stays at
# the end of it and the refused text is selected, so what is typed next replaces it rather
# than landing in front of it ("2026-11-29 14:00yesterday 14:00").  Both kinds of refusal:
# the form's own check when Tab leaves the field, and core's when Save files the request.
# At 80x24 in English and at 120x40 in Chinese.
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

# refused NAME LOGIN COLS ROWS FROM TO REF : files a request through both refusals.
refused() {
	local name=$1 login=$2 cols=$3 rows=$4 from=$5 to=$6 ref=$7 line x
	teacher_form "$name" "$login" "$cols" "$rows" "$from"

	note "$name: a date the form refuses keeps the cursor at its end, selected"
	type_text "$name" "yesterday 14:00"
	keys "$name" Tab
	wait_line "$name" "^ $from\\* +yesterday 14:00 +.yesterday 14:00."
	line=$(screen "$name" | grep -E "^ $from\\*")
	x=$(column_of "yesterday 14:00" "$line")
	[ "$(tm display -p -t "$name" '#{cursor_x}')" = $((x + 15)) ] ||
		fail "the cursor is not at the end of the refused text: $(tm display -p -t "$name" '#{cursor_x}') / $line"
	type_text "$name" "2026-03-01 08:00"
	wait_line "$name" "^ $from\\* +2026-03-01 08:00 "
	if screen "$name" | grep -q "08:00yesterday\\|yesterday 14:002026"; then
		fail "typing went in front of the refused text"
	fi
	keys "$name" Tab
	wait_line "$name" "^ $from\\* +2026-03-01 08:00 +YYYY-MM-DD HH:MM"

	note "$name: core refuses the end before the start; the new end replaces the old"
	type_text "$name" "2026-03-01 07:00"
	keys "$name" Tab C-u
	type_text "$name" "2"
	keys "$name" Tab
	type_text "$name" "demonstration lesson"
	keys "$name" Tab Enter
	wait_line "$name" "^ $to\\* +2026-03-01 07:00 "
	wait_line "$name" "^ $to\\* +2026-03-01 07:00 +[^ ]"
	type_text "$name" "2026-03-01 09:40"
	wait_line "$name" "^ $to\\* +2026-03-01 09:40( |$)"
	keys "$name" Tab Tab Tab Enter
	confirm "$name" "2026-03-01 08:00 –"
	wait_screen "$name" "$ref"
	[ "$(sql "SELECT to_us - from_us FROM requests WHERE ref = '$ref'")" = 6000000000 ] ||
		fail "$ref was filed with other times: $(sql "SELECT from_us, to_us FROM requests")"
	keys "$name" q
	wait_screen "$name" "[exit 0]"
}

refused t tina 80 24 From To REQ-2026-0001
refused z li 120 40 起始时间 结束时间 REQ-2026-0002
