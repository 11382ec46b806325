# records_console_zh.sh — the same records for zh_CN users (GUAT art. 6, 7, 10, 11): the monitoring
# administrator starts a shift, logs an event (a time before the shift refused in Chinese beside its
# field), registers an outsider entering the monitoring centre (a wrong ID refused in Chinese),
# hands over with them still inside; the next administrator acknowledges the handover; an
# inspection finds a fault, which is fixed.  Every screen fits 80x24 with its wide characters,
# and 120x40.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat	# clock frozen at 2026-03-02 09:00 UTC

camera cls-1 interior classroom academic_affairs
user zhou monitor_admin academic_affairs
user wu monitor_admin academic_affairs
for u in zhou wu; do "$VIGIL" admin user locale "$u" zh_CN >/dev/null; done
D="2026-03-02"

note "the home screen offers the records in Chinese"
console z zhou
wait_line z "[0-9]+ +值班记录 +未在值班：在此开始值班"
wait_line z "[0-9]+ +控制室出入登记 +控制室内没有人"
wait_line z "设备 +没有逾期的故障"
wait_line z "故障 +没有未修复的故障；p 报告故障"
fits z 80 24 "退出"

note "a shift, and an event refused beside its field when it is before the shift"
open_job z "值班记录"
wait_screen z "共 0 个班次。您未在值班（n 开始值班）。"
fits z 80 24 "退出"
keys z n
wait_screen z "开始值班"
wait_line z "岗位\* +"
type_text z "监控中心"
keys z Tab Enter
wait_screen z "第 1 班已开始。"
clock_at "$D 09:10"
keys z e
wait_screen z "登记本班事项"
wait_line z "类型\* +< 巡查 >"
fits z 80 24 "帮助"
keys z Tab
type_text z "教学楼巡查，一切正常"
keys z Tab Enter
keys z Space Enter
wait_line z "摄像机 +\[1\] cls-1"
type_text z "$D 08:00"
keys z Tab Tab Enter
beside z "时间" "$D 08:00:00 不在您的班次内（班次始于 $D 09:00:00）"
fits z 80 24 "帮助" "时间|不在您的班次内"
keys z C-u
type_text z "$D 09:05"
keys z Tab Tab Enter
wait_screen z "第 1 号事项已登记。"
keys z Enter
wait_screen z "第 1 班 · 值班中"
wait_text z "$D 09:05 1 · 巡查 · cls-1 · 教学楼巡查，一切正常"
fits z 80 24 "退出"
keys z Escape Escape

note "an outsider enters the monitoring centre; a wrong ID is refused in Chinese"
wait_screen z "主页"
open_job z "控制室出入登记"
wait_screen z "控制室内 0 人（a：全部登记）"
keys z n
wait_screen z "人员进入控制室"
wait_line z "^ 姓名\*"
type_text z "李雷"
keys z Tab
type_text z "110105194912310021"
keys z Tab
type_text z "市公安局"
keys z Tab
type_text z "调取证据"
keys z Tab Tab Enter
# The message carries the profile's articles first, so at 80 columns it wraps after the
# ID: the check-digit reason is matched on its own line.
beside z "证件号码" "110105194912310021 不是有效的居民身份证号码"
wait_text z "校验位不正确"
fits z 80 24 "帮助" "证件号码|校验位"
keys z C-u
type_text z "11010519491231002X"
keys z Tab Tab Tab Tab Enter
wait_text z "第 1 号登记已完成：李雷 在控制室内。"
wait_line z "1 +李雷 +市公安局 +$D 09:10 在室内"
fits z 80 24 "退出"
keys z Escape

note "the handover, with the outsider still inside, who is then flagged"
open_job z "值班记录"
keys z h
wait_screen z "交班"
wait_text z "本班已登记 1 个事项。仍在控制室内、交班后将被标记的人员：李雷（市公安局）。"
fits z 80 24 "帮助"
type_text z "李雷仍在监控中心内"
keys z Tab Enter
wait_text z "第 1 班已结束；交接等待下一班确认。"
keys z Escape
wait_line z "[0-9]+ +控制室出入登记 +控制室内 1 人，1 人超过交班时间"
open_job z "控制室出入登记"
wait_screen z "控制室内 1 人；1 人在交班后仍未离开（a：全部登记）"
wait_line z "1 +李雷 +市公安局 +$D 09:10 交班后仍在室内"
fits z 80 24 "退出"
keys z Escape

note "the next administrator acknowledges the handover"
console w wu
open_job w "值班记录"
keys w n
wait_line w "岗位\* +监控中心"
keys w Tab Enter
wait_screen w "交接"
wait_text w "来自 Zhou Test，第 1 班，结束于 $D 09:10："
wait_text w "李雷仍在监控中心内"
keys w y
wait_text w "第 1 班的交接已确认。"
wait_line w "1 +Zhou Test +监控中心 +$D 09:00 已交接"
fits w 80 24 "退出"

note "equipment: added, inspected; the fault found is reported and fixed"
keys z End Up Enter
wait_screen z "共 1 台设备；0 个未修复故障，0 个逾期（f：故障）"
fits z 80 24 "退出"
keys z n
wait_screen z "把设备加入清单"
type_text z "nvr-1"
keys z Tab
wait_line z "类型\* +< 录像机 >"
keys z Tab
type_text z "一号录像机"
keys z Tab
type_text z "机房"
keys z Tab
type_text z "2025-08-01"
keys z Tab
type_text z "设备厂家"
fits z 80 24 "帮助"
keys z Tab Enter
wait_text z "nvr-1 已加入设备清单。"
wait_line z "nvr-1 +录像机 +一号录像机 +从未"
keys z End i
wait_screen z "检查 nvr-1"
keys z Right
wait_line z "结果\* +< 发现故障 >"
keys z Tab Tab Enter
beside z "情况记录" "备注不能为空"
type_text z "电源风扇异响"
keys z Tab Enter
wait_text z "第 1 号检查已登记；已报告第 1 号故障。"
keys z f
wait_screen z "1 个未修复故障，0 个超过 3 天逾期（a：全部故障）"
wait_line z "1 +nvr-1 +检查中发现 +$D 09:10 待分派"
fits z 80 24 "退出"
keys z x
wait_screen z "修复第 1 号故障"
type_text z "更换电源风扇"
keys z Tab Enter
wait_text z "第 1 号故障已修复，距报告 0 秒。"
[ "$(sqlw "SELECT fix_notes FROM faults WHERE id = 1")" = "更换电源风扇" ] || fail "the fix is not recorded"

note "at 120x40"
tm resize-window -t z -x 120 -y 40
keys z a
wait_line z "故障 +设备 +来源 +报告时间 +状态 +负责人 +内容"
fits z 120 40 "退出"
expect_status 0 "$VIGIL" admin audit verify
