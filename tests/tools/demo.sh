#!/usr/bin/env bash
# demo.sh — `make demo`: a demo site in ./demo with one user per role, vigil serve on
# 127.0.0.1:2222 (and the recorder with simulated cameras when those are built), until Ctrl-C.
#
# $VIGIL is the binary (the Makefile sets it).  DEMO_DIR and DEMO_LISTEN override ./demo and
# 127.0.0.1:2222 (the e2e test runs the demo on a free port in its own directory).
set -euo pipefail
: "${VIGIL:?VIGIL must name the vigil binary}"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=${DEMO_DIR:-$PWD/demo}
LISTEN=${DEMO_LISTEN:-127.0.0.1:2222}
HOST=${LISTEN%:*}
PORT=${LISTEN##*:}
export VIGIL_POLICY_DIR="${VIGIL_POLICY_DIR:-$SRC/etc/policies}"
export LC_ALL=C.UTF-8 LANGUAGE=en
unset VIGIL_CLOCK_FILE || true
pids=()

stop() {
	trap - INT TERM EXIT
	echo
	echo "demo: stopping"
	for p in "${pids[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	echo "demo: stopped (the site stays in $DEMO; make demo starts a fresh one)"
	exit 0
}

# A demo directory from an earlier run is replaced; anything else is left alone.
if [ -e "$DEMO" ]; then
	if [ -f "$DEMO/vigil.cfg" ] || [ -z "$(ls -A "$DEMO")" ]; then
		rm -rf "$DEMO"
	else
		echo "demo: $DEMO exists and is not a demo site; move it away first" >&2
		exit 2
	fi
fi
"$VIGIL" admin init --dir "$DEMO" --policy default --site "Demo School" >/dev/null
export VIGIL_CONFIG="$DEMO/vigil.cfg"
"$VIGIL" admin config set ssh.listen "$LISTEN" >/dev/null
mkdir -m 700 "$DEMO/keys/users"

# Four cameras; one looks into a classroom (interior: never on the live wall).
cam() {
	"$VIGIL" admin camera add "$1" --url "rtsp://127.0.0.1:8554/$1" --name "$2" \
		--location "$3" --privacy "$4" --zone "$5" >/dev/null
}
cam gate-1 "Main gate" "North entrance" public entrance
cam yard "Playground" "Behind building A" public perimeter
cam corridor-2 "Corridor, 2nd floor" "Building A" sensitive corridor
cam class-3a "Classroom 3A" "Building B, room 301" interior classroom

# One user per role of the profile, each with a password and a key.
roles=$("$VIGIL" admin policy check "$DEMO/policy.cfg" |
	sed -n '/^roles:/,/^$/s/^  \([a-z_][a-z0-9_]*\) .*/\1/p')
declare -A password
for role in $roles; do
	login=$role
	pw=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-14)
	ssh-keygen -q -t ed25519 -N "" -C "$login@vigil-demo" -f "$DEMO/keys/users/$login" </dev/null
	title=$("$VIGIL" admin policy check "$DEMO/policy.cfg" |
		sed -n "/^roles:/,/^\$/s/^  $role  *\\(.*\\)/\\1/p" | sed 's/ \[register\]$//')
	printf '%s\n' "$pw" | "$VIGIL" admin user add "$login" --name "Demo $title" \
		--role "$role" --key "$DEMO/keys/users/$login.pub" --password-stdin >/dev/null
	"$VIGIL" admin authorize "$login" --trained-on "$(date +%Y-%m-%d)" \
		--scope "demo" >/dev/null
	password[$login]=$pw
done

trap stop INT TERM
trap 'stop' EXIT

# The recorder and the camera simulator are built on another branch; they run here when
# they exist.  The simulator's command line below is a placeholder until that branch is
# merged: check it against tests/tools/rtsp-sim*.
sim=$(ls "$SRC"/tests/tools/rtsp-sim* 2>/dev/null | head -n 1 || true)
if [ -n "$sim" ] && "$VIGIL" help 2>&1 | grep -q "vigil record"; then
	"$sim" --port 8554 gate-1 yard corridor-2 class-3a >"$DEMO/sim.log" 2>&1 &
	pids+=($!)
	"$VIGIL" record --config "$DEMO/vigil.cfg" >"$DEMO/record.log" 2>&1 &
	pids+=($!)
	recorder="recording four simulated cameras (logs: $DEMO/record.log, $DEMO/sim.log)"
else
	recorder="no recorder in this build: the cameras show as unknown"
fi

"$VIGIL" serve --config "$DEMO/vigil.cfg" 2>"$DEMO/serve.log" &
serve=$!
pids+=($serve)
for _ in $(seq 1 100); do
	grep -q "listening on" "$DEMO/serve.log" && break
	if ! kill -0 "$serve" 2>/dev/null; then
		cat "$DEMO/serve.log" >&2
		echo "demo: vigil serve did not start (is $LISTEN free?)" >&2
		exit 1
	fi
	sleep 0.1
done

# An ssh_config for short commands: `ssh -F demo/ssh_config guard`.
shown=$DEMO
case $DEMO in "$PWD"/*) shown=${DEMO#"$PWD"/} ;; esac
{
	printf 'Host *\n  HostName %s\n  Port %s\n  IdentitiesOnly yes\n' "$HOST" "$PORT"
	printf '  UserKnownHostsFile %s/known_hosts\n  StrictHostKeyChecking accept-new\n' "$DEMO"
	for role in $roles; do
		printf 'Host %s\n  User %s\n  IdentityFile %s/keys/users/%s\n' "$role" "$role" \
			"$DEMO" "$role"
	done
} >"$DEMO/ssh_config"

cat <<EOF

vigil demo: site "Demo School" in $shown; $recorder.
The server listens on $LISTEN (log: $shown/serve.log).

Connect with a key — the console, or a command after the name:
EOF
for role in $roles; do
	printf '  ssh -F %s/ssh_config %s\n' "$shown" "$role"
done
cat <<EOF
  (the same, spelled out: ssh -p $PORT -i $shown/keys/users/guard guard@$HOST)

or with a password: ssh -F $shown/ssh_config -o PubkeyAuthentication=no LOGIN
EOF
for role in $roles; do
	printf '  %-17s %s\n' "$role" "${password[$role]}"
done
cat <<EOF

Try:   ssh -F $shown/ssh_config guard cameras
Keys in the console: arrows or j/k move, Enter opens, / filters, s sorts, ? helps,
Esc goes back, q quits.  Press Ctrl-C here to stop the demo.
EOF
wait "$serve" || true
