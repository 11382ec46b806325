# sandbox_syscalls.sh — what vigil record and vigil serve do at run time fits what their units allow: system calls, socket families, no writable-executable memory.
# timeout: 400
#
# systemd is not PID 1 here, so the units cannot run as services.  Instead the
# recorder and the server run their real work under strace (a camera recording,
# a reload, a retention pass; an SSH command and a console session), and every
# system call they and their children make is checked against the unit's
# SystemCallFilter, RestrictAddressFamilies and MemoryDenyWriteExecute.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
. "$SRC/tests/lib-ssh.sh"
trap 'st=$?; rtsp_cleanup; (exit $st); cleanup_ssh' EXIT
UNITS="$SRC/packaging/systemd"

# expand SET : the system calls of a systemd set (@name, recursively) or one call.
expand() {
	case $1 in
	@*) systemd-analyze syscall-filter "$1" | sed -n 's/^    \([^ #]*\)$/\1/p' |
		while read -r s; do expand "$s"; done ;;
	*) echo "$1" ;;
	esac
}

# allowed UNIT : the calls its SystemCallFilter= lines leave allowed (an allow list,
# then ~deny lists taken out of it).
allowed() {
	local allow="" deny="" line
	while read -r line; do
		case $line in
		"~"*) deny="$deny ${line#\~}" ;;
		*) allow="$allow $line" ;;
		esac
	done < <(sed -n 's/^SystemCallFilter=//p' "$UNITS/$1")
	for s in $allow; do expand "$s"; done | sort -u >"$T/allow"
	: >"$T/deny"
	for s in $deny; do expand "$s"; done | sort -u >"$T/deny"
	comm -23 "$T/allow" "$T/deny"
}

# check UNIT TRACE : fails on a call, socket family or mapping the unit forbids.
check() {
	local unit=$1 trace=$2 bad
	allowed "$unit" >"$T/ok-$unit"
	[ "$(wc -l <"$T/ok-$unit")" -gt 200 ] || fail "the filter of $unit expanded to too little"
	sed -n 's/^[0-9]\{1,\} \{1,\}\([a-z0-9_]\{1,\}\)(.*/\1/p' "$trace" | sort -u >"$T/used-$unit"
	[ "$(wc -l <"$T/used-$unit")" -gt 40 ] || fail "strace saw too few calls: $(head "$trace")"
	bad=$(comm -23 "$T/used-$unit" "$T/ok-$unit" | tr '\n' ' ')
	[ -z "$bad" ] || fail "$unit: SystemCallFilter forbids what the service calls: $bad"
	fams=$(grep -Eo '(socket|socketpair)\(AF_[A-Z0-9]+' "$trace" | sed 's/.*(//' | sort -u | tr '\n' ' ')
	allowed_fams=" $(sed -n 's/^RestrictAddressFamilies=//p' "$UNITS/$unit") AF_LOCAL "
	for f in $fams; do
		case $allowed_fams in *" $f "*) ;; *) fail "$unit: RestrictAddressFamilies forbids $f" ;; esac
	done
	# MemoryDenyWriteExecute: no mapping both writable and executable, and no
	# mprotect that makes one executable.
	if grep -E '(mmap|mprotect|pkey_mprotect)\([^)]*PROT_WRITE\|PROT_EXEC' "$trace" ||
	    grep -E '(mprotect|pkey_mprotect)\([^)]*PROT_EXEC' "$trace"; then
		fail "$unit: MemoryDenyWriteExecute forbids a mapping the service makes"
	fi
	echo "$unit: $(wc -l <"$T/used-$unit") distinct calls, families: $fams"
}

# As root, the services run as another user, as the units run them as vigil:
# some libraries (SQLite's fchown of its journal) do more for root.
STRACE=(strace -f -qq -s 0 -o)
as_service() { :; }
if [ "$(id -u)" = 0 ]; then
	STRACE=(strace -f -qq -s 0 -u daemon -o)
	chmod 0711 "$T"
	as_service() { chown -R daemon:daemon "$T/site"; }
fi

note "the recorder: a camera recording, a reload, a stop"
rec_site
sim_start a gate=h264
cam_add gate "$(sim_url a gate)"
as_service
"${STRACE[@]}" "$T/record.strace" "$VIGIL" record --config "$VIGIL_CONFIG" >>"$T/rec.log" 2>&1 &
REC_PID=$!
wait_for 120 rec_started 0 || fail "the recorder did not start under strace: $(tail "$T/rec.log")"
wait_segments gate 2 120
cam_add yard "$(sim_url a gate)"
as_service
kill -HUP "$(pgrep -P "$REC_PID" -f "vigil record" || echo "$REC_PID")"
wait_for 60 grep -q "reload: started: yard" "$T/rec.log" || fail "no reload: $(tail "$T/rec.log")"
wait_segments yard 1 120
kill -TERM "$(pgrep -P "$REC_PID" -f "vigil record")"
wait "$REC_PID" || true
REC_PID=""
grep -q "stopped" "$T/rec.log" || fail "the recorder did not stop cleanly: $(tail "$T/rec.log")"
check vigil-record.service "$T/record.strace"

note "the server: an SSH command and a console session"
key_user alice guard "Alice Wong"
as_service
SERVE_LOG="$T/serve.log"
"${STRACE[@]}" "$T/serve.strace" "$VIGIL" serve --config "$VIGIL_CONFIG" --listen 127.0.0.1:0 \
    2>"$SERVE_LOG" &
SERVE_PID=$!
wait_for 120 grep -q 'listening on' "$SERVE_LOG" || fail "vigil serve did not start: $(cat "$SERVE_LOG")"
SSH_PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SERVE_LOG")
ssh_key alice whoami >"$T/whoami" || fail "ssh whoami failed"
grep -q alice "$T/whoami" || fail "whoami said $(cat "$T/whoami")"
tmux_ssh c 100 30 alice
wait_screen c "q quit" 120
keys c q
wait_screen c "[exit 0]" 60
kill -TERM "$(pgrep -P "$SERVE_PID" -f "vigil serve")"
wait "$SERVE_PID" || true
SERVE_PID=""
grep -q "execve(\"/proc/self/exe\"" "$T/serve.strace" || fail "strace did not follow the console process"
check vigil-serve.service "$T/serve.strace"
