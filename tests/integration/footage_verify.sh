# footage_verify.sh — footage verify names every deleted, altered or unknown segment.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
sim_start a gate=h264
cam_add gate "$(sim_url a gate)"
cam_add yard "$(sim_url a gate)"
rec_start
wait_segments gate 4
wait_segments yard 4
rec_stop
STORE="$T/site/storage"
p2=$(sql "SELECT path FROM segments WHERE camera = 'gate' AND seq = 2")
p3=$(sql "SELECT path FROM segments WHERE camera = 'gate' AND seq = 3")
cp -p "$STORE/$p2" "$T/p2.bak"
cp -p "$STORE/$p3" "$T/p3.bak"

note "intact footage verifies"
expect_status 0 "$VIGIL" admin footage verify
expect_out "footage ok: $(sql "SELECT COUNT(*) FROM segments") segments"

note "a deleted file is named"
rm "$STORE/$p2"
expect_status 1 "$VIGIL" admin footage verify
expect_out "missing: camera gate seq 2: $p2 is not on disk"
expect_err "footage verification FAILED: 1 problems"
cp -p "$T/p2.bak" "$STORE/$p2"

note "an altered file is named, even at the same size"
python3 - "$STORE/$p3" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(2000)
    b = f.read(1)
    f.seek(2000)
    f.write(bytes([b[0] ^ 0xff]))
EOF
expect_status 1 "$VIGIL" admin footage verify
expect_out "altered: camera gate seq 3: $p3 does not match its SHA-256"
cp -p "$T/p3.bak" "$STORE/$p3"

note "a file the index does not know is named"
stray="gate/$(basename "$(dirname "$p2")")/gate-00000099.mp4"
cp "$T/p2.bak" "$STORE/$stray"
expect_status 1 "$VIGIL" admin footage verify
expect_out "unindexed: $stray is in storage but not in the index"
rm "$STORE/$stray"

note "a row deleted from the index (with its file) is named"
cp "$DB" "$T/db.bak"
sql "DELETE FROM segments WHERE camera = 'yard' AND seq = 2"
expect_status 1 "$VIGIL" admin footage verify
expect_out "removed: camera yard seq 2-2"
cp "$T/db.bak" "$DB"
rm -f "$DB-wal" "$DB-shm"
expect_status 0 "$VIGIL" admin footage verify

note "deleting the newest segment with its row is caught by the heads in the audit log"
last=$(sql "SELECT MAX(seq) FROM segments WHERE camera = 'yard'")
plast=$(sql "SELECT path FROM segments WHERE camera = 'yard' AND seq = $last")
[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = 'footage.heads'")" -ge 1 ] ||
	fail "the recorder did not record its chain heads when it stopped"
sql "DELETE FROM segments WHERE camera = 'yard' AND seq = $last"
mv "$STORE/$plast" "$T/plast.bak"
expect_status 1 "$VIGIL" admin footage verify
expect_out "removed: camera yard seq $last, recorded in the audit log on"
cp "$T/db.bak" "$DB"
rm -f "$DB-wal" "$DB-shm"
mv "$T/plast.bak" "$STORE/$plast"
expect_status 0 "$VIGIL" admin footage verify

note "--camera and --from/--to limit the check"
rm "$STORE/$p2"
expect_status 0 "$VIGIL" admin footage verify --camera yard
expect_out "on 1 cameras"
start2=$(sql "SELECT start_us / 1000000 FROM segments WHERE camera = 'gate' AND seq = 2")
t_before=$(date -u -d "@$((start2 - 120))" '+%Y-%m-%d %H:%M:%S')
t_after=$(date -u -d "@$((start2 - 60))" '+%Y-%m-%d %H:%M:%S')
expect_status 0 "$VIGIL" admin footage verify --camera gate --from "$t_before" --to "$t_after"
expect_status 1 "$VIGIL" admin footage verify --camera gate --from "$t_before"
expect_out "missing: camera gate seq 2"
cp -p "$T/p2.bak" "$STORE/$p2"

note "bad requests are refused with a reason and change nothing"
db_snapshot "$T/before"
expect_status 1 "$VIGIL" admin footage verify --camera nowhere
expect_err 'no camera "nowhere"'
expect_status 2 "$VIGIL" admin footage verify --from "$t_after" --to "$t_before"
expect_err "is not after --from"
expect_status 2 "$VIGIL" admin footage verify --from yesterday
expect_err '"yesterday" is not a time'
expect_status 2 "$VIGIL" admin segments list
expect_err "--camera is required"
expect_status 1 "$VIGIL" admin segments list --camera nowhere
expect_err 'no camera "nowhere"'
db_snapshot "$T/after"
assert_same_db "$T/before" "$T/after"

note "a forged footage.heads entry covering a deleted segment is caught by both verifications"
# (issue 16 item 3) the newest yard segment goes with its row and file, and a heads entry
# that says yard ends one segment earlier is appended, linked and hashed like the real one.
cp "$DB" "$T/db.bak2"
last=$(sql "SELECT MAX(seq) FROM segments WHERE camera = 'yard'")
plast=$(sql "SELECT path FROM segments WHERE camera = 'yard' AND seq = $last")
sql "DELETE FROM segments WHERE camera = 'yard' AND seq = $last"
mv "$STORE/$plast" "$T/plast.bak"
/usr/bin/python3 - "$DB" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
heads = "; ".join("%s=%d:%s" % (c, q, h[:16]) for c, q, h in db.execute(
    "SELECT s.camera, s.seq, s.chain FROM segments s WHERE s.seq = (SELECT MAX(seq) FROM "
    "segments WHERE camera = s.camera) ORDER BY s.camera"))
pid, prev, ts = db.execute("SELECT id, hash, ts_us FROM audit ORDER BY id DESC LIMIT 1").fetchone()
i, ts = pid + 1, ts + 1
f = [str(i), str(ts), "entry", "vigil-recorder", "footage.heads", "segments", heads, "vigil-recorder"]
canon = "vigil-audit-v1\n" + "".join("%d:%s\n" % (len(x.encode()), x) for x in f)
h = hashlib.sha256(bytes.fromhex(prev) + canon.encode()).hexdigest()
db.execute("INSERT INTO audit (id, ts_us, kind, actor, action, object, detail, source, prev_hash,"
           " hash, sig) VALUES (?,?,?,?,?,?,?,?,?,?,'')", (i, ts, *f[2:], prev, h))
db.commit()
PY
expect_status 1 "$VIGIL" admin footage verify
expect_out "chain heads refused: the newest footage.heads entry of the audit log does not verify"
expect_status 1 "$VIGIL" admin audit verify
expect_err "carries no signature"
cp "$T/db.bak2" "$DB"
rm -f "$DB-wal" "$DB-shm"
mv "$T/plast.bak" "$STORE/$plast"
expect_status 0 "$VIGIL" admin footage verify
