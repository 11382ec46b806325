#!/usr/bin/python3
# tarblocks.py — rearranges a tar's members as raw blocks, headers copied byte for byte,
# so that a test can damage an export in one way only.
#
#   tarblocks.py drop TAR NAME OUT      every member but the one whose name ends in /NAME
#   tarblocks.py swap TAR A B OUT       members A and B change places
import sys
import tarfile


def members(path):
    with open(path, "rb") as f:
        data = f.read()
    out = []
    with tarfile.open(path) as t:
        for m in t.getmembers():
            end = m.offset_data + ((m.size + 511) // 512) * 512
            out.append((m.name, data[m.offset:end]))
    return out


def write(path, blocks):
    with open(path, "wb") as f:
        for _, b in blocks:
            f.write(b)
        f.write(b"\0" * 1024)


def find(blocks, name):
    for i, (n, _) in enumerate(blocks):
        if n.endswith("/" + name):
            return i
    sys.exit("tarblocks.py: no member %s" % name)


def main():
    op, src = sys.argv[1], sys.argv[2]
    blocks = members(src)
    if op == "drop":
        del blocks[find(blocks, sys.argv[3])]
        write(sys.argv[4], blocks)
    elif op == "swap":
        i, j = find(blocks, sys.argv[3]), find(blocks, sys.argv[4])
        blocks[i], blocks[j] = blocks[j], blocks[i]
        write(sys.argv[5], blocks)
    else:
        sys.exit("tarblocks.py: unknown operation %s" % op)


if __name__ == "__main__":
    main()
