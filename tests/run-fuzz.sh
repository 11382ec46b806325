#!/bin/bash
# run-fuzz.sh SECONDS HARNESS... — runs each libFuzzer harness for SECONDS from its
# corpus (tests/fuzz/corpus/NAME, copied so the checked-in corpus stays small);
# a crash fails the run and leaves the input in build-fuzz/.  JOBS=N runs N
# harnesses at once (each is one process on one core).
set -u
secs=$1
shift
JOBS=${JOBS:-1}
. "$(dirname "$0")/lib-jobs.sh"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# one HARNESS: its verdict in build-fuzz/NAME.result, its output in NAME.log
one() {
	local h=$1 name work
	name=$(basename "$h" | sed 's/^fuzz_//')
	work="build-fuzz/corpus-$name"
	mkdir -p "$work"
	cp tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
	if "$h" -max_total_time="$secs" -max_len=4096 -timeout=10 -artifact_prefix=build-fuzz/ \
	    -print_final_stats=0 "$work" >"build-fuzz/$name.log" 2>&1; then
		echo "ok   fuzz $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "build-fuzz/$name.log" || grep -Eo '#[0-9]+' "build-fuzz/$name.log" | tail -n 1) runs, ${secs}s)" >"build-fuzz/$name.result"
	else
		{ echo "FAIL fuzz $name"; tail -n 30 "build-fuzz/$name.log"; } >"build-fuzz/$name.result"
	fi
}

for h in "$@"; do
	rm -f "build-fuzz/$(basename "$h" | sed 's/^fuzz_//').result"
done
run_jobs "$JOBS" one "$@"

failed=""
for h in "$@"; do
	name=$(basename "$h" | sed 's/^fuzz_//')
	if [ -f "build-fuzz/$name.result" ]; then
		cat "build-fuzz/$name.result"
	else
		echo "FAIL fuzz $name (no verdict)"
	fi
	grep -q '^ok ' "build-fuzz/$name.result" 2>/dev/null || failed="$failed $name"
done
[ -z "$failed" ] || { echo "fuzzing found problems in:$failed"; exit 1; }
