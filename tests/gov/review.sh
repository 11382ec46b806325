# review.sh — HHKCS 2.5.2 and 3.5, the monthly review of the logs, over real ssh with the
# hhkcs profile: a month with requests, viewings (one at night playing nothing), an overdue
# usage report, a grant never used, the same person asking three times for one camera, a
# burst of failed logins and a camera outage; the review finds each with its reason, the
# reviewer answers them and signs off; the report (HTML with SVG charts, CSV) downloads
# with sftp and its counts are the database's; then an audit row rewritten with sqlite3
# makes `audit verify` and `review show` report that the month's signed head no longer
# matches the log.
# timeout: 420
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-export.sh"

# gov_site, with the site's own usage-report deadline: the policy is silent (HHKCS sets
# no number), so 7 days is this site's setting in its copy of the profile.
export VIGIL_CLOCK_FILE="$T/clock"
clock_at "2026-03-02 09:00"	# a Monday
new_site hhkcs
sed -i 's/report_days = 0;/report_days = 7;/' "$T/site/policy.cfg"
serve_start

camera gate-1 public entrance
camera yard public playground
user amy staff primary
user kim kindergarten_head kindergarten
user vic vp_student_care school
user opal operations_head operations
user gus guard operations
user ivy ict ict
Y="2026-03-01"
footage gate-1 h264 "$Y 10:00:00" 3 10	# real segment files: footage verify hashes them

month_us() {	# the bounds of March 2026 in microseconds (the site is UTC)
	echo "$(date -u -d 2026-03-01 +%s)000000 $(date -u -d 2026-04-01 +%s)000000"
}
read -r M0 M1 <<<"$(month_us)"

note "a viewing that played its footage and was reported on"
ok amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 10:01" \
    --purpose student_conduct --reason "fight at the gate"
R1=$(ref)
ok kim approve "$R1"
ok gus viewing start "$R1" --viewer "Amy Test:T-001" --declare-not-involved
V1=$(head -n 1 "$T/out")
ok gus viewing play "$V1" --camera gate-1 --from "$Y 10:00" --to "$Y 10:00:20"
ok gus viewing end "$V1" --notes "identified"
ok amy report file "$R1" --text "settled"

note "a viewing at night that played nothing; its usage report is never filed"
ok amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 10:01" \
    --purpose student_conduct --reason "the same fight, another angle"
R2=$(ref)
ok kim approve "$R2"
clock_at "2026-03-02 20:30"
ok gus viewing start "$R2" --viewer "Amy Test:T-001" --declare-not-involved
V2=$(head -n 1 "$T/out")
ok gus viewing end "$V2" --notes "nothing to see"

note "a third request for the same camera, granted and never used"
ok amy request new --kind view --camera gate-1 --from "$Y 10:00" --to "$Y 10:01" \
    --purpose student_conduct --reason "once more"
R3=$(ref)
ok vic approve "$R3"

note "a burst of failed logins"
for i in 1 2 3 4 5; do
	expect_status 255 ssh_answer intruder "guess $i" whoami
done
[ "$(sqlw "SELECT COUNT(*) FROM login_attempts WHERE login = 'intruder' AND ok = 0")" = 5 ] ||
	fail "the failed logins were not recorded"

note "the yard camera is offline for three hours (as the recorder records it)"
sqlw "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES
    ('yard', $(date -u -d '2026-03-10 08:00' +%s)000000, 'offline', 'no video for 10 s'),
    ('yard', $(date -u -d '2026-03-10 11:00' +%s)000000, 'online', '')"

note "in April, the review of March: its findings, each with its reason"
clock_at "2026-04-02 09:00"
ok opal status
expect_out "review:        every month due is signed off"
refuse 1 "your roles cannot review and sign off the logs" gus review open --month 2026-03
refuse 1 "your roles cannot read the audit record and viewers' ID numbers in full" ivy review show --month 2026-03
refuse 2 "\"March\" is not a month YYYY-MM" opal review open --month March
refuse 1 "2026-05 has not begun yet" opal review open --month 2026-05
ok opal review open --month 2026-03
expect_out "review of 2026-03 opened: 7 findings, 7 not answered"
expect_out "footage verify: ok: 3 segments on 2 cameras match their hashes and chains"
audited review.open 2026-03
ok opal review show --month 2026-03
expect_out "[Viewing with no footage played] viewing $V2 of $R2, run by gus from 2026-03-02 20:30:00 to 2026-03-02 20:30:00, played no footage"
expect_out "[Viewing outside working hours] viewing $V2 of $R2 was started by gus at 2026-03-02 20:30:00, outside working hours (mon-fri 07:00-19:00)"
expect_out "[Usage report overdue] the usage report of $R2 by amy was due 2026-03-09 20:30:00 and has not been filed"
expect_out "[Grant expired unused] the grant of $R3 to amy ended 2026-03-09 20:30:00 unused: no viewing, no export"
expect_out "[Repeated requests for one camera] amy filed 3 requests for camera gate-1 this month"
expect_out "[Repeated failed logins] 5 failed logins for intruder within 15 min (2026-03-02 20:30:00 to 2026-03-02 20:30:00), from 127.0.0.1"
expect_out "[Camera offline for long] camera yard was offline for 3 h 0 min, from 2026-03-10 08:00:00 to 2026-03-10 11:00:00: no video for 10 s"
expect_out "links: viewing $V2 (#"
expect_out "links: $R1 (#"
expect_no_out "viewing $V1 of $R1"
expect_out "Viewings                                     2"

note "past the due day the review shows as overdue in status"
clock_at "2026-04-08 09:00"
ok opal status
expect_out "review:        the review of 2026-03 is not signed off (due 2026-04-07)"
ok opal reviews
expect_out "2026-03  open, overdue"

note "a sign-off needs every finding answered and a conclusion (HHKCS 3.5)"
refuse 1 "7 findings of 2026-03 are not answered yet" opal review signoff --month 2026-03
F=$(sqlw "SELECT id FROM review_findings WHERE kind = 'viewing_unplayed'")
refuse 2 "--note is required" opal review answer "$F" --month 2026-03 --accepted
refuse 2 "give one of --accepted and --follow-up" opal review answer "$F" --month 2026-03 \
    --accepted --follow-up --note x
refuse 1 "the review of 2026-03 has no finding 999" opal review answer 999 --month 2026-03 \
    --accepted --note x
refuse 1 "your roles cannot review and sign off the logs" gus review answer "$F" --month 2026-03 --accepted --note x
for id in $(sqlw "SELECT id FROM review_findings ORDER BY id"); do
	kind=$(sqlw "SELECT kind FROM review_findings WHERE id = $id")
	case $kind in
	viewing_unplayed|report_overdue) ok opal review answer "$id" --month 2026-03 --follow-up \
	    --note "ask the guard and the requester" ;;
	*) ok opal review answer "$id" --month 2026-03 --accepted --note "explained: $kind" ;;
	esac
done
refuse 1 "the review of 2026-03 has no conclusion yet" opal review signoff --month 2026-03
ok opal review conclude --month 2026-03 --text "two follow-ups: the night viewing and its report"
ok opal review signoff --month 2026-03
expect_out "review of 2026-03 signed off; audit head"
expect_out "footage chain heads: gate-1=3:"
audited review.signoff 2026-03
sign=$(sqlw "SELECT detail FROM audit WHERE action = 'review.signoff'")
head_id=$(sqlw "SELECT head_id FROM reviews WHERE month = '2026-03'")
head_hash=$(sqlw "SELECT head_hash FROM reviews WHERE month = '2026-03'")
[ "$(sqlw "SELECT hash FROM audit WHERE id = $head_id")" = "$head_hash" ] ||
	fail "the signed head is not the log's entry $head_id"
case $sign in
"head=$head_id:$head_hash; sig="*"; findings=7; accepted=5; follow_up=2") ;;
*) fail "the sign-off's audit entry is $sign" ;;
esac
refuse 1 "the review of 2026-03 was signed off on" opal review answer "$F" --month 2026-03 \
    --accepted --note "changed my mind"
ok opal review show --month 2026-03 --json
json_check 'd["state"]=="signed" and d["head_matches"] and d["head"]["id"]=='"$head_id"' and len(d["findings"])==7 and all(f["answer"] for f in d["findings"])'
ok opal status
expect_out "review:        every month due is signed off"
ok opal audit verify
expect_out "sign-off 2026-03: the log still matches the head it signed (entry $head_id)"

note "the report: HTML with its tables and SVG charts, and the CSV, downloaded with sftp"
refuse 1 "your roles cannot review and sign off the logs" gus review report --month 2026-03
ok opal review report --month 2026-03
expect_out "/reports/review-2026-03.html"
expect_out "/reports/review-2026-03.csv"
audited review.report 2026-03
mkdir -p "$T/dl"
expect_status 0 dl_sftp opal "get /reports/review-2026-03.html $T/dl/r.html
get /reports/review-2026-03.csv $T/dl/r.csv
ls -l /"
expect_out "reports"
audited review.report.download review-2026-03.html
[ "$(sqlw "SELECT COUNT(*) FROM report_downloads WHERE complete = 1")" = 2 ] ||
	fail "the two downloads were not recorded complete"
for name in html csv; do
	[ "$(sha256sum <"$T/dl/r.$name" | cut -d' ' -f1)" = \
	    "$(sqlw "SELECT sha256 FROM review_reports WHERE format = '$name'")" ] ||
		fail "the downloaded $name is not the one recorded"
done
note "the same report with scp (SFTP underneath) and scp -O, each download recorded"
expect_status 0 dl_scp opal /reports/review-2026-03.html "$T/dl/scp.html"
expect_status 0 dl_scp_legacy opal /reports/review-2026-03.csv "$T/dl/scp-O.csv"
expect_status 0 dl_scp_legacy opal "/reports/review-2026-03.*" "$T/dl/"
cmp "$T/dl/r.html" "$T/dl/scp.html" || fail "the scp download of the HTML differs"
cmp "$T/dl/r.csv" "$T/dl/scp-O.csv" || fail "the scp -O download of the CSV differs"
cmp "$T/dl/r.html" "$T/dl/review-2026-03.html" || fail "the scp -O glob's HTML differs"
cmp "$T/dl/r.csv" "$T/dl/review-2026-03.csv" || fail "the scp -O glob's CSV differs"
[ "$(sqlw "SELECT protocol || ' ' || COUNT(*) FROM report_downloads WHERE complete = 1
    GROUP BY protocol ORDER BY protocol" | tr '\n' ,)" = "scp 3,sftp 3," ] ||
	fail "the downloads recorded: $(sqlw "SELECT protocol, bytes, complete FROM report_downloads")"
bytes=$(stat -c %s "$T/dl/r.csv")
[ "$(sqlw "SELECT COUNT(*) FROM audit WHERE action = 'review.report.download'
    AND object = 'review-2026-03.csv' AND detail LIKE '%protocol=scp%bytes=$bytes%'")" = 2 ] ||
	fail "the scp -O downloads of the CSV are not audited with their bytes: $(sqlw "SELECT detail
	    FROM audit WHERE action = 'review.report.download'")"
note "the counts in the report are the database's"
want_requests=$(sqlw "SELECT COUNT(*) FROM requests WHERE created_us >= $M0 AND created_us < $M1")
want_viewings=$(sqlw "SELECT COUNT(*) FROM viewings WHERE started_us >= $M0 AND started_us < $M1")
want_approvals=$(sqlw "SELECT COUNT(*) FROM approvals WHERE decided_us >= $M0 AND decided_us < $M1")
want_findings=$(sqlw "SELECT COUNT(*) FROM review_findings WHERE gone_us IS NULL")
want_outages=1
/usr/bin/python3 - "$T/dl/r.html" "$T/dl/r.csv" "$want_requests" "$want_viewings" \
    "$want_approvals" "$want_findings" "$want_outages" <<'EOF' || fail "the report does not match the database"
import csv, html.parser, sys
path, csvpath = sys.argv[1], sys.argv[2]
want = {"requests": int(sys.argv[3]), "viewings": int(sys.argv[4]), "approvals": int(sys.argv[5]),
        "findings": int(sys.argv[6]), "outages": int(sys.argv[7])}

class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.section, self.in_body, self.svgs, self.bars = {}, None, False, 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.section = a.get("data-section")
            self.rows[self.section] = 0
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows[self.section] += 1
        elif tag == "svg":
            self.svgs += 1
        elif tag == "rect" and a.get("class") == "bar":
            self.bars += 1
        elif tag == "p" and a.get("data-section"):
            self.rows[a["data-section"]] = 0
    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False

r = Report()
r.feed(open(path, encoding="utf-8").read())
for k, v in want.items():
    assert r.rows.get(k) == v, (k, r.rows.get(k), v)
assert r.svgs == 3 and r.bars > 0, (r.svgs, r.bars)
sections = {}
with open(csvpath, newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        if row and row[0] != "section":
            sections[row[0]] = sections.get(row[0], 0) + 1
for k, v in want.items():
    assert sections.get(k, 0) == v, ("csv", k, sections.get(k), v)
print("report ok", r.rows)
EOF
note "only reviewers download reports; the guard does not even see the folder"
expect_status 1 dl_sftp gus "get /reports/review-2026-03.html $T/dl/g.html"
expect_err "your roles cannot read the audit record and viewers' ID numbers in full"
expect_status 0 dl_sftp gus "ls /"
expect_no_out "reports"

note "an audit row of the month rewritten with sqlite3: audit verify and review show say so"
sqlw "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'request=$R2; operator=gus; viewers=nobody'
    WHERE action = 'viewing.start' AND object = 'viewing $V2'"
expect_status 1 as opal audit verify
expect_out "the audit log no longer matches the head signed at the sign-off of 2026-03"
expect_out "(2026-03-02 20:30:00 gus viewing.start on viewing $V2) no longer gives the hash it was written with"
expect_err "audit verification FAILED"
expect_status 1 as opal review show --month 2026-03
expect_out "Witness check"
expect_err "the audit log no longer matches the head signed at the sign-off of 2026-03: the log through entry $head_id now hashes to"
