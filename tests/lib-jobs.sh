# lib-jobs.sh — run_jobs N FUNC ARG...: calls FUNC ARG for each ARG, N at a time
# (in the background; N <= 1: one after another in this shell), and returns when
# all are done.  FUNC records its own verdict; the runners read them afterwards.
run_jobs() {
	local n=$1 func=$2 running=0 a
	shift 2
	for a in "$@"; do
		if [ "$n" -le 1 ]; then
			"$func" "$a"
			continue
		fi
		"$func" "$a" &
		running=$((running + 1))
		if [ "$running" -ge "$n" ]; then
			wait -n
			running=$((running - 1))
		fi
	done
	wait
}
