# ssh_viewer_ids_masked.sh — issue 19 item 14: listings that show viewers' ID numbers
# (`viewings`, the console's request page) show only the last four characters, and say so,
# unless the user holds audit.read or review.signoff (the operations head here).  Over the
# real OpenSSH client, and the console at 80x24 in English and 120x40 in Chinese.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-govconsole.sh"
gov_site default

default_cast
user oh operations_head security
"$VIGIL" admin user locale sh zh_CN >/dev/null
granted 2
ok gu viewing start "$R" --viewer "Wang Fang:11010519491231002X" --viewer "Li Ming:T-55" \
    --declare-not-involved

note "the operator, the requester: masked, and told so"
for l in gu ann; do
	ok "$l" viewings
	expect_out "Wang Fang:**************002X"
	expect_out "Li Ming:T-55"
	expect_no_out "11010519491231002X"
	expect_out "ID numbers show only their last four characters: your roles do not read the record in full."
done
ok gu viewings --json
json_check 'd[0]["viewers"][0]["id"] == "**************002X" and d[0]["ids_masked"] is True'

note "who reads the record in full (review.signoff, audit.read) sees them whole"
ok oh viewings --request "$R"
expect_out "Wang Fang:11010519491231002X"
expect_no_out "last four characters"
ok oh viewings --json
json_check 'd[0]["viewers"][0]["id"] == "11010519491231002X" and d[0]["ids_masked"] is False'
[ "$(sql "SELECT id_number FROM viewing_people WHERE seq = 1")" = 11010519491231002X ] ||
	fail "the stored ID was changed"

note "the console's request page masks them too"
console t gu
open_job t "Viewing desk"
wait_line t "$R"
keys t Enter
wait_screen t "Request $R"
keys t End
wait_text t "Viewers: Wang Fang (**************002X), Li Ming (T-55)."
wait_text t "ID numbers show only their last four characters"
if screen t | grep -q "11010519491231002X"; then fail "the console shows the ID in full"; fi
keys t q
wait_screen t "A viewing is still running"
keys t l
wait_screen t "[exit 0]"
console z sh 120 40
open_job z "查看台"
wait_line z "$R"
keys z Enter
wait_screen z "申请 $R"
wait_text z "Wang Fang（**************002X）"
wait_text z "证件号码只显示最后四位：您的角色不能查阅完整记录。"
if screen z | grep -q "11010519491231002X"; then fail "the console shows the ID in full"; fi
keys z q
wait_screen z "[exit 0]"
