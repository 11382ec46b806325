# oversight.sh — the register (HHKCS 2.1.5, 2.4.1), the audit log (HHKCS 2.5.2, 3.5) and
# ICT's maintenance over ssh (HHKCS 3.3, 5.4.1), with the hhkcs profile: what each role may
# do, and every refusal with its message and exit status, changing nothing.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-export.sh"
gov_site hhkcs		# 2026-03-02 09:00

camera gate-1 public entrance
camera yard public playground
user opal operations_head operations
user gus guard operations
user ivy ict ict
user amy staff primary
Y="2026-03-01"
footage gate-1 h264 "$Y 10:00:00" 3 10

note "the register: only its keeper (register.manage) lists and changes it"
ok opal register list
expect_out "gus"
expect_out "valid"
refuse 1 "your roles cannot keep the authorised-personnel register" gus register list
refuse 1 "your roles cannot keep the authorised-personnel register" ivy register revoke gus \
    --reason "moved"
refuse 2 "--reason is required" opal register revoke gus
refuse 2 "--state: \"soon\" is not one of valid, expiring, renewed, expired, revoked" opal \
    register list --state soon
refuse 1 "no user \"nobody\"" opal register revoke nobody --reason "never was"
keygen newbie
"$VIGIL" admin user add newbie --name "New Guard" --role guard --key "$T/newbie.pub" >/dev/null
expect_status 255 as newbie cameras	# HHKCS 2.4.1: not on the register, no login
refuse 2 "--trained-on: \"soon\" is not a date" opal register add newbie --trained-on soon
refuse 2 "the training date 2026-04-01 is in the future" opal register add newbie \
    --trained-on 2026-04-01
ok opal register add newbie --trained-on 2026-02-20 --scope "control room"
expect_out "newbie is on the register until 2026-09-01"
audited register.authorize newbie
ok newbie cameras
ok opal register list --json
json_check '[e["state"] for e in d if e["login"]=="newbie"]==["valid"]'

note "in August, entries ending at the school year's start are expiring; renewing one"
clock_at "2026-08-10 09:00"
ok opal register list --state expiring
expect_out "newbie"
ok opal register renew newbie --trained-on 2026-08-01
expect_out "newbie is authorised again until 2027-09-01"
audited register.renew newbie
ok opal register list --json
json_check 'sorted(e["state"] for e in d if e["login"]=="newbie")==["renewed","valid"]'
json_check '[e["renews"] for e in d if e["login"]=="newbie" and e["state"]=="valid"][0] is not None'

note "the review of July, built in August, lists who needs authorising again (HHKCS 2.4.1)"
ok opal review open --month 2026-07
ok opal review show --month 2026-07 --details
expect_out "To authorise again before the school year"
expect_out "gus"
ok opal review open --month 2026-06
ok opal review show --month 2026-06 --details
expect_no_out "To authorise again"

note "revoking ends it at once, with the reason; a revoked person is not renewed"
ok opal register revoke newbie --reason "left the school"	# the renewed entry and its renewal
expect_out "the authorisation of newbie is revoked"
audited register.revoke newbie
[ "$(sqlw "SELECT COUNT(*) FROM authorizations a JOIN users u ON u.id = a.user_id
    WHERE u.login = 'newbie' AND a.revoke_reason = 'left the school' AND a.revoked_by = 'opal'")" = 2 ] ||
	fail "the revocation was not recorded with its reason on both running entries"
expect_status 255 as newbie cameras
refuse 1 "newbie holds no valid authorisation to revoke" opal register revoke newbie --reason again
refuse 1 "the last authorisation of newbie was revoked" opal register renew newbie
clock_at "2026-03-02 09:00"

note "the audit log: reviewers read it (audit.read), with filters, a page at a time"
ok opal audit log --action register. --limit 2
expect_out "register.authorize"
expect_out "(more: --after"
ok opal audit log --object newbie --actor opal --json
json_check '[e["action"] for e in d]==["register.authorize","register.renew","register.revoke"]'
after=$(sqlw "SELECT MAX(id) FROM audit WHERE action = 'register.renew'")
ok opal audit log --object newbie --after "$after"
expect_out "register.revoke"
expect_no_out "register.renew"
ok opal audit log --from "2026-08-01 00:00" --to "2026-09-01 00:00" --action register.
expect_no_out "register.authorize"
expect_out "register.renew"
refuse 1 "your roles cannot read the audit record and viewers' ID numbers in full" ivy audit log
refuse 1 "your roles cannot read the audit record and viewers' ID numbers in full" gus audit log --action request.
refuse 2 "--from: \"yesterday\" is not a time" opal audit log --from yesterday
refuse 2 "the end of the range is not after its start" opal audit log --from "2026-03-02 10:00" \
    --to "2026-03-02 09:00"

note "audit verify over ssh: audit.verify"
ok ivy audit verify
expect_out "audit ok:"
ok opal audit verify --deep
expect_out "records ok:"
refuse 1 "your roles cannot check the audit log's chain" gus audit verify

note "ICT's maintenance over ssh: retention, footage verify, storage, a camera's events"
ok ivy retention run --dry-run
expect_out "retention preview as of 2026-03-02 09:00:00: 0 segments (0 MiB) would be deleted"
ok ivy retention run --dry-run --as-of "2026-07-01 00:00"
expect_out "gate-1: would delete 3 segments"
ok ivy footage verify
expect_out "footage ok: 3 segments"
ok ivy footage verify --camera gate-1 --from "$Y 10:00" --to "$Y 10:00:15"
expect_out "footage ok: 2 segments"
ok ivy storage
expect_out "gate-1"
expect_out "free space:"
ok ivy storage --json
json_check '[c["segments"] for c in d["cameras"] if c["camera"]=="gate-1"]==[3] and d["bytes"]>0 and [c["retention_days"] for c in d["cameras"]]==[90,90]'
sqlw "INSERT INTO camera_events (camera, ts_us, kind, detail) VALUES
    ('yard', $(date -u -d "$Y 08:00" +%s)000000, 'offline', 'no video for 10 s'),
    ('yard', $(date -u -d "$Y 08:40" +%s)000000, 'online', ''),
    ('yard', $(date -u -d "$Y 09:00" +%s)000000, 'moved', 'the view left its reference'),
    (NULL, $(date -u -d "$Y 09:30" +%s)000000, 'disk.stop', 'storage 96% used: yard stopped'),
    ('yard', $(date -u -d "$Y 09:31" +%s)000000, 'motion.start', '')"
ok gus camera events yard
expect_out "$Y 08:00:00  yard         went offline"
expect_out "no video for 10 s"
expect_out "moved (the view left its reference)"
expect_out "storage      stopped: storage full"
expect_no_out "motion"
ok gus camera events yard --from "$Y 08:30" --to "$Y 09:10" --json
json_check '[e["kind"] for e in d]==["online","moved"]'
refuse 1 "your roles cannot see the cameras' status and alerts" amy camera events yard
refuse 1 "no camera \"attic\"" gus camera events attic
refuse 1 "your roles cannot run or preview the deletion of expired footage" gus retention run --dry-run
refuse 1 "your roles cannot check that the footage is intact" gus footage verify
refuse 1 "your roles cannot run or preview the deletion of expired footage" amy storage
refuse 1 "your roles cannot run or preview the deletion of expired footage" opal storage
refuse 2 "--as-of only previews: use it with --dry-run" ivy retention run --as-of "2026-07-01 00:00"

note "long runs: a progress line on stderr over a terminal (ssh -t, vigil admin), none without"
ssh_tty() {	# ssh -tt LOGIN COMMAND...: a terminal asked for, as ssh -t on a terminal does
	local login=$1
	shift
	ssh "${SSH_OPTS[@]}" -p "$SSH_PORT" -i "$T/$login" -o BatchMode=yes -tt "$login@127.0.0.1" "$@"
}
expect_status 0 ssh_tty ivy footage verify
expect_err "gate-1: checking 3 segments…"
grep -q $'\r.*\033\[K' "$T/err" || fail "the progress line is not redrawn in place: $(cat -A "$T/err")"
expect_out "footage ok: 3 segments"
ok ivy footage verify
expect_no_err_text() { if grep -qF -- "$1" "$T/err"; then fail "stderr unexpectedly has \"$1\""; fi; }
expect_no_err_text "checking"
expect_status 0 ssh_tty ivy retention run --dry-run
expect_err "retention preview as of 2026-03-02 09:00:00…"
expect_status 0 script -qec "$VIGIL admin footage verify" /dev/null
expect_out "gate-1: checking 3 segments…"
expect_status 0 "$VIGIL" admin footage verify
expect_no_err_text "checking"

note "help lists the oversight commands only to those whose roles can use them"
ok opal help
expect_out "review signoff"
expect_out "register revoke"
expect_out "audit log"
expect_no_out "storage [--json]"
ok ivy help
expect_out "storage [--json]"
expect_out "camera events"
expect_no_out "review signoff"
expect_no_out "register add"
ok amy help
expect_no_out "audit log"
expect_no_out "camera events"
