# console_wording.sh — issue 19 item 12: plurals through ngettext ("1 hold in force", "1
# approval step required") and no untranslated codes or wrong words in Chinese: a camera's
# 名称 (not a person's 姓名), its zone in words (区域：入口, not "classroom"), "已提交查看申请"
# (not "已提交 view 申请").  At 80x24 in Chinese and 120x40 in English.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

default_cast
user wu security_head security
"$VIGIL" admin user locale wu zh_CN >/dev/null
ok ann request new --kind view --camera gate-1 --from "2026-03-01 10:00" --to "2026-03-01 11:00" \
    --purpose lost_property --reason "lost umbrella"
R=$(ref)
ok sh hold place --camera gate-1 --from "2026-03-01 10:00" --to "2026-03-01 11:00" \
    --category investigation --reason "a case"

note "in Chinese at 80x24: a camera's 名称, its zone in words, the request's timeline"
console z wu
keys z 1
wait_line z "编号 +名称 +状态"
if screen z | grep -q "姓名"; then fail "the camera list calls a camera's name 姓名"; fi
keys z Enter
wait_line z "区域：入口"
keys z Enter Escape
wait_screen z "(wu)"
open_job z "待我审批"
wait_line z "$R"
keys z Enter
wait_text z "已提交查看申请：寻找失物"
wait_text z "需要 1 个审批步骤"
if screen z | grep -qw "view"; then fail "the timeline shows the code view"; fi
fits z 80 24 "退出"
keys z q
wait_screen z "[exit 0]"

note "in English at 120x40: one of a thing is singular"
console t sh 120 40
open_job t "Holds"
wait_line t "1 hold in force \\(a: all of them\\)"
keys t Escape
open_job t "Approvals inbox"
wait_line t "1 request waits for your decision, oldest first"
keys t Enter
wait_text t "1 approval step required"
wait_text t "request to view filed: Lost property"
keys t q
wait_screen t "[exit 0]"
