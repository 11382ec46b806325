# default.sh — the default profile end to end: drafts, the security head's approval, an
# external request, withdrawal, holds; the rules that apply whatever the profile.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site default

camera gate-1 public entrance security
camera vault-1 interior key_location security
user ann staff general
user sh security_head security
user sh2 security_head security
user gu guard security
user it ict ict
Y="2026-03-01"

note "drafts: filed, shown to nobody else, then submitted"
ok ann request new --draft --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose lost_property --reason "lost umbrella"
R1=$(ref)
expect_out "status: draft"
refuse 1 "no request \"$R1\" that you may see" sh request show "$R1"
refuse 1 "$R1 is draft, not waiting for approval" sh approve "$R1"
refuse 1 "only the requester ann may submit $R1" sh request submit "$R1"
ok ann request submit "$R1"
expect_status_of "$R1" submitted
audited request.submit "$R1"
ok sh request show "$R1"
expect_out "1. Security head  [vigil default §1]"

note "bad input names what is wrong and changes nothing"
refuse 2 "no camera \"nope\"" ann request new --kind view --camera nope --from "$Y 10:00" \
    --to "$Y 11:00" --purpose lost_property --reason x
refuse 2 "camera \"gate-1\" is named twice" ann request new --kind view --camera gate-1 \
    --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason x
refuse 2 "--from: \"yesterday\" is not a time" ann request new --kind view --camera gate-1 \
    --from yesterday --to "$Y 11:00" --purpose lost_property --reason x
refuse 2 "the end of the range must come after its start" ann request new --kind view \
    --camera gate-1 --from "$Y 11:00" --to "$Y 10:00" --purpose lost_property --reason x
refuse 2 "in the future: only recorded footage can be requested" ann request new --kind view \
    --camera gate-1 --from "$Y 11:00" --to "2026-03-03 10:00" --purpose lost_property --reason x
refuse 2 "the request kind \"peek\" must be view or copy" ann request new --kind peek \
    --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason x
refuse 2 "the purpose must be one of the default profile's: security_incident, lost_property, investigation, other" \
    ann request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose fun --reason x
refuse 2 "--kind is required" ann request new --camera gate-1 --from "$Y 10:00" \
    --to "$Y 11:00" --purpose lost_property --reason x
refuse 2 "--viewers \"0\" must be a whole number of at least 1" ann request new --kind view \
    --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason x --viewers 0
refuse 2 "--agency is only for external requests" ann request new --kind view --camera gate-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason x --agency police
refuse 2 "the reason must be plain text" ann request new --kind view --camera gate-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason "$(printf 'a\033[2Jb')"
refuse 1 "no request \"REQ-1999-0001\"" sh approve REQ-1999-0001
refuse 2 "\"x\" is not a viewing number" gu viewing end x
refuse 1 "no viewing 99" gu viewing end 99
refuse 1 "no hold 99" sh hold release 99
refuse 2 "give one of --mine, --pending, --all, --ready, --overdue" ann requests --all --mine
refuse 1 "your roles cannot read every request, not only your own" ann requests --all

note "signing is beyond filing: it needs an unexpired authorisation on the register"
keygen sh3
"$VIGIL" admin user add sh3 --name "Sh Three" --role security_head --unit security \
    --key "$T/sh3.pub" >/dev/null
# Over SSH such a user is not even let in (DESIGN §8)...
gov_state "$T/before"
expect_status 255 as sh3 approve "$R1"
expect_err "Permission denied"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
# ...and core refuses the signature itself, whoever runs the command.
db_snapshot "$T/before"
expect_status 1 "$VIGIL" exec --user sh3 approve "$R1"
expect_err "your roles let you approve or reject requests only with an unexpired authorisation on the authorised-personnel register, and you hold none"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"

note "the security head approves; a second security head for the first one's request"
ok sh approve "$R1"
ok sh request new --kind copy --camera vault-1 --from "$Y 02:00" --to "$Y 03:00" \
    --purpose security_incident --reason "alarm at the vault"
R2=$(ref)
refuse 1 "vigil default §1: you filed $R2; the requester never approves their own request" \
    sh approve "$R2"
ok sh2 requests --pending
expect_out "$R2"
ok sh2 approve "$R2"
ok gu requests --ready --json
json_check 'sorted(r["ref"] for r in d)==sorted(["'"$R1"'","'"$R2"'"])'
ok gu viewing start "$R2" --viewer "Sh Test:S-1" --declare-not-involved
V=$(head -n 1 "$T/out")
refuse 1 "viewing $V is run by another operator" sh viewing play "$V" --camera vault-1 \
    --from "$Y 02:10" --to "$Y 02:20"
refuse 1 "has a viewing in progress; end it first" sh withdraw "$R2"
ok gu viewing end "$V" --copied --destination requester --recipient "Sh Test:S-1"

note "an external authority, registered by the security head"
refuse 1 "vigil default §2: only security_head may file" ann request new --requester-kind external \
    --agency police --letter L1 --officer "Officer Ma" --officer-id M1 --kind view \
    --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --purpose investigation --reason x
ok sh request new --requester-kind external --agency police --letter L1 --officer "Officer Ma" \
    --officer-id M1 --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose investigation --reason "hit and run outside the gate"
R3=$(ref)
ok sh2 approve "$R3"

note "withdrawing a granted request ends it"
ok ann withdraw "$R1"
refuse 1 "$R1 is withdrawn and can no longer be withdrawn" ann withdraw "$R1"
refuse 1 "vigil default §1: $R1 has no active grant (it is withdrawn)" gu viewing start "$R1" \
    --viewer "Ann Test:A-1" --declare-not-involved

note "holds"
refuse 2 "the hold category must be one of the default profile's: investigation" it hold place \
    --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --category forever --reason x
refuse 2 "only recorded footage can be held" it hold place --camera gate-1 --from "$Y 10:00" \
    --to "2026-03-04 11:00" --category investigation --reason x
ok it hold place --camera gate-1,vault-1 --from "$Y 10:00" --to "$Y 11:00" \
    --category investigation --reason "hit and run"
H=$(head -n 1 "$T/out")
ok sh holds --json
json_check 'd[0]["id"]=='"$H"' and d[0]["cameras"]==["gate-1","vault-1"] and d[0]["until"] is None and d[0]["active"]'
refuse 1 "your roles cannot place and release holds on footage" ann holds
ok sh hold release "$H" --reason "case closed"
expect_out "hold $H released"
ok sh holds --json
json_check 'd==[]'
ok sh holds --all --json
json_check 'd[0]["released"] is not None'

note "times are read and shown in the site's time zone"
expect_status 0 "$VIGIL" admin config set site.timezone Asia/Shanghai
ok ann request new --kind view --camera gate-1 --from "2026-03-02 08:00" --to "2026-03-02 09:30" \
    --purpose lost_property --reason "lost keys this morning"
R9=$(ref)
ok ann request show "$R9" --json
json_check 'd["from"]=="2026-03-02T00:00:00Z" and d["to"]=="2026-03-02T01:30:00Z"'
ok ann request show "$R9"
expect_out "range:       2026-03-02 08:00:00 to 2026-03-02 09:30:00"

expect_status 0 "$VIGIL" admin audit verify
