# gov_console.sh — the governance console over SSH (GUAT art. 17(1)): a teacher files a request
# in the form, the department head and the academic affairs head approve it from their inboxes,
# the monitoring administrator runs the viewing with two viewers and ends it, and the request
# shows its whole timeline; bad input is answered beside its field and files nothing; a
# rejection needs its reason; every screen fits 80x24 and a wider terminal uses the room.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site guat

camera cls-1 interior classroom academic_affairs
camera cls-2 interior classroom academic_affairs
user tina teacher school_it
user dean department_head school_it
user aah academic_affairs_head academic_affairs
user ma monitor_admin academic_affairs
user ss security_staff security
# GUAT art. 17(1): tina teaches the class taught in cls-1 (the class mapping).
"$VIGIL" admin class add it-1 --name "IT class 1" --unit school_it >/dev/null || fail "class add"
"$VIGIL" admin class link it-1 --camera cls-1 --teacher tina >/dev/null || fail "class link"

note "the teacher's home screen offers the request jobs"
console t tina
wait_line t "2 +New request +ask to view or copy footage"
fits t 80 24 "q quit"
keys t 2
wait_screen t "Request to view or copy footage"
wait_line t "Requesting as\* +< A department protecting lawful rights >"
fits t 80 24 "F1 help"
gov_state "$T/empty"

note "saved empty: each required field says so beside itself (no camera: choose at least one)"
keys t Tab Tab Tab Tab Tab Tab Tab Tab
wait_screen t "[ Save ]"
keys t Enter
wait_line t "Cameras\* .*choose at least one"
beside t Purpose "this field is required"
wait_line t "Reason\* .*this field is required"
unchanged "$T/empty"

note "the end before the start: core's refusal beside To, nothing filed"
keys t Right Tab Enter
wait_screen t "Space mark"
wait_screen t "cls-1 · Camera cls-1 · interior"
fits t 80 24 "F1 help"
keys t Space Enter
wait_line t "Cameras\* +\[1\] cls-1"
type_text t "2026-03-01 09:40"
keys t Tab
type_text t "2026-03-01 08:00"
keys t Tab C-u
type_text t "6"
keys t Tab
type_text t "demonstration lesson"
keys t Tab Enter
beside t To "the end of the range must come after its start"
unchanged "$T/empty"

note "too many viewers (GUAT limit 5): refused beside Viewers, in full under the buttons"
keys t BTab C-u
type_text t "2026-03-01 08:00"
keys t Tab C-u
type_text t "2026-03-01 09:40"
keys t Tab Tab Tab Enter
beside t Viewers "at most 5 people may view footage together; 6 were asked for"
fits t 80 24 "F1 help" "^ Viewers\\* "
unchanged "$T/empty"

note "the right requester kind: who will approve, in order, shows before filing"
keys t C-u
type_text t "2"
keys t BTab BTab BTab BTab BTab Left Left
wait_line t "Requesting as\* +< Teacher, for their own classes >"
wait_screen t "1. Head of department (School of Information Engineering) [GUAT art. 17(1)]"
wait_screen t "2. Head of academic affairs [GUAT art. 17(1)]"
fits t 80 24 "F1 help"
keys t Tab Tab Tab Tab Tab Tab Tab Enter
wait_screen t "File this request to view the footage of cls-1, 2026-03-01 08:00"
wait_screen t "2. Head of academic affairs"
fits t 80 24 "F1 help"
keys t y
wait_screen t "Filed REQ-2026-0001. It now waits for step 1: Head of department"
[ "$(status_of REQ-2026-0001)" = submitted ] || fail "the request was not filed"
[ "$(sql "SELECT viewers || ' ' || purpose || ' ' || requester_kind FROM requests")" = \
    "2 teaching_material teacher_own_class" ] || fail "the request was filed wrongly"
audited request.create REQ-2026-0001

note "GUAT art. 18: an outside body's fields appear only for that requester kind"
console s ss
wait_line s "3 +New request"
keys s 3
wait_screen s "Request to view or copy footage"
if screen s | grep -q "Official letter"; then fail "external fields shown for a staff request"; fi
keys s Tab Right
wait_line s "Requesting as\* +< Outside body >"
wait_line s "Agency\* +< \(none\) >"
wait_line s "Official letter\* +its reference"
wait_screen s "Officer's ID*"
wait_line s "Certificate +police or judicial"
fits s 80 24 "F1 help"
keys s Left
wait_no_screen s "Official letter"
keys s Escape
wait_screen s "Ss Test (ss)"
keys s q
wait_screen s "[exit 0]"

note "the department head: the inbox count on the home screen, then the inbox"
console d dean
wait_line d "4 +Approvals inbox +1 request waits for your decision"
keys d 4
wait_line d "REQ-2026-0001 +view +Tina Test +Teaching m.* +cls-1 +2026-03-01 08:00 – 09:40"
fits d 80 24 "q quit" "^ REQ-2026-0001 "
keys d Enter
wait_screen d "Request REQ-2026-0001"
wait_screen d "1. Head of department (School of Information Engineering) [GUAT art."
fits d 80 24 "q quit"
keys d a
wait_screen d "Approve REQ-2026-0001"
wait_screen d "Step 1 of 2: Head of department"
fits d 80 24 "F1 help"
type_text d "fine for a demonstration lesson"
keys d Tab Enter
confirm d "Approve REQ-2026-0001?"
wait_screen d "Approved REQ-2026-0001: it now waits for step 2, Head of academic affairs."
wait_screen d "approved by Dean Test (dean)"

note "the academic affairs head: a rejection without a reason cannot be submitted"
console a aah
wait_line a "5 +Approvals inbox +1 request waits for your decision"
keys a 5
wait_screen a "REQ-2026-0001"
gov_state "$T/before"
keys a x
wait_screen a "Reject REQ-2026-0001"
fits a 80 24 "F1 help"
keys a Tab Enter
wait_line a "Reason\* .*this field is required"
unchanged "$T/before"
keys a Escape
wait_screen a "1 request waits for your decision, oldest first"

note "the second step is approved from the inbox, and the request is granted"
keys a a
wait_screen a "Step 2 of 2: Head of academic affairs"
keys a Tab Enter
confirm a "Approve REQ-2026-0001?"
wait_screen a "Approved REQ-2026-0001: it is granted until 2026-03-09 09:00."
wait_screen a "(nothing waits for your decision)"
[ "$(status_of REQ-2026-0001)" = granted ] || fail "not granted"

note "the viewing desk: an ID in no known format is refused beside its row"
console m ma
wait_line m "5 +Viewing desk"
keys m 5
wait_line m "REQ-2026-0001 +2026-03-09 09:00 +Teachin.* +2026-03-01 08:00 – 09:40 +cls-1"
fits m 80 24 "q quit" "^ REQ-2026-0001 "
gov_state "$T/granted"
keys m v
wait_screen m "Start a viewing of REQ-2026-0001"
wait_screen m "Approved for 2 viewers; at most 5 at once, 0 viewing now."
type_text m "Tina Test"
keys m Tab
type_text m "T-55"
keys m Tab
wait_screen m "Viewer 2: name"
type_text m "Bo Li"
keys m Tab
type_text m "T 56"
keys m Tab Right
wait_screen m "< yes: no involved party takes part >"
fits m 80 24 "F1 help"
keys m Tab Enter
beside m "Viewer 2: ID" "GUAT art. 18(2), GUAT profile §3: \"T 56\" is not a known ID format: give a resident ID card number (18 characters) or a work card, student, badge or passport number (letters, digits, - / .)"
unchanged "$T/granted"

note "two viewers named: the viewing runs, and its banner stays on every screen"
keys m C-u
type_text m "T-56"
keys m Tab Tab Enter
confirm m "Start viewing"
wait_screen m "Viewing 1 of REQ-2026-0001 has begun."
wait_row m 2 "● Viewing 1 of REQ-2026-0001 since 09:00, 2 viewers"
fits m 80 24 "q quit" "^ REQ-2026-0001 "
keys m Escape
wait_screen m "Ma Test (ma)"
wait_row m 2 "● Viewing 1 of REQ-2026-0001"
fits m 80 24 "q quit"
[ "$(sql "SELECT group_concat(name || ':' || id_number, ',') FROM viewing_people")" = \
    "Tina Test:T-55,Bo Li:T-56" ] || fail "the viewers were not recorded"

note "ending it with notes and where the footage went; the banner goes"
keys m 5
wait_screen m "viewing 1 running"
keys m e
wait_screen m "End viewing 1 of REQ-2026-0001"
fits m 80 24 "F1 help"
type_text m "both students identified"
keys m Tab
# GUAT art. 19: a view grant yields no copy, so the footage went nowhere; the form says
# where it never goes.
wait_line m "Footage went to\* +< nowhere: nothing left the viewing >"
wait_text m "Never to Anyone else: footage is kept confidential and never passed on beyond the use approved [GUAT art. 19]"
if screen m | grep -q "Copy taken by"; then fail "the recipient is asked for with no copy"; fi
keys m Right
wait_line m "Footage went to\* +< nowhere: nothing left the viewing >"
keys m Tab Enter
confirm m "End viewing 1 of REQ-2026-0001 now?"
wait_screen m "Viewing 1 of REQ-2026-0001 has ended."
wait_no_screen m "● Viewing"
[ "$(sql "SELECT notes || '|' || destination FROM viewings WHERE ended_us IS NOT NULL")" = \
    "both students identified|none" ] || fail "the end was not recorded"

note "holds: placed for the category the profile gives this role, then released"
keys m Escape
wait_screen m "Ma Test (ma)"
keys m 6
wait_screen m "0 holds in force (a: all of them)"
fits m 80 24 "q quit"
keys m p
wait_screen m "Keep footage past its retention"
wait_line m "Category\* +< Kept for a police or judicial inquiry >"
keys m Tab Enter
wait_screen m "Space mark"
keys m Space Enter
wait_line m "Cameras\* +\[1\] cls-1"
type_text m "2026-03-01 08:00"
keys m Tab
type_text m "2026-03-01 09:40"
keys m Tab Tab
type_text m "police inquiry into a theft"
fits m 80 24 "F1 help"
keys m Tab Enter
confirm m "Place a hold"
wait_screen m "Hold 1 is placed."
# the profile's long category title is the one cell cut at 80 columns
wait_line m "1 +Kept for a police or.* +cls-1 +2026-03-01 08:00 – 09:40 +active"
fits m 80 24 "q quit" "^ +1 Kept for a police or"
audited hold.place "hold 1"
keys m x
wait_screen m "Release hold 1"
wait_screen m "Placed by ma: police inquiry into a theft"
fits m 80 24 "F1 help"
type_text m "the inquiry is closed"
keys m Tab Enter
confirm m "Release hold 1?"
wait_screen m "Hold 1 is released."
wait_screen m "0 holds in force"
keys m a
wait_line m "1 +Kept for a police or.* +cls-1 .*released"
audited hold.release "hold 1"

note "the teacher's request shows its whole timeline"
keys t 3
wait_line t "REQ-2026-0001 +granted +Teaching material"
fits t 80 24 "q quit"
keys t Enter
wait_screen t "Request REQ-2026-0001"
wait_line t "As +Teacher, for their own classes"
fits t 80 24 "q quit"
keys t End
wait_line t "filed · tina · "
wait_line t "submitted · tina · 2 approval steps required"
wait_line t "approved · dean · step 1"
wait_line t "approved · aah · step 2"
wait_line t "granted · granted until 2026-03-09"
wait_line t "viewing began · ma · viewing 1 with 2 viewers"
wait_line t "viewing ended · ma · viewing 1 ended"
wait_screen t "Bo Li (T-56)"
fits t 80 24 "q quit"
keys t u
wait_screen t "Usage report for REQ-2026-0001"
fits t 80 24 "F1 help"
keys t Escape
wait_screen t "Request REQ-2026-0001"

note "the other consoles end cleanly (under the sanitizer build: no leak, no error)"
for s in d a m; do
	keys "$s" q
	wait_screen "$s" "[exit 0]"
done

note "six days on, the grant is about to expire: the overdue screen says so"
clock_days 6
keys t Escape
wait_screen t "My requests"
keys t Escape
wait_screen t "Tina Test (tina)"
keys t 4
wait_line t "REQ-2026-0001 +grant about to expire +2026-03-09 09:00 +Tina Test"
wait_screen t "0 usage reports overdue; 1 grant ends within 2 days"
fits t 80 24 "q quit"
keys t Escape
keys t 3

note "a wider terminal uses the room: more columns, the next step"
wait_screen t "My requests"
if screen t | grep -q "CAMERAS"; then fail "CAMERAS shown at 80 columns"; fi
tm resize-window -t t -x 120 -y 40
wait_screen t "CAMERAS"
wait_line t "REQ-2026-0001 +granted +Teaching material .*view until 2026-03-09 09:00 +cls-1"
fits t 120 40 "q quit"
keys t q
wait_screen t "[exit 0]"

expect_status 0 "$VIGIL" admin audit verify
