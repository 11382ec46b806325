# ssh_lockout.sh — five wrong passwords lock the login out; the sixth try, with the right
# password, is refused and says why; the lockout expires (clock moved, no sleeping).
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
expect_err "too many failed logins for bob"
expect_err "logins are refused until"
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
