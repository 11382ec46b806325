# ssh_flood.sh — a pre-login flood from one address (127.0.0.2, then 127.0.0.1: slow connections that never
# finish the key exchange, and a burst of hundreds of connects) does not keep a user at
# another address (127.0.0.1, then 127.0.0.2) out; the flooding address holds at most
# ssh.per_source_max_startups places, and once its connections keep timing out it is
# refused outright (ssh.per_source_penalties) (issue 16 item 4).  Before, ten slow
# connections filled ssh.max_startups and nobody could log in.
# timeout: 300
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

new_site
key_user bob staff "Bob Lee"
pw_user carol staff "Carol Chan" "another good password"
"$VIGIL" admin config set ssh.kex_timeout_s 5 >/dev/null
[ "$("$VIGIL" admin config get ssh.max_startups)" = 10:30:100 ] || fail "max_startups default"
[ "$("$VIGIL" admin config get ssh.per_source_max_startups)" = 8 ] || fail "per-source default"
SSH_PENALTIES=on serve_start

note "the flood from 127.0.0.2 runs in the background until told to stop"
cat >"$T/flood.py" <<'PY'
import json, os, socket, sys, threading, time
port, tmp, src = int(sys.argv[1]), sys.argv[2], sys.argv[3]
stop = tmp + "/flood.stop"
st = {"slow_banners": 0, "held_max": 0, "dropped": 0, "bursts": 0}
held = []
lock = threading.Lock()

def conn():
    s = socket.socket()
    s.bind((src, 0))
    s.settimeout(30)
    s.connect(("127.0.0.1", port))
    return s

def banner(s):
    """The server's version line, or None when it closed at once (dropped)."""
    try:
        line = s.makefile("rb").readline()
    except OSError:
        return None
    return line if line.startswith(b"SSH-2.0-") else None

def prune():
    """Forgets the held connections the server closed (call with the lock held)."""
    for s in list(held):
        try:
            s.setblocking(False)
            if s.recv(1) == b"":
                raise OSError("closed")
        except BlockingIOError:
            pass
        except OSError:
            held.remove(s)
            s.close()

def slow():
    # Slowloris: take a place, say half a version line, then a byte now and then.
    # Closed places are forgotten before each new one, so held counts what the
    # server holds open.
    while not os.path.exists(stop):
        with lock:
            prune()
            n = len(held)
        if n >= 30:
            time.sleep(0.2)
            continue
        try:
            s = conn()
        except OSError:
            time.sleep(0.1)
            continue
        if banner(s) is None:
            with lock:
                st["dropped"] += 1
            s.close()
            time.sleep(0.1)
            continue
        s.sendall(b"SSH-2.0-")
        with lock:
            st["slow_banners"] += 1
            held.append(s)
            st["held_max"] = max(st["held_max"], len(held))

def trickle():
    while not os.path.exists(stop):
        with lock:
            prune()
            for s in list(held):
                try:
                    s.send(b"x")
                except OSError:
                    held.remove(s)
                    s.close()
        time.sleep(0.5)

def burst():
    # After the slow connections took their places: the burst's own dropped
    # connections soon get the address penalised, which would keep them out.
    t0 = time.time()
    while st["held_max"] < 8 and time.time() - t0 < 60 and not os.path.exists(stop):
        time.sleep(0.1)
    while not os.path.exists(stop):
        for _ in range(200):
            try:
                s = conn()
            except OSError:
                continue
            if banner(s) is None:
                with lock:
                    st["dropped"] += 1
            s.close()
        with lock:
            st["bursts"] += 1
        time.sleep(1)

threads = [threading.Thread(target=f, daemon=True) for f in (slow, trickle, burst)]
for t in threads:
    t.start()
while not os.path.exists(stop):
    with lock:
        json.dump(st, open(tmp + "/flood.json.new", "w"))
    os.rename(tmp + "/flood.json.new", tmp + "/flood.json")
    time.sleep(0.3)
with lock:
    json.dump(st, open(tmp + "/flood.json", "w"))
PY
# flood_start ADDRESS : the flood from ADDRESS, against the server now running.
flood_start() {
	rm -f "$T/flood.stop" "$T/flood.json"
	/usr/bin/python3 "$T/flood.py" "$SSH_PORT" "$T" "$1" &
	flood_pid=$!
	trap 'st=$?; touch "$T/flood.stop"; wait "$flood_pid" 2>/dev/null; (exit $st); cleanup_ssh' EXIT
}
flood_start 127.0.0.2
flood() {
	/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
		"$T/flood.json" "$1" 2>/dev/null || echo 0
}
# flood_ge KEY N : the flood's count KEY has reached N (asked again on every try).
flood_ge() {
	[ "$(flood "$1")" -ge "$2" ]
}
wait_for 60 flood_ge held_max 8 || fail "the slow connections never held 8 places"
wait_for 120 flood_ge bursts 1 || fail "the flood never got going"

note "under the flood, users at 127.0.0.1 log in with a key and with a password"
expect_status 0 ssh_key bob whoami
expect_out "bob (Bob Lee)"
expect_status 0 ssh_answer carol "another good password" whoami
expect_out "carol (Carol Chan)"
[ "$(flood bursts)" -ge 1 ] && [ ! -e "$T/flood.stop" ] || fail "the flood was not running"

note "127.0.0.2 never held more than ssh.per_source_max_startups (8) places"
[ "$(flood held_max)" -le 8 ] || fail "127.0.0.2 held $(flood held_max) places"
[ "$(flood dropped)" -ge 200 ] || fail "only $(flood dropped) connections were dropped"
grep -q "dropped connection from 127.0.0.2:[0-9]*: its address already has 8 connections" \
	"$SERVE_LOG" || fail "no per-source drop in the log"

note "its slow connections time out (ssh.kex_timeout_s), and it is refused outright"
wait_for 120 grep -q "127.0.0.2 is refused for" "$SERVE_LOG" || fail "127.0.0.2 was not penalised"
grep -q "no key exchange within 5 s (ssh.kex_timeout_s)" "$SERVE_LOG" ||
	fail "no key-exchange time-out in the log"
wait_sql 60 "SELECT COUNT(*) FROM audit WHERE action = 'ssh.penalty' AND detail LIKE
             '127.0.0.2 refused for % s after repeated grace-exceeded%'" 1 ||
	fail "the penalty was not audited once: $(sqlw "SELECT detail FROM audit
	      WHERE action = 'ssh.penalty'")"
wait_for 60 grep -q "dropped connection from 127.0.0.2:[0-9]*: its address is refused for" \
	"$SERVE_LOG" || fail "no penalty drop in the log"
touch "$T/flood.stop"
wait "$flood_pid" || fail "the flood script failed"
trap cleanup_ssh EXIT
/usr/bin/python3 - "$SSH_PORT" <<'PY' || fail "a connection from 127.0.0.2 was served while it is penalised"
import socket, sys
s = socket.socket()
s.bind(("127.0.0.2", 0))
s.settimeout(60)
s.connect(("127.0.0.1", int(sys.argv[1])))
try:
    data = s.recv(64)
except ConnectionResetError:
    data = b""
sys.exit(1 if data.startswith(b"SSH-") else 0)
PY

note "127.0.0.1 is not held responsible for 127.0.0.2"
expect_status 0 ssh_key bob whoami
expect_out "bob (Bob Lee)"
serve_alive || fail "the listener died"

note "the other way round, on a fresh server: a flood from 127.0.0.1, a login from 127.0.0.2"
serve_stop
SSH_PENALTIES=on serve_start
flood_start 127.0.0.1
wait_for 60 flood_ge held_max 8 || fail "the slow connections from 127.0.0.1 never held 8 places"
wait_for 120 flood_ge bursts 1 || fail "the flood from 127.0.0.1 never got going"
SSH_OPTS+=(-o BindAddress=127.0.0.2)
expect_status 0 ssh_key bob whoami
expect_out "bob (Bob Lee)"
grep -q "connection from 127\.0\.0\.2:[0-9]* (process" "$SERVE_LOG" ||
	fail "the login did not come from 127.0.0.2"
grep -q "dropped connection from 127.0.0.1:[0-9]*: its address already has 8 connections" \
	"$SERVE_LOG" || fail "no per-source drop of 127.0.0.1 in the log"
[ ! -e "$T/flood.stop" ] || fail "the flood was not running"
touch "$T/flood.stop"
wait "$flood_pid" || fail "the second flood script failed"
trap cleanup_ssh EXIT
serve_alive || fail "the listener died"
