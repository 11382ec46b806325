#!/usr/bin/python3
# pty-term.py — a scripted terminal for the tests: runs a command on a pseudo-terminal
# of a given size, answers the terminal queries a real one would (DA1 with the reply
# given, and nothing else), and keeps every byte the command wrote.
#
#   pty-term.py --cols 100 --rows 30 --da1 '?62;4;22c' --log FILE --script FILE -- CMD...
#
# The script has one step a line:
#   wait REGEX [SECONDS]   until the output since the last mark matches (bytes, Python re)
#   count REGEX N [SECONDS] until REGEX matches at least N times since the last mark
#   mark                   later waits and saves look only at output after this point
#   send TEXT              types TEXT (\e, \r, \t and \xNN escapes understood)
#   sleep SECONDS
#   save FILE              writes the output since the last mark to FILE
#   until SECONDS SHELL    until the shell command succeeds (the terminal keeps answering)
#   stat FILE              appends "CPU_TICKS OUTPUT_BYTES PICTURES TIME" for the command
#                          (user+system clock ticks, bytes and sixel/kitty images it
#                          wrote so far, seconds since the epoch): for benchmarks
#   exit [SECONDS]         waits for the command to end; prints "exit N"
# A step that times out prints the tail of the output and exits 3.  At the end the
# command is killed if it still runs.  --log keeps the whole output.
import argparse
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time


class Term:
    def __init__(self, argv, cols, rows, da1, env):
        self.out = bytearray()
        self.mark = 0
        self.answered = 0
        self.da1 = da1.encode()
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.status = None

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            self.reap(0.5)
            return
        self.out += data
        # Answer every DA1 query ("ESC [ c" or "ESC [ 0 c") the command sent.
        n = len(re.findall(rb"\x1b\[0?c", self.out))
        while self.answered < n:
            if self.da1:
                os.write(self.fd, b"\x1b[" + self.da1)
            self.answered += 1

    def reap(self, timeout):
        end = time.time() + timeout
        while self.status is None and time.time() < end:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(st)
                return
            time.sleep(0.05)

    def since(self):
        return bytes(self.out[self.mark:])

    def until(self, pred, seconds, what):
        end = time.time() + seconds
        while time.time() < end:
            if pred():
                return
            if self.status is not None:
                break
            self.pump(0.1)
        if pred():
            return
        tail = self.since()[-1500:]
        sys.stderr.write("pty-term: timed out waiting for %s; output tail: %r\n" % (what, tail))
        self.kill()
        sys.exit(3)

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            self.reap(3)
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            self.reap(3)


def unescape(s):
    return codecs.escape_decode(s.replace("\\e", "\\x1b").encode())[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--da1", default="?62;22c")
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--log")
    ap.add_argument("--script", required=True)
    ap.add_argument("argv", nargs="+")
    a = ap.parse_args()
    env = dict(os.environ, TERM=a.term)
    t = Term(a.argv, a.cols, a.rows, a.da1, env)
    try:
        for line in open(a.script):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            if word == "wait":
                pat, _, secs = rest.rpartition(" ") if re.search(r" \d+$", rest) else (rest, "", "60")
                rx = re.compile(unescape(pat))
                t.until(lambda: rx.search(t.since()), float(secs), pat)
            elif word == "count":
                parts = rest.rsplit(" ", 2)
                rx = re.compile(unescape(parts[0]))
                n, secs = int(parts[1]), float(parts[2]) if len(parts) > 2 else 60.0
                t.until(lambda: len(rx.findall(t.since())) >= n, secs, parts[0])
            elif word == "mark":
                t.pump(0)
                t.mark = len(t.out)
            elif word == "send":
                os.write(t.fd, unescape(rest))
            elif word == "sleep":
                end = time.time() + float(rest)
                while time.time() < end:
                    t.pump(max(0.0, min(0.1, end - time.time())))
            elif word == "save":
                t.pump(0)
                with open(rest, "wb") as f:
                    f.write(t.since())
            elif word == "until":
                secs, _, cmd = rest.partition(" ")
                ok = lambda: subprocess.run(cmd, shell=True).returncode == 0
                t.until(ok, float(secs), cmd)
            elif word == "stat":
                t.pump(0)
                f = open("/proc/%d/stat" % t.pid).read().rsplit(")", 1)[1].split()
                pics = len(re.findall(rb"\x1bP[0-9;]*q|\x1b_Ga=T", t.out))
                with open(rest, "a") as out:
                    out.write("%d %d %d %.3f\n" % (int(f[11]) + int(f[12]), len(t.out), pics,
                                                     time.time()))
            elif word == "exit":
                secs = float(rest) if rest else 60.0
                t.until(lambda: t.status is not None, secs, "the command to end")
                print("exit %d" % t.status)
            else:
                sys.exit("pty-term: unknown step %r" % line)
    finally:
        t.kill()
        if a.log:
            with open(a.log, "wb") as f:
                f.write(bytes(t.out))


if __name__ == "__main__":
    main()
