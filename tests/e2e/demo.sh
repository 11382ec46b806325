# demo.sh — `make demo`'s script makes a site with one user per role, serves it, prints how
# to connect (and those instructions work), and stops everything when told to.
# timeout: 180
. "$SRC/tests/lib.sh"
. "$SRC/tests/lib-ssh.sh"

port=$(free_port)
rtsp=$(free_port)
DEMO_DIR="$T/demo" DEMO_LISTEN="127.0.0.1:$port" DEMO_RTSP_PORT=$rtsp "$SRC/tests/tools/demo.sh" >"$T/demo.out" 2>&1 &
demo=$!
wait_for 120 grep -q "Press Ctrl-C" "$T/demo.out" || { cat "$T/demo.out" >&2; fail "no demo"; }
cp "$T/demo.out" "$T/out"
for role in guard security_head ict operations_head staff police_liaison; do
	expect_out "ssh -F $T/demo/ssh_config $role"
done

note "the printed key command runs a command and opens the console"
ssh -F "$T/demo/ssh_config" -o BatchMode=yes guard whoami >"$T/out" 2>"$T/err" ||
	fail "guard could not log in: $(cat "$T/err")"
expect_out "guard (Demo Guard)"
ssh -F "$T/demo/ssh_config" -o BatchMode=yes guard cameras >"$T/out" 2>"$T/err" ||
	fail "cameras failed: $(cat "$T/err")"
expect_out "class-3a"
expect_out "interior"
SSH_PORT=$port
tmux_run d 80 24 "ssh -F $T/demo/ssh_config -t ict; echo '[exit '\$?']'; sleep 600"
wait_screen d "Demo ICT staff (ict)"

note "the printed password works"
pw=$(sed -n 's/^  staff  *\([A-Za-z0-9]*\)$/\1/p' "$T/demo.out")
[ -n "$pw" ] || fail "no password printed for staff"
export VIGIL_CONFIG="$T/demo/vigil.cfg"
DB="$T/demo/data/vigil.db"
expect_status 0 ssh_answer staff "$pw" whoami
expect_out "staff (Demo Staff)"

note "the recorder records all four simulated cameras"
for cam in gate-1 yard corridor-2 class-3a; do
	wait_for 60 sh -c "ssh -F '$T/demo/ssh_config' -o BatchMode=yes guard cameras |
		grep -q '^$cam .*online'" || fail "camera $cam never came online: $(cat "$T/demo/record.log")"
done
wait_for 60 sh -c "'$VIGIL' admin segments list --camera gate-1 | grep -q '^ *1 '" ||
	fail "no segment for gate-1: $("$VIGIL" admin segments list --camera gate-1 2>&1)"
expect_status 0 "$VIGIL" admin footage verify
expect_out "footage ok"
expect_out "being written by the running recorder"

note "stopping the demo stops the server, the recorder and the simulator"
kill -TERM "$demo"
wait "$demo" || true
grep -q "demo: stopped" "$T/demo.out" || fail "the demo did not say it stopped"
wait_count 30 "serve --config $T/demo/vigil.cfg" 0 || fail "vigil serve outlived the demo"
wait_count 30 "record --config $T/demo/vigil.cfg" 0 || fail "vigil record outlived the demo"
wait_count 30 "rtsp-sim.py --port $rtsp" 0 || fail "the simulator outlived the demo"
