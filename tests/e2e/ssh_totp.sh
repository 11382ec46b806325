# ssh_totp.sh — roles the profile marks totp log in with a key or password and then a
# one-time code (keyboard-interactive); wrong, stale and replayed codes are refused.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
sed 's/needs_authorization = true; totp = false; }/needs_authorization = true; totp = true; }/' \
	"$SRC/etc/policies/default.cfg" >"$T/site/policy.cfg"
grep -q 'totp = true' "$T/site/policy.cfg" || fail "the test profile has no totp role"
export VIGIL_CLOCK_FILE="$T/clock"
T0=1800000000
set_clock "@$T0"
key_user hana security_head "Hana Ito"
serve_start

note "a totp role without an enrolled code cannot log in, and is told what to ask for"
expect_status 255 ssh_key hana whoami
expect_err "hana must log in with a one-time code but has none enrolled"
expect_err "vigil admin user totp hana"

note "enrolment prints the otpauth:// URI once and audits without the secret"
expect_status 0 "$VIGIL" admin user totp hana
expect_out "otpauth://totp/Test%20School:hana?secret="
secret=$(sed -n 's/.*secret=\([A-Z2-7]*\)&.*/\1/p' "$T/out")
[ ${#secret} = 32 ] || fail "secret \"$secret\" is not 160 bits of base32"
sqlw "SELECT detail FROM audit WHERE action = 'user.totp.enrol'" >"$T/out"
expect_no_out "$secret"

note "key, then the code of now: logged in"
code=$(totp_code "$secret" "$T0")
expect_status 0 ssh_answer hana "$code" whoami
expect_out "hana (Hana Ito)"
sqlw "SELECT detail FROM audit WHERE action = 'auth.login.ok'" >"$T/out"
expect_out "method=publickey+totp"

note "the same code again is refused (RFC 6238 §5.2)"
expect_status 255 ssh_answer hana "$code" whoami
expect_err "Permission denied (keyboard-interactive)"

note "a wrong code is refused and audited"
expect_status 255 ssh_answer hana "000000" whoami
expect_status 255 ssh_answer hana "12345x" whoami
sqlw "SELECT COUNT(*) FROM audit WHERE action = 'auth.login.fail' AND
      detail LIKE '%wrong or reused one-time code%'" >"$T/out"
expect_out "3"

note "a code two periods old is refused; the code of the period is accepted"
T1=$((T0 + 1200))	# past the lockout window of the failures above
set_clock "@$T1"
expect_status 255 ssh_answer hana "$(totp_code "$secret" "$((T1 - 60))")" whoami
expect_status 0 ssh_answer hana "$(totp_code "$secret" "$T1")" whoami

note "interactively: the prompt in the terminal, then the home screen"
set_clock "@$((T1 + 300))"
tmux_ssh h 80 24 hana
wait_screen h "One-time code:"
type_text h "$(totp_code "$secret" "$((T1 + 300))")"
keys h Enter
wait_screen h "Hana Ito (hana)"
wait_screen h "Security head"
keys h q
wait_screen h "[exit 0]"

note "after removal the role refuses the login again"
expect_status 0 "$VIGIL" admin user totp hana --remove
expect_status 255 ssh_key hana whoami
expect_err "none enrolled"
