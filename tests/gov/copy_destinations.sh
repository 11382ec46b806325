# copy_destinations.sh — issue 15 item 1: where a copy may go is structured, not free text.
# HHKCS 2.5.3(i): a copy for the police goes to the police only; the viewing's end names
# the recipient as a destination kind of the profile, the person and their ID; refused
# kinds say why with their article; nothing is written when the end is refused.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site hhkcs

camera gate-1 public entrance
user gus guard operations
user opal operations_head operations
user pat principal school
Y="2026-03-01"

ok gus request new --requester-kind external --agency police --letter "GZ-2026-17" \
    --officer "Officer Wang" --officer-id "P-4471" --kind copy --camera gate-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose police_request --reason "bicycle theft"
R=$(ref)
ok opal approve "$R"
ok pat approve "$R" --comment "Copy gate-1 10:00-11:00 for the police only"
ok gus viewing start "$R" --viewer "Officer Wang:P-4471" --declare-not-involved
V=$(head -n 1 "$T/out")

note "HHKCS 2.5.3(i) \"只能由批准人书面授权的人员制作副本并直接与警察当局共享，不得与任何其他方或家长共享\""
refuse 1 "HHKCS 2.5.3(i): a copy is never shared with a parent" \
    gus viewing end "$V" --copied --destination parent --recipient "Mrs Chan:H-123"
refuse 1 "HHKCS 2.5.3(i), 2.5.3(iii): a copy goes to the police directly, or stays in the school's secure storage or safe, and to no other party" \
    gus viewing end "$V" --copied --destination third_party --recipient "Reporter Ma:R-1"
refuse 1 "HHKCS 2.4.3(v), 2.5.3(i): a copy under police_copy (Copy for the police) may go only to police (The police, directly), not to The school's password-protected secure storage" \
    gus viewing end "$V" --copied --destination school_storage --recipient "Ivy Test:I-1"
note "HHKCS 2.5.3(iii): \"在任何情况下，任何录像都不得保留在任何个人设备上\""
refuse 1 "HHKCS 2.5.3(iii): no footage is ever kept on a personal device" \
    gus viewing end "$V" --copied --destination personal_device --recipient "Officer Wang:P-4471"
note "the kind must be one of the profile's; the command lists what this grant allows"
refuse 2 "\"wechat\" is not a destination of the hhkcs profile; a copy under police_copy may go to: police (The police, directly)" \
    gus viewing end "$V" --copied --destination wechat --recipient "Officer Wang:P-4471"
refuse 2 "say where the copy went: --destination KIND --recipient 'NAME:ID'" \
    gus viewing end "$V" --copied
note "the recipient is named with an ID in a known format (HHKCS profile §3), like a viewer"
refuse 2 "the recipient's name is required" \
    gus viewing end "$V" --copied --destination police --recipient ":P-4471"
refuse 1 "HHKCS profile §3: \"P 4471\" is not a known ID format" \
    gus viewing end "$V" --copied --destination police --recipient "Officer Wang:P 4471"
refuse 1 "HHKCS profile §3: 110105194912310020 is not a valid resident ID card number: its check digit is wrong" \
    gus viewing end "$V" --copied --destination police --recipient "Officer Wang:110105194912310020"
refuse 2 "a recipient is named only for a copy handed over (--copied)" \
    gus viewing end "$V" --destination none --recipient "Officer Wang:P-4471"
ok gus viewing end "$V" --copied --destination police --recipient "Officer Wang:P-4471" \
    --notes "sealed disc handed over at the gate office"
audited viewing.end "viewing $V"
[ "$(sql "SELECT detail LIKE '%destination=police; recipient=Officer Wang; recipient_id=P-4471;%' FROM audit WHERE action = 'viewing.end'")" = 1 ] ||
    fail "the end's recipient is not in the audit"
ok opal viewings --request "$R" --json
json_check 'd[0]["copied"] and d[0]["destination"]=="police" and d[0]["recipient"]=={"name":"Officer Wang","id":"P-4471"}'
ok opal request show "$R"
expect_out "a copy went to The police, directly: Officer Wang (ID P-4471)"

note "a request from another body has no police destination: the kind is bound to the agency"
ok gus request new --requester-kind external --agency statutory_body --letter "SB-3" \
    --officer "Inspector Ho" --officer-id "S-77" --kind view --camera gate-1 \
    --from "$Y 12:00" --to "$Y 12:30" --purpose police_request --reason "inspection"
R2=$(ref)
ok opal approve "$R2"
ok pat approve "$R2"
ok gus viewing start "$R2" --viewer "Inspector Ho:S-77" --declare-not-involved
V2=$(head -n 1 "$T/out")
refuse 1 "HHKCS 2.4.3(v): $R2 grants viewing only; a view grant never yields a copy" \
    gus viewing end "$V2" --copied --destination police --recipient "Inspector Ho:S-77"
ok gus viewing end "$V2" --destination none

expect_status 0 "$VIGIL" admin audit verify
