# serve_local.sh — vigil serve refuses bad listen addresses and unsafe or missing host keys
# with a clear message; vigil console runs locally on a terminal as its own audited session.
# timeout: 120
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user alice guard "Alice Wong"

note "bad --listen values are usage errors naming the value"
expect_status 2 "$VIGIL" serve --listen nonsense
expect_err '"nonsense" is not ADDRESS:PORT'
expect_status 2 "$VIGIL" serve --listen 127.0.0.1:70000
expect_err '"127.0.0.1:70000" is not ADDRESS:PORT'
expect_status 2 "$VIGIL" serve --frobnicate
expect_err "usage: vigil serve"

note "a port someone else holds: the server says so and exits"
serve_start
expect_status 1 "$VIGIL" serve --listen "127.0.0.1:$SSH_PORT"
expect_err "cannot listen on 127.0.0.1:$SSH_PORT"
serve_stop

note "the host key must be private and present"
chmod 0644 "$T/site/keys/ssh_host_ed25519_key"
expect_status 2 "$VIGIL" serve --listen 127.0.0.1:0
expect_err "is readable by others (mode 644); make it 0600"
chmod 0600 "$T/site/keys/ssh_host_ed25519_key"
mv "$T/site/keys/ssh_host_ed25519_key" "$T/hostkey"
expect_status 2 "$VIGIL" serve --listen 127.0.0.1:0
expect_err "ssh_host_ed25519_key is missing (vigil admin init makes it)"
echo "not a key" >"$T/site/keys/ssh_host_ed25519_key"
chmod 0600 "$T/site/keys/ssh_host_ed25519_key"
expect_status 2 "$VIGIL" serve --listen 127.0.0.1:0
expect_err "is not an ed25519 private key"
mv "$T/hostkey" "$T/site/keys/ssh_host_ed25519_key"

note "the host key clients see is the site's"
serve_start
ssh-keyscan -t ed25519 -p "$SSH_PORT" 127.0.0.1 2>/dev/null | awk '{print $3}' >"$T/seen"
awk '{print $2}' "$T/site/keys/ssh_host_ed25519_key.pub" >"$T/want"
cmp -s "$T/seen" "$T/want" || fail "the server shows another host key"
serve_stop
sqlw "SELECT action FROM audit WHERE actor = 'vigil-serve'" >"$T/out"
expect_out "serve.start"
expect_out "serve.stop"

note "vigil console needs a terminal and a user who may log in"
expect_status 2 "$VIGIL" console --user alice </dev/null
expect_err "needs a terminal"
expect_status 2 "$VIGIL" console
expect_err "usage: vigil console"

note "locally on a terminal: the home screen, audited as a console session"
tmux_run c 80 24 "VIGIL_CONFIG=$VIGIL_CONFIG $VIGIL console --user alice; echo \"[exit \$?]\"; sleep 600"
wait_screen c "Alice Wong (alice)"
sqlw "SELECT kind || ' ' || source FROM sessions WHERE ended_us IS NULL" >"$T/out"
expect_out "console console /dev/pts/"
keys c q
wait_screen c "[exit 0]"
[ "$(sqlw "SELECT end_reason FROM sessions")" = quit ] || fail "the local session was not closed"
"$VIGIL" admin user disable alice >/dev/null
tmux_run d 80 24 "VIGIL_CONFIG=$VIGIL_CONFIG $VIGIL console --user alice; echo \"[exit \$?]\"; sleep 600"
wait_screen d "the account alice is disabled"
wait_screen d "[exit 1]"
