# lib-gov.sh — helpers for the governance scenario tests (tests/gov); source after lib.sh.
#
# Every user command goes through `as LOGIN COMMAND...`, which runs it with the
# real OpenSSH client against `vigil serve` (started by gov_site), logging in
# with the user's own key; the arguments are quoted for the server's command
# splitter by gov_quote.
. "$SRC/tests/lib-ssh.sh"

# gov_quote ARGS... : one string the server's splitter turns back into ARGS.
gov_quote() {
	local out="" a
	for a in "$@"; do
		a=${a//\\/\\\\}
		a=${a//\"/\\\"}
		out="$out \"$a\""
	done
	printf '%s' "${out# }"
}

# as LOGIN COMMAND... : runs one command as that user over SSH.
as() {
	local login=$1
	shift
	ssh_key "$login" "$(gov_quote "$@")"
}

# gov_site POLICY : a fresh site with the clock frozen at 2026-03-02 09:00 UTC.
gov_site() {
	export VIGIL_CLOCK_FILE="$T/clock"
	clock_at "2026-03-02 09:00"
	new_site "$1"
	serve_start
}

# clock_at "YYYY-MM-DD HH:MM" : moves the frozen clock (UTC, like the site).
clock_at() {
	echo "@$(date -u -d "$1" +%s)" >"$VIGIL_CLOCK_FILE"
}

# clock_days N : moves the clock N days forward.
clock_days() {
	local now
	now=$(sed 's/^@//' "$VIGIL_CLOCK_FILE")
	echo "@$((now + $1 * 86400))" >"$VIGIL_CLOCK_FILE"
}

# user LOGIN ROLE[,ROLE] [UNIT] [AGENCY] : adds a user (an outside body's liaison has
# an AGENCY and no UNIT); roles that need the register are authorised (trained the
# day before).
user() {
	local login=$1 roles=$2 unit=${3:-} agency=${4:-} args=()
	local IFS=,
	for r in $roles; do args+=(--role "$r"); done
	unset IFS
	if [ -n "$unit" ]; then args+=(--unit "$unit"); fi
	if [ -n "$agency" ]; then args+=(--agency "$agency"); fi
	keygen "$login"
	printf 'correct horse battery\n' | "$VIGIL" admin user add "$login" --name "${login^} Test" \
	    "${args[@]}" --key "$T/$login.pub" --password-stdin >/dev/null ||
	    fail "cannot add user $login"
	"$VIGIL" admin authorize "$login" --trained-on 2026-02-01 >/dev/null || fail "cannot authorise $login"
}

# camera ID PRIVACY ZONE [UNIT] : adds a camera.
camera() {
	local args=(--url "rtsp://192.0.2.1/$1" --name "Camera $1" --privacy "$2")
	if [ -n "$3" ]; then args+=(--zone "$3"); fi
	if [ -n "${4:-}" ]; then args+=(--unit "$4"); fi
	"$VIGIL" admin camera add "$1" "${args[@]}" >/dev/null || fail "cannot add camera $1"
}

# ok LOGIN COMMAND... : the command succeeds; its output is in $T/out.
ok() {
	expect_status 0 as "$@"
}

# gov_state FILE : everything in the database except what logging in over SSH
# writes by itself (login attempts, sessions, and their audit entries), so that
# a refused command can be shown to have changed nothing (seal rows, which
# follow every audit.seal_every entries whatever they are, are left out too).
# One sqlite3 for the whole dump: a refusal takes two of these, and a process
# per table made them most of the governance suites' time.
gov_state() {
	local t
	{
		for t in $(sqlw "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN
		    ('audit', 'login_attempts', 'sessions') ORDER BY name"); do
			echo ".dump $t"
		done
		echo "SELECT id, actor, action, object, detail FROM audit WHERE action NOT LIKE 'auth.%'
		    AND action NOT LIKE 'session.%' AND action NOT LIKE 'ssh.%'
		    AND kind <> 'seal' ORDER BY id;"
	} | sqlite3 -batch -cmd ".timeout 20000" "$DB" >"$1"
}

# refuse STATUS "MESSAGE" LOGIN COMMAND... : the command exits STATUS with
# MESSAGE on stderr, and the database is exactly as it was.
refuse() {
	local want=$1 msg=$2
	shift 2
	gov_state "$T/before"
	expect_status "$want" as "$@"
	expect_err "$msg"
	gov_state "$T/after"
	assert_same_db "$T/before" "$T/after"
}

# ref : the reference `request new` printed on its first line.
ref() {
	head -n 1 "$T/out"
}

# status_of REF : a request's stored status.
status_of() {
	sql "SELECT status FROM requests WHERE ref = '$1'"
}

expect_status_of() {
	local got
	got=$(status_of "$1")
	[ "$got" = "$2" ] || fail "$1 is $got, expected $2"
}

# audited ACTION OBJECT : at least one audit entry of this action on this object.
audited() {
	[ "$(sql "SELECT COUNT(*) FROM audit WHERE action = '$1' AND object = '$2'")" -ge 1 ] ||
	    fail "no audit entry $1 on $2"
}

# json_check PYTHON-EXPR : evaluates EXPR with d = the JSON in $T/out.
json_check() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert eval(sys.argv[2]), d' \
	    "$T/out" "$1" || fail "JSON check failed: $1"
}

# footage CAMERA FROM TO : an indexed segment of CAMERA over [FROM, TO) (site times,
# "YYYY-MM-DD HH:MM"), as the recorder would have indexed it, so that a viewing has
# something to play.  Only the index row: no file is written.
footage() {
	local from to seq
	from=$(date -u -d "$2" +%s)000000
	to=$(date -u -d "$3" +%s)000000
	seq=$(sqlw "SELECT COALESCE(MAX(seq), 0) + 1 FROM segments WHERE camera = '$1'")
	sqlw "INSERT INTO segments (camera, seq, start_us, end_us, path, bytes, sha256, prev_chain,
	    chain) VALUES ('$1', $seq, $from, $to, '$1/test/$1-$seq.mp4', 1, '', '', '')"
}
