# ssh_limits.sh — what a logged-in client cannot do to the host (issue 16 items 1, 12): a
# window-change to 9999x9999 is clamped to 1000x1000 cells and the console stays under its
# memory limit (ssh.console_memory_mb, RLIMIT_AS); the server's banner names vigil only.
# timeout: 240
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user bob staff "Bob Lee"
serve_start

note "the banner says vigil, without a library or its version"
banner=$(/usr/bin/python3 - "$SSH_PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
print(s.makefile("rb").readline().decode("ascii", "replace").rstrip("\r\n"))
PY
)
[ "$banner" = "SSH-2.0-vigil" ] || fail "the banner is \"$banner\""

note "a 9999x9999 window-change: the console's terminal is 1000x1000, its memory bounded"
limit_kb=$(( $("$VIGIL" admin config get ssh.console_memory_mb) * 1024 ))
/usr/bin/python3 - "$T" "$SSH_PORT" "$limit_kb" "${SSH_OPTS[@]}" <<'PY'
import fcntl, os, re, select, signal, struct, subprocess, sys, termios, time
tmp, port, limit_kb, opts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]

def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

master, slave = os.openpty()
set_size(slave, 30, 100)
p = subprocess.Popen(["ssh", *opts, "-p", port, "-i", tmp + "/bob", "-tt", "bob@127.0.0.1"],
                     stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
                     env=dict(os.environ, TERM="xterm"))
os.close(slave)
out = bytearray()

def pump(seconds, until=None):
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                out.extend(os.read(master, 1 << 20))
            except OSError:
                return False
            del out[:-4096]
        if until is not None and until():
            return True
    return until is None

def console_pid():
    r = subprocess.run(["pgrep", "-f", "console --config .* --user bob"], capture_output=True,
                       text=True)
    pids = r.stdout.split()
    return int(pids[0]) if pids else None

def status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(key + r":\s+(\d+)", f.read()).group(1))

def fail(msg):
    p.kill()
    sys.exit("FAIL: " + msg)

if not pump(60, lambda: b"Bob Lee" in out and console_pid()):
    fail("the console never drew its home screen")
pid = console_pid()
with open("/proc/%d/limits" % pid) as f:
    m = re.search(r"Max address space\s+(\d+)", f.read())
if not m or int(m.group(1)) != limit_kb * 1024:
    fail("the console has no address-space limit of %d kB" % limit_kb)
# The window-change the client sends when its terminal is resized.
set_size(master, 9999, 9999)
p.send_signal(signal.SIGWINCH)
tty = os.readlink("/proc/%d/fd/0" % pid)
size = ""
def clamped():
    global size
    size = subprocess.run(["stty", "-F", tty, "size"], capture_output=True, text=True).stdout.strip()
    return size == "1000 1000"
if not pump(60, clamped):
    fail("the console's terminal is %r, not 1000 1000" % size)
peak = 0
for _ in range(25):            # five seconds of redrawing at that size
    pump(0.2)
    if not os.path.exists("/proc/%d" % pid):
        break
    peak = max(peak, status(pid, "VmHWM"))
if os.path.exists("/proc/%d" % pid):
    size_kb = status(pid, "VmPeak")
    if size_kb > limit_kb:
        fail("the console's address space reached %d kB, over %d kB" % (size_kb, limit_kb))
print("console at 1000x1000: peak resident %d kB, limit %d kB" % (peak, limit_kb))
if peak >= limit_kb:
    fail("the console used %d kB" % peak)
# Back to a normal size: the console is still there and usable.
set_size(master, 30, 100)
p.send_signal(signal.SIGWINCH)
out.clear()
if not pump(60, lambda: b"Bob Lee" in out):
    fail("the console did not come back at 100x30")
p.kill()
PY
