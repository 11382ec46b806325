# viewers_at_once.sh — issue 15 item 7: a request approved for N viewers never has more than
# N people viewing at once across all its open viewings (the grant's scope, HHKCS 4.1 "只可在
# 学校闭路电视监察政策下查阅"), and the profile's limit caps N; the limit is the site's
# setting where the policy states no number (HHKCS, GCU), the article where it does (DLUT).
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site hhkcs

camera gate-1 public entrance
user amy staff primary
user kim kindergarten_head kindergarten
user gus guard operations
user gil guard operations
Y="2026-03-01"

note "the profile's limit caps N: 5 here, the site's setting (the policy states no number)"
refuse 1 "site setting: at most 5 people may view footage together; 6 were asked for" \
    amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "fight at the gate" --viewers 6
ok amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose student_conduct --reason "fight at the gate"
R=$(ref)
ok kim approve "$R"

note "approved for 1 viewer: one viewing with one person, and no second one at once"
ok gus viewing start "$R" --viewer "Amy Test:A-1" --declare-not-involved
V1=$(head -n 1 "$T/out")
refuse 1 "HHKCS 4.1: $R was approved for 1 viewers at once; 1 are viewing it now and 1 were named" \
    gus viewing start "$R" --viewer "Bo Li:B-2" --declare-not-involved
note "another operator's viewing of the same request counts too"
refuse 1 "HHKCS 4.1: $R was approved for 1 viewers at once; 1 are viewing it now and 1 were named" \
    gil viewing start "$R" --viewer "Cy Wu:C-3" --declare-not-involved
[ "$(sql "SELECT COUNT(*) FROM viewings WHERE ended_us IS NULL")" = 1 ] ||
    fail "more than one viewing of a one-viewer grant is open"
note "once it ends, the next viewer may watch"
ok gus viewing end "$V1"
ok gil viewing start "$R" --viewer "Bo Li:B-2" --declare-not-involved
V2=$(head -n 1 "$T/out")
ok gil viewing end "$V2"

note "approved for 3: two at one viewing, so at most one more at another"
ok amy request new --kind view --camera gate-1 --from "$Y 12:00" --to "$Y 13:00" \
    --purpose student_conduct --reason "second incident" --viewers 3
R2=$(ref)
ok kim approve "$R2"
ok gus viewing start "$R2" --viewer "Amy Test:A-1" --viewer "Bo Li:B-2" --declare-not-involved
refuse 1 "HHKCS 4.1: $R2 was approved for 3 viewers at once; 2 are viewing it now and 2 were named" \
    gil viewing start "$R2" --viewer "Cy Wu:C-3" --viewer "Di Ng:D-4" --declare-not-involved
ok gil viewing start "$R2" --viewer "Cy Wu:C-3" --declare-not-involved

expect_status 0 "$VIGIL" admin audit verify
