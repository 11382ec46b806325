# oversight_console.sh — the oversight screens over ssh in tmux (issue 13, hhkcs profile): the
# operations head sees the overdue review of March and an authorisation ending soon on the home
# screen, builds the review, answers its findings, concludes and signs it off; writes the report;
# reads the audit log a page at a time with a filter; renews and revokes on the register, where a
# wrong date is refused beside its field; ICT runs storage, a retention preview, footage verify and
# a camera's events on the Maintenance screen.  Every screen fits 80x24; at 120x40 the lists show
# more columns.
# timeout: 420
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
. "$SRC/tests/lib-export.sh"
gov_site hhkcs		# clock frozen at 2026-03-02 09:00 UTC

camera gate-1 public entrance
camera yard public playground
user opal operations_head operations
user ivy ict ict
user gus guard operations
Y="2026-03-01"
footage gate-1 h264 "$Y 10:00:00" 3 10

note "March: a burst of failed logins, the yard camera offline for three hours"
for i in 1 2 3 4 5; do
	expect_status 255 ssh_answer intruder "guess $i" whoami
done
sqlw "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES
    ('yard', $(date -u -d '2026-03-10 08:00' +%s)000000, 'offline', 'no video for 10 s'),
    ('yard', $(date -u -d '2026-03-10 11:00' +%s)000000, 'online', '')"
keygen newbie
"$VIGIL" admin user add newbie --name "New Guard" --role guard --unit operations \
    --key "$T/newbie.pub" >/dev/null
ok opal register add newbie --trained-on 2026-03-01 --until 2026-04-20 --scope "gate only"
for i in $(seq 1 25); do	# more than a page (100) of the audit log
	ok ivy storage
done

note "in April, past the due day: the home screen shows the overdue review and the register"
clock_at "2026-04-08 09:00"
console a opal
wait_line a "[0-9]+ +Monthly review +2026-03 is overdue: not signed off"
fits a 80 24 "q quit"
keys a End
wait_line a "[0-9]+ +Register +1 authorisation ends within 30 days"
fits a 80 24 "q quit"

note "the review: build March, answer every finding, conclude, sign off"
# A list cuts a long cell at its column's end ("…"); Enter shows the row whole, which is
# checked to fit. The audit head is shown as 16 hex digits and "…".
CUT='^ Audit verify:? +ok|^ +[0-9]+ '
open_job a "Monthly review"
wait_screen a "2 months, 1 overdue: Enter opens one, o builds it"
wait_line a "2026-03 +not opened, overdue +2026-04-07"
fits a 80 24 "q quit"
keys a End o
wait_text a "The review of 2026-03 is built: checks run, findings computed."
wait_screen a "Review of 2026-03"
wait_line a "open, overdue · [0-9]+ findings, [0-9]+ not answered · due 2026-04-07"
wait_line a "Repeated failed"
wait_line a "Camera offline"
wait_line a "Audit verify: ok: [0-9]+ entries, head"
wait_line a "Footage verify: ok: 3 segments on 2 cameras match their hashes and chains"
fits a 80 24 "q quit" "$CUT"
keys a Home Enter
wait_screen a "Finding 1 · Repeated failed logins"
wait_text a "5 failed logins for intruder within 15 min"
wait_line a "Answer +not answered"
fits a 80 24 "q quit"
keys a Escape
nf=$(sqlw "SELECT COUNT(*) FROM review_findings WHERE gone_us IS NULL")
[ "$nf" -ge 2 ] || fail "the review has $nf findings"
keys a S
wait_text a "findings of 2026-03 are not answered yet"
keys a Enter
keys a Home
for ((i = 0; i < nf; i++)); do
	keys a a
	wait_screen a "Accept finding"
	fits a 80 24 "F1 help"
	type_text a "seen: explained"
	keys a Tab Enter
	wait_text a ": accepted."
	keys a Down
done
wait_line a "open, overdue · $nf findings, 0 not answered"
[ "$(sqlw "SELECT COUNT(*) FROM review_findings WHERE answer = 'accepted' AND note = 'seen: explained'")" = "$nf" ] ||
	fail "the answers are not in the database"
keys a c
wait_screen a "Conclusion of the review"
type_text a "nothing to follow up"
keys a Tab Enter
wait_text a "The conclusion of 2026-03 is recorded."
wait_screen a "Conclusion: nothing to follow up"
keys a S
confirm a "Sign off"
wait_text a "The review of 2026-03 is signed off."
wait_line a "Signed off 2026-04-08 09:00.* by opal; the log still matches it \(entry [0-9]+\)\."
fits a 80 24 "q quit" "$CUT"
[ "$(sqlw "SELECT head_id IS NOT NULL FROM reviews WHERE month = '2026-03' AND signed_us IS NOT NULL")" = 1 ] ||
	fail "the sign-off is not in the database"
audited review.signoff 2026-03
keys a d
wait_screen a "Monthly review of the CCTV logs, 2026-03"
fits a 80 24 "q quit" "$CUT"
for ((i = 0; i < 8; i++)); do	# page down to the outages
	screen a | grep -qF "Camera outages and tamper alarms (1)" && break
	keys a NPage
	sleep 0.5
done
wait_screen a "Camera outages and tamper alarms (1)"
wait_text a "yard · offline · 2026-03-10 08:00:00 · 2026-03-10 11:00:00 · 3 h 0 min"
fits a 80 24 "q quit"
keys a Escape R
wait_text a "/reports/review-2026-03.html and /reports/review-2026-03.csv"
[ "$(sqlw "SELECT COUNT(*) FROM review_reports")" = 2 ] || fail "the report was not written"

note "at 120x40 the findings show their notes"
tm resize-window -t a -x 120 -y 40
wait_line a "NO\. +KIND +FINDING +ANSWER +NOTE"
wait_line a "accepted +seen: explained"
fits a 120 40 "q quit" "$CUT"
keys a Escape
wait_line a "MONTH +STATE +DUE +FINDINGS +SIGNED OFF"
wait_line a "2026-03 +signed off +2026-04-07 +$nf, 0 open +2026-04-08 09:00"
fits a 120 40 "q quit"
keys a Escape
wait_line a "[0-9]+ +Monthly review +every month due is signed off"
tm resize-window -t a -x 80 -y 24

note "the audit log: newest first, a filter, one entry whole"
open_job a "Audit log"
wait_line a "[0-9]+ entries \(all\); page 1, newest first \(n: older\)"
wait_line a "review\.report"
fits a 80 24 "q quit" "$CUT"
keys a n
wait_line a "page 2, newest first"
keys a p
wait_line a "page 1, newest first"
keys a f
wait_screen a "Filter the audit log"
fits a 80 24 "F1 help"
keys a Tab Tab
type_text a "opal"
keys a Tab
type_text a "review."
keys a Tab Tab Enter
wait_text a "Filter applied."
want=$(sqlw "SELECT COUNT(*) FROM audit WHERE actor = 'opal' AND action LIKE 'review.%'")
wait_line a "^ *$want entries by opal action review\.\*; page 1, newest first$"
wait_line a "review\.signoff +2026-03"
wait_no_screen a "register.authorize"
fits a 80 24 "q quit" "$CUT"
keys a Home Enter
wait_screen a "Audit entry"
wait_line a "Action +review\.report"
fits a 80 24 "q quit"
keys a Escape c
wait_line a "entries \(all\); page 1"
tm resize-window -t a -x 120 -y 40
wait_line a "ENTRY +TIME +WHO +ACTION +OBJECT +DETAIL +SOURCE"
fits a 120 40 "q quit" "$CUT"
tm resize-window -t a -x 80 -y 24
keys a Escape

note "the register: renew the one ending soon, a wrong date refused, revoke with a reason"
keys a End	# the twelfth job, below the eleven rows shown
open_job a "Register"
wait_screen a "in force, 1 ending within 30 days (a: every entry)"
wait_line a "newbie +New Guard +expiring soon +2026-04-20"
fits a 80 24 "q quit"
keys a Home Down Down	# gus, ivy, newbie
keys a e
wait_screen a "Renew newbie"
type_text a "someday"
keys a Tab Tab Enter
beside a "Trained on" "\"someday\" is not a date: use YYYY-MM-DD"
fits a 80 24 "F1 help" "Trained on|is not a date"
keys a C-u
type_text a "2026-04-01"
keys a Tab Tab Enter
wait_text a "newbie is authorised again until"
wait_line a "newbie +New Guard +valid"
audited register.renew newbie
keys a x
wait_screen a "Revoke newbie"
keys a Tab Enter
beside a "Reason" "this field is required"
type_text a "left the school"
keys a Tab Enter
wait_text a "The authorisation of newbie is revoked."
wait_no_screen a "New Guard"
[ "$(sqlw "SELECT COUNT(*) FROM authorizations a JOIN users u ON u.id = a.user_id
    WHERE u.login = 'newbie' AND a.revoke_reason = 'left the school'")" -ge 1 ] ||
	fail "the revocation is not in the database"
keys a a
wait_screen a "entries, 0 ending within 30 days (a: only those in force)"
wait_line a "newbie +New Guard +revoked"
tm resize-window -t a -x 120 -y 40
wait_line a "LOGIN +NAME +STATE +UNTIL +ROLES +TRAINED +SCOPE / REASON"
wait_line a "newbie +New Guard +revoked .*left the school"
fits a 120 40 "q quit"
keys a Escape End
wait_line a "[0-9]+ +Register +no authorisation ends within 30 days"

note "the guard has none of these jobs"
console g gus
wait_screen g "Home"
screen g >"$T/home-g"
grep -qE "Monthly review|Audit log|Register +who|Maintenance" "$T/home-g" &&
	fail "the guard's home screen offers an oversight job: $(cat "$T/home-g")"

note "ICT's maintenance: storage, a retention preview, footage verify, a camera's events"
console m ivy
open_job m "Maintenance"
keys m s
wait_screen m "Storage"
wait_line m "gate-1 +3 segments"
wait_screen m "Free space"
fits m 80 24 "q quit"
keys m d
wait_screen m "Retention preview"
wait_text m "Done."
keys m v
wait_screen m "Footage verify"
wait_text m "ok: 0 problems; 3 segments on their chains"
fits m 80 24 "q quit"
keys m e
wait_screen m "A camera's events"
keys m Right
wait_line m "Camera\* +< yard >"
keys m Tab Tab Tab Enter
wait_screen m "Events of camera yard (2)"
wait_line m "2026-03-10 08:00.* +went offline: no video for 10 s"
wait_line m "2026-03-10 11:00.* +came back online"
fits m 80 24 "q quit"
tm resize-window -t m -x 120 -y 40
wait_line m "2026-03-10 08:00.* +went offline: no video for 10 s"
fits m 120 40 "q quit"
keys m Escape
expect_status 0 "$VIGIL" admin audit verify
