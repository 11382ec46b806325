# console_help_keys.sh — issue 19 item 10: the help page lists only the keys that work on
# that screen, each once (the form's used to list "Esc cancel" and "Esc back", and q,
# which a form types); while a filter is typed the status line does not offer q or ?,
# which type themselves, and the filter says how many of all the rows it lets through.
# At 80x24 in English and 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

camera gate-1 public entrance security
camera gate-2 public entrance security
camera yard public ""
user gu guard security
user wu guard security
"$VIGIL" admin user locale wu zh_CN >/dev/null

# help_once NAME KEY... : the help dialog on the screen lists each KEY on exactly one line.
help_once() {
	local name=$1 k n
	shift
	for k in "$@"; do
		n=$(screen "$name" | grep -cE "│ $(printf '%s' "$k" | sed 's/[][\.*^$()+?{}|]/\\&/g') +[^ ]" || true)
		[ "$n" = 1 ] || { screen "$name" >&2; fail "the help lists \"$k\" $n times"; }
	done
}

# not_listed NAME KEY... : the help dialog does not list KEY.
not_listed() {
	local name=$1 k
	shift
	for k in "$@"; do
		if screen "$name" | grep -qE "│ $k +[^ ]"; then
			screen "$name" >&2
			fail "the help lists \"$k\", which does not work here"
		fi
	done
}

# keys_case NAME LOGIN COLS ROWS QUIT HELP TWO_OF_THREE SAVE OK NEW_REQUEST
keys_case() {
	local name=$1 login=$2 cols=$3 rows=$4 quit=$5 help=$6 two=$7 save=$8 ok=$9 new=${10}
	console "$name" "$login" "$cols" "$rows"
	keys "$name" 1
	wait_line "$name" "gate-2"

	note "$name: the list's help: each key once"
	keys "$name" '?'
	wait_screen "$name" "[ $ok ]"
	help_once "$name" Enter / s S r h "↑↓ j k" "?" Esc q
	keys "$name" Enter
	wait_no_screen "$name" "[ $ok ]"

	note "$name: while the filter is typed, q and ? are letters of it"
	keys "$name" /
	type_text "$name" "gate"
	wait_line "$name" "/gate_ +$two"
	wait_row "$name" "$rows" "Esc"
	if status_row "$name" "$rows" | grep -qE "q $quit|\\? $help"; then
		fail "the status line offers q or ? while the filter is typed: $(status_row "$name" "$rows")"
	fi
	type_text "$name" "q"
	wait_screen "$name" "/gateq_"
	keys "$name" BSpace Enter
	wait_line "$name" "/gate +$two"
	wait_row "$name" "$rows" "q $quit"
	keys "$name" Escape Escape
	wait_screen "$name" "($login)"

	note "$name: the form's help: Esc once, no q"
	open_job "$name" "$new"
	wait_screen "$name" "[ $save ]"
	keys "$name" F1
	wait_screen "$name" "[ $ok ]"
	help_once "$name" Tab Esc F1 Shift-Tab Ctrl-U
	not_listed "$name" q "\\?"
	keys "$name" Enter
	keys "$name" Escape
	wait_screen "$name" "($login)"
	keys "$name" q
	wait_screen "$name" "[exit 0]"
}

keys_case t gu 80 24 quit help "2 of 3 rows match" Save OK "New request"
keys_case z wu 120 40 退出 帮助 "3 行中有 2 行符合" 保存 确定 新申请

note "the viewing desk: p plays, which the status line at 80 columns has no room for; the help lists it"
console v gu 80 24
open_job v "Viewing desk"
wait_screen v "Granted requests ready to view"
keys v '?'
wait_screen v "[ OK ]"
help_once v p v e Enter /
wait_text v "play the footage of your running viewing"
note "the help is longer than 24 rows: it scrolls, down to the last key"
wait_text v "↑↓ more"
not_listed v q
keys v End
wait_line v "more \\(([0-9]+) of \\1 lines\\)"	# the last line shown
help_once v "?" Esc q
keys v Home
wait_screen v "Granted requests whose footage"
help_once v v
keys v Enter
wait_no_screen v "[ OK ]"
keys v q
wait_screen v "[exit 0]"
