# console_forms.sh — forms in the console: bad input is refused with its message beside the
# field and nothing changes; good input goes through core and is audited.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
pw_user bob staff "Bob Lee" "correct horse battery"
serve_start
hash_before=$(sqlw "SELECT pw_hash FROM users WHERE login = 'bob'")

tmux_ssh b 80 24 bob -o PubkeyAuthentication=no
wait_screen b "password:"
type_text b "correct horse battery"
keys b Enter
wait_screen b "Bob Lee (bob)"
keys b 1
wait_screen b "Password:      set"
keys b p
wait_screen b "Change your password"

note "Save with nothing typed: the required fields say so, beside themselves"
keys b Tab Tab Tab Enter
# A field's row: its label, the field, then its message.
wait_line b "New password\* .*this field is required"
wait_line b "New password again\* .*this field is required"

note "a wrong current password: refused beside that field, and counted as a failed login"
keys b BTab BTab
type_text b "not my password"
keys b Tab
type_text b "brand new secret 1"
keys b Tab
type_text b "brand new secret 1"
keys b Tab Enter
wait_line b "Current password .*the current password is wrong"
[ "$(sqlw "SELECT COUNT(*) FROM login_attempts WHERE login = 'bob' AND ok = 0 AND
      method = 'password-change'")" = 1 ] || fail "the wrong current password was not counted"

note "the two new passwords differ: refused beside the second"
keys b C-u
type_text b "correct horse battery"
keys b Tab Tab C-u
type_text b "brand new secret 2"
keys b Tab Enter
wait_line b "New password again\* .*the two new passwords differ"

note "too short: core's rule, shown beside the new password"
keys b BTab C-u
type_text b "short"
keys b Tab C-u
type_text b "short"
keys b Tab Enter
wait_line b "New password\* .*the password is too short"
[ "$(sqlw "SELECT pw_hash FROM users WHERE login = 'bob'")" = "$hash_before" ] ||
	fail "a refused form changed the password"
[ "$(sqlw "SELECT COUNT(*) FROM audit WHERE action = 'user.passwd'")" = 0 ] ||
	fail "a refused form was audited as a change"

note "good input: changed, audited with the source, and the form closes"
keys b C-u
type_text b "brand new secret 3"
keys b Tab C-u
type_text b "brand new secret 3"
keys b Tab Enter
wait_screen b "Your password has been changed."
wait_screen b "Password:      set"
sqlw "SELECT actor || ' ' || action || ' ' || source FROM audit WHERE action = 'user.passwd'" \
	>"$T/out"
expect_out "bob user.passwd ssh 127.0.0.1:"

note "the language form: a choice, and the console speaks Chinese at once"
keys b l
wait_screen b "Console language"
keys b Right Right
wait_screen b "< 简体中文 >"
keys b Tab Enter
wait_screen b "控制台已切换为您的语言。"
[ "$(sqlw "SELECT locale FROM users WHERE login = 'bob'")" = zh_CN ] || fail "locale not saved"
keys b Escape
wait_screen b "我的账户"
keys b q
wait_screen b "[exit 0]"

note "the new password logs in; the old one no longer does"
expect_status 0 ssh_answer bob "brand new secret 3" whoami
expect_status 255 ssh_answer bob "correct horse battery" whoami
