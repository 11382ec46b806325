# guat.sh — policy 002 (GUAT classroom rules, 2020) end to end: teachers' own classes,
# supervision, lost property, rights protection, outside bodies, retention, refusals.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
camera cls-2 interior classroom academic_affairs
camera exam-1 interior exam_room academic_affairs
user tina teacher school_it
user dean department_head school_it
user aah academic_affairs_head academic_affairs
user sup supervisor academic_affairs
user sec security_head security
user ss security_staff security
user ma monitor_admin academic_affairs
user vpt vp_teaching
user vps vp_safety
user ann staff school_aero
user dha department_head school_aero
user sa staff student_affairs
user dsa department_head student_affairs
user stu student school_aero
user mo counsellor school_aero
user cy counsellor school_it
Y="2026-03-01"

note "art. 17(1): \"任课教师调看、拷贝本人的上课视频\": the teacher's own classes are the"
note "  class mapping's: classes linked to cameras, teachers to classes, kept by user.manage"
refuse 1 "GUAT art. 3, 17(1): camera \"cls-1\" is linked to no class you teach: as Teacher, for their own classes you may ask only for your own classes' footage" \
    tina request new --requester-kind teacher_own_class --kind copy --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_material --reason "demonstration lesson"
refuse 1 "your roles cannot manage users and how they log in" tina class add it-1 --name "IT class 1"
ok ma class add it-1 --name "Information Engineering, class 1" --unit school_it
ok ma class link it-1 --camera cls-1 --teacher tina
audited class.link it-1
ok ma classes --json
json_check 'd==[{"id":"it-1","name":"Information Engineering, class 1","unit":"school_it","cameras":["cls-1"],"teachers":["tina"]}]'
note "a camera of another class stays refused, in a request with her own class too"
refuse 1 "GUAT art. 3, 17(1): camera \"cls-2\" is linked to no class you teach" \
    tina request new --requester-kind teacher_own_class --kind view --camera cls-1,cls-2 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_improvement --reason "both rooms"

note "art. 17(1): a teacher views and copies their own classes"
ok tina request new --requester-kind teacher_own_class --kind copy --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_material --reason "demonstration lesson"
R1=$(ref)
expect_out "1. Head of department (School of Information Engineering)  [GUAT art. 17(1)]"
expect_out "2. Head of academic affairs  [GUAT art. 17(1)]"
refuse 1 "GUAT art. 17: step 1 of $R1 is for Head of department (School of Information Engineering); you belong to School of Aerospace Engineering, not to that unit" \
    dha approve "$R1"
ok dean approve "$R1"
ok aah approve "$R1"
ok ma viewing start "$R1" --viewer "Tina Test:T-55" --declare-not-involved
V1=$(head -n 1 "$T/out")
note "art. 17(1), 19: the copy goes to the teacher themself, to no one else"
refuse 1 "GUAT art. 19: footage is kept confidential and never passed on beyond the use approved" \
    ma viewing end "$V1" --copied --destination outside_party --recipient "Tina Test:T-55"
refuse 1 "GUAT art. 17(1): a copy under teacher_own_class (Teacher's own classes) may go only to teacher" \
    ma viewing end "$V1" --copied --destination requesting_department --recipient "Tina Test:T-55"
ok ma viewing end "$V1" --copied --destination teacher --recipient "Tina Test:T-55"
refuse 1 "GUAT art. 3, 17(1): only teacher may file as requester kind \"teacher_own_class\"" ann request new \
    --requester-kind teacher_own_class --kind view --camera cls-1 --from "$Y 08:00" \
    --to "$Y 09:40" --purpose teaching_material --reason "x"

note "art. 17(2): leaders and supervisors view teachers' classes with academic affairs, never copy"
refuse 1 "GUAT art. 17(2): school leaders and supervisors may view teachers' classes but never copy them" \
    sup request new --requester-kind leader_supervisor --kind copy --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_supervision --reason "inspection"
ok sup request new --requester-kind leader_supervisor --kind view --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_supervision --reason "inspection"
R2=$(ref)
expect_out "1. Head of academic affairs  [GUAT art. 17(2)]"
ok aah approve "$R2"
expect_status_of "$R2" granted

note "art. 17(3): lost property: the person's unit, security, academic affairs; security staff run it"
refuse 1 "GUAT art. 17(3): footage viewed to find lost property is never copied" ann request new \
    --requester-kind lost_property --kind copy --camera cls-1 --from "$Y 10:00" --to "$Y 11:40" \
    --purpose lost_property --reason "lost wallet"
ok ann request new --requester-kind lost_property --kind view --camera cls-1 \
    --from "$Y 10:00" --to "$Y 11:40" --purpose lost_property --reason "lost wallet" --viewers 2
R3=$(ref)
expect_out "1. Head of the person's unit (School of Aerospace Engineering)  [GUAT art. 17(3)]"
expect_out "2. Head of the security office  [GUAT art. 17(3)]"
expect_out "3. Head of academic affairs  [GUAT art. 17(3)]"
ok dha approve "$R3"
ok sec approve "$R3"
ok aah approve "$R3"
refuse 1 "GUAT art. 17(3): viewings of $R3 are run by security_staff" ma viewing start "$R3" \
    --viewer "Ann Test:A-1" --viewer "Counsellor Mo:C-3" --declare-not-involved
note "art. 17(3): \"由保卫处人员及学生辅导员按申请监控区域和监控时段调阅和查看\": the"
note "  counsellor of the person's unit is present, and the person views, both registered"
refuse 1 "GUAT art. 17(3): a viewing of $R3 includes the student's counsellor among its viewers, named as a registered user (@LOGIN:ID)" \
    ss viewing start "$R3" --viewer "Ann Test:A-1" --viewer "Counsellor Mo:C-3" --declare-not-involved
refuse 1 "GUAT art. 17(3): a viewing of $R3 includes the student's counsellor among its viewers" \
    ss viewing start "$R3" --viewer "@ann:A-1" --viewer "@cy:C-4" --declare-not-involved
refuse 1 "GUAT art. 17(3): a viewing of $R3 includes the person who lost the property among its viewers" \
    ss viewing start "$R3" --viewer "@mo:C-3" --viewer "Ann Test:A-1" --declare-not-involved
ok ss viewing start "$R3" --viewer "@ann:A-1" --viewer "@mo:C-3" --declare-not-involved
V3=$(head -n 1 "$T/out")
ok ss viewing end "$V3" --notes "wallet taken by a visitor at 10:52"

note "art. 17(3): a student's own lost-property request, the counsellor of their school present"
ok stu request new --requester-kind lost_property --kind view --camera cls-1 \
    --from "$Y 14:00" --to "$Y 15:00" --purpose lost_property --reason "lost phone" --viewers 2
R7=$(ref)
ok dha approve "$R7"
ok sec approve "$R7"
ok aah approve "$R7"
ok ss viewing start "$R7" --viewer "@stu:S-2026-1" --viewer "@mo:C-3" --declare-not-involved

note "art. 17(4): other rights protection: department, academic affairs, school leader; copy allowed"
ok sa request new --kind copy --camera cls-1 --from "$Y 13:00" --to "$Y 14:00" \
    --purpose rights_protection --reason "student injured by a falling fan"
R4=$(ref)
expect_out "3. School leader for teaching  [GUAT art. 17(4)]"
ok dsa approve "$R4"
ok aah approve "$R4"
refuse 1 "GUAT art. 17: you signed step 2 of $R4; one person never signs two steps" aah approve "$R4"
ok vpt approve "$R4"
expect_status_of "$R4" granted

note "art. 18: outside bodies, escorted by security staff"
refuse 1 "GUAT art. 18: only security_head, security_staff may file" tina request new \
    --requester-kind external --agency police --letter L --officer O --officer-id I \
    --kind view --camera cls-1 --from "$Y 08:00" --to "$Y 09:00" --purpose case_investigation \
    --reason x
refuse 1 "GUAT art. 18: agency \"other\" is not one of police, procuratorate, court, state_security, education_authority, so it needs a certificate" \
    ss request new --requester-kind external --agency other --letter "INS-4" \
    --officer "Agent Lu" --officer-id "X-4" --kind view --camera cls-1 --from "$Y 08:00" \
    --to "$Y 09:00" --purpose case_investigation --reason "insurance fraud"
ok ss request new --requester-kind external --agency other --certificate "GLPSB-CERT-12" \
    --letter "INS-4" --officer "Agent Lu" --officer-id "X-4" --kind view --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:00" --purpose case_investigation --reason "insurance fraud"
R5=$(ref)
expect_out "1. Head of the security office  [GUAT art. 18(2)]"
ok ss request new --requester-kind external --agency court --letter "COURT-7" \
    --officer "Clerk Fan" --officer-id "CT-7" --kind view --camera exam-1 --from "$Y 08:00" \
    --to "$Y 09:00" --purpose major_case --reason "exam fraud ring"
R6=$(ref)
expect_out "2. School leader for safety  [GUAT art. 18(2)]"
ok sec approve "$R6"
ok vps approve "$R6"
refuse 1 "GUAT art. 18(2): viewings of $R6 are run by security_staff" ma viewing start "$R6" \
    --viewer "Clerk Fan:CT-7" --declare-not-involved
ok ss viewing start "$R6" --viewer "Clerk Fan:CT-7" --declare-not-involved

note "art. 21: recordings are kept 30 days"
clock_days 31
refuse 1 "GUAT art. 21: the footage of camera \"cls-1\" from 2026-03-01 08:00:00 is older than its 30-day retention" \
    tina request new --requester-kind teacher_own_class --kind view --camera cls-1 \
    --from "$Y 08:00" --to "$Y 09:40" --purpose teaching_improvement --reason "too late"
note "a waiting request cannot be approved once its footage is gone"
refuse 1 "GUAT art. 21: the footage of camera \"cls-1\"" sec approve "$R5"

expect_status 0 "$VIGIL" admin audit verify
