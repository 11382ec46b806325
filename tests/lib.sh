# lib.sh — helpers for the shell tests that drive the real vigil binary.
# Sourced by tests/*/*.sh; $VIGIL is the binary, $T a private temporary
# directory, $SRC the source tree.
set -euo pipefail
: "${VIGIL:?}" "${T:?}" "${SRC:?}"
export TZ=UTC LANG=C.UTF-8
unset VIGIL_CONFIG VIGIL_CLOCK_FILE LANGUAGE || true

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

note() {
	echo "--- $*"
}

# expect_status N CMD... : runs CMD, keeps stdout/stderr in $T/out, $T/err.
expect_status() {
	local want=$1 got
	shift
	set +e
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "stdout:" >&2; cat "$T/out" >&2
		echo "stderr:" >&2; cat "$T/err" >&2
		fail "expected exit $want, got $got from: $*"
	fi
}

# expect_status_in N INPUT CMD... : the same, with INPUT on stdin.
expect_status_in() {
	local want=$1 input=$2 got
	shift 2
	set +e
	printf '%s\n' "$input" | "$@" >"$T/out" 2>"$T/err"
	got=$?
	set -e
	if [ "$got" != "$want" ]; then
		echo "stdout:" >&2; cat "$T/out" >&2
		echo "stderr:" >&2; cat "$T/err" >&2
		fail "expected exit $want, got $got from: $*"
	fi
}

expect_out() {
	grep -qF -- "$1" "$T/out" || fail "stdout lacks \"$1\"; it was: $(cat "$T/out")"
}

expect_err() {
	grep -qF -- "$1" "$T/err" || fail "stderr lacks \"$1\"; it was: $(cat "$T/err")"
}

expect_no_out() {
	if grep -qF -- "$1" "$T/out"; then fail "stdout unexpectedly has \"$1\""; fi
}

# new_site [POLICY] : a fresh site in $T/site; sets VIGIL_CONFIG and DB.
new_site() {
	"$VIGIL" admin init --dir "$T/site" --policy "${1:-default}" --site "Test School" >/dev/null
	export VIGIL_CONFIG="$T/site/vigil.cfg"
	DB="$T/site/data/vigil.db"
}

# db_snapshot FILE : everything in the database, to compare before/after.
db_snapshot() {
	sqlite3 -cmd ".timeout 20000" "$DB" .dump >"$1"
}

assert_same_db() {
	if ! cmp -s "$1" "$2"; then
		diff "$1" "$2" | head -n 20 >&2
		fail "the database changed"
	fi
}

# sql QUERY : one query through the sqlite3 shell, waiting while a server writes.
sql() {
	sqlite3 -cmd ".timeout 20000" "$DB" "$1"
}

# A throwaway SSH key pair: keygen NAME → $T/NAME and $T/NAME.pub
keygen() {
	ssh-keygen -q -t "${2:-ed25519}" -N "" -C "$1@test" -f "$T/$1" </dev/null >/dev/null
}

# free_port : a TCP port nobody listens on now.
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for SECONDS CMD... : retries CMD until it succeeds or time runs out.
wait_for() {
	local limit=$1 i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ "$i" -gt $((limit * 10)) ]; then
			return 1
		fi
		sleep 0.1
	done
}
