# hhkcs.sh — policy 000 (HHKCS-2.2.8) end to end: staff, teacher, approver and police
# procedures, holds and retention, and each hard rule refused with nothing changed.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site hhkcs

camera gate-1 public entrance
camera play-1 public playground
camera class-1 interior classroom primary
user amy staff primary
user tom teacher primary
user opal operations_head operations
user vic vp_student_care school
user pat principal school
user kim kindergarten_head kindergarten
user pam principal,operations_head school
user gus guard operations
user ivy ict ict
Y="2026-03-01"		# yesterday: footage inside retention

note "2.4.3(ii): other staff view with an approver's authorisation"
ok amy request preview --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "fight at the gate"
expect_out "1. Principal or Kindergarten head or Vice principal (student care) or Operations head  [HHKCS 2.1.4, 2.4.3(ii)]"
expect_out "condition: Viewed in a secure and private area [HHKCS 2.4.3(iii)]"
ok amy request new --kind view --camera gate-1,play-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "fight at the gate" --viewers 2
R1=$(ref)
[ "$R1" = "REQ-2026-0001" ] || fail "first reference is $R1"
expect_status_of "$R1" submitted
ok kim requests --pending
expect_out "$R1"
ok gus requests --pending
expect_no_out "$R1"

note "the requester never approves their own request (HHKCS 2.4.3(ii), (v): an approver authorises someone else)"
refuse 1 "HHKCS 2.4.3(ii), 2.4.3(v): you filed $R1; the requester never approves their own request" \
    amy approve "$R1"
note "a step is signed only by a holder of its role (HHKCS 2.1.4)"
refuse 1 "HHKCS 2.1.4: step 1 of $R1 is for Principal or Kindergarten head" gus approve "$R1"
note "viewings only inside an active grant (HHKCS 4.1)"
refuse 1 "HHKCS 4.1: $R1 has no active grant (it is waiting for approval)" \
    gus viewing start "$R1" --viewer "Amy Test:T-001" --declare-not-involved

ok kim approve "$R1" --comment "authorised by e-mail"
expect_out "$R1 is granted until 2026-03-09 09:00:00"
expect_status_of "$R1" granted
audited request.approve "$R1"
audited request.grant "$R1"

note "the involved-party declaration is recorded (HHKCS profile §2: the policy is silent)"
refuse 1 "HHKCS profile §2: every viewing records that no involved party takes part" \
    gus viewing start "$R1" --viewer "Amy Test:T-001"
note "viewers by name and ID"
refuse 2 "must be NAME:ID" gus viewing start "$R1" --viewer "Amy Test" --declare-not-involved
refuse 1 "HHKCS 4.1: $R1 was approved for 2 viewers at once; 0 are viewing it now and 3 were named" gus viewing start "$R1" \
    --viewer "Amy Test:T-001" --viewer "Bo Li:T-002" --viewer "Cy Wu:T-003" --declare-not-involved
note "only people authorised to run viewings (viewing.run)"
refuse 1 "your roles cannot run supervised viewings of footage" amy viewing start "$R1" --viewer "Amy Test:T-001" \
    --declare-not-involved
ok gus viewing start "$R1" --viewer "Amy Test:T-001" --viewer "Bo Li:T-002" --declare-not-involved
V1=$(head -n 1 "$T/out")
note "a range played must hold recorded footage (issue 11)"
refuse 1 "camera \"gate-1\" recorded no footage from $Y 10:05:00 to $Y 10:20:00" \
    gus viewing play "$V1" --camera gate-1 --from "$Y 10:05" --to "$Y 10:20"
footage gate-1 "$Y 10:00" "$Y 10:10"
footage gate-1 "$Y 10:12" "$Y 11:00"
ok gus viewing play "$V1" --camera gate-1 --from "$Y 10:05" --to "$Y 10:20"
note "played ranges are merged per camera"
ok gus viewing play "$V1" --camera gate-1 --from "$Y 10:15" --to "$Y 10:25"
ok gus viewings --json
json_check 'len(d[0]["played"])==1 and d[0]["played"][0]["from"]=="'"$Y"'T10:05:00Z" and d[0]["played"][0]["to"]=="'"$Y"'T10:25:00Z"'
note "viewings only for the grant's cameras and range"
refuse 1 "HHKCS 4.1: the grant of $R1 covers" gus viewing play "$V1" --camera class-1 \
    --from "$Y 10:05" --to "$Y 10:20"
refuse 1 "HHKCS 4.1: the grant of $R1 covers" gus viewing play "$V1" --camera gate-1 \
    --from "$Y 09:00" --to "$Y 10:20"
note "a view grant never yields a copy (HHKCS 2.4.3(v))"
refuse 1 "HHKCS 2.4.3(v): $R1 grants viewing only; a view grant never yields a copy" \
    gus viewing end "$V1" --copied --destination "USB stick"
ok gus viewing end "$V1" --notes "identified both students"
ok gus viewings --json
json_check 'd[0]["operator"]=="gus" and d[0]["declared_not_involved"] and [v["id"] for v in d[0]["viewers"]]==["T-001","T-002"] and d[0]["played"][0]["camera"]=="gate-1"'
ok amy request show "$R1" --json
json_check 'd["status"]=="granted" and d["steps"][0]["signer"]=="kim" and [e["what"] for e in d["timeline"]]==["created","submitted","approved","granted","viewing_started","viewing_ended"]'
ok amy report file "$R1" --text "the footage settled the matter; no copy made"
expect_status_of "$R1" closed

note "a teacher views their own class with an approver (HHKCS 2.4.3(ii))"
"$VIGIL" admin class add p3a --name "Primary 3A" --unit primary >/dev/null || fail "class add"
"$VIGIL" admin class link p3a --camera class-1 --teacher tom >/dev/null || fail "class link"
ok tom request new --requester-kind teacher_own_class --kind view --camera class-1 \
    --from "$Y 14:00" --to "$Y 14:40" --purpose safeguarding --reason "pupil hurt in class"
R2=$(ref)
refuse 1 "only teacher may file as requester kind \"teacher_own_class\"" amy request new \
    --requester-kind teacher_own_class --kind view --camera class-1 --from "$Y 14:00" \
    --to "$Y 14:40" --purpose safeguarding --reason x
ok vic approve "$R2"
expect_status_of "$R2" granted

note "2.4.3(i): approvers view at any time, without anyone's sign-off"
ok opal request new --kind view --camera gate-1 --from "$Y 08:00" --to "$Y 08:30" \
    --purpose suspected_crime --reason "broken window"
R3=$(ref)
expect_out "granted until"
expect_status_of "$R3" granted
[ "$(sql "SELECT COUNT(*) FROM approvals a JOIN requests r ON r.id = a.request_id WHERE r.ref = '$R3'")" = 0 ] ||
    fail "an approver's own viewing should need no step"

note "2.2.5: never to evaluate a teacher, whoever asks"
refuse 1 "HHKCS 2.2.5: footage is never viewed to evaluate a teacher's performance" \
    pat request new --kind view --camera class-1 --from "$Y 14:00" --to "$Y 14:40" \
    --purpose teacher_evaluation --reason "lesson quality"
note "2.4.3(vi): parents never view"
refuse 1 "HHKCS 2.4.3(vi): parents are never allowed to view CCTV footage" amy request new \
    --requester-kind parent --kind view --camera play-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose student_conduct --reason "my child was pushed"
note "2.4.3(v), 2.5.3: copies only on written instruction, for the police or the school's record"
refuse 1 "HHKCS 2.4.3(v), 2.5.3: footage is copied only on an approver's written instruction, for the police or as the school's record of an investigation, an insurance claim or a serious offence" \
    amy request new --kind copy --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose safeguarding --reason "worried about a pupil"
refuse 1 "footage is copied only on an approver's written instruction, for the police" \
    gus request new --requester-kind external --agency court --letter "C-9" --officer "Judge Ho" \
    --officer-id "J-1" --kind copy --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose legal_obligation --reason "court order"
refuse 1 "HHKCS 2.5.1(i), 4.3, 5.2.6: an external request needs the officer's ID number" \
    gus request new --requester-kind external --agency police --letter "P-1" --officer "Wang" \
    --kind copy --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --purpose police_request \
    --reason "theft"
ok gus request new --requester-kind external --agency police --letter "GZ-2026-17" \
    --officer "Officer Wang" --officer-id "P-4471" --kind copy --camera gate-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose police_request --reason "bicycle theft"
R4=$(ref)
expect_out "1. Operations head or Vice principal (student care)  [HHKCS 5.2.6]"
expect_out "2. Principal, written instruction to copy  [HHKCS 2.4.3(v), 2.5.3(i)] (written instruction)"
ok pam approve "$R4"
note "one person never signs two steps of the same request (HHKCS 2.4.3(v), 5.2.6)"
refuse 1 "HHKCS 2.4.3(v), 5.2.6: you signed step 1 of $R4; one person never signs two steps" \
    pam approve "$R4" --comment "copy it"
refuse 1 "HHKCS 2.4.3(v), 2.5.3(i): step 2 is a written instruction: state it with --comment" \
    pat approve "$R4"
ok pat approve "$R4" --comment "Copy gate-1 10:00-11:00 for the police only"
expect_status_of "$R4" granted
[ "$(sql "SELECT category FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R4'")" = investigation ] ||
    fail "the police copy was not held"
ok gus viewing start "$R4" --viewer "Officer Wang:P-4471" --declare-not-involved
V4=$(head -n 1 "$T/out")
ok gus viewing end "$V4" --copied --destination police --recipient "Officer Wang:P-4471"
ok pat request show "$R4"
expect_out "approved by pat (Principal)"
expect_out "a copy went to The police, directly: Officer Wang (ID P-4471)"

note "2.5.3(v): level-4 incidents held up to 3 years"
refuse 1 "your roles cannot place and release holds on footage" amy hold place --camera play-1 --from "$Y 12:00" \
    --to "$Y 13:00" --category serious_incident --reason "assault"
refuse 1 "HHKCS 2.5.3(v): a hold of category \"serious_incident\" lasts at most 1095 days" \
    ivy hold place --camera play-1 --from "$Y 12:00" --to "$Y 13:00" \
    --category serious_incident --reason "assault" --until "2030-01-01 00:00"
ok ivy hold place --camera play-1 --from "$Y 12:00" --to "$Y 13:00" \
    --category serious_incident --reason "level-4 assault on the playground"
H1=$(head -n 1 "$T/out")
ok ivy holds --json
json_check "[h for h in d if h['id']==$H1][0]['until']=='2029-03-01T09:00:00Z'"

note "2.5.3(iv): an investigation hold is kept one year after it closes"
ok opal hold place --camera gate-1 --from "$Y 08:00" --to "$Y 09:00" --category investigation \
    --reason "conduct investigation 12"
H2=$(head -n 1 "$T/out")
ok opal hold release "$H2" --reason "investigation closed"
expect_out "the footage is kept until 2027-03-02 09:00:00"
[ "$(sql "SELECT released_us IS NULL AND closed_us IS NOT NULL FROM holds WHERE id = $H2")" = 1 ] ||
    fail "a closed investigation hold must stay in force"
refuse 1 "hold $H2 is not in force (closed, kept until its end)" opal hold release "$H2"
audited hold.close "hold $H2"

note "3.3: recordings are kept 90 days; older footage exists only if held"
clock_days 100
refuse 1 "HHKCS 3.3: the footage of camera \"gate-1\" from 2026-03-01 12:00:00 is older than its 90-day retention and no hold keeps it" \
    amy request new --kind view --camera gate-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose student_conduct --reason "late look"
# 08:00-09:00 is under the closed investigation hold, 10:00-11:00 under the
# police copy's hold: 08:30-10:30 is not wholly kept.
refuse 1 "from 2026-03-01 09:00:00 is older than its 90-day retention" amy request new \
    --kind view --camera gate-1 --from "$Y 08:30" --to "$Y 10:30" --purpose student_conduct \
    --reason "partly held"
ok amy request new --kind view --camera gate-1 --from "$Y 08:00" --to "$Y 08:30" \
    --purpose student_conduct --reason "held footage"
note "grants expire; viewing after expiry is refused"
refuse 1 "HHKCS 4.1: $R2 has no active grant (it is expired)" gus viewing start "$R2" \
    --viewer "Tom Test:T-9" --declare-not-involved
ok tom requests --json
json_check '[r for r in d if r["ref"]=="'"$R2"'"][0]["status"]=="expired"'

note "a Chinese-speaking user reads the refusals, and the profile's own words, in Chinese"
"$VIGIL" admin user locale tom zh_CN >/dev/null
refuse 1 "HHKCS 2.2.5: 在任何情况下都不得为了评估教师的工作表现而查看监控录像" tom request new \
    --kind view --camera class-1 --from "2026-06-09 08:00" --to "2026-06-09 09:00" \
    --purpose teacher_evaluation --reason "x"
refuse 1 "$R2 处于“已过期”状态，不在等待审批" tom approve "$R2"
ok tom request show "$R2"
expect_out "用途：      合理的保护关注"
expect_out "1. 校长 或 幼儿园园长 或 学生关怀副校长 或 运营主管  [HHKCS 2.1.4, 2.4.3(ii)]"
expect_status 0 "$VIGIL" admin audit verify
