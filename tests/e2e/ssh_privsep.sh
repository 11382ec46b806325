# ssh_privsep.sh — privilege separation (issue 16): a connection waiting for its login holds
# no database handle and no key file, cannot gain privileges (NoNewPrivs), runs under a
# seccomp filter (tests/unit/test_sandbox.c checks what it refuses), and its monitor
# is the process holding the site; once logged in the connection process opens the site
# itself, its session row names it, and the monitor is gone.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
pw_user carol staff "Carol Chan" "another good password"
serve_start

# fds PID : what each of the process's descriptors points at, one a line.
fds() {
	local f
	for f in /proc/"$1"/fd/*; do readlink "$f" || true; done
}
# children PID : its child processes.
children() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | grep . || true
}

note "a connection at the password prompt: its process and its monitor"
tmux_ssh pre 100 30 carol -o PubkeyAuthentication=no
wait_screen pre "password:"
pid=$(sed -n 's/.*connection from 127\.0\.0\.1:[0-9]* (process \([0-9]*\)).*/\1/p' \
	"$SERVE_LOG" | tail -n 1)
[ -n "$pid" ] && [ -d "/proc/$pid" ] || fail "no connection process in the log"
mon=$(children "$pid")
[ "$(printf '%s\n' "$mon" | grep -c .)" = 1 ] || fail "connection $pid has children: $mon"

note "before login: no database, no key file, no new privileges"
fds "$pid" >"$T/pre.fds"
if grep -E '\.db($|-wal|-shm)' "$T/pre.fds"; then fail "the pre-login process holds the database"; fi
if grep -F "$T/site/keys" "$T/pre.fds"; then fail "the pre-login process holds a key file"; fi
grep -q '^NoNewPrivs:[[:space:]]*1$' /proc/"$pid"/status ||
	fail "NoNewPrivs is not set: $(grep NoNewPrivs /proc/"$pid"/status)"
grep -q '^Seccomp:[[:space:]]*2$' /proc/"$pid"/status ||
	fail "no seccomp filter: $(grep Seccomp /proc/"$pid"/status)"
grep -q 'socket:' "$T/pre.fds" || fail "the pre-login process has no socket to its monitor"
fds "$mon" | grep -qE 'vigil\.db$' || fail "the monitor does not hold the database"

note "the monitor decides: a wrong password is refused and recorded"
tm send-keys -t pre "not the password" Enter
wait_screen pre "Permission denied" 30
wait_sql 30 "SELECT COUNT(*) FROM login_attempts WHERE login = 'carol' AND ok = 0" 1 ||
	fail "the failed attempt was not recorded"

note "after login the connection process opens the site; the monitor is gone"
tm send-keys -t pre "another good password" Enter
wait_screen pre "Carol Chan"
wait_sql 30 "SELECT pid FROM sessions WHERE ended_us IS NULL AND user_id =
    (SELECT id FROM users WHERE login = 'carol')" "$pid" || fail "the session row does not name $pid"
fds "$pid" | grep -qE 'vigil\.db$' || fail "the logged-in process has no site"
[ ! -d "/proc/$mon" ] || [ "$(awk '{print $3}' /proc/"$mon"/stat)" = Z ] || fail "the monitor $mon still runs"
