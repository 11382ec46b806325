# lib-ssh.sh — helpers for the e2e tests: vigil serve on a free port, the real OpenSSH
# client, and interactive sessions driven through tmux.  Source after tests/lib.sh.

SSH_OPTS=(-F /dev/null -o StrictHostKeyChecking=no -o "UserKnownHostsFile=$T/known_hosts"
	-o LogLevel=INFO -o IdentitiesOnly=yes -o ConnectTimeout=60 -o ServerAliveInterval=0)
TMUX_SOCK="$T/tmux.sock"
SERVE_PID=""

# sqlw QUERY : one query, waiting while the server writes (WAL readers can be told "busy").
sqlw() {
	sqlite3 -cmd ".timeout 20000" "$DB" "$1"
}

cleanup_ssh() {
	local status=$?
	tmux -S "$TMUX_SOCK" kill-server 2>/dev/null || true
	if [ -n "$SERVE_PID" ]; then
		kill -TERM "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
	fi
	# Under the sanitizer build a connection process's report lands in the server's
	# log, not in the test's output: a report there fails the test.
	if [ -n "${SERVE_LOG:-}" ] && grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$SERVE_LOG"; then
		grep -E -A30 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$SERVE_LOG" | head -n 60 >&2
		echo "FAIL: the server reported a sanitizer error (see $SERVE_LOG)" >&2
		exit 1
	fi
	exit "$status"
}
trap cleanup_ssh EXIT

# serve_start [ARGS...] : vigil serve on 127.0.0.1 and a port the kernel picks; sets
# SSH_PORT, SERVE_PID and SERVE_LOG.  The command line names $T, so run-suite.sh can
# clean up after a test that dies.
serve_start() {
	# Tests log in wrongly from 127.0.0.1 on purpose, often: that address is exempt from
	# ssh.per_source_penalties unless the test sets SSH_PENALTIES=on (ssh_flood.sh).
	if [ "${SSH_PENALTIES:-}" != on ] && [ -z "$("$VIGIL" admin config get ssh.penalty_exempt)" ]; then
		"$VIGIL" admin config set ssh.penalty_exempt 127.0.0.1 >/dev/null
	fi
	SERVE_LOG="$T/serve.log"
	# Empty the log first, here: the server's own redirection happens in the
	# background and a restart could otherwise read the last server's port.
	: >"$SERVE_LOG"
	"$VIGIL" serve --config "$VIGIL_CONFIG" --listen 127.0.0.1:0 "$@" 2>"$SERVE_LOG" &
	SERVE_PID=$!
	if ! wait_for 60 grep -q 'listening on' "$SERVE_LOG"; then
		cat "$SERVE_LOG" >&2
		fail "vigil serve did not start"
	fi
	SSH_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SERVE_LOG")
	[ -n "$SSH_PORT" ] || fail "no port in $(cat "$SERVE_LOG")"
}

serve_stop() {
	kill -TERM "$SERVE_PID"
	wait "$SERVE_PID" || true
	SERVE_PID=""
}

# open_in PID PATH : what open(PATH, O_RDONLY) gives inside the running process PID, as
# "FD ERRNO" (gdb makes the call there and closes what it opened): how a test sees
# whether a process may still reach the file system.
open_in() {
	local out
	command -v gdb >/dev/null || fail "gdb is missing (packaging/install-deps.sh installs it)"
	out=$(gdb -p "$1" -batch -nx -ex 'set confirm off' \
	    -ex "print (int)open(\"$2\", 0)" -ex 'print *(int *)__errno_location()' \
	    -ex 'print (int)close($1)' 2>/dev/null | sed -n 's/^\$[12] = //p' | tr '\n' ' ')
	[ -n "$out" ] || fail "gdb could not call open() in process $1"
	echo "${out% }"
}

serve_alive() {
	kill -0 "$SERVE_PID" 2>/dev/null
}

# key_user LOGIN ROLE NAME [EXTRA ADD OPTIONS...] : a user with a fresh key ($T/LOGIN)
# and, for roles that need it, an entry on the authorised-personnel register.
key_user() {
	local login=$1 role=$2 name=$3
	shift 3
	keygen "$login"
	"$VIGIL" admin user add "$login" --name "$name" --role "$role" --key "$T/$login.pub" "$@" \
		>/dev/null
	"$VIGIL" admin authorize "$login" --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
}

# pw_user LOGIN ROLE NAME PASSWORD : a user who logs in with a password only.
pw_user() {
	printf '%s\n' "$4" | "$VIGIL" admin user add "$1" --name "$3" --role "$2" \
		--password-stdin >/dev/null
	"$VIGIL" admin authorize "$1" --trained-on 2020-01-01 --until 2099-09-01 >/dev/null
}

# ssh_key LOGIN [SSH ARGS...] : ssh as LOGIN with its key, never prompting.
ssh_key() {
	local login=$1
	shift
	ssh "${SSH_OPTS[@]}" -p "$SSH_PORT" -i "$T/$login" -o BatchMode=yes \
		"$login@127.0.0.1" "$@"
}

# ssh_answer LOGIN ANSWER [SSH ARGS...] : ssh as LOGIN answering every prompt (password,
# one-time code) with ANSWER, through SSH_ASKPASS and without a terminal; one try per
# prompt.  Uses LOGIN's key when $T/LOGIN exists.
ssh_answer() {
	local login=$1 answer=$2 keyopt=(-o PubkeyAuthentication=no)
	shift 2
	printf '#!/bin/sh\nprintf "%%s\\n" %q\n' "$answer" >"$T/askpass.sh"
	chmod +x "$T/askpass.sh"
	if [ -f "$T/$login" ]; then keyopt=(-i "$T/$login"); fi
	SSH_ASKPASS="$T/askpass.sh" SSH_ASKPASS_REQUIRE=force DISPLAY=none \
		setsid -w ssh "${SSH_OPTS[@]}" -p "$SSH_PORT" "${keyopt[@]}" \
		-o NumberOfPasswordPrompts=1 "$login@127.0.0.1" "$@" </dev/null
}

# totp_code BASE32 [UNIX_TIME] : the RFC 6238 code, computed independently of vigil.
totp_code() {
	/usr/bin/python3 - "$@" <<'EOF'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]
t = int(sys.argv[2]) if len(sys.argv) > 2 else time.time()
key = base64.b32decode(s + "=" * (-len(s) % 8))
mac = hmac.new(key, struct.pack(">Q", int(t) // 30), hashlib.sha1).digest()
o = mac[19] & 15
print("%06d" % ((struct.unpack(">I", mac[o:o + 4])[0] & 0x7fffffff) % 1000000))
EOF
}

#---- tmux ----

tm() {
	tmux -S "$TMUX_SOCK" "$@"
}

# tmux_ssh NAME COLS ROWS LOGIN [SSH ARGS...] : an interactive ssh -t session as LOGIN in
# its own tmux session NAME, COLS x ROWS.  When ssh ends the pane shows "[exit N]".
tmux_ssh() {
	local name=$1 cols=$2 rows=$3 login=$4 cmd
	shift 4
	cmd="ssh $(printf '%q ' "${SSH_OPTS[@]}") -p $SSH_PORT -t"
	if [ -f "$T/$login" ]; then cmd="$cmd -i $T/$login"; fi
	if [ $# -gt 0 ]; then cmd="$cmd $(printf '%q ' "$@")"; fi
	cmd="$cmd $login@127.0.0.1; echo \"[exit \$?]\"; sleep 600"
	tmux_run "$name" "$cols" "$rows" "$cmd"
}

# tmux_run NAME COLS ROWS COMMAND : any command in a new tmux session.
tmux_run() {
	if [ ! -f "$T/tmux.conf" ]; then
		cat >"$T/tmux.conf" <<'EOF'
set -g status off
set -g escape-time 10
set -g default-terminal "screen-256color"
set -g history-limit 200
EOF
	fi
	tm -f "$T/tmux.conf" new-session -d -s "$1" -x "$2" -y "$3" "$4"
}

# screen NAME : what the pane shows now, one line per row.
screen() {
	tm capture-pane -p -t "$1"
}

# wait_screen NAME TEXT [SECONDS] : until the pane shows TEXT; fails showing the pane.
wait_screen() {
	local limit=${3:-60} i=0
	while ! screen "$1" | grep -qF -- "$2"; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			screen "$1" >&2
			fail "the screen of $1 never showed \"$2\""
		fi
		sleep 0.2
	done
}

# wait_no_screen NAME TEXT [SECONDS] : until the pane no longer shows TEXT.
wait_no_screen() {
	local limit=${3:-60} i=0
	while screen "$1" | grep -qF -- "$2"; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			screen "$1" >&2
			fail "the screen of $1 kept showing \"$2\""
		fi
		sleep 0.2
	done
}

# wait_line NAME REGEX [SECONDS] : until a line of the pane matches REGEX (grep -E); the
# pane is redrawn in pieces, so every check of what it shows waits like this.
wait_line() {
	local limit=${3:-60} i=0
	while ! screen "$1" | grep -Eq -- "$2"; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			screen "$1" >&2
			fail "no line of $1 ever matched /$2/"
		fi
		sleep 0.2
	done
}

# wait_row NAME ROW TEXT [SECONDS] : until row ROW (1-based) of the pane shows TEXT.
wait_row() {
	local limit=${4:-60} i=0
	while ! screen "$1" | sed -n "${2}p" | grep -qF -- "$3"; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			screen "$1" >&2
			fail "row $2 of $1 never showed \"$3\""
		fi
		sleep 0.2
	done
}

keys() {
	local name=$1
	shift
	tm send-keys -t "$name" "$@"
}

# open_job NAME TITLE : opens the home screen's job TITLE wherever the user's roles
# place it: by its number, or past 9 by moving the cursor to it.
open_job() {
	local n="" i
	wait_line "$1" "^ *[0-9]+ +$2( |\$)"
	# The number from one capture that shows it: the screen may be redrawing
	# when captured again (under load this opened the first job instead).
	for i in $(seq 1 100); do
		n=$(screen "$1" | sed -nE "s/^ *([0-9]+) +$2( .*)?\$/\1/p" | head -n 1)
		[ -z "$n" ] || break
		sleep 0.1
	done
	[ -n "$n" ] || fail "the home screen of $1 lost its line \"$2\""
	if [ "$n" -le 9 ]; then
		keys "$1" "$n"
		return
	fi
	keys "$1" Home
	for ((i = 1; i < n; i++)); do
		keys "$1" Down
	done
	keys "$1" Enter
}

# type_text NAME TEXT : types TEXT literally.
type_text() {
	tm send-keys -t "$1" -l "$2"
}

# set_clock "+SECONDS" : moves the clock of every vigil process of this test (VIGIL_CLOCK_FILE).
set_clock() {
	printf '%s\n' "$1" >"$VIGIL_CLOCK_FILE"
}

# column_of TEXT LINE : the terminal column (0-based, wide characters count 2) where TEXT
# starts in LINE, or -1.
column_of() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import sys, unicodedata
text, line = sys.argv[1], sys.argv[2]
i = line.find(text)
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(-1 if i < 0 else w(line[:i]))
EOF
}

# wait_sql SECONDS QUERY EXPECTED : until the query answers EXPECTED (it is asked again
# each time, unlike wait_for test "$(...)").
wait_sql() {
	local limit=$1 i=0
	while [ "$(sqlw "$2")" != "$3" ]; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			return 1
		fi
		sleep 0.2
	done
}

# wait_count SECONDS PATTERN N : until N processes match PATTERN (pgrep -f).
wait_count() {
	local limit=$1 i=0
	while [ "$(pgrep -c -f -- "$2")" != "$3" ]; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 5)) ]; then
			return 1
		fi
		sleep 0.2
	done
}
