# exports.sh — a granted copy becomes a signed export that only its recipient downloads,
# with scp, scp -O and sftp, and that anyone can check: vigil verify, ssh-keygen -Y verify
# and sha256sum -c; every refusal with its status and message; the audit trail.
# timeout: 420
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-gov.sh"
. "$SRC/tests/lib-export.sh"
gov_site default

camera gate-1 public entrance security
camera yard public perimeter security
user sh security_head security
user sh2 security_head security
user gu guard security
user it ict ict
user ann staff general
user liaison police_liaison "" police
user liaison2 police_liaison "" police
user insider police_liaison general	# holds export.download but is of the school
D="2026-03-01"
footage gate-1 h264 "$D 10:00:00" 6 10	# H.264 high profile, B-frames, AAC
footage yard h265 "$D 10:00:00" 6 10	# H.265, B-frames
expect_status 0 "$VIGIL" admin footage verify

note "an external copy request for the police, approved, handed over at a viewing"
ok sh request new --requester-kind external --agency police --letter "GA-2026-17" \
    --officer "Officer Ma" --officer-id "M-1001" --kind copy --camera gate-1,yard \
    --from "$D 10:00" --to "$D 10:05" --purpose investigation --reason "hit and run at the gate"
R=$(ref)
ok sh2 approve "$R"
ok gu viewing start "$R" --viewer "Officer Ma:M-1001" --declare-not-involved
V=$(head -n 1 "$T/out")
ok gu viewing play "$V" --camera gate-1 --from "$D 10:00" --to "$D 10:00:40"

note "no export before a viewing has handed the copy over"
refuse 1 "vigil default §1: no viewing of $R has recorded a copy handed over; end a viewing with --copied, --destination and --recipient first" \
    it export create "$R" --recipient liaison
ok gu viewing end "$V" --copied --destination police --recipient "Officer Ma:M-1001"

note "refusals of export create, each changing nothing"
refuse 1 "your roles cannot make signed exports of footage" gu export create "$R" \
    --recipient liaison
refuse 1 "none of gu's roles lets them download signed exports" it export create "$R" \
    --recipient gu
refuse 1 "vigil default §2: $R is an outside body's request: its copy goes to that body's liaison, and insider belongs to the school's unit \"general\"" \
    it export create "$R" --recipient insider
refuse 1 "no user \"nobody\"" it export create "$R" --recipient nobody
refuse 1 "vigil default §1: the grant of $R does not cover camera \"gate-1\" over that range" \
    it export create "$R" --recipient liaison --from "$D 09:00"
refuse 1 "camera \"yard\" recorded nothing from 2026-03-01 10:02:00 to 2026-03-01 10:05:00" \
    it export create "$R" --recipient liaison --camera yard --from "$D 10:02"
refuse 1 "vigil default §1: the grant of $R does not cover camera \"vault\" over that range" \
    it export create "$R" --recipient liaison --camera vault
refuse 2 "--from: \"soon\" is not a time" it export create "$R" --recipient liaison --from soon
refuse 2 "--recipient is required" it export create "$R"
ok ann request new --kind view --camera gate-1 --from "$D 10:00" --to "$D 10:00:40" \
    --purpose lost_property --reason "lost umbrella"
RV=$(ref)
ok sh approve "$RV"
refuse 1 "vigil default §1: $RV grants viewing only; a view grant never yields a copy" \
    it export create "$RV" --recipient ann

note "ICT makes the export for the liaison"
ok it export create "$R" --recipient liaison --to "$D 10:00:40"
NAME="$R-E1.tar"
[ "$(head -n 1 "$T/out")" = "$NAME" ] || fail "export create printed $(head -n 1 "$T/out"), not $NAME"
SUM=$(sed -n '2s/  .*//p' "$T/out")
expect_out "export $NAME made for liaison: 2 cameras, 8 segments"
FILE="$T/site/exports/$NAME"
[ "$(sha256sum <"$FILE" | cut -d' ' -f1)" = "$SUM" ] || fail "the printed SHA-256 is not the file's"
audited export.create "$R-E1"
detail=$(sql "SELECT detail FROM audit WHERE action = 'export.create'")
case $detail in
"request=$R; recipient=liaison; viewing=$V; cameras=gate-1:1-4,yard:1-4; bytes=$(stat -c %s "$FILE"); sha256=$SUM; expires=2026-03-16T09:00:00Z") ;;
*) fail "the export's audit entry is $detail" ;;
esac
ok it export create "$R" --recipient liaison2 --camera gate-1
NAME2="$R-E2.tar"
expect_out "$NAME2"
ok sh viewings --request "$R"
expect_out "police: Officer Ma:M-1001 (export $NAME, $NAME2)"
ok sh request show "$R"
expect_out "a copy went to The police that asked: Officer Ma (ID M-1001) as export $NAME, $NAME2"

note "the liaison downloads it with scp, scp -O and sftp: three identical files"
ok liaison exports --json
json_check '[e["name"] for e in d]==["'"$NAME"'"] and d[0]["state"]=="ready"'
mkdir "$T/dl"
expect_status 0 dl_scp liaison "/exports/$NAME" "$T/dl/scp.tar"
expect_status 0 dl_scp_legacy liaison "/exports/$NAME" "$T/dl/scp-O.tar"
expect_status 0 dl_sftp liaison "get /exports/$NAME $T/dl/sftp.tar"
expect_status 0 dl_sftp liaison "ls -l /exports"
expect_out "$NAME"
expect_no_out "$NAME2"
for f in scp scp-O sftp; do
	cmp "$FILE" "$T/dl/$f.tar" || fail "the $f download differs from the export"
done
note "sftp reget resumes a download cut short"
head -c 300000 "$FILE" >"$T/dl/part.tar"
expect_status 0 dl_sftp liaison "reget /exports/$NAME $T/dl/part.tar"
cmp "$FILE" "$T/dl/part.tar" || fail "reget did not complete the file"

note "the audit log shows each download with its bytes"
size=$(stat -c %s "$FILE")
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'export.download' AND object = '$R-E1' AND
    detail LIKE '%bytes=$size; from=0; complete=yes' AND source LIKE 'ssh 127.0.0.1:%'")" = 3 ] ||
    fail "not three complete downloads in the audit: $(sql "SELECT detail FROM audit WHERE action = 'export.download'")"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'export.download' AND
    detail = 'protocol=sftp; file=$NAME; bytes=$((size - 300000)); from=300000; complete=yes'")" = 1 ] ||
    fail "the resumed download is not audited from its offset"
for p in scp sftp; do
	[ "$(sql "SELECT COUNT(*) FROM downloads WHERE protocol = '$p' AND complete = 1")" -ge 1 ] ||
	    fail "no complete $p download recorded"
done
ok it export show "$NAME"
expect_out "ready, downloaded 4 times"
expect_out "by liaison over scp from ssh 127.0.0.1:"
expect_out "$((size - 300000)) bytes from offset 300000, complete"

note "a bundle changed on the server is not sent: it no longer matches its record"
cp "$FILE" "$T/bundle.keep"
truncate -s 100000 "$FILE"
gov_state "$T/before"
expect_status 1 dl_scp_legacy liaison "/exports/$NAME" "$T/dl/changed.tar"
expect_err "$NAME on the server does not match its record; tell the administrator"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
mv "$T/bundle.keep" "$FILE"

note "anyone can check it: vigil verify, ssh-keygen -Y verify, sha256sum -c"
FP=$("$VIGIL" admin status | sed -n 's/^fingerprint: *\(SHA256:[^ ]*\).*/\1/p')
[ -n "$FP" ] || fail "vigil admin status shows no signing key fingerprint"
expect_status 0 "$VIGIL" verify "$T/dl/scp.tar" --key "$FP"
expect_out "$T/dl/scp.tar: good"
expect_out "2 cameras: 8 segments in unbroken hash chains; 2 joined videos hold exactly their segments' packets"
KEY=$("$VIGIL" admin status | sed -n 's/^signing key: *//p')
expect_status 0 "$VIGIL" verify "$T/dl/sftp.tar" --key "$KEY"
mkdir "$T/x"
tar -C "$T/x" -xf "$T/dl/scp-O.tar"
(
	cd "$T/x/$R-E1"
	ssh-keygen -Y verify -f allowed_signers -I "Test School" -n vigil-export \
	    -s manifest.json.sig <manifest.json
	sha256sum -c --quiet SHA256SUMS
	grep -q "$FP" README.txt
	ffprobe -v error -show_entries format_tags=creation_time -of csv=p=0 video/gate-1.mp4 |
	    grep -q "2026-03-01T10:00:00"
	/usr/bin/python3 - <<'EOF'
import json
m = json.load(open("manifest.json"))
assert m["request"]["officer"] == "Officer Ma" and m["request"]["agency"] == "police"
assert [a["signer"] for a in m["request"]["approvals"]] == ["sh2"]
assert m["viewing"]["destination"] == "police" and m["viewing"]["handed_to_id"] == "M-1001"
assert m["recipient"]["login"] == "liaison" and m["exporter"]["login"] == "it"
segs = m["cameras"][0]["segments"]
assert [s["seq"] for s in segs] == [1, 2, 3, 4] and segs[1]["prev_chain"] == segs[0]["chain"]
assert m["audit_head"]["hash"]
EOF
) || fail "the extracted bundle does not check out with OpenSSH and coreutils"
# The moov box comes before the video data (fast start).
/usr/bin/python3 - "$T/x/$R-E1/video/yard.mp4" <<'EOF' || fail "video/yard.mp4 is not fast-start"
import struct, sys
data = open(sys.argv[1], "rb").read(1 << 22)
off, order = 0, []
while off + 8 <= len(data) and len(order) < 5:
    size, kind = struct.unpack(">I4s", data[off:off + 8])
    order.append(kind.decode())
    off += size if size > 1 else 1 << 40
assert order.index("moov") < order.index("mdat"), order
EOF

note "one flipped byte anywhere in the tar: vigil verify exits 1 naming it"
check_flip() {	# OFFSET WHAT
	cp "$FILE" "$T/bad.tar"
	flip "$T/bad.tar" "$1"
	expect_status 1 "$VIGIL" verify "$T/bad.tar"
	expect_err "$2"
}
seg3=$(member_offset "$FILE" "segments/gate-1/2026-03-01/gate-1-00000003.mp4")
vid=$(member_offset "$FILE" "video/yard.mp4")
man=$(member_offset "$FILE" "manifest.json")
sig=$(member_offset "$FILE" "manifest.json.sig")
sums=$(member_offset "$FILE" "SHA256SUMS")
signers=$(member_offset "$FILE" "allowed_signers")
readme=$(member_offset "$FILE" "README.txt")
check_flip 0 "2026-03-01/gate-1-00000001.mp4\" at offset 0 is altered"
check_flip 140 "the tar header of \"$R-E1/segments/gate-1/2026-03-01/gate-1-00000001.mp4\" at offset 0 is altered"
check_flip 148 "is altered (byte 148 differs"
check_flip $((seg3 - 512 + 130)) "gate-1-00000003.mp4\" at offset $((seg3 - 512)) is altered"
check_flip $((seg3 + 5000)) "segments/gate-1/2026-03-01/gate-1-00000003.mp4 does not match its SHA-256 in the manifest"
check_flip $((vid + 100)) "video/yard.mp4 does not match its SHA-256 in the manifest"
check_flip $((vid + 200000)) "video/yard.mp4 does not match its SHA-256 in the manifest"
check_flip $((readme + 10)) "README.txt does not match its SHA-256 in the manifest"
check_flip $((signers + 60)) "allowed_signers"
check_flip $((man + 300)) "manifest.json does not carry a good signature in manifest.json.sig"
check_flip $((sig + 100)) "manifest.json.sig"
check_flip $((sums + 3)) "SHA256SUMS line 1"
check_flip $((sig + 400)) "the padding after \"$R-E1/manifest.json.sig\""
check_flip $(($(stat -c %s "$FILE") - 700)) "the end of the archive at offset"
# And wherever else: a spread of offsets through the whole file.
for o in $(/usr/bin/python3 -c "import random; r = random.Random(12); print(*sorted(r.sample(range($size), 24)))"); do
	cp "$FILE" "$T/bad.tar"
	flip "$T/bad.tar" "$o"
	expect_status 1 "$VIGIL" verify "$T/bad.tar"
	grep -qE "$R-E1|segments/|video/|manifest|SHA256SUMS|README|allowed_signers|offset" "$T/err" ||
	    fail "a flip at $o: the message names nothing: $(cat "$T/err")"
done
note "a removed or reordered segment, a bad signature"
tar_without "$FILE" "segments/yard/2026-03-01/yard-00000002.mp4" "$T/bad.tar"
expect_status 1 "$VIGIL" verify "$T/bad.tar"
expect_err "segments/yard/2026-03-01/yard-00000002.mp4, listed in the manifest, is missing"
tar_swap "$FILE" "segments/gate-1/2026-03-01/gate-1-00000002.mp4" \
    "segments/gate-1/2026-03-01/gate-1-00000003.mp4" "$T/bad.tar"
expect_status 1 "$VIGIL" verify "$T/bad.tar"
expect_err "segments/gate-1/2026-03-01/gate-1-00000002.mp4 is not where the manifest puts it"
ssh-keygen -q -t ed25519 -N "" -f "$T/other" </dev/null
expect_status 1 "$VIGIL" verify "$FILE" --key "$T/other.pub"
expect_err "allowed_signers names the key $FP, not the pinned"
expect_status 2 "$VIGIL" verify "$FILE" --key "$T/missing.pub"
expect_err "--key: cannot read"
expect_status 2 "$VIGIL" verify
expect_err "usage: vigil verify FILE.tar [--key KEY]"

note "refused downloads: a guard, another liaison's export, paths out of the tree, uploads"
gov_state "$T/before"
expect_status 1 dl_sftp gu "get /exports/$NAME $T/dl/gu.tar"
expect_err "your roles cannot download the signed exports made for your requests"
expect_status 1 dl_scp_legacy gu "/exports/$NAME" "$T/dl/gu.tar"
expect_err "your roles cannot download the signed exports made for your requests"
expect_status 1 dl_scp_legacy liaison "/exports/$NAME2" "$T/dl/other.tar"
expect_err "no export \"$NAME2\" is yours to download"
expect_status 1 dl_sftp liaison "get /exports/$NAME2 $T/dl/other.tar"
expect_err "no export \"$NAME2\" is yours to download"
expect_status 1 dl_scp_legacy liaison "../../etc/passwd" "$T/dl/p"
expect_err "../../etc/passwd leads out of the download tree, which holds only /exports/"
expect_status 1 dl_sftp liaison "get /exports/../../etc/passwd $T/dl/p"
expect_err "leads out of the download tree, which holds only /exports/"
expect_status 1 dl_scp liaison "/etc/passwd" "$T/dl/p"
expect_err "/etc/passwd is not in the download tree, which holds only /exports/"
expect_status 1 dl_scp_legacy liaison "/etc/passwd" "$T/dl/p"
expect_err "/etc/passwd is not in the download tree, which holds only /exports/"
expect_status 1 up_scp_legacy liaison "$T/dl/scp.tar" "/exports/"
expect_err "uploads are refused: the download tree is read-only"
expect_status 1 up_scp liaison "$T/dl/scp.tar" "/exports/up.tar"
expect_err "uploads are refused: the download tree is read-only"
expect_status 1 dl_sftp liaison "put $T/dl/scp.tar /exports/up.tar"
expect_err "uploads are refused: the download tree is read-only"
expect_status 1 dl_sftp liaison "rm /exports/$NAME"
expect_err "the download tree is read-only: nothing can be written, renamed, removed or linked"
expect_status 1 dl_sftp liaison "rename /exports/$NAME /exports/x.tar"
expect_err "the download tree is read-only"
expect_status 1 dl_sftp liaison "mkdir /exports/d"
expect_status 1 dl_sftp liaison "ln -s /exports/$NAME /exports/l"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
[ ! -e "$T/site/exports/up.tar" ] && [ -f "$FILE" ] || fail "the tree changed"
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'ssh.refuse' AND detail LIKE '%upload%'")" -ge 3 ] ||
    fail "refused uploads are not audited"

note "a revoked export is refused and its file removed"
refuse 1 "your roles cannot make signed exports of footage" liaison export revoke \
    "$NAME2" --reason x
refuse 2 "--reason is required" it export revoke "$NAME2"
ok it export revoke "$NAME2" --reason "made for the wrong officer"
audited export.revoke "$R-E2"
[ ! -e "$T/site/exports/$NAME2" ] || fail "the revoked export's file is still there"
[ "$(sql "SELECT detail FROM audit WHERE action = 'export.remove' AND object = '$R-E2'")" = \
    "reason=revoked; file=$NAME2; bytes=$(sql "SELECT bytes FROM exports WHERE name = '$R-E2'"); downloads=0" ] ||
    fail "the removal is not audited"
gov_state "$T/before"
expect_status 1 dl_sftp liaison2 "get /exports/$NAME2 $T/dl/r.tar"
expect_err "$NAME2 was revoked on 2026-03-02 09:00:00: made for the wrong officer"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
refuse 1 "$NAME2 is revoked and can no longer be revoked" it export revoke "$NAME2" --reason x

note "an export expires exports.keep_days (14) after it was made; the server removes it"
clock_days 15
serve_stop
# A fresh log for the new server (serve_start reads the port from it); the old one must
# hold no sanitizer report.
if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$SERVE_LOG"; then
	fail "the server reported a sanitizer error: $(grep -A20 -E 'Sanitizer|runtime error' "$SERVE_LOG" | head -n 40)"
fi
mv "$SERVE_LOG" "$T/serve-before-expiry.log"
serve_start
[ ! -e "$FILE" ] || fail "the expired export's file is still there"
audited export.remove "$R-E1"
[ "$(sql "SELECT actor || ' ' || substr(detail, 1, 14) FROM audit WHERE action = 'export.remove' AND object = '$R-E1'")" = \
    "vigil-serve reason=expired" ] || fail "the expiry is not audited as the server's"
gov_state "$T/before"
expect_status 1 dl_scp_legacy liaison "/exports/$NAME" "$T/dl/late.tar"
expect_err "$NAME expired on 2026-03-16 09:00:00 (exports can be downloaded for 14 days)"
gov_state "$T/after"
assert_same_db "$T/before" "$T/after"
ok it exports --json
json_check 'sorted((e["name"], e["state"]) for e in d)==[("'"$NAME"'","expired"),("'"$NAME2"'","revoked")]'
ok liaison exports
expect_out "expired"
# The footage it came from is untouched: only the copy expires.
[ "$(sql "SELECT COUNT(*) FROM segments")" = 12 ] || fail "footage went with the export"
expect_status 0 "$VIGIL" admin footage verify
expect_status 0 "$VIGIL" admin audit verify
