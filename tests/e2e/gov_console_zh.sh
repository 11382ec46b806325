# gov_console_zh.sh — the same procedure for zh_CN users (GUAT art. 17(1)): Chinese labels, the
# profile's Chinese wording, refusals in Chinese beside their fields, the timeline in Chinese,
# and every screen fitting 80x24 with its wide characters.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
user li teacher school_it
user wang department_head school_it
user zhao academic_affairs_head academic_affairs
user zhou monitor_admin academic_affairs
for u in li wang zhao zhou; do "$VIGIL" admin user locale "$u" zh_CN >/dev/null; done
# GUAT art. 17(1): li teaches the class taught in cls-1 (the class mapping).
"$VIGIL" admin class add it-1 --name "信息工程1班" --unit school_it >/dev/null || fail "class add"
"$VIGIL" admin class link it-1 --camera cls-1 --teacher li >/dev/null || fail "class link"

note "the new-request form in Chinese, with the profile's Chinese wording"
console t li
wait_line t "2 +新申请 +申请查看或拷贝录像"
wait_line t "单位： +信息工程学院"
fits t 80 24 "退出"
keys t 2
wait_screen t "申请查看或拷贝录像"
wait_line t "申请身份\* +< 维护师生合法权益的申请部门 >"
fits t 80 24 "帮助"
gov_state "$T/empty"
keys t Tab Left Left
wait_line t "申请身份\* +< 任课教师（本人上课视频） >"
keys t Tab Right
wait_line t "用途\* +< 作为教学中的视频素材 >"
keys t Tab Enter
wait_screen t "摄像机"
keys t Space Enter
wait_line t "摄像机\* +\[1\] cls-1"
type_text t "2026-03-01 09:40"
keys t Tab
type_text t "2026-03-01 08:00"
keys t Tab C-u
type_text t "2"
keys t Tab
type_text t "公开课示范"
keys t Tab Enter

note "a refusal in Chinese, beside the field; nothing filed"
beside t "结束时间" "时间段的结束必须晚于开始"
fits t 80 24 "帮助"
unchanged "$T/empty"
keys t BTab C-u
type_text t "2026-03-01 08:00"
keys t Tab C-u
type_text t "2026-03-01 09:40"
keys t Tab
wait_text t "需依次审批的人： 1. 部门单位负责人（信息工程学院） [GUAT art. 17(1)]"
wait_text t "2. 教务处负责人 [GUAT art. 17(1)]"
fits t 80 24 "帮助"
keys t Tab Tab Enter
confirm t "提交申请"
wait_text t "已提交 REQ-2026-0001，现等待第 1 步：部门单位负责人（信息工程学院）。"

note "the department head approves from the inbox"
console d wang
wait_line d "4 +待我审批 +1 个申请等待您审批"
keys d 4
wait_line d "REQ-2026-0001 +查看 +Li Test +作为教学中.* +cls-1 +2026-03-01 08:00 – 09:40"
fits d 80 24 "退出" "^ REQ-2026-0001 "
keys d Enter
wait_screen d "申请 REQ-2026-0001"
fits d 80 24 "退出"
keys d a
wait_screen d "批准 REQ-2026-0001"
wait_text d "第 1 步（共 2 步）：部门单位负责人（信息工程学院）"
fits d 80 24 "帮助"
type_text d "同意"
keys d Tab Enter
confirm d "批准 REQ-2026-0001？"
wait_text d "已批准 REQ-2026-0001：现等待第 2 步，教务处负责人。"

note "no rejection without its reason, in Chinese; then the second step"
console a zhao
wait_line a "5 +待我审批 +1 个申请等待您审批"
keys a 5
wait_screen a "REQ-2026-0001"
gov_state "$T/before"
keys a x
wait_screen a "驳回 REQ-2026-0001"
keys a Tab Enter
wait_line a "理由\* .*此栏必填"
fits a 80 24 "帮助"
unchanged "$T/before"
keys a Escape
wait_screen a "1 个申请等待您审批，最早的在前"
keys a a
wait_screen a "批准 REQ-2026-0001"
keys a Tab Enter
confirm a "批准 REQ-2026-0001？"
wait_text a "已批准 REQ-2026-0001：授权至 2026-03-09 09:00。"

note "the viewing desk in Chinese: two viewers, the banner, the end"
console m zhou
wait_line m "5 +查看台"
keys m 5
wait_line m "REQ-2026-0001 +2026-03-09 09:00 +作为.* +2026-03-01 08:00 – 09:40 +cls-1"
fits m 80 24 "退出" "^ REQ-2026-0001 "
keys m v
wait_screen m "开始 REQ-2026-0001 的查看"
type_text m "李明"
keys m Tab
type_text m "T-55"
keys m Tab
wait_screen m "查看人 2：姓名"
type_text m "王芳"
keys m Tab
type_text m "T-56"
keys m Tab Right
wait_screen m "< 是：无当事人参与 >"
fits m 80 24 "帮助"
keys m Tab Enter
confirm m "开始查看"
wait_text m "REQ-2026-0001 的查看 1 已开始。"
wait_row m 2 "● REQ-2026-0001 的查看 1 自 09:00 起进行中，2 人：请在查看台结束"
fits m 80 24 "退出" "^ REQ-2026-0001 "
keys m e
wait_screen m "结束 REQ-2026-0001 的查看 1"
type_text m "已确认两名学生"
keys m Tab
wait_line m "录像去向\* +< 无：未带走任何录像 >"
fits m 80 24 "帮助"
keys m Tab Enter
confirm m "现在结束 REQ-2026-0001 的查看 1？"
wait_text m "REQ-2026-0001 的查看 1 已结束。"
wait_no_screen m "●"

note "the teacher reads the whole timeline in Chinese"
keys t 3
wait_line t "REQ-2026-0001 +已授权 +作为教学中的视频素材"
fits t 80 24 "退出"
keys t Enter
wait_line t "身份 +任课教师（本人上课视频）"
fits t 80 24 "退出"
keys t End
wait_line t "提交申请 · li · "
wait_line t "送审 · li · 需要 2 个审批步骤"
wait_line t "已批准 · wang · 第 1 步"
wait_line t "已批准 · zhao · 第 2 步"
wait_line t "已授权 · 授权至 2026-03-09"
wait_line t "开始查看 · zhou · 查看 1，共 2 人"
wait_line t "结束查看 · zhou · 查看 1 已结束"
wait_text t "（T-55）、王芳（T-56）"
fits t 80 24 "退出"
keys t q
wait_screen t "[exit 0]"

note "every console ends cleanly (under the sanitizer build: no leak, no error)"
for s in d a m; do
	keys "$s" q
	wait_screen "$s" "[exit 0]"
done
expect_status 0 "$VIGIL" admin audit verify
