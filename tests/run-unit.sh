#!/usr/bin/env bash
# run-unit.sh — runs each cmocka unit-test binary given, JOBS at a time (default 1);
# fails if any fails.  Each binary's output goes to BINARY.log.
set -u
export VIGIL_POLICY_DIR="${VIGIL_POLICY_DIR:-$(pwd)/etc/policies}"
export TZ=UTC
JOBS=${JOBS:-1}
. "$(dirname "$0")/lib-jobs.sh"

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

for t in "$@"; do
	rm -f "$t.result"
done
run_jobs "$JOBS" run_one "$@"
failed=""
for t in "$@"; do
	[ "$(cat "$t.result" 2>/dev/null)" = PASS ] || failed="$failed $t"
done
if [ -n "$failed" ]; then
	echo "unit tests failed:$failed"
	exit 1
fi
echo "unit: $# test programs passed"
