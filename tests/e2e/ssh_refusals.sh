# ssh_refusals.sh — port, agent and X11 forwarding, foreign environment variables, sftp and
# scp outside the download tree are refused and audited; so are logins the register, a disabled account or the session
# limit do not allow; slow and surplus unauthenticated connections are cut off.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
# A profile with a role that needs the register but grants nothing beyond requests.
sed 's/^roles = (/roles = (\n  { name = "requester"; title = "Requester"; title_zh = "申请人";\n    caps = [ "request.file" ]; needs_authorization = true; },/' \
	"$SRC/etc/policies/default.cfg" >"$T/site/policy.cfg"
key_user alice guard "Alice Wong"
keygen gus
"$VIGIL" admin user add gus --name "Gus Unlisted" --role guard --key "$T/gus.pub" >/dev/null
keygen rita
"$VIGIL" admin user add rita --name "Rita Request" --role requester --key "$T/rita.pub" >/dev/null
key_user dan guard "Dan Gone"
"$VIGIL" admin user disable dan >/dev/null
"$VIGIL" admin config set ssh.max_sessions_per_user 2 >/dev/null
serve_start

note "-R: the remote forward is refused and the client gives up"
expect_status 255 ssh_key alice -N -o ExitOnForwardFailure=yes -R 0:127.0.0.1:9
expect_err "remote port forwarding failed"

note "-L: the connection through the tunnel is refused"
lport=$(free_port)
ssh "${SSH_OPTS[@]}" -p "$SSH_PORT" -i "$T/alice" -o BatchMode=yes -N \
	-L "$lport:127.0.0.1:$SSH_PORT" alice@127.0.0.1 2>"$T/lerr" &
lpid=$!
wait_for 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$lport" || fail "the local end never listened"
wait_for 60 grep -q "administratively prohibited" "$T/lerr" || fail "no refusal: $(cat "$T/lerr")"
kill "$lpid"
wait "$lpid" || true

note "-A: no agent forwarding; the command runs without it and says so"
eval "$(ssh-agent -s)" >/dev/null
expect_status 0 ssh_key alice -A whoami
kill "$SSH_AGENT_PID"
expect_out "alice (Alice Wong)"
expect_err "agent forwarding is not allowed"

note "-X: no X11 forwarding"
DISPLAY=:99 expect_status 0 ssh_key alice -X whoami
expect_err "X11 forwarding request failed"

note "environment other than TERM, LANG and LC_* is refused"
FOO=bar LC_TIME=C expect_status 0 ssh_key alice -o SendEnv=FOO -o SendEnv=LC_TIME whoami

note "sftp and scp serve only the download tree (tests/gov/exports.sh), and say so"
echo "get /etc/passwd $T/stolen" >"$T/batch"
expect_status 1 sftp -b "$T/batch" "${SSH_OPTS[@]}" -P "$SSH_PORT" -i "$T/alice" \
	-o BatchMode=yes alice@127.0.0.1
expect_err "/etc/passwd is not in the download tree, which holds only /exports/"
expect_status 1 scp -O "${SSH_OPTS[@]}" -P "$SSH_PORT" -i "$T/alice" -o BatchMode=yes \
	alice@127.0.0.1:/etc/passwd "$T/stolen"
expect_err "/etc/passwd is not in the download tree, which holds only /exports/"
[ ! -e "$T/stolen" ] || fail "scp wrote a file"
expect_status 1 ssh_key alice rsync --server --sender . /etc/passwd
expect_err "only downloads with sftp and scp are served here"

note "each refusal is in the audit with the source address"
sqlw "SELECT detail || ' | ' || source FROM audit WHERE action = 'ssh.refuse'" >"$T/out"
expect_out "remote port forwarding (-R) of"
expect_out "port forwarding (-L) to 127.0.0.1:$SSH_PORT | ssh 127.0.0.1:"
expect_out "agent forwarding | ssh 127.0.0.1:"
expect_out "X11 forwarding | ssh 127.0.0.1:"
expect_out "environment variable FOO"
expect_no_out "environment variable LC_TIME"
expect_out "scp /etc/passwd: /etc/passwd is not in the download tree"
expect_out "file transfer: rsync --server"

note "a guard without an unexpired authorisation cannot log in, and is told why"
expect_status 255 ssh_key gus whoami
expect_err "gus has no unexpired authorisation on the authorised-personnel register"
note "a role that grants only request.file does not need the register to log in"
expect_status 0 ssh_key rita whoami
expect_out "rita (Rita Request)"
note "a disabled user cannot log in"
expect_status 255 ssh_key dan whoami
expect_err "the account dan is disabled"
sqlw "SELECT object || ': ' || detail FROM audit WHERE action = 'auth.login.fail'" >"$T/out"
expect_out "gus: method=publickey; reason=gus has no unexpired authorisation"
expect_out "dan: method=publickey; reason=the account dan is disabled"

note "the per-user session limit (2): a third session is refused"
tmux_ssh s1 80 24 alice
tmux_ssh s2 80 24 alice
wait_screen s1 "Alice Wong (alice)"
wait_screen s2 "Alice Wong (alice)"
expect_status 255 ssh_key alice whoami
expect_err "alice already has 2 of 2 sessions open"
keys s1 q
wait_screen s1 "[exit 0]"
expect_status 0 ssh_key alice whoami

note "an unauthenticated connection is closed after the login grace time"
serve_stop
"$VIGIL" admin config set ssh.login_grace_s 5 >/dev/null
"$VIGIL" admin config set ssh.max_startups 1 >/dev/null
serve_start
exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT"
note "while it waits, max_startups (1) drops the next connection before any SSH"
expect_status 255 ssh_key alice whoami
grep -Eq "(closed|reset) by 127.0.0.1" "$T/err" || fail "not dropped: $(cat "$T/err")"
timeout 60 cat <&3 >"$T/banner" || fail "the server did not close the idle connection"
exec 3<&-
grep -q "^SSH-2.0-" "$T/banner" || fail "no SSH banner from the server"
wait_sql 60 "SELECT COUNT(*) FROM audit WHERE action = 'auth.grace'" 1 ||
	fail "grace expiry not audited"
[ "$(sqlw "SELECT COUNT(*) FROM audit WHERE action = 'ssh.startups.full'")" = 1 ] ||
	fail "the full cap was not audited"
note "once the slot is free, logins work again"
wait_for 60 ssh_key alice whoami || fail "no login after the slow connection went"
