# exit_status.sh — issue 15 item 8: every refusal by a rule exits 1 with its article; usage
# errors (a malformed option, a missing argument) exit 2.  Before, an approval without its
# written instruction, a rejection without a reason and an invalid viewer ID exited 2.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site hhkcs

camera gate-1 public entrance
user amy staff primary
user gus guard operations
user opal operations_head operations
user pat principal school
user kim kindergarten_head kindergarten
Y="2026-03-01"

note "HHKCS 2.4.3(v) \"未经...明确书面指示，任何人员不得...复制\": no instruction, refused (1)"
ok gus request new --requester-kind external --agency police --letter "GZ-9" --officer "Officer Li" \
    --officer-id "P-9" --kind copy --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose police_request --reason "theft"
R1=$(ref)
ok opal approve "$R1"
refuse 1 "HHKCS 2.4.3(v), 2.5.3(i): step 2 is a written instruction: state it with --comment" \
    pat approve "$R1"
refuse 1 "HHKCS 2.4.3(v), 2.5.3(i): step 2 is a written instruction: state it with --comment" \
    pat approve "$R1" --comment ""
refuse 2 "usage: approve REF [--comment TEXT]" pat approve
refuse 2 "unknown option --instruction" pat approve "$R1" --instruction "copy it"
ok pat approve "$R1" --comment "Copy for the police"

note "a rejection states its reasons in writing (HHKCS profile §1): none is a refusal (1)"
ok amy request new --kind view --camera gate-1 --from "$Y 12:00" --to "$Y 13:00" \
    --purpose student_conduct --reason "lunch-time fight"
R2=$(ref)
refuse 1 "HHKCS profile §1: a rejection states its reasons in writing (--reason)" kim reject "$R2"
refuse 1 "HHKCS profile §1: a rejection states its reasons in writing (--reason)" \
    kim reject "$R2" --reason "   "
refuse 2 "the reason must be plain text" kim reject "$R2" --reason "$(printf 'no\033[2Jway')"
ok kim approve "$R2"

note "viewers show an ID in a known format (HHKCS profile §3): a bad one is refused (1)"
refuse 1 "HHKCS profile §3: \"A 1\" is not a known ID format" \
    gus viewing start "$R2" --viewer "Amy Test:A 1" --declare-not-involved
refuse 1 "HHKCS profile §3: 110105194912310020 is not a valid resident ID card number: its check digit is wrong" \
    gus viewing start "$R2" --viewer "Amy Test:110105194912310020" --declare-not-involved
note "...while a --viewer that is not NAME:ID at all is a usage error (2)"
refuse 2 "--viewer \"Amy Test\" must be NAME:ID" gus viewing start "$R2" --viewer "Amy Test" \
    --declare-not-involved
refuse 2 "a viewer's ID is required" gus viewing start "$R2" --viewer "Amy Test:" \
    --declare-not-involved
ok gus viewing start "$R2" --viewer "Amy Test:11010519491231002X" --declare-not-involved

expect_status 0 "$VIGIL" admin audit verify
