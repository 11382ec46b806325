# admin_register.sh — the authorised-personnel register (HHKCS 2.1.5, 2.4.1).
. "$SRC/tests/lib.sh"
new_site
keygen g
expect_status 0 "$VIGIL" admin user add gary --name "Gary" --role guard --key "$T/g.pub"

note "authorise with the default end: the start of the next school year"
expect_status 0 "$VIGIL" admin config set site.school_year_start 09-01
expect_status 0 "$VIGIL" admin authorize gary --trained-on 2026-01-15 --scope "viewing desk"
year=$(date -u +%Y)
month=$(date -u +%m)
if [ "$month" -ge 9 ]; then next=$((year + 1)); else next=$year; fi
expect_out "until $next-09-01"
expect_status 0 "$VIGIL" admin authorizations --json
python3 -c 'import json,sys; z=json.load(open(sys.argv[1]))[0]; assert z["login"]=="gary" and z["scope"]=="viewing desk" and z["valid"] and z["until"].startswith(sys.argv[2]), z' "$T/out" "$next-09-01" \
    || fail "authorizations --json: $(cat "$T/out")"
expect_status 0 "$VIGIL" admin authorizations
expect_out "valid"
expect_status 0 "$VIGIL" admin user list
expect_out "authorised"

note "refusals change nothing"
db_snapshot "$T/before"
expect_status 2 "$VIGIL" admin authorize gary --trained-on 2026-13-01
expect_err "is not a date"
expect_status 2 "$VIGIL" admin authorize gary
expect_err "--trained-on is required"
expect_status 1 "$VIGIL" admin authorize nobody --trained-on 2026-01-01
expect_err 'no user "nobody"'
expect_status 2 "$VIGIL" admin authorize gary --trained-on 2099-01-01
expect_err "in the future"
expect_status 2 "$VIGIL" admin authorize gary --trained-on 2020-01-01 --until 2021-01-01
expect_err "not in the future"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action='register.authorize'")" = 1 ] || fail "not audited once"
