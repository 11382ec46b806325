# ssh_lockout.sh — five wrong passwords lock the login's passwords; the sixth try, with the
# right password, is refused and says why; the lockout expires (clock moved, no sleeping);
# tries during it do not extend it, and a key login is never locked (issue 16 item 5).
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
export VIGIL_CLOCK_FILE="$T/clock"
set_clock "+0"
pw_user bob staff "Bob Lee" "correct horse battery"
pw_user carol staff "Carol Chan" "another good password"
serve_start

note "the right password works"
expect_status 0 ssh_answer bob "correct horse battery" whoami
expect_out "bob (Bob Lee)"

note "five wrong passwords"
for i in 1 2 3 4 5; do
	expect_status 255 ssh_answer bob "wrong password $i" whoami
	expect_err "Permission denied"
done
[ "$(sqlw "SELECT COUNT(*) FROM login_attempts WHERE login = 'bob' AND ok = 0")" = 5 ] ||
	fail "five failures were not recorded"

note "the sixth try with the right password is refused, and the client is told why"
expect_status 255 ssh_answer bob "correct horse battery" whoami
expect_err "too many failed passwords for bob"
expect_err "passwords are refused until"
expect_err "A registered key still works."
expect_no_out "Bob Lee"

note "every failure is audited with the source address"
sqlw "SELECT detail || ' | ' || source FROM audit WHERE action = 'auth.login.fail'" >"$T/out"
[ "$(grep -c 'ssh 127.0.0.1$' "$T/out")" = 6 ] || fail "expected 6 audited failures: $(cat "$T/out")"
expect_out "method=password; reason=wrong password | ssh 127.0.0.1"
expect_out "method=password; reason=locked out | ssh 127.0.0.1"

note "the address is locked out too: another login from it is refused"
expect_status 255 ssh_answer carol "another good password" whoami
expect_err "from this address"

note "after the lockout window (ssh.lockout_window_s 900) the right password works again"
set_clock "+960"
expect_status 0 ssh_answer bob "correct horse battery" whoami
expect_out "bob (Bob Lee)"
expect_status 0 ssh_answer carol "another good password" whoami

note "tries while locked do not extend the lock"
set_clock "+2000"
for i in 1 2 3 4 5; do
	expect_status 255 ssh_answer carol "wrong password $i" whoami
done
expect_status 255 ssh_answer carol "another good password" whoami
expect_err "too many failed passwords for carol"
until1=$(grep -o 'refused until [0-9: -]*' "$T/err")
set_clock "+2600"
expect_status 255 ssh_answer carol "another good password" whoami
expect_err "$until1"
set_clock "+2960"
expect_status 0 ssh_answer carol "another good password" whoami
expect_out "carol (Carol Chan)"

note "wrong passwords for a key-only account lock its passwords, never its key"
set_clock "+4000"
key_user dave staff "Dave Wu"
mv "$T/dave" "$T/dave.key"
for i in 1 2 3 4 5 6; do
	expect_status 255 ssh_answer dave "guess $i" whoami
done
expect_err "too many failed passwords for dave"
mv "$T/dave.key" "$T/dave"
expect_status 0 ssh_key dave whoami
expect_out "dave (Dave Wu)"
