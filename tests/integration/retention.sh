# retention.sh — injected clock: only expired, unheld footage goes; a dry run deletes nothing.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-rtsp.sh"
rec_site
"$VIGIL" admin config set recorder.retention_interval_s 10 >/dev/null
sim_start a gate=h264
cam_add gate "$(sim_url a gate)"					# 30 days
cam_add vault "$(sim_url a gate)" --zone key_location		# 90 days (policy minimum)
rec_start
wait_segments gate 4
wait_segments vault 4
rec_stop
STORE="$T/site/storage"
DAY=86400
files() {
	(cd "$STORE" && find . -name '*.mp4' | sort)
}
files >"$T/files.before"
n_gate=$(segments gate)

note "a dry run as of 31 days on lists gate's footage and deletes nothing"
as_of=$(date -u -d "@$(( $(date +%s) + 31 * DAY ))" '+%Y-%m-%d %H:%M:%S')
db_snapshot "$T/db.before"
expect_status 0 "$VIGIL" admin retention run --dry-run --as-of "$as_of"
expect_out "gate: would delete $n_gate segments"
expect_no_out "vault:"
expect_out "nothing was changed"
db_snapshot "$T/db.after"
assert_same_db "$T/db.before" "$T/db.after"
files | cmp -s - "$T/files.before" || fail "a dry run changed the storage"

note "--as-of is for previews only"
expect_status 2 "$VIGIL" admin retention run --as-of "$as_of"
expect_err "--as-of only previews"
db_snapshot "$T/db.after"
assert_same_db "$T/db.before" "$T/db.after"

note "31 days on: gate's expired segments go, a held range stays, the vault (90 days) stays"
s2=$(sql "SELECT start_us FROM segments WHERE camera = 'gate' AND seq = 2")
e2=$(sql "SELECT end_us FROM segments WHERE camera = 'gate' AND seq = 2")
p2=$(sql "SELECT path FROM segments WHERE camera = 'gate' AND seq = 2")
# The hold row is written by a test helper: placing holds is governance's (core/holds.c).
hold_add gate $((s2 + 100000)) $((e2 - 100000))
echo "+$((31 * DAY))" >"$T/clock"
expect_status 0 env VIGIL_CLOCK_FILE="$T/clock" "$VIGIL" admin retention run
expect_out "gate: deleted $((n_gate - 1)) segments"
expect_out "gate: 1 expired segments kept by holds"
[ "$(segments gate)" = 1 ] || fail "gate has $(segments gate) segments left, wanted the held one"
[ "$(sql "SELECT seq FROM segments WHERE camera = 'gate'")" = 2 ] || fail "the held segment went"
[ -f "$STORE/$p2" ] || fail "the held segment's file went"
[ "$(segments vault)" = "$(grep -c '/vault/' "$T/files.before")" ] || fail "vault footage inside retention went"
[ "$(files | grep -c '/gate/')" = 1 ] || fail "expired gate files are still on disk"
detail=$(sql "SELECT detail FROM audit WHERE action = 'retention.purge' AND object = 'gate'")
case $detail in
"segments=$((n_gate - 1)); bytes="*"; seq=1-$n_gate; cut_chain="*"held=1; requested=0") ;;
*) fail "the purge's audit entry lacks counts, bytes or the chain cut: $detail" ;;
esac
expect_status 0 "$VIGIL" admin footage verify	# the cut is recorded: the chain still checks
expect_status 0 "$VIGIL" admin audit verify

note "the recorder's own pass deletes the segment once its hold is released"
sql "UPDATE holds SET released_us = $(now_us)"
rec_start VIGIL_CLOCK_FILE="$T/clock"
wait_for 60 sql_is "SELECT COUNT(*) FROM segments WHERE camera = 'gate' AND seq = 2" 0 ||
	fail "the recorder's retention pass did not delete the released segment: $(tail -n 5 "$T/rec.log")"
grep -q "retention: deleted 1 expired segments" "$T/rec.log" || fail "$(cat "$T/rec.log")"
[ ! -f "$STORE/$p2" ] || fail "its file is still there"
[ "$(sql "SELECT COUNT(*) FROM segments WHERE camera = 'vault' AND seq <= 4")" = 4 ] ||
	fail "the recorder deleted vault footage inside its 90 days"
rec_stop
expect_status 0 "$VIGIL" admin footage verify

note "91 days on: the vault's first recordings go; its recordings from day 31 are inside 90 days"
echo "+$((91 * DAY))" >"$T/clock"
n_vault_old=$(grep -c '/vault/' "$T/files.before")
expect_status 0 env VIGIL_CLOCK_FILE="$T/clock" "$VIGIL" admin retention run
expect_out "vault: deleted $n_vault_old segments"
[ "$(sql "SELECT COUNT(*) FROM segments WHERE camera = 'vault' AND seq <= $n_vault_old")" = 0 ] ||
	fail "expired vault segments are left"
[ "$(sql "SELECT COUNT(*) FROM segments WHERE camera = 'vault' AND seq > $n_vault_old")" -ge 1 ] ||
	fail "vault footage from day 31 went at day 91"
[ "$(segments gate)" = 0 ] || fail "gate footage from day 31 (60 days old) is still there"
expect_status 0 "$VIGIL" admin footage verify
