# admin_init_system.sh — `vigil admin init --system` lays a site out as the package's services expect.
. "$SRC/tests/lib.sh"

# As root the site is given to a system user (daemon exists on every Debian);
# anyone else can only make one for themselves.
if [ "$(id -u)" = 0 ]; then owner=daemon; else owner=$(id -un); fi
R="$T/root"
chmod 0711 "$T"	# root's admin commands work as the owner, who must reach the site

note "init --system makes the three trees with the owners and modes of DESIGN §8"
expect_status 0 "$VIGIL" admin init --system --root "$R" --user "$owner" --policy hhkcs --site "North School"
expect_out "created site in $R/etc/vigil"
mode_owner() {
	local want="$1 $owner:$(id -gn "$owner")" f=$2
	[ "$(stat -c '%a %U:%G' "$R/$f")" = "$want" ] || fail "$f is $(stat -c '%a %U:%G' "$R/$f"), not $want"
}
for d in etc/vigil var/lib/vigil var/lib/vigil/data var/lib/vigil/storage var/lib/vigil/exports \
    var/log/vigil run/vigil; do
	mode_owner 750 "$d"
done
mode_owner 700 etc/vigil/keys
for f in etc/vigil/vigil.cfg etc/vigil/cameras.cfg etc/vigil/policy.cfg var/log/vigil/audit-heads; do
	mode_owner 640 "$f"
done
mode_owner 600 etc/vigil/keys/signing.key
mode_owner 600 etc/vigil/keys/ssh_host_ed25519_key
mode_owner 660 var/lib/vigil/data/vigil.db
cmp -s "$R/etc/vigil/policy.cfg" "$SRC/etc/policies/hhkcs.cfg" || fail "policy.cfg is not the hhkcs profile"

note "the configuration names those trees, and the site works"
export VIGIL_CONFIG="$R/etc/vigil/vigil.cfg"
for kv in "paths.data $R/var/lib/vigil/data" "paths.storage $R/var/lib/vigil/storage" \
    "paths.exports $R/var/lib/vigil/exports" "paths.run $R/run/vigil" "paths.keys $R/etc/vigil/keys" \
    "audit.witness_file $R/var/log/vigil/audit-heads" "ssh.listen 0.0.0.0:2222" \
    "site.name North School"; do
	expect_status 0 "$VIGIL" admin config get "${kv%% *}"
	[ "$(cat "$T/out")" = "${kv#* }" ] || fail "${kv%% *} is $(cat "$T/out"), not ${kv#* }"
done
expect_status 0 "$VIGIL" admin audit verify
expect_out "audit ok: 1 entries"
expect_out "1 signed heads match"
DB="$R/var/lib/vigil/data/vigil.db"
[ "$(sql "SELECT action FROM audit WHERE id = 1")" = site.init ] || fail "init not audited"

note "vigil admin run by root on the site works as its owner: nothing it writes becomes root's"
expect_status_in 0 "a long passphrase 1234" "$VIGIL" admin user add mli --name "Li Min" \
    --role guard --unit operations --password-stdin
expect_status 0 "$VIGIL" admin config set site.timezone Asia/Shanghai
expect_status 0 "$VIGIL" admin camera add lobby --url rtsp://192.0.2.1/s --name Lobby --unit operations
others=$(find "$R/etc/vigil" "$R/var/lib/vigil" "$R/var/log/vigil" ! -user "$owner")
[ -z "$others" ] || fail "files not owned by $owner after admin commands: $others"
[ "$(stat -c %a "$R/etc/vigil/vigil.cfg")" = 640 ] || fail "config set changed the mode of vigil.cfg"
expect_status 0 "$VIGIL" admin audit verify
unset VIGIL_CONFIG

note "a second init refuses and changes nothing"
db_snapshot "$T/before"
cp "$R/etc/vigil/vigil.cfg" "$T/cfg.before"
expect_status 1 "$VIGIL" admin init --system --root "$R" --user "$owner"
expect_err "$R/etc/vigil already holds a vigil site; refusing to overwrite it"
assert_same_db "$T/before" <(sqlite3 "$DB" .dump)
cmp -s "$T/cfg.before" "$R/etc/vigil/vigil.cfg" || fail "vigil.cfg was rewritten"

note "footage already in /var/lib/vigil: refused, and nothing is left behind"
mkdir -p "$T/r2/var/lib/vigil/storage/gate-1"
expect_status 1 "$VIGIL" admin init --system --root "$T/r2" --user "$owner"
expect_err "$T/r2/var/lib/vigil exists and is not an empty directory; refusing to write into it"
[ ! -e "$T/r2/etc/vigil" ] && [ ! -e "$T/r2/var/log/vigil" ] || fail "a refused init left files behind"

note "empty directories (as the package's postinst leaves them) are used"
mkdir -p "$T/r3/etc/vigil" "$T/r3/var/lib/vigil" "$T/r3/var/log/vigil"
expect_status 0 "$VIGIL" admin init --system --root "$T/r3" --user "$owner"
[ -f "$T/r3/var/lib/vigil/data/vigil.db" ] || fail "no database in the empty tree"

note "an owner that does not exist"
expect_status 1 "$VIGIL" admin init --system --root "$T/r4" --user no-such-user-vigil
expect_err "no user \"no-such-user-vigil\": the package makes it, or make it with: adduser --system --group no-such-user-vigil"
[ ! -e "$T/r4" ] || fail "a refused init left $T/r4 behind"

note "usage: --dir or --system, and --root/--user only with --system"
expect_status 2 "$VIGIL" admin init --system --dir "$T/r5"
expect_err "give either --dir DIR or --system, not both"
expect_status 2 "$VIGIL" admin init --dir "$T/r5" --root "$T/r5"
expect_err "--root and --user go with --system"
[ ! -e "$T/r5" ] || fail "a usage error left $T/r5 behind"

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	note "someone who is not root cannot give a site to another user"
	mkdir -m 1777 "$T/shared"
	expect_status 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env VIGIL_POLICY_DIR="$VIGIL_POLICY_DIR" "$VIGIL" admin init --system --root "$T/shared/r" --user daemon
	expect_err "only root can make a site owned by \"daemon\"; run it as root"
	[ ! -e "$T/shared/r" ] || fail "a refused init left files behind"
fi
