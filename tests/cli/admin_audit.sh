# admin_audit.sh — `audit verify` catches a changed field, a deleted row and a cut tail.
. "$SRC/tests/lib.sh"
new_site
for u in ann ben cat dan; do
	keygen "$u"
	expect_status 0 "$VIGIL" admin user add "$u" --name "$u" --role staff --key "$T/$u.pub"
done

expect_status 0 "$VIGIL" admin audit verify
expect_out "audit ok: 5 entries"
head=$(sed -n 's/.*head \([0-9a-f]*\)$/\1/p' "$T/out")
[ ${#head} = 64 ] || fail "no head hash printed"
cp "$DB" "$T/clean.db"
cp "$T/site/data/audit.anchor" "$T/clean.anchor"
restore() { cp "$T/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; cp "$T/clean.anchor" "$T/site/data/audit.anchor"; }
untrigger() { sqlite3 "$DB" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $1"; }

note "the triggers refuse edits through SQL"
if sqlite3 "$DB" "UPDATE audit SET actor='x' WHERE id=2" 2>/dev/null; then fail "UPDATE allowed"; fi
if sqlite3 "$DB" "DELETE FROM audit WHERE id=2" 2>/dev/null; then fail "DELETE allowed"; fi

note "a changed field"
untrigger "UPDATE audit SET object='mallory' WHERE id=3"
expect_status 1 "$VIGIL" admin audit verify
expect_err "audit entry 3"
expect_err "altered"
restore

note "a deleted row"
untrigger "DELETE FROM audit WHERE id=2"
expect_status 1 "$VIGIL" admin audit verify
expect_err "audit entry 2 is missing"
restore

note "a cut tail"
untrigger "DELETE FROM audit WHERE id>=4"
expect_status 1 "$VIGIL" admin audit verify
expect_err "has been cut"
restore
expect_status 0 "$VIGIL" admin audit verify
