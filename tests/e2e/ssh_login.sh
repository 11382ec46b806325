# ssh_login.sh — logging in with a key and with a password shows the home screen; the
# SSH commands whoami, help, status and cameras; unknown commands exit 2; q logs out.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user alice guard "Alice Wong"
pw_user bob staff "Bob Lee" "correct horse battery"
key_user hana security_head "Hana Ito"
"$VIGIL" admin camera add gate-1 --url rtsp://10.0.0.5/s --name "Main gate" \
	--location "North entrance" >/dev/null
sqlw "INSERT INTO camera_state (camera, status, since_us, last_segment_end_us, updated_us)
      VALUES ('gate-1', 'online', 1700000000000000, 1767225600000000, 1767225600000000)"
serve_start

note "key login: the home screen shows the display name and the roles"
tmux_ssh a 80 24 alice
wait_screen a "Alice Wong (alice)"
wait_screen a "Roles:    Guard"
wait_screen a "Camera status"
wait_row a 1 "Test School"
wait_row a 24 "q quit"
[ "$(sqlw "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL")" = 1 ] ||
	fail "the console session is not recorded as open"

note "the camera screen reads camera_state"
keys a 1
wait_screen a "Main gate"
wait_line a "gate-1 .*online .*2026-01-01 00:00:00"
keys a Escape
wait_screen a "Alice Wong (alice)"

note "q quits: ssh exits 0 and the session is closed as a logout"
keys a q
wait_screen a "[exit 0]"
wait_sql 30 "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL" 0 ||
	fail "the session stayed open"
[ "$(sqlw "SELECT end_reason FROM sessions")" = "logout" ] || fail "not closed as a logout"
sqlw "SELECT action || ' ' || source FROM audit WHERE action LIKE 'session.%'" >"$T/out"
expect_out "session.open ssh 127.0.0.1:"
expect_out "session.close ssh 127.0.0.1:"

note "password login, typed at the prompt"
tmux_ssh b 80 24 bob -o PubkeyAuthentication=no
wait_screen b "password:"
type_text b "correct horse battery"
keys b Enter
wait_screen b "Bob Lee (bob)"
wait_screen b "Roles:    Staff"
keys b q
wait_screen b "[exit 0]"
sqlw "SELECT detail || ' ' || source FROM audit WHERE action = 'auth.login.ok' AND object = 'bob'" \
	>"$T/out"
expect_out "method=password ssh 127.0.0.1"

note "whoami prints the login and the roles and exits 0"
expect_status 0 ssh_key alice whoami
expect_out "alice (Alice Wong)"
expect_out "roles: Guard"
expect_status 0 ssh_key alice whoami --json
expect_out '"roles":["guard"]'

note "help lists the commands with what they do"
expect_status 0 ssh_key alice help
expect_out "cameras [--json]"
expect_out "each camera's state"
expect_status 2 ssh_key alice help frobnicate
expect_err 'no command "frobnicate"'

note "cameras, and status behind its capability"
expect_status 0 ssh_key alice cameras --json
expect_out '"id":"gate-1"'
expect_out '"state":"online"'
expect_status 1 ssh_key alice status
expect_err "your roles cannot see the site's status"
expect_status 0 ssh_key hana status
expect_out "1 online"

note "an unknown command is refused with exit 2, and nothing runs"
expect_status 2 ssh_key alice "ls -la /"
expect_err 'unknown command "ls"'
expect_status 2 ssh_key alice "echo 'unbalanced"
expect_err "unbalanced quote"
sqlw "SELECT detail FROM audit WHERE action = 'ssh.exec'" >"$T/out"
expect_out "command=ls -la /; status=2"
expect_out "command=whoami; status=0"

note "a shell without a terminal is told to use -t"
expect_status 2 ssh_key alice -T
expect_err "the console needs a terminal"
