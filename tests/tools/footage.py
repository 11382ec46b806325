#!/usr/bin/python3
# footage.py — recorded footage for tests that need it at a given time: a clip cut into
# fragmented-MP4 segments (as the recorder writes them) and indexed with their hashes
# and chain links, as the recorder indexes them.
#
#   footage.py --site DIR --camera ID --start "YYYY-MM-DD HH:MM:SS" --segments N
#              --seconds S --clip FILE
#
# DIR is a site made by `vigil admin init` (storage/ and data/vigil.db, time zone UTC);
# the camera must exist.  Segments continue the camera's chain and sequence, one after
# the other from --start (UTC).  `vigil admin footage verify` checks what this writes.
import argparse
import datetime
import hashlib
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile

ZERO = "0" * 64


def link(prev, sha, seq, start, end):
    """DESIGN §5: SHA-256(prev_chain ‖ sha256 ‖ seq ‖ start_us ‖ end_us)."""
    h = hashlib.sha256()
    h.update(bytes.fromhex(prev) + bytes.fromhex(sha))
    h.update(struct.pack(">qqq", seq, start, end))
    return h.hexdigest()


def duration_us(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                          "-of", "csv=p=0", path], check=True, capture_output=True, text=True)
    return int(round(float(out.stdout.strip()) * 1e6))


def cut(clip, seconds, count, tmp):
    pattern = os.path.join(tmp, "seg%08d.mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                    "-stream_loop", "-1", "-i", clip, "-t", str(seconds * count),
                    "-map", "0", "-c", "copy", "-f", "segment",
                    "-segment_time", str(seconds), "-reset_timestamps", "1",
                    "-segment_format", "mp4", "-segment_format_options",
                    "movflags=empty_moov+default_base_moof+frag_keyframe", pattern],
                   check=True)
    return sorted(os.path.join(tmp, f) for f in os.listdir(tmp))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--camera", required=True)
    ap.add_argument("--start", required=True)
    ap.add_argument("--segments", type=int, required=True)
    ap.add_argument("--seconds", type=int, required=True)
    ap.add_argument("--clip", required=True)
    a = ap.parse_args()
    start = datetime.datetime.strptime(a.start, "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)
    t = int(start.timestamp()) * 1000000
    db = sqlite3.connect(os.path.join(a.site, "data", "vigil.db"), timeout=30)
    db.execute("PRAGMA foreign_keys = ON")
    row = db.execute("SELECT seq, chain FROM segments WHERE camera = ? ORDER BY seq DESC LIMIT 1",
                     (a.camera,)).fetchone()
    seq, prev = (row[0], row[1]) if row else (0, ZERO)
    with tempfile.TemporaryDirectory(dir=a.site) as tmp:
        files = cut(a.clip, a.seconds, a.segments, tmp)
        if len(files) < a.segments:
            sys.exit("footage.py: ffmpeg made %d segments, not %d" % (len(files), a.segments))
        for f in files[:a.segments]:
            seq += 1
            end = t + duration_us(f)
            day = datetime.datetime.fromtimestamp(t / 1e6, datetime.timezone.utc)
            rel = "%s/%s/%s-%08d.mp4" % (a.camera, day.strftime("%Y-%m-%d"), a.camera, seq)
            dest = os.path.join(a.site, "storage", rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.rename(f, dest)
            os.chmod(dest, 0o640)
            with open(dest, "rb") as fh:
                sha = hashlib.sha256(fh.read()).hexdigest()
            chain = link(prev, sha, seq, t, end)
            db.execute("INSERT INTO segments (camera, seq, start_us, end_us, path, bytes, sha256, "
                       "prev_chain, chain) VALUES (?,?,?,?,?,?,?,?,?)",
                       (a.camera, seq, t, end, rel, os.path.getsize(dest), sha, prev, chain))
            prev, t = chain, end
    db.commit()


if __name__ == "__main__":
    main()
