# records.sh — the monitoring room's records over ssh (issue 14), default profile: a duty shift
# with events, its handover acknowledged by the next guard (§4); two control-room entries, one left
# open past the shift and flagged (§5); equipment, an inspection, a fault reported, assigned and
# fixed with the time it took (§6); the refusals of each, which change nothing.
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
gov_site default	# clock frozen at 2026-03-02 09:00 UTC

camera gate-1 public entrance security
user g1 guard security
user g2 guard security
user it ict ict
user oh operations_head security
user ann staff general
D="2026-03-02"

note "§4: a shift with events; nothing outside it, nothing by others, only the profile's kinds"
ok g1 duty start --desk "Control room"
S1=$(head -n 1 "$T/out")
expect_out "shift $S1 started at desk Control room"
refuse 1 "you are already on shift $S1 at Control room since $D 09:00:00" g1 duty start \
    --desk "Control room"
clock_at "$D 09:40"
ok g1 duty event --kind patrol --text "north fence round, all quiet" --camera gate-1
ok g1 duty event --kind incident --text "ladder against the fence" --camera gate-1 --at "$D 09:20"
E2=$(head -n 1 "$T/out")
refuse 2 "the event kind must be one of the default profile's: patrol, incident, camera_fault, visitor, other" \
    g1 duty event --kind nap --text "a short rest"
refuse 2 "$D 08:00:00 is outside your shift, which began at $D 09:00:00" g1 duty event \
    --kind patrol --text x --at "$D 08:00"
refuse 2 "no camera \"nope\"" g1 duty event --kind patrol --text x --camera nope
refuse 2 "the event's text is required" g1 duty event --kind patrol --text " "
refuse 1 "vigil default §7: shift $S1 is g1's: only the guard on a shift records in it" g2 duty event \
    --shift "$S1" --kind patrol --text "not mine"
refuse 1 "vigil default §7: you are not on a duty shift: start one first" g2 duty event \
    --kind patrol --text x
refuse 1 "your roles cannot keep the duty log and hand over shifts" ann duty start --desk "Control room"
refuse 1 "your roles cannot keep the duty log and hand over shifts" it duty list
refuse 2 "\"x\" is not a shift number" g1 duty show x
refuse 1 "no duty shift 99" g1 duty show 99
ok g1 duty show
expect_out "ladder against the fence"
audited duty.start "shift $S1"
audited duty.event "shift $S1"

note "§5: two entries to the control room, IDs checked like a viewer's"
ok g1 room enter --name "Li Lei" --id 11010519491231002X --org "City police" \
    --reason "evidence review" --escort "Zhang San"
R1=$(head -n 1 "$T/out")
ok g1 room enter --name "Wang Wei" --id W-123 --org "Campus contractor" --reason "monitor repair"
R2=$(head -n 1 "$T/out")
refuse 1 "110105194912310021 is not a valid resident ID card number: its check digit is wrong" \
    g1 room enter --name "Han Mei" --id 110105194912310021 --org "Parent" --reason "visit"
refuse 1 "\"<b>\" is not a known ID format" g1 room enter --name "Han Mei" --id "<b>" --org x \
    --reason y
refuse 1 "the holder of ID W-123 is inside since $D 09:40:00 (entry $R2): record their exit first" \
    g1 room enter --name "Wang Wei" --id W-123 --org "Campus contractor" --reason again
refuse 1 "your roles cannot keep the control-room entry log" it room enter --name x --id W-9 \
    --org y --reason z
refuse 1 "vigil default §8: the exit at $D 09:00:00 would come before the entry at $D 09:40:00 (entry $R1): an exit follows its entry" \
    g1 room leave "$R1" --at "$D 09:00"
refuse 1 "no control-room entry 99: an exit needs its entry" g1 room leave 99
clock_at "$D 10:30"
ok g1 room leave "$R1"
refuse 1 "Li Lei already left the control room at $D 10:30:00 (entry $R1)" g1 room leave "$R1"
ok g1 room list --json
json_check '[e["entry"] for e in d]==['"$R2"'] and not d[0]["flagged"] and d[0]["shift"]=='"$S1"
audited room.enter "entry $R1"
audited room.leave "entry $R1"

note "§4: the shift ends with a handover; a closed shift is never changed"
clock_at "$D 17:00"
refuse 2 "the handover note is required" g1 duty end --handover ""
ok g1 duty end --handover "Wang Wei (contractor) still in the control room; ladder reported"
refuse 1 "shift $S1 ended at $D 17:00:00 and can no longer be changed: record a correction in your present shift" \
    g1 duty event --shift "$S1" --kind other --text "a late note"
refuse 1 "vigil default §7: you are not on a duty shift: start one first" g1 duty end --handover x

note "§5: the entry left open past the end of its shift is flagged"
ok g2 room list --json
json_check '[e["entry"] for e in d]==['"$R2"'] and d[0]["flagged"] and d[0]["out"] is None'
ok g2 room list
expect_out "inside after shift end"
# HHKCS 5.1.1: a list shows only the end of a visitor's ID; the entry and its JSON the whole.
expect_out "***23"
expect_no_out "W-123"
ok g2 room list --all
expect_out "**************002X"
expect_no_out "11010519491231002X"
ok g2 room list --json
json_check 'd[0]["id_number"]=="W-123"'

note "§4: the next guard's shift start shows the handover; they acknowledge it"
clock_at "$D 17:05"
ok g2 duty start --desk "Control room"
S2=$(head -n 1 "$T/out")
expect_out "handover from g1 (shift $S1, ended $D 17:00:00): Wang Wei (contractor) still in the control room; ladder reported"
expect_out "acknowledge it: duty ack $S1"
refuse 1 "shift $S2 has not ended: there is no handover to acknowledge yet" g2 duty ack "$S2"
ok g2 duty ack "$S1"
refuse 1 "the handover of shift $S1 was acknowledged by g2 at $D 17:05:00" g2 duty ack "$S1"
ok oh duty show "$S1" --json
json_check 'd["acknowledged_by"]=="g2" and d["events"]==2 and d["handover"].startswith("Wang Wei") and [e["kind"] for e in d["log"]]==["incident","patrol"]'
audited duty.end "shift $S1"
audited duty.ack "shift $S1"
# A mistake in the closed shift is answered in the present one, naming the event.
ok g2 duty event --kind other --text "the ladder stood at the east fence, not the north" \
    --corrects "$E2"
ok oh duty show "$S1"
expect_out "ladder against the fence (corrected by event"
ok g2 room leave "$R2"
ok oh duty list --json
json_check '[s["shift"] for s in d]==['"$S2"','"$S1"'] and d[1]["acknowledged_by"]=="g2"'

note "a shift open longer than duty.max_shift_h is overdue"
clock_at "$D 23:00"
ok g2 duty show --json
json_check 'not d["overdue"]'
clock_at "2026-03-03 05:10"
ok g2 duty show --json
json_check 'd["overdue"]'
ok g2 duty list
expect_out "overdue"

note "§6: equipment, inspections, and a fault from report to fix"
ok it equipment add nvr-1 --kind recorder --name "NVR rack 1" --location "Server room" \
    --installed 2025-08-01 --maintainer "Vendor Co"
refuse 1 "your roles cannot keep the equipment and faults records" g1 equipment add sw-1 \
    --kind network --name Switch
refuse 1 "nvr-1 is in the inventory already: a new description replaces it only as a correction" \
    it equipment add nvr-1 --kind recorder --name "NVR rack one"
refuse 2 "no camera \"cam-9\" in cameras.cfg: cameras join the inventory from there" it equipment add \
    cam-9 --kind camera
refuse 2 "the kind must be one of camera, recorder, storage, network, monitor, other" it equipment \
    add sw-1 --kind toaster --name x
ok it equipment add nvr-1 --kind recorder --name "NVR rack 1" --location "Server room B" \
    --installed 2025-08-01 --maintainer "Vendor Co" --correct
ok it equipment add gate-1 --kind camera --installed 2024-05-01 --maintainer "Hik service"
ok g1 equipment list --json
json_check '[(e["tag"],e["kind"],e["location"]) for e in d]==[("gate-1","camera",""),("nvr-1","recorder","Server room B")]'
ok it equipment inspect nvr-1 --result ok --notes "fans clean"
refuse 2 "the result must be ok or fault" it equipment inspect nvr-1 --result meh
refuse 1 "no equipment \"nope\" in the inventory" it equipment inspect nope --result ok
ok g2 fault report --equipment nvr-1 --text "disk LED red on bay 3"
F1=$(head -n 1 "$T/out")
refuse 1 "your roles cannot see the cameras' status and alerts" ann fault report \
    --equipment nvr-1 --text x
refuse 2 "no equipment \"nope\" in the inventory" g2 fault report --equipment nope --text x
refuse 1 "your roles cannot keep the equipment and faults records" g2 fault fix "$F1" --notes x
refuse 1 "vigil default §9: none of g2's roles lets them maintain the equipment: a fault is assigned to someone whose roles do" \
    it fault assign "$F1" --to g2
ok it fault assign "$F1" --to it
ok it fault list --json
json_check 'd[0]["fault"]=='"$F1"' and d[0]["assignee"]=="it" and not d[0]["overdue"]'
clock_at "2026-03-06 06:00"	# past the three days of §6
ok it fault list --overdue --json
json_check '[f["fault"] for f in d]==['"$F1"'] and d[0]["overdue"]'
ok it fault fix "$F1" --notes "replaced the disk in bay 3"
expect_out "fault $F1 fixed, 3 d 0 h after it was reported"
refuse 1 "fault $F1 was fixed by it at 2026-03-06 06:00:00" it fault fix "$F1" --notes again
ok it fault list --all --json
json_check 'd[0]["time_to_fix_s"]==3*86400+50*60 and d[0]["fix_notes"]=="replaced the disk in bay 3"'
ok it equipment inspect nvr-1 --result fault --notes "PSU fan rattles"
expect_out "fault $((F1 + 1)) reported"
audited fault.report "fault $F1"
audited fault.assign "fault $F1"
audited fault.fix "fault $F1"
audited equipment.inspect nvr-1

note "policy check shows the profile's records block with its articles"
expect_status 0 "$VIGIL" admin policy check "$SRC/etc/policies/default.cfg"
expect_out "camera_fault       Camera or equipment fault (camera alarms)  [vigil default §7, §9]"
expect_out "faults: fixed within 3 days (fault_fix_days), else overdue  [vigil default §9]"

expect_status 0 "$VIGIL" admin audit verify
