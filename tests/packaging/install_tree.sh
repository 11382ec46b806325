# install_tree.sh — `make install DESTDIR=… PREFIX=…` puts every file where it belongs, and the installed vigil finds its profiles and catalogue.
# timeout: 300
. "$SRC/tests/lib.sh"
D="$T/dest"

note "make install into a scratch root"
make -C "$SRC" --no-print-directory install DESTDIR="$D" PREFIX=/usr >"$T/install.log" 2>&1 ||
	fail "make install failed: $(tail -n 20 "$T/install.log")"
for f in usr/bin/vigil usr/share/locale/zh_CN/LC_MESSAGES/vigil.mo \
    usr/share/man/man8/vigil.8 usr/share/man/man5/vigil.cfg.5 usr/share/man/man5/vigil-cameras.cfg.5 \
    usr/share/man/man5/vigil-policy.5 usr/share/man/man1/vigil-verify.1 \
    usr/share/doc/vigil/examples/vigil.cfg \
    usr/share/doc/vigil/examples/cameras.cfg usr/lib/systemd/system/vigil-record.service \
    usr/lib/systemd/system/vigil-serve.service usr/lib/systemd/system/vigil.target \
    usr/lib/tmpfiles.d/vigil.conf; do
	[ -f "$D/$f" ] || fail "make install did not install /$f"
done
[ -x "$D/usr/bin/vigil" ] || fail "the binary is not executable"
for p in "$SRC"/etc/policies/*.cfg; do
	cmp -s "$p" "$D/usr/share/vigil/policies/${p##*/}" || fail "policy ${p##*/} not installed"
done
grep -q "^ExecStart=/usr/bin/vigil record " "$D/usr/lib/systemd/system/vigil-record.service" ||
	fail "the unit does not run the installed binary"
bad=$(find "$D" -type f -perm /022)
[ -z "$bad" ] || fail "group- or world-writable files installed: $bad"

note "the release binary is hardened: PIE, full RELRO, stack protector, FORTIFY_SOURCE"
B="$D/usr/bin/vigil"
readelf -hldW "$B" >"$T/elf"
nm -D "$B" >"$T/syms"
grep -q 'Type: *DYN' "$T/elf" || fail "not a position-independent executable"
grep -q GNU_RELRO "$T/elf" || fail "no RELRO segment"
grep -q 'BIND_NOW' "$T/elf" || fail "not linked with -z now"
grep -q ' U __stack_chk_fail' "$T/syms" || fail "no stack protector"
grep -q ' U __[a-z]*_chk@' "$T/syms" || fail "no FORTIFY_SOURCE checks"

note "a PREFIX other than /usr reaches the units"
make -C "$SRC" --no-print-directory install DESTDIR="$T/local" >"$T/install2.log" 2>&1 ||
	fail "make install failed: $(tail -n 20 "$T/install2.log")"
grep -q "^ExecStart=/usr/local/bin/vigil serve " "$T/local/usr/local/lib/systemd/system/vigil-serve.service" ||
	fail "PREFIX=/usr/local: the unit does not run /usr/local/bin/vigil"

note "man -l renders every page, without a warning"
for m in $(find "$D/usr/share/man" -type f); do
	MANWIDTH=80 man --warnings -l "$m" >"$T/page" 2>"$T/warn" || fail "man -l $m failed: $(cat "$T/warn")"
	[ ! -s "$T/warn" ] || fail "man -l $m warns: $(cat "$T/warn")"
	name=$(basename "$m"); name=${name%.*}
	head -n 1 "$T/page" | grep -q "^$name(" || fail "$m does not render as $name: $(head -n 2 "$T/page")"
	grep -q "^SEE ALSO" "$T/page" || fail "$m has no SEE ALSO"
done

note "the installed binary finds its policy profiles and its Chinese catalogue"
unset VIGIL_POLICY_DIR
V="$D/usr/bin/vigil"
expect_status 0 "$V" admin init --dir "$T/site" --policy hhkcs
cmp -s "$T/site/policy.cfg" "$D/usr/share/vigil/policies/hhkcs.cfg" || fail "init did not use the installed profiles"
LANG=zh_CN.UTF-8 "$V" admin config get no.such >"$T/out" 2>"$T/err" || true
grep -q '[^ -~]' "$T/err" || fail "no Chinese message from the installed binary: $(cat "$T/err")"

note "the example vigil.cfg holds every setting and is valid; the example cameras pass the default profile"
E="$D/usr/share/doc/vigil/examples"
"$VIGIL" admin config list | awk '{print $1}' >"$T/keys"
while read -r k; do
	grep -q "^  ${k#*.} = " "$E/vigil.cfg" || fail "the example vigil.cfg lacks $k"
done <"$T/keys"
expect_status 0 "$VIGIL" admin --config "$E/vigil.cfg" config get paths.storage
expect_out "/var/lib/vigil/storage"
export VIGIL_POLICY_DIR="$SRC/etc/policies"
expect_status 0 "$VIGIL" admin init --dir "$T/ex"
cp "$E/cameras.cfg" "$T/ex/cameras.cfg"
expect_status 0 "$VIGIL" admin --config "$T/ex/vigil.cfg" camera list
expect_out "gate-1"
expect_out "class-3a"
