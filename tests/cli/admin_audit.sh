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

note "a row appended without the signing key fails, however well it links (issue 16 item 2)"
/usr/bin/python3 - "$DB" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
pid, prev = db.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
i, ts = pid + 1, 1790000000000000
fields = [str(i), str(ts), "entry", "mallory", "user.add", "mallory", "roles=ict", "sql"]
canon = "vigil-audit-v1\n" + "".join("%d:%s\n" % (len(f.encode()), f) for f in fields)
h = hashlib.sha256(bytes.fromhex(prev) + canon.encode()).hexdigest()
db.execute("INSERT INTO audit (id, ts_us, kind, actor, action, object, detail, source, prev_hash,"
           " hash, sig) VALUES (?,?,?,?,?,?,?,?,?,?,'')", (i, ts, "entry", "mallory", "user.add",
           "mallory", "roles=ict", "sql", prev, h))
db.commit()
PY
expect_status 1 "$VIGIL" admin audit verify
expect_err "carries no signature: it was added without the signing key"
note "and vigil signs nothing on top of it"
keygen eve
expect_status 1 "$VIGIL" admin user add eve --name eve --role staff --key "$T/eve.pub"
expect_err "was not written by vigil with the site's key"
restore
expect_status 0 "$VIGIL" admin audit verify
expect_out "witness $T/site/witness/audit-heads: "

note "putting back an old copy of data/ with its anchor is caught by the witness (item 9)"
cp -a "$T/site/data" "$T/data.old"
keygen fay
expect_status 0 "$VIGIL" admin user add fay --name fay --role staff --key "$T/fay.pub"
rm -rf "$T/site/data"
cp -a "$T/data.old" "$T/site/data"
expect_status 1 "$VIGIL" admin audit verify
expect_err "the database (with its anchor) has been rolled back or cut"
note "even after the log has grown past it again"
keygen gus
expect_status 0 "$VIGIL" admin user add gus --name gus --role staff --key "$T/gus.pub"
keygen hal
expect_status 0 "$VIGIL" admin user add hal --name hal --role staff --key "$T/hal.pub"
expect_status 1 "$VIGIL" admin audit verify
expect_err "is not the one the witness"
expect_err "rolled back and written again"
