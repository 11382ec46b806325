# admin_misc.sh — status, policy check and usage errors.
. "$SRC/tests/lib.sh"
new_site

note "status"
expect_status 0 "$VIGIL" admin status
expect_out "Test School"
expect_out "schema version"
expect_status 0 "$VIGIL" admin status --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["site"]=="Test School" and s["policy"]=="default" and s["users"]==0, s' "$T/out" \
    || fail "status --json: $(cat "$T/out")"

note "policy check"
expect_status 0 "$VIGIL" admin policy check "$SRC/etc/policies/default.cfg"
expect_out "profile is valid"
printf 'profile = { name = "x"; };\nroles = ( { name = "a"; caps = [ "fly" ]; } );\nretention = { default_days = 30; };\n' >"$T/bad.cfg"
expect_status 2 "$VIGIL" admin policy check "$T/bad.cfg"
expect_err 'bad.cfg:2: roles[0].caps: unknown capability "fly"'

note "usage errors exit 2"
expect_status 2 "$VIGIL" admin frobnicate
expect_err 'unknown command "frobnicate"'
expect_status 2 "$VIGIL" admin user list --frob
expect_err "unknown option --frob"
expect_status 2 "$VIGIL" admin user list extra
expect_err 'unexpected argument "extra"'
expect_status 2 "$VIGIL" nonsense
expect_status 0 "$VIGIL" admin help
expect_out "user add LOGIN"

note "VIGIL_CONFIG unset and no --config: a clear error"
unset VIGIL_CONFIG
expect_status 2 "$VIGIL" admin status
expect_err "cannot read /etc/vigil/vigil.cfg"
