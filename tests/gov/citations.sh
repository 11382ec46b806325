# citations.sh — issue 15 item 9: each rule cites the article that says it, or the profile's
# own section where the policy is silent; limits the policies give no number for are the
# site's settings, marked so; HHKCS 2.1.4 (guards and ICT do not routinely access
# recordings) is what the guard and ICT roles may do.  Each refusal is checked with its
# citation and exit status.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
Y="2026-03-01"

# next_site POLICY : a fresh site of POLICY in place of the last one.
next_site() {
	serve_stop
	rm -rf "$T/site" "$T/known_hosts"
	gov_site "$1"
}

gov_site hhkcs
camera gate-1 public entrance
user amy staff primary
user kim kindergarten_head kindergarten
user gus guard operations
user ivy ict ict
ok amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "fight at the gate"
R1=$(ref)

note "HHKCS 2.5.2 is the CCTV log, not the reasons of a rejection: the profile's own §1"
refuse 1 "HHKCS profile §1: a rejection states its reasons in writing" kim reject "$R1"
ok kim approve "$R1"
note "HHKCS 2.4.3(iii) is the secure viewing area, not the involved party: the profile's own §2"
refuse 1 "HHKCS profile §2: every viewing records that no involved party takes part" \
    gus viewing start "$R1" --viewer "Amy Test:A-1"
note "HHKCS 2.1.4 \"警卫和信息和技术人员不得例行接触任何录音\": ICT never runs or reads a viewing,"
note "  the guard runs only a viewing an approver granted"
refuse 1 "your roles cannot run supervised viewings of footage" \
    ivy viewing start "$R1" --viewer "Amy Test:A-1" --declare-not-involved
refuse 1 "your roles cannot read every request, not only your own" ivy requests --all
ok amy request new --kind view --camera gate-1 --from "$Y 12:00" --to "$Y 13:00" \
    --purpose student_conduct --reason "not yet granted"
R2=$(ref)
refuse 1 "HHKCS 4.1: $R2 has no active grant (it is waiting for approval)" \
    gus viewing start "$R2" --viewer "Amy Test:A-1" --declare-not-involved
ok gus viewing start "$R1" --viewer "Amy Test:A-1" --declare-not-involved
expect_status 0 "$VIGIL" admin policy check "$SRC/etc/policies/hhkcs.cfg"
expect_out "  guard              Guard [register]"
expect_out "      per HHKCS 2.1.4, 2.4.1, 2.4.3(ii)"
expect_out "      per HHKCS 2.1.4, 2.5.3(i), 3.3, 5.4.1"
note "limits the policy gives no number for are the site's settings"
refuse 1 "site setting: at most 5 people may view footage together; 6 were asked for" \
    amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "crowd" --viewers 6

next_site guat
camera cls-1 interior classroom academic_affairs
user ann staff school_aero
user dha department_head school_aero
user dsa department_head student_affairs
user aah academic_affairs_head academic_affairs
user vpt vp_teaching
user ss security_staff security
user sa staff student_affairs
ok sa request new --kind view --camera cls-1 --from "$Y 13:00" --to "$Y 14:00" \
    --purpose rights_protection --reason "student injured by a falling fan"
R3=$(ref)
ok dsa approve "$R3"
ok aah approve "$R3"
ok vpt approve "$R3"
note "GUAT art. 19 is confidentiality, not the involved party: the profile's own §2"
refuse 1 "GUAT profile §2: every viewing records that no involved party takes part" \
    ss viewing start "$R3" --viewer "Sa Test:S-1"
note "GUAT art. 18(2) \"申请单位经办人工作证或身份证\": viewers' IDs"
refuse 1 "GUAT art. 18(2), GUAT profile §3: \"S 1\" is not a known ID format" \
    ss viewing start "$R3" --viewer "Sa Test:S 1" --declare-not-involved
note "GUAT art. 17 does not say a rejection gives reasons: the profile's own §1"
ok ann request new --kind view --camera cls-1 --from "$Y 13:00" --to "$Y 14:00" \
    --purpose rights_protection --reason "a second look"
R4=$(ref)
refuse 1 "GUAT profile §1: a rejection states its reasons in writing" dha reject "$R4"

next_site dlut
camera sq-1 public public_area sec_lingshui
user stan staff school_cs
user ca campus_admin sec_lingshui
user cb campus_admin sec_lingshui
user op operator sec_lingshui
ok ca request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose case_investigation --reason "scuffle in the square"
R5=$(ref)
note "DLUT art. 16(3) is the safety officer's duty, not self-approval: the profile's own §1, §2"
refuse 1 "DLUT profile §1: you filed $R5; the requester never approves their own request" \
    ca approve "$R5"
ok stan request new --kind view --camera sq-1 --from "$Y 12:00" --to "$Y 12:30" \
    --purpose case_investigation --reason "scuffle in the square"
R6=$(ref)
ok cb approve "$R5"
note "DLUT art. 19 is the viewer's duties, not the involved party: the profile's own §3"
refuse 1 "DLUT profile §3: every viewing records that no involved party takes part" \
    op viewing start "$R5" --viewer "@ca:CA-1"
refuse 1 "DLUT profile §4: a rejection states its reasons in writing" cb reject "$R6"
note "DLUT art. 15(1)3 \"申请人须持有效身份证明材料\": viewers' IDs"
refuse 1 "DLUT art. 15(1)3: \"CA 1\" is not a known ID format" \
    op viewing start "$R5" --viewer "@ca:CA 1" --declare-not-involved

expect_status 0 "$VIGIL" admin audit verify
