# console_decide_columns.sh — issue 19 item 8: the approvals inbox shows what an approver
# decides on: view or copy, the purpose and the cameras, at 80x24 too (other columns are cut
# short before these are dropped); the viewing desk at 80x24 shows which cameras.  The
# wider terminal (120x40, in Chinese) adds the step, and cuts nothing.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
camera cls-2 interior classroom academic_affairs
user tina teacher school_it
user dean department_head school_it
user wang department_head school_it
user aah academic_affairs_head academic_affairs
user ma monitor_admin academic_affairs
"$VIGIL" admin user locale wang zh_CN >/dev/null
teaches tina cls-1,cls-2
ok tina request new --kind copy --camera cls-1,cls-2 --from "2026-03-01 08:00" \
    --to "2026-03-01 09:40" --purpose teaching_material --reason "demonstration lesson" \
    --requester-kind teacher_own_class
R=$(ref)

note "the inbox at 80x24: copy, the purpose and both cameras"
console d dean
keys d 4
wait_line d "REF +KIND +REQUESTER +PURPOSE +CAMERAS +RANGE"
wait_line d "^ $R +copy +Tina Test +Teaching m… +cls-1, cls-2 +2026-03-01 08:00 – 09:40"
fits d 80 24 "q quit" "^ $R "
keys d q
wait_screen d "[exit 0]"

note "at 120x40 in Chinese: the same, and the step"
console z wang 120 40
keys z 4
wait_line z "类型 +申请人 +用途 +摄像机 +时间段 +您的审批步骤"
wait_line z "^ $R +拷贝 +Tina Test +作为教学中的视频.* +cls-1, cls-2 +2026-03-01 08:00 – 09:40 +第 1 步：部门"
fits z 120 40 "退出" "^ $R "
keys z q
wait_screen z "[exit 0]"

note "the viewing desk at 80x24 shows which cameras"
ok dean approve "$R"
ok aah approve "$R"
console m ma
keys m 5
wait_line m "REF +GRANT UNTIL +PURPOSE +RANGE +CAMERAS"
wait_line m "^ $R +2026-03-09 09:00 +Teachi.* +2026-03-01 08:00 – 09:40 +cls-1, cls-2"
fits m 80 24 "q quit" "^ $R "
keys m q
wait_screen m "[exit 0]"
