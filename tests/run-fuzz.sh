#!/bin/sh
# run-fuzz.sh SECONDS HARNESS... — runs each libFuzzer harness for SECONDS from its
# corpus (tests/fuzz/corpus/NAME, copied so the checked-in corpus stays small);
# a crash fails the run and leaves the input in build-fuzz/.
set -u
secs=$1
shift
failed=""
export LSAN_OPTIONS="suppressions=$(pwd)/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for h in "$@"; do
	name=$(basename "$h" | sed 's/^fuzz_//')
	work="build-fuzz/corpus-$name"
	mkdir -p "$work"
	cp tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
	if "$h" -max_total_time="$secs" -max_len=4096 -timeout=10 -artifact_prefix=build-fuzz/ \
	    -print_final_stats=0 "$work" >"build-fuzz/$name.log" 2>&1; then
		echo "ok   fuzz $name ($(grep -o 'stat::number_of_executed_units: [0-9]*' "build-fuzz/$name.log" || grep -Eo '#[0-9]+' "build-fuzz/$name.log" | tail -n 1) runs, ${secs}s)"
	else
		failed="$failed $name"
		echo "FAIL fuzz $name"
		tail -n 30 "build-fuzz/$name.log"
	fi
done
[ -z "$failed" ] || { echo "fuzzing found problems in:$failed"; exit 1; }
