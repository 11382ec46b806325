# console_multi_marks.sh — issue 19 item 4: in a multi-choice list the marked items show
# as [x] and the others as [ ], and only the cursor is highlighted (marks and cursor used
# to look the same, black on yellow).  The new-request form's cameras at 80x24 in English
# and the hold form's at 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

camera gate-1 public entrance
camera yard public ""
camera hall public corridor
user ann staff general
user sh security_head security
"$VIGIL" admin user locale sh zh_CN >/dev/null

# highlighted NAME TEXT : the line showing TEXT is drawn in the cursor's colours.
highlighted() {
	styled_line "$1" "$2" | grep -q $'\e\\[[0-9;]*43m'
}

# marks NAME : Space marks gate-1 and yard; the cursor ends on hall, between them.
marks() {
	local name=$1
	wait_line "$name" "\\[ \\] gate-1 ·"
	wait_line "$name" "\\[ \\] yard ·"
	highlighted "$name" "gate-1 ·" || fail "the cursor's row is not highlighted: $(styled_line "$name" "gate-1 ·" | cat -v)"
	keys "$name" Space
	wait_line "$name" "\\[x\\] gate-1 ·"
	keys "$name" Down Down Space Up
	wait_line "$name" "\\[x\\] yard ·"
	wait_line "$name" "\\[ \\] hall ·"
	sleep 0.5
	highlighted "$name" "hall ·" || fail "the cursor's row (hall) is not highlighted"
	if highlighted "$name" "gate-1 ·"; then fail "a marked row looks like the cursor"; fi
	if highlighted "$name" "yard ·"; then fail "a marked row looks like the cursor"; fi
	keys "$name" Enter
}

note "the new-request form at 80x24"
console t ann
keys t 2
wait_screen t "[ Save ]"
keys t Tab Tab Tab Enter
marks t
wait_line t "Cameras\\* +\\[2\\] gate-1, yard"
keys t Escape
confirm t "Leave the form"
keys t q
wait_screen t "[exit 0]"

note "the hold form at 120x40, in Chinese"
console z sh 120 40
open_job z "留存令"
wait_screen z "留存"
keys z p
wait_screen z "[ 保存 ]"
keys z Tab Enter
marks z
wait_line z "摄像机\\* +\\[2\\] gate-1, yard"
keys z Escape
confirm z "离开表单"
keys z q
wait_screen z "[exit 0]"
