# console_cjk_text.sh — issue 19 item 6: text is measured in display cells (wcwidth): a long
# Chinese reason typed into a field scrolls inside the field, never over its label ("理由*"
# used to become "理") or into the hint beside it, and editing in the middle of it lands
# where the cursor is.  The rejection form at 80x24 and the new-request form at 120x40, in
# Chinese; what is saved is exactly what was typed.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
user li teacher school_it
user wang department_head school_it
for u in li wang; do "$VIGIL" admin user locale "$u" zh_CN >/dev/null; done
teaches li cls-1
ok li request new --kind view --camera cls-1 --from "2026-03-01 08:00" --to "2026-03-01 09:00" \
    --purpose teaching_material --reason "公开课" --requester-kind teacher_own_class
R=$(ref)
LONG="录像中没有与申请理由相关的内容，所以不能批准这个申请，请重新提交一个更具体的时间段和摄像机"
WANT="${LONG:0:$((${#LONG} - 5))}另外${LONG: -5}"

# part_shown NAME LABEL TEXT : the field LABEL shows an unbroken piece of TEXT (at least 10
# characters, "…" where it goes on), right after its whole label, and nothing of it spills
# past the field.
part_shown() {
	local line
	line=$(screen "$1" | grep -E "^ $2\\* " | head -n 1)
	/usr/bin/python3 - "$line" "$2*" "$3" <<'PY'
import sys
line, label, text = sys.argv[1], sys.argv[2], sys.argv[3]
assert line.startswith(" " + label + " "), "label cut"
shown = line[len(label) + 1:].strip().split("  ")[0].strip()
shown = shown[:-1] if shown.endswith("…") else shown	# the text goes on past the field
assert len(shown) >= 10 and shown in text, (shown, text)
PY
}

# shows_part NAME LABEL TEXT : waits (the typing may still be drawn) until part_shown holds.
shows_part() {
	wait_for 60 part_shown "$@" && return 0
	screen "$1" >&2
	part_shown "$@" >&2
	fail "the field $2 is drawn broken: $(screen "$1" | grep -E "^ $2\\* " | head -n 1)"
}

note "a long Chinese reason at 80x24, edited in the middle"
console d wang
keys d 4
wait_line d "$R"
keys d x
wait_screen d "驳回 $R"
type_text d "$LONG"
shows_part d 理由 "$LONG"
keys d Left Left Left Left Left
type_text d "另外"
shows_part d 理由 "$WANT"
fits d 80 24 "帮助" "理由: |^ 理由\\* "
keys d Tab Enter
confirm d "驳回 $R"
wait_text d "已驳回 $R。"
[ "$(sql "SELECT comment FROM approvals WHERE decision = 'rejected'")" = "$WANT" ] ||
	fail "the reason was saved as: $(sql "SELECT comment FROM approvals WHERE decision = 'rejected'")"
keys d q
wait_screen d "[exit 0]"

note "the new-request form at 120x40: the reason and the label beside each other"
console t li 120 40
keys t 2
wait_screen t "[ 保存 ]"
keys t Tab Tab Tab Tab Tab Tab Tab
type_text t "$LONG$LONG"
shows_part t 理由 "$LONG$LONG"
keys t Home
shows_part t 理由 "$LONG$LONG"
wait_line t "^ 理由\\* +录像中没有"
[ "$(screen t | grep -E '^ 理由\*' | wc -L)" -le 120 ] || fail "the reason row is wider than 120"
keys t Escape
confirm t "离开表单"
keys t q
wait_screen t "[exit 0]"
