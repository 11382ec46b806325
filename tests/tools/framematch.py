#!/usr/bin/python3
# framematch.py — does a camera's recording hold exactly the pictures and sound of its clip?
#
#   framematch.py --clip CLIP --storage DIR --connections N [--gaps] [--leading N]
#                 [--sync-kept] SEGMENTS
#
# SEGMENTS is a file of "path|start_us|end_us" lines, one per segment in sequence
# order (paths relative to DIR).  The clip is what the simulated camera played
# from its start on every connection.  Checks, printing what is wrong:
#   - every segment decodes with `ffmpeg -v error` printing nothing;
#   - every decoded picture (ffmpeg -f framemd5) is a picture of the clip, and
#     within one connection they follow each other with no picture missing,
#     repeated or out of order, across segment boundaries too;
#   - each picture's presentation time (segment start in the index plus its pts
#     in the file) is as far from the one before as in the clip;
#   - the same for the audio packets (stream copied, so compared byte for byte),
#     and audio stays where it was against the pictures;
#   - there are exactly N runs (connections), each starting a new segment.
# With --sync-kept, sound must stay where the first segment had it against the
# pictures (for clips whose sound the simulator itself places a little off).
# With --gaps, pictures may be missing anywhere (never repeated or out of order);
# the time across a gap is still the clip's.  With --leading N, up to N pictures
# may be missing where a segment starts, and nowhere else: an open GOP's leading
# (RASL) pictures, which refer to the GOP before the segment's first keyframe.
# A run may end with a few pictures of its last GOP missing: B-frames that come
# after the last picture received in decoding order had not been sent when the
# connection or the recorder stopped.
# Exit 0 when all holds, 1 otherwise.
import argparse
import subprocess
import sys

TOL_S = 50e-6	# index times are whole microseconds
TAIL = 8	# pictures at the end of a run that may be missing (see above)


def framemd5(path, kind):
    """[(seconds, md5)] of a file's first video (decoded) or audio (packets) stream."""
    if kind == "v":
        # the decoded pictures keep the stream's time base, not 1/frame rate
        args = ["-map", "0:v:0", "-enc_time_base", "-1", "-f", "framemd5", "-"]
    else:
        args = ["-map", "0:a:0", "-c", "copy"]
        if path.endswith(".ts"):
            args += ["-bsf:a", "aac_adtstoasc"]
        args += ["-f", "framemd5", "-"]
    r = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-copyts", "-i", path] + args,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("framematch: ffmpeg failed on %s: %s" % (path, r.stderr.strip()))
    tb = None
    out = []
    for line in r.stdout.splitlines():
        if line.startswith("#tb 0:"):
            num, den = line.split(":", 1)[1].strip().split("/")
            tb = int(num) / int(den)
        elif line and not line.startswith("#"):
            f = [x.strip() for x in line.split(",")]
            out.append((int(f[2]) * tb, f[5]))
    return out


def has_audio(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
                        "stream=index", "-of", "csv=p=0", path], capture_output=True, text=True)
    return r.stdout.strip() != ""


class Checker:
    def __init__(self):
        self.problems = []

    def bad(self, msg):
        if len(self.problems) < 20:
            print("FAIL: " + msg)
        self.problems.append(msg)


def index_of(source, what):
    idx = {}
    for i, (_, h) in enumerate(source):
        if h in idx:
            sys.exit("framematch: the clip repeats a %s (%s): choose one whose frames differ"
                     % (what, h))
        idx[h] = i
    return idx


def step(source, i):
    """Clip time from item i to i+1 (the simulator loops with continuous timestamps)."""
    if i + 1 < len(source):
        return source[i + 1][0] - source[i][0]
    return source[1][0] - source[0][0]


def tail_skip(items, where, k, n, a, b):
    """A skip forward at k inside the last few items of the last segment of a run."""
    seg = items[k][0]
    last = k
    while last + 1 < len(items) and items[last + 1][0] == seg:
        last += 1
    if last - k + 1 > TAIL or not 0 < (b - a) % n <= TAIL:
        return False
    if last + 1 == len(items):
        return True
    nxt, end = where[last + 1], where[last]
    return nxt is None or end is None or nxt != (end + 1) % n


def walk(ck, kind, source, items, connections, gaps=False, leading=0):
    """items: [(seg_no, seconds, md5)] in recording order; returns the clip index of each."""
    idx = index_of(source, "picture" if kind == "v" else "audio packet")
    n = len(source)
    where = []
    for seg, t, h in items:
        if h not in idx:
            ck.bad("%s: %s item at %.6f s of segment %d is not in the clip" % (kind, kind, t, seg))
            where.append(None)
        else:
            where.append(idx[h])
    breaks = 0
    for k in range(1, len(items)):
        a, b = where[k - 1], where[k]
        (sa, ta, _), (sb, tb, _) = items[k - 1], items[k]
        if a is None or b is None:
            continue
        if b == (a + 1) % n:
            want = step(source, a)
            if abs((tb - ta) - want) > TOL_S:
                ck.bad("%s: clip items %d -> %d are %.6f s apart in the recording, %.6f s in "
                       "the clip (segments %d -> %d)" % (kind, a, b, tb - ta, want, sa, sb))
            continue
        seam = sa != sb and 0 < (b - a) % n - 1 <= leading
        if (gaps and 0 < (b - a) % n < n // 2) or seam:
            want = source[b][0] - source[a][0] if b > a else step(source, a) * ((b - a) % n)
            if abs((tb - ta) - want) > TOL_S:
                ck.bad("%s: across a gap, clip items %d -> %d are %.6f s apart in the "
                       "recording, %.6f s in the clip" % (kind, a, b, tb - ta, want))
            continue
        if sa == sb:
            if not tail_skip(items, where, k, n, a, b):
                ck.bad("%s: inside segment %d the recording goes from clip item %d to %d"
                       % (kind, sa, a, b))
            continue
        breaks += 1
        if tb <= ta:
            ck.bad("%s: segment %d starts at %.6f s, before segment %d's last item at %.6f s"
                   % (kind, sb, tb, sa, ta))
    if breaks != connections - 1:
        ck.bad("%s: %d runs of consecutive items, wanted %d (one per connection)"
               % (kind, breaks + 1, connections))
    return where


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clip", required=True)
    ap.add_argument("--storage", required=True)
    ap.add_argument("--connections", type=int, default=1)
    ap.add_argument("--gaps", action="store_true")
    ap.add_argument("--leading", type=int, default=0)
    ap.add_argument("--sync-kept", action="store_true")
    ap.add_argument("segments")
    a = ap.parse_args()
    ck = Checker()
    audio = has_audio(a.clip)
    src_v = framemd5(a.clip, "v")
    src_a = framemd5(a.clip, "a") if audio else []
    vitems, aitems = [], []
    nseg = 0
    for line in open(a.segments):
        if not line.strip():
            continue
        path, start_us, _ = line.strip().split("|")
        full = a.storage + "/" + path
        nseg += 1
        r = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", full, "-f", "null", "-"],
                           capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip():
            ck.bad("segment %d (%s) does not decode cleanly: %s"
                   % (nseg, path, r.stderr.strip()[:300]))
        t0 = int(start_us) / 1e6
        v = framemd5(full, "v")
        if not v:
            ck.bad("segment %d (%s) holds no picture" % (nseg, path))
        vitems += [(nseg, t0 + t, h) for t, h in v]
        if audio:
            aitems += [(nseg, t0 + t, h) for t, h in framemd5(full, "a")]
    vw = walk(ck, "v", src_v, vitems, a.connections, a.gaps, a.leading)
    if audio:
        if not aitems:
            ck.bad("the clip has sound and the recording none")
        aw = walk(ck, "a", src_a, aitems, a.connections, a.gaps)
        sync(ck, src_v, src_a, vitems, vw, aitems, aw, a.sync_kept)
    print("framematch: %d segments, %d pictures, %d audio packets, %d problems"
          % (nseg, len(vitems), len(aitems), len(ck.problems)))
    sys.exit(1 if ck.problems else 0)


def sync(ck, src_v, src_a, vitems, vw, aitems, aw, kept):
    """Each segment's audio sits against its pictures as it did in the clip (or,
    kept, as in the first segment)."""
    first_v = {}
    for (seg, t, _), w in zip(vitems, vw):
        if seg not in first_v and w is not None:
            first_v[seg] = (t, w)
    worst = 0.0
    base = None
    for (seg, t, _), w in zip(aitems, aw):
        if w is None or seg not in first_v:
            continue
        vt, vi = first_v[seg]
        off = (t - vt) - (src_a[w][0] - src_v[vi][0])
        if kept:
            base = off if base is None else base
            off -= base
        worst = max(worst, abs(off))
    print("framematch: audio against pictures: off by at most %.3f ms" % (worst * 1e3))
    if worst > 0.001:
        ck.bad("audio is %.3f ms away from where it was against the pictures" % (worst * 1e3))


main()
