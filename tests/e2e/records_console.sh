# records_console.sh — the duty log, control-room log, equipment and faults in the console over
# ssh (issue 14, default profile): a guard starts a shift, logs a camera alarm with one key and an
# event through the form (a time outside the shift refused beside its field), registers two
# people entering the control room (a bad ID refused beside its field), lets one out and ends the
# shift with one still inside, who is then flagged; the next guard acknowledges the handover; ICT
# sees the overdue fault on the home screen and fixes it.  Every screen fits 80x24; at 120x40 the
# lists show more columns.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default	# clock frozen at 2026-03-02 09:00 UTC

camera gate-1 public entrance security
user g1 guard security
user g2 guard security
user it ict ict
D="2026-03-02"

note "the guard's home screen offers the duty log, the control-room log and faults"
console a g1
wait_line a "[0-9]+ +Duty log +not on a shift: start one here"
wait_line a "[0-9]+ +Control-room log +nobody is in the control room"
wait_line a "[0-9]+ +Faults +no open fault; p reports one"
fits a 80 24 "q quit"

note "starting a shift"
open_job a "Duty log"
wait_screen a "0 shifts. You are not on a shift (n starts one)."
fits a 80 24 "q quit"
keys a n
wait_screen a "Start your shift"
wait_line a "Desk\* +"
type_text a "Control room"
keys a Tab Enter
wait_screen a "Shift 1 started."
wait_screen a "Shift 1 at Control room since $D 09:00."
fits a 80 24 "q quit"
[ "$(sqlw "SELECT desk FROM duty_shifts WHERE id = 1")" = "Control room" ] || fail "no shift in the database"

note "a camera alarm during the shift is offered for the log, and one key logs it"
clock_at "$D 09:10"
sqlw "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES ('gate-1',
    $(date -u -d "$D 09:05" +%s)000000, 'offline', 'no video for 12 s')"
keys a r
wait_screen a "Shift 1 at Control room: 1 camera alarm to log (l)."
wait_row a 24 "l alarm"
keys a l
wait_text a "Event 1 logged: camera gate-1 offline: no video for 12 s (0 more to log)"
[ "$(sqlw "SELECT kind || '|' || cameras FROM duty_events WHERE id = 1")" = "camera_fault|gate-1" ] ||
	fail "the alarm was not logged as a camera fault of gate-1"

note "an event through the form; a time before the shift is refused beside When"
keys a e
wait_screen a "Log an event of your shift"
wait_line a "Kind\* +< Patrol >"
fits a 80 24 "F1 help"
keys a Right
wait_line a "Kind\* +< Incident >"
keys a Tab
type_text a "ladder against the north fence"
keys a Tab Enter
wait_screen a "gate-1 · Camera gate-1"
keys a Space Enter
wait_line a "Cameras +\[1\] gate-1"
type_text a "$D 08:00"
keys a Tab Tab Enter
beside a When "$D 08:00:00 is outside your shift, which began at $D 09:00:00"
fits a 80 24 "F1 help" "When|outside your shift"
[ "$(sqlw "SELECT COUNT(*) FROM duty_events")" = 1 ] || fail "a refused event was logged"
keys a C-u	# the refusal put the focus on When
type_text a "$D 09:08"
keys a Tab Tab Enter
wait_screen a "Event 2 is in the log."
keys a Enter
wait_screen a "Shift 1 · on duty"
wait_line a "$D 09:08 +2 · Incident · gate-1 · ladder against the north fence"
wait_text a "$D 09:05 1 · Camera or equipment fault · gate-1 · camera gate-1 offline: no video for 12 s"
fits a 80 24 "q quit"
keys a Escape Escape

note "two people enter the control room; a wrong check digit is refused beside the ID"
wait_screen a "Home"
open_job a "Control-room log"
wait_screen a "0 in the control room (a: all entries)"
keys a n
wait_screen a "Someone enters the control room"
type_text a "Li Lei"
keys a Tab
type_text a "110105194912310021"
keys a Tab
type_text a "City police"
keys a Tab
type_text a "evidence review"
keys a Tab
type_text a "Zhang San"
keys a Tab Enter
beside a "ID number" "110105194912310021 is not a valid resident ID card number: its check digit is wrong"
fits a 80 24 "F1 help" "ID number|check digit"
[ "$(sqlw "SELECT COUNT(*) FROM room_entries")" = 0 ] || fail "a refused entry was registered"
keys a C-u	# the refusal put the focus on the ID
type_text a "11010519491231002X"
keys a Tab Tab Tab Tab Enter
wait_text a "Entry 1 registered: Li Lei is in the control room."
keys a n
wait_screen a "Someone enters the control room"
type_text a "Wang Wei"
keys a Tab
type_text a "W-123"
keys a Tab
type_text a "Contractor Co"
keys a Tab
type_text a "monitor repair"
keys a Tab Tab Enter
wait_text a "Entry 2 registered: Wang Wei is in the control room."
wait_screen a "2 in the control room (a: all entries)"
fits a 80 24 "q quit"

note "one leaves; the shift ends with the other inside, who is then flagged"
keys a Home x
confirm a "Exit"
wait_text a "Li Lei has left the control room."
wait_screen a "1 in the control room (a: all entries)"
keys a Escape
wait_screen a "Home"
open_job a "Duty log"
wait_screen a "Shift 1 at Control room"
keys a h
wait_screen a "End your shift"
wait_text a "2 events logged in this shift. Still in the control room, flagged once the shift ends: Wang Wei (Contractor Co)."
fits a 80 24 "F1 help"
type_text a "Wang Wei still inside; ladder reported"
keys a Tab Enter
wait_text a "Shift 1 ended; the handover waits for the next guard."
wait_screen a "1 shift. You are not on a shift (n starts one)."
keys a Escape
wait_line a "[0-9]+ +Control-room log +1 in the control room, 1 past their shift's end"
open_job a "Control-room log"
wait_screen a "1 in the control room; 1 stayed past their shift's end (a: all entries)"
wait_line a "2 +Wang Wei +Contractor Co +$D 09:10 inside after shift end"
fits a 80 24 "q quit"

note "the next guard starts at the same desk and acknowledges the handover"
console b g2
open_job b "Duty log"
keys b n
wait_screen b "Start your shift"
wait_line b "Desk\* +Control room"
keys b Tab Enter
wait_screen b "Handover"
wait_text b "From G1 Test, shift 1, ended $D 09:10:"
wait_text b "Wang Wei still inside; ladder reported"
fits b 80 24 "n"
keys b y
wait_text b "Handover of shift 1 acknowledged."
[ "$(sqlw "SELECT u.login FROM duty_shifts d JOIN users u ON u.id = d.acked_by WHERE d.id = 1")" = g2 ] ||
	fail "the handover was not acknowledged by g2"
wait_line b "1 +G1 Test +Control room +$D 09:00 handed over"

note "at 120x40 the lists use the room"
tm resize-window -t b -x 120 -y 40
wait_line b "SHIFT +GUARD +DESK +STARTED +STATE +ENDED +EVENTS"
wait_line b "1 +G1 Test +Control room +$D 09:00 handed over +$D 09:10 +2"
fits b 120 40 "q quit"
keys b Escape
open_job b "Control-room log"
wait_line b "ENTRY +PERSON +ORGANISATION +IN +STATE +ID +OUT"
fits b 120 40 "q quit"

note "ICT sees the overdue fault on the home screen and fixes it"
ok g1 fault report --equipment gate-1 --text "image dark at night"
clock_at "2026-03-06 09:30"
console c it
wait_line c "[0-9]+ +Equipment +1 fault overdue: gate-1"
fits c 80 24 "q quit"
open_job c "Equipment"
wait_screen c "1 items; 1 open faults, 1 overdue (f: faults)"
fits c 80 24 "q quit"
keys c f
wait_screen c "1 open faults, 1 overdue after 3 days (a: all faults)"
wait_line c "1 +gate-1 +reported +$D 09:10 overdue"
fits c 80 24 "q quit"
keys c x
wait_screen c "Fix fault 1"
wait_text c "gate-1, reported: image dark at night"
type_text c "replaced the IR lamp"
keys c Tab Enter
wait_text c "Fault 1 fixed, 4 d 0 h after it was reported."
keys c a
wait_line c "1 +gate-1 +reported +$D 09:10 fixed in 4 d 0 h"
keys c Escape Escape
wait_line c "[0-9]+ +Equipment +no fault is overdue"
expect_status 0 "$VIGIL" admin audit verify
