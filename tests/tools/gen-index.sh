#!/usr/bin/env bash
# gen-index.sh — fills a site's database with a long history of footage, as a big
# school's recorder would leave it, without footage files (for make bench-index, tests/bench/index).
#
#   gen-index.sh DB CAMERAS DAYS SEGMENT_S END_US
#
# Cameras cam-001... (already in the cameras table) each get DAYS days of
# SEGMENT_S-second segments ending at END_US, numbered after an earlier purge
# (a segment_cuts row for the first 30 days' worth), with the index rows the
# recorder writes: path, size, SHA-256, chain links (random, not a valid chain:
# footage verify is not what is measured).  Plus holds on a tenth of the
# cameras over expired and kept footage, released and active ones, and open
# requests.  Rows go in camera by camera in sequence order, as recording does.
set -euo pipefail
DB=$1 CAMS=$2 DAYS=$3 LEN=$4 END=$5
PER=$((DAYS * 86400 / LEN))
START=$((END - PER * LEN * 1000000))
SKIP=$((30 * 86400 / LEN))	# purged before the history begins
BYTES=$((LEN * 500000))		# 4 Mbit/s

sql() { sqlite3 -cmd ".timeout 60000" "$DB" "$@"; }
sql "PRAGMA journal_mode = WAL;" >/dev/null
for c in $(seq 1 "$CAMS"); do
	cam=$(printf 'cam-%03d' "$c")
	sql <<SQL
PRAGMA synchronous = OFF;
PRAGMA cache_size = -65536;
BEGIN;
INSERT INTO segment_cuts (camera, seq_from, seq_to, chain, segments, bytes, cut_us)
  VALUES ('$cam', 1, $SKIP, lower(hex(randomblob(32))), $SKIP, $((SKIP * BYTES)), $START);
WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $PER - 1)
INSERT INTO segments (camera, seq, start_us, end_us, path, bytes, sha256, prev_chain, chain,
    recovered, state)
SELECT '$cam', $SKIP + 1 + i, $START + i * ${LEN}000000, $START + (i + 1) * ${LEN}000000,
    '$cam/' || strftime('%Y-%m-%d', ($START + i * ${LEN}000000) / 1000000, 'unixepoch') ||
    '/$cam-' || printf('%08d', $SKIP + 1 + i) || '.mp4',
    $BYTES + abs(random() % 100000), lower(hex(randomblob(32))), lower(hex(randomblob(32))),
    lower(hex(randomblob(32))), 0, 'ok'
FROM k;
COMMIT;
SQL
	if [ $((c % 25)) = 0 ]; then echo "gen-index: $c of $CAMS cameras"; fi
done
# Holds: every tenth camera, 3 days of its oldest footage and a day of recent
# footage; every other one released since.  Open requests on a few cameras.
sql <<SQL
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 10 UNION ALL SELECT i + 10 FROM k WHERE i + 10 <= $CAMS)
INSERT INTO holds (category, reason, from_us, to_us, placed_us, until_us, released_us)
SELECT 'investigation', 'bench hold ' || i, $START + i * 3600000000,
    $START + i * 3600000000 + 3 * 86400000000, $START, NULL,
    CASE WHEN i % 20 = 0 THEN $END ELSE NULL END FROM k;
INSERT INTO hold_cameras (hold_id, camera)
  SELECT id, printf('cam-%03d', CAST(substr(reason, 12) AS INTEGER)) FROM holds
  WHERE reason LIKE 'bench hold %';
COMMIT;
SQL
echo "gen-index: $((CAMS * PER)) segments of $CAMS cameras over $DAYS days"
