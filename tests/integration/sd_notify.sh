# sd_notify.sh — vigil record and vigil serve tell systemd they are ready, ping its watchdog, reload on the unit's ExecReload.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
UNITS="$SRC/packaging/systemd"

# notify_start NAME : a listener on $T/NAME.sock logging to $T/NAME.log.
notify_start() {
	/usr/bin/python3 "$SRC/tests/tools/notify-listen.py" "$T/$1.sock" "$T/$1.log" >"$T/$1.out" 2>&1 &
	NOTIFY_PIDS="${NOTIFY_PIDS:-} $!"
	wait_for 30 grep -q ready "$T/$1.out" || fail "the notify listener did not start"
	touch "$T/$1.log"
}
trap 'rtsp_cleanup; for p in ${NOTIFY_PIDS:-}; do kill "$p" 2>/dev/null || true; done' EXIT

count() {	# count LOG MESSAGE : how many times LOG has the line MESSAGE
	grep -c -x -F -- "$2" "$1" || true
}
more_than() {	# more_than LOG MESSAGE N
	[ "$(count "$1" "$2")" -gt "$3" ]
}

rec_site
sim_start a gate=h264
cam_add gate "$(sim_url a gate)"
notify_start nrec

note "the recorder is ready once its cameras and writer run, and pings the watchdog"
rec_start NOTIFY_SOCKET="$T/nrec.sock" WATCHDOG_USEC=2000000
wait_for 60 grep -q "^READY=1|STATUS=recording 1 cameras$" "$T/nrec.log" ||
	fail "no READY=1: $(cat "$T/nrec.log")"
wait_for 60 more_than "$T/nrec.log" WATCHDOG=1 2 || fail "no watchdog pings: $(cat "$T/nrec.log")"
[ "$(head -n 1 "$T/nrec.log")" = "READY=1|STATUS=recording 1 cameras" ] ||
	fail "something came before READY=1: $(head -n 3 "$T/nrec.log")"
wait_segments gate 1

note "an offline camera is no hung thread: the pings go on"
sim_stop a
wait_event gate offline 60
n=$(count "$T/nrec.log" WATCHDOG=1)
wait_for 60 more_than "$T/nrec.log" WATCHDOG=1 $((n + 3)) ||
	fail "the pings stopped while a camera was offline: $(tail -n 5 "$T/nrec.log")"

note "the unit's ExecReload is a SIGHUP, which re-reads cameras.cfg"
reload=$(sed -n 's/^ExecReload=//p' "$UNITS/vigil-record.service")
[ -n "$reload" ] || fail "vigil-record.service has no ExecReload"
cam_add yard "$(sim_url a gate)"
MAINPID=$REC_PID sh -c "$(echo "$reload" | sed 's/\$MAINPID/$MAINPID/')"
wait_for 60 grep -q "reload: started: yard" "$T/rec.log" || fail "no reload: $(tail -n 5 "$T/rec.log")"
wait_for 30 grep -q -x "READY=1" "$T/nrec.log" || fail "no READY=1 after the reload"
grep -n -x -e "RELOADING=1" -e "READY=1" "$T/nrec.log" | tail -n 2 | cut -d: -f2 | tr '\n' ' ' |
	grep -q "^RELOADING=1 READY=1 $" || fail "a reload is not RELOADING=1 then READY=1"

note "stopping says so"
rec_stop
grep -q -x "STOPPING=1" "$T/nrec.log" || fail "no STOPPING=1"

note "the recorder without systemd sends nothing and runs as before"
rec_start
rec_stop

note "vigil serve is ready once listening, and pings from its listener loop"
notify_start nsrv
NOTIFY_SOCKET="$T/nsrv.sock" WATCHDOG_USEC=1000000 "$VIGIL" serve --config "$VIGIL_CONFIG" \
    --listen 127.0.0.1:0 >"$T/serve.out" 2>&1 &
SRV=$!
NOTIFY_PIDS="$NOTIFY_PIDS $SRV"
wait_for 60 grep -q "^READY=1|STATUS=listening on 127.0.0.1:[0-9]*$" "$T/nsrv.log" ||
	fail "serve sent no READY=1: $(cat "$T/nsrv.log") $(cat "$T/serve.out")"
wait_for 60 more_than "$T/nsrv.log" WATCHDOG=1 2 || fail "serve does not ping the watchdog"
kill -TERM "$SRV"
wait "$SRV" || fail "serve did not stop cleanly"
grep -q -x "STOPPING=1" "$T/nsrv.log" || fail "serve sent no STOPPING=1"
