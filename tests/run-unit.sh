#!/bin/sh
# run-unit.sh — runs each cmocka unit-test binary given; fails if any fails.
set -u
export VIGIL_POLICY_DIR="${VIGIL_POLICY_DIR:-$(pwd)/etc/policies}"
export TZ=UTC
failed=""
n=0
for t in "$@"; do
	n=$((n + 1))
	if ! "$t" >"$t.log" 2>&1; then
		failed="$failed $t"
		echo "FAIL $t"
		tail -n 40 "$t.log"
	else
		echo "ok   $t ($(grep -c '^\[       OK \]' "$t.log") tests)"
	fi
done
if [ -n "$failed" ]; then
	echo "unit tests failed:$failed"
	exit 1
fi
echo "unit: $n test programs passed"
