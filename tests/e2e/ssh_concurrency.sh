# ssh_concurrency.sh — 20 console sessions at once; killing one connection process leaves
# the others and the listener running and closes its session; idle sessions time out.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
export VIGIL_CLOCK_FILE="$T/clock"
set_clock "+0"
"$VIGIL" admin config set ssh.idle_timeout_s 60 >/dev/null
for u in 1 2 3 4 5; do
	key_user "user$u" guard "Guard Number $u"
done
serve_start

note "20 sessions: five users with four each (ssh.max_sessions_per_user)"
n=0
for batch in 1 2 3 4; do
	for u in 1 2 3 4 5; do
		n=$((n + 1))
		tmux_ssh "s$n" 80 24 "user$u"
	done
	for k in $(seq $((n - 4)) "$n"); do
		wait_screen "s$k" "Guard Number" 120
	done
done
[ "$(sqlw "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL")" = 20 ] ||
	fail "not 20 open sessions"
[ "$(pgrep -c -f "console --config $T/site/vigil.cfg")" = 20 ] || fail "not 20 consoles running"

note "kill -9 one connection process"
victim=$(sqlw "SELECT pid FROM sessions WHERE ended_us IS NULL ORDER BY id LIMIT 1")
vsource=$(sqlw "SELECT source FROM sessions WHERE pid = $victim")
kill -KILL "$victim"
wait_sql 60 "SELECT end_reason FROM sessions WHERE pid = $victim" \
	"connection process killed by signal 9" || fail "the listener did not close its session"
wait_count 60 "console --config $T/site/vigil.cfg" 19 ||
	fail "the killed connection's console is still running"
pgrep -f -- "--ssh-source $vsource\$" >/dev/null && fail "console of $vsource survived"
serve_alive || fail "the listener died"

note "the other 19 still answer, and the listener takes new logins"
alive=0
for k in $(seq 1 20); do
	if screen "s$k" | grep -q "\[exit"; then continue; fi
	keys "s$k" 1
	wait_screen "s$k" "LAST RECORDING" 60
	alive=$((alive + 1))
done
[ "$alive" = 19 ] || fail "$alive sessions answer, not 19"
victim_user=$(sqlw "SELECT u.login FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.pid = $victim")
expect_status 0 ssh_key "$victim_user" whoami
note "(the killed session's place is free again; a user with four live ones has none)"
other=user5
[ "$victim_user" = user5 ] && other=user4
expect_status 255 ssh_key "$other" whoami
expect_err "already has 4 of 4 sessions open"
[ "$(sqlw "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL")" = 19 ] ||
	fail "not 19 open sessions after the kill"

note "idle sessions are closed after ssh.idle_timeout_s (the clock moves, no sleeping)"
set_clock "+120"
for k in $(seq 1 20); do
	wait_screen "s$k" "[exit" 60
done
wait_sql 60 "SELECT COUNT(*) FROM sessions WHERE ended_us IS NULL" 0 ||
	fail "sessions left open"
[ "$(sqlw "SELECT COUNT(*) FROM sessions WHERE end_reason = 'idle timeout'")" = 19 ] ||
	fail "not every session closed as idle: $(sqlw "SELECT end_reason, COUNT(*) FROM sessions GROUP BY 1")"
told=0
for k in $(seq 1 20); do
	if screen "s$k" | grep -q "the session was idle for 1 minutes"; then
		told=$((told + 1))
		wait_screen "s$k" "[exit 1]"
	fi
done
[ "$told" = 19 ] || fail "$told sessions were told why they ended, not 19"
serve_alive || fail "the listener died"
