# console_validate_first.sh — issue 19 item 5: every field is checked before the
# confirmation dialog (a viewer's ID check digit used to be checked only after the dialog
# had listed the bad ID), and messages say what is wrong with the value given (2026
# viewers: "at most 5 people may view footage together; 2026 were asked for", not "at
# least 1").  The viewing form at 80x24 in English, the request form at 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

default_cast
"$VIGIL" admin user locale ann zh_CN >/dev/null
granted 2

note "a resident ID with a wrong check digit: refused beside it, no dialog, nothing started"
console t gu
open_job t "Viewing desk"
wait_line t "$R"
keys t v
wait_screen t "Start a viewing of $R"
type_text t "Wang Fang"
keys t Tab
type_text t "110105194912310021"
keys t Tab Tab Tab Right Tab
wait_screen t "< yes: no involved party takes part >"
keys t Enter
beside t "Viewer 1: ID" "110105194912310021 is not a valid resident ID card number: its check digit is wrong"
no_dialog t "Start viewing" 3
[ "$(sql "SELECT COUNT(*) FROM viewings")" = 0 ] || fail "a viewing started"

note "the refused ID is selected: the right one replaces it; then the dialog, and the viewing"
type_text t "11010519491231002X"
wait_line t "^ Viewer 1: ID\\* +11010519491231002X "
keys t Tab Tab Tab Tab Enter
confirm t "Start viewing"
wait_screen t "has begun"
[ "$(sql "SELECT id_number FROM viewing_people")" = 11010519491231002X ] ||
	fail "the viewer's ID was stored as $(sql "SELECT id_number FROM viewing_people")"
keys t Escape Escape
wait_screen t "(gu)"
keys t q
wait_screen t "A viewing is still running"
keys t l
wait_screen t "[exit 0]"

note "2026 viewers: the message says what is wrong with 2026, before any dialog"
console z ann 120 40
keys z 2
wait_screen z "[ 保存 ]"
keys z Tab Tab Right Tab Enter
wait_screen z "gate-1 ·"
keys z Space Enter
type_text z "2026-03-01 10:00"
keys z Tab
type_text z "2026-03-01 11:00"
keys z Tab C-u
type_text z "2026"
keys z Tab
type_text z "找雨伞"
keys z Tab Enter
wait_line z "^ 查看人数\\* +2026 +"
wait_text z "最多 5 人可以一同查看录像；申请了 2026 人"
no_dialog z "提交申请" 3
type_text z "abc"
wait_line z "^ 查看人数\\* +abc +"
keys z Tab Tab Enter
wait_text z "“abc”不是人数：请填写整数，例如 2"
[ "$(sql "SELECT COUNT(*) FROM requests")" = 1 ] || fail "a request was filed"
keys z Escape
confirm z "离开表单"
keys z q
wait_screen z "[exit 0]"
