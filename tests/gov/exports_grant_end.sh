# exports_grant_end.sh — an export goes only to the liaison of the body that asked for it, and a
# grant that ends before its time (withdrawn, closed by the usage report) takes its ready
# exports with it: revoked, audited, the file gone, every download refused.
#   HHKCS 2.5.3(i): a copy for the police goes directly to the police, to no other party;
#   GCU art. 16(2)3, 17; GUAT art. 17-18; DLUT art. 15(2)2: copied only as approved, for the
#   use approved; REG ch. 4 §2.1: used within the time applied for.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-export.sh"
police_copy_site
user clerk police_liaison "" court
user loose police_liaison		# a liaison of no agency yet
D="2026-03-01"
footage gate-1 h264 "$D 10:00:00" 2 10

# granted_copy : an external copy request for the police, approved and handed over at a
# viewing; its reference in $R.
granted_copy() {
	ok sh request new --requester-kind external --agency police --letter "GA-2026-$1" \
	    --officer "Officer Ma" --officer-id "M-1001" --kind copy --camera gate-1 \
	    --from "$D 10:00" --to "$D 10:00:20" --purpose investigation --reason "case $1"
	R=$(ref)
	ok sh2 approve "$R"
	ok gu viewing start "$R" --viewer "Officer Ma:M-1001" --declare-not-involved
	V=$(head -n 1 "$T/out")
	ok gu viewing end "$V" --copied --destination police --recipient "Officer Ma:M-1001"
}

note "an outside body's copy goes to that body's liaison, not another body's, not one of none"
granted_copy 1
refuse 1 "vigil default §2: $R was asked for by Police (agency \"police\"): its copy goes to that body's liaison, not to clerk, the liaison of Court (agency \"court\")" \
    it export create "$R" --recipient clerk
refuse 1 "vigil default §2: $R was asked for by Police (agency \"police\"): its copy goes to that body's liaison, and loose is no agency's liaison (vigil admin user agency loose police)" \
    it export create "$R" --recipient loose
ok it export create "$R" --recipient liaison
NAME="$R-E1.tar"
FILE="$T/site/exports/$NAME"
[ -f "$FILE" ] || fail "no file for $NAME"
mkdir "$T/dl"
expect_status 0 dl_sftp liaison "get /exports/$NAME $T/dl/first.tar"
cmp "$FILE" "$T/dl/first.tar" || fail "the download differs from the export"

note "the requester withdraws the grant: the export is revoked, audited, its file removed"
ok sh withdraw "$R"
expect_status_of "$R" withdrawn
WHY="request $R withdrawn; its copies end with its grant (vigil default §2)"
[ "$(sql "SELECT revoke_reason FROM exports WHERE name = '$R-E1'")" = "$WHY" ] ||
    fail "the export's revocation reason is $(sql "SELECT revoke_reason FROM exports WHERE name = '$R-E1'")"
[ "$(sql "SELECT u.login FROM exports e JOIN users u ON u.id = e.revoked_by WHERE e.name = '$R-E1'")" = sh ] ||
    fail "the revocation is not recorded as sh's"
[ "$(sql "SELECT actor || ' | ' || detail FROM audit WHERE action = 'export.revoke' AND object = '$R-E1'")" = \
    "sh | reason=$WHY; downloads=1" ] ||
    fail "the revocation's audit entry: $(sql "SELECT actor, detail FROM audit WHERE action = 'export.revoke'")"
# The withdrawal and the revocation are one change: the audit entries follow each other.
[ "$(sql "SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE object IN ('$R', '$R-E1')
    AND action IN ('request.withdraw', 'export.revoke', 'export.remove') ORDER BY id)")" = \
    "request.withdraw,export.revoke,export.remove" ] || fail "the audit entries are out of order"
[ "$(sql "SELECT actor || ' | ' || detail FROM audit WHERE action = 'export.remove' AND object = '$R-E1'")" = \
    "sh | reason=revoked; file=$NAME; bytes=$(stat -c %s "$T/dl/first.tar"); downloads=1" ] ||
    fail "the file's removal is not audited"
[ ! -e "$FILE" ] || fail "the withdrawn grant's export is still on disk"
ok it export show "$NAME"
expect_out "export:      $NAME (revoked)"
expect_out "by sh: $WHY"
ok it exports --json
json_check '[e["state"] for e in d if e["name"] == "'"$NAME"'"] == ["revoked"]'

note "downloads of it are refused with the revocation's reason, and change nothing"
gov_state "$T/before"
expect_status 1 dl_sftp liaison "get /exports/$NAME $T/dl/again.tar"
expect_err "$NAME was revoked on 2026-03-02 09:00:00: $WHY"
expect_status 1 dl_scp_legacy liaison "/exports/$NAME" "$T/dl/again.tar"
expect_err "$NAME was revoked on 2026-03-02 09:00:00: $WHY"
expect_status 0 dl_sftp liaison "ls /exports"
expect_no_out "$NAME"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
refuse 1 "$NAME is revoked and can no longer be revoked" it export revoke "$NAME" --reason x

note "filing the usage report closes the request, and its ready exports end with it"
granted_copy 2
R2=$R
ok it export create "$R2" --recipient liaison
ok it export create "$R2" --recipient liaison
ok it export revoke "$R2-E2.tar" --reason "made twice"
ok sh report file "$R2" --text "given to the police on a signed receipt"
expect_status_of "$R2" closed
WHY2="request $R2 closed by its usage report; its copies end with its grant (vigil default §2)"
[ "$(sql "SELECT revoke_reason FROM exports WHERE name = '$R2-E1'")" = "$WHY2" ] ||
    fail "the closed request's export is not revoked"
[ "$(sql "SELECT revoke_reason FROM exports WHERE name = '$R2-E2'")" = "made twice" ] ||
    fail "an export revoked by hand lost its own reason"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'export.revoke' AND object = '$R2-E1' AND
    actor = 'sh' AND detail = 'reason=$WHY2; downloads=0'")" = 1 ] || fail "the revocation is not audited"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'export.revoke' AND object = '$R2-E2'")" = 1 ] ||
    fail "the export revoked by hand was revoked again"
[ ! -e "$T/site/exports/$R2-E1.tar" ] && [ ! -e "$T/site/exports/$R2-E2.tar" ] ||
    fail "the closed request's exports are still on disk"
expect_status 1 dl_scp liaison "/exports/$R2-E1.tar" "$T/dl/closed.tar"
expect_err "$R2-E1.tar was revoked on 2026-03-02 09:00:00: $WHY2"

note "an agency is one of the profile's, and never beside a school unit"
expect_status 2 "$VIGIL" admin user agency loose fbi
expect_err "unknown agency \"fbi\": the default profile has police, court, other"
expect_status 2 "$VIGIL" admin user agency gu police
expect_err "gu belongs to the school's unit \"security\" and cannot also be the liaison of agency \"police\": an outside body's liaison has no school unit"
expect_status 0 "$VIGIL" admin user agency loose police
expect_out "loose is the liaison of agency police"
audited user.agency loose
expect_status 0 "$VIGIL" admin user list --json
json_check '{u["login"]: u["agency"] for u in d}["loose"] == "police" and {u["login"]: u["agency"] for u in d}["sh"] == ""'
granted_copy 3
ok it export create "$R" --recipient loose
expect_status 0 dl_sftp loose "ls /exports"
expect_out "$R-E1.tar"

note "a liaison moved to another body no longer downloads the copies made for the first"
expect_status 0 "$VIGIL" admin user agency loose court
gov_state "$T/before"
expect_status 1 dl_sftp loose "get /exports/$R-E1.tar $T/dl/moved.tar"
expect_err "vigil default §2: $R was asked for by Police (agency \"police\"): its copy goes to that body's liaison, not to loose, the liaison of Court (agency \"court\")"
expect_status 1 dl_scp_legacy loose "/exports/$R-E1.tar" "$T/dl/moved.tar"
expect_err "not to loose, the liaison of Court (agency \"court\")"
expect_status 0 dl_sftp loose "ls /exports"
expect_no_out "$R-E1.tar"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
expect_status 0 "$VIGIL" admin user agency loose none
expect_out "loose is no agency's liaison"
expect_status 1 dl_scp loose "/exports/$R-E1.tar" "$T/dl/moved.tar"
expect_err "loose is no agency's liaison (vigil admin user agency loose police)"

note "a liaison the site lets file asks in their own body's name only (DLUT art. 15(2)2)"
user filer police_liaison,security_head "" court	# a profile may let a liaison file
gov_state "$T/before"
args=(--kind copy --camera gate-1 --from "$D 10:00" --to "$D 10:00:20" --purpose investigation
    --reason "for the court")
expect_status 1 "$VIGIL" exec --user filer request new --requester-kind external --agency police \
    --letter "FY-1" --officer "Judge Li" --officer-id "J-1" "${args[@]}"
expect_err "filer is the liaison of Court (agency \"court\") and cannot file a request in the name of Police (agency \"police\")"
expect_status 1 "$VIGIL" exec --user filer request new "${args[@]}"
expect_err "filer is the liaison of Court (agency \"court\"): a request they file is that body's, an external one (--agency court)"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
expect_status 0 "$VIGIL" exec --user filer request new --requester-kind external --agency court \
    --letter "FY-2" --officer "Judge Li" --officer-id "J-1" "${args[@]}"
[ "$(sql "SELECT agency FROM requests WHERE ref = '$(ref)'")" = court ] ||
    fail "the court's own request was not filed in its name"
