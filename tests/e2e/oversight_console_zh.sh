# oversight_console_zh.sh — the oversight screens for zh_CN users (issue 13, hhkcs profile): the
# operations head sees the overdue review and an authorisation ending soon on the home screen in
# Chinese, builds March's review, answers its findings, concludes and signs it off; reads the audit
# log with a filter; renews on the register (a wrong date refused in Chinese beside its field) and
# revokes with a reason; ICT's Maintenance screen in Chinese.  Every screen fits 80x24 with its wide
# characters, and 120x40.
# timeout: 420
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
. "$SRC/tests/lib-export.sh"
gov_site hhkcs		# clock frozen at 2026-03-02 09:00 UTC

camera gate-1 public entrance
camera yard public playground
user opal operations_head operations
user ivy ict ict
for u in opal ivy; do "$VIGIL" admin user locale "$u" zh_CN >/dev/null; done
footage gate-1 h264 "2026-03-01 10:00:00" 3 10
for i in 1 2 3 4 5; do
	expect_status 255 ssh_answer intruder "guess $i" whoami
done
sqlw "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES
    ('yard', $(date -u -d '2026-03-10 08:00' +%s)000000, 'offline', '无视频 10 秒'),
    ('yard', $(date -u -d '2026-03-10 11:00' +%s)000000, 'online', '')"
keygen newbie
"$VIGIL" admin user add newbie --name "新保安" --role guard --unit operations \
    --key "$T/newbie.pub" >/dev/null
ok opal register add newbie --trained-on 2026-03-01 --until 2026-04-20 --scope "只限校门"
# A list cuts a long cell at its column's end ("…"); Enter shows the row whole, which is
# checked to fit. The audit head is shown as 16 hex digits and "…".
CUT='审计验证：? *正常|^ +[0-9]+ '

note "the home screen in Chinese: the overdue review, the authorisation ending soon"
clock_at "2026-04-08 09:00"
console a opal
wait_line a "[0-9]+ +月度审查 +2026-03 已逾期：尚未签署"
fits a 80 24 "退出"
keys a End
wait_line a "[0-9]+ +授权名单 +1 项授权将在 30 天内到期"
fits a 80 24 "退出"

note "the review of March: built, answered, concluded and signed off"
open_job a "月度审查"
wait_screen a "2 个月，1 个逾期：Enter 打开，o 建立"
wait_line a "2026-03 +未打开，逾期 +2026-04-07"
fits a 80 24 "退出"
keys a End o
wait_text a "2026-03 的审查已建立：检查已运行，发现事项已计算。"
wait_screen a "2026-03 的审查"
wait_line a "已打开，逾期 · 2 个发现事项，2 个未答复 · 截止 2026-04-07"
wait_line a "审计验证：正常：[0-9]+ 个条目，头部"
wait_line a "录像验证：正常：3 个片段（2 台摄像机）与其哈希和链一致"
wait_line a "多次登录失败"
wait_line a "摄像机长时间离线"
fits a 80 24 "退出" "$CUT"
keys a Home Enter
wait_screen a "第 1 号发现事项 · 多次登录失败"
wait_text a "5 次登录失败，登录名 intruder"
wait_line a "答复 +未答复"
fits a 80 24 "退出"
keys a Escape S
wait_text a "2 个发现事项（2026-03）尚未答复"
keys a Enter Home
for i in 1 2; do
	keys a a
	wait_screen a "接受第"
	fits a 80 24 "F1 帮助"
	type_text a "已核实：系测试"
	keys a Tab Enter
	wait_text a "号发现事项：已接受。"
	keys a Down
done
wait_line a "已打开，逾期 · 2 个发现事项，0 个未答复"
keys a c
wait_screen a "审查结论"
type_text a "无需跟进"
keys a Tab Enter
wait_text a "2026-03 的结论已记录。"
wait_screen a "结论：无需跟进"
keys a S
confirm a "签署"
wait_text a "2026-03 的审查已签署。"
wait_line a "2026-04-08 09:00.* 由 opal 签署；日志仍与之一致（条目 [0-9]+）。"
fits a 80 24 "退出" "$CUT"
[ "$(sqlw "SELECT COUNT(*) FROM review_findings WHERE note = '已核实：系测试'")" = 2 ] ||
	fail "the answers are not in the database"
[ "$(sqlw "SELECT signed_us IS NOT NULL FROM reviews WHERE month = '2026-03'")" = 1 ] ||
	fail "the sign-off is not in the database"
keys a d
wait_screen a "2026-03 闭路电视日志月度审查"
fits a 80 24 "退出" "$CUT"
keys a Escape

note "at 120x40"
tm resize-window -t a -x 120 -y 40
wait_line a "编号 +类型 +发现事项 +答复 +备注"
wait_line a "已接受 +已核实：系测试"
fits a 120 40 "退出" "$CUT"
keys a Escape
wait_line a "2026-03 +已签署 +2026-04-07 +2，0 未答复"
fits a 120 40 "退出"
keys a Escape
wait_line a "[0-9]+ +月度审查 +所有到期的月份均已签署"
tm resize-window -t a -x 80 -y 24

note "the audit log in Chinese, with a filter"
open_job a "审计日志"
wait_line a "[0-9]+ 个条目（全部）；第 1 页，最新的在前"
wait_line a "review\.signoff"
fits a 80 24 "退出" "$CUT"
keys a f
wait_screen a "筛选审计日志"
fits a 80 24 "F1 帮助"
keys a Tab Tab
type_text a "opal"
keys a Tab
type_text a "review."
keys a Tab Tab Enter
wait_text a "已应用筛选。"
want=$(sqlw "SELECT COUNT(*) FROM audit WHERE actor = 'opal' AND action LIKE 'review.%'")
wait_line a "^ *$want 个条目 由 opal 操作 review\.\*；第 1 页，最新的在前$"
fits a 80 24 "退出" "$CUT"
tm resize-window -t a -x 120 -y 40
wait_line a "review\.signoff +2026-03"
fits a 120 40 "退出" "$CUT"
tm resize-window -t a -x 80 -y 24
keys a Escape

note "the register: a wrong date refused in Chinese, a renewal, a revocation"
keys a End
open_job a "授权名单"
wait_screen a "3 个有效，1 个将在 30 天内到期（a：全部条目）"
wait_line a "newbie +新保安 +即将到期 +2026-04-20"
fits a 80 24 "退出"
keys a Home Down	# ivy, newbie, opal
keys a e
wait_screen a "续期 newbie"
type_text a "someday"
keys a Tab Tab Enter
beside a "培训日期" "“someday”不是日期：请用 YYYY-MM-DD"
fits a 80 24 "F1 帮助" "培训日期|不是日期"
keys a C-u
type_text a "2026-04-01"
keys a Tab Tab Enter
wait_text a "newbie 已重新授权，有效至"
audited register.renew newbie
keys a x
wait_screen a "撤销 newbie"
keys a Tab Enter
beside a "理由" "此栏必填"
type_text a "已离校"
keys a Tab Enter
wait_text a "newbie 的授权已撤销。"
[ "$(sqlw "SELECT COUNT(*) FROM authorizations WHERE revoke_reason = '已离校'")" -ge 1 ] ||
	fail "the revocation is not in the database"
keys a a
wait_line a "newbie +新保安 +已撤销"
fits a 80 24 "退出"
tm resize-window -t a -x 120 -y 40
wait_line a "登录名 +姓名 +状态 +有效期至 +角色 +培训日期 +范围 / 原因"
wait_line a "newbie +新保安 +已撤销 .*已离校"
fits a 120 40 "退出"

note "ICT's maintenance in Chinese"
console m ivy
open_job m "维护"
keys m s
wait_screen m "存储"
wait_screen m "剩余空间"
fits m 80 24 "退出"
keys m v
wait_screen m "录像验证"
wait_text m "正常：0 个问题；3 个片段在其链上"
fits m 80 24 "退出"
keys m e
wait_screen m "摄像机的事件"
keys m Right
wait_line m "摄像机\* +< yard >"
keys m Tab Tab Tab Enter
wait_screen m "摄像机 yard 的事件（2）"
wait_line m "2026-03-10 08:00.* +离线: 无视频 10 秒"
wait_line m "2026-03-10 11:00.* +恢复在线"
fits m 80 24 "退出"
tm resize-window -t m -x 120 -y 40
fits m 120 40 "退出"
expect_status 0 "$VIGIL" admin audit verify
