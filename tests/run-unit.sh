#!/usr/bin/env bash
# run-unit.sh — runs each cmocka unit-test binary given, JOBS at a time (default 1);
# fails if any fails.  Each binary's output goes to BINARY.log.
set -u
export VIGIL_POLICY_DIR="${VIGIL_POLICY_DIR:-$(pwd)/etc/policies}"
export TZ=UTC
JOBS=${JOBS:-1}

run_one() {
	local t=$1
	if "$t" >"$t.log" 2>&1; then
		echo "ok   $t ($(grep -c '^\[       OK \]' "$t.log") tests)"
		echo PASS >"$t.result"
	else
		echo "FAIL $t"
		tail -n 40 "$t.log"
		echo FAIL >"$t.result"
	fi
}

running=0
for t in "$@"; do
	rm -f "$t.result"
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
failed=""
for t in "$@"; do
	[ "$(cat "$t.result" 2>/dev/null)" = PASS ] || failed="$failed $t"
done
if [ -n "$failed" ]; then
	echo "unit tests failed:$failed"
	exit 1
fi
echo "unit: $# test programs passed"
