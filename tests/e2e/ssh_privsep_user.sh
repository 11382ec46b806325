# ssh_privsep_user.sh — vigil serve not started as root, as the packaged units run it
# (User=vigil): connections work, and a connection process, still the site owner's, is
# kept from the site's files by Landlock (tui/ssh/sandbox.h): no file opens in it, not
# the database, not the signing key, while its monitor (not confined) opens them.  The
# server says so when it starts, in its log and in serve.start's audit entry.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root to hand the site to another user"; exit 0; }
OWNER=daemon
new_site
key_user dan staff "Dan Wu"
"$VIGIL" admin config set ssh.penalty_exempt 127.0.0.1 >/dev/null
db=$(readlink -f "$T/site/$("$VIGIL" admin config get paths.data)/vigil.db")
[ -f "$db" ] || fail "no database at $db"
# The site is the owner's; $T is only traversed.
chmod 755 "$T"
chown -R "$OWNER:$OWNER" "$T/site"

note "started as $OWNER: it says what keeps connection processes from the site's files"
SERVE_LOG="$T/serve.log"
setpriv --reuid="$OWNER" --regid="$OWNER" --clear-groups "$VIGIL" serve --config "$VIGIL_CONFIG" \
    --listen 127.0.0.1:0 2>"$SERVE_LOG" &
SERVE_PID=$!
wait_for 60 grep -q 'listening on' "$SERVE_LOG" || fail "vigil serve did not start: $(cat "$SERVE_LOG")"
SSH_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SERVE_LOG")
grep -q "^vigil serve: connection processes run as user $OWNER, no file access (Landlock ABI [1-9][0-9]*)$" \
    "$SERVE_LOG" || fail "the log does not say how connections are confined: $(cat "$SERVE_LOG")"
if grep -q "warning" "$SERVE_LOG"; then fail "a warning on a kernel with Landlock: $(cat "$SERVE_LOG")"; fi
sql "SELECT detail FROM audit WHERE action = 'serve.start' ORDER BY id DESC LIMIT 1" |
    grep -q "; connections: user $OWNER, no file access (Landlock ABI" ||
    fail "serve.start does not record the confinement: $(sql "SELECT detail FROM audit WHERE action = 'serve.start'")"

note "a console session works, and its connection process reaches no file"
tmux_ssh c1 100 30 dan
wait_screen c1 "Dan Wu" 60
pid=$(sed -n 's/.*connection from 127\.0\.0\.1:[0-9]* (process \([0-9]*\)).*/\1/p' "$SERVE_LOG" | tail -n 1)
[ -n "$pid" ] && [ -d "/proc/$pid" ] || fail "no connection process in the log"
[ "$(stat -c %U "/proc/$pid")" = "$OWNER" ] || fail "the connection process runs as $(stat -c %U "/proc/$pid")"
grep -q '^NoNewPrivs:[[:space:]]*1$' /proc/"$pid"/status || fail "NoNewPrivs not set"
grep -q '^Seccomp:[[:space:]]*2$' /proc/"$pid"/status || fail "no seccomp filter"
mon=$(cat /proc/"$pid"/task/*/children | tr ' ' '\n' | grep . | head -n 1)
[ -n "$mon" ] || fail "the connection process has no monitor"
for f in "$db" "$VIGIL_CONFIG" "$T/site/keys" /etc/hostname /; do
	[ "$(open_in "$pid" "$f")" = "-1 13" ] ||
	    fail "the connection process opened $f: $(open_in "$pid" "$f") (fd errno)"
	# the monitor, the same user without Landlock, can: the refusal is Landlock's
	case $(open_in "$mon" "$f") in
	-1\ *) fail "the monitor cannot open $f either: the check proves nothing" ;;
	esac
done

note "commands and a download work under the same confinement"
ssh_key dan whoami >"$T/out" 2>"$T/err" || fail "whoami failed: $(cat "$T/err")"
grep -q "dan" "$T/out" || fail "whoami said: $(cat "$T/out")"
printf 'pwd\nls /\n' | sftp "${SSH_OPTS[@]}" -P "$SSH_PORT" -i "$T/dan" -b - dan@127.0.0.1 >"$T/sftp" 2>&1 ||
    fail "sftp failed: $(cat "$T/sftp")"
grep -q "^Remote working directory: /$" "$T/sftp" || fail "sftp said: $(cat "$T/sftp")"
tm send-keys -t c1 q
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || true
SERVE_PID=""
