#!/bin/sh
# deb-under-systemd.sh — run by systemd inside the container tests/packaging/deb.sh boots
# (systemd-nspawn, the host's tree under a throw-away overlay): installs the package, makes
# a system site, starts vigil.target and checks what the units do under real systemd.
# Everything it needs is in /ci (written by deb.sh): vigil.deb, key.pub, env (SSH_PORT,
# CAM_URL); it writes /ci/out/result ("ALL OK" or the first failure), then powers off.
# It removes a site and installs a package: never anywhere but in that container.
[ "$(systemd-detect-virt --container 2>/dev/null)" = systemd-nspawn ] && [ -d /ci/out ] || {
	echo "deb-under-systemd.sh runs only inside tests/packaging/deb.sh's container" >&2
	exit 1
}
exec >/ci/out/run.log 2>&1
set -x
. /ci/env
done_with() {
	echo "$1" >/ci/out/result
	journalctl --no-pager -u vigil-serve -u vigil-record >/ci/out/journal.txt 2>&1
	systemctl status --no-pager vigil-serve vigil-record >/ci/out/status.txt 2>&1
	systemctl poweroff --no-block
	exit 0
}
fail() { done_with "FAIL: $*"; }
# active UNIT : the unit is active and its main process runs as vigil.
active() {
	[ "$(systemctl is-active "$1")" = active ] || fail "$1 is $(systemctl is-active "$1")"
	pid=$(systemctl show -p MainPID --value "$1")
	[ "$(stat -c %U "/proc/$pid")" = vigil ] || fail "$1 runs as $(stat -c %U "/proc/$pid")"
}

export DEBIAN_FRONTEND=noninteractive
# A machine that runs vigil itself: its site is not this test's (the overlays keep it).
rm -rf /etc/vigil /var/lib/vigil /var/log/vigil
dpkg -i /ci/vigil.deb || fail "dpkg -i failed"
getent passwd vigil || fail "the package made no vigil user"
systemctl is-enabled vigil.target || fail "vigil.target is not enabled: $(systemctl is-enabled vigil.target)"
vigil admin init --system --policy default --site "CI School" || fail "admin init --system failed"
vigil admin config set ssh.listen "127.0.0.1:$SSH_PORT" || fail "cannot set ssh.listen"
vigil admin config set recorder.segment_seconds 4 || fail "cannot set the segment length"
vigil admin user add ann --name "Ann Staff" --role staff --key /ci/key.pub || fail "cannot add a user"
vigil admin camera add gate-1 --url "$CAM_URL" --name "Gate" || fail "cannot add a camera"

systemctl start vigil.target || fail "systemctl start vigil.target failed"
active vigil-serve.service
active vigil-record.service
# Type=notify: started means READY=1 came, so the server listens already.
journalctl --no-pager -u vigil-serve | grep -q "listening on 127.0.0.1:$SSH_PORT" ||
	fail "vigil-serve is started but does not say it listens"
journalctl --no-pager -u vigil-serve |
	grep -q "connection processes run as user vigil, no file access (Landlock ABI" ||
	fail "connection processes are not confined by Landlock under the unit"

ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
    -i /ci/key -p "$SSH_PORT" ann@127.0.0.1 whoami >/ci/out/whoami 2>&1 ||
	fail "ssh whoami failed: $(cat /ci/out/whoami)"
grep -q ann /ci/out/whoami || fail "whoami said: $(cat /ci/out/whoami)"

# The recorder writes footage where ProtectSystem=strict lets it, and indexes it.
i=0
while [ "$(sqlite3 /var/lib/vigil/data/vigil.db 'SELECT COUNT(*) FROM segments' 2>/dev/null)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "no footage recorded in 60 s"
	sleep 1
done
seg=$(sqlite3 /var/lib/vigil/data/vigil.db 'SELECT path FROM segments LIMIT 1')
[ "$(find /var/lib/vigil/storage -name '*.mp4' -user vigil | wc -l)" -ge 2 ] ||
	fail "no segment files owned by vigil under /var/lib/vigil/storage"
vigil admin footage verify || fail "footage verify failed"

# ExecReload (SIGHUP) keeps the recorder, and the watchdog keeps it alive.
pid=$(systemctl show -p MainPID --value vigil-record)
systemctl reload vigil-record || fail "systemctl reload vigil-record failed"
sleep 2
active vigil-record.service
[ "$(systemctl show -p MainPID --value vigil-record)" = "$pid" ] || fail "reload restarted the recorder"

# Stopping the target stops both (PartOf=); the target's job does not wait for theirs.
systemctl stop vigil.target || fail "systemctl stop vigil.target failed"
for u in vigil-serve vigil-record; do
	i=0
	while [ "$(systemctl show -p ActiveState --value "$u")" = deactivating ] && [ $i -lt 40 ]; do
		i=$((i + 1))
		sleep 1
	done
	st=$(systemctl show -p ActiveState --value "$u")
	[ "$st" = inactive ] || fail "$u ended $st, not inactive: $(systemctl show -p Result --value "$u")"
	[ "$(systemctl show -p Result --value "$u")" = success ] ||
		fail "$u stopped with $(systemctl show -p Result --value "$u")"
done
echo "segment: $seg"
done_with "ALL OK"
