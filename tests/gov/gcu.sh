# gcu.sh — policy 001 (GCU, 2022) end to end: unit requests by the kind of footage,
# dormitories via the college, outside bodies, the viewing record, and the refusals.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site gcu

camera road-1 public road security
camera dorm-1 public dormitory security
camera lib-1 public public_building library
camera exam-1 public exam_room academic_affairs
user sam staff school_cs
user cheng unit_head school_cs
user hu unit_head,security_head school_cs
user lin unit_head library
user sue security_head security
user leo school_leader
user mia staff school_mgmt
user mo unit_head school_mgmt
user stu student_affairs_head student_affairs
user op operator security
user pol police_liaison "" police
Y="2026-03-01"

note "art. 16: never in a personal capacity"
refuse 1 "GCU art. 16: footage is never requested in a personal capacity" sam request new \
    --requester-kind personal --kind view --camera road-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose general_event --reason "my bicycle"

note "art. 16(1): a general event on the public system: the unit's head, then the security head"
ok sam request new --kind view --camera road-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose general_event --reason "bicycle stolen from the road by building 3"
R1=$(ref)
expect_out "1. Head of unit (School of Computer Engineering)  [GCU art. 16(1)1]"
expect_out "2. Head of the security office  [GCU art. 16(1)2]"
note "a step is signed only by the head of the right unit (GCU art. 16(1)2)"
refuse 1 "GCU art. 16(1)2: step 1 of $R1 is for Head of unit (School of Computer Engineering); you belong to Library, not to that unit" \
    lin approve "$R1"
refuse 1 "GCU art. 16: you filed $R1; the requester never approves their own request" \
    sam approve "$R1"
ok cheng approve "$R1"
expect_out "next: step 2, Head of the security office"
refuse 1 "GCU art. 16(1)2: step 2 of $R1 is for Head of the security office, and you hold none of its roles" \
    leo approve "$R1"
ok sue approve "$R1"
expect_status_of "$R1" granted

note "art. 16(1)1: the involved party never takes part in the viewing"
refuse 1 "GCU art. 16(1)1: every viewing records that no involved party takes part" \
    op viewing start "$R1" --viewer "Sam Test:S-11"
ok op viewing start "$R1" --viewer "Sam Test:S-11" --declare-not-involved
V1=$(head -n 1 "$T/out")
note "art. 16(1)3: the record says where the footage went (去向), \"none\" when nothing left"
refuse 1 "GCU art. 16(1)3: the viewing record says where the footage went: --destination none when nothing left the viewing" \
    op viewing end "$V1"
refuse 1 "GCU art. 15, 17: $R1 grants viewing only; a view grant never yields a copy" \
    op viewing end "$V1" --copied --destination requesting_unit --recipient "Sam Test:S-11"
refuse 2 "--destination requesting_unit says a copy went there: add --copied, or say --destination none" \
    op viewing end "$V1" --destination requesting_unit
ok op viewing end "$V1" --destination none --notes "thief seen at 10:42"
ok sue viewings --request "$R1" --json
json_check 'd[0]["operator"]=="op" and d[0]["destination"]=="none" and d[0]["recipient"] is None and d[0]["viewers"][0]=={"name":"Sam Test","id":"S-11"} and d[0]["started"] and d[0]["ended"]'
ok sue request show "$R1" --json
json_check 'd["purpose"]=="general_event" and d["from"]=="2026-03-01T10:00:00Z" and d["to"]=="2026-03-01T11:00:00Z" and d["cameras"]==["road-1"]'

note "one person never signs two steps of the same request (GCU art. 16(1)1, 16(1)2)"
ok sam request new --kind copy --camera road-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose general_event --reason "damage to a car"
R2=$(ref)
ok hu approve "$R2"
refuse 1 "GCU art. 16(1)1, 16(1)2: you signed step 1 of $R2; one person never signs two steps" \
    hu approve "$R2"
note "a rejection states its reasons in writing (GCU profile §1: the policy is silent; a rule, exit 1)"
refuse 1 "GCU profile §1: a rejection states its reasons in writing" sue reject "$R2"
ok sue reject "$R2" --reason "the car park camera is the right one; file again for it"
expect_status_of "$R2" rejected
ok sam request show "$R2"
expect_out "rejected by sue (Head of the security office)"
refuse 1 "$R2 is rejected, not waiting for approval" sue approve "$R2"

note "art. 16(1)2: a secondary unit's own system: that unit's head"
ok sam request new --kind view --camera lib-1 --from "$Y 09:00" --to "$Y 09:30" \
    --purpose work_need --reason "lost laptop in the reading room"
R3=$(ref)
expect_out "2. Head of unit (Library)  [GCU art. 3, 16(1)2]"
ok cheng approve "$R3"
ok lin approve "$R3"
expect_status_of "$R3" granted

note "art. 16(1)2: exam rooms and other sensitive places: the school leader in charge"
ok sam request preview --kind view --camera exam-1 --from "$Y 09:00" --to "$Y 09:30" \
    --purpose general_event --reason "exam complaint"
expect_out "2. School leader in charge  [GCU art. 16(1)2]"
expect_no_out "Head of the security office"

note "art. 16(1)1: dormitory footage for a student matter goes via the college to student affairs"
ok mia request new --kind view --camera dorm-1 --from "$Y 22:00" --to "$Y 23:00" \
    --purpose student_matter --reason "student missing after curfew" --viewers 2
R4=$(ref)
expect_out "1. Head of the student's college (School of Management)  [GCU art. 16(1)1]"
expect_out "2. Head of student affairs  [GCU art. 16(1)1]"
ok mo approve "$R4"
ok stu approve "$R4"
note "art. 16(1)1: \"学生所在二级学院相关工作人员和学校安保工作人员一同参与调阅\":"
note "  staff of the student's college and school security staff view together, each a registered viewer"
refuse 1 "GCU art. 16(1)1: a viewing of $R4 includes staff of the student's college among its viewers, named as a registered user (@LOGIN:ID)" \
    op viewing start "$R4" --viewer "Mia Test:M-2" --viewer "Guard Zhou:G-7" --declare-not-involved
refuse 1 "GCU art. 16(1)1: a viewing of $R4 includes school security staff among its viewers" \
    op viewing start "$R4" --viewer "@mia:M-2" --viewer "Guard Zhou:G-7" --declare-not-involved
note "the operator who runs it is not one of the viewers"
refuse 1 "GCU art. 16(1)1: a viewing of $R4 includes school security staff among its viewers" \
    op viewing start "$R4" --viewer "@mia:M-2" --viewer "@mo:G-7" --declare-not-involved
refuse 2 "no user \"zhou\" who may be named as a registered viewer" \
    op viewing start "$R4" --viewer "@mia:M-2" --viewer "@zhou:G-7" --declare-not-involved
ok op viewing start "$R4" --viewer "@mia:M-2" --viewer "@sue:G-7" --declare-not-involved
ok sue viewings --request "$R4" --json
json_check 'd[0]["viewers"]==[{"name":"Mia Test","id":"M-2","login":"mia"},{"name":"Sue Test","id":"G-7","login":"sue"}]'

note "art. 16(2): outside bodies: letter and ID, the security head, then the school leader"
refuse 1 "GCU art. 16(2): an external request needs the official letter's reference" pol request new \
    --requester-kind external --agency education_authority --officer "Inspector Tan" \
    --officer-id "E-20" --kind view --camera road-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose official_business --reason "inspection"
refuse 1 "GCU art. 16(2)3: an outside body copies footage only when the police or a judicial body collects evidence for a case" \
    pol request new --requester-kind external --agency education_authority --letter "EDU-3" \
    --officer "Inspector Tan" --officer-id "E-20" --kind copy --camera road-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose official_business --reason "inspection"
ok pol request new --requester-kind external --agency police --letter "GZPSB-88" \
    --officer "Officer Liang" --officer-id "P-301" --kind copy --camera road-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose case_investigation --reason "theft case 88"
R5=$(ref)
expect_out "1. Head of the security office  [GCU art. 16(2)2]"
expect_out "2. School leader in charge  [GCU art. 16(2)2]"
ok sue approve "$R5"
ok leo approve "$R5"
ok op viewing start "$R5" --viewer "Officer Liang:P-301" --declare-not-involved
V5=$(head -n 1 "$T/out")
note "art. 16(2)3, 11(4): the evidence copy goes to the body that asked, and to no one outside"
refuse 1 "GCU art. 11(4): footage is never given to a unit or person outside these rules" \
    op viewing end "$V5" --copied --destination outside_party --recipient "Reporter Ma:R-1"
refuse 1 "GCU art. 16(2)3: a copy goes to The court that asked only when Court asked for it, and this request is from police" \
    op viewing end "$V5" --copied --destination court --recipient "Clerk Fan:CT-7"
refuse 1 "GCU art. 16(1)3, 16(2)2: \"P 301\" is not a known ID format" \
    op viewing end "$V5" --copied --destination police --recipient "Officer Liang:P 301"
ok op viewing end "$V5" --copied --destination police --recipient "Officer Liang:P-301"
ok sue request show "$R5"
expect_out "agency:      police, letter GZPSB-88, officer Officer Liang (ID P-301)"

note "withdrawing"
ok sam request new --kind view --camera road-1 --from "$Y 13:00" --to "$Y 13:30" \
    --purpose general_event --reason "on second thoughts"
R6=$(ref)
refuse 1 "only the requester sam may withdraw $R6" cheng withdraw "$R6"
ok sam withdraw "$R6"
expect_status_of "$R6" withdrawn
refuse 1 "$R6 is withdrawn, not waiting for approval" cheng approve "$R6"

note "holds: art. 11(3), by the security head"
refuse 1 "your roles cannot place and release holds on footage" op hold place --camera road-1 --from "$Y 10:00" \
    --to "$Y 11:00" --category case_evidence --reason "theft"
ok sue hold place --camera road-1 --from "$Y 10:00" --to "$Y 11:00" --category case_evidence \
    --reason "theft case 88"
ok sue holds
expect_out "Evidence of an unlawful act"

expect_status 0 "$VIGIL" admin audit verify
