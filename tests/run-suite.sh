#!/usr/bin/env bash
# run-suite.sh DIR — runs every DIR/*.sh test against $VIGIL; each in its own
# temporary directory, with a time limit ("# timeout: N" in the script, default
# 300 s).  Logs go to build/test-logs/SUITE/.  JOBS=N runs N tests at once;
# ONLY=name runs one test.
set -u
dir=$1
suite=$(basename "$dir")
root=$(cd "$(dirname "$0")/.." && pwd)
logs="$root/build/test-logs/$suite"
mkdir -p "$logs"
rm -f "$logs"/*.log "$logs"/*.result
: "${VIGIL:?VIGIL must name the binary under test}"
export VIGIL SRC="$root" VIGIL_POLICY_DIR="$root/etc/policies"
JOBS=${JOBS:-1}
. "$root/tests/lib-jobs.sh"

run_one() {
	local t=$1 name limit tmp start end res
	name=$(basename "$t" .sh)
	limit=$(sed -n 's/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$t" | head -n 1)
	limit=${limit:-300}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/vigil-$suite-$name-XXXXXX")
	start=$(date +%s)
	if T="$tmp" timeout --kill-after=10 "$limit" bash "$t" >"$logs/$name.log" 2>&1; then
		res=PASS
	else
		res=FAIL
	fi
	end=$(date +%s)
	# Processes a test left behind (servers, simulators) must not outlive it.
	pkill -KILL -f "$tmp" 2>/dev/null || true
	rm -rf "$tmp"
	echo "$res" >"$logs/$name.result"
	printf '%s %-44s %4ss\n' "$res" "$suite/$name" "$((end - start))"
	if [ "$res" = FAIL ]; then
		tail -n 40 "$logs/$name.log" | sed 's/^/    | /'
	fi
}

shopt -s nullglob
tests=("$dir"/*.sh)
if [ -n "${ONLY:-}" ]; then
	tests=("$dir/$ONLY.sh")
fi
# Several at once: the longest first (tests/durations.txt; a test not listed
# counts as 10 s), so that the suite does not wait on one started last.
if [ "$JOBS" -gt 1 ] && [ ${#tests[@]} -gt 1 ]; then
	mapfile -t tests < <(for t in "${tests[@]}"; do
		secs=$(awk -v n="$suite/$(basename "$t" .sh)" '$1 == n { print $2 }' \
		    "$root/tests/durations.txt" 2>/dev/null)
		echo "${secs:-10} $t"
	done | sort -k1,1nr -k2 | cut -d' ' -f2-)
fi
if [ ${#tests[@]} -eq 0 ]; then
	echo "$suite: no tests"
	exit 0
fi
run_jobs "$JOBS" run_one "${tests[@]}"
fails=$(grep -l FAIL "$logs"/*.result 2>/dev/null | wc -l)
total=$(ls "$logs"/*.result | wc -l)
if [ "$fails" -gt 0 ]; then
	echo "$suite: $fails of $total tests FAILED (logs in $logs)"
	exit 1
fi
echo "$suite: all $total tests passed"
