# ssh_privsep.sh — privilege separation (issue 16): the connection process of a server
# started as root runs as ssh.prelogin_user in an empty root before and after login, holds
# no database handle or key file, cannot gain privileges (NoNewPrivs) and runs under a
# seccomp filter (tests/unit/test_sandbox.c checks what it refuses); its monitor holds the
# site for the whole connection and runs the session's work in a worker as the site's
# owner; the worker's and monitor's lives follow the connection's, and a worker that
# crashes is reported to the client.  The tests run as root, so this is the root case;
# ssh_privsep_user.sh is the server started as another user, as the packaged units run it.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 0; }
new_site
pw_user carol staff "Carol Chan" "another good password"
key_user dan staff "Dan Wu"
nobody_uid=$(id -u nobody)
owner_uid=$(stat -c %u "$VIGIL_CONFIG")
run_dir=$("$VIGIL" admin config get paths.run)
case $run_dir in /*) ;; *) run_dir=$(dirname "$VIGIL_CONFIG")/$run_dir ;; esac

note "a run/ that is gone (a tmpfs after a reboot) is made again, the site owner's, 0750"
rm -rf "$run_dir"
serve_start
[ "$(stat -c '%u %a' "$run_dir")" = "$owner_uid 750" ] ||
	fail "run/ made again as $(stat -c '%u %a' "$run_dir"), not the owner's 750"
[ "$(stat -c '%u %a' "$run_dir/empty")" = "0 755" ] || fail "run/empty is not root's 0755"
empty=$(realpath "$run_dir/empty")

# fds PID : what each of the process's descriptors points at, one a line.
fds() {
	local f
	for f in /proc/"$1"/fd/*; do readlink "$f" || true; done
}
# children PID : its child processes.
children() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . || true
}
# ids PID : "UID GID" (real, effective, saved and file-system ones all alike, or "mixed").
ids() {
	awk '/^Uid:/ { u = ($2 == $3 && $3 == $4 && $4 == $5) ? $2 : "mixed" }
	     /^Gid:/ { g = ($2 == $3 && $3 == $4 && $4 == $5) ? $2 : "mixed" }
	     END { print u, g }' /proc/"$1"/status
}
# unprivileged PID WHEN : the connection process as it must be at every moment.
unprivileged() {
	local pid=$1 when=$2
	[ "$(ids "$pid")" = "$nobody_uid $(id -g nobody)" ] ||
		fail "$when: the connection process runs as $(ids "$pid"), not nobody"
	[ -z "$(sed -n 's/^Groups:[[:space:]]*//p' /proc/"$pid"/status)" ] ||
		fail "$when: it keeps supplementary groups"
	[ "$(readlink /proc/"$pid"/root)" = "$empty" ] ||
		fail "$when: its root is $(readlink /proc/"$pid"/root), not $empty"
	fds "$pid" >"$T/fds"
	if grep -E '\.db($|-wal|-shm)' "$T/fds"; then fail "$when: it holds the database"; fi
	if grep -F "$T/site/keys" "$T/fds"; then fail "$when: it holds a key file"; fi
	grep -q '^NoNewPrivs:[[:space:]]*1$' /proc/"$pid"/status || fail "$when: NoNewPrivs not set"
	grep -q '^Seccomp:[[:space:]]*2$' /proc/"$pid"/status || fail "$when: no seccomp filter"
}
last_conn() {
	sed -n 's/.*connection from 127\.0\.0\.1:[0-9]* (process \([0-9]*\)).*/\1/p' \
		"$SERVE_LOG" | tail -n 1
}

note "the empty root: owned by root, 0755, empty"
[ "$(stat -c '%u %a' "$empty")" = "0 755" ] || fail "$empty is $(stat -c '%u %a' "$empty")"
[ -z "$(ls -A "$empty")" ] || fail "$empty is not empty"

note "a connection at the password prompt: nobody, in the empty root, no database"
tmux_ssh pre 100 30 carol -o PubkeyAuthentication=no
wait_screen pre "password:"
pid=$(last_conn)
[ -n "$pid" ] && [ -d "/proc/$pid" ] || fail "no connection process in the log"
unprivileged "$pid" "before login"
mon=$(children "$pid")
[ "$(printf '%s\n' "$mon" | grep -c .)" = 1 ] || fail "connection $pid has children: $mon"
fds "$mon" | grep -qE 'vigil\.db$' || fail "the monitor does not hold the database"
[ "$(ids "$mon" | cut -d' ' -f1)" = "$owner_uid" ] || fail "the monitor runs as $(ids "$mon")"

note "the monitor decides: a wrong password is refused and recorded"
tm send-keys -t pre "not the password" Enter
wait_screen pre "Permission denied" 30
wait_sql 30 "SELECT COUNT(*) FROM login_attempts WHERE login = 'carol' AND ok = 0" 1 ||
	fail "the failed attempt was not recorded"

note "after login: still nobody with no site; the console runs as the site's owner"
tm send-keys -t pre "another good password" Enter
wait_screen pre "Carol Chan"
wait_sql 30 "SELECT pid FROM sessions WHERE ended_us IS NULL AND user_id =
    (SELECT id FROM users WHERE login = 'carol')" "$pid" || fail "the session row does not name $pid"
unprivileged "$pid" "after login"
# Landlock on top of the empty root: not even that root opens (in it alone, "/" would).
[ "$(open_in "$pid" /)" = "-1 13" ] || fail "the connection process opened its root: $(open_in "$pid" /)"
[ "$(children "$pid")" = "$mon" ] || fail "the connection's children are $(children "$pid")"
fds "$mon" | grep -qE 'vigil\.db$' || fail "the monitor no longer holds the database"
con=$(children "$mon")
[ "$(printf '%s\n' "$con" | grep -c .)" = 1 ] || fail "the monitor has children: $con"
tr '\0' ' ' </proc/"$con"/cmdline | grep -q "console --config .* --user carol" ||
	fail "the monitor's child is not carol's console: $(tr '\0' ' ' </proc/"$con"/cmdline)"
[ "$(ids "$con" | cut -d' ' -f1)" = "$owner_uid" ] || fail "the console runs as $(ids "$con")"
fds "$con" >"$T/con.fds"
if grep -q 'socket:' "$T/con.fds"; then fail "a socket leaked into the console: $(cat "$T/con.fds")"; fi
fds "$pid" | grep -q '/dev/ptmx' || fail "the connection process does not hold the pty master"

note "a window change reaches the console through the connection process"
tm resize-window -t pre -x 90 -y 28 2>/dev/null || tm resize-pane -t pre -x 90 -y 28
wait_for 30 sh -c "stty -F \$(readlink /proc/$con/fd/0) size | grep -q '^28 90$'" ||
	fail "the console's terminal is $(stty -F "$(readlink /proc/"$con"/fd/0)" size)"

note "a console that crashes: the client is told, and exits non-zero"
kill -SEGV "$con"
wait_screen pre "ended unexpectedly (signal 11)" 30
wait_screen pre "[exit 1]" 30
wait_for 30 sh -c "! test -d /proc/$pid" || fail "the connection process stayed"
wait_sql 30 "SELECT end_reason FROM sessions WHERE pid = $pid" "console ended by signal 11" ||
	fail "the session was not closed as crashed"

note "a download in progress: the worker runs as the owner with only its own descriptors"
tmux_run sf 100 30 "sftp $(printf '%q ' "${SSH_OPTS[@]}") -P $SSH_PORT -i $T/dan dan@127.0.0.1; echo \"[exit \$?]\"; sleep 600"
wait_screen sf "sftp>" 60
pid=$(last_conn)
unprivileged "$pid" "sftp"
mon=$(children "$pid")
wrk=$(children "$mon")
[ -n "$wrk" ] && [ "$(ids "$wrk" | cut -d' ' -f1)" = "$owner_uid" ] ||
	fail "no worker as the owner: '$wrk' $(ids "$wrk" 2>/dev/null)"
[ "$(fds "$wrk" | grep 'socket:' | sort -u | grep -c .)" = 2 ] || fail "the worker holds other sockets: $(fds "$wrk")"
fds "$pid" >"$T/c.fds"
for s in $(fds "$wrk" | grep 'socket:'); do
	if fds "$mon" | grep -qxF "$s"; then fail "the monitor kept the worker's end $s"; fi
done

note "a download's worker that crashes: the client is told"
tmux_run sf2 100 30 "sftp $(printf '%q ' "${SSH_OPTS[@]}") -P $SSH_PORT -i $T/dan dan@127.0.0.1; echo \"[exit \$?]\"; sleep 600"
wait_screen sf2 "sftp>" 60
pid2=$(last_conn)
wrk2=$(children "$(children "$pid2")")
[ -n "$wrk2" ] || fail "no worker for the second sftp session"
kill -SEGV "$wrk2"
wait_screen sf2 "ended unexpectedly (signal 11)" 30
wait_sql 30 "SELECT end_reason FROM sessions WHERE pid = $pid2" "command ended by signal 11" ||
	fail "the session was not closed as crashed"

note "the connection process killed: its monitor and worker end too"
kill -KILL "$pid"
wait_for 30 sh -c "! test -d /proc/$mon && ! test -d /proc/$wrk" ||
	fail "monitor $mon or worker $wrk outlived the connection process"
serve_alive || fail "the listener died"

note "a command longer than a job request carries is refused"
expect_status 2 ssh_key dan "help $(head -c 5000 /dev/zero | tr '\0' x)"
expect_err "vigil: the command is too long"
wait_sql 30 "SELECT COUNT(*) FROM audit WHERE action = 'ssh.refuse' AND actor = 'dan'
    AND detail = 'command too long'" 1 || fail "the refusal is not audited"

note "a prelogin user that does not exist: the server does not start"
serve_stop
expect_status 0 "$VIGIL" admin config set ssh.prelogin_user no-such-user
expect_status 2 "$VIGIL" serve --config "$VIGIL_CONFIG" --listen 127.0.0.1:0
expect_err 'ssh.prelogin_user "no-such-user" is not a user other than root on this system'
