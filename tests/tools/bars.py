#!/usr/bin/env python3
"""bars.py SHOT.ppm TOLERANCE X0 Y0 X1 Y1 [X0 Y0 X1 Y1 ...] — how many pixels of each
SMPTE colour bar (75 %: the 191 levels of the hpbars clip) fall within TOLERANCE of it
in each box of a binary PPM screenshot; one JSON object per box, one a line."""
import json
import sys

BARS = {"grey": (191, 191, 191), "yellow": (191, 191, 0), "cyan": (0, 191, 191),
        "green": (0, 191, 0), "magenta": (191, 0, 191), "red": (191, 0, 0),
        "blue": (0, 0, 191)}


def main():
    data = open(sys.argv[1], "rb").read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6" or parts[3] != b"255":
        sys.exit("not a binary 8-bit PPM: " + sys.argv[1])
    w, px = int(parts[1]), parts[4]
    tol = int(sys.argv[2])
    boxes = [int(v) for v in sys.argv[3:]]
    for b in range(0, len(boxes), 4):
        x0, y0, x1, y1 = boxes[b:b + 4]
        n = dict.fromkeys(BARS, 0)
        for y in range(y0, y1):
            row = px[(y * w + x0) * 3:(y * w + x1) * 3]
            for i in range(0, len(row), 3):
                r, g, bl = row[i], row[i + 1], row[i + 2]
                for name, (R, G, B) in BARS.items():
                    if abs(r - R) <= tol and abs(g - G) <= tol and abs(bl - B) <= tol:
                        n[name] += 1
        print(json.dumps(n))


main()
