# hhkcs_school_copies.sh — issue 15 item 2: HHKCS 2.5.3(ii) lets the school keep copies as
# its own record of a conduct investigation, an insurance claim or a serious offence, on an
# approver's written instruction (2.4.3(v)), kept in its secure storage or, for a serious
# offence, the principal's or a vice principal's safe (2.5.3(iii)), held as 2.5.3(iv), (v) say.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site hhkcs

camera gate-1 public entrance
camera play-1 public playground
user amy staff primary
user opal operations_head operations
user vic vp_student_care school
user pat principal school
user kim kindergarten_head kindergarten
user gus guard operations
Y="2026-03-01"

note "2.5.3(ii) \"经授权的人员可以录制图像或部分镜头，作为调查行为的一部分，以确定身份、用于保险目的或保存严重违法行为的安全记录\""
ok amy request new --kind copy --camera play-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose student_conduct --reason "fight on the playground: conduct investigation 4"
R1=$(ref)
expect_out "1. Approver, written instruction to copy  [HHKCS 2.4.3(v)] (written instruction)"
note "2.4.3(v) \"未经...授权批准人的明确书面指示，任何人员不得...录制或复制\": a rule, exit 1"
refuse 1 "HHKCS 2.4.3(v): step 1 is a written instruction: state it with --comment" opal approve "$R1"
ok opal approve "$R1" --comment "Copy play-1 12:00-12:30 for conduct investigation 4"
expect_status_of "$R1" granted
note "2.5.3(iv): kept a year after the investigation ends, as the investigation hold"
[ "$(sql "SELECT h.category FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R1'")" = investigation ] ||
    fail "the conduct record is not held as an investigation"
ok gus viewing start "$R1" --viewer "Amy Test:A-1" --declare-not-involved
V1=$(head -n 1 "$T/out")
note "2.5.3(iii) \"则应将其转移到学校所有的有密码保护的安全数字内存中\": no other destination"
refuse 1 "HHKCS 2.5.3(ii), 2.5.3(iii): a copy under school_record_conduct (School record of a conduct investigation) may go only to school_storage" \
    gus viewing end "$V1" --copied --destination police --recipient "Amy Test:A-1"
refuse 1 "HHKCS 2.5.3(iii): no footage is ever kept on a personal device" \
    gus viewing end "$V1" --copied --destination personal_device --recipient "Amy Test:A-1"
ok gus viewing end "$V1" --copied --destination school_storage --recipient "Opal Test:O-1"

note "an insurance claim (2.5.1(v)): the school's storage, and no hold beyond 3.4's 90 days"
ok amy request new --kind copy --camera gate-1 --from "$Y 07:00" --to "$Y 07:30" \
    --purpose insurance_claim --reason "car damaged at the gate"
R2=$(ref)
ok kim approve "$R2" --comment "Copy for the insurer's claim file, kept in school storage"
expect_status_of "$R2" granted
[ "$(sql "SELECT COUNT(*) FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R2'")" = 0 ] ||
    fail "an insurance copy was held beyond retention"

note "a serious offence: 2.5.3(iii) \"如果是严重违法行为，则应将其放置在副校长或校长的保险箱中\""
ok amy request new --kind copy --camera gate-1 --from "$Y 02:00" --to "$Y 03:00" \
    --purpose suspected_crime --reason "break-in at the gate house"
R3=$(ref)
expect_out "1. Principal or vice principal, written instruction to copy  [HHKCS 2.4.3(v), 2.5.3(iii)]"
refuse 1 "HHKCS 2.1.4: step 1 of $R3 is for Principal or vice principal, written instruction to copy, and you hold none of its roles" \
    opal approve "$R3" --comment "copy it"
ok vic approve "$R3" --comment "Copy to the safe: break-in"
[ "$(sql "SELECT h.category FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R3'")" = serious_incident ] ||
    fail "the serious-offence record is not held as 2.5.3(v) says"
ok gus viewing start "$R3" --viewer "Vic Test:V-1" --declare-not-involved
V3=$(head -n 1 "$T/out")
refuse 1 "may go only to school_safe" \
    gus viewing end "$V3" --copied --destination school_storage --recipient "Vic Test:V-1"
ok gus viewing end "$V3" --copied --destination school_safe --recipient "Vic Test:V-1"

note "other grounds are not in 2.5.3(ii): a safeguarding concern is viewed, never copied"
refuse 1 "HHKCS 2.4.3(v), 2.5.3: footage is copied only on an approver's written instruction, for the police or as the school's record of an investigation, an insurance claim or a serious offence" \
    amy request new --kind copy --camera play-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose safeguarding --reason "a worry"
note "an approver's own copy still needs another approver's instruction (2.4.3(ii), (v))"
ok pat request new --kind copy --camera play-1 --from "$Y 13:00" --to "$Y 13:30" \
    --purpose student_conduct --reason "conduct investigation 5"
R4=$(ref)
expect_status_of "$R4" submitted
refuse 1 "HHKCS 2.4.3(ii), 2.4.3(v): you filed $R4; the requester never approves their own request" \
    pat approve "$R4" --comment "mine"
ok vic approve "$R4" --comment "Copy for conduct investigation 5"

expect_status 0 "$VIGIL" admin audit verify
