# audit_trail.sh — records trusted only with their audit trail (issue 16 item 10), and text
# that would steer another person's terminal (item 7): refused on input, escaped on output.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site default

camera gate-1 public entrance security
user ann staff general
user sh security_head security
user gu guard security
user it ict ict
Y="2026-03-01"

note "a request granted through the procedure verifies deep, and is honoured"
ok ann request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" \
    --purpose lost_property --reason "lost umbrella"
R1=$(ref)
ok sh approve "$R1"
ok it hold place --camera gate-1 --from "$Y 10:00" --to "$Y 11:00" --category investigation \
    --reason "theft report"
ok gu viewing start "$R1" --viewer "Ann Test:A-1" --declare-not-involved
V=$(head -n 1 "$T/out")
ok gu viewing end "$V" --destination "none"
expect_status 0 "$VIGIL" admin audit verify --deep
expect_out "records ok:"

note "a request marked granted in the database, with no approval rows, is reported..."
ok ann request new --kind view --camera gate-1 --from "$Y 12:00" --to "$Y 13:00" \
    --purpose lost_property --reason "lost phone"
R2=$(ref)
sqlw "DELETE FROM approvals WHERE request_id = (SELECT id FROM requests WHERE ref = '$R2');
      UPDATE requests SET status = 'granted', decided_us = 1772442000000000,
      grant_until_us = 4102444800000000 WHERE ref = '$R2'"
expect_status 0 "$VIGIL" admin audit verify
expect_status 1 "$VIGIL" admin audit verify --deep
expect_out "$R2: no request.grant entry in the audit log"
expect_err "audit verification FAILED: 1 records lack the audit entries that made them"
expect_no_out "$R1"

note "...and not honoured: no viewing starts on it"
refuse 1 "$R2 is marked granted, but the audit log holds no signed grant with every approval for it; it is not honoured" \
    gu viewing start "$R2" --viewer "Ann Test:A-1" --declare-not-involved

note "text that would steer a terminal is refused like a control character (issue 16 item 7)"
for bad in "$(printf 'a\xc2\x9b2Jb')" "$(printf 'invoice\xe2\x80\xaegnp.exe')" \
    "$(printf 'x\xe2\x81\xa6y\xe2\x81\xa9')"; do
	refuse 2 "the reason must be plain text" ann request new --kind view --camera gate-1 \
	    --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason "$bad"
done
refuse 2 "must be plain text" gu viewing start "$R1" \
    --viewer "$(printf 'Ann\xc2\x85Test'):A-1" --declare-not-involved

note "and what is stored already reaches nobody's terminal raw: request show escapes it"
sqlw "UPDATE requests SET reason = 'pay ' || char(155) || '2J now ' || char(8238) || 'gnp.exe'
      WHERE ref = '$R1'"
ok ann request show "$R1"
expect_out 'pay \u009b2J now \u202egnp.exe'
if LC_ALL=C grep -q "$(printf '\xc2\x9b')" "$T/out"; then fail "a raw C1 control reached the output"; fi
if LC_ALL=C grep -q "$(printf '\xe2\x80\xae')" "$T/out"; then fail "a raw bidi override reached the output"; fi
ok ann request show "$R1" --json
json_check 'd["reason"] == "pay \u009b2J now \u202egnp.exe"'

note "a hold made behind the procedure's back is named too"
sqlw "INSERT INTO holds (category, reason, from_us, to_us, placed_us) VALUES ('investigation',
      'x', 1, 2, 1)"
H=$(sqlw "SELECT MAX(id) FROM holds")
expect_status 1 "$VIGIL" admin audit verify --deep
expect_out "hold $H: no hold.place entry in the audit log"
expect_err "2 records lack"

note "a grant entry forged in the audit log does not make it honoured either (item 2)"
sqlw "INSERT INTO audit (id, ts_us, kind, actor, action, object, detail, source, prev_hash, hash, sig)
      SELECT MAX(id) + 1, 1772442000000000, 'entry', 'sh', 'request.grant', '$R2',
      'granted on submission', 'sql', hash, hash, '' FROM audit WHERE id = (SELECT MAX(id) FROM audit)"
expect_status 1 "$VIGIL" admin audit verify
expect_err "audit verification FAILED"
expect_status 1 "$VIGIL" exec --user gu viewing start "$R2" --viewer "Ann Test:A-1" \
    --declare-not-involved
expect_err "not honoured"
note "and nothing is signed on top of it: vigil records nothing more until it is checked"
expect_status 1 "$VIGIL" exec --user ann request new --kind view --camera gate-1 \
    --from "$Y 10:00" --to "$Y 11:00" --purpose lost_property --reason "lost keys"
expect_err "was not written by vigil with the site's key"
