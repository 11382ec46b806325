# registration.sh — policy 003 (use registration) end to end: written application with
# purpose, time limit and manner of use; security office decision; usage reports.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site registration

camera hall-1 public public_area security
camera lab-1 sensitive laboratory teaching
user ken staff teaching
user joy staff logistics
user sh security_head security
user sh2 security_head security
user ss security_staff security
user tec ict security
Y="2026-03-01"

note "ch. 4 §2.1: the application states purpose, time limit and manner of use"
refuse 1 "REG ch. 4 §2.1: a request states until when the footage will be used (--use-until)" \
    ken request new --kind view --camera hall-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose safety_incident --reason "view on site, no copy"
refuse 2 "the reason is required" ken request new --kind view --camera hall-1 --from "$Y 10:00" \
    --to "$Y 11:00" --purpose safety_incident --reason "  " --use-until "2026-03-05 18:00"
refuse 2 "the time limit of use 2026-03-01 00:00:00 is not in the future" ken request new \
    --kind view --camera hall-1 --from "$Y 10:00" --to "$Y 11:00" --purpose safety_incident \
    --reason "view on site" --use-until "2026-03-01 00:00"
ok ken request preview --kind copy --camera hall-1,lab-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose safety_incident --reason "copy for the incident file" --use-until "2026-03-05 18:00"
expect_out "1. Head of the security office  [REG ch. 5 §1.2]"
expect_out "condition: The footage is never passed to a third party [REG ch. 4 §2.2]"
expect_out "condition: A usage report is due within a week after use [REG ch. 5 §2.2]"
ok ken request new --kind copy --camera hall-1,lab-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose safety_incident --reason "copy for the incident file" --use-until "2026-03-05 18:00"
R1=$(ref)

note "ch. 5 §1.2: the security office approves; the grant ends with the time limit of use"
refuse 1 "REG ch. 5 §1.2: step 1 of $R1 is for Head of the security office, and you hold none of its roles" \
    ss approve "$R1"
ok sh approve "$R1" --comment "approved for the incident file"
expect_out "$R1 is granted until 2026-03-05 18:00:00"

note "ch. 5 §2.1: extraction supervised by the security office"
refuse 1 "your roles cannot run supervised viewings of footage" sh viewing start \
    "$R1" --viewer "Ken Test:K-1" --declare-not-involved
ok ss viewing start "$R1" --viewer "Ken Test:K-1" --declare-not-involved
V1=$(head -n 1 "$T/out")
note "ch. 4 §2.2 \"不得擅自将监控图像信息转交给第三方使用\", §3.1 \"严禁存储在个人设备或非授权设备上\":"
note "  no destination for a third party or a personal device, and the refusal says why"
refuse 1 "REG ch. 4 §2.2: no unit or person passes the footage to a third party" \
    ss viewing end "$V1" --copied --destination third_party --recipient "Insurer Li:INS-9"
refuse 1 "REG ch. 4 §3.1: footage is stored only on the school's dedicated data servers, never on a personal or unauthorised device" \
    ss viewing end "$V1" --copied --destination personal_device --recipient "Ken Test:K-1"
refuse 2 "\"usb\" is not a destination of the registration profile; a copy under registered_use may go to: school_server (The school's dedicated data server, for the applicant's use)" \
    ss viewing end "$V1" --copied --destination usb --recipient "Ken Test:K-1"
refuse 2 "--recipient \"Ken Test\" must be NAME:ID" \
    ss viewing end "$V1" --copied --destination school_server --recipient "Ken Test"
ok ss viewing end "$V1" --copied --destination school_server --recipient "Ken Test:K-1"
ok ken request show "$R1"
expect_out "report due:  2026-03-09 09:00:00"

note "ch. 5 §1.2: a rejection is written, with its reasons"
ok joy request new --requester-kind individual --kind view --camera lab-1 --from "$Y 15:00" \
    --to "$Y 16:00" --purpose management --reason "curious about lab use" --use-until "2026-03-03 12:00"
R2=$(ref)
note "ch. 5 §1.2 \"若审核未通过，应书面告知申请单位，并说明原因\": a rule, so exit 1"
refuse 1 "REG ch. 5 §1.2: a rejection states its reasons in writing" sh reject "$R2" --reason ""
ok sh reject "$R2" --reason "not a purpose this system serves (ch. 2)"
ok joy request show "$R2" --json
json_check 'd["status"]=="rejected" and d["steps"][0]["decision"]=="rejected" and d["steps"][0]["comment"].startswith("not a purpose")'

note "the requester never approves their own request (REG ch. 5 §1.2)"
ok sh request new --kind view --camera hall-1 --from "$Y 07:00" --to "$Y 07:30" \
    --purpose safety_incident --reason "door forced overnight" --use-until "2026-03-04 12:00"
R3=$(ref)
refuse 1 "REG ch. 5 §1.2: you filed $R3; the requester never approves their own request" sh approve "$R3"
ok sh2 approve "$R3"

note "ch. 5 §2.2: the usage report is due a week after use; overdue reports are listed"
ok sh requests --overdue
expect_no_out "$R1"
clock_days 8
ok sh requests --overdue
expect_out "$R1"
expect_out "report due 2026-03-09 09:00:00"
ok ken requests --overdue --json
json_check '[r["ref"] for r in d]==["'"$R1"'"]'
ok joy requests --overdue --json
json_check 'd==[]'
ok ken request show "$R1" --json
json_check 'd["timeline"][-1]["what"]=="report_overdue"'
refuse 1 "only the requester ken files the usage report of $R1" sh report file "$R1" --text "x"
refuse 2 "the report is required" ken report file "$R1" --text ""
ok ken report file "$R1" --text "used for the incident file; not passed to anyone"
expect_status_of "$R1" closed
ok sh requests --overdue
expect_no_out "$R1"
refuse 1 "the usage report of $R1 was filed" ken report file "$R1" --text "again"
refuse 1 "$R2 is rejected: a usage report follows a grant" joy report file "$R2" --text "x"
audited report.file "$R1"
[ "$(sql "SELECT detail LIKE '%late=1%' FROM audit WHERE action = 'report.file'")" = 1 ] ||
    fail "a late report is not marked late in the audit"

note "ch. 4 §1.3: images are kept 30 days"
clock_days 30
refuse 1 "REG ch. 4 §1.3: the footage of camera \"hall-1\"" ken request new --kind view \
    --camera hall-1 --from "$Y 10:00" --to "$Y 11:00" --purpose safety_incident --reason "late" \
    --use-until "2026-04-20 12:00"

expect_status 0 "$VIGIL" admin audit verify
