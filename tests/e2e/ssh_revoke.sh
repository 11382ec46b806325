# ssh_revoke.sh — a user disabled while logged in is logged out within seconds: the console
# ends and the person is told why (issue 16 item 8); other users' sessions go on.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user bob staff "Bob Lee"
key_user amy staff "Amy Ho"
serve_start

note "two consoles open"
tmux_ssh bob 100 30 bob
tmux_ssh amy 100 30 amy
wait_screen bob "Bob Lee"
wait_screen amy "Amy Ho"
wait_count 30 "console --config .* --user bob" 1 || fail "bob's console did not start"

note "disabling bob ends his console, not amy's"
expect_status 0 "$VIGIL" admin user disable bob
wait_screen bob "the account bob is disabled; the session has been closed" 30
wait_screen bob "[exit 1]" 30
wait_count 30 "console --config .* --user bob" 0 || fail "bob's console is still running"
wait_sql 30 "SELECT end_reason FROM sessions WHERE user_id = (SELECT id FROM users
    WHERE login = 'bob')" "login no longer allowed" || fail "bob's session was not closed"
[ "$(sqlw "SELECT COUNT(*) FROM audit WHERE action = 'session.close' AND actor = 'bob'
    AND detail LIKE '%reason=login no longer allowed'")" = 1 ] || fail "the end is not audited"
[ "$(sqlw "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL AND user_id = (SELECT id
    FROM users WHERE login = 'amy')")" = 1 ] || fail "amy's session was ended too"
screen amy | grep -qF "Amy Ho" || fail "amy's console went away"
if screen amy | grep -qF "[exit"; then fail "amy's ssh ended"; fi

note "and bob cannot come back"
expect_status 255 ssh_key bob whoami
