# admin_users.sh — user commands: success, and refusals that change nothing.
. "$SRC/tests/lib.sh"
new_site
keygen alice
keygen carol ecdsa

note "add a user with a key and a password"
expect_status_in 0 "correct horse battery" "$VIGIL" admin user add alice --name "Alice Wong" \
    --role guard --role ict --unit security --key "$T/alice.pub" --password-stdin
expect_out "added user alice"
expect_status 0 "$VIGIL" admin user list
expect_out "alice"
expect_out "guard,ict"
expect_status 0 "$VIGIL" admin user list --json
python3 -c 'import json,sys; u=json.load(open(sys.argv[1]))[0]; assert u["login"]=="alice" and u["roles"]==["guard","ict"] and u["password"] and len(u["keys"])==1, u' "$T/out" \
    || fail "user list --json is wrong: $(cat "$T/out")"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action='user.add' AND object='alice'")" = 1 ] || fail "not audited"
sql "SELECT pw_hash FROM users WHERE login='alice'" | grep -q '^\$argon2id\$' || fail "password not argon2id"

refuse() {	# refuse STATUS MESSAGE CMD...: the refusal changes nothing
	local want=$1 msg=$2
	shift 2
	db_snapshot "$T/before"
	expect_status "$want" "$@"
	expect_err "$msg"
	db_snapshot "$T/after"
	assert_same_db "$T/before" "$T/after"
}

note "refusals"
refuse 1 'user "alice" already exists' "$VIGIL" admin user add alice --name X --role guard --key "$T/carol.pub"
refuse 2 'unknown role "janitor"' "$VIGIL" admin user add bob --name Bob --role janitor --key "$T/carol.pub"
refuse 2 'not a valid login' "$VIGIL" admin user add Bob --name Bob --role guard --key "$T/carol.pub"
refuse 2 'unknown unit' "$VIGIL" admin user add bob --name Bob --role guard --unit mars --key "$T/carol.pub"
refuse 2 '--name is required' "$VIGIL" admin user add bob --role guard --key "$T/carol.pub"
refuse 2 'give --key FILE or --password-stdin' "$VIGIL" admin user add bob --name Bob --role guard
refuse 2 'cannot read' "$VIGIL" admin user add bob --name Bob --role guard --key "$T/missing.pub"
echo "ssh-ed25519 AAAAnotakey bob" >"$T/bad.pub"
refuse 2 'malformed' "$VIGIL" admin user add bob --name Bob --role guard --key "$T/bad.pub"
ssh-keygen -q -t rsa -b 2048 -N "" -f "$T/weak" </dev/null
refuse 1 'at least 3072' "$VIGIL" admin user add bob --name Bob --role guard --key "$T/weak.pub"
refuse 1 'already registered' "$VIGIL" admin user add bob --name Bob --role guard --key "$T/alice.pub"
db_snapshot "$T/before"
expect_status_in 2 "short" "$VIGIL" admin user add bob --name Bob --role guard --password-stdin
expect_err "too short"
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"
refuse 2 'unknown option --rolez' "$VIGIL" admin user add bob --name Bob --rolez guard

note "passwd, key add, locale, disable"
expect_status_in 0 "another long password" "$VIGIL" admin user passwd alice --password-stdin
refuse 2 'password-stdin is required' "$VIGIL" admin user passwd alice
refuse 1 'no user "ghost"' "$VIGIL" admin user key add ghost "$T/carol.pub"
expect_status 0 "$VIGIL" admin user key add alice "$T/carol.pub"
expect_out "ecdsa-sha2-nistp256"
refuse 1 'already registered' "$VIGIL" admin user key add alice "$T/carol.pub"
expect_status 0 "$VIGIL" admin user locale alice zh_CN
refuse 2 'not a supported language' "$VIGIL" admin user locale alice fr
expect_status 0 "$VIGIL" admin user disable alice
refuse 1 'already disabled' "$VIGIL" admin user disable alice
refuse 1 'no user "ghost"' "$VIGIL" admin user disable ghost
expect_status 0 "$VIGIL" admin user list
expect_out "disabled"
for a in user.passwd user.key.add user.locale user.disable; do
	[ "$(sql "SELECT COUNT(*) FROM audit WHERE action='$a' AND object='alice'")" = 1 ] || fail "$a not audited"
done
note "an outside body's liaison: an agency of the profile, never beside a school unit"
keygen pol
refuse 2 'unknown agency "fbi": the default profile has police, court, other' \
    "$VIGIL" admin user add pol --name "Officer Po" --role police_liaison --agency fbi --key "$T/pol.pub"
refuse 2 'pol belongs to the school'"'"'s unit "security" and cannot also be the liaison of agency "police": an outside body'"'"'s liaison has no school unit' \
    "$VIGIL" admin user add pol --name "Officer Po" --role police_liaison --unit security \
    --agency police --key "$T/pol.pub"
expect_status 0 "$VIGIL" admin user add pol --name "Officer Po" --role police_liaison \
    --agency police --key "$T/pol.pub"
sql "SELECT detail FROM audit WHERE action = 'user.add' AND object = 'pol'" | grep -q "unit=; agency=police;" ||
    fail "the agency is not in user.add's audit entry"
expect_status 0 "$VIGIL" admin user list
grep -q "^pol .*police_liaison  *police " "$T/out" || fail "user list shows no agency: $(cat "$T/out")"
expect_status 0 "$VIGIL" admin user list --json
python3 -c 'import json,sys; u={x["login"]: x for x in json.load(open(sys.argv[1]))}; assert u["pol"]["agency"]=="police" and u["alice"]["agency"]=="", u' "$T/out" \
    || fail "user list --json shows no agency: $(cat "$T/out")"
refuse 2 'alice belongs to the school'"'"'s unit "security"' "$VIGIL" admin user agency alice court
refuse 2 'unknown agency "mi6"' "$VIGIL" admin user agency pol mi6
refuse 1 'no user "ghost"' "$VIGIL" admin user agency ghost court
refuse 2 'usage: user agency LOGIN AGENCY|none' "$VIGIL" admin user agency pol
expect_status 0 "$VIGIL" admin user agency pol court
expect_out "pol is the liaison of agency court"
[ "$(sql "SELECT detail FROM audit WHERE action = 'user.agency' AND object = 'pol'")" = "agency=court; was=police" ] ||
    fail "user.agency is not audited with the old agency"
expect_status 0 "$VIGIL" admin user agency pol none
expect_out "pol is no agency's liaison"
[ "$(sql "SELECT agency FROM users WHERE login = 'pol'")" = "" ] || fail "none did not clear the agency"
expect_status 0 "$VIGIL" admin audit verify
