# console_quit_viewing.sh — issue 19 item 7: q with a viewing still running asks first,
# offering to end it now with notes (GCU art. 16(2): every viewing is recorded with what was
# seen and where the footage went) or to leave it running with its banner; Esc stays.
# At 80x24 in English and 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

default_cast
user wu guard security
"$VIGIL" admin user locale wu zh_CN >/dev/null
granted 2
ok gu viewing start "$R" --viewer "Ann Test:T-1" --declare-not-involved

note "q asks; Esc stays; e ends the viewing with notes, and q then quits at once"
console t gu
wait_row t 2 "● Viewing 1 of $R"
keys t q
wait_screen t "A viewing is still running"
wait_screen t "[ e: end it now, with notes ]"
wait_screen t "[ l: leave it running and quit ]"
# Every answer is on the screen whole, Esc too: the buttons wrap rather than lose one.
wait_screen t "[ Esc: cancel ]"
keys t Escape
wait_no_screen t "A viewing is still running"
wait_row t 2 "● Viewing 1 of $R"
keys t q
wait_screen t "A viewing is still running"
keys t e
wait_screen t "End viewing 1 of $R"
fits t 80 24 "F1 help"
type_text t "the umbrella is seen at 10:12"
keys t Tab
type_text t "nobody"
keys t Tab Enter
confirm t "End viewing 1 of $R now?"
wait_screen t "Viewing 1 of $R has ended."
wait_no_screen t "● Viewing 1"
[ "$(sql "SELECT notes FROM viewings WHERE id = 1 AND ended_us IS NOT NULL")" = \
    "the umbrella is seen at 10:12" ] || fail "viewing 1 was not ended with its notes"
keys t q
wait_screen t "[exit 0]"

note "in Chinese at 120x40: l leaves it running, and its banner comes back"
ok wu viewing start "$R" --viewer "Ann Test:T-1" --declare-not-involved
console z wu 120 40
wait_row z 2 "● $R 的查看 2"
keys z q
wait_screen z "仍有查看在进行"
wait_screen z "[ l: 保持进行并退出 ]"
keys z l
wait_screen z "[exit 0]"
[ "$(sql "SELECT COUNT(*) FROM viewings WHERE id = 2 AND ended_us IS NULL")" = 1 ] ||
	fail "leaving it running ended viewing 2"
console y wu 120 40
wait_row y 2 "● $R 的查看 2"
keys y q
wait_screen y "仍有查看在进行"
keys y l
wait_screen y "[exit 0]"
