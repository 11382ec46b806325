# console_hangup.sh — a console whose terminal goes away ends, even when no SIGHUP
# reaches it (the pty was not its controlling terminal): it must not spin redrawing
# for nobody.
# timeout: 120
. "$SRC/tests/lib.sh"
new_site
keygen g
"$VIGIL" admin user add gary --name Gary --role staff --key "$T/g.pub" >/dev/null

/usr/bin/python3 - "$VIGIL" "$T" <<'PY'
import os, subprocess, sys, time
vigil, tmp = sys.argv[1], sys.argv[2]
master, slave = os.openpty()
# Not a new session: the pty never becomes the console's controlling terminal,
# so closing the master sends it no SIGHUP.
p = subprocess.Popen([vigil, "console", "--user", "gary"], stdin=slave, stdout=slave,
                     stderr=slave, env=dict(os.environ, TERM="xterm"), close_fds=True)
os.close(slave)
out = b""
deadline = time.time() + 60
while b"Gary" not in out and time.time() < deadline:
    try:
        out += os.read(master, 65536)
    except OSError:
        break
if b"Gary" not in out:
    p.kill()
    sys.exit("the console never drew its home screen: %r" % out[-400:])
os.close(master)
try:
    p.wait(timeout=45)
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit("the console kept running after its terminal went away")
print("console ended with status", p.returncode)
PY
