# dlut.sh — policy 004 (DLUT, 2024) end to end: the level-2 body of the camera's campus,
# level-3 units, escorted outside viewings on every route, only applicants viewing and three
# at once for the same footage, emergencies with a principal head's consent, the level-2
# body's own copies, formal letters, and copies kept for their limitation period.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site dlut

camera sq-1 public public_area sec_lingshui
camera cs-1 public building school_cs
camera key-1 public key_location sec_lingshui
camera pj-1 public laboratory panjin_labs
user stan staff school_cs
user ca campus_admin sec_lingshui
user cap campus_admin panjin_affairs
user chp campus_head panjin_affairs
user chl campus_head sec_lingshui
user so security_office security
user soh security_office_head security
user ua unit_admin school_cs
user op operator sec_lingshui
user pl police_liaison "" police
Y="2026-03-01"

note "art. 15(1)1, 15(1)2: the level-2 body of the camera's campus decides"
ok stan request new --kind view --camera cs-1 --from "$Y 20:00" --to "$Y 21:00" \
    --purpose other --reason "projector missing from room 204"
R1=$(ref)
expect_out "1. Campus body (level 2) or Head of a campus body (level 2) (Security office, Lingshui and Development Zone campuses)  [DLUT art. 15(1)1]"
note "art. 15(1)2: level-3 units never accept or decide requests"
refuse 1 "DLUT art. 15(1)2: level-3 units (School of Computer Science) may not accept or decide requests; $R1 goes to Campus body (level 2) or Head of a campus body (level 2) (Security office, Lingshui and Development Zone campuses)" \
    ua approve "$R1"
refuse 1 "DLUT art. 7, 15: step 1 of $R1 is for Campus body (level 2) or Head of a campus body (level 2) (Security office, Lingshui and Development Zone campuses); you belong to Panjin campus general affairs, not to that unit" \
    cap approve "$R1"
note "the requester never approves their own request (DLUT profile §1: the policy is silent)"
refuse 1 "DLUT profile §1: you filed $R1; the requester never approves their own request" \
    stan approve "$R1"
ok ca approve "$R1"
expect_status_of "$R1" granted

note "art. 15(1)4 \"监控数据仅限申请人本人查阅\": the requester, named as a registered user, or a"
note "  co-applicant named on the request; nobody else"
refuse 1 "DLUT art. 15(1)4: footage is viewed only by its applicants: Stan Test (D-1) is neither the requester Stan Test (named @stan:ID) nor a co-applicant named on $R1" \
    op viewing start "$R1" --viewer "Stan Test:D-1" --declare-not-involved
ok op viewing start "$R1" --viewer "@stan:D-1" --declare-not-involved
V1=$(head -n 1 "$T/out")
refuse 1 "DLUT art. 14: $R1 grants viewing only; a view grant never yields a copy" op viewing end \
    "$V1" --copied --destination requesting_unit --recipient "Stan Test:D-1"
ok op viewing end "$V1" --notes "projector seen leaving at 20:41"

note "art. 15(1)4 \"同一监控数据内容涉及多个查阅申请人的，同时查阅人数原则上不得超过3人\""
refuse 1 "DLUT art. 15(1)4: at most 3 people may view footage together; 4 were asked for" \
    stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "crowd" --viewers 4
ok stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose case_investigation --reason "scuffle in the square" --viewers 3 \
    --co-applicant "Witness Qi:D-2" --co-applicant "Witness Ren:D-3"
R2=$(ref)
ok ca approve "$R2"
refuse 1 "DLUT art. 15(1)4: footage is viewed only by its applicants: Witness Ma (D-4) is neither the requester" \
    op viewing start "$R2" --viewer "@stan:D-1" --viewer "Witness Ma:D-4" --declare-not-involved
ok op viewing start "$R2" --viewer "@stan:D-1" --viewer "Witness Qi:D-2" --declare-not-involved
V2=$(head -n 1 "$T/out")
note "a second applicant's request for the same footage: the three at once count both"
ok stan request new --kind view --camera sq-1,key-1 --from "$Y 12:10" --to "$Y 12:20" \
    --purpose case_investigation --reason "the same scuffle, second witness" --viewers 2 \
    --co-applicant "Witness Lu:D-5" --co-applicant "Witness Xi:D-6"
R2B=$(ref)
ok chl approve "$R2B"
refuse 1 "DLUT art. 15(1)4: at most 3 people view the same footage at once; 2 are viewing it now, under $R2B or another request for it" \
    op viewing start "$R2B" --viewer "Witness Lu:D-5" --viewer "Witness Xi:D-6" --declare-not-involved
ok op viewing start "$R2B" --viewer "Witness Lu:D-5" --declare-not-involved
V2B=$(head -n 1 "$T/out")
refuse 1 "DLUT art. 15(1)4: at most 3 people view the same footage at once; 3 are viewing it now" \
    op viewing start "$R2" --viewer "Witness Ren:D-3" --declare-not-involved
ok op viewing end "$V2B" --notes "confirmed"
ok op viewing start "$R2" --viewer "Witness Ren:D-3" --declare-not-involved
V3=$(head -n 1 "$T/out")
ok op viewing end "$V2" --notes "identified"
ok op viewing end "$V3" --notes "confirmed"

note "art. 15(1)5 \"须经一级或二级管理机构主要负责人同意\": the principal head's consent"
ok stan request new --emergency --kind view --camera cs-1 --from "$Y 23:00" --to "$Y 23:30" \
    --purpose emergency --reason "fire alarm in the lab building"
R3=$(ref)
expect_out "1. Head of the security office (level 1) or Head of a campus body (level 2) (Security office, Lingshui and Development Zone campuses, or a level-1 unit)  [DLUT art. 15(1)5]"
refuse 1 "DLUT art. 7, 15: step 1 of $R3 is for Head of the security office (level 1) or Head of a campus body (level 2)" \
    so approve "$R3"
refuse 1 "DLUT art. 7, 15: step 1 of $R3 is for Head of the security office (level 1) or Head of a campus body (level 2)" \
    ca approve "$R3"
refuse 1 "you belong to Panjin campus general affairs, not to that unit" chp approve "$R3"
ok soh approve "$R3"
expect_status_of "$R3" granted
refuse 1 "the dlut profile has no emergency procedure for a copy request" stan request new \
    --emergency --kind copy --camera cs-1 --from "$Y 23:00" --to "$Y 23:30" \
    --purpose emergency --reason "fire"

note "art. 15(1)1: outside persons only when registered by police or judicial bodies, escorted"
refuse 1 "DLUT art. 15(1)1: only police, procuratorate, court may request footage as an external body, not \"other\"" \
    pl request new --requester-kind external --agency other --letter "CO-1" --officer "Mr Bo" \
    --officer-id "B-1" --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "insurance"
ok pl request new --requester-kind external --agency police --letter "DLPSB-2026-31" \
    --officer "Officer Gao" --officer-id "P-9001" --kind view --camera sq-1 --from "$Y 12:00" \
    --to "$Y 12:30" --purpose case_investigation --reason "assault case" --viewers 2 \
    --co-applicant "Victim Xu:V-1"
R4=$(ref)
ok ca approve "$R4"
refuse 1 "DLUT art. 15(1)1: the registering officer Officer Gao (ID P-9001) escorts the viewing" \
    op viewing start "$R4" --viewer "Victim Xu:V-1" --declare-not-involved
ok op viewing start "$R4" --viewer "Victim Xu:V-1" --viewer "Officer Gao:P-9001" \
    --declare-not-involved
V4=$(head -n 1 "$T/out")
ok op viewing end "$V4" --notes "identified the assailant"

note "art. 15(1)1 on every route: an outside party's emergency viewing is escorted too, and"
note "  consented to by the level-2 body's principal head (15(1)1 with 15(1)5)"
ok pl request new --emergency --requester-kind external --agency police --letter "DLPSB-2026-40" \
    --officer "Officer Gao" --officer-id "P-9001" --kind view --camera cs-1 --from "$Y 23:00" \
    --to "$Y 23:30" --purpose emergency --reason "arson suspect" --viewers 2 \
    --co-applicant "Witness Hu:W-1"
R6=$(ref)
expect_out "1. Head of a campus body (level 2) (Security office, Lingshui and Development Zone campuses)  [DLUT art. 15(1)1, 15(1)5]"
refuse 1 "DLUT art. 7, 15: step 1 of $R6 is for Head of a campus body (level 2)" soh approve "$R6"
ok chl approve "$R6"
refuse 1 "DLUT art. 15(1)1: the registering officer Officer Gao (ID P-9001) escorts the viewing and must be among the viewers" \
    op viewing start "$R6" --viewer "Witness Hu:W-1" --declare-not-involved
ok op viewing start "$R6" --viewer "Witness Hu:W-1" --viewer "Officer Gao:P-9001" \
    --declare-not-involved

note "art. 15(2)2 \"应出具申请公函，明确调取用途、调取人员、调取方式\": a formal letter"
refuse 1 "DLUT art. 14, 15(2)2: footage is copied only to handle a case or for security work" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose other --reason "keepsake"
refuse 1 "DLUT art. 15(2)2: a copy is asked for with a formal letter naming its use, the people who take it and the manner: give the letter's reference (--letter)" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab"
refuse 1 "DLUT art. 15(2)2: the formal letter names the manner of the copy (--manner)" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab" --letter "CS-2026-12"
refuse 1 "DLUT art. 15(2)2: the formal letter names the people who take the copy (--co-applicant 'NAME:ID')" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab" --letter "CS-2026-12" \
    --manner "one encrypted USB drive, collected at the campus office"
note "art. 15(2)3 \"保存期限原则上为对应案（事）件所适用法律的相应追诉期\": the term is chosen"
refuse 1 "DLUT art. 15(2)3: a granted copy is held as \"case_copy\" for the limitation period of its case: choose it with --hold-term, one of 6m" \
    stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab" --letter "CS-2026-12" \
    --manner "one encrypted USB drive, collected at the campus office" \
    --co-applicant "Stan Test:D-1"
ok stan request new --kind copy --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "equipment theft in the Panjin lab" --letter "CS-2026-12" \
    --manner "one encrypted USB drive, collected at the campus office" \
    --co-applicant "Stan Test:D-1" --hold-term 5y
R5=$(ref)
expect_out "Campus body (level 2) or Head of a campus body (level 2) (Panjin campus general affairs)"
ok stan request show "$R5" --json
json_check 'd["letter"]=="CS-2026-12" and d["manner"].startswith("one encrypted") and d["co_applicants"]==[{"name":"Stan Test","id":"D-1"}] and d["hold_term"]=="5y"'
ok cap approve "$R5"
H=$(sql "SELECT h.id FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R5' AND h.category = 'case_copy' AND h.term = '5y' AND h.until_us IS NULL")
[ -n "$H" ] || fail "the granted copy was not held for the limitation period"
audited hold.place "hold $H"
note "art. 15(2)3 \"保存期间严禁删除\": no one releases it before its term, not even the campus body"
refuse 1 "DLUT art. 15(2)3: holds of category \"case_copy\" are placed and released only by campus_admin, campus_head" \
    so hold release "$H"
refuse 1 "DLUT art. 15(2)3: hold $H keeps the footage for its minimum term (5y) until 2031-03-02 09:00:00; no one may release it before then" \
    cap hold release "$H" --reason "case closed"
note "...and the database itself refuses it to whoever holds the file"
sql "UPDATE holds SET released_us = 1 WHERE id = $H" 2>"$T/sqlerr" &&
    fail "the database let a hold go before its minimum term"
grep -q "a hold is not released before its minimum term" "$T/sqlerr" || fail "$(cat "$T/sqlerr")"
ok cap holds --json
json_check '[h for h in d if h["id"]=='"$H"'][0]["term"]=="5y" and [h for h in d if h["id"]=='"$H"'][0]["not_released_before"]=="2031-03-02T09:00:00Z"'
note "a hold placed by hand in the category takes a term too"
refuse 1 "DLUT art. 15(2)3: a hold of category \"case_copy\" is placed for a minimum term" \
    cap hold place --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" --category case_copy \
    --reason "second case"
refuse 2 "\"7y\" is not a term of hold category \"case_copy\"" \
    cap hold place --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" --category case_copy \
    --reason "second case" --term 7y
ok cap hold place --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" --category case_copy \
    --reason "public-order case 3" --term 6m
H2=$(head -n 1 "$T/out")
refuse 1 "hold $H2 keeps the footage for its minimum term (6m)" cap hold release "$H2"

note "art. 15(2)1 \"二级管理机构行使对应校区监控数据调取权\": its own campus, on its own authority"
ok cap request new --kind copy --camera pj-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose security_work --reason "lab access audit" --hold-term 6m
R7=$(ref)
expect_out "granted until"
expect_status_of "$R7" granted
[ "$(sql "SELECT COUNT(*) FROM holds h JOIN requests r ON r.id = h.request_id WHERE r.ref = '$R7' AND h.term = '6m'")" = 1 ] ||
    fail "the level-2 body's own copy was not held for its term"
refuse 1 "DLUT art. 15(2)2: a copy is asked for with a formal letter" cap request new --kind copy \
    --camera sq-1 --from "$Y 10:00" --to "$Y 11:00" --purpose security_work \
    --reason "another campus's square" --hold-term 6m
ok op viewing start "$R7" --viewer "@cap:CA-7" --declare-not-involved
V7=$(head -n 1 "$T/out")
refuse 1 "DLUT art. 15(2)1: a copy under campus_copy (The campus body's own copy) may go only to campus_body" \
    op viewing end "$V7" --copied --destination requesting_unit --recipient "Cap Test:CA-7"
refuse 1 "DLUT art. 14: footage is never spread over the internet or used for other ends" \
    op viewing end "$V7" --copied --destination internet --recipient "Cap Test:CA-7"
ok op viewing end "$V7" --copied --destination campus_body --recipient "Cap Test:CA-7"

note "art. 13: at least 30 days, key locations at least 90"
clock_days 40
refuse 1 "DLUT art. 13: the footage of camera \"sq-1\" from 2026-03-01 12:00:00 is older than its 30-day retention" \
    stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "late"
ok stan request new --kind view --camera key-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose other --reason "key location, still kept"
note "the held copy's footage outlives retention"
ok stan request new --kind view --camera pj-1 --from "$Y 09:00" --to "$Y 10:00" \
    --purpose case_investigation --reason "review the copied range"

expect_status 0 "$VIGIL" admin audit verify
