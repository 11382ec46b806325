# records_fault_auto.sh — a camera taken offline in the RTSP simulator gets a fault raised by vigil
# itself once it has been offline for equipment.fault_after_min (default profile §6); ICT fixes it
# over ssh and the time to fix is recorded; the alarm is offered to the guard's duty log (§4).
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-rtsp.sh"
# Both libraries clean up on exit: the simulator and recorder, then the server.
trap 'st=$?; rtsp_cleanup; (exit $st); cleanup_ssh' EXIT

# Every vigil process reads this clock; "+N" is the real clock moved N seconds on.
export VIGIL_CLOCK_FILE="$T/clock"
set_clock "+0"
rec_site	# offline after 3 s, 2 s segments
expect_status 0 "$VIGIL" admin config set equipment.fault_after_min 1
sim_start a gate=h264
cam_add gate-1 "$(sim_url a gate)"
key_user it ict "It Staff"
key_user g1 guard "Guard One"
serve_start
rec_start
wait_event gate-1 online 60

note "§4: the guard's shift; the camera drops while they are on it"
ok g1 duty start --desk "Control room"
sim_stop a
wait_event gate-1 offline 30
[ "$(sql "SELECT COUNT(*) FROM faults")" = 0 ] ||
	fail "a fault was raised before the camera had been offline for a minute"
ok g1 duty show
expect_out "camera gate-1 offline"
A=$(sqlw "SELECT MAX(id) FROM camera_events WHERE camera = 'gate-1' AND kind = 'offline'")
ok g1 duty event --alarm "$A"
refuse 1 "camera alarm $A is not one of your shift's alarms waiting for the log" g1 duty event \
    --alarm "$A"
ok g1 duty show --json
json_check 'd["log"][0]["alarm"]=='"$A"' and d["log"][0]["kind"]=="camera_fault" and d["log"][0]["cameras"]=="gate-1"'

note "§6: offline past equipment.fault_after_min (1 min on the injected clock): a fault, once"
set_clock "+90"
wait_sql 60 "SELECT COUNT(*) FROM faults WHERE equipment = 'gate-1' AND cause = 'offline'" 1 ||
	fail "no fault was raised for gate-1; log: $(tail -n 20 "$T/rec.log")"
F=$(sqlw "SELECT id FROM faults WHERE equipment = 'gate-1'")
[ "$(sqlw "SELECT reported_by IS NULL FROM faults WHERE id = $F")" = 1 ] ||
	fail "the automatic fault names a reporter"
[ "$(sqlw "SELECT COUNT(*) FROM audit WHERE action = 'fault.raise' AND actor = 'recorder' AND object = 'fault $F'")" = 1 ] ||
	fail "the automatic fault is not audited"
grep -q "raised 1 faults for cameras in trouble too long" "$T/rec.log" ||
	fail "the recorder did not log the fault: $(tail -n 20 "$T/rec.log")"
ok g1 fault list --json
json_check 'len(d)==1 and d[0]["cause"]=="offline" and d[0]["reported_by"] is None and d[0]["began"] is not None'
ok g1 fault list
expect_out "camera offline"
expect_out "camera gate-1 has been offline since"

note "§6: ICT assigns and fixes it; the time to fix is kept"
ok it fault assign "$F" --to it
sim_restart a
wait_event gate-1 online 60 2
set_clock "+690"
ok it fault fix "$F" --notes "re-seated the network cable" --json
json_check 'd["fixed_by"]=="it" and d["time_to_fix_s"]>=590 and d["time_to_fix_s"]<=900'
took=$(sqlw "SELECT (fixed_us - reported_us) / 1000000 FROM faults WHERE id = $F")
[ "$took" -ge 590 ] || fail "time to fix $took s"
audited fault.fix "fault $F"
# (One fault per episode, and none for an episode whose fault was fixed: test_records.c.)

rec_stop
expect_status 0 "$VIGIL" admin audit verify
