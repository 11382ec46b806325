# deb.sh — `make deb` builds the package; lintian finds no error; its contents, scripts and units are what a site needs; installed in a container under real systemd, vigil.target runs.
# timeout: 600
. "$SRC/tests/lib.sh"

note "make deb (dpkg-buildpackage, debhelper 13)"
start=$(date +%s)
make -C "$SRC" --no-print-directory deb B="$T/b" >"$T/deb.log" 2>&1 || fail "make deb failed: $(tail -n 30 "$T/deb.log")"
echo "make deb took $(($(date +%s) - start)) s"
DEB=$(ls "$T"/b/deb/vigil_*_*.deb)
[ -f "$DEB" ] || fail "no .deb in $T/b/deb"

note "lintian: no errors"
lintian --fail-on error "$DEB" >"$T/lintian" 2>&1 || fail "lintian: $(cat "$T/lintian")"
cat "$T/lintian"

note "control: dependencies from the shared libraries"
dpkg-deb -I "$DEB" >"$T/info"
for lib in libavformat libssh-4 libsqlite3-0 libsodium libconfig libncursesw6 adduser; do
	grep "^ Depends:" "$T/info" | grep -q "$lib" || fail "Depends lacks $lib: $(grep Depends "$T/info")"
done

note "contents"
dpkg-deb -c "$DEB" | awk '{print $1, $6}' >"$T/contents"
for f in "-rwxr-xr-x ./usr/bin/vigil" ./lib/systemd/system/vigil-record.service \
    ./lib/systemd/system/vigil-serve.service ./lib/systemd/system/vigil.target \
    ./usr/lib/tmpfiles.d/vigil.conf ./usr/share/vigil/policies/hhkcs.cfg \
    ./usr/share/locale/zh_CN/LC_MESSAGES/vigil.mo ./usr/share/man/man8/vigil.8.gz \
    ./usr/share/man/man5/vigil.cfg.5.gz ./usr/share/man/man5/vigil-cameras.cfg.5.gz \
    ./usr/share/man/man5/vigil-policy.5.gz ./usr/share/man/man1/vigil-verify.1.gz \
    ./usr/share/doc/vigil/examples/vigil.cfg \
    ./usr/share/doc/vigil/examples/cameras.cfg ./usr/share/doc/vigil/copyright; do
	grep -q -- "${f}$" "$T/contents" || fail "the package lacks $f"
done
if grep -q -e ' ./etc/vigil' -e ' ./var/' -e ' ./run/' "$T/contents"; then
	fail "the package ships site directories; postinst and init --system make them"
fi

note "postinst: the vigil user before the tmpfiles and the units"
dpkg-deb -e "$DEB" "$T/ctl"
P="$T/ctl/postinst"
sh -n "$P" || fail "postinst is not valid sh"
line() { grep -n -m 1 -- "$1" "$P" | cut -d: -f1; }
[ -n "$(line 'adduser --system --group')" ] || fail "postinst makes no vigil user"
[ -n "$(line 'systemd-tmpfiles .*--create vigil.conf')" ] || fail "postinst does not create /run/vigil"
[ -n "$(line 'deb-systemd-helper')" ] || fail "postinst does not enable the units"
[ "$(line 'adduser --system')" -lt "$(line 'systemd-tmpfiles .*--create vigil.conf')" ] ||
	fail "postinst runs tmpfiles before the vigil user exists"
grep -q 'install -d -o vigil -g vigil -m 0750' "$P" || fail "postinst does not make the site's directories"

note "the packaged units score 2.0 or lower"
X="$T/x"
dpkg-deb -x "$DEB" "$X"
for u in vigil-record.service vigil-serve.service; do
	systemd-analyze security --offline=true --threshold=20 "$X/lib/systemd/system/$u" >"$T/sec" 2>&1 ||
		fail "$u: $(tail -n 3 "$T/sec")"
	tail -n 1 "$T/sec"
done

note "the packaged binary makes a system site in a scratch root with its own profiles"
unset VIGIL_POLICY_DIR
if [ "$(id -u)" = 0 ]; then owner=daemon; else owner=$(id -un); fi
chmod 0711 "$T"	# root's admin commands work as the site's owner, who must reach it
expect_status 0 "$X/usr/bin/vigil" admin init --system --root "$T/site" --user "$owner" --policy gcu
cmp -s "$T/site/etc/vigil/policy.cfg" "$X/usr/share/vigil/policies/gcu.cfg" || fail "not the packaged gcu profile"
expect_status 0 "$X/usr/bin/vigil" admin --config "$T/site/etc/vigil/vigil.cfg" audit verify

note "under real systemd (a container of this machine's tree): install, init, vigil.target"
# systemd is not PID 1 here; systemd-nspawn boots it in a container of this machine's
# tree.  The host network is shared: the camera simulator runs here, the container's
# server listens on a free port of its own.
command -v systemd-nspawn >/dev/null ||
	fail "systemd-nspawn is missing (packaging/install-deps.sh installs systemd-container)"
. "$SRC/tests/lib-rtsp.sh"	# its EXIT trap stops the simulator
C="$T/ci"
mkdir -p "$C/out"
cp "$DEB" "$C/vigil.deb"
ssh-keygen -q -t ed25519 -N "" -f "$C/key" </dev/null
sim_start s gate-1=h264
printf 'SSH_PORT=%s\nCAM_URL=%s\n' "$(free_port)" "$(sim_url s gate-1)" >"$C/env"
cat >"$C/vigil-ci.service" <<'UNIT'
[Unit]
Description=vigil packaging test under systemd
After=multi-user.target
[Service]
Type=oneshot
ExecStart=/bin/sh /ci/run.sh
UNIT
cp "$SRC/tests/tools/deb-under-systemd.sh" "$C/run.sh"
start=$(date +%s)
# The root a tmpfs, /usr, /etc and /var this machine's under overlays whose upper layers
# nspawn makes and throws away: dpkg -i, adduser and the site change nothing here.
# nspawn's own seccomp filter refuses Landlock unless told (vigil serve would then warn,
# which the script inside counts as a failure).
timeout --kill-after=10 240 systemd-nspawn -q -D / --volatile=yes --overlay=/usr::/usr \
    --overlay=/etc::/etc --overlay=/var::/var --register=no --keep-unit \
    --system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" \
    --machine "vigil-ci-$$" --bind="$C:/ci" \
    --bind-ro="$C/vigil-ci.service:/etc/systemd/system/vigil-ci.service" \
    -b -- systemd.wants=vigil-ci.service >"$T/boot.log" 2>&1 || true
echo "the container ran $(($(date +%s) - start)) s"
[ -s "$C/out/result" ] || fail "the container gave no result: $(tail -n 30 "$T/boot.log") $(tail -n 30 "$C/out/run.log" 2>/dev/null)"
if [ "$(cat "$C/out/result")" != "ALL OK" ]; then
	cat "$C/out/status.txt" "$C/out/journal.txt" 2>/dev/null | tail -n 60
	fail "under systemd: $(cat "$C/out/result") (run.log: $(tail -n 20 "$C/out/run.log"))"
fi
grep "segment:" "$C/out/run.log"
