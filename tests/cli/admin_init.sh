# admin_init.sh — `vigil admin init` makes a complete site and never overwrites one.
. "$SRC/tests/lib.sh"

note "init creates the site with its files and modes"
expect_status 0 "$VIGIL" admin init --dir "$T/site" --policy default --site "North School"
expect_out "created site in $T/site"
for f in vigil.cfg cameras.cfg policy.cfg data/vigil.db data/audit.anchor keys/signing.key \
    keys/signing.pub keys/ssh_host_ed25519_key keys/ssh_host_ed25519_key.pub; do
	[ -f "$T/site/$f" ] || fail "missing $f"
done
[ "$(stat -c %a "$T/site/keys/signing.key")" = 600 ] || fail "signing key is not 0600"
[ "$(stat -c %a "$T/site/keys/ssh_host_ed25519_key")" = 600 ] || fail "host key is not 0600"
[ "$(stat -c %a "$T/site/data/vigil.db")" = 660 ] || fail "database is not 0660"
grep -q 'name = "North School"' "$T/site/vigil.cfg" || fail "site name not written"
ssh-keygen -lf "$T/site/keys/ssh_host_ed25519_key.pub" >/dev/null || fail "host key unreadable by OpenSSH"
export VIGIL_CONFIG="$T/site/vigil.cfg"
DB="$T/site/data/vigil.db"
[ "$(sql "SELECT action FROM audit WHERE id = 1")" = site.init ] || fail "init not audited"
expect_status 0 "$VIGIL" admin audit verify

note "init refuses to overwrite an existing site"
db_snapshot "$T/before"
cp "$T/site/vigil.cfg" "$T/cfg.before"
expect_status 1 "$VIGIL" admin init --dir "$T/site"
expect_err "already holds a vigil site"
assert_same_db "$T/before" <(sqlite3 "$DB" .dump)
cmp -s "$T/cfg.before" "$T/site/vigil.cfg" || fail "vigil.cfg was rewritten"

note "init refuses a non-empty directory and writes nothing into it"
mkdir "$T/other"
echo keep >"$T/other/notes.txt"
expect_status 1 "$VIGIL" admin init --dir "$T/other"
expect_err "not an empty directory"
[ "$(ls "$T/other")" = notes.txt ] || fail "init wrote into a non-empty directory"

note "an unknown policy is a usage error and leaves nothing behind"
expect_status 2 "$VIGIL" admin init --dir "$T/nopolicy" --policy nosuch
expect_err "no policy profile \"nosuch\""
[ ! -e "$T/nopolicy" ] || fail "a failed init left $T/nopolicy behind"

note "init needs --dir"
expect_status 2 "$VIGIL" admin init
expect_err "--dir is required"

note "an empty directory is fine"
mkdir "$T/empty"
expect_status 0 "$VIGIL" admin init --dir "$T/empty"
