#!/usr/bin/env bash
# demo.sh — `make demo`: a demo site in ./demo with one user per role, vigil serve on
# 127.0.0.1:2222, and the recorder with four simulated cameras on RTSP port 8554, until Ctrl-C.
#
# $VIGIL is the binary (the Makefile sets it).  DEMO_DIR and DEMO_LISTEN override ./demo and
# 127.0.0.1:2222, DEMO_RTSP_PORT the simulator's 8554 (the e2e test runs the demo on free
# ports in its own directory).
set -euo pipefail
: "${VIGIL:?VIGIL must name the vigil binary}"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=${DEMO_DIR:-$PWD/demo}
LISTEN=${DEMO_LISTEN:-127.0.0.1:2222}
HOST=${LISTEN%:*}
PORT=${LISTEN##*:}
RTSP_PORT=${DEMO_RTSP_PORT:-8554}
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
# Short segments and frequent frames, so the demo shows footage within seconds.
"$VIGIL" admin config set recorder.segment_seconds 10 >/dev/null
"$VIGIL" admin config set recorder.thumb_interval_s 2 >/dev/null
mkdir -m 700 "$DEMO/keys/users"

# Four cameras; one looks into a classroom (interior: never on the live wall).
cam() {
	"$VIGIL" admin camera add "$1" --url "rtsp://127.0.0.1:$RTSP_PORT/$1" --name "$2" \
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
	extra=()	# the police liaison is the police's: their copies go to no other body
	if [ "$role" = police_liaison ]; then extra=(--agency police); fi
	printf '%s\n' "$pw" | "$VIGIL" admin user add "$login" --name "Demo $title" \
		--role "$role" "${extra[@]}" --key "$DEMO/keys/users/$login.pub" --password-stdin >/dev/null
	"$VIGIL" admin authorize "$login" --trained-on "$(date +%Y-%m-%d)" \
		--scope "demo" >/dev/null
	password[$login]=$pw
done

trap stop INT TERM
trap 'stop' EXIT

# The camera simulator (GStreamer's RTSP server) plays four short clips made with ffmpeg,
# each in a loop; they are kept in build/demo-clips so the next demo starts at once.
clips="$SRC/build/demo-clips"
mkdir -p "$clips"
democlip() {	# democlip NAME LAVFI-SOURCE : an H.264 MPEG-TS clip, 20 s, keyframe every 2 s
	[ -s "$clips/$1.ts" ] && return
	echo "demo: making the $1 clip with ffmpeg"
	ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "$2" -t 20 \
		-c:v libx264 -preset ultrafast -tune zerolatency -bf 0 -g 50 -pix_fmt yuv420p \
		-f mpegts "$clips/$1.ts.tmp" && mv "$clips/$1.ts.tmp" "$clips/$1.ts"
}
# Steady scenes with something moving in them: a scene that changes as a whole looks to
# the tamper check like a camera turned away (moved).
democlip gate-v2 "testsrc2=s=640x360:r=25"
democlip yard-v2 "rgbtestsrc=s=640x360:r=25,drawbox=x='mod(t*60,600)':y=250:w=40:h=80:c=yellow:t=fill"
democlip corridor-v2 "smptehdbars=s=640x360:r=25,drawbox=x='mod(t*80,640)':y=120:w=60:h=120:c=white@0.8:t=fill"
democlip class-v2 "pal75bars=s=640x360:r=25,drawbox=x='280+120*sin(t)':y=140:w=60:h=110:c=black@0.7:t=fill"
/usr/bin/python3 "$SRC/tests/tools/rtsp-sim.py" --port "$RTSP_PORT" --tag "$DEMO" \
	--mount "gate-1=$clips/gate-v2.ts" --mount "yard=$clips/yard-v2.ts" \
	--mount "corridor-2=$clips/corridor-v2.ts" --mount "class-3a=$clips/class-v2.ts" \
	>"$DEMO/sim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
	grep -q "^ready" "$DEMO/sim.log" && break
	sleep 0.1
done
grep -q "^ready" "$DEMO/sim.log" || {
	cat "$DEMO/sim.log" >&2
	echo "demo: the camera simulator did not start (is port $RTSP_PORT free?)" >&2
	exit 1
}
"$VIGIL" record --config "$DEMO/vigil.cfg" >"$DEMO/record.log" 2>&1 &
pids+=($!)

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

vigil demo: site "Demo School" in $shown, recording four simulated cameras
(rtsp://127.0.0.1:$RTSP_PORT/...; footage in $shown/storage, logs $shown/record.log and
$shown/sim.log).  The server listens on $LISTEN (log: $shown/serve.log).

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
