# units.sh — the systemd units pass systemd-analyze verify and score 2.0 or lower on systemd-analyze security.
# timeout: 300
. "$SRC/tests/lib.sh"
I="$T/inst"

# Installed under a PREFIX of their own, the units name a binary and man pages that
# exist, which is what `verify` checks besides the syntax.
make -C "$SRC" --no-print-directory install PREFIX="$I" >"$T/install.log" 2>&1 ||
	fail "make install failed: $(tail -n 20 "$T/install.log")"
U="$I/lib/systemd/system"

note "systemd-analyze verify"
MANPATH="$I/share/man" systemd-analyze verify "$U/vigil-record.service" "$U/vigil-serve.service" \
    "$U/vigil.target" >"$T/verify" 2>&1 || fail "systemd-analyze verify: $(cat "$T/verify")"
[ ! -s "$T/verify" ] || fail "systemd-analyze verify complains: $(cat "$T/verify")"

note "a unit with a mistake fails verify (the check can fail)"
sed 's/^Type=notify$/Type=notifyy/' "$U/vigil-record.service" >"$T/broken.service"
if MANPATH="$I/share/man" systemd-analyze verify "$T/broken.service" >"$T/verify2" 2>&1 &&
    [ ! -s "$T/verify2" ]; then
	fail "verify accepted Type=notifyy"
fi

# exposure UNIT : the overall exposure systemd-analyze gives it, e.g. 1.1.
exposure() {
	systemd-analyze security --offline=true "$1" 2>/dev/null |
	    sed -n 's/^→ Overall exposure level for .*: \([0-9.]*\) .*/\1/p'
}
note "systemd-analyze security --offline=true: 2.0 or lower"
for u in vigil-record.service vigil-serve.service; do
	e=$(exposure "$U/$u")
	[ -n "$e" ] || fail "no exposure for $u"
	awk -v e="$e" 'BEGIN { exit !(e <= 2.0) }' || fail "$u scores $e, above 2.0"
	echo "$u: $e"
	systemd-analyze security --offline=true --threshold=20 "$U/$u" >/dev/null 2>&1 ||
		fail "$u fails --threshold=20"
done
grep -v -e '^ProtectSystem=' -e '^CapabilityBoundingSet=' -e '^SystemCallFilter=' \
    "$U/vigil-record.service" >"$T/loose.service"
e=$(exposure "$T/loose.service")
awk -v e="$e" 'BEGIN { exit !(e > 2.0) }' || fail "a unit without its sandbox still scores $e"

note "what the issue asks of each unit"
want() {	# want UNIT LINE
	grep -qx -- "$2" "$U/$1" || fail "$1 lacks $2"
}
for u in vigil-record.service vigil-serve.service; do
	for l in Type=notify "WatchdogSec=60s" User=vigil ProtectSystem=strict \
	    "ReadWritePaths=/var/lib/vigil /var/log/vigil" PrivateTmp=yes ProtectHome=yes \
	    NoNewPrivileges=yes "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" \
	    SystemCallFilter=@system-service MemoryDenyWriteExecute=yes LockPersonality=yes \
	    Restart=on-failure "ConditionPathExists=/etc/vigil/vigil.cfg" PartOf=vigil.target; do
		want "$u" "$l"
	done
	grep -q '^Environment' "$U/$u" && fail "$u sets an environment"
done
want vigil-record.service "CapabilityBoundingSet="
want vigil-serve.service "CapabilityBoundingSet=CAP_NET_BIND_SERVICE"
want vigil-record.service 'ExecReload=/bin/kill -HUP $MAINPID'
want vigil.target "Wants=vigil-record.service vigil-serve.service"
